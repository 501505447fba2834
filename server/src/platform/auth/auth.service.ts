import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { org } from '../org-tree/org-tree.schema.ts';
import { accessGrant } from '../access/access.schema.ts';
import { isRole } from '../access/roles.ts';
import type { Actor, GrantRef } from '../access/scope.ts';
import { audit } from '../audit/audit.ts';
import { AppError, errors } from '../errors.ts';
import { account, session } from './auth.schema.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password.ts';
import { releaseAttempt, reserveAttempt, throttleClock, throttleKeys, type ThrottlePolicy } from './throttle.ts';

export const sessionCookie = 'tw_session';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export type LoginPolicy = ThrottlePolicy & { sessionTtlHours: number };
type RequestInfo = { ip: string; userAgent: string | null; requestId: string };

export async function loadGrants(db: Db, accountId: string): Promise<(GrantRef & { orgName: string })[]> {
  const rows = await db
    .select({ id: accessGrant.id, role: accessGrant.role, orgId: accessGrant.orgId, path: org.path, orgName: org.name })
    .from(accessGrant)
    .innerJoin(org, eq(org.id, accessGrant.orgId))
    .where(and(eq(accessGrant.accountId, accountId), eq(accessGrant.status, 'active')));
  return rows.flatMap((r) => (isRole(r.role) ? [{ ...r, role: r.role }] : []));
}

// Unknown usernames are checked against this hash, so they cost one argon2 check like any other.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummyHash;
}

type AccountRow = typeof account.$inferSelect;
type AuditActor = { accountId: string; username: string; requestId: string; ip: string };

/** One more wrong password on the account (counted in the database, so concurrent ones all count), audited. */
async function recordFailure(db: Db, acc: AccountRow, actor: AuditActor, action: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(account)
      .set({ failedLogins: sql`${account.failedLogins} + 1` })
      .where(eq(account.id, acc.id))
      .returning({ failures: account.failedLogins });
    await audit(tx, actor, { action, entity: 'account', entityId: acc.id, orgId: acc.orgId, after: { failures: row?.failures } });
  });
}

/**
 * Signs in. A wrong password, an unknown username and a disabled account answer the same 401
 * after the same work; past the allowance of its (username, address) or its address, an attempt
 * answers 429 with the wait, whoever the username names — the owner elsewhere is not held back.
 */
export async function login(db: Db, policy: LoginPolicy, username: string, password: string, req: RequestInfo) {
  const keys = throttleKeys(username, req.ip, policy);
  await reserveAttempt(db, keys, policy, throttleClock.now());
  const [acc] = await db.select().from(account).where(sql`lower(${account.username}) = lower(${username})`);
  const right = await verifyPassword(acc?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!acc || !right || acc.status !== 'active') {
    if (acc) await recordFailure(db, acc, { accountId: acc.id, username: acc.username, requestId: req.requestId, ip: req.ip }, 'auth.login_failed');
    throw new AppError('bad_credentials');
  }
  await releaseAttempt(db, keys);
  const now = new Date();
  const actor = { accountId: acc.id, username: acc.username, requestId: req.requestId, ip: req.ip };
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const id = uuidv7();
  await db.transaction(async (tx) => {
    await tx.insert(session).values({
      id,
      tokenHash: tokenHash(token),
      accountId: acc.id,
      csrfToken,
      ip: req.ip,
      userAgent: req.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(now.getTime() + policy.sessionTtlHours * 3600_000),
    });
    await tx.update(account).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(account.id, acc.id));
    await audit(tx, actor, { action: 'auth.login', entity: 'session', entityId: id, orgId: acc.orgId });
  });
  return { token, sessionId: id };
}

export type SessionInfo = {
  actor: Omit<Actor, 'requestId' | 'ip'>;
  csrfToken: string;
  grants: (GrantRef & { orgName: string })[];
  account: typeof account.$inferSelect;
};

type GrantRow = GrantRef & { orgName: string };

// The account's active grants as one JSON array, so a request's session costs one query.
const activeGrantsJson = sql<(Omit<GrantRow, 'role'> & { role: string })[]>`coalesce((
  select json_agg(json_build_object('id', g.id, 'role', g.role, 'orgId', g.org_id, 'path', o.path::text, 'orgName', o.name))
  from access_grant g join org o on o.id = g.org_id
  where g.account_id = ${account.id} and g.status = 'active'), '[]'::json)`;

/**
 * The session behind a cookie, read on every request that needs one: one indexed query (by
 * token hash) with its account and grants, nothing cached, so a logout or revocation holds at once.
 */
export async function resolveSession(db: Db, token: string): Promise<SessionInfo | null> {
  const now = new Date();
  const live = and(eq(session.tokenHash, tokenHash(token)), isNull(session.revokedAt), gt(session.expiresAt, now));
  // Touch at most once a minute: keeps the session list honest without a write per request. In
  // the same statement as the read (the select sees the row as it was), so it costs no round trip.
  const touched = db.$with('touched').as(
    db
      .update(session)
      .set({ lastSeenAt: now })
      .where(
        and(
          live,
          lt(session.lastSeenAt, new Date(now.getTime() - 60_000)),
          sql`exists (select 1 from ${account} where ${account.id} = ${session.accountId} and ${account.status} = 'active')`,
        ),
      )
      .returning({ id: session.id }),
  );
  const [row] = await db
    .with(touched)
    .select({ s: session, a: account, grants: activeGrantsJson })
    .from(session)
    .innerJoin(account, eq(account.id, session.accountId))
    .where(live);
  if (row?.a.status !== 'active') return null;
  const grants: GrantRow[] = row.grants.flatMap((g) => (isRole(g.role) ? [{ ...g, role: g.role, orgId: Number(g.orgId) }] : []));
  return {
    actor: { accountId: row.a.id, username: row.a.username, sessionId: row.s.id, grants },
    csrfToken: row.s.csrfToken,
    grants,
    account: row.a,
  };
}

/** The account's home org: its session events are listed in the audit log of whoever manages it. */
async function homeOrg(tx: DbOrTx, accountId: string): Promise<number | null> {
  const [row] = await tx.select({ orgId: account.orgId }).from(account).where(eq(account.id, accountId));
  return row?.orgId ?? null;
}

export async function logout(db: Db, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(session).set({ revokedAt: new Date() }).where(eq(session.id, actor.sessionId));
    await audit(tx, actor, { action: 'auth.logout', entity: 'session', entityId: actor.sessionId, orgId: await homeOrg(tx, actor.accountId) });
  });
}

/**
 * Checks the current password under the same throttle as signing in (a stolen session must not
 * become a way to guess it), then sets the new one and ends the account's other sessions.
 */
export async function changePassword(db: Db, policy: ThrottlePolicy, actor: Actor, currentPassword: string, newPassword: string) {
  const keys = throttleKeys(actor.username, actor.ip, policy);
  await reserveAttempt(db, keys, policy, throttleClock.now());
  const [acc] = await db.select().from(account).where(eq(account.id, actor.accountId));
  if (!acc || !(await verifyPassword(acc.passwordHash, currentPassword))) {
    if (acc) await recordFailure(db, acc, actor, 'auth.password_check_failed');
    throw errors.invalid('currentPassword', { 'zh-CN': '当前密码不正确', 'en-US': 'the current password is wrong' });
  }
  await releaseAttempt(db, keys);
  checkPasswordStrength(newPassword, 'newPassword', [acc.username, acc.displayName]);
  if (currentPassword === newPassword) {
    throw errors.invalid('newPassword', { 'zh-CN': '新密码不能与当前密码相同', 'en-US': 'must differ from the current password' });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(account).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(account.id, acc.id));
    // Other sessions end: a changed password should lock out whoever knew the old one.
    await tx
      .update(session)
      .set({ revokedAt: new Date() })
      .where(and(eq(session.accountId, acc.id), isNull(session.revokedAt), sql`${session.id} <> ${actor.sessionId}`));
    await audit(tx, actor, { action: 'auth.password_changed', entity: 'account', entityId: acc.id, orgId: acc.orgId });
  });
}

export async function listSessions(db: Db, actor: Actor) {
  const rows = await db
    .select()
    .from(session)
    .where(and(eq(session.accountId, actor.accountId), isNull(session.revokedAt), gt(session.expiresAt, new Date())))
    .orderBy(sql`${session.lastSeenAt} desc`);
  return rows.map((s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
    current: s.id === actor.sessionId,
  }));
}

export async function revokeSession(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(session)
      .set({ revokedAt: new Date() })
      .where(and(eq(session.id, id), eq(session.accountId, actor.accountId), isNull(session.revokedAt)))
      .returning({ id: session.id });
    if (done.length === 0) throw errors.notFound('session');
    await audit(tx, actor, { action: 'auth.session_revoked', entity: 'session', entityId: id, orgId: await homeOrg(tx, actor.accountId) });
  });
}
