import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login } from '../../test/harness.ts';
import { makeIdNumber } from '../people/index.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
const pw = 'Qingnian#2026';
let ip = 20;
const signup = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/self/signup', payload: { password: pw, ...body }, headers: { 'x-forwarded-for': `10.9.0.${ip++}` } });
const signIn = (username: string, secret = pw) => login(t.app, username, secret, { ip: `10.9.1.${ip++}` });

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
});
afterAll(async () => t?.close());

describe('self-service sign-up', () => {
  it('registers a person with an account that has no grants and sees only itself', async () => {
    const idNumber = makeIdNumber('430421', '2006-05-04', 11, 'F');
    const res = await signup({ username: 'xiaoli', name: '李小丽', idNumber, phone: '13800001111', orgId: w.branchA.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'active', personId: expect.any(String) });
    const me = await signIn('xiaoli');
    const profile = (await me.get('/api/v1/self/profile')).json();
    expect(profile.person).toMatchObject({ name: '李小丽', birthDate: '2006-05-04', gender: 'F', idNumber: `4304**********${idNumber.slice(-4)}` });
    expect(profile.linkPending).toBe(false);
    expect((await me.get(`/api/v1/orgs/${w.branchA.id}`)).statusCode).toBe(403);
    expect((await me.get('/api/v1/auth/me')).json().grants).toEqual([]);
  });

  it('refuses a bad ID number and a taken username', async () => {
    const bad = await signup({ username: 'baduser', name: '王五', idNumber: '430421200605041234', orgId: w.branchA.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('idNumber');
    const idNumber = makeIdNumber('430421', '2005-01-02', 21, 'M');
    const taken = await signup({ username: 'xiaoli', name: '王五', idNumber, orgId: w.branchA.id });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().field).toBe('username');
  });

  it('refuses a password built from the username or the phone', async () => {
    const idNumber = makeIdNumber('430421', '2004-03-02', 31, 'M');
    for (const password of ['zhangwei2026', 'Zw13800002222']) {
      const res = await signup({ username: 'zhangwei2026', name: '张伟', idNumber, phone: '13800002222', orgId: w.branchA.id, password });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'password' });
    }
  });

  // Issue 8, finding 3: an ID number on file answered 409 (and a matching name linked anyone to the record).
  it('an ID number on file: the same pending answer whatever the name or claims, and a request to the keeping org', async () => {
    const idNumber = makeIdNumber('430421', '2005-01-02', 23, 'M');
    const admin = await signIn(w.users.adminB, password);
    const kept = await admin.post('/api/v1/people', { orgId: w.townB.id, name: '张三', idNumber, phone: '13911112222' });
    expect(kept.statusCode).toBe(201);
    const answers = [];
    for (const [username, name] of [
      ['notzhang', '李四'],
      ['zhangsan', '张三'],
      ['zhangsan2', '张三'],
    ] as const) {
      const res = await signup({ username, name, idNumber, orgId: w.branchA.id });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ status: 'pending_link', personId: null });
      for (const secret of [kept.json().id, '张', w.townB.name, '2222', '2005-01-02']) expect(res.body).not.toContain(secret);
      answers.push(Object.keys(res.json()).sort());
    }
    expect(new Set(answers.map((a) => a.join())).size).toBe(1);
    // Not linked on the caller's word: no person until the keeping org accepts.
    const zhang = await signIn('zhangsan');
    expect((await zhang.get('/api/v1/self/profile')).json()).toEqual({ person: null, linkPending: true });
    expect((await zhang.get('/api/v1/self/volunteer')).json()).toMatchObject({ code: 'accounts.no_person' });

    const requests = (await admin.get('/api/v1/people/link-requests?purpose=account')).json().items as {
      id: string;
      requestedByName: string;
      typedName: string;
      nameMatches: boolean;
    }[];
    const byUser = (u: string) => requests.find((r) => r.requestedByName === u);
    expect(byUser('notzhang')).toMatchObject({ typedName: '李四', nameMatches: false });
    const ok = await admin.post(`/api/v1/people/link-requests/${byUser('zhangsan')?.id}/accept`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await zhang.get('/api/v1/self/profile')).json()).toMatchObject({ person: { id: kept.json().id, name: '张三' }, linkPending: false });
    const linked = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'account.linked'), eq(auditEvent.actorUsername, w.users.adminB)));
    expect(linked).toHaveLength(1);
    // One account per person: a second claim cannot be accepted, only declined.
    const second = await admin.post(`/api/v1/people/link-requests/${byUser('zhangsan2')?.id}/accept`, {});
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'people.link_claimed', field: 'personId' });
    expect((await admin.post(`/api/v1/people/link-requests/${byUser('notzhang')?.id}/decline`, { reason: '姓名不符' })).statusCode).toBe(200);
    // The sign-up audit (in the sign-up org's scope) names no person kept elsewhere.
    const signedUp = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'account.signed_up'));
    expect(JSON.stringify(signedUp)).not.toContain(kept.json().id);
  });

  it('a staff account without a person is told so, with a code other modules share', async () => {
    const admin = await signIn(w.users.adminA, password);
    const res = await admin.get('/api/v1/self/member-applications');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'accounts.no_person', field: 'personId' });
  });

  it('lets anyone find league organizations by name, and nothing more', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/orgs?q=${encodeURIComponent('甲村')}` });
    expect(res.json().items).toEqual([{ id: w.branchA.id, name: '甲村团支部', kind: 'branch' }]);
  });
});
