import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildOrg, buildWorld, password } from '../../test/factories.ts';
import { addMonths, chinaToday as today } from '../../platform/dates.ts';
import { buildMember } from '../../test/members.factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
const now = today();
const year = Number(now.slice(0, 4));
const period = `from=${year}-01-01&to=${year}-12-31`;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  const ms = [];
  for (let i = 0; i < 5; i++) ms.push(await buildMember(t.db, w.branchA.id, { birthDate: '1999-01-01', admittedOn: '2018-01-01' }));
  const [a, b, c] = ms as [(typeof ms)[0], (typeof ms)[0], (typeof ms)[0]];
  // last year's review, approved: a excellent, others qualified
  const r = await adminA.post('/api/v1/reviews', {
    orgId: w.branchA.id,
    year: year - 1,
    heldOn: `${year - 1}-12-01`,
    expected: 5,
    attended: 5,
    grades: ms.map((m, i) => ({ memberId: m.id, grade: i === 0 ? 'excellent' : 'qualified' })),
  });
  await adminA.post(`/api/v1/reviews/${r.json().id}/approve`, {});
  await adminA.post('/api/v1/registrations', { memberId: a.id, year });
  await adminA.post(`/api/v1/members/${b.id}/dues`, { fromMonth: `${year}-01`, toMonth: now.slice(0, 7), amountFen: 100, paidOn: now, method: 'cash' });
  await adminA.post(`/api/v1/members/${c.id}/party-application`, { appliedOn: addMonths(now, -7) });
  await adminA.post('/api/v1/party/recommendations', { memberId: c.id, meetingOn: now, voters: 5, present: 5, yes: 5 });
  const m = await buildMember(t.db, w.branchA.id);
  await adminA.post('/api/v1/transfers', { memberId: m.id, toOrgId: w.townB.id, reason: 'unemployed' });
});
afterAll(async () => t?.close());

const metric = async (key: string, q = '') => (await adminA.get(`/api/v1/metrics/${key}?orgId=${w.countyA.id}&${period}${q}`)).json();
const rows = async (key: string, q = '') => (await adminA.get(`/api/v1/metrics/${key}/rows?orgId=${w.countyA.id}&${period}${q}`)).json();

describe('member-life figures, each traceable to its rows', () => {
  it('members.recommendedToParty by branch', async () => {
    const v = await metric('members.recommendedToParty', '&groupBy=branch');
    expect(v.total).toBe(1);
    expect(v.groups[0]).toMatchObject({ label: w.branchA.name, value: 1 });
    expect((await rows('members.recommendedToParty', `&groupBy=branch&group=${encodeURIComponent(v.groups[0].group)}`)).items.length).toBe(1);
  });

  it('members.arrears: everyone but the one who paid', async () => {
    const v = await metric('members.arrears', '&groupBy=branch');
    expect(v.total).toBe(5);
    expect((await rows('members.arrears')).items.length).toBe(5);
  });

  it('registration and review rates', async () => {
    expect((await metric('members.registrationRate')).total).toBe(Math.round((1 / 6) * 1000) / 10);
    const lastYear = `&from=${year - 1}-01-01&to=${year - 1}-12-31`;
    const review = (await adminA.get(`/api/v1/metrics/members.reviewRate?orgId=${w.countyA.id}${lastYear}`)).json();
    expect(review.total).toBeGreaterThan(0);
    const r = (await adminA.get(`/api/v1/metrics/members.reviewRate/rows?orgId=${w.countyA.id}${lastYear}`)).json();
    expect(r.items.filter((x: { done: string }) => x.done === '是').length).toBe(5);
  });

  it('members.evaluation by grade, transfers.count by status', async () => {
    const e = (await adminA.get(`/api/v1/metrics/members.evaluation?orgId=${w.countyA.id}&from=${year - 1}-01-01&to=${year - 1}-12-31&groupBy=grade`)).json();
    expect(e.groups.map((g: { label: string; value: number }) => [g.label, g.value])).toEqual([
      ['合格', 4],
      ['优秀', 1],
    ]);
    const g = (
      await adminA.get(
        `/api/v1/metrics/members.evaluation/rows?orgId=${w.countyA.id}&from=${year - 1}-01-01&to=${year - 1}-12-31&groupBy=grade&group=excellent`,
      )
    ).json();
    expect(g.items.length).toBe(1);
    const tr = await metric('transfers.count', '&groupBy=status');
    expect(tr.groups).toEqual([{ group: 'pending', label: '待接收', value: 1 }]);
    expect((await rows('transfers.count')).items[0].status).toBe('待接收');
  });
});

describe('rates are ratios', () => {
  it('a grouped registration rate totals Σ registered / Σ members, not the sum of branch rates', async () => {
    const small = await buildOrg(t.db, w.townA, { name: '小村团支部', kind: 'branch', category: 'village' });
    // admitted this year: registers without a review (first registration)
    const one = await buildMember(t.db, small.id, { admittedOn: `${year}-01-01` < now ? `${year}-01-01` : now });
    expect((await adminA.post('/api/v1/registrations', { memberId: one.id, year })).statusCode).toBe(201);
    const grouped = await metric('members.registrationRate', '&groupBy=branch');
    // branchA: 1 of 6; the small branch: 1 of 1 → 2 of 7, where a sum of rates would give 116.7.
    expect(grouped.groups.map((g: { value: number }) => g.value).sort()).toEqual([100, 16.7]);
    expect(grouped).toMatchObject({ kind: 'ratio', total: 28.6, numerator: 2, denominator: 7 });
    expect((await metric('members.registrationRate')).total).toBe(28.6);
  });
});
