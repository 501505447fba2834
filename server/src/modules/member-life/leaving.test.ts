import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../platform/jobs/jobs.ts';
import { leavingDay } from '../../platform/league.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { member } from '../members/index.ts';
import { addDays, addMonths, chinaToday as today } from '../../platform/dates.ts';
import { buildMember } from '../../test/members.factories.ts';
import { memberReminder } from './member-life.schema.ts';
import { eligibilityProblems, quotaOf, voteProblem } from './party.service.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let secretaryA: TestClient;
const now = today();

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
});
afterAll(async () => t?.close());

describe('leaving', () => {
  it('at 28 without a league post; nothing is deleted', async () => {
    const old = await buildMember(t.db, w.branchA.id, { birthDate: addMonths(now, -28 * 12 - 1) });
    const young = await buildMember(t.db, w.branchA.id, { birthDate: addMonths(now, -27 * 12) });
    const cadre = await buildMember(t.db, w.branchA.id, { birthDate: addMonths(now, -30 * 12), leaguePost: '团支部书记' });
    const tooYoung = await adminA.post(`/api/v1/members/${young.id}/leave`, { reason: 'age', leftOn: now });
    expect(tooYoung.statusCode).toBe(422);
    expect(tooYoung.json()).toMatchObject({ code: 'member-life.under_leaving_age', field: 'reason' });
    const post = await adminA.post(`/api/v1/members/${cadre.id}/leave`, { reason: 'age', leftOn: now });
    expect(post.json()).toMatchObject({ code: 'member-life.holds_league_post', field: 'reason' });
    expect(post.json().messages['zh-CN']).toContain('团支部书记');
    expect((await adminA.post(`/api/v1/members/${old.id}/leave`, { reason: 'age', leftOn: addDays(now, 1) })).json().field).toBe('leftOn');
    expect((await adminB.post(`/api/v1/members/${old.id}/leave`, { reason: 'age', leftOn: now })).statusCode).toBe(404);
    const ok = await adminA.post(`/api/v1/members/${old.id}/leave`, { reason: 'age', leftOn: now });
    expect(ok.json()).toMatchObject({ status: 'left', leftReason: 'age' });
    const [row] = await t.db.select().from(member).where(eq(member.id, old.id));
    expect(row).toMatchObject({ status: 'left', leftOn: now, leftReason: 'age' });
    const again = await adminA.post(`/api/v1/members/${old.id}/leave`, { reason: 'age', leftOn: now });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'member-life.member_left', field: 'memberId' });
  });

  it('the leaving age is reached on the 28th birthday itself, not a day before', async () => {
    const today28 = await buildMember(t.db, w.branchA.id, { birthDate: addMonths(now, -28 * 12) });
    const tomorrow28 = await buildMember(t.db, w.branchA.id, { birthDate: addDays(addMonths(now, -28 * 12), 1) });
    const early = await adminA.post(`/api/v1/members/${tomorrow28.id}/leave`, { reason: 'age', leftOn: now });
    expect(early.json()).toMatchObject({ code: 'member-life.under_leaving_age', field: 'reason' });
    expect((await adminA.post(`/api/v1/members/${today28.id}/leave`, { reason: 'age', leftOn: now })).statusCode).toBe(200);
  });

  it('voluntary withdrawal needs a note', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    expect((await adminA.post(`/api/v1/members/${m.id}/leave`, { reason: 'voluntary', leftOn: now })).json().field).toBe('note');
    expect((await adminA.post(`/api/v1/members/${m.id}/leave`, { reason: 'voluntary', leftOn: now, note: '本人申请' })).statusCode).toBe(200);
  });

  it('self-lapse removal: only when lapsed, decided by the branch, approved above', async () => {
    const active = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    await adminA.post(`/api/v1/members/${active.id}/dues`, {
      fromMonth: now.slice(0, 7),
      toMonth: now.slice(0, 7),
      amountFen: 20,
      paidOn: now,
      method: 'cash',
    });
    const notLapsed = await secretaryA.post(`/api/v1/members/${active.id}/removals`, { meetingOn: now, reason: '长期不参加' });
    expect(notLapsed.statusCode).toBe(422);
    expect(notLapsed.json()).toMatchObject({ code: 'member-life.not_lapsed', field: 'memberId' });
    const lapsed = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    expect((await adminA.get('/api/v1/leaving/lapsed')).json().items.map((x: { memberId: string }) => x.memberId)).toContain(lapsed.id);
    const p = await secretaryA.post(`/api/v1/members/${lapsed.id}/removals`, { meetingOn: now, reason: '半年未缴团费、未注册' });
    expect(p.statusCode).toBe(201);
    expect((await secretaryA.post(`/api/v1/members/${lapsed.id}/removals`, { meetingOn: now, reason: '再次' })).statusCode).toBe(409);
    expect((await secretaryA.post(`/api/v1/removals/${p.json().id}/approve`, {})).statusCode).toBe(403);
    expect((await adminB.post(`/api/v1/removals/${p.json().id}/approve`, {})).statusCode).toBe(404);
    expect((await adminA.post(`/api/v1/removals/${p.json().id}/approve`, {})).json().status).toBe('approved');
    const [row] = await t.db.select().from(member).where(eq(member.id, lapsed.id));
    expect(row).toMatchObject({ status: 'left', leftReason: 'lapse' });
  });
});

describe('推优入党', () => {
  it('eligibility, votes and quota as pure rules', () => {
    const m = { birthDate: '2000-01-01', admittedOn: '2020-01-01' };
    expect(eligibilityProblems(m, '2025-01-01', '2025-07-01')).toEqual([]);
    expect(eligibilityProblems(m, '2025-01-02', '2025-07-01').map((p) => p.field)).toEqual(['appliedOn']);
    expect(eligibilityProblems(m, null, '2025-07-01').map((p) => p.field)).toEqual(['appliedOn']);
    expect(eligibilityProblems({ birthDate: '2008-01-01', admittedOn: '2025-01-01' }, '2025-01-01', '2025-07-01').length).toBe(2);
    // Born on 29 February: 18 on 1 March in a common year (platform/dates), not on 28 February.
    const leapling = { birthDate: '2008-02-29', admittedOn: '2020-01-01' };
    expect(eligibilityProblems(leapling, '2025-01-01', '2026-02-28').map((p) => p.field)).toEqual(['memberId']);
    expect(eligibilityProblems(leapling, '2025-01-01', '2026-03-01')).toEqual([]);
    expect(voteProblem({ voters: 10, present: 6, yes: 6 })).toBeNull();
    expect(voteProblem({ voters: 10, present: 5, yes: 5 })).toMatchObject({ code: 'member-life.no_quorum', field: 'present' });
    expect(voteProblem({ voters: 10, present: 8, yes: 5 })).toMatchObject({ code: 'member-life.no_majority', field: 'yes' });
    expect(voteProblem({ voters: 10, present: 8, yes: 9 })).toMatchObject({ code: 'validation', field: 'yes' });
    expect(quotaOf(10, 20)).toBe(2);
    expect(quotaOf(3, 20)).toBe(1);
    expect(quotaOf(11, 20)).toBe(3);
  });

  it('records the application, recommends within the quota, valid 2 years', async () => {
    const branch = await buildOrg(t.db, w.townA, { kind: 'branch', category: 'village' });
    const ms = [];
    for (let i = 0; i < 6; i++) ms.push(await buildMember(t.db, branch.id, { birthDate: '1999-01-01', admittedOn: '2018-01-01' }));
    const [a, b, c] = ms as [(typeof ms)[0], (typeof ms)[0], (typeof ms)[0]];
    const vote = { meetingOn: now, voters: 6, present: 5, yes: 4 };
    const noApp = await adminA.post('/api/v1/party/recommendations', { memberId: a.id, ...vote });
    expect(noApp.statusCode).toBe(422);
    expect(noApp.json()).toMatchObject({ code: 'member-life.not_eligible', field: 'appliedOn' });
    for (const m of [a, b]) await adminA.post(`/api/v1/members/${m.id}/party-application`, { appliedOn: addMonths(now, -7) });
    await adminA.post(`/api/v1/members/${c.id}/party-application`, { appliedOn: addMonths(now, -2) });
    const early = await adminA.post('/api/v1/party/recommendations', { memberId: c.id, ...vote });
    expect(early.json()).toMatchObject({ code: 'member-life.not_eligible', field: 'appliedOn' });
    expect(early.json().messages['zh-CN']).toContain('6 个月');
    expect((await adminA.post('/api/v1/party/recommendations', { memberId: a.id, ...vote, present: 3, yes: 3 })).json()).toMatchObject({
      code: 'member-life.no_quorum',
      field: 'present',
    });
    const ok = await adminA.post('/api/v1/party/recommendations', { memberId: a.id, ...vote });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().validUntil).toBe(addMonths(now, 24));
    expect((await adminA.post('/api/v1/party/recommendations', { memberId: a.id, ...vote })).json()).toMatchObject({
      code: 'member-life.already_recommended',
      field: 'memberId',
    });
    // 20% of 6 members rounds up to 2; then the quota is used.
    expect((await adminA.post('/api/v1/party/recommendations', { memberId: b.id, ...vote })).statusCode).toBe(201);
    await adminA.post(`/api/v1/members/${c.id}/party-application`, { appliedOn: addMonths(now, -8) });
    const full = await adminA.post('/api/v1/party/recommendations', { memberId: c.id, ...vote });
    expect(full.statusCode).toBe(422);
    expect(full.json()).toMatchObject({ code: 'member-life.quota_used', field: 'memberId' });
    const cands = (await adminA.get(`/api/v1/party/candidates?orgId=${branch.id}`)).json();
    expect(cands.quotas[0]).toMatchObject({ active: 6, used: 2, quota: 2 });
    expect(cands.items.find((x: { memberId: string }) => x.memberId === a.id).recommendedUntil).toBe(addMonths(now, 24));
    expect((await adminA.get(`/api/v1/party/recommendations?orgId=${branch.id}`)).json().items.length).toBe(2);
    expect((await adminB.get(`/api/v1/party/recommendations?orgId=${branch.id}`)).statusCode).toBe(404);
  });
});

describe('the daily job', () => {
  it('reminds of turning 28 within the lead time, flags lapses and closed branches, and a second run changes nothing', async () => {
    const day = '2030-06-01';
    const soon = await buildMember(t.db, w.branchB.id, { birthDate: '2002-06-20', admittedOn: '2018-01-01' });
    const later = await buildMember(t.db, w.branchB.id, { birthDate: '2002-12-20', admittedOn: '2018-01-01' });
    const withPost = await buildMember(t.db, w.branchB.id, { birthDate: '2002-06-20', admittedOn: '2018-01-01', leaguePost: '组织委员' });
    const closedBranch = await buildOrg(t.db, w.townB, { kind: 'branch' });
    const stranded = await buildMember(t.db, closedBranch.id, { birthDate: '2010-01-01', admittedOn: '2030-01-01' });
    const { org } = await import('../../platform/org-tree/org-tree.schema.ts');
    await t.db.update(org).set({ status: 'closed', statusOn: '2030-05-01' }).where(eq(org.id, closedBranch.id));
    const first = await runJob(t.db, 'members.daily', day);
    expect(first.status).toBe('done');
    const kinds = async (memberId: string) =>
      (await t.db.select().from(memberReminder).where(eq(memberReminder.memberId, memberId))).map((r) => `${r.kind}@${r.dueOn}`).sort();
    expect(await kinds(soon.id)).toEqual(['age_out@2030-06-20', 'lapse_review@2030-06-01']);
    expect(await kinds(later.id)).toEqual(['lapse_review@2030-06-01']);
    expect(await kinds(withPost.id)).toEqual(['lapse_review@2030-06-01']);
    expect(await kinds(stranded.id)).toEqual(['transfer_overdue@2030-06-01']);
    const count = async () => (await t.db.select().from(memberReminder)).length;
    const before = await count();
    expect((await runJob(t.db, 'members.daily', day)).status).toBe('skipped');
    const forced = await runJob(t.db, 'members.daily', day, { force: true });
    expect(forced.result).toEqual({ transfersExpired: 0, ageOutReminders: 0, lapseFlags: 0, transferFlags: 0 });
    expect(await count()).toBe(before);
    // The next day: a done age reminder is not repeated.
    await t.db
      .update(memberReminder)
      .set({ status: 'done' })
      .where(and(eq(memberReminder.memberId, soon.id), eq(memberReminder.kind, 'age_out')));
    const next = await runJob(t.db, 'members.daily', '2030-06-02');
    expect(next.result?.ageOutReminders).toBe(0);
    expect(next.result?.lapseFlags).toBe(0);
  });

  it('a member born on 29 February reaches the leaving age on 1 March in a common year, in SQL as in the rule', async () => {
    // 2100 is not a leap year: PostgreSQL's date + interval alone would say 28 February.
    const feb28 = await buildMember(t.db, w.branchB.id, { birthDate: '2072-02-28', admittedOn: '2086-05-04' });
    const feb29 = await buildMember(t.db, w.branchB.id, { birthDate: '2072-02-29', admittedOn: '2086-05-04' });
    expect(leavingDay('2072-02-29')).toBe('2100-03-01');
    const ageOut = async (memberId: string) =>
      (
        await t.db
          .select()
          .from(memberReminder)
          .where(and(eq(memberReminder.memberId, memberId), eq(memberReminder.kind, 'age_out')))
      ).map((r) => r.dueOn);
    // 60 days ahead (the default) of 2099-12-30 is 2100-02-28: the 28 February birthday only.
    await runJob(t.db, 'members.daily', '2099-12-30');
    expect(await ageOut(feb28.id)).toEqual(['2100-02-28']);
    expect(await ageOut(feb29.id)).toEqual([]);
    await runJob(t.db, 'members.daily', '2099-12-31');
    expect(await ageOut(feb29.id)).toEqual([leavingDay('2072-02-29')]);
  });
});

describe('lists of an account with grants on two disjoint counties', () => {
  it('cover exactly both counties, without naming an org', async () => {
    const username = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'ml2counties', { role: 'committee_admin', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    // Turning 28 within a week in each county, and one in the city above both (out of scope).
    const birth = addDays(addMonths(now, -28 * 12), 7);
    const a = await buildMember(t.db, w.branchA.id, { birthDate: birth });
    const b = await buildMember(t.db, w.branchB.id, { birthDate: birth });
    const cityBranch = await buildOrg(t.db, w.city, { kind: 'branch', category: 'village' });
    const c = await buildMember(t.db, cityBranch.id, { birthDate: birth });
    const due = (await both.get('/api/v1/leaving/age-due?withinDays=30')).json().items.map((x: { memberId: string }) => x.memberId);
    expect(due).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(due).not.toContain(c.id);
    // Each county's subtree looks ahead by its own setting (60 days by default).
    expect((await both.get('/api/v1/leaving/age-due')).json()).toMatchObject({ withinDays: 60 });
    // Summaries cover the union: the sum of each county's.
    const [sa, sb, sab] = await Promise.all(
      [adminA, adminB, both].map(async (cl) => (await cl.get('/api/v1/dues/arrears/by-branch')).json().items as { orgId: number; members: number }[]),
    );
    const total = (items: { members: number }[]) => items.reduce((s, r) => s + r.members, 0);
    expect(total(sab)).toBe(total(sa) + total(sb));
    expect(sab.map((r) => r.orgId)).toEqual(expect.arrayContaining([w.branchA.id, w.branchB.id]));
    expect(sab.map((r) => r.orgId)).not.toContain(cityBranch.id);
    const todo = (await both.get('/api/v1/todo?task=registration')).json();
    expect(todo.branches.map((r: { orgId: number }) => r.orgId)).toEqual(expect.arrayContaining([w.branchA.id, w.branchB.id]));
    expect(todo.branches.map((r: { orgId: number }) => r.orgId)).not.toContain(cityBranch.id);
  });
});
