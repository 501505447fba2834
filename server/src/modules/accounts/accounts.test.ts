import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { makeIdNumber } from '../people/index.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let ipSeq = 0;
const signIn = (username: string, pw = password) => login(t.app, username, pw, { ip: `10.1.0.${++ipSeq}` });
const me = (c: TestClient) => c.get('/api/v1/auth/me');

async function accountId(username: string): Promise<string> {
  const [a] = await t.db.select({ id: account.id }).from(account).where(eq(account.username, username));
  if (!a) throw new Error(`no account ${username}`);
  return a.id;
}
async function grantIds(username: string): Promise<string[]> {
  const id = await accountId(username);
  const rows = await t.db
    .select({ id: accessGrant.id })
    .from(accessGrant)
    .where(and(eq(accessGrant.accountId, id), eq(accessGrant.status, 'active')));
  return rows.map((r) => r.id);
}
async function actionsOn(entityId: string): Promise<string[]> {
  return (await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, entityId))).map((e) => e.action);
}

const newAccount = (over: Record<string, unknown> = {}) => ({
  username: `u${Math.random().toString(36).slice(2, 10)}`,
  displayName: '新账号',
  orgId: w.townA.id,
  password: 'Good-pass-2026',
  role: 'cadre',
  grantOrgId: w.townA.id,
  ...over,
});

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await signIn(w.users.adminA);
});
afterAll(async () => t?.close());

describe('creating accounts', () => {
  it('a county A admin creates an account in county A; it can sign in with the grant it was given', async () => {
    const body = newAccount({ username: 'towncadre', displayName: '镇团干部' });
    const res = await adminA.post('/api/v1/accounts', body);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ username: 'towncadre', displayName: '镇团干部', orgId: w.townA.id, status: 'active' });
    expect(a.grants).toEqual([expect.objectContaining({ role: 'cadre', orgId: w.townA.id, roleLabel: '团干部' })]);
    expect(JSON.stringify(a)).not.toMatch(/password|argon/i);
    const c = await signIn('towncadre', 'Good-pass-2026');
    const m = (await me(c)).json();
    expect(m.account.mustChangePassword).toBe(true);
    expect(m.permissions).toContain('person.write');
    expect(m.permissions).not.toContain('account.manage');
    expect(await actionsOn(a.id)).toContain('account.created');
  });

  it('cannot create an account in county B (404), nor grant on an org outside its scope', async () => {
    const inB = await adminA.post('/api/v1/accounts', newAccount({ username: 'intruder1', orgId: w.townB.id, grantOrgId: w.townB.id }));
    expect(inB.statusCode).toBe(404);
    const grantInB = await adminA.post('/api/v1/accounts', newAccount({ username: 'intruder2', grantOrgId: w.townB.id }));
    expect(grantInB.statusCode).toBe(404);
    const grantAbove = await adminA.post('/api/v1/accounts', newAccount({ username: 'intruder3', grantOrgId: w.city.id }));
    expect(grantAbove.statusCode).toBe(404);
    // All or nothing: the refused accounts were not half-created.
    for (const u of ['intruder1', 'intruder2', 'intruder3']) {
      expect(await t.db.select().from(account).where(eq(account.username, u))).toHaveLength(0);
    }
  });

  it('cannot grant a role above its own, naming the field role', async () => {
    const res = await adminA.post('/api/v1/accounts', newAccount({ username: 'wannabe', role: 'platform_admin' }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'accounts.role_beyond_own', field: 'role' });
    // The message names what is missing.
    expect(res.json().messages['en-US']).toMatch(/platform\.admin/);
    expect(await t.db.select().from(account).where(eq(account.username, 'wannabe'))).toHaveLength(0);
    const unknown = await adminA.post('/api/v1/accounts', newAccount({ username: 'wannabe', role: 'emperor' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field).toBe('role');
  });

  it('an equal role is fine: a county admin may appoint another county admin', async () => {
    const res = await adminA.post(
      '/api/v1/accounts',
      newAccount({ username: 'deputya', role: 'committee_admin', orgId: w.countyA.id, grantOrgId: w.countyA.id }),
    );
    expect(res.statusCode).toBe(201);
  });

  it('refuses a duplicate username (any case) with 409 naming username', async () => {
    const res = await adminA.post('/api/v1/accounts', newAccount({ username: w.users.cadreA.toUpperCase() }));
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe('username');
  });

  it('checks username and password rules, naming the field', async () => {
    const badName = await adminA.post('/api/v1/accounts', newAccount({ username: 'a b<c>' }));
    expect(badName.statusCode).toBe(400);
    expect(badName.json().field).toBe('username');
    const weak = await adminA.post('/api/v1/accounts', newAccount({ password: 'short' }));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().field).toBe('password');
  });

  it('a cadre may read accounts but not create them', async () => {
    const cadre = await signIn(w.users.cadreA);
    expect((await cadre.get('/api/v1/accounts')).statusCode).toBe(200);
    const res = await cadre.post('/api/v1/accounts', newAccount({ username: 'bycadre' }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });
});

describe('listing accounts', () => {
  it('the observer cannot list accounts', async () => {
    const observer = await signIn(w.users.observerA);
    const res = await observer.get('/api/v1/accounts');
    expect(res.statusCode).toBe(403);
  });

  it('is scoped: county A admin sees county A accounts only; the city admin sees both counties', async () => {
    const names = async (c: TestClient) => ((await c.get('/api/v1/accounts?limit=500')).json().items as { username: string }[]).map((a) => a.username);
    const seenByA = await names(adminA);
    expect(seenByA).toEqual(expect.arrayContaining([w.users.adminA, w.users.cadreA, w.users.observerA, w.users.secretaryA]));
    expect(seenByA).not.toContain(w.users.adminB);
    expect(seenByA).not.toContain(w.users.cityAdmin);
    expect(seenByA).not.toContain(w.users.platform);
    const seenByCity = await names(await signIn(w.users.cityAdmin));
    expect(seenByCity).toEqual(expect.arrayContaining([w.users.adminA, w.users.adminB, w.users.cityAdmin]));
    expect(seenByCity).not.toContain(w.users.platform);
    expect((await adminA.get(`/api/v1/accounts/${await accountId(w.users.adminB)}`)).statusCode).toBe(404);
  });

  it('an account granted on two separate counties sees the accounts of both, and nothing above', async () => {
    const both = await buildAccount(t.db, 'cadre', w.countyA.id, 'accountstwocounties');
    await t.db.insert(accessGrant).values({ id: uuidv7(), accountId: await accountId(both), role: 'cadre', orgId: w.countyB.id });
    const seen = ((await (await signIn(both)).get('/api/v1/accounts?limit=500')).json().items as { username: string }[]).map((a) => a.username);
    expect(seen).toEqual(expect.arrayContaining([w.users.adminA, w.users.cadreA, w.users.adminB, both]));
    expect(seen).not.toContain(w.users.cityAdmin);
    expect(seen).not.toContain(w.users.platform);
  });
});

describe('grants', () => {
  it('adds a grant inside scope, refuses one outside, and revokes it', async () => {
    const user = await buildAccount(t.db, 'observer', w.townA.id, 'grantee');
    const id = await accountId(user);
    const outside = await adminA.post(`/api/v1/accounts/${id}/grants`, { role: 'cadre', orgId: w.townB.id });
    expect(outside.statusCode).toBe(404);
    const above = await adminA.post(`/api/v1/accounts/${id}/grants`, { role: 'platform_admin', orgId: w.townA.id });
    expect(above.statusCode).toBe(422);
    expect(above.json()).toMatchObject({ code: 'accounts.role_beyond_own', field: 'role' });
    const added = await adminA.post(`/api/v1/accounts/${id}/grants`, { role: 'cadre', orgId: w.branchA.id });
    expect(added.statusCode).toBe(201);
    const grantId = added.json().id as string;
    const dup = await adminA.post(`/api/v1/accounts/${id}/grants`, { role: 'cadre', orgId: w.branchA.id });
    expect(dup.statusCode).toBe(409);
    const closed = (await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '已撤销授权团支部', kind: 'branch' })).json();
    expect((await adminA.post(`/api/v1/orgs/${closed.id}/close`, {})).statusCode).toBe(200);
    const onClosed = await adminA.post(`/api/v1/accounts/${id}/grants`, { role: 'cadre', orgId: closed.id });
    expect(onClosed.statusCode).toBe(422);
    expect(onClosed.json()).toMatchObject({ code: 'org_inactive', field: 'orgId' });

    const c = await signIn(user);
    expect((await me(c)).json().permissions).toContain('person.write');
    const revoked = await adminA.post(`/api/v1/accounts/${id}/grants/${grantId}/revoke`);
    expect(revoked.statusCode).toBe(204);
    // The revoked grant no longer counts, even for a session opened before.
    expect((await me(c)).json().permissions).not.toContain('person.write');
    expect((await adminA.get(`/api/v1/accounts/${id}`)).json().grants.map((g: { id: string }) => g.id)).not.toContain(grantId);
    expect((await adminA.post(`/api/v1/accounts/${id}/grants/${grantId}/revoke`)).statusCode).toBe(404);
    expect(await actionsOn(grantId)).toEqual(expect.arrayContaining(['grant.created', 'grant.revoked']));
  });

  it('cannot revoke its own grant', async () => {
    const [own] = await grantIds(w.users.adminA);
    const res = await adminA.post(`/api/v1/accounts/${await accountId(w.users.adminA)}/grants/${own}/revoke`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'accounts.revoke_own_grant', field: 'grantId' });
    expect((await me(adminA)).statusCode).toBe(200);
    expect(await grantIds(w.users.adminA)).toEqual([own]);
  });

  it('cannot revoke a grant through another account’s id', async () => {
    const [cadreGrant] = await grantIds(w.users.cadreA);
    const res = await adminA.post(`/api/v1/accounts/${await accountId(w.users.observerA)}/grants/${cadreGrant}/revoke`);
    expect(res.statusCode).toBe(404);
    expect(await grantIds(w.users.cadreA)).toEqual([cadreGrant]);
  });
});

describe('disabling and resetting', () => {
  it('disabling an account ends its sessions and refuses its logins', async () => {
    const user = await buildAccount(t.db, 'cadre', w.townA.id, 'tobedisabled');
    const c = await signIn(user);
    expect((await me(c)).statusCode).toBe(200);
    const res = await adminA.patch(`/api/v1/accounts/${await accountId(user)}`, { status: 'disabled' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    expect((await me(c)).statusCode).toBe(401);
    // The same answer as a wrong password: a sign-in never tells which accounts exist.
    await expect(signIn(user)).rejects.toThrow(/401 .*bad_credentials/);
    const back = await adminA.patch(`/api/v1/accounts/${await accountId(user)}`, { status: 'active' });
    expect(back.json().status).toBe('active');
    expect((await me(await signIn(user))).statusCode).toBe(200);
  });

  it('cannot disable itself', async () => {
    const res = await adminA.patch(`/api/v1/accounts/${await accountId(w.users.adminA)}`, { status: 'disabled' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'accounts.disable_self', field: 'status' });
  });

  it('a password reset ends the sessions and asks for a new password at the next sign-in', async () => {
    const user = await buildAccount(t.db, 'cadre', w.townA.id, 'forgetful');
    const c = await signIn(user);
    const res = await adminA.post(`/api/v1/accounts/${await accountId(user)}/password`, { password: 'Reset-pass-2026' });
    expect(res.statusCode).toBe(204);
    expect((await me(c)).statusCode).toBe(401);
    const again = await signIn(user, 'Reset-pass-2026');
    expect((await me(again)).json().account.mustChangePassword).toBe(true);
  });

  it('cannot take over or disable an account homed in its scope that holds more than it does', async () => {
    // A provincial platform admin whose home org happens to lie in county A.
    const platform = await signIn(w.users.platform);
    const created = await platform.post(
      '/api/v1/accounts',
      newAccount({ username: 'bigboss', orgId: w.countyA.id, role: 'platform_admin', grantOrgId: w.province.id }),
    );
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const reset = await adminA.post(`/api/v1/accounts/${id}/password`, { password: 'Takeover-2026x' });
    expect(reset.statusCode).toBe(422);
    expect(reset.json()).toMatchObject({ code: 'accounts.grants_beyond_own', field: 'id' });
    await expect(signIn('bigboss', 'Takeover-2026x')).rejects.toThrow(/401/);
    const disable = await adminA.patch(`/api/v1/accounts/${id}`, { status: 'disabled' });
    expect(disable.statusCode).toBe(422);
    expect(disable.json()).toMatchObject({ code: 'accounts.grants_beyond_own', field: 'id' });
    const [row] = await t.db.select().from(account).where(eq(account.id, id));
    expect(row?.status).toBe('active');
    // The platform admin itself still may.
    expect((await platform.post(`/api/v1/accounts/${id}/password`, { password: 'Takeover-2026x' })).statusCode).toBe(204);
  });
});

describe('finding 4: common passwords are refused wherever a password is set', () => {
  const common = ['password1', 'Passw0rd', '12345678a', 'woaini1314', 'qwerty123'];

  it('creating an account', async () => {
    for (const pw of [...common, 'newcomer2024']) {
      const res = await adminA.post('/api/v1/accounts', newAccount({ username: 'newcomer', password: pw }));
      expect(res.statusCode, pw).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation', field: 'password' });
      expect(res.json().messages['zh-CN']).toMatch(/密码（password）.*常见/);
      expect(res.json().messages['en-US']).toMatch(/Password \(password\).*too common/);
    }
    expect(await t.db.select().from(account).where(eq(account.username, 'newcomer'))).toHaveLength(0);
  });

  it('an administrator’s reset', async () => {
    const user = await buildAccount(t.db, 'cadre', w.townA.id, 'commonreset');
    for (const pw of common) {
      const res = await adminA.post(`/api/v1/accounts/${await accountId(user)}/password`, { password: pw });
      expect(res.statusCode, pw).toBe(400);
      expect(res.json().field).toBe('password');
    }
    await expect(signIn(user, 'Passw0rd')).rejects.toThrow(/401/);
  });

  it('a self-service sign-up', async () => {
    for (const pw of common) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/self/signup',
        payload: { username: 'commonsignup', password: pw, name: '张三', idNumber: makeIdNumber('430421', '2004-03-05', 31, 'M'), orgId: w.branchA.id },
        remoteAddress: `10.1.9.${common.indexOf(pw) + 1}`,
      });
      expect(res.statusCode, pw).toBe(400);
      expect(res.json().field).toBe('password');
    }
  });
});

describe('finding 6: an account that must change its password can do nothing else until it has', () => {
  it('is refused every other route with 403 password_change_required, then works after the change', async () => {
    const res = await adminA.post('/api/v1/accounts', newAccount({ username: 'firstlogin', password: 'Given-pass-2026' }));
    expect(res.statusCode).toBe(201);
    const c = await signIn('firstlogin', 'Given-pass-2026');
    // What the change needs still answers.
    expect((await me(c)).json().account.mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/auth/sessions')).statusCode).toBe(200);
    for (const url of [`/api/v1/orgs/${w.townA.id}`, '/api/v1/orgs/roots', '/api/v1/self/profile']) {
      const refused = await c.get(url);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'password_change_required' });
      expect(refused.json().messages['zh-CN']).toMatch(/修改密码/);
    }
    const write = await c.post('/api/v1/people', { orgId: w.townA.id, name: '未改密', gender: 'F', birthDate: '2001-01-01' });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('password_change_required');
    const changed = await c.post('/api/v1/auth/password', { currentPassword: 'Given-pass-2026', newPassword: 'Own-choice-2026' });
    expect(changed.statusCode).toBe(204);
    expect((await me(c)).json().account.mustChangePassword).toBe(false);
    expect((await c.get(`/api/v1/orgs/${w.townA.id}`)).statusCode).toBe(200);
  });

  it('after an administrator’s reset too; signing out stays possible', async () => {
    const user = await buildAccount(t.db, 'cadre', w.townA.id, 'wasreset');
    expect((await adminA.post(`/api/v1/accounts/${await accountId(user)}/password`, { password: 'Reset-pass-2026' })).statusCode).toBe(204);
    const c = await signIn(user, 'Reset-pass-2026');
    expect((await c.get(`/api/v1/orgs/${w.townA.id}`)).json().code).toBe('password_change_required');
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await me(c)).statusCode).toBe(401);
  });
});
