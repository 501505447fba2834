import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { addMonths, chinaToday as today } from '../../platform/dates.ts';
import { getMetric } from '../../platform/metrics/registry.ts';
import { buildMembers } from './test-factories.ts';
import { gradeOf } from './rating.rules.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let cadreA: TestClient;
let secretaryA: TestClient;

const fullDeclared = [
  { key: 'organization', score: 10, evidence: '支委会健全' },
  { key: 'education', score: 10, evidence: '每季度团课' },
  { key: 'role', score: 10, evidence: '志愿服务 12 次' },
  { key: 'dues', score: 10, evidence: '全员按月交纳' },
  { key: 'registration', score: 10, evidence: '已完成注册' },
  { key: 'study', score: 10, evidence: '青年大学习参与率 95%' },
];

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  cadreA = await login(t.app, w.users.cadreA, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
  // County A holds 5 branches once the first candidate exists: a 20% quota leaves one five-star place.
  for (const n of [1, 2, 3]) await buildOrg(t.db, w.townA, { name: `普通村团支部${n}`, kind: 'branch', category: 'village' });
});
afterAll(async () => t?.close());

/** A branch with every meeting of 2024 held: the meetings indicator scores full. */
async function diligentBranch(name: string) {
  const b = await buildOrg(t.db, w.townA, { name, kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
  for (let m = 1; m <= 12; m++) {
    const heldOn = `2024-${String(m).padStart(2, '0')}-15`;
    const kinds = m % 3 === 1 ? ['committee_meeting', 'general_meeting', 'lesson'] : ['committee_meeting'];
    for (const kind of kinds) {
      const res = await adminA.post('/api/v1/meetings', {
        orgId: b.id,
        kind,
        heldOn,
        topic: '组织生活',
        attendeeIds: [],
        ...(kind === 'lesson' ? { hours: 1 } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
  return b;
}

describe('branch rating (对标定级)', () => {
  it('grades by the bands of 中青办发〔2019〕6号', () => {
    expect([95, 90, 89, 80, 79, 70, 69, 60, 59].map((s) => gradeOf(s, false))).toEqual([
      'five_star',
      'five_star',
      'four_star',
      'four_star',
      'three_star',
      'three_star',
      'two_star',
      'two_star',
      'weak',
    ]);
    expect(gradeOf(100, true)).toBe('weak');
  });

  it('scores data indicators from records, declared ones with evidence, then submits and is approved above', async () => {
    const b = await diligentBranch('五星候选村团支部');
    const res = await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    const ind = (key: string) => r.indicators.find((i: { key: string }) => i.key === key);
    expect(ind('meetings')).toMatchObject({ source: 'data', score: 30, detail: '20/20' });
    expect(ind('development_numbers')).toMatchObject({ source: 'data', score: 10 });
    expect(ind('organization')).toMatchObject({ source: 'declared', score: 10, evidence: '支委会健全' });
    expect(r).toMatchObject({ state: 'draft', selfScore: 100, selfGrade: 'five_star', selfGradeLabel: '五星' });

    const noEvidence = await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: [{ key: 'role', score: 8 }] });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json()).toMatchObject({ code: 'validation', field: 'declared' });
    const tooMuch = await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: [{ key: 'role', score: 11, evidence: '很多' }] });
    expect(tooMuch.json()).toMatchObject({ code: 'validation', field: 'declared' });
    const veto = await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared, vetoes: ['fraud'] });
    expect(veto.json()).toMatchObject({ selfScore: 100, selfGrade: 'weak' });
    const back = await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared, vetoes: [] });
    expect(back.json().selfGrade).toBe('five_star');

    const sub = await adminA.post(`/api/v1/ratings/${r.id}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().state).toBe('submitted');
    const locked = await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared });
    expect(locked.statusCode).toBe(422);
    expect(locked.json()).toMatchObject({ code: 'org-life.rating_locked', field: 'year' });

    // Reviewer lowers a declared score: 90 still five-star. Quota: 20% of county A's branches.
    const approve = await cadreA.post(`/api/v1/ratings/${r.id}/review`, {
      action: 'approve',
      comment: '同意',
      declared: fullDeclared.map((d) => (d.key === 'role' ? { ...d, score: 0 } : d)),
    });
    expect(approve.statusCode, approve.body).toBe(200);
    expect(approve.json()).toMatchObject({ state: 'approved', finalScore: 90, finalGrade: 'five_star' });
    const detail = (await adminA.get(`/api/v1/ratings/${r.id}`)).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['create', 'submit', 'approve']);

    const fig = (await adminA.get(`/api/v1/metrics/branches.grade?orgId=${w.countyA.id}&from=2024-01-01&to=2024-12-31&groupBy=grade`)).json();
    expect(fig.groups).toEqual([{ group: 'five_star', label: '五星', value: 1 }]);
    expect((await adminA.get(`/api/v1/metrics/branches.grade/rows?orgId=${w.countyA.id}&from=2024-01-01&to=2024-12-31`)).json().items[0]).toMatchObject({
      orgName: '五星候选村团支部',
      score: 90,
    });
  });

  it('checks the five-star quota at review and shows its use', async () => {
    // County A now has several branches; with a 20% quota the next five-star does not fit.
    const b = await diligentBranch('第二个五星村团支部');
    const r = (await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared })).json();
    await adminA.post(`/api/v1/ratings/${r.id}/submit`);
    const list = (await cadreA.get(`/api/v1/ratings?orgId=${w.countyA.id}&year=2024`)).json();
    const five = list.quotas.find((q: { grade: string }) => q.grade === 'five_star');
    expect(five).toMatchObject({ unitId: w.countyA.id, percent: 20, used: 1 });
    expect(five.limit).toBe(Math.floor((five.branches * 20) / 100));
    const full = await cadreA.post(`/api/v1/ratings/${r.id}/review`, { action: 'approve' });
    expect(full.statusCode).toBe(422);
    expect(full.json()).toMatchObject({ code: 'org-life.quota_full', field: 'grade' });
    // Raise the quota for the county: the approval fits.
    const put = await adminA.request({
      method: 'PUT',
      url: `/api/v1/orgs/${w.countyA.id}/settings/rating.quotas`,
      payload: { value: { five_star: 100, four_star: 100 } },
    });
    expect(put.statusCode, put.body).toBe(204);
    expect((await cadreA.post(`/api/v1/ratings/${r.id}/review`, { action: 'approve' })).json().finalGrade).toBe('five_star');
  });

  it('returns with a comment, and only the level above reviews', async () => {
    const b = await diligentBranch('退回测试村团支部');
    const r = (await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: [] })).json();
    expect(r.selfScore).toBe(40);
    expect(r.selfGrade).toBe('weak');
    expect((await cadreA.post(`/api/v1/ratings/${r.id}/review`, { action: 'approve' })).statusCode).toBe(422); // still a draft
    await adminA.post(`/api/v1/ratings/${r.id}/submit`);
    // A committee admin granted on the branch itself is not the level above.
    const own = await login(t.app, await buildAccount(t.db, 'committee_admin', b.id), password);
    expect((await own.post(`/api/v1/ratings/${r.id}/review`, { action: 'approve' })).statusCode).toBe(403);
    expect((await secretaryA.post(`/api/v1/ratings/${r.id}/review`, { action: 'approve' })).statusCode).toBe(403);
    const noComment = await cadreA.post(`/api/v1/ratings/${r.id}/review`, { action: 'return' });
    expect(noComment.json()).toMatchObject({ code: 'validation', field: 'comment' });
    const ret = await cadreA.post(`/api/v1/ratings/${r.id}/review`, { action: 'return', comment: '请补充佐证' });
    expect(ret.json()).toMatchObject({ state: 'returned', reviewComment: '请补充佐证' });
    // Returned: the branch revises and submits again.
    expect((await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared })).json().selfScore).toBe(100);
    expect((await adminA.post(`/api/v1/ratings/${r.id}/submit`)).json().state).toBe('submitted');
  });

  it('rates branches at least six months old, for years 2019 to now, and nothing else', async () => {
    const young = await buildOrg(t.db, w.townA, { name: '新建村团支部', kind: 'branch', category: 'village', establishedOn: addMonths(today(), -2) });
    const y = Number(today().slice(0, 4));
    const r = await adminA.post('/api/v1/ratings', { orgId: young.id, year: y, declared: [] });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'org-life.branch_too_young', field: 'orgId' });
    // The edge: for 2024 (as of 31 December) a branch set up on 30 June is six months old, one of 1 July is not.
    const june = await buildOrg(t.db, w.townA, { name: '六月建村团支部', kind: 'branch', category: 'village', establishedOn: '2024-06-30' });
    const july = await buildOrg(t.db, w.townA, { name: '七月建村团支部', kind: 'branch', category: 'village', establishedOn: '2024-07-01' });
    expect((await adminA.post('/api/v1/ratings', { orgId: june.id, year: 2024, declared: [] })).statusCode).toBe(200);
    expect((await adminA.post('/api/v1/ratings', { orgId: july.id, year: 2024, declared: [] })).json()).toMatchObject({
      code: 'org-life.branch_too_young',
      field: 'orgId',
    });
    expect((await adminA.post('/api/v1/ratings', { orgId: w.branchA.id, year: y + 1, declared: [] })).json()).toMatchObject({
      code: 'validation',
      field: 'year',
    });
    expect((await adminA.post('/api/v1/ratings', { orgId: w.branchA.id, year: 2018, declared: [] })).json()).toMatchObject({
      code: 'validation',
      field: 'year',
    });
    expect((await adminA.post('/api/v1/ratings', { orgId: w.townA.id, year: 2024, declared: [] })).json()).toMatchObject({
      code: 'org_not_branch',
      field: 'orgId',
    });
    expect((await adminA.post('/api/v1/ratings', { orgId: w.branchB.id, year: 2024, declared: [] })).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/ratings?orgId=${w.townB.id}`)).statusCode).toBe(404);
  });

  it('reads dues and registration through the metrics registry when those figures exist', async () => {
    const b = await diligentBranch('有团员村团支部');
    await buildMembers(t.db, b.id, 3);
    const r = (await adminA.post('/api/v1/ratings', { orgId: b.id, year: 2024, declared: fullDeclared })).json();
    const ind = (key: string) => r.indicators.find((i: { key: string }) => i.key === key);
    for (const [key, metric] of [
      ['dues', 'members.arrears'],
      ['registration', 'members.registrationRate'],
    ] as const) {
      // Without the figure (or without members) the branch declares the indicator instead.
      expect(ind(key).source).toBe(getMetric(metric) && getMetric('members.count') ? 'data' : 'declared');
    }
    // No 青年大学习 issue covered the branch in 2024: nothing to measure, so it is declared
    // (study.test.ts shows it scored from participation when issues exist).
    expect(getMetric('study.participationRate')).toBeDefined();
    expect(ind('study').source).toBe('declared');
  });

  it('vetoes a year without any meeting automatically', async () => {
    const idle = await buildOrg(t.db, w.townA, { name: '全年未开会村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const r = (await secretaryA.post('/api/v1/ratings', { orgId: idle.id, year: 2024, declared: fullDeclared })).json();
    // secretaryA's grant is on branchA only.
    expect(r.code).toBe('not_found');
    const own = (await adminA.post('/api/v1/ratings', { orgId: idle.id, year: 2024, declared: fullDeclared })).json();
    expect(own.vetoes.map((v: { key: string }) => v.key)).toEqual(['no_meetings']);
    expect(own).toMatchObject({ selfScore: 70, selfGrade: 'weak' });
  });
});
