import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildVolunteer } from '../../test/volunteers.factories.ts';
import { buildPhoneVolunteer, buildShift, confirm, minutes, recordHours } from './volunteer-hours.factories.ts';
import { createCheckinSigner, windowOf } from './volunteer-hours.rules.ts';
import { splitPeriod } from './volunteer-hours.queries.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let cadreA: TestClient;
let signer: ReturnType<typeof createCheckinSigner>;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password, { ip: '10.3.0.1' });
  cadreA = await login(t.app, w.users.cadreA, password, { ip: '10.3.0.2' });
  signer = createCheckinSigner(t.config.dataKey);
});
afterAll(async () => t?.close());

/** Rows where the rollups and a fresh sum of the ledger disagree (both directions): none when exact. */
async function rollupDrift(): Promise<number> {
  const res = await t.db.execute<{ n: number }>(sql`
    with l as (
      select volunteer_id, org_id, date_trunc('month', service_date)::date as month, source, sum(minutes)::int as minutes, count(*)::int as entries
      from hour_entry group by 1, 2, 3, 4),
    lo as (select org_id, month, source, sum(minutes)::int8 as minutes, sum(entries)::int as entries from l group by 1, 2, 3),
    d as (
      (select * from l except select volunteer_id, org_id, month, source, minutes, entries from hour_month)
      union all (select volunteer_id, org_id, month, source, minutes, entries from hour_month except select * from l)
      union all (select null::uuid, org_id, month, source, minutes::int, entries from lo except select null::uuid, org_id, month, source, minutes::int, entries from hour_org_month)
      union all (select null::uuid, org_id, month, source, minutes::int, entries from hour_org_month except select null::uuid, org_id, month, source, minutes::int, entries from lo)),
    ly as (select volunteer_id, extract(year from service_date)::int as year, sum(minutes)::int as minutes from hour_entry group by 1, 2),
    dy as ((select * from ly except select volunteer_id, year, minutes from hour_volunteer_year)
      union all (select volunteer_id, year, minutes from hour_volunteer_year except select * from ly))
    select ((select count(*) from d) + (select count(*) from dy))::int as n`);
  return Number(res.rows[0]?.n ?? -1);
}

const rollupRows = async () => Number((await t.db.execute<{ n: number }>(sql`select count(*)::int as n from hour_month`)).rows[0]?.n ?? 0);

describe('the monthly rollups equal the ledger', () => {
  it('after tracked check-outs, several at once on one shift', async () => {
    const start = new Date(Date.now() - minutes(240));
    const { shift } = await buildShift(t.db, w.townA.id, start, new Date(start.getTime() + minutes(120)));
    const vols = [];
    for (let i = 0; i < 4; i++) {
      const v = await buildPhoneVolunteer(t.app, t.db, w.townA.id);
      await confirm(t.db, shift.id, v.volunteer.id, w.townA.id);
      vols.push(v);
    }
    const scan = (kind: 'in' | 'out', at: Date) => ({
      token: signer.sign(shift.id, kind, windowOf(at)),
      clientScanId: randomUUID(),
      scannedAt: at.toISOString(),
    });
    for (const v of vols) expect((await v.client.post('/api/v1/self/volunteer-scans', scan('in', start))).statusCode).toBe(200);
    // the check-outs at once: all add to the same org-month row
    const outs = await Promise.all(
      vols.map((v, i) => v.client.post('/api/v1/self/volunteer-scans', scan('out', new Date(start.getTime() + minutes(90 + i * 10))))),
    );
    expect(outs.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(await rollupRows()).toBeGreaterThanOrEqual(4);
    expect(await rollupDrift()).toBe(0);
  });

  it('after hand entries approved (concurrently) and reversals', async () => {
    const { shift } = await buildShift(t.db, w.townA.id, new Date('2026-02-14T01:00:00Z'), new Date('2026-02-14T09:00:00Z'));
    const vols = await Promise.all(Array.from({ length: 5 }, () => buildVolunteer(t.db, w.townA.id)));
    const claims = [];
    for (const [i, v] of vols.entries()) {
      const c = await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1 + i * 0.5, reason: '补录测试' });
      expect(c.statusCode).toBe(201);
      claims.push(c.json().id as string);
    }
    const approved = await Promise.all(claims.map((id) => cadreA.post(`/api/v1/volunteer-hours/claims/${id}/approve`, {})));
    expect(approved.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await rollupDrift()).toBe(0);
    const entryIds = approved.map((r) => r.json().entryId as string);
    const reversed = await Promise.all(entryIds.slice(0, 3).map((id) => adminA.post(`/api/v1/volunteer-hours/entries/${id}/reverse`, { reason: '录入有误' })));
    expect(reversed.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(await rollupDrift()).toBe(0);
    const [row] = (
      await t.db.execute<{ minutes: number; entries: number }>(
        sql`select minutes::int as minutes, entries from hour_org_month where org_id = ${w.townA.id} and month = '2026-02-01' and source = 'manual'`,
      )
    ).rows;
    // 1 + 1.5 + 2 + 2.5 + 3 h approved, the first three reversed: 5.5 h in 8 entries
    expect(row).toEqual({ minutes: 330, entries: 8 });
  });

  it('after many concurrent writers on the same rows', async () => {
    const v = await buildVolunteer(t.db, w.townA.id);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recordHours(t.db, [{ volunteerId: v.id, orgId: w.townA.id, serviceDate: `2026-04-${String(1 + (i % 3)).padStart(2, '0')}`, minutes: 30 }]),
      ),
    );
    expect(await rollupDrift()).toBe(0);
  });
});

describe('splitPeriod', () => {
  it('reads whole months from the rollup and only the partial edges from the ledger', () => {
    expect(splitPeriod('2025-01-01', '2025-12-31')).toEqual({ months: { first: '2025-01-01', last: '2025-12-01' }, edges: [] });
    expect(splitPeriod('2025-01-15', '2025-03-10')).toEqual({
      months: { first: '2025-02-01', last: '2025-02-01' },
      edges: [
        ['2025-01-15', '2025-01-31'],
        ['2025-03-01', '2025-03-10'],
      ],
    });
    expect(splitPeriod('2024-02-01', '2024-02-29')).toEqual({ months: { first: '2024-02-01', last: '2024-02-01' }, edges: [] });
    expect(splitPeriod('2025-02-10', '2025-02-20')).toEqual({ months: null, edges: [['2025-02-10', '2025-02-20']] });
    expect(splitPeriod('2025-01-31', '2025-02-27')).toEqual({ months: null, edges: [['2025-01-31', '2025-02-27']] });
    expect(splitPeriod('2025-12-02', '2026-01-31')).toEqual({ months: { first: '2026-01-01', last: '2026-01-01' }, edges: [['2025-12-02', '2025-12-31']] });
    // February's last day in a common year ends a whole month; 28 February of a leap year does not
    expect(splitPeriod('2025-02-01', '2025-02-28')).toEqual({ months: { first: '2025-02-01', last: '2025-02-01' }, edges: [] });
    expect(splitPeriod('2024-02-01', '2024-02-28')).toEqual({ months: null, edges: [['2024-02-01', '2024-02-28']] });
    expect(splitPeriod('2024-01-31', '2024-03-01')).toEqual({
      months: { first: '2024-02-01', last: '2024-02-01' },
      edges: [
        ['2024-01-31', '2024-01-31'],
        ['2024-03-01', '2024-03-01'],
      ],
    });
  });
});

describe('volunteerHours.total reads the rollups and equals the ledger', () => {
  it('for month-aligned and partial periods, by source, in the subtree only', async () => {
    const vA = await buildVolunteer(t.db, w.townA.id);
    const vB = await buildVolunteer(t.db, w.townB.id);
    const dates = ['2024-12-31', '2025-01-01', '2025-01-15', '2025-01-31', '2025-02-01', '2025-02-28', '2025-03-01', '2025-03-17', '2025-04-30'];
    const rows = dates.flatMap((d, i) => [
      {
        volunteerId: vA.id,
        orgId: i % 2 ? w.townA.id : w.branchA.id,
        serviceDate: d,
        minutes: 30 * (i + 1),
        source: i % 3 ? ('manual' as const) : ('tracked' as const),
      },
      { volunteerId: vB.id, orgId: w.townB.id, serviceDate: d, minutes: 60 },
    ]);
    const entries = await recordHours(t.db, rows);
    // a reversal in a partial month and one in a whole month
    await recordHours(
      t.db,
      entries
        .filter((e) => e.serviceDate === '2025-01-15' || e.serviceDate === '2025-03-01')
        .map((e) => ({ volunteerId: e.volunteerId, orgId: e.orgId, serviceDate: e.serviceDate, minutes: -e.minutes, source: e.source, reversesId: e.id })),
    );
    const periods = [
      ['2025-01-01', '2025-03-31'],
      ['2025-01-01', '2025-12-31'],
      ['2024-12-31', '2025-03-01'],
      ['2025-01-15', '2025-02-28'],
      ['2025-01-16', '2025-03-16'],
      ['2025-02-02', '2025-02-27'],
      ['2025-01-31', '2025-01-31'],
    ];
    for (const [from, to] of periods) {
      for (const org of [w.countyA, w.townA, w.branchA]) {
        const ledger = await t.db.execute<{ source: string; minutes: number }>(sql`
          select e.source, sum(e.minutes)::int as minutes from hour_entry e join org o on o.id = e.org_id
          where o.path <@ ${org.path}::ltree and e.service_date between ${from}::date and ${to}::date group by e.source`);
        const want = Object.fromEntries(ledger.rows.map((r) => [r.source, Number(r.minutes) / 60]));
        const fig = (await adminA.get(`/api/v1/metrics/volunteerHours.total?orgId=${org.id}&from=${from}&to=${to}&groupBy=source`)).json();
        const got = Object.fromEntries(fig.groups.map((g: { group: string; value: number }) => [g.group, g.value]));
        expect({ from, to, org: org.name, got }).toEqual({ from, to, org: org.name, got: want });
        const total = (await adminA.get(`/api/v1/metrics/volunteerHours.total?orgId=${org.id}&from=${from}&to=${to}`)).json();
        expect(total.total).toBeCloseTo(
          Object.values(want).reduce((s, x) => s + x, 0),
          6,
        );
      }
    }
    expect((await adminA.get(`/api/v1/metrics/volunteerHours.total?orgId=${w.city.id}`)).statusCode).toBe(404);
  });
});
