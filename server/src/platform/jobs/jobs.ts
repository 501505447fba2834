import { chinaToday } from '../dates.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobRun } from './jobs.schema.ts';

/**
 * Scheduled rules (STYLE rule 9): idempotent, and run once per key across all instances —
 * the (job, run_key) primary key is the lock, so a second runner of the same day does nothing.
 */
export type Job = {
  name: string;
  schedule: 'daily';
  /** `today` is injected so tests never depend on the clock. */
  run: (ctx: { db: Db; today: string }) => Promise<Record<string, number>>;
};

const jobs = new Map<string, Job>();

export function defineJob(job: Job): Job {
  if (jobs.has(job.name)) throw new Error(`job ${job.name} defined twice`);
  jobs.set(job.name, job);
  return job;
}

export function listJobs(): Job[] {
  return [...jobs.values()];
}

export type JobOutcome = { job: string; runKey: string; status: 'done' | 'failed' | 'skipped'; result?: Record<string, number>; error?: string };

/** Runs a job for a key unless it already ran (or is running); a failed run may be retried. */
export async function runJob(db: Db, name: string, today: string, opts: { force?: boolean } = {}): Promise<JobOutcome> {
  const job = jobs.get(name);
  if (!job) throw new Error(`no job ${name}`);
  const runKey = today;
  const claimed = await db
    .insert(jobRun)
    .values({ job: name, runKey, status: 'running' })
    .onConflictDoUpdate({
      target: [jobRun.job, jobRun.runKey],
      set: { status: 'running', startedAt: new Date(), finishedAt: null, error: null },
      // Only a failed run (or a forced one) is taken over; a done or running one is left alone.
      setWhere: opts.force ? sql`true` : sql`${jobRun.status} = 'failed'`,
    })
    .returning({ job: jobRun.job });
  if (claimed.length === 0) return { job: name, runKey, status: 'skipped' };
  try {
    const result = await job.run({ db, today });
    await db
      .update(jobRun)
      .set({ status: 'done', finishedAt: new Date(), result })
      .where(and(eq(jobRun.job, name), eq(jobRun.runKey, runKey)));
    return { job: name, runKey, status: 'done', result };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await db
      .update(jobRun)
      .set({ status: 'failed', finishedAt: new Date(), error })
      .where(and(eq(jobRun.job, name), eq(jobRun.runKey, runKey)));
    return { job: name, runKey, status: 'failed', error };
  }
}

export async function runDueJobs(db: Db, today: string): Promise<JobOutcome[]> {
  const out: JobOutcome[] = [];
  for (const job of jobs.values()) out.push(await runJob(db, job.name, today));
  return out;
}

/** In `serve`: checks every 10 minutes whether today's jobs have run (a restart catches up). */
export function startScheduler(db: Db, log: (msg: string) => void): () => void {
  const tick = async () => {
    const today = chinaToday();
    for (const o of await runDueJobs(db, today).catch(() => [])) {
      if (o.status !== 'skipped') log(`job ${o.job} ${o.runKey}: ${o.status}${o.error ? ` (${o.error})` : ''}`);
    }
  };
  const timer = setInterval(tick, 10 * 60_000);
  void tick();
  return () => clearInterval(timer);
}
