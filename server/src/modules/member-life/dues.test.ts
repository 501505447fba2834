import { asc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../../platform/settings/settings.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { subtrees } from '../../platform/access/scope.ts';
import { addDays, chinaToday as today } from '../../platform/dates.ts';
import { buildMember } from '../../test/members.factories.ts';
import { arrearsByBranch, arrearsRows, paidMonthsDrift } from './dues.queries.ts';
import { duesEntry, duesPaidYear } from './member-life.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
const now = today();
const year = now.slice(0, 4);
const thisMonth = now.slice(0, 7);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
});
afterAll(async () => t?.close());

const pay = (id: string, body: Record<string, unknown>, c = adminA) =>
  c.post(`/api/v1/members/${id}/dues`, { fromMonth: `${year}-01`, toMonth: `${year}-01`, amountFen: 20, paidOn: now, method: 'cash', ...body });

describe('the standard per member', () => {
  it('follows category and pay; farmers follow the province setting', async () => {
    const s = await buildMember(t.db, w.branchA.id, { duesCategory: 'salaried', monthlyIncomeFen: 456_700 });
    expect((await adminA.get(`/api/v1/members/${s.id}/dues`)).json().standardFen).toBe(900);
    const f = await buildMember(t.db, w.branchA.id, { duesCategory: 'farmer' });
    expect((await adminA.get(`/api/v1/members/${f.id}/dues`)).json().standardFen).toBe(20);
    await putSetting(t.db, w.province.id, 'dues.farmerFen', 50, null);
    expect((await adminA.get(`/api/v1/members/${f.id}/dues`)).json().standardFen).toBe(50);
  });
});

describe('payments', () => {
  it('records a payment and derives arrears from the months covered', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const res = await pay(m.id, { fromMonth: `${year}-01`, toMonth: thisMonth, amountFen: 20 * Number(thisMonth.slice(5)) });
    expect(res.statusCode).toBe(201);
    const d = (await adminA.get(`/api/v1/members/${m.id}/dues`)).json();
    expect(d.arrearsMonths).toEqual([]);
    expect(d.entries.length).toBe(1);
  });

  it('refuses future dates, non-positive amounts, bad months and months already paid, naming the field', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const future = await pay(m.id, { paidOn: addDays(now, 1) });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('paidOn');
    const negative = await pay(m.id, { amountFen: -20 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().field).toBe('amountFen');
    expect((await pay(m.id, { amountFen: 0 })).json().field).toBe('amountFen');
    expect((await pay(m.id, { fromMonth: '2026-13' })).json().field).toBe('fromMonth');
    expect((await pay(m.id, { fromMonth: `${year}-03`, toMonth: `${year}-02` })).json().field).toBe('toMonth');
    expect((await pay(m.id, { fromMonth: '2017-01', toMonth: '2017-02' })).json().field).toBe('fromMonth');
    expect((await pay(m.id, {})).statusCode).toBe(201);
    const dup = await pay(m.id, {});
    expect(dup.statusCode).toBe(422);
    expect(dup.json()).toMatchObject({ code: 'member-life.months_paid', field: 'fromMonth' });
    expect((await t.db.select().from(duesEntry).where(eq(duesEntry.memberId, m.id))).length).toBe(1);
  });

  it('a correction is a reversing entry with a reason; the original stays; reversing twice is refused', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const e = (await pay(m.id, { amountFen: 200 })).json();
    const noReason = await adminA.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: '' });
    expect(noReason.json().field).toBe('reason');
    const rev = await adminA.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: '金额录错' });
    expect(rev.statusCode).toBe(201);
    expect(rev.json()).toMatchObject({ amountFen: -200, reversesId: e.id, reason: '金额录错' });
    const twice = await adminA.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: '再冲' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'member-life.already_reversed', field: 'reversesId' });
    const revRev = await adminA.post(`/api/v1/dues/entries/${rev.json().id}/reverse`, { reason: '冲销冲销' });
    expect(revRev.statusCode).toBe(422);
    expect(revRev.json()).toMatchObject({ code: 'member-life.reversal_final', field: 'reversesId' });
    // The months are owed again and can be paid again with the right amount.
    const d = (await adminA.get(`/api/v1/members/${m.id}/dues`)).json();
    expect(d.arrearsMonths).toContain(`${year}-01`);
    expect(d.entries.find((x: { id: number }) => x.id === e.id).reversed).toBe(true);
    expect((await pay(m.id, { amountFen: 20 })).statusCode).toBe(201);
    expect((await t.db.select().from(duesEntry).where(eq(duesEntry.memberId, m.id))).length).toBe(3);
  });

  it('another county’s members and entries answer 404', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    expect((await pay(m.id, {}, adminB)).statusCode).toBe(404);
    const e = (await pay(m.id, {})).json();
    expect((await adminB.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: 'x' })).statusCode).toBe(404);
  });
});

describe('arrears lists', () => {
  it('by member and by branch, with an Excel export; out-of-scope orgs answer 404', async () => {
    const owing = await buildMember(t.db, w.branchB.id, { name: '欠费乙', admittedOn: '2018-01-01' });
    const paid = await buildMember(t.db, w.branchB.id, { name: '缴清乙', admittedOn: '2018-01-01' });
    await pay(paid.id, { fromMonth: `${year}-01`, toMonth: thisMonth, amountFen: 100 }, adminB);
    const list = (await adminB.get('/api/v1/dues/arrears')).json().items;
    const names = list.map((x: { name: string }) => x.name);
    expect(names).toContain('欠费乙');
    expect(names).not.toContain('缴清乙');
    const row = list.find((x: { memberId: string }) => x.memberId === owing.id);
    expect(row).toMatchObject({ arrearsMonths: Number(thisMonth.slice(5)), arrearsFen: 20 * Number(thisMonth.slice(5)) });
    const branches = (await adminB.get(`/api/v1/dues/arrears/by-branch?orgId=${w.townB.id}`)).json().items;
    expect(branches.find((b: { orgId: number }) => b.orgId === w.branchB.id)).toMatchObject({ members: 2, inArrears: 1 });
    expect((await adminA.get(`/api/v1/dues/arrears?orgId=${w.townB.id}`)).statusCode).toBe(404);
    // pages of one by the signed cursor give the same rows, once each
    const paged: string[] = [];
    let cursor = '';
    do {
      const res = (await adminB.get(`/api/v1/dues/arrears?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      paged.push(...res.items.map((i: { memberId: string }) => i.memberId));
      cursor = res.nextCursor ?? '';
    } while (cursor);
    expect(paged).toEqual(list.map((i: { memberId: string }) => i.memberId));
    expect((await adminB.get(`/api/v1/dues/arrears?cursor=${Buffer.from(owing.id).toString('base64url')}`)).statusCode).toBe(400);
    const x = await adminB.get('/api/v1/dues/arrears/export');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0]?.getColumn(1).values ?? [];
    expect(values).toContain('欠费乙');
  });
});

/** Bit set of months (1–12) as `dues_paid_year` stores it. */
const bits = (...months: number[]) => months.reduce((b, m) => b | (1 << (m - 1)), 0);
const paidRows = (memberId: string) =>
  t.db
    .select({ year: duesPaidYear.year, months: duesPaidYear.months })
    .from(duesPaidYear)
    .where(eq(duesPaidYear.memberId, memberId))
    .orderBy(asc(duesPaidYear.year));
const reverse = (entryId: number, reason = '录入错误') => adminA.post(`/api/v1/dues/entries/${entryId}/reverse`, { reason });

describe('the paid-months rollup (dues_paid_year)', () => {
  it('equals the ledger after payments, multi-month payments across years and reversals', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const q1 = (await pay(m.id, { fromMonth: `${year}-01`, toMonth: `${year}-03`, amountFen: 60 })).json();
    expect((await pay(m.id, { fromMonth: `${Number(year) - 1}-11`, toMonth: `${Number(year) - 1}-12`, amountFen: 40 })).statusCode).toBe(201);
    expect((await pay(m.id, { fromMonth: `${year}-05`, toMonth: `${Number(year) + 1}-02`, amountFen: 200 })).statusCode).toBe(201);
    expect(await paidRows(m.id)).toEqual([
      { year: Number(year) - 1, months: bits(11, 12) },
      { year: Number(year), months: bits(1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12) },
      { year: Number(year) + 1, months: bits(1, 2) },
    ]);
    expect(await paidMonthsDrift(t.db, [m.id])).toEqual([]);
    expect((await reverse(q1.id)).statusCode).toBe(201);
    expect((await paidRows(m.id)).find((r) => r.year === Number(year))?.months).toBe(bits(5, 6, 7, 8, 9, 10, 11, 12));
    expect(await paidMonthsDrift(t.db, [m.id])).toEqual([]);
    // Paid again after the reversal: February only.
    expect((await pay(m.id, { fromMonth: `${year}-02`, toMonth: `${year}-02` })).statusCode).toBe(201);
    expect((await paidRows(m.id)).find((r) => r.year === Number(year))?.months).toBe(bits(2, 5, 6, 7, 8, 9, 10, 11, 12));
    expect(await paidMonthsDrift(t.db, [m.id])).toEqual([]);
  });

  it('a year whose only payment is reversed has no row', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const e = (await pay(m.id, { fromMonth: `${Number(year) + 1}-01`, toMonth: `${Number(year) + 1}-03`, amountFen: 60 })).json();
    expect(await paidRows(m.id)).toEqual([{ year: Number(year) + 1, months: bits(1, 2, 3) }]);
    await reverse(e.id);
    expect(await paidRows(m.id)).toEqual([]);
    expect(await paidMonthsDrift(t.db, [m.id])).toEqual([]);
  });

  it('stays equal to the ledger under concurrent payments and reversals of one member', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const first = (await pay(m.id, { fromMonth: `${year}-01`, toMonth: `${year}-02`, amountFen: 40 })).json();
    const second = (await pay(m.id, { fromMonth: `${year}-07`, toMonth: `${year}-07` })).json();
    const res = await Promise.all([
      pay(m.id, { fromMonth: `${year}-03`, toMonth: `${year}-03` }),
      pay(m.id, { fromMonth: `${year}-04`, toMonth: `${year}-06`, amountFen: 60 }),
      pay(m.id, { fromMonth: `${year}-05`, toMonth: `${year}-05` }),
      reverse(first.id),
      reverse(second.id),
      pay(m.id, { fromMonth: `${Number(year) + 1}-01`, toMonth: `${Number(year) + 1}-02`, amountFen: 40 }),
      pay(m.id, { fromMonth: `${year}-08`, toMonth: `${year}-12`, amountFen: 100 }),
    ]);
    const codes = res.map((r) => r.statusCode);
    expect([codes[0], codes[3], codes[4], codes[5], codes[6]]).toEqual([201, 201, 201, 201, 201]);
    // April–June and May overlap: exactly one of them lands.
    expect([codes[1], codes[2]].sort()).toEqual([201, 422]);
    expect(await paidMonthsDrift(t.db, [m.id])).toEqual([]);
    const may = codes[2] === 201;
    expect((await paidRows(m.id)).find((r) => r.year === Number(year))?.months).toBe(bits(3, ...(may ? [5] : [4, 5, 6]), 8, 9, 10, 11, 12));
  });

  it('matches the ledger for every member written by this file (and the fixtures)', async () => {
    expect(await paidMonthsDrift(t.db)).toEqual([]);
  });
});

/** Arrears as they were defined before the rollup: months expanded from the ledger per member. */
async function ledgerArrears(path: string, asOf: string) {
  const res = await t.db.execute<{ member_id: string; org_id: number; due_months: number; covered_months: number }>(sql`
    with ms as (
      select m.id as member_id, m.org_id,
        greatest(date_trunc('month', m.admitted_on)::date, date_trunc('year', ${asOf}::date)::date) as start_m
      from member m join org o on o.id = m.org_id
      where m.status = 'active' and o.path <@ ${path}::ltree and m.admitted_on <= ${asOf}::date
    )
    select member_id, org_id,
      greatest(0, (extract(year from ${asOf}::date)::int * 12 + extract(month from ${asOf}::date)::int)
        - (extract(year from start_m)::int * 12 + extract(month from start_m)::int) + 1) as due_months,
      (select count(distinct g)::int
         from dues_entry e
         cross join lateral generate_series(greatest(e.from_month, start_m), least(e.to_month, date_trunc('month', ${asOf}::date)::date), interval '1 month') g
        where e.member_id = ms.member_id and e.amount_fen > 0
          and not exists (select 1 from dues_entry r where r.reverses_id = e.id)) as covered_months
    from ms order by member_id`);
  return res.rows;
}

describe('arrears from the rollup', () => {
  it('are the figures the ledger gives, for admissions in the year, payments ahead and reversals, at several dates', async () => {
    const y0 = Number(year) - 1;
    const mid = await buildMember(t.db, w.branchA.id, { admittedOn: `${y0}-04-20` });
    await pay(mid.id, { fromMonth: `${y0}-04`, toMonth: `${y0}-06`, amountFen: 60 });
    await pay(mid.id, { fromMonth: `${y0}-09`, toMonth: `${year}-01`, amountFen: 100 });
    const ahead = await buildMember(t.db, w.branchA.id, { admittedOn: '2019-03-01' });
    await pay(ahead.id, { fromMonth: `${y0}-01`, toMonth: `${year}-12`, amountFen: 480 });
    const reversed = await buildMember(t.db, w.branchA.id, { admittedOn: '2019-03-01' });
    const r1 = (await pay(reversed.id, { fromMonth: `${y0}-02`, toMonth: `${y0}-02` })).json();
    await pay(reversed.id, { fromMonth: `${y0}-03`, toMonth: `${y0}-08`, amountFen: 120 });
    await reverse(r1.id);
    await buildMember(t.db, w.branchA.id, { admittedOn: `${y0}-12-31` });

    const province = w.province.path;
    for (const asOf of [now, `${year}-01-01`, `${y0}-01-31`, `${y0}-04-20`, `${y0}-07-15`, `${y0}-12-31`]) {
      const want = await ledgerArrears(province, asOf);
      const pick = (r: { member_id: string; org_id: number; due_months: number; covered_months: number }) => ({
        member_id: r.member_id,
        org_id: r.org_id,
        due_months: r.due_months,
        covered_months: r.covered_months,
      });
      // The shapes the API uses: the whole list, a page (the small-subtree form) and the figures by branch.
      expect((await arrearsRows(t.db, { scope: subtrees([province]), asOf, onlyArrears: false })).map(pick), asOf).toEqual(want);
      expect((await arrearsRows(t.db, { scope: subtrees([province]), asOf, onlyArrears: false, limit: 10_000 })).map(pick), asOf).toEqual(want);
      const owing = want.filter((r) => r.due_months > r.covered_months);
      const page = await arrearsRows(t.db, { scope: subtrees([province]), asOf, onlyArrears: true, after: owing[0]?.member_id ?? null, limit: 3 });
      expect(page.map((r) => r.member_id)).toEqual(owing.slice(1, 4).map((r) => r.member_id));
      const byBranch = new Map<number, { members: number; in_arrears: number; arrears_months: number }>();
      for (const r of want) {
        const b = byBranch.get(r.org_id) ?? { members: 0, in_arrears: 0, arrears_months: 0 };
        b.members++;
        if (r.due_months > r.covered_months) b.in_arrears++;
        b.arrears_months += r.due_months - r.covered_months;
        byBranch.set(r.org_id, b);
      }
      const got = await arrearsByBranch(t.db, subtrees([province]), asOf);
      expect(new Map(got.map((r) => [r.org_id, { members: r.members, in_arrears: r.in_arrears, arrears_months: r.arrears_months }])), asOf).toEqual(byBranch);
    }
    // The figure on the dashboard (members.arrears) counts the same members.
    const countyA = await ledgerArrears(w.countyA.path, now);
    const metric = (await adminA.get(`/api/v1/metrics/members.arrears?orgId=${w.countyA.id}&from=${year}-01-01&to=${year}-12-31`)).json();
    const owingA = countyA.filter((r) => r.due_months > r.covered_months);
    expect(metric.total).toBe(owingA.length);
    // Its rows for one branch, paged: the branch's members in arrears, none lost to the paging.
    const group = (await adminA.get(`/api/v1/metrics/members.arrears?orgId=${w.countyA.id}&from=${year}-01-01&to=${year}-12-31&groupBy=branch`))
      .json()
      .groups.find((g: { group: string }) => Number(g.group.split(':')[0]) === w.branchA.id).group;
    const seen: string[] = [];
    let cursor = '';
    do {
      const res = (
        await adminA.get(
          `/api/v1/metrics/members.arrears/rows?orgId=${w.countyA.id}&from=${year}-01-01&to=${year}-12-31&groupBy=branch&group=${encodeURIComponent(group)}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
      ).json();
      seen.push(...res.items.map((r: { memberId: string }) => r.memberId));
      cursor = res.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual(owingA.filter((r) => r.org_id === w.branchA.id).map((r) => r.member_id));
  });
});
