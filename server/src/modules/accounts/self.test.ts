import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login } from '../../test/harness.ts';
import { makeIdNumber } from '../people/index.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
const signup = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/self/signup', payload: body });

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
});
afterAll(async () => t?.close());

describe('self-service sign-up', () => {
  it('registers a person with an account that has no grants and sees only itself', async () => {
    const idNumber = makeIdNumber('430421', '2006-05-04', 11, 'F');
    const res = await signup({ username: 'xiaoli', password: 'abc12345', name: '李小丽', idNumber, phone: '13800001111', orgId: w.branchA.id });
    expect(res.statusCode).toBe(201);
    const me = await login(t.app, 'xiaoli', 'abc12345');
    const profile = (await me.get('/api/v1/self/profile')).json();
    expect(profile.person).toMatchObject({ name: '李小丽', birthDate: '2006-05-04', gender: 'F', idNumber: `4304**********${idNumber.slice(-4)}` });
    expect((await me.get(`/api/v1/orgs/${w.branchA.id}`)).statusCode).toBe(403);
    expect((await me.get('/api/v1/auth/me')).json().grants).toEqual([]);
  });

  it('refuses a bad ID number, a taken username and a claimed or misnamed person', async () => {
    const bad = await signup({ username: 'baduser', password: 'abc12345', name: '王五', idNumber: '430421200605041234', orgId: w.branchA.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('idNumber');
    const idNumber = makeIdNumber('430421', '2005-01-02', 21, 'M');
    expect((await signup({ username: 'xiaoli', password: 'abc12345', name: '王五', idNumber, orgId: w.branchA.id })).statusCode).toBe(409);
    // The branch already keeps this person: the right name links, a wrong one is refused.
    const admin = await login(t.app, w.users.adminA, password);
    expect((await admin.post('/api/v1/people', { orgId: w.branchA.id, name: '张三', idNumber })).statusCode).toBe(201);
    expect((await signup({ username: 'notzhang', password: 'abc12345', name: '李四', idNumber, orgId: w.branchA.id })).statusCode).toBe(409);
    expect((await signup({ username: 'zhangsan', password: 'abc12345', name: '张三', idNumber, orgId: w.branchA.id })).statusCode).toBe(201);
    expect((await signup({ username: 'zhangsan2', password: 'abc12345', name: '张三', idNumber, orgId: w.branchA.id })).statusCode).toBe(409);
  });

  it('a staff account without a person is told so, with a code other modules share', async () => {
    const admin = await login(t.app, w.users.adminA, password);
    const res = await admin.get('/api/v1/self/member-applications');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'accounts.no_person', field: 'personId' });
  });

  it('lets anyone find league organizations by name, and nothing more', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/orgs?q=${encodeURIComponent('甲村')}` });
    expect(res.json().items).toEqual([{ id: w.branchA.id, name: '甲村团支部', kind: 'branch' }]);
  });
});
