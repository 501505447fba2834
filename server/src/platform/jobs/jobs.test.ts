import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { createTestDatabase } from '../../test/harness.ts';
import { chinaHour } from '../dates.ts';
import { registerJob, runDueJobs, runJob, runKeyOf } from './jobs.ts';

let calls = 0;
let fail = true;
registerJob({
  name: 'test.count',
  schedule: 'daily',
  run: async ({ today }) => {
    calls++;
    if (today === '2026-02-02' && fail) throw new Error('boom');
    return { calls };
  },
});

const hours: string[] = [];
registerJob({
  name: 'test.hourly',
  schedule: 'hourly',
  run: async ({ hour, today, now }) => {
    hours.push(hour);
    return { day: Number(today.slice(8, 10)), at: now.getTime() };
  },
});

let d: Database;
beforeAll(async () => {
  d = await createTestDatabase();
});
afterAll(async () => d?.close());

describe('scheduled jobs', () => {
  it('runs once per day: a second run, even a concurrent one, is skipped', async () => {
    const [a, b] = await Promise.all([runJob(d.db, 'test.count', '2026-02-01'), runJob(d.db, 'test.count', '2026-02-01')]);
    expect([a.status, b.status].sort()).toEqual(['done', 'skipped']);
    expect((await runJob(d.db, 'test.count', '2026-02-01')).status).toBe('skipped');
    expect(calls).toBe(1);
    expect((await runJob(d.db, 'test.count', '2026-02-01', { force: true })).status).toBe('done');
    expect(calls).toBe(2);
  });

  it('records a failure and lets the next run retry it', async () => {
    const failed = await runJob(d.db, 'test.count', '2026-02-02');
    expect(failed).toMatchObject({ status: 'failed', error: 'boom' });
    fail = false;
    expect((await runJob(d.db, 'test.count', '2026-02-02')).status).toBe('done');
  });

  it('an hourly job runs once per China hour: the key is the hour, a second run of it is skipped', async () => {
    // 2026-02-03 15:30 UTC is 23:30 in China; half an hour later the China date turns.
    const at = new Date('2026-02-03T15:30:00Z');
    expect(chinaHour(at)).toBe('2026-02-03T23');
    expect(runKeyOf('hourly', at)).toBe('2026-02-03T23');
    expect(runKeyOf('daily', at)).toBe('2026-02-03');
    const [a, b] = await Promise.all([runJob(d.db, 'test.hourly', '2026-02-03T23', { now: at }), runJob(d.db, 'test.hourly', '2026-02-03T23', { now: at })]);
    expect([a.status, b.status].sort()).toEqual(['done', 'skipped']);
    expect(hours).toEqual(['2026-02-03T23']);
    const next = new Date('2026-02-03T16:05:00Z');
    expect((await runJob(d.db, 'test.hourly', chinaHour(next), { now: next })).result).toEqual({ day: 4, at: next.getTime() });
    expect(hours).toEqual(['2026-02-03T23', '2026-02-04T00']);
    await expect(runJob(d.db, 'test.hourly', '2026-02-04')).rejects.toThrow(/YYYY-MM-DDTHH/);
    await expect(runJob(d.db, 'test.count', '2026-02-04T01')).rejects.toThrow(/YYYY-MM-DD/);
  });

  it('the scheduler runs each job under its own key: daily by the date, hourly by the hour', async () => {
    const at = new Date('2026-02-05T02:10:00Z');
    const out = await runDueJobs(d.db, at);
    expect(out.find((o) => o.job === 'test.hourly')).toMatchObject({ runKey: '2026-02-05T10', status: 'done' });
    expect(out.find((o) => o.job === 'test.count')).toMatchObject({ runKey: '2026-02-05', status: 'done' });
    const again = await runDueJobs(d.db, new Date('2026-02-05T02:50:00Z'));
    expect(again.filter((o) => o.job.startsWith('test.')).map((o) => o.status)).toEqual(['skipped', 'skipped']);
    const nextHour = await runDueJobs(d.db, new Date('2026-02-05T03:00:00Z'));
    expect(nextHour.find((o) => o.job === 'test.hourly')).toMatchObject({ runKey: '2026-02-05T11', status: 'done' });
    expect(nextHour.find((o) => o.job === 'test.count')?.status).toBe('skipped');
  });
});
