import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowStep } from '../../platform/workflow/workflow.schema.ts';
import { buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { makeIdNumber } from '../people/index.ts';
import { member, memberApplication } from './members.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let cadreA: TestClient;
let secretaryA: TestClient;
let sponsors: string[] = [];
let seq = 500;

function idNo(birthDate: string, gender: 'M' | 'F' = 'M'): string {
  seq += 2;
  return makeIdNumber('430421', birthDate, seq, gender);
}

async function apply(over: Record<string, unknown> = {}, client: TestClient = secretaryA): Promise<string> {
  const res = await client.post('/api/v1/member-applications', {
    orgId: w.branchA.id,
    person: { name: '申请人', idNumber: idNo('2008-06-01') },
    appliedOn: '2025-01-10',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().application.id;
}
const act = (client: TestClient, id: string, action: string, b: Record<string, unknown>) => client.post(`/api/v1/member-applications/${id}/${action}`, b);

/** Walks an application through the steps up to (and including) `last`. */
async function walk(id: string, last: 'activist' | 'candidate' | 'review' | 'vote' | 'approve' | 'ceremony') {
  const steps: [TestClient, string, Record<string, unknown>][] = [
    [secretaryA, 'activist', { date: '2025-02-01', route: 'recommendation' }],
    [secretaryA, 'lessons', { date: '2025-03-01', hours: 8 }],
    [secretaryA, 'candidate', { date: '2025-05-01', sponsor1Id: sponsors[0], sponsor2Id: sponsors[1] }],
    [cadreA, 'review', { date: '2025-05-10', comment: '材料齐全' }],
    [secretaryA, 'vote', { date: '2025-05-20', eligible: 10, present: 8, yes: 7 }],
    [adminA, 'approve', { date: '2025-05-25' }],
    [secretaryA, 'ceremony', { date: '2025-06-01' }],
  ];
  for (const [client, action, b] of steps) {
    const res = await act(client, id, action, b);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    if (action === last) return res.json();
  }
  return null;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  cadreA = await login(t.app, w.users.cadreA, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
  sponsors = [];
  for (const [i, birth] of ['2000-01-01', '2001-01-01'].entries()) {
    const res = await adminA.post('/api/v1/members', {
      orgId: w.branchA.id,
      person: { name: `介绍人${i + 1}`, idNumber: idNo(birth, 'F') },
      admittedOn: '2018-05-04',
      developmentNumber: `20180000010${i}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    sponsors.push(res.json().id);
  }
});
afterAll(async () => t?.close());

describe('development, step by step', () => {
  it('walks an applicant from application to ceremony; the member counts from the vote, with a generated number', async () => {
    const id = await apply({ person: { name: '全程', idNumber: idNo('2008-06-01') } });
    const approved = await walk(id, 'approve');
    expect(approved.stage).toBe('approved');
    expect(approved.developmentNumber).toMatch(/^2025\d{8}$/);
    const [m] = await t.db.select().from(member).where(eq(member.id, approved.memberId));
    expect(m?.admittedOn).toBe('2025-05-20');
    expect(m?.orgId).toBe(w.branchA.id);
    const done = await act(secretaryA, id, 'ceremony', { date: '2025-06-01' });
    expect(done.json().stage).toBe('inducted');
    const detail = (await secretaryA.get(`/api/v1/member-applications/${id}`)).json();
    expect(detail.application.ceremonyOn).toBe('2025-06-01');
    expect(detail.application.sponsor1Name).toBe('介绍人1');
    expect(detail.steps.map((s: { action: string }) => s.action)).toEqual([
      'apply',
      'activist',
      'lessons',
      'candidate',
      'review',
      'vote',
      'approve',
      'ceremony',
    ]);
    expect(detail.steps.map((s: { actor: string }) => s.actor)).toEqual([
      'secretarya',
      'secretarya',
      'secretarya',
      'secretarya',
      'cadrea',
      'secretarya',
      'admina',
      'secretarya',
    ]);
    expect(detail.steps[5].data).toMatchObject({ eligible: 10, present: 8, yes: 7, passed: true });
    expect(detail.steps[4].comment).toBe('材料齐全');
    // Numbers are sequential per year.
    const next = await apply({ person: { name: '第二', idNumber: idNo('2008-07-01') } });
    const second = await walk(next, 'approve');
    expect(Number(second.developmentNumber)).toBe(Number(approved.developmentNumber) + 1);
  });

  it('checks each step in order: an action out of turn names the action', async () => {
    const id = await apply({ person: { name: '跳步', idNumber: idNo('2008-06-02') } });
    const res = await act(secretaryA, id, 'vote', { date: '2025-05-20', eligible: 10, present: 8, yes: 7 });
    expect(res.statusCode).toBe(422);
    expect(res.json().field).toBe('action');
  });

  it('names the activist route and refuses dates before the previous step', async () => {
    const id = await apply({ person: { name: '途径', idNumber: idNo('2008-06-03') } });
    const noRoute = await act(secretaryA, id, 'activist', { date: '2025-02-01' });
    expect(noRoute.json().field).toBe('route');
    const early = await act(secretaryA, id, 'activist', { date: '2025-01-01', route: 'young_pioneers' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'members.date_before', field: 'date' });
    expect((await act(secretaryA, id, 'activist', { date: '2025-02-01', route: 'young_pioneers' })).statusCode).toBe(200);
  });

  it('needs the training months (configurable) and the lesson hours before candidacy', async () => {
    const id = await apply({ person: { name: '培养', idNumber: idNo('2008-06-04') } });
    await act(secretaryA, id, 'activist', { date: '2025-02-01', route: 'recommendation' });
    const body = { sponsor1Id: sponsors[0], sponsor2Id: sponsors[1] };
    const hours = await act(secretaryA, id, 'candidate', { date: '2025-05-01', ...body });
    expect(hours.statusCode).toBe(422);
    expect(hours.json()).toMatchObject({ code: 'members.lessons_too_few', field: 'lessonHours' });
    await act(secretaryA, id, 'lessons', { date: '2025-03-01', hours: 8 });
    const soon = await act(secretaryA, id, 'candidate', { date: '2025-04-30', ...body });
    expect(soon.json()).toMatchObject({ code: 'members.training_too_short', field: 'date' });
    const set = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyA.id}/settings/members.trainingMonths`, payload: { value: 4 } });
    expect(set.statusCode).toBe(204);
    // Three months are enough by default; with the setting at 4, the same day is refused.
    const four = await act(secretaryA, id, 'candidate', { date: '2025-05-01', ...body });
    expect(four.json()).toMatchObject({ code: 'members.training_too_short', field: 'date' });
    expect((await act(secretaryA, id, 'candidate', { date: '2025-06-01', ...body })).statusCode).toBe(200);
    expect((await adminA.post(`/api/v1/orgs/${w.countyA.id}/settings/members.trainingMonths/reset`)).statusCode).toBe(204);
  });

  it('needs two distinct active full members as sponsors, naming the field', async () => {
    const id = await apply({ person: { name: '介绍', idNumber: idNo('2008-06-05') } });
    await act(secretaryA, id, 'activist', { date: '2025-02-01', route: 'recommendation' });
    await act(secretaryA, id, 'lessons', { date: '2025-03-01', hours: 10 });
    const missing = await act(secretaryA, id, 'candidate', { date: '2025-05-01', sponsor1Id: sponsors[0] });
    expect(missing.json()).toMatchObject({ code: 'validation', field: 'sponsor2Id' });
    const unknown = await act(secretaryA, id, 'candidate', { date: '2025-05-01', sponsor1Id: '01890000-0000-7000-8000-000000000000', sponsor2Id: sponsors[1] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'members.sponsor_not_visible', field: 'sponsor1Id' });
    const same = await act(secretaryA, id, 'candidate', { date: '2025-05-01', sponsor1Id: sponsors[0], sponsor2Id: sponsors[0] });
    expect(same.json()).toMatchObject({ code: 'members.same_sponsors', field: 'sponsor2Id' });
    await t.db
      .update(member)
      .set({ status: 'left', leftOn: '2025-01-01', leftReason: 'age' })
      .where(eq(member.id, sponsors[1] ?? ''));
    const left = await act(secretaryA, id, 'candidate', { date: '2025-05-01', sponsor1Id: sponsors[0], sponsor2Id: sponsors[1] });
    expect(left.json()).toMatchObject({ code: 'members.sponsor_not_full_member', field: 'sponsor2Id' });
    await t.db
      .update(member)
      .set({ status: 'active', leftOn: null, leftReason: null })
      .where(eq(member.id, sponsors[1] ?? ''));
  });

  it('pre-review and approval belong to the level above: the branch secretary gets 403', async () => {
    const id = await apply({ person: { name: '上级', idNumber: idNo('2008-06-06') } });
    await walk(id, 'candidate');
    expect((await act(secretaryA, id, 'review', { date: '2025-05-10' })).statusCode).toBe(403);
    expect((await act(adminB, id, 'review', { date: '2025-05-10' })).statusCode).toBe(404);
    // A committee admin granted on the branch itself is not the level above.
    const branchAdmin = await login(t.app, await (await import('../../test/factories.ts')).buildAccount(t.db, 'committee_admin', w.branchA.id), password);
    expect((await act(branchAdmin, id, 'review', { date: '2025-05-10' })).statusCode).toBe(403);
  });

  it('votes need a quorum (more than half present) and pass with more than half of those present', async () => {
    const id = await apply({ person: { name: '表决', idNumber: idNo('2008-06-07') } });
    await walk(id, 'review');
    const noQuorum = await act(secretaryA, id, 'vote', { date: '2025-05-20', eligible: 10, present: 5, yes: 5 });
    expect(noQuorum.statusCode).toBe(422);
    expect(noQuorum.json()).toMatchObject({ code: 'members.no_quorum', field: 'present' });
    const tooMany = await act(secretaryA, id, 'vote', { date: '2025-05-20', eligible: 10, present: 8, yes: 9 });
    expect(tooMany.json().field).toBe('yes');
    const failed = await act(secretaryA, id, 'vote', { date: '2025-05-20', eligible: 10, present: 8, yes: 4 });
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toMatchObject({ stage: 'reviewed', passed: false });
    const passed = await act(secretaryA, id, 'vote', { date: '2025-05-27', eligible: 10, present: 6, yes: 4 });
    expect(passed.json()).toMatchObject({ stage: 'voted', passed: true });
    const steps = await t.db.select().from(workflowStep).where(eq(workflowStep.entityId, id));
    expect(steps.map((s) => s.action)).toContain('vote_failed');
  });

  it('a given development number is validated; a failed approval writes nothing', async () => {
    const id = await apply({ person: { name: '编号', idNumber: idNo('2008-06-08') } });
    await walk(id, 'vote');
    const wrongYear = await act(adminA, id, 'approve', { date: '2025-05-25', developmentNumber: '202400000001' });
    expect(wrongYear.json().field).toBe('developmentNumber');
    const taken = await act(adminA, id, 'approve', { date: '2025-05-25', developmentNumber: '202500000001' });
    expect(taken.json().field).toBe('developmentNumber');
    expect(taken.statusCode).toBe(409);
    const [a] = await t.db.select().from(memberApplication).where(eq(memberApplication.id, id));
    expect(a?.stage).toBe('voted');
    expect(a?.memberId).toBeNull();
    const ok = await act(adminA, id, 'approve', { date: '2025-05-25', developmentNumber: '202500009999' });
    expect(ok.json().developmentNumber).toBe('202500009999');
  });

  it('concurrent double approval: one wins, the other gets a clear error', async () => {
    const id = await apply({ person: { name: '并发', idNumber: idNo('2008-06-09') } });
    await walk(id, 'vote');
    const results = await Promise.all([act(adminA, id, 'approve', { date: '2025-05-25' }), act(cadreA, id, 'approve', { date: '2025-05-25' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const loser = results.find((r) => r.statusCode === 422);
    expect(loser?.json().field).toBe('action');
    const [n] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(member)
      .innerJoin(memberApplication, eq(memberApplication.personId, member.personId))
      .where(eq(memberApplication.id, id));
    expect(n?.n).toBe(1);
  });

  it('shows quota use before approval and refuses above quota unless overridden with a reason', async () => {
    const school = await buildOrg(t.db, w.countyA, { name: '甲县一中团委', category: 'school_middle' });
    const cls = await buildOrg(t.db, school, { name: '高三（1）班团支部', kind: 'branch', category: 'school_middle' });
    expect((await secretaryA.post('/api/v1/member-cohorts', { orgId: school.id, year: 2025, size: 3 })).statusCode).toBe(403);
    const set = await adminA.post('/api/v1/member-cohorts', { orgId: school.id, year: 2025, size: 3 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().quota).toMatchObject({ cohortSize: 3, percent: 60, max: 1, used: 0 });
    const ids: string[] = [];
    for (const k of [1, 2]) {
      const res = await adminA.post('/api/v1/member-applications', {
        orgId: cls.id,
        person: { name: `学生${k}`, idNumber: idNo(`2009-01-0${k}`) },
        appliedOn: '2025-01-10',
      });
      ids.push(res.json().application.id);
    }
    const steps: [string, Record<string, unknown>][] = [
      ['activist', { date: '2025-02-01', route: 'young_pioneers' }],
      ['lessons', { date: '2025-03-01', hours: 8 }],
      ['candidate', { date: '2025-05-01', sponsor1Id: sponsors[0], sponsor2Id: sponsors[1] }],
      ['review', { date: '2025-05-10' }],
      ['vote', { date: '2025-05-20', eligible: 30, present: 20, yes: 20 }],
    ];
    for (const id of ids) for (const [action, b] of steps) expect((await act(adminA, id, action, b)).statusCode).toBe(200);
    expect((await act(adminA, ids[0] ?? '', 'approve', { date: '2025-05-25' })).statusCode).toBe(200);
    const q = (await adminA.get(`/api/v1/member-applications/${ids[1]}/quota`)).json().quota;
    expect(q).toMatchObject({ orgName: '甲县一中团委', max: 1, used: 1 });
    const over = await act(adminA, ids[1] ?? '', 'approve', { date: '2025-05-25' });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'members.quota_full', field: 'quota' });
    const forced = await act(adminA, ids[1] ?? '', 'approve', { date: '2025-05-25', quotaOverride: '经县团委会议研究同意' });
    expect(forced.statusCode).toBe(200);
  });

  it('rejects with a reason and lists applications by stage within scope', async () => {
    const id = await apply({ person: { name: '不予', idNumber: idNo('2008-06-10') } });
    expect((await act(secretaryA, id, 'reject', { date: '2025-02-01' })).json().field).toBe('reason');
    expect((await act(secretaryA, id, 'reject', { date: '2025-02-01', reason: '本人表现不符合要求' })).json().stage).toBe('rejected');
    const list = (await adminA.get(`/api/v1/member-applications?orgId=${w.branchA.id}&stage=rejected`)).json();
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(['不予']);
    expect((await adminB.get('/api/v1/member-applications')).json().items).toHaveLength(0);
    expect((await adminB.get(`/api/v1/member-applications/${id}`)).statusCode).toBe(404);
  });

  it('the open list holds applications still in development: open ones and approved ones awaiting the ceremony', async () => {
    const approved = await apply({ person: { name: '待仪式', idNumber: idNo('2008-06-11') } });
    await walk(approved, 'approve');
    const inducted = await apply({ person: { name: '已仪式', idNumber: idNo('2008-06-12') } });
    await walk(inducted, 'ceremony');
    const applied = await apply({ person: { name: '刚申请', idNumber: idNo('2008-06-13') } });
    const open = (await adminA.get(`/api/v1/member-applications?orgId=${w.branchA.id}&open=true&limit=500`)).json();
    const ids = open.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([approved, applied]));
    expect(ids).not.toContain(inducted);
    expect(open.items.every((i: { stage: string }) => ['applied', 'activist', 'candidate', 'reviewed', 'voted', 'approved'].includes(i.stage))).toBe(true);
  });

  it('refuses applicants under 14, a second open application, and existing members', async () => {
    const young = await secretaryA.post('/api/v1/member-applications', {
      orgId: w.branchA.id,
      person: { name: '太小', idNumber: idNo('2012-01-01') },
      appliedOn: '2025-01-10',
    });
    expect(young.json()).toMatchObject({ code: 'members.applicant_too_young', field: 'appliedOn' });
    const idNumber = idNo('2008-08-08');
    await apply({ person: { name: '两份', idNumber } });
    const twice = await secretaryA.post('/api/v1/member-applications', { orgId: w.branchA.id, person: { name: '两份', idNumber }, appliedOn: '2025-02-10' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'members.open_application', field: 'personId' });
  });
});

describe('the applicant on the phone', () => {
  it('signs up, applies to a branch as self, sees the stage, and withdraws', async () => {
    const idNumber = idNo('2009-03-03', 'F');
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self/signup',
      payload: { username: 'applicant1', password: 'Applicant-2026!', name: '小红', idNumber, orgId: w.branchA.id },
    });
    expect(signup.statusCode, signup.body).toBe(201);
    const me = await login(t.app, 'applicant1', 'Applicant-2026!');
    const town = await me.post('/api/v1/self/member-applications', { orgId: w.townA.id });
    expect(town.json()).toMatchObject({ code: 'org_not_branch', field: 'orgId' });
    const res = await me.post('/api/v1/self/member-applications', { orgId: w.branchA.id, comment: '我志愿加入中国共产主义青年团' });
    expect(res.statusCode, res.body).toBe(201);
    const mine = (await me.get('/api/v1/self/member-applications')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0].application.stage).toBe('applied');
    expect(mine[0].application.nextActionLabel).toBe('确定为入团积极分子');
    expect(mine[0].steps[0].comment).toBe('我志愿加入中国共产主义青年团');
    // Staff see it on the board.
    const board = (await secretaryA.get(`/api/v1/member-applications?orgId=${w.branchA.id}&q=${encodeURIComponent('小红')}`)).json();
    expect(board.items).toHaveLength(1);
    const other = await login(t.app, w.users.adminB, password);
    expect((await other.post(`/api/v1/self/member-applications/${mine[0].application.id}/withdraw`)).statusCode).toBe(422);
    expect((await me.post(`/api/v1/self/member-applications/${mine[0].application.id}/withdraw`)).statusCode).toBe(204);
    expect((await me.get('/api/v1/self/member-applications')).json().items[0].application.stage).toBe('withdrawn');
  });
});
