import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types.ts';

/** Append-only: one row per change, written in the same transaction as the change. */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }),
    // The owning org's path at the time of the event, so scope filters need no join.
    orgPath: ltree('org_path'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [index('audit_org_path_gist').using('gist', t.orgPath), index('audit_at_idx').on(t.at, t.id), index('audit_entity_idx').on(t.entity, t.entityId)],
);
