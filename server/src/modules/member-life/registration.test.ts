import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildOrg, buildWorld, password } from '../../test/factories.ts';
import { chinaToday as today } from '../../platform/dates.ts';
import { buildMember } from '../../test/members.factories.ts';
import { reviewProblems } from './review.service.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let secretaryA: TestClient;
const now = today();
const year = Number(now.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
});
afterAll(async () => t?.close());

async function branchWith(n: number, admittedOn = '2018-01-01') {
  const branch = await buildOrg(t.db, w.townA, { kind: 'branch', category: 'village' });
  const members: Awaited<ReturnType<typeof buildMember>>[] = [];
  for (let i = 0; i < n; i++) members.push(await buildMember(t.db, branch.id, { admittedOn }));
  const at = (i: number) => {
    const m = members[i];
    if (!m) throw new Error(`no member ${i}`);
    return m;
  };
  return { branch, members, at };
}
type G = 'excellent' | 'qualified' | 'basic' | 'unqualified';
const propose = (c: TestClient, orgId: number, grades: { memberId: string; grade: G }[], extra: Record<string, unknown> = {}) =>
  c.post('/api/v1/reviews', { orgId, year: year - 1, heldOn: `${year - 1}-12-20`, expected: grades.length, attended: grades.length, grades, ...extra });

describe('the annual review rules (pure)', () => {
  it('2/3 attendance and at most 30% excellent', () => {
    const g = (n: number, grade: G) => Array.from({ length: n }, () => ({ grade }));
    expect(reviewProblems({ expected: 9, attended: 6, grades: g(9, 'qualified') })).toBeNull();
    expect(reviewProblems({ expected: 9, attended: 5, grades: g(9, 'qualified') })).toMatchObject({ code: 'member-life.review_quorum', field: 'attended' });
    expect(reviewProblems({ expected: 10, attended: 10, grades: [...g(3, 'excellent'), ...g(7, 'qualified')] })).toBeNull();
    expect(reviewProblems({ expected: 10, attended: 10, grades: [...g(4, 'excellent'), ...g(6, 'qualified')] })).toMatchObject({
      code: 'member-life.too_many_excellent',
      field: 'grades',
    });
    expect(reviewProblems({ expected: 3, attended: 4, grades: g(3, 'qualified') })).toMatchObject({ code: 'validation', field: 'attended' });
  });
});

describe('the annual review workflow', () => {
  it('refuses too many 优秀 and too few present, naming the field', async () => {
    const { branch, members, at } = await branchWith(3);
    const tooMany = await propose(adminA, branch.id, [
      { memberId: at(0).id, grade: 'excellent' },
      { memberId: at(1).id, grade: 'qualified' },
      { memberId: at(2).id, grade: 'qualified' },
    ]);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json()).toMatchObject({ code: 'member-life.too_many_excellent', field: 'grades' });
    expect(tooMany.json().messages['zh-CN']).toContain('30%');
    const absent = await propose(
      adminA,
      branch.id,
      members.map((m) => ({ memberId: m.id, grade: 'qualified' as G })),
      { expected: 3, attended: 1 },
    );
    expect(absent.json()).toMatchObject({ code: 'member-life.review_quorum', field: 'attended' });
    const stranger = await buildMember(t.db, w.branchB.id);
    const foreign = await propose(adminA, branch.id, [{ memberId: stranger.id, grade: 'qualified' }]);
    expect(foreign.json()).toMatchObject({ code: 'validation', field: 'grades' });
    // The review is held by a branch (the kernel's rule).
    expect((await propose(adminA, w.townA.id, [{ memberId: at(0).id, grade: 'qualified' }])).json()).toMatchObject({ code: 'org_not_branch', field: 'orgId' });
  });

  it('the branch proposes, the committee above approves; one live review per branch and year', async () => {
    const { branch, members } = await branchWith(4);
    const grades = members.map((m, i) => ({ memberId: m.id, grade: (i === 0 ? 'excellent' : i === 3 ? 'unqualified' : 'qualified') as G }));
    const res = await propose(secretaryA, w.branchA.id, [{ memberId: (await buildMember(t.db, w.branchA.id)).id, grade: 'qualified' }]);
    expect(res.statusCode).toBe(201);
    // The secretary has no approval right at all; county B does not see it.
    expect((await secretaryA.post(`/api/v1/reviews/${res.json().id}/approve`, {})).statusCode).toBe(403);
    expect((await adminB.post(`/api/v1/reviews/${res.json().id}/approve`, {})).statusCode).toBe(404);
    const r = await propose(adminA, branch.id, grades);
    expect(r.statusCode).toBe(201);
    expect((await propose(adminA, branch.id, grades)).statusCode).toBe(409);
    const noReason = await adminA.post(`/api/v1/reviews/${r.json().id}/reject`, {});
    expect(noReason.json().field).toBe('reason');
    const ok = await adminA.post(`/api/v1/reviews/${r.json().id}/approve`, {});
    expect(ok.json().status).toBe('approved');
    const twice = await adminA.post(`/api/v1/reviews/${r.json().id}/approve`, {});
    expect(twice.statusCode).toBe(422);
    const detail = (await adminA.get(`/api/v1/reviews/${r.json().id}`)).json();
    expect(detail.grades.length).toBe(4);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['propose', 'approve']);
    const list = (await adminA.get(`/api/v1/reviews?orgId=${branch.id}&year=${year - 1}`)).json().items;
    expect(list[0]).toMatchObject({ reviewed: 4, excellent: 1, qualified: 2, unqualified: 1, status: 'approved' });
  });
});

describe('annual registration', () => {
  it('only members rated 基本合格 or better; the first year without a review; once a year', async () => {
    const { branch, members } = await branchWith(4);
    const [good, basic, bad, unrated] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0]];
    const r = await propose(adminA, branch.id, [
      { memberId: good.id, grade: 'qualified' },
      { memberId: basic.id, grade: 'basic' },
      { memberId: bad.id, grade: 'unqualified' },
    ]);
    await adminA.post(`/api/v1/reviews/${r.json().id}/approve`, {});
    const reg = (memberId: string) => adminA.post('/api/v1/registrations', { memberId, year });
    expect((await reg(good.id)).statusCode).toBe(201);
    expect((await reg(basic.id)).statusCode).toBe(201);
    const refused = await reg(bad.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'member-life.rated_unqualified', field: 'memberId' });
    expect(refused.json().messages['zh-CN']).toContain('不合格');
    const unreviewed = await reg(unrated.id);
    expect(unreviewed.statusCode).toBe(422);
    expect(unreviewed.json()).toMatchObject({ code: 'member-life.review_missing', field: 'memberId' });
    const fresh = await buildMember(t.db, branch.id, { admittedOn: `${year}-01-01` < now ? `${year}-01-01` : now });
    expect((await reg(fresh.id)).statusCode).toBe(201);
    const twice = await reg(good.id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'member-life.already_registered', field: 'year' });
    expect((await adminA.post('/api/v1/registrations', { memberId: good.id, year: year + 1 })).json().field).toBe('year');
    expect((await adminB.post('/api/v1/registrations', { memberId: unrated.id, year })).statusCode).toBe(404);
    const mine = (await adminA.get(`/api/v1/members/${bad.id}/registrations`)).json();
    expect(mine).toMatchObject({ canRegister: false, latestGrade: '不合格' });
  });

  it('deferral of 3–6 months with a reason, then registration completes it', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: `${year}-01-01` < now ? `${year}-01-01` : now });
    const short = await adminA.post('/api/v1/registrations/defer', { memberId: m.id, year, months: 2, reason: '外出务工' });
    expect(short.statusCode).toBe(400);
    expect(short.json().field).toBe('months');
    expect((await adminA.post('/api/v1/registrations/defer', { memberId: m.id, year, months: 7, reason: 'x' })).json().field).toBe('months');
    expect((await adminA.post('/api/v1/registrations/defer', { memberId: m.id, year, months: 3, reason: '' })).json().field).toBe('reason');
    const d = await adminA.post('/api/v1/registrations/defer', { memberId: m.id, year, months: 3, reason: '外出务工' });
    expect(d.statusCode).toBe(201);
    expect(d.json().status).toBe('deferred');
    expect((await adminA.post('/api/v1/registrations/defer', { memberId: m.id, year, months: 3, reason: '再次' })).statusCode).toBe(409);
    const done = await adminA.post('/api/v1/registrations', { memberId: m.id, year });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ status: 'registered', deferReason: '外出务工' });
  });

  it('who has not registered, completion by branch, and one-click reminders that do not repeat', async () => {
    const { branch, at } = await branchWith(3, `${year}-01-01` < now ? `${year}-01-01` : now);
    await adminA.post('/api/v1/registrations', { memberId: at(0).id, year });
    const todo = (await adminA.get(`/api/v1/todo?task=registration&orgId=${branch.id}&year=${year}`)).json();
    expect(todo.items.map((x: { memberId: string }) => x.memberId).sort()).toEqual([at(1).id, at(2).id].sort());
    expect(todo.branches).toEqual([{ orgId: branch.id, orgName: branch.name, members: 3, done: 1, rate: 33.3 }]);
    const ids = todo.items.map((x: { memberId: string }) => x.memberId);
    const first = await adminA.post('/api/v1/reminders/bulk', { kind: 'registration', memberIds: ids });
    expect(first.json().created).toBe(2);
    const second = await adminA.post('/api/v1/reminders/bulk', { kind: 'registration', memberIds: [...ids, w.branchB.id.toString()] });
    expect(second.json().created).toBe(0);
    expect(second.json().results.at(-1).status).toBe(404);
    const again = (await adminA.get(`/api/v1/todo?task=registration&orgId=${branch.id}&year=${year}`)).json();
    expect(again.items.every((x: { reminded: boolean }) => x.reminded)).toBe(true);
    const open = (await adminA.get(`/api/v1/reminders?orgId=${branch.id}&status=open`)).json().items;
    expect(open.length).toBe(2);
    expect((await adminB.post(`/api/v1/reminders/${open[0].id}/done`, {})).statusCode).toBe(404);
    expect((await adminA.post(`/api/v1/reminders/${open[0].id}/done`, {})).json().status).toBe('done');
    const review = (await adminA.get(`/api/v1/todo?task=review&orgId=${branch.id}&year=${year}`)).json();
    expect(review.items.length).toBe(3);
    const dues = (await adminA.get(`/api/v1/todo?task=dues&orgId=${branch.id}`)).json();
    expect(dues.branches[0]).toMatchObject({ members: 3, done: 0 });
  });
});
