// Slowing password guessing without locking the owner out: failures are counted per (username,
// client address) and per address (spraying many usernames), each key waiting 2^k seconds once
// past its allowance, up to a cap. An attempt reserves its failure before the password is
// checked, under a row lock, so concurrent guesses are counted one by one and never overtake the
// allowance; a success gives its reservation back.
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { AppError } from '../errors.ts';
import { loginThrottle } from './auth.schema.ts';

export type ThrottlePolicy = {
  /** failures allowed per (username, address) before each further attempt waits */
  maxFailures: number;
  /** failures allowed per address across usernames */
  ipMaxFailures: number;
  /** the longest wait, in seconds */
  maxDelaySeconds: number;
};

/** The throttle's clock: tests move it forward instead of waiting out a delay. */
export const throttleClock = { now: (): Date => new Date() };

type Kind = 'account_ip' | 'ip';
type Key = { key: string; kind: Kind; usernameHash: string | null; ip: string; allowance: number; forgetMs: number };

/** A key's count starts over after this long without an attempt (a success resets the account's at once). */
export const forgetAfterMs: Record<Kind, number> = { account_ip: 24 * 3600_000, ip: 3600_000 };

const sha = (s: string) => createHash('sha256').update(s).digest('base64url');
/** Usernames are case-insensitive; the same key for any spelling of one name, known or not. */
export const normalizeUsername = (username: string) => username.trim().toLowerCase();
export const usernameHash = (username: string) => sha(`u\0${normalizeUsername(username)}`);

export function throttleKeys(username: string, ip: string, policy: ThrottlePolicy): Key[] {
  const u = usernameHash(username);
  return [
    {
      key: sha(`account_ip\0${u}\0${ip}`),
      kind: 'account_ip' as const,
      usernameHash: u,
      ip,
      allowance: policy.maxFailures,
      forgetMs: forgetAfterMs.account_ip,
    },
    { key: sha(`ip\0${ip}`), kind: 'ip' as const, usernameHash: null, ip, allowance: policy.ipMaxFailures, forgetMs: forgetAfterMs.ip },
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The wait after failure number `failures` of a key: none within the allowance, then 1, 2, 4 … seconds up to the cap. */
export function delaySeconds(failures: number, allowance: number, maxDelaySeconds: number): number {
  if (failures < allowance) return 0;
  return Math.min(2 ** Math.min(failures - allowance, 30), maxDelaySeconds);
}

/** The answer while a key waits: the same for every username, known or not. */
export function throttled(retryAfter: number): AppError {
  const err = new AppError('login_throttled', { params: { seconds: retryAfter } });
  return Object.assign(err, { retryAfter });
}

export function retryAfterOf(err: unknown): number | null {
  const r = (err as { retryAfter?: unknown } | null)?.retryAfter;
  return err instanceof AppError && typeof r === 'number' ? r : null;
}

/**
 * Counts one failure on each key before the password is checked (given back by `releaseAttempt`
 * on success); throws `throttled` without counting when a key is still waiting.
 */
export async function reserveAttempt(db: Db, keys: Key[], policy: ThrottlePolicy, now: Date): Promise<void> {
  const wait = await db.transaction(async (tx) => {
    await tx
      .insert(loginThrottle)
      .values(keys.map((k) => ({ key: k.key, kind: k.kind, usernameHash: k.usernameHash, ip: k.ip, failures: 0, updatedAt: now })))
      .onConflictDoNothing();
    // Locked in key order (as inserted), so two attempts on the same keys queue instead of deadlocking.
    const rows = await tx
      .select()
      .from(loginThrottle)
      .where(
        inArray(
          loginThrottle.key,
          keys.map((k) => k.key),
        ),
      )
      .orderBy(loginThrottle.key)
      .for('update');
    const waitMs = Math.max(0, ...rows.map((r) => (r.blockedUntil ? r.blockedUntil.getTime() - now.getTime() : 0)));
    if (waitMs > 0) return Math.ceil(waitMs / 1000);
    for (const k of keys) {
      const row = rows.find((r) => r.key === k.key);
      const before = row && now.getTime() - row.updatedAt.getTime() <= k.forgetMs ? row.failures : 0;
      const failures = before + 1;
      const delay = delaySeconds(failures, k.allowance, policy.maxDelaySeconds);
      await tx
        .update(loginThrottle)
        .set({ failures, blockedUntil: delay > 0 ? new Date(now.getTime() + delay * 1000) : null, updatedAt: now })
        .where(eq(loginThrottle.key, k.key));
    }
    return 0;
  });
  if (wait > 0) throw throttled(wait);
}

/** The password was right: the account's count starts over, the address's reservation is given back. */
export async function releaseAttempt(db: Db, keys: Key[]): Promise<void> {
  for (const k of keys) {
    if (k.kind === 'account_ip') {
      await db.update(loginThrottle).set({ failures: 0, blockedUntil: null }).where(eq(loginThrottle.key, k.key));
    } else {
      await db
        .update(loginThrottle)
        .set({
          failures: sql`greatest(${loginThrottle.failures} - 1, 0)`,
          blockedUntil: sql`case when ${loginThrottle.failures} - 1 < ${k.allowance} then null else ${loginThrottle.blockedUntil} end`,
        })
        .where(eq(loginThrottle.key, k.key));
    }
  }
}

/** After an administrator's reset: the owner's new password is not held back by old failures. */
export async function forgetUsername(db: DbOrTx, username: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.usernameHash, usernameHash(username)));
}

/** Rows idle past their forget time and no longer waiting; the hourly job calls it. */
export async function pruneThrottle(db: Db, now: Date): Promise<number> {
  const idle = (kind: Kind) =>
    and(
      eq(loginThrottle.kind, kind),
      lt(loginThrottle.updatedAt, new Date(now.getTime() - forgetAfterMs[kind])),
      or(isNull(loginThrottle.blockedUntil), lt(loginThrottle.blockedUntil, now)),
    );
  const gone = await db
    .delete(loginThrottle)
    .where(or(idle('account_ip'), idle('ip')))
    .returning({ key: loginThrottle.key });
  return gone.length;
}
