import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../audit/audit.schema.ts';
import { account, session } from './auth.schema.ts';
import { tokenHash } from './auth.service.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
const maxFailures = 3;
let ipSeq = 0;
/** Each test signs in from its own address, clear of the per-address login rate limit. */
const nextIp = () => `10.0.0.${++ipSeq}`;

function attempt(username: string, pw: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: pw }, headers: { 'x-forwarded-for': nextIp(), ...headers } });
}
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tw_session: token } });

beforeAll(async () => {
  // trustProxy: each test signs in from its own X-Forwarded-For address.
  t = await createTestApp({ loginMaxFailures: maxFailures, loginLockMinutes: 15, trustProxy: true });
  w = await buildWorld(t.db);
});
afterAll(async () => t?.close());

describe('login', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite session cookie', async () => {
    const res = await attempt(w.users.adminA, password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.account.username).toBe(w.users.adminA);
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(body.permissions).toContain('org.write');
    expect(body.permissions).not.toContain('platform.admin');
    const cookie = res.cookies.find((c) => c.name === 'tw_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(String(cookie?.sameSite).toLowerCase()).toMatch(/^(lax|strict)$/);
    expect(cookie?.path).toBe('/');
    expect(res.headers['set-cookie']).toMatch(/HttpOnly/i);
    // The session is usable and the password hash never appears.
    const m = await me(cookie?.value ?? '');
    expect(m.statusCode).toBe(200);
    expect(m.body).not.toMatch(/argon2|passwordHash/);
  });

  it('refuses a wrong password and an unknown user alike, with messages in Chinese and English', async () => {
    const wrong = await attempt(w.users.cadreA, 'wrongpass999');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('bad_credentials');
    expect(wrong.json().message).toBe('用户名或密码错误');
    expect(wrong.json().messages['en-US']).toBe('Wrong username or password');
    expect(wrong.cookies.find((c) => c.name === 'tw_session')).toBeUndefined();
    const en = await attempt(w.users.cadreA, 'wrongpass999', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().message).toBe('Wrong username or password');
    const unknown = await attempt('nobody-here', 'wrongpass999');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toBe(wrong.json().message);
  });

  it('usernames are case-insensitive', async () => {
    expect((await attempt(w.users.adminA.toUpperCase(), password)).statusCode).toBe(200);
  });

  it(`locks the account after ${maxFailures} failures and refuses even the right password while locked`, async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'lockme');
    for (let i = 1; i < maxFailures; i++) expect((await attempt(user, 'wrongpass999')).statusCode).toBe(401);
    const locking = await attempt(user, 'wrongpass999');
    expect(locking.statusCode).toBe(423);
    expect(locking.json().code).toBe('account_locked');
    expect(locking.json().messages['en-US']).toMatch(/15 minutes/);
    const right = await attempt(user, password);
    expect(right.statusCode).toBe(423);
    expect(right.cookies.find((c) => c.name === 'tw_session')).toBeUndefined();
    const [acc] = await t.db.select().from(account).where(eq(account.username, user));
    const events = await t.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.entityId, acc?.id ?? ''));
    expect(events.map((e) => e.action)).toContain('auth.locked');
    expect(events.filter((e) => e.action === 'auth.login_failed')).toHaveLength(maxFailures - 1);
    // When the lock has run out (moved into the past instead of waiting), the right password works again.
    await t.db
      .update(account)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(account.username, user));
    expect((await attempt(user, password)).statusCode).toBe(200);
  });

  it('a successful login resets the failure count', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'resetme');
    for (let i = 1; i < maxFailures; i++) expect((await attempt(user, 'wrongpass999')).statusCode).toBe(401);
    expect((await attempt(user, password)).statusCode).toBe(200);
    for (let i = 1; i < maxFailures; i++) expect((await attempt(user, 'wrongpass999')).statusCode).toBe(401);
    expect((await attempt(user, password)).statusCode).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'disabledone');
    await t.db.update(account).set({ status: 'disabled' }).where(eq(account.username, user));
    const res = await attempt(user, password);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('account_disabled');
    expect(res.json().messages['zh-CN']).toBe('账号已停用');
  });

  it('limits login attempts from one address', async () => {
    const headers = { 'x-forwarded-for': '10.9.9.9' };
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody-here', password: 'x' }, headers });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});

describe('CSRF', () => {
  let admin: TestClient;
  beforeAll(async () => {
    admin = await login(t.app, w.users.adminA, password, { ip: nextIp() });
  });
  const create = (name: string, headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      cookies: { tw_session: admin.token },
      headers,
      payload: { parentId: w.townA.id, name, kind: 'branch' },
    });

  it('refuses a state-changing request with the cookie but no token', async () => {
    const res = await create('无令牌团支部', {});
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf');
    expect((await admin.get('/api/v1/orgs/search?q=无令牌')).json().items).toHaveLength(0);
  });

  it('refuses a wrong token, and another session’s token', async () => {
    expect((await create('错令牌团支部', { 'x-csrf-token': 'wrong' })).json().code).toBe('csrf');
    const other = await login(t.app, w.users.adminA, password, { ip: nextIp() });
    const res = await create('错令牌团支部', { 'x-csrf-token': other.csrf });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf');
  });

  it('accepts the session’s own token; reads need none', async () => {
    expect((await create('有令牌团支部', { 'x-csrf-token': admin.csrf })).statusCode).toBe(201);
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${w.townA.id}`, cookies: { tw_session: admin.token } });
    expect(read.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('logout revokes the session', async () => {
    const c = await login(t.app, w.users.cadreA, password, { ip: nextIp() });
    expect((await me(c.token)).statusCode).toBe(200);
    const out = await c.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect((await me(c.token)).statusCode).toBe(401);
    expect((await c.get(`/api/v1/orgs/${w.townA.id}`)).statusCode).toBe(401);
  });

  it('marks a session seen at most once a minute, never a revoked one; grants come with it', async () => {
    const c = await login(t.app, w.users.adminA, password, { ip: nextIp() });
    const where = eq(session.tokenHash, tokenHash(c.token));
    const seen = async () => (await t.db.select({ at: session.lastSeenAt }).from(session).where(where))[0]?.at.getTime() ?? 0;
    const setSeen = (msAgo: number) =>
      t.db
        .update(session)
        .set({ lastSeenAt: new Date(Date.now() - msAgo) })
        .where(where);
    await setSeen(120_000);
    const before = await seen();
    const m = await me(c.token);
    expect(m.statusCode).toBe(200);
    expect(m.json().permissions).toContain('org.write');
    expect(await seen()).toBeGreaterThan(before + 60_000);
    await setSeen(30_000);
    const recent = await seen();
    await me(c.token);
    expect(await seen()).toBe(recent);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await setSeen(120_000);
    const revoked = await seen();
    expect((await me(c.token)).statusCode).toBe(401);
    expect(await seen()).toBe(revoked);
  });

  it('lists the own sessions and revokes another one', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'twosessions');
    const first = await login(t.app, user, password, { ip: nextIp() });
    const second = await login(t.app, user, password, { ip: nextIp() });
    const list = await first.get('/api/v1/auth/sessions');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const other = items.find((s) => !s.current);
    if (!other) throw new Error('no other session');
    expect((await first.post(`/api/v1/auth/sessions/${other.id}/revoke`)).statusCode).toBe(204);
    expect((await me(second.token)).statusCode).toBe(401);
    expect((await me(first.token)).statusCode).toBe(200);
    expect((await first.get('/api/v1/auth/sessions')).json().items).toHaveLength(1);
    // Someone else's session is not found, and stays alive.
    const stranger = await login(t.app, w.users.observerA, password, { ip: nextIp() });
    const strangerSessions = (await stranger.get('/api/v1/auth/sessions')).json().items as { id: string }[];
    const target = strangerSessions[0]?.id ?? '';
    expect((await first.post(`/api/v1/auth/sessions/${target}/revoke`)).statusCode).toBe(404);
    expect((await me(stranger.token)).statusCode).toBe(200);
  });
});

describe('password change', () => {
  it('checks the current password and the strength of the new one, naming the field', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'pwcheck');
    const c = await login(t.app, user, password, { ip: nextIp() });
    const wrongCurrent = await c.post('/api/v1/auth/password', { currentPassword: 'notmypass1', newPassword: 'newpass12345' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().field).toBe('currentPassword');
    for (const weak of ['short1', 'onlyletters', '1234567890']) {
      const res = await c.post('/api/v1/auth/password', { currentPassword: password, newPassword: weak });
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().field).toBe('newPassword');
    }
    const same = await c.post('/api/v1/auth/password', { currentPassword: password, newPassword: password });
    expect(same.statusCode).toBe(400);
    expect(same.json().field).toBe('newPassword');
  });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'pwchange');
    const here = await login(t.app, user, password, { ip: nextIp() });
    const elsewhere = await login(t.app, user, password, { ip: nextIp() });
    const res = await here.post('/api/v1/auth/password', { currentPassword: password, newPassword: 'brandnew2024' });
    expect(res.statusCode).toBe(204);
    expect((await me(here.token)).statusCode).toBe(200);
    expect((await me(elsewhere.token)).statusCode).toBe(401);
    expect((await attempt(user, password)).statusCode).toBe(401);
    expect((await attempt(user, 'brandnew2024')).statusCode).toBe(200);
    const [acc] = await t.db.select().from(account).where(eq(account.username, user));
    const events = await t.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.entityId, acc?.id ?? ''));
    expect(events.map((e) => e.action)).toContain('auth.password_changed');
  });
});
