import { chinaHour, chinaToday } from '../dates.ts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobRun } from './jobs.schema.ts';

/**
 * Scheduled rules (STYLE rule 9): idempotent, and run once per key across all instances —
 * the (job, run_key) primary key is the lock, so a second runner of the same day (or, for an
 * hourly job, the same hour) does nothing.
 */
export type Schedule = 'daily' | 'hourly';
export type Job = {
  name: string;
  schedule: Schedule;
  /**
   * `today` (the key's China date), `hour` (the key's hour, 'YYYY-MM-DDTHH') and `now` are
   * injected so tests never depend on the clock.
   */
  run: (ctx: { db: Db; today: string; hour: string; now: Date }) => Promise<Record<string, number>>;
};

const dayKey = /^\d{4}-\d{2}-\d{2}$/;
const hourKey = /^\d{4}-\d{2}-\d{2}T\d{2}$/;

/** The key a job runs under at `now`: the China date for daily jobs, the China hour for hourly ones. */
export function runKeyOf(schedule: Schedule, now: Date = new Date()): string {
  return schedule === 'hourly' ? chinaHour(now) : chinaToday(now);
}

const jobs = new Map<string, Job>();

/** Called by the module registry for each module's `jobs` (and by tests for their own). */
export function registerJob(job: Job): Job {
  const known = jobs.get(job.name);
  if (known && known !== job) throw new Error(`job ${job.name} defined twice`);
  jobs.set(job.name, job);
  return job;
}

export function listJobs(): Job[] {
  return [...jobs.values()];
}

export type JobOutcome = { job: string; runKey: string; status: 'done' | 'failed' | 'skipped'; result?: Record<string, number>; error?: string };

/**
 * Runs a job for a key unless it already ran (or is running); a failed run may be retried.
 * The key is a date for a daily job and an hour ('YYYY-MM-DDTHH') for an hourly one.
 */
export async function runJob(db: Db, name: string, key: string, opts: { force?: boolean; now?: Date } = {}): Promise<JobOutcome> {
  const job = jobs.get(name);
  if (!job) throw new Error(`no job ${name}`);
  const expected = job.schedule === 'hourly' ? hourKey : dayKey;
  if (!expected.test(key))
    throw new Error(`job ${name} runs ${job.schedule}: its key must look like ${job.schedule === 'hourly' ? 'YYYY-MM-DDTHH' : 'YYYY-MM-DD'}, not ${key}`);
  const runKey = key;
  const today = key.slice(0, 10);
  const hour = job.schedule === 'hourly' ? key : `${today}T00`;
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
    const result = await job.run({ db, today, hour, now: opts.now ?? new Date() });
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

/** Every job under its key at `now`: today's for daily jobs, this hour's for hourly ones. */
export async function runDueJobs(db: Db, now: Date): Promise<JobOutcome[]> {
  const out: JobOutcome[] = [];
  for (const job of jobs.values()) out.push(await runJob(db, job.name, runKeyOf(job.schedule, now), { now }));
  return out;
}

/**
 * In `serve`: checks every 10 minutes whether today's and this hour's jobs have run (a restart
 * catches up; an hourly job runs within 10 minutes of the hour turning).
 */
export function startScheduler(db: Db, log: (msg: string) => void): () => void {
  const tick = async () => {
    for (const o of await runDueJobs(db, new Date()).catch(() => [])) {
      if (o.status !== 'skipped') log(`job ${o.job} ${o.runKey}: ${o.status}${o.error ? ` (${o.error})` : ''}`);
    }
  };
  const timer = setInterval(tick, 10 * 60_000);
  void tick();
  return () => clearInterval(timer);
}
