import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../platform/dates.ts';
import { createPii } from '../../platform/pii.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login } from '../../test/harness.ts';
import { seedDemoYouthVoice } from './youth-voice.seed.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  // the seed works on the demo's shape: counties and townships with division codes
  await t.db.execute(sql`update org set division_code = '430421' where id = ${w.countyA.id}`);
  await t.db.execute(sql`update org set division_code = '430422' where id = ${w.countyB.id}`);
  await t.db.execute(sql`update org set division_code = '430421100' where id in (${w.townA.id}, ${w.townB.id})`);
});
afterAll(async () => t?.close());

const lcg = (seed: number) => {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
};

describe('the demo seed', () => {
  it('fills a year of questions, wishes through every stage and visits, readable through the figures', async () => {
    const today = chinaToday();
    const res = await seedDemoYouthVoice(t.db, createPii(t.config.dataKey), lcg(4304), today, { questions: 400, wishes: 150 });
    expect(res).toMatchObject({ questions: 400, wishes: 150, visits: 2 * 365 });
    const statuses = (await t.db.execute<{ status: string }>(sql`select distinct status from yv_wish`)).rows.map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining(['published', 'claimed', 'delivered', 'followed_up']));
    const admin = await login(t.app, w.users.cityAdmin, password);
    const q = `orgId=${w.city.id}&from=2000-01-01&to=${today}`;
    const fulfilled = (await admin.get(`/api/v1/metrics/youth-voice.wishesFulfilled?${q}`)).json();
    expect(fulfilled.total).toBeGreaterThan(50);
    const rate = (await admin.get(`/api/v1/metrics/youth-voice.answerRate?${q}`)).json();
    expect(rate.total).toBeGreaterThan(50);
    // Sealed data stays sealed, and the flagged answers wait in the queue unpublished.
    const leaked = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from yv_wish where sealed not like 'v1:%'`)).rows[0];
    expect(leaked?.n).toBe(0);
    const bad = (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from yv_question where status = 'published' and jsonb_array_length(coalesce(answer_flags, '[]')) > 0 and reviewed_at is null`,
      )
    ).rows[0];
    expect(bad?.n).toBe(0);
  });
});
