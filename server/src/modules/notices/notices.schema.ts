import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Messages } from '../../platform/errors.ts';

/**
 * A message in one account's message centre: "assigned to you", "escalated", "SLA about to breach".
 * Written in the transaction of the change it tells about; only `read_at` changes afterwards.
 */
export const notice = pgTable(
  'notice',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    /** `<module>.<event>`, e.g. `hotline.assigned` */
    kind: text('kind').notNull(),
    title: jsonb('title').$type<Messages>().notNull(),
    body: jsonb('body').$type<Messages>(),
    /** a console path to open, e.g. `/hotline/cases/<id>` */
    link: text('link'),
    orgId: bigint('org_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notice_account_idx').on(t.accountId, t.id), index('notice_unread_idx').on(t.accountId).where(sql`${t.readAt} is null`)],
);
