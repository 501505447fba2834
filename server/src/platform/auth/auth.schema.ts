import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const account = pgTable(
  'account',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    // Home org: who may manage this account (admins whose scope covers it).
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    personId: uuid('person_id'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    status: text('status').$type<'active' | 'disabled'>().notNull().default('active'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('account_username_uq').on(sql`lower(${t.username})`), index('account_org_idx').on(t.orgId)],
);

export const session = pgTable(
  'session',
  {
    id: uuid('id').primaryKey(),
    // sha256 of the cookie token: a stolen database does not yield live sessions.
    tokenHash: text('token_hash').notNull(),
    accountId: uuid('account_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('session_token_uq').on(t.tokenHash), index('session_account_idx').on(t.accountId)],
);

/**
 * Failed password checks, counted per (username, client address) and per client address, so an
 * attacker is slowed where it guesses while the owner elsewhere signs in. Unknown usernames get
 * rows too: answers and timing never tell whether an account exists. Not business data: rows are
 * pruned once idle (hourly job of the accounts module).
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    // sha256 of kind, normalized username and address: typed usernames (often a password) are not kept.
    key: text('key').primaryKey(),
    kind: text('kind').$type<'account_ip' | 'ip'>().notNull(),
    // sha256 of the normalized username (account_ip rows), so a password reset can clear them.
    usernameHash: text('username_hash'),
    ip: text('ip').notNull(),
    failures: integer('failures').notNull().default(0),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_throttle_username_idx').on(t.usernameHash), index('login_throttle_updated_idx').on(t.updatedAt)],
);
