import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildActivity, buildVolunteer } from '../../test/volunteers.factories.ts';
import { signup } from './volunteers.schema.ts';
import { volunteerProjectMember } from './volunteer-groups.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let root: { id: number };
const period = 'from=2025-01-01&to=2025-12-31';

const metric = async (key: string, q: string) => {
  const res = await adminA.get(`/api/v1/metrics/${key}?orgId=${root.id}&${period}${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; groups: { group: string | null; label: string; value: number }[] };
};
const rows = async (key: string, q = '') => {
  const res = await adminA.get(`/api/v1/metrics/${key}/rows?orgId=${root.id}&${period}${q}&limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Record<string, unknown>[];
};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  root = await buildOrg(t.db, w.townA, { name: '指标镇' });
});
afterAll(async () => t?.close());

describe('teams, stations, projects', () => {
  it('creates a 青年突击队 with a leader and members; one live membership each; 404 across counties', async () => {
    const team = await adminA.post('/api/v1/volunteer-teams', { orgId: w.townA.id, name: '防汛青年突击队', kind: 'commando', foundedOn: '2024-06-01' });
    expect(team.statusCode, team.body).toBe(201);
    expect(team.json().kindLabel).toBe('青年突击队');
    const [v1, v2] = [await buildVolunteer(t.db, w.townA.id, { name: '队长甲' }), await buildVolunteer(t.db, w.townA.id, { name: '队员乙' })];
    await adminA.post(`/api/v1/volunteer-teams/${team.json().id}/members`, { volunteerId: v1.id, role: 'leader' });
    const after = await adminA.post(`/api/v1/volunteer-teams/${team.json().id}/members`, { volunteerId: v2.id });
    expect(after.json()).toMatchObject({ members: 2, leaders: '队长甲' });
    expect((await adminA.post(`/api/v1/volunteer-teams/${team.json().id}/members`, { volunteerId: v2.id, role: 'leader' })).json().leaders).toContain('队员乙');
    const removed = await adminA.post(`/api/v1/volunteer-teams/${team.json().id}/members/remove`, { volunteerId: v2.id });
    expect(removed.statusCode).toBe(204);
    expect((await adminA.get(`/api/v1/volunteer-teams/${team.json().id}`)).json().members).toBe(1);
    const dup = await adminA.post('/api/v1/volunteer-teams', { orgId: w.townA.id, name: '防汛青年突击队', kind: 'commando', foundedOn: '2024-06-01' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('name');
    expect((await adminB.get(`/api/v1/volunteer-teams/${team.json().id}`)).statusCode).toBe(404);
    const vB = await buildVolunteer(t.db, w.townB.id);
    expect((await adminA.post(`/api/v1/volunteer-teams/${team.json().id}/members`, { volunteerId: vB.id })).statusCode).toBe(404);
    expect((await adminA.patch(`/api/v1/volunteer-teams/${team.json().id}`, { status: 'dissolved' })).statusCode).toBe(200);
    const late = await adminA.post(`/api/v1/volunteer-teams/${team.json().id}/members`, { volunteerId: v2.id });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'volunteers.team_dissolved', field: 'teamId' });
  });

  it('rates stations 1–5 stars', async () => {
    const bad = await adminA.post('/api/v1/volunteer-stations', {
      orgId: w.townA.id,
      name: '甲镇志愿服务站',
      address: '甲镇人民路 1 号',
      star: 6,
      establishedOn: '2024-01-01',
    });
    expect(bad.json().field).toBe('star');
    const ok = await adminA.post('/api/v1/volunteer-stations', {
      orgId: w.townA.id,
      name: '甲镇志愿服务站',
      address: '甲镇人民路 1 号',
      star: 4,
      establishedOn: '2024-01-01',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().ratedOn).toBeTruthy();
    expect((await adminA.patch(`/api/v1/volunteer-stations/${ok.json().id}`, { star: 5 })).json().star).toBe(5);
    expect((await adminB.patch(`/api/v1/volunteer-stations/${ok.json().id}`, { star: 1 })).statusCode).toBe(404);
  });

  it('shows a project recruitment progress against its target', async () => {
    const p = await adminA.post('/api/v1/volunteer-projects', { orgId: w.townA.id, name: '河小青护河行动', theme: '河小青', startOn: '2025-03-01', target: 4 });
    expect(p.statusCode, p.body).toBe(201);
    const badTarget = await adminA.post('/api/v1/volunteer-projects', { orgId: w.townA.id, name: '零目标', theme: '河小青', startOn: '2025-03-01', target: 0 });
    expect(badTarget.json().field).toBe('target');
    const v = await buildVolunteer(t.db, w.townA.id);
    expect((await adminA.post(`/api/v1/volunteer-projects/${p.json().id}/recruit`, { volunteerId: v.id })).statusCode).toBe(204);
    expect((await adminA.post(`/api/v1/volunteer-projects/${p.json().id}/recruit`, { volunteerId: v.id })).statusCode).toBe(409);
    const list = await adminA.get(`/api/v1/volunteer-projects?orgId=${w.townA.id}`);
    expect(list.json().items.find((x: { id: string }) => x.id === p.json().id)).toMatchObject({ target: 4, recruited: 1 });
    expect((await adminA.patch(`/api/v1/volunteer-projects/${p.json().id}`, { status: 'closed' })).statusCode).toBe(200);
    const late = await adminA.post(`/api/v1/volunteer-projects/${p.json().id}/recruit`, { volunteerId: (await buildVolunteer(t.db, w.townA.id)).id });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'volunteers.project_closed', field: 'projectId' });
  });
});

describe('figures', () => {
  beforeAll(async () => {
    const vs = [];
    for (const [registeredOn, birthDate] of [
      ['2024-05-01', '1990-01-01'],
      ['2025-02-01', '2009-01-01'],
      ['2025-07-01', '2000-01-01'],
      ['2026-01-05', '2000-01-01'],
    ] as const) {
      vs.push(await buildVolunteer(t.db, root.id, { registeredOn, birthDate }));
    }
    for (const [kind, name, foundedOn] of [
      ['commando', '突击队一', '2025-01-01'],
      ['commando', '突击队二', '2025-06-01'],
      ['community', '社区队', '2024-01-01'],
      ['commando', '明年的队', '2026-03-01'],
    ]) {
      await adminA.post('/api/v1/volunteer-teams', { orgId: root.id, name, kind, foundedOn });
    }
    for (const star of [3, 3, 5, null]) {
      await adminA.post('/api/v1/volunteer-stations', {
        orgId: root.id,
        name: `站${star ?? '无'}${uuidv7().slice(-4)}`,
        address: '某路',
        star,
        establishedOn: '2024-01-01',
      });
    }
    const p = (
      await adminA.post('/api/v1/volunteer-projects', { orgId: root.id, name: '文明劝导 2025', theme: '文明劝导', startOn: '2025-01-01', target: 100 })
    ).json();
    const inPeriod = new Date('2025-05-10T01:00:00Z');
    const { shifts } = await buildActivity(t.db, root.id, {
      projectId: p.id,
      shifts: [
        { startsAt: inPeriod, endsAt: new Date(inPeriod.getTime() + 7200_000), capacity: 5 },
        { startsAt: new Date('2026-02-01T01:00:00Z'), endsAt: new Date('2026-02-01T03:00:00Z'), capacity: 5 },
      ],
    });
    await buildActivity(t.db, root.id, { shifts: [{ startsAt: new Date('2024-05-10T01:00:00Z'), endsAt: new Date('2024-05-10T03:00:00Z'), capacity: 5 }] });
    // 2025-12-31 23:30 in China is still 2025: counted.
    await buildActivity(t.db, root.id, { shifts: [{ startsAt: new Date('2025-12-31T15:30:00Z'), endsAt: new Date('2025-12-31T16:30:00Z'), capacity: 5 }] });
    const s0 = shifts[0]?.id ?? '';
    for (const [v, status] of [
      [vs[0], 'confirmed'],
      [vs[1], 'confirmed'],
      [vs[2], 'cancelled'],
    ] as const) {
      await t.db.insert(signup).values({ id: uuidv7(), shiftId: s0, volunteerId: v?.id ?? '', orgId: root.id, status });
    }
    for (const v of vs.slice(0, 2)) {
      await t.db.insert(volunteerProjectMember).values({ id: uuidv7(), projectId: p.id, volunteerId: v.id, orgId: root.id, recruitedOn: '2025-04-01' });
    }
  });

  it('volunteers.registered (as of period end) and volunteers.new (in period), by gender and age band', async () => {
    expect((await metric('volunteers.registered', '')).total).toBe(3);
    const fresh = await metric('volunteers.new', '&groupBy=ageBand');
    expect(fresh.total).toBe(2);
    expect(Object.fromEntries(fresh.groups.map((g) => [g.group, g.value]))).toEqual({ '14–17': 1, '18–28': 1 });
    expect(await rows('volunteers.new')).toHaveLength(2);
  });

  it('volunteerTeams.count by kind, stations.count by star', async () => {
    const teams = await metric('volunteerTeams.count', '&groupBy=kind');
    expect(teams.total).toBe(3);
    expect(teams.groups.find((g) => g.group === 'commando')).toMatchObject({ value: 2, label: '青年突击队' });
    const stations = await metric('stations.count', '&groupBy=star');
    expect(Object.fromEntries(stations.groups.map((g) => [g.group, g.value]))).toEqual({ '3': 2, '5': 1, null: 1 });
    expect(stations.groups.find((g) => g.group === null)?.label).toBe('未评星');
    expect(await rows('stations.count', '&groupBy=star&group=3')).toHaveLength(2);
  });

  it('volunteerActivities.count (with shifts in period), volunteerParticipations (confirmed), volunteers.recruited by project', async () => {
    expect((await metric('volunteerActivities.count', '')).total).toBe(2);
    const part = await metric('volunteerParticipations', '&groupBy=project');
    expect(part.total).toBe(2);
    expect(part.groups[0]).toMatchObject({ group: '文明劝导 2025', value: 2 });
    const drill = await rows('volunteerParticipations');
    expect(drill[0]).toMatchObject({ startsAt: '2025-05-10 09:00' });
    const rec = await metric('volunteers.recruited', '&groupBy=project');
    expect(rec.groups).toEqual([{ group: '文明劝导 2025', label: '文明劝导 2025', value: 2 }]);
  });

  it('age bands turn on the birthday itself; 29 February births on 1 March in common years', async () => {
    const edge = await buildOrg(t.db, w.townA, { name: '年龄段镇' });
    for (const [registeredOn, birthDate] of [
      ['2025-03-10', '2007-03-10'], // 18 that day
      ['2025-03-10', '2007-03-11'], // 17 until tomorrow
      ['2025-02-28', '1996-02-29'], // still 28
      ['2025-03-01', '1996-02-29'], // 29
    ] as const) {
      await buildVolunteer(t.db, edge.id, { registeredOn, birthDate });
    }
    const res = await adminA.get(`/api/v1/metrics/volunteers.new?orgId=${edge.id}&${period}&groupBy=ageBand`);
    expect(res.statusCode, res.body).toBe(200);
    const bands = res.json().groups as { group: string; value: number }[];
    expect(Object.fromEntries(bands.map((g) => [g.group, g.value]))).toEqual({ '14–17': 1, '18–28': 2, '29–35': 1 });
  });
});
