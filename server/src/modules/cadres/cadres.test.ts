import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { addDays, chinaToday as today } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { buildCadre, buildMembers, buildPerson } from '../../test/cadres.factories.ts';
import { sizeWarnings, termClassOf, termEndOn } from './cadres.rules.ts';
import { daysBetween } from '../../platform/dates.ts';
import { cadre, election } from './cadres.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let secretaryA: TestClient;
let observerA: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
  observerA = await login(t.app, w.users.observerA, password);
});
afterAll(async () => t?.close());

const post = async (c: TestClient, url: string, body: unknown, status: number) => {
  const res = await c.post(url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

describe('pure rules', () => {
  it('term classes and dates', () => {
    expect(termClassOf({ kind: 'branch', category: 'village', divisionCode: null })).toBe('branch');
    expect(termClassOf({ kind: 'branch', category: 'school_middle', divisionCode: null })).toBe('schoolBranch');
    expect(termClassOf({ kind: 'committee', category: null, divisionCode: '430421' })).toBe('localCommittee');
    expect(termClassOf({ kind: 'committee', category: 'township', divisionCode: '430421101' })).toBe('basicCommittee');
    // A term begun on 29 February ends on 28 February of a common year, on 29 February of a leap one.
    expect(termEndOn('2024-02-29', 1)).toBe('2025-02-28');
    expect(termEndOn('2024-02-29', 4)).toBe('2028-02-29');
    expect(termEndOn('2023-06-30', 3)).toBe('2026-06-30');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
  });
  it('size thresholds are warnings with the numbers in them', () => {
    expect(sizeWarnings('branch', 2, 1).map((x) => x.code)).toEqual(['too_few']);
    expect(sizeWarnings('branch', 7, 1).map((x) => x.code)).toEqual(['committee_size']);
    expect(sizeWarnings('branch', 7, 3)).toEqual([]);
    expect(sizeWarnings('branch', 35, 6).map((x) => x.code)).toEqual(['general_branch', 'committee_size']);
    expect(sizeWarnings('branch', 120, 5).map((x) => x.code)).toEqual(['committee']);
    expect(sizeWarnings('general_branch', 100, 0).map((x) => x.code)).toEqual(['committee']);
    expect(sizeWarnings('committee', 500, 0)).toEqual([]);
  });
});

describe('cadres', () => {
  it('records a cadre, lists it, and refuses a second secretary or the same person twice', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '干部测试村团支部', kind: 'branch', category: 'village' });
    const p1 = await buildPerson(t.db, branch.id, { birthDate: '1995-03-01', politicalStatus: '中共党员', education: '大学本科' });
    const p2 = await buildPerson(t.db, branch.id, { birthDate: '2001-03-01', politicalStatus: '共青团员', education: '高中' });
    const c1 = await post(
      adminA,
      '/api/v1/cadres',
      { personId: p1.id, orgId: branch.id, post: 'secretary', kind: 'part_time', termStart: '2023-01-01', inVillageCommittee: true },
      201,
    );
    expect(c1).toMatchObject({ post: 'secretary', postLabel: '书记', kindLabel: '兼职', status: 'active' });

    const second = await post(
      adminA,
      '/api/v1/cadres',
      { personId: p2.id, orgId: branch.id, post: 'secretary', kind: 'part_time', termStart: '2023-01-01' },
      422,
    );
    expect(second).toMatchObject({ code: 'cadres.secretary_taken', field: 'post' });
    const twice = await post(adminA, '/api/v1/cadres', { personId: p1.id, orgId: branch.id, post: 'member', kind: 'part_time', termStart: '2023-01-01' }, 409);
    expect(twice).toMatchObject({ code: 'conflict', field: 'personId' });
    const future = await post(
      adminA,
      '/api/v1/cadres',
      { personId: p2.id, orgId: branch.id, post: 'member', kind: 'part_time', termStart: addDays(today(), 5) },
      400,
    );
    expect(future).toMatchObject({ code: 'validation', field: 'termStart' });
    const badEnd = await post(
      adminA,
      '/api/v1/cadres',
      { personId: p2.id, orgId: branch.id, post: 'member', kind: 'part_time', termStart: '2023-01-01', termEnd: '2022-01-01' },
      400,
    );
    expect(badEnd).toMatchObject({ code: 'validation', field: 'termEnd' });
    await post(secretaryA, '/api/v1/cadres', { personId: p2.id, orgId: branch.id, post: 'member', kind: 'part_time', termStart: '2023-01-01' }, 404);
    await post(adminA, '/api/v1/cadres', { personId: p2.id, orgId: branch.id, post: 'member', kind: 'seconded', termStart: '2023-01-01' }, 201);

    const list = await adminA.get(`/api/v1/cadres?orgId=${branch.id}`);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((c: { name: string }) => c.name)
        .sort(),
    ).toEqual([p1.name, p2.name].sort());

    const s = (await adminA.get(`/api/v1/cadres/structure?orgId=${branch.id}`)).json();
    expect(s.total).toBe(2);
    const share = (key: string, group: string) => s.shares.find((x: { key: string; group: string }) => x.key === key && x.group === group);
    expect(share('age_band', '90s')).toMatchObject({ numerator: 1, denominator: 2, label: '90后' });
    expect(share('age_band', '00s')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(share('party', 'party')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(share('education', 'college')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(share('in_village_committee', 'in')).toMatchObject({ numerator: 1, denominator: 2 });
    expect(s.byKind.find((k: { kind: string }) => k.kind === 'seconded').count).toBe(1);

    // Figures through the registry, with drill-down to the same people.
    const m = (await observerA.get(`/api/v1/metrics/cadres.share?orgId=${branch.id}&groupBy=party`)).json();
    // A ratio: each share carries its parts, so figures over several subtrees add up.
    expect(m).toMatchObject({ kind: 'ratio', numerator: 2, denominator: 4 });
    expect(m.groups).toEqual([
      { group: 'party', label: '党员', value: 50, numerator: 1, denominator: 2 },
      { group: 'non_party', label: '非党员', value: 50, numerator: 1, denominator: 2 },
    ]);
    const whole = (await observerA.get(`/api/v1/metrics/cadres.share?orgId=${branch.id}`)).json();
    expect(whole).toMatchObject({ total: 100, numerator: 2, denominator: 2 });
    const rows = (await observerA.get(`/api/v1/metrics/cadres.share/rows?orgId=${branch.id}&groupBy=party&group=party`)).json();
    expect(rows.items.map((r: { name: string }) => r.name)).toEqual([p1.name]);
    const count = (await observerA.get(`/api/v1/metrics/cadres.count?orgId=${branch.id}&groupBy=kind`)).json();
    expect(count.total).toBe(2);

    // Ending a post: the cadre no longer counts after that day, and cannot be ended twice.
    const ended = await post(adminA, `/api/v1/cadres/${c1.id}/end`, { endedOn: '2024-06-30', reason: '调离' }, 200);
    expect(ended).toMatchObject({ status: 'ended', endedOn: '2024-06-30' });
    expect(await post(adminA, `/api/v1/cadres/${c1.id}/end`, { endedOn: '2024-07-30' }, 422)).toMatchObject({ code: 'cadres.post_ended', field: 'status' });
    const before = (await observerA.get(`/api/v1/metrics/cadres.count?orgId=${branch.id}&from=2024-01-01&to=2024-06-29`)).json();
    const after = (await observerA.get(`/api/v1/metrics/cadres.count?orgId=${branch.id}&from=2024-01-01&to=2024-12-31`)).json();
    expect([before.total, after.total]).toEqual([2, 1]);
    // The secretary post is free again.
    const patched = await adminA.patch(`/api/v1/cadres/${c1.id}`, { kind: 'full_time' });
    expect(patched.statusCode).toBe(422);
    expect(patched.json()).toMatchObject({ code: 'cadres.post_ended', field: 'status' });
  });

  it('refuses an org that is closed and a person whose record is archived', async () => {
    const closed = await buildOrg(t.db, w.townA, { name: '已撤销村团支部', kind: 'branch', category: 'village' });
    const p = await buildPerson(t.db, closed.id);
    await t.db.update(org).set({ status: 'closed' }).where(eq(org.id, closed.id));
    const body = { personId: p.id, orgId: closed.id, post: 'member', kind: 'part_time', termStart: '2023-01-01' };
    expect(await post(adminA, '/api/v1/cadres', body, 422)).toMatchObject({ code: 'org_inactive', field: 'orgId' });
    const archived = await buildPerson(t.db, w.branchA.id);
    await t.db.update(person).set({ status: 'archived' }).where(eq(person.id, archived.id));
    expect(await post(adminA, '/api/v1/cadres', { ...body, personId: archived.id, orgId: w.branchA.id }, 422)).toMatchObject({
      code: 'cadres.person_archived',
      field: 'personId',
    });
  });

  it('an account with grants on two disjoint counties sees exactly both, without naming an org', async () => {
    const username = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'cadres2counties', { role: 'committee_admin', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    const adminB = await login(t.app, w.users.adminB, password);
    for (const [orgId, name] of [
      [w.branchA.id, '双辖区甲'],
      [w.branchB.id, '双辖区乙'],
      [w.city.id, '双辖区市'],
    ] as const) {
      await buildCadre(t.db, orgId, (await buildPerson(t.db, orgId, { name })).id);
    }
    const names = (await both.get('/api/v1/cadres?q=双辖区&limit=500')).json().items.map((c: { name: string }) => c.name);
    expect(names.sort()).toEqual(['双辖区乙', '双辖区甲']);
    // Every summary covers the union: the sum of each county's.
    const [a, b, ab] = await Promise.all([adminA, adminB, both].map(async (c) => (await c.get('/api/v1/cadres/structure')).json()));
    expect(ab.total).toBe(a.total + b.total);
    const [ma, mb, mab] = await Promise.all([adminA, adminB, both].map(async (c) => (await c.get('/api/v1/metrics/cadres.count')).json()));
    expect(mab.total).toBe(ma.total + mb.total);
    // Term warnings over both counties use the wider of their windows, so neither county's is missed.
    const put = await adminB.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyB.id}/settings/orgs.termWarningDays`, payload: { value: 200 } });
    expect(put.statusCode, put.body).toBe(204);
    const days = await Promise.all([adminA, adminB, both].map(async (c) => (await c.get('/api/v1/cadres/warnings')).json().days));
    expect(days).toEqual([90, 200, 200]);
    expect((await adminB.post(`/api/v1/orgs/${w.countyB.id}/settings/orgs.termWarningDays/reset`)).statusCode).toBe(204);
  });

  it('keeps county A out of county B', async () => {
    const pB = await buildPerson(t.db, w.branchB.id);
    const pA = await buildPerson(t.db, w.branchA.id);
    await post(adminA, '/api/v1/cadres', { personId: pA.id, orgId: w.branchB.id, post: 'member', kind: 'part_time', termStart: '2023-01-01' }, 404);
    const r = await post(adminA, '/api/v1/cadres', { personId: pB.id, orgId: w.branchA.id, post: 'member', kind: 'part_time', termStart: '2023-01-01' }, 400);
    expect(r).toMatchObject({ code: 'validation', field: 'personId' });
    expect((await adminA.get(`/api/v1/cadres?orgId=${w.townB.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/elections?orgId=${w.townB.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/cadres/warnings?orgId=${w.townB.id}`)).statusCode).toBe(404);
  });
});

describe('elections (换届)', () => {
  it('ends the old committee, appoints the new one, and checks the term rule', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '换届测试村团支部', kind: 'branch', category: 'village', establishedOn: '2015-01-01' });
    const members = await buildMembers(t.db, branch.id, 8);
    const [a, b, c] = members.map((m) => m.person) as [(typeof members)[0]['person'], (typeof members)[0]['person'], (typeof members)[0]['person']];
    const old = await post(adminA, '/api/v1/cadres', { personId: a.id, orgId: branch.id, post: 'secretary', kind: 'part_time', termStart: '2019-01-01' }, 201);

    const wrongTerm = await post(
      adminA,
      '/api/v1/elections',
      { orgId: branch.id, heldOn: '2022-05-04', termYears: 5, committee: [{ personId: b.id, post: 'secretary', kind: 'part_time' }] },
      422,
    );
    expect(wrongTerm).toMatchObject({ code: 'cadres.term_years_not_allowed', field: 'termYears' });
    // The allowed lengths are joined in each language.
    expect(wrongTerm.messages).toEqual({ 'zh-CN': '该组织每届任期应为 2 或 3 年', 'en-US': 'this org’s term must be 2 or 3 years' });
    const noSecretary = await post(
      adminA,
      '/api/v1/elections',
      { orgId: branch.id, heldOn: '2022-05-04', termYears: 3, committee: [{ personId: b.id, post: 'member', kind: 'part_time' }] },
      422,
    );
    expect(noSecretary).toMatchObject({ code: 'cadres.one_secretary', field: 'committee' });
    const dup = await post(
      adminA,
      '/api/v1/elections',
      {
        orgId: branch.id,
        heldOn: '2022-05-04',
        termYears: 3,
        committee: [
          { personId: b.id, post: 'secretary', kind: 'part_time' },
          { personId: b.id, post: 'member', kind: 'part_time' },
        ],
      },
      400,
    );
    expect(dup).toMatchObject({ code: 'validation', field: 'committee' });
    // A person from county B: nothing is written, the old secretary stays in post.
    const outsider = await buildPerson(t.db, w.branchB.id);
    await post(
      adminA,
      '/api/v1/elections',
      {
        orgId: branch.id,
        heldOn: '2022-05-04',
        termYears: 3,
        committee: [
          { personId: b.id, post: 'secretary', kind: 'part_time' },
          { personId: outsider.id, post: 'member', kind: 'part_time' },
        ],
      },
      400,
    );
    expect(await t.db.select().from(election).where(eq(election.orgId, branch.id))).toEqual([]);
    expect((await t.db.select().from(cadre).where(eq(cadre.id, old.id)))[0]?.status).toBe('active');

    const e = await post(
      adminA,
      '/api/v1/elections',
      {
        orgId: branch.id,
        heldOn: '2022-05-04',
        termYears: 3,
        committee: [
          { personId: b.id, post: 'secretary', kind: 'part_time', inVillageCommittee: true },
          { personId: c.id, post: 'organization', kind: 'part_time' },
        ],
      },
      201,
    );
    expect(e.termEndsOn).toBe('2025-05-04');
    // 8 members, a committee of 2: the 3–5 rule warns but does not block.
    expect(e.warnings.map((x: { code: string }) => x.code)).toEqual(['committee_size']);
    const rows = await t.db.select().from(cadre).where(eq(cadre.orgId, branch.id));
    expect(rows.find((r) => r.id === old.id)).toMatchObject({ status: 'ended', endedOn: '2022-05-04', endReason: 'election' });
    expect(rows.filter((r) => r.status === 'active').map((r) => [r.personId, r.electionId, r.termEnd])).toEqual(
      expect.arrayContaining([
        [b.id, e.id, '2025-05-04'],
        [c.id, e.id, '2025-05-04'],
      ]),
    );
    const earlier = await post(
      adminA,
      '/api/v1/elections',
      { orgId: branch.id, heldOn: '2021-01-01', termYears: 3, committee: [{ personId: c.id, post: 'secretary', kind: 'part_time' }] },
      422,
    );
    expect(earlier).toMatchObject({ code: 'cadres.not_after_last_election', field: 'heldOn' });

    const list = (await adminA.get(`/api/v1/elections?orgId=${branch.id}`)).json();
    expect(list.items[0]).toMatchObject({ heldOn: '2022-05-04', termYears: 3 });
    expect(list.items[0].committee).toHaveLength(2);

    // The term ended on 2025-05-04: it is listed as expired; the committee size shows too.
    const warn = (await adminA.get(`/api/v1/cadres/warnings?orgId=${branch.id}`)).json();
    expect(warn.days).toBe(90);
    expect(warn.terms).toHaveLength(1);
    expect(warn.terms[0]).toMatchObject({ orgId: branch.id, termEndsOn: '2025-05-04', expired: today() > '2025-05-04' });
    expect(warn.sizes[0]).toMatchObject({ orgId: branch.id, members: 8, committee: 2 });

    const figure = (
      await observerA.get(`/api/v1/metrics/orgs.elections.completed?orgId=${w.countyA.id}&from=2022-01-01&to=2022-12-31&groupBy=category`)
    ).json();
    expect(figure.groups).toEqual([{ group: 'village', label: '村', value: 1 }]);
    const none = (await observerA.get(`/api/v1/metrics/orgs.elections.completed?orgId=${w.countyA.id}&from=2023-01-01&to=2023-12-31`)).json();
    expect(none.total).toBe(0);
  });

  it('warns ahead of a term end within the configured days', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '提醒测试村团支部', kind: 'branch', category: 'village', establishedOn: '2015-01-01' });
    const p = await buildPerson(t.db, branch.id);
    // A 2-year term that ends in 30 days.
    const heldOn = addDays(termEndOn(today(), -2), 30);
    await post(
      adminA,
      '/api/v1/elections',
      { orgId: branch.id, heldOn, termYears: 2, committee: [{ personId: p.id, post: 'secretary', kind: 'part_time' }] },
      201,
    );
    const soon = (await adminA.get(`/api/v1/cadres/warnings?orgId=${branch.id}`)).json();
    expect(soon.terms[0]).toMatchObject({ orgId: branch.id, expired: false });
    expect(soon.terms[0].daysLeft).toBeGreaterThan(25);
    const shorter = (await adminA.get(`/api/v1/cadres/warnings?orgId=${branch.id}&days=10`)).json();
    expect(shorter.terms).toEqual([]);
    // The setting changes the default window for the subtree.
    const put = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${branch.id}/settings/orgs.termWarningDays`, payload: { value: 7 } });
    expect(put.statusCode, put.body).toBe(204);
    expect((await adminA.get(`/api/v1/cadres/warnings?orgId=${branch.id}`)).json().terms).toEqual([]);
  });

  it('school student branches serve one year; the term rule is configurable per subtree', async () => {
    const school = await buildOrg(t.db, w.townA, { name: '测试中学团委', category: 'school_middle' });
    const cls = await buildOrg(t.db, school, { name: '高一（1）班团支部', kind: 'branch', category: 'school_middle' });
    const p = await buildPerson(t.db, cls.id);
    const body = (termYears: number) => ({
      orgId: cls.id,
      heldOn: '2024-09-10',
      termYears,
      committee: [{ personId: p.id, post: 'secretary', kind: 'part_time' }],
    });
    expect(await post(adminA, '/api/v1/elections', body(2), 422)).toMatchObject({ code: 'cadres.term_years_not_allowed', field: 'termYears' });
    const put = await adminA.request({
      method: 'PUT',
      url: `/api/v1/orgs/${school.id}/settings/orgs.termYears`,
      payload: { value: { branch: [2, 3], schoolBranch: [1, 2], generalBranch: [2, 3], basicCommittee: [3, 5], localCommittee: [5] } },
    });
    expect(put.statusCode, put.body).toBe(204);
    await post(adminA, '/api/v1/elections', body(2), 201);
    const [row] = await t.db
      .select()
      .from(cadre)
      .where(and(eq(cadre.orgId, cls.id), eq(cadre.status, 'active')));
    expect(row?.termEnd).toBe('2026-09-10');
  });

  it('needs orglife.write: the observer may read but not record', async () => {
    const p = await buildPerson(t.db, w.branchA.id);
    const res = await observerA.post('/api/v1/elections', {
      orgId: w.branchA.id,
      heldOn: '2024-01-01',
      termYears: 2,
      committee: [{ personId: p.id, post: 'secretary', kind: 'part_time' }],
    });
    expect(res.statusCode).toBe(403);
    expect((await observerA.get(`/api/v1/elections?orgId=${w.branchA.id}`)).statusCode).toBe(200);
  });
});
