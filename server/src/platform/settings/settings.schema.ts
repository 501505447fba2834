import { bigint, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A configurable rule's value for one org's subtree; the nearest ancestor's row wins. */
export const orgSetting = pgTable(
  'org_setting',
  {
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('org_setting_uq').on(t.orgId, t.key)],
);
