// Excel imports as runs off the request path. The upload is received (and refused at once when
// missing, too large or not a zip), recorded as an import_run, and answered 202; a small in-process
// queue then reads the sheet in a worker thread (platform/excel) and hands the rows to the module's
// work, which checks them all and writes all or nothing. The console polls GET /imports/:id.
import type { MultipartFile } from '@fastify/multipart';
import { and, eq, inArray, lt, ne } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../access/scope.ts';
import type { Permission } from '../access/roles.ts';
import { AppError, fromDataException, fromUniqueViolation, type Lang, type RowError } from '../errors.ts';
import { type Column, discardUpload, readSheet, receiveUpload, type SheetLimits, type SheetRow, type Upload } from '../excel/excel.ts';
import { type ImportError, type ImportPhase, type ImportProgress, importRun } from './imports.schema.ts';

/** What a module does with the rows once read: check every one, then write all or nothing. */
export type ImportWork = (rows: SheetRow[], ctx: ImportContext) => Promise<Record<string, number>>;

/** Runs per process at once, queued runs per process, and live runs per account. */
export const importSettings = {
  concurrency: 1,
  maxQueued: 20,
  maxPerAccount: 3,
  /** a live run whose heartbeat is older than this was left by a dead process */
  staleMs: 60_000,
  heartbeatMs: 10_000,
  /** rows between two yields to the event loop in a module's loops */
  sliceRows: 250,
  progressMs: 500,
};

/** This process, as written on the runs it takes. */
const instance = randomUUID();

type Job = {
  id: string;
  db: Db;
  accountId: string;
  upload: Upload;
  columns: Column[];
  limits?: Partial<SheetLimits>;
  work: ImportWork;
  log: (msg: string, err?: unknown) => void;
};

const queue: Job[] = [];
const running = new Set<Job>();
const finished = new Map<string, Promise<void>>();
let heartbeat: NodeJS.Timeout | null = null;

/**
 * Progress of a run, written at most every `progressMs` (and at each new phase); `tick` is called
 * once per row of a module's loop and lets other requests run every `sliceRows` rows.
 */
export class ImportContext {
  private current: ImportProgress = { phase: 'reading', done: 0, total: null };
  private writtenAt = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly id: string,
  ) {}

  get progress(): ImportProgress {
    return this.current;
  }

  report(phase: ImportPhase, done: number, total: number | null): void {
    const newPhase = phase !== this.current.phase;
    this.current = { phase, done, total };
    const now = Date.now();
    if (!newPhase && now - this.writtenAt < importSettings.progressMs) return;
    this.writtenAt = now;
    const progress = this.current;
    this.writing = this.writing.then(() =>
      this.db
        .update(importRun)
        .set({ progress, heartbeatAt: new Date() })
        .where(eq(importRun.id, this.id))
        .then(
          () => undefined,
          () => undefined,
        ),
    );
  }

  /** Once per row `i` of `total` in a phase: every slice, reports and yields to other requests. */
  async tick(phase: ImportPhase, i: number, total: number): Promise<void> {
    if (i % importSettings.sliceRows !== 0 && phase === this.current.phase) return;
    this.report(phase, i, total);
    await nextTurn();
  }

  /** Once per row `i` of a loop that reports no progress of its own: lets other requests run every slice. */
  async pause(i: number): Promise<void> {
    if (i % importSettings.sliceRows === 0) await nextTurn();
  }

  flush(): Promise<void> {
    return this.writing;
  }
}

function problemOf(err: AppError): ImportError {
  return { status: err.status, code: err.code, ...(err.field ? { field: err.field } : {}), messages: err.messages };
}

const liveStatuses = ['queued', 'running'] as const;

/** Live runs whose heartbeat stopped (their process died) end as failed: nothing of them was written. */
export async function failStaleRuns(db: Db, ids?: string[]): Promise<number> {
  const stale = new Date(Date.now() - importSettings.staleMs);
  const res = await db
    .update(importRun)
    .set({ status: 'failed', error: problemOf(new AppError('import_interrupted')), finishedAt: new Date() })
    .where(
      and(
        inArray(importRun.status, [...liveStatuses]),
        lt(importRun.heartbeatAt, stale),
        ne(importRun.instance, instance),
        ids ? inArray(importRun.id, ids) : undefined,
      ),
    )
    .returning({ id: importRun.id });
  return res.length;
}

function beat(): void {
  const byDb = new Map<Db, string[]>();
  for (const j of [...queue, ...running]) byDb.set(j.db, [...(byDb.get(j.db) ?? []), j.id]);
  for (const [db, ids] of byDb) {
    void db
      .update(importRun)
      .set({ heartbeatAt: new Date() })
      .where(inArray(importRun.id, ids))
      .catch(() => undefined);
  }
  if (byDb.size === 0 && heartbeat) {
    clearInterval(heartbeat);
    heartbeat = null;
  }
}

function pump(): void {
  while (running.size < importSettings.concurrency && queue.length > 0) {
    const job = queue.shift();
    if (!job) break;
    running.add(job);
    const done = execute(job).finally(() => {
      running.delete(job);
      finished.delete(job.id);
      pump();
    });
    finished.set(job.id, done);
  }
  if (!heartbeat && running.size + queue.length > 0) {
    heartbeat = setInterval(beat, importSettings.heartbeatMs);
    heartbeat.unref();
  }
}

async function execute(job: Job): Promise<void> {
  const { db, id } = job;
  const ctx = new ImportContext(db, id);
  try {
    await db.update(importRun).set({ status: 'running', startedAt: new Date(), heartbeatAt: new Date(), progress: ctx.progress }).where(eq(importRun.id, id));
    const rows = await readSheet(job.upload.path, job.columns, { ...job.limits, onProgress: (n) => ctx.report('reading', n, null) });
    await discardUpload(job.upload);
    ctx.report('checking', 0, rows.length);
    const result = await job.work(rows, ctx);
    await ctx.flush();
    await db
      .update(importRun)
      .set({ status: 'done', result, progress: { phase: 'finished', done: rows.length, total: rows.length }, finishedAt: new Date() })
      .where(eq(importRun.id, id));
  } catch (err) {
    // A lost race on a unique index, or a value the database refused, still ends with a clear message.
    const known = err instanceof AppError ? err : (fromUniqueViolation(err) ?? fromDataException(err));
    if (!known) job.log(`import ${id} failed`, err);
    const e = known ?? new AppError('internal');
    await ctx.flush();
    await db
      .update(importRun)
      .set({
        status: 'failed',
        error: problemOf(e),
        errors: (e.errors ?? []).slice(0, 1000),
        progress: { ...ctx.progress, phase: 'finished' },
        finishedAt: new Date(),
      })
      .where(eq(importRun.id, id))
      .catch((writeErr: unknown) => job.log(`import ${id}: could not record the failure`, writeErr));
  } finally {
    await discardUpload(job.upload);
  }
}

export type StartImport = {
  /** the module's name for this kind of import */
  kind: string;
  /** the org imported into, already checked against the caller's scope */
  org: { id: number };
  permission: Permission;
  file: MultipartFile | undefined;
  columns: Column[];
  work: ImportWork;
  limits?: Partial<SheetLimits>;
  log?: (msg: string, err?: unknown) => void;
};

/**
 * Receives the upload and queues its run; answers the new run (status queued). Refuses at once a
 * missing, oversized or non-zip file, and a caller or process with too many imports under way (429).
 */
export async function startImport(db: Db, actor: Actor, s: StartImport): Promise<typeof importRun.$inferSelect> {
  const mine = [...queue, ...running].filter((j) => j.accountId === actor.accountId).length;
  if (queue.length >= importSettings.maxQueued || mine >= importSettings.maxPerAccount) throw new AppError('too_many_requests');
  const upload = await receiveUpload(s.file);
  try {
    const [run] = await db
      .insert(importRun)
      .values({
        id: uuidv7(),
        kind: s.kind,
        orgId: s.org.id,
        accountId: actor.accountId,
        permission: s.permission,
        fileName: upload.fileName,
        fileBytes: upload.bytes,
        status: 'queued',
        progress: { phase: 'queued', done: 0, total: null },
        instance,
      })
      .returning();
    if (!run) throw new Error('import run not recorded');
    queue.push({
      id: run.id,
      db,
      accountId: actor.accountId,
      upload,
      columns: s.columns,
      limits: s.limits,
      work: s.work,
      log: s.log ?? ((msg, err) => console.error(msg, err)),
    });
    pump();
    return run;
  } catch (err) {
    await discardUpload(upload);
    throw err;
  }
}

/** Waits until the runs of a database have ended and drops its queued ones (an app closing). */
export async function closeImports(db: Db): Promise<void> {
  for (let i = queue.length - 1; i >= 0; i--) {
    const job = queue[i];
    if (job?.db !== db) continue;
    queue.splice(i, 1);
    await discardUpload(job.upload);
  }
  await Promise.all([...running].filter((j) => j.db === db).map((j) => finished.get(j.id)));
}

/** The run as the API shows it, messages in the caller's language. */
export function presentRun(r: typeof importRun.$inferSelect, lang: Lang) {
  const rows: RowError[] = r.errors ?? [];
  return {
    id: r.id,
    kind: r.kind,
    orgId: r.orgId,
    fileName: r.fileName,
    status: r.status,
    progress: r.progress,
    result: r.result ?? null,
    error: r.error
      ? {
          status: r.error.status,
          code: r.error.code,
          field: r.error.field,
          message: r.error.messages[lang],
          messages: r.error.messages,
          errors: rows.map((e) => ({ row: e.row, column: e.column, field: e.field, message: e.messages?.[lang] ?? e.message })),
        }
      : null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** A unique index that the writes of a run lost a race on, with the value it held (from the database's detail). */
export function uniqueViolation(err: unknown): { constraint: string; value: string } | null {
  const e = err as { code?: string; constraint?: string; detail?: string; cause?: { code?: string; constraint?: string; detail?: string } } | null;
  const pg = e?.cause ?? e;
  if (pg?.code !== '23505' || !pg.constraint) return null;
  const m = /\)=\((.*)\) already exists/.exec(pg.detail ?? '');
  return { constraint: pg.constraint, value: m?.[1] ?? '' };
}
