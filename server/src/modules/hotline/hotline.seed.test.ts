import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPii } from '../../platform/pii.ts';
import { buildAccount, buildOrg, password } from '../../test/factories.ts';
import { createTestApp, login } from '../../test/harness.ts';
import { createRootOrg, insertOrg } from '../orgs/index.ts';
import { seedDemoHotline } from './hotline.seed.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe('the demo year of 12355', () => {
  it('seeds cases, sessions, referrals and lectures whose figures come out of the registry with their rows', async () => {
    const province = await t.db.transaction((tx) => createRootOrg(tx, { name: '共青团湖南省委员会', kind: 'committee', divisionCode: '430000' }));
    const city = await t.db.transaction(async (tx) => {
      return insertOrg(tx, null, province, {
        name: '共青团衡阳市委员会',
        kind: 'committee',
        category: null,
        establishedOn: '1950-05-04',
        divisionCode: '430400',
      });
    });
    const county = await buildOrg(t.db, city, { name: '共青团衡阳县委员会' });
    await buildAccount(t.db, 'committee_admin', city.id, 'hyadmin');
    const n = await seedDemoHotline(t.db, createPii(t.config.dataKey), seeded(4304), '2026-12-01');
    expect(n).toBeGreaterThan(3000);
    const admin = await login(t.app, 'hyadmin', password);
    const q = `orgId=${city.id}&from=2025-12-01&to=2026-12-01`;
    const cases = (await admin.get(`/api/v1/metrics/hotline.cases?${q}&groupBy=category`)).json();
    const [{ n: rows } = { n: 0 }] = (
      await t.db.execute<{ n: number }>(sql`select count(*)::int as n from hotline_case where received_on between '2025-12-01' and '2026-12-01'`)
    ).rows;
    expect(cases.total).toBe(rows);
    expect(cases.groups[0].group).toBe('心理');
    const lectures = (await admin.get(`/api/v1/metrics/hotline.lectures?${q}&groupBy=kind`)).json();
    expect(lectures.total).toBeGreaterThan(150);
    const sla = (await admin.get(`/api/v1/metrics/hotline.slaMetRate?${q}`)).json();
    expect(sla.denominator).toBeGreaterThan(2000);
    expect(sla.total).toBeGreaterThan(50);
    const county1 = (await admin.get(`/api/v1/metrics/hotline.callers?orgId=${county.id}&from=2025-12-01&to=2026-12-01`)).json();
    expect(county1.total).toBeGreaterThan(0);
    // every closed high-risk case met the closing rule
    const [{ n: bad } = { n: 0 }] = (
      await t.db.execute<{ n: number }>(sql`select count(*)::int as n from hotline_case where status = 'closed' and risk in ('high', 'critical')
        and (supervisor_id is null or safety_plan is null or followed_up_at is null or followed_up_at < escalated_at)`)
    ).rows;
    expect(bad).toBe(0);
  });
});
