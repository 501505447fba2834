import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per job per run key (e.g. a date): the key makes a second run of the same day a no-op. */
export const jobRun = pgTable(
  'job_run',
  {
    job: text('job').notNull(),
    runKey: text('run_key').notNull(),
    status: text('status').$type<'running' | 'done' | 'failed'>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    result: jsonb('result'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.job, t.runKey] })],
);
