import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Messages, RowError } from '../errors.ts';

export const importStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importPhases = ['queued', 'reading', 'checking', 'writing', 'finished'] as const;
export type ImportPhase = (typeof importPhases)[number];
export type ImportProgress = { phase: ImportPhase; done: number; total: number | null };
/** Why a run failed, as a problem without its rows (those are in `errors`). */
export type ImportError = { status: number; code: string; field?: string; messages: Messages };

/**
 * One Excel import, run off the request path: the upload answers at once with this row's id, and
 * the console follows its progress. The org imported into owns it, so scope applies as to any row.
 * `heartbeat_at` is kept fresh by the process running it: a run whose heartbeat stops was cut off
 * by a dead process and is marked failed (its all-or-nothing transaction wrote nothing).
 */
export const importRun = pgTable(
  'import_run',
  {
    id: uuid('id').primaryKey(),
    /** members, orgs, study … (the module that reads the rows) */
    kind: text('kind').notNull(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    accountId: uuid('account_id').notNull(),
    /** the permission the import needed; reading the run needs it too (or being its starter) */
    permission: text('permission').notNull(),
    fileName: text('file_name').notNull(),
    fileBytes: integer('file_bytes').notNull(),
    status: text('status').$type<ImportStatus>().notNull(),
    progress: jsonb('progress').$type<ImportProgress>().notNull(),
    result: jsonb('result').$type<Record<string, number>>(),
    error: jsonb('error').$type<ImportError>(),
    /** the row-by-row report of a refused file, at most 1000 */
    errors: jsonb('errors').$type<RowError[]>(),
    /** the process running it */
    instance: text('instance').notNull(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('import_run_org_idx').on(t.orgId, t.createdAt),
    index('import_run_live_idx').on(t.heartbeatAt).where(sql`${t.status} in ('queued', 'running')`),
  ],
);
