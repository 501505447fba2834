import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every transition of every workflow: who moved what from which state to which, when and why. */
export const workflowStep = pgTable(
  'workflow_step',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    workflow: text('workflow').notNull(),
    entityId: text('entity_id').notNull(),
    orgId: bigint('org_id', { mode: 'number' }),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** the business date of the step (e.g. the meeting's date), when it differs from `at` */
    occurredOn: text('occurred_on'),
    comment: text('comment'),
    data: jsonb('data'),
  },
  (t) => [index('workflow_step_entity_idx').on(t.workflow, t.entityId, t.id)],
);
