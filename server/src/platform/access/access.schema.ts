import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A grant of (role, org): the role's permissions over that org's whole subtree. */
export const accessGrant = pgTable(
  'access_grant',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    role: text('role').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    status: text('status').$type<'active' | 'revoked'>().notNull().default('active'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedBy: uuid('revoked_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('grant_account_idx').on(t.accountId), index('grant_org_idx').on(t.orgId)],
);
