import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../audit/audit.schema.ts';
import { account, loginThrottle, session } from './auth.schema.ts';
import { tokenHash } from './auth.service.ts';
import { pruneThrottle, throttleClock } from './throttle.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
const maxFailures = 3;
const ipMaxFailures = 8;
let ipSeq = 0;
/** Each test signs in from its own address (the connection's), clear of the per-address limits. */
const nextIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
function attempt(username: string, pw: string, ip = nextIp(), headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: pw }, headers, remoteAddress: ip });
}
const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { tw_session: token } });
/** The problem without its request id: what must not differ between two answers. */
const answer = (res: LightMyRequestResponse) => {
  const { requestId: _, ...rest } = res.json();
  return { status: res.statusCode, retryAfter: res.headers['retry-after'], ...rest };
};
const accountOf = async (username: string) => {
  const [acc] = await t.db.select().from(account).where(eq(account.username, username));
  if (!acc) throw new Error(`no account ${username}`);
  return acc;
};
const actionsOn = async (entityId: string, action: string) =>
  (
    await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.entityId, entityId), eq(auditEvent.action, action)))
  ).length;

// The throttle's clock, moved forward by the tests instead of waiting.
let clock = Date.now();
const advance = (seconds: number) => {
  clock += seconds * 1000;
};

beforeAll(async () => {
  throttleClock.now = () => new Date(clock);
  t = await createTestApp({ loginMaxFailures: maxFailures, loginIpMaxFailures: ipMaxFailures, loginLockMinutes: 15, trustProxy: true });
  w = await buildWorld(t.db);
});
afterAll(async () => t?.close());
afterEach(() => advance(2 * 3600));

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

  it('refuses a wrong password with messages in Chinese and English', async () => {
    const wrong = await attempt(w.users.cadreA, 'Wrong-pass-999');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('bad_credentials');
    expect(wrong.json().message).toBe('用户名或密码错误');
    expect(wrong.json().messages['en-US']).toBe('Wrong username or password');
    expect(wrong.cookies.find((c) => c.name === 'tw_session')).toBeUndefined();
    const en = await attempt(w.users.cadreA, 'Wrong-pass-999', nextIp(), { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().message).toBe('Wrong username or password');
  });

  it('usernames are case-insensitive', async () => {
    expect((await attempt(w.users.adminA.toUpperCase(), password)).statusCode).toBe(200);
  });

  it('a successful login starts the count over', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'resetme');
    const ip = nextIp();
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < maxFailures; i++) expect((await attempt(user, 'Wrong-pass-999', ip)).statusCode).toBe(401);
      expect((await attempt(user, password, ip)).statusCode).toBe(200);
    }
    expect((await accountOf(user)).failedLogins).toBe(0);
  });
});

describe('finding 4: guessing passwords is counted exactly and slowed where it happens', () => {
  it('20 concurrent wrong passwords (from 20 addresses) count 20 failures', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'concurrent20');
    const res = await Promise.all(Array.from({ length: 20 }, () => attempt(user, 'Wrong-pass-999')));
    expect(res.map((r) => r.statusCode)).toEqual(Array(20).fill(401));
    const acc = await accountOf(user);
    expect(acc.failedLogins).toBe(20);
    expect(await actionsOn(acc.id, 'auth.login_failed')).toBe(20);
  });

  it('20 concurrent wrong passwords from one address: no more guesses than the allowance, each one counted', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'concurrentip');
    const ip = nextIp();
    const res = await Promise.all(Array.from({ length: 20 }, () => attempt(user, 'Wrong-pass-999', ip)));
    const checked = res.filter((r) => r.statusCode === 401).length;
    const waiting = res.filter((r) => r.statusCode === 429);
    expect(checked).toBe(maxFailures);
    expect(waiting).toHaveLength(20 - maxFailures);
    expect(waiting.every((r) => r.json().code === 'login_throttled')).toBe(true);
    expect((await accountOf(user)).failedLogins).toBe(maxFailures);
    const rows = await t.db
      .select()
      .from(loginThrottle)
      .where(and(eq(loginThrottle.ip, ip), eq(loginThrottle.kind, 'account_ip')));
    expect(rows.map((r) => r.failures)).toEqual([maxFailures]);
  });

  it("the attacker's address waits 1, 2, 4 … seconds (up to 15 minutes) while the owner elsewhere signs in", async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'targeted');
    const attacker = nextIp();
    for (let i = 0; i < maxFailures; i++) expect((await attempt(user, 'Wrong-pass-999', attacker)).statusCode).toBe(401);
    // Waiting: even the right password is not checked, and the answer says how long.
    const held = await attempt(user, password, attacker);
    expect(held.statusCode).toBe(429);
    expect(held.headers['retry-after']).toBe('1');
    expect(held.json()).toMatchObject({ code: 'login_throttled', message: '密码错误次数过多，请 1 秒后再试' });
    expect(held.json().messages['en-US']).toBe('Too many wrong passwords; try again in 1 seconds');
    expect(held.cookies.find((c) => c.name === 'tw_session')).toBeUndefined();
    // The owner, from another address, is not held back.
    expect((await attempt(user, password, nextIp())).statusCode).toBe(200);
    // Each further failure doubles the wait.
    for (const wait of [2, 4, 8]) {
      advance(wait);
      expect((await attempt(user, 'Wrong-pass-999', attacker)).statusCode).toBe(401);
      expect((await attempt(user, password, attacker)).headers['retry-after']).toBe(String(wait));
    }
    // … up to the cap (loginLockMinutes).
    await t.db
      .update(loginThrottle)
      .set({ failures: 40 })
      .where(and(eq(loginThrottle.ip, attacker), eq(loginThrottle.kind, 'account_ip')));
    advance(16);
    expect((await attempt(user, 'Wrong-pass-999', attacker)).statusCode).toBe(401);
    expect((await attempt(user, password, attacker)).headers['retry-after']).toBe(String(15 * 60));
    expect((await attempt(user, password, nextIp())).statusCode).toBe(200);
    advance(15 * 60);
    expect((await attempt(user, password, attacker)).statusCode).toBe(200);
  });

  it('spraying many usernames from one address slows that address for every username, and only it', async () => {
    const sprayer = nextIp();
    const known = await buildAccount(t.db, 'cadre', w.countyA.id, 'sprayedat');
    for (let i = 0; i < ipMaxFailures; i++) {
      // each username tried once (below its own allowance): only the address's count adds up
      const name = i === 0 ? known : `nobody${i}`;
      expect((await attempt(name, `Spray-guess-${i}x`, sprayer)).statusCode).toBe(401);
    }
    const held = await attempt(w.users.observerA, password, sprayer);
    expect(held.statusCode).toBe(429);
    expect(held.json().code).toBe('login_throttled');
    expect((await attempt(w.users.observerA, password, nextIp())).statusCode).toBe(200);
  });

  it('unknown, disabled, wrong-password and formerly locked accounts get the same answers', async () => {
    const disabled = await buildAccount(t.db, 'cadre', w.countyA.id, 'disabledone');
    await t.db.update(account).set({ status: 'disabled' }).where(eq(account.username, disabled));
    const locked = await buildAccount(t.db, 'cadre', w.countyA.id, 'lockedone');
    await t.db
      .update(account)
      .set({ lockedUntil: new Date(Date.now() + 3600_000), failedLogins: 4 })
      .where(eq(account.username, locked));
    const known = await buildAccount(t.db, 'cadre', w.countyA.id, 'knownone');
    const cases = {
      unknown: ['nobody-here', password],
      disabledRightPassword: [disabled, password],
      disabledWrongPassword: [disabled, 'Wrong-pass-999'],
      wrongPassword: [known, 'Wrong-pass-999'],
      lockedWrongPassword: [locked, 'Wrong-pass-999'],
    } as const;
    const ips = Object.fromEntries(Object.keys(cases).map((k) => [k, nextIp()]));
    const first: Record<string, unknown> = {};
    const throttled: Record<string, unknown> = {};
    for (const [name, [user, pw]] of Object.entries(cases)) {
      const answers = [];
      for (let i = 0; i < maxFailures; i++) answers.push(answer(await attempt(user, pw, ips[name])));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      first[name] = answers[0];
      throttled[name] = answer(await attempt(user, pw, ips[name]));
    }
    const expected401 = first.unknown;
    expect(expected401).toMatchObject({ status: 401, code: 'bad_credentials' });
    for (const a of Object.values(first)) expect(a).toEqual(expected401);
    expect(throttled.unknown).toMatchObject({ status: 429, code: 'login_throttled', retryAfter: '1' });
    for (const a of Object.values(throttled)) expect(a).toEqual(throttled.unknown);
    // A lock left by the old rule holds nobody back: the owner signs in.
    expect((await attempt(locked, password)).statusCode).toBe(200);
  });
});

describe('the throttle table', () => {
  it('keeps rows that still wait or were used lately; the hourly job drops the rest', async () => {
    const ip = nextIp();
    for (let i = 0; i < maxFailures; i++) await attempt('pruned-nobody', 'Wrong-pass-999', ip);
    const rows = () => t.db.select().from(loginThrottle).where(eq(loginThrottle.ip, ip));
    expect(await rows()).toHaveLength(2);
    await pruneThrottle(t.db, new Date(clock));
    expect(await rows()).toHaveLength(2);
    // An hour on, the address's count is forgotten; a day on, the username's too.
    await pruneThrottle(t.db, new Date(clock + 2 * 3600_000));
    expect((await rows()).map((r) => r.kind)).toEqual(['account_ip']);
    await pruneThrottle(t.db, new Date(clock + 25 * 3600_000));
    expect(await rows()).toEqual([]);
  });
});

describe('finding 4: the current password of a password change is limited like a sign-in', () => {
  it('wrong current passwords are counted and then wait; the right one passes once the wait is over', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'pwguess');
    const ip = nextIp();
    const c = await login(t.app, user, password, { ip });
    const change = (currentPassword: string) =>
      c.request({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword, newPassword: 'Guarded-new-2026' }, remoteAddress: ip });
    for (let i = 0; i < maxFailures; i++) {
      const res = await change(`Guess-number-${i}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().field).toBe('currentPassword');
    }
    const held = await change(password);
    expect(held.statusCode).toBe(429);
    expect(held.headers['retry-after']).toBe('1');
    expect(held.json().code).toBe('login_throttled');
    const acc = await accountOf(user);
    expect(acc.failedLogins).toBe(maxFailures);
    expect(await actionsOn(acc.id, 'auth.password_check_failed')).toBe(maxFailures);
    // Sign-in from that address waits too: the same guesses, the same allowance.
    expect((await attempt(user, password, ip)).statusCode).toBe(429);
    advance(1);
    expect((await change(password)).statusCode).toBe(204);
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

  it('finding 6: logout and session revocation are audited under the home org, seen by its administrators', async () => {
    const user = await buildAccount(t.db, 'cadre', w.townA.id, 'auditedout');
    const first = await login(t.app, user, password, { ip: nextIp() });
    const second = await login(t.app, user, password, { ip: nextIp() });
    const sessions = (await first.get('/api/v1/auth/sessions')).json().items as { id: string; current: boolean }[];
    const own = sessions.find((s) => s.current)?.id ?? '';
    const other = sessions.find((s) => !s.current)?.id ?? '';
    expect((await first.post(`/api/v1/auth/sessions/${other}/revoke`)).statusCode).toBe(204);
    expect((await first.post('/api/v1/auth/logout')).statusCode).toBe(204);
    void second;
    const seenBy = async (username: string) => {
      const c = await login(t.app, username, password, { ip: nextIp() });
      const res = await c.get(`/api/v1/audit?entity=session&actor=${user}&limit=100`);
      expect(res.statusCode).toBe(200);
      return (res.json().items as { action: string; entityId: string; orgId: number | null }[]).filter((e) => e.action !== 'auth.login');
    };
    const expected = [
      { action: 'auth.logout', entityId: own, orgId: w.townA.id },
      { action: 'auth.session_revoked', entityId: other, orgId: w.townA.id },
    ];
    expect(await seenBy(w.users.platform)).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(await seenBy(w.users.adminA)).toEqual(expected.map((e) => expect.objectContaining(e)));
    expect(await seenBy(w.users.adminB)).toEqual([]);
  });
});

describe('password change', () => {
  it('checks the current password and the strength of the new one, naming the field', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'pwcheck');
    const c = await login(t.app, user, password, { ip: nextIp() });
    const wrongCurrent = await c.post('/api/v1/auth/password', { currentPassword: 'Not-my-pass-1', newPassword: 'New-pass-2026x' });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().field).toBe('currentPassword');
    for (const weak of ['short1', 'onlyletters', '1234567890', 'password1', 'Passw0rd', '12345678a', 'pwcheck2024']) {
      const res = await c.post('/api/v1/auth/password', { currentPassword: password, newPassword: weak });
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().field).toBe('newPassword');
      expect(res.json().messages['zh-CN']).toContain('新密码');
    }
    const common = await c.post('/api/v1/auth/password', { currentPassword: password, newPassword: 'Passw0rd' });
    expect(common.json().messages['zh-CN']).toMatch(/常见/);
    expect(common.json().messages['en-US']).toMatch(/New password \(newPassword\).*too common/);
    const same = await c.post('/api/v1/auth/password', { currentPassword: password, newPassword: password });
    expect(same.statusCode).toBe(400);
    expect(same.json().field).toBe('newPassword');
  });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    const user = await buildAccount(t.db, 'cadre', w.countyA.id, 'pwchange');
    const here = await login(t.app, user, password, { ip: nextIp() });
    const elsewhere = await login(t.app, user, password, { ip: nextIp() });
    const res = await here.post('/api/v1/auth/password', { currentPassword: password, newPassword: 'Brand-new-2026' });
    expect(res.statusCode).toBe(204);
    expect((await me(here.token)).statusCode).toBe(200);
    expect((await me(elsewhere.token)).statusCode).toBe(401);
    expect((await attempt(user, password)).statusCode).toBe(401);
    expect((await attempt(user, 'Brand-new-2026')).statusCode).toBe(200);
    const acc = await accountOf(user);
    expect(await actionsOn(acc.id, 'auth.password_changed')).toBe(1);
  });
});
