import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { createTestDatabase } from '../../test/harness.ts';
import { defineJob, runJob } from './jobs.ts';

let calls = 0;
let fail = true;
defineJob({
  name: 'test.count',
  schedule: 'daily',
  run: async ({ today }) => {
    calls++;
    if (today === '2026-02-02' && fail) throw new Error('boom');
    return { calls };
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
});
