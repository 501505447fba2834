import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { downloadSheet as sheet } from '../../test/xlsx.ts';
import { buildActivity, buildVolunteer } from '../../test/volunteers.factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
});
afterAll(async () => t?.close());

describe('Excel downloads of the volunteering lists', () => {
  it('teams, stations and projects: the list filters and the caller scope', async () => {
    for (const [client, org, name] of [
      [adminA, w.townA.id, '甲镇突击队'],
      [adminB, w.townB.id, '乙镇突击队'],
    ] as const) {
      expect((await client.post('/api/v1/volunteer-teams', { orgId: org, name, kind: 'commando', foundedOn: '2024-06-01' })).statusCode).toBe(201);
      expect(
        (
          await client.post('/api/v1/volunteer-stations', {
            orgId: org,
            name: `${name}站`,
            address: '人民路 1 号',
            star: 3,
            ratedOn: '2025-03-01',
            establishedOn: '2023-01-01',
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (await client.post('/api/v1/volunteer-projects', { orgId: org, name: `${name}河小青`, theme: '河小青', startOn: '2025-01-01', target: 40 })).statusCode,
      ).toBe(201);
    }
    const teams = await sheet(adminA, '/api/v1/volunteer-teams/export?kind=commando');
    expect(teams[0]).toEqual(['队伍名称', '类别', '所属组织', '成立日期', '队员人数', '负责人', '状态']);
    expect(teams.slice(1).map((r) => r[0])).toEqual(['甲镇突击队']);
    expect(teams[1]?.[1]).toBe('青年突击队');
    expect((await sheet(adminA, '/api/v1/volunteer-teams/export?kind=school')).length).toBe(1);

    const stations = await sheet(adminA, '/api/v1/volunteer-stations/export');
    expect(stations.slice(1).map((r) => [r[0], r[3]])).toEqual([['甲镇突击队站', '3']]);

    const projects = await sheet(adminA, `/api/v1/volunteer-projects/export?orgId=${w.townA.id}`);
    expect(projects.slice(1).map((r) => [r[0], r[5], r[6], r[7]])).toEqual([['甲镇突击队河小青', '40', '0', '0.0%']]);
    // Another county's org is out of scope: the same 404 as the list.
    expect((await adminA.get(`/api/v1/volunteer-projects/export?orgId=${w.townB.id}`)).statusCode).toBe(404);
  });

  it('activities and a shift roster, in English too; the roster of another county answers 404', async () => {
    const { activity, shifts } = await buildActivity(t.db, w.townA.id, { title: '河道巡护' });
    await buildActivity(t.db, w.townB.id, { title: '乙县活动' });
    const shift = shifts[0];
    if (!shift) throw new Error('no shift');
    const vols = [await buildVolunteer(t.db, w.townA.id, { name: '报名甲' }), await buildVolunteer(t.db, w.townA.id, { name: '报名乙' })];
    for (const v of vols) expect((await adminA.post(`/api/v1/volunteer-shifts/${shift.id}/signups`, { volunteerId: v.id })).statusCode).toBe(201);

    const acts = await sheet(adminA, '/api/v1/volunteer-activities/export');
    expect(acts.slice(1).map((r) => r[0])).toEqual([activity.title]);
    expect(acts[1]?.[4]).toBe('1');

    const roster = await sheet(adminA, `/api/v1/volunteer-shifts/${shift.id}/roster/export`);
    expect(roster[0]?.slice(0, 2)).toEqual(['志愿者编号', '姓名']);
    expect(
      roster
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['报名乙', '报名甲']);
    expect(roster.slice(1).every((r) => r[5] === '已确认')).toBe(true);
    // Masked phones only.
    expect(roster.slice(1).every((r) => !/^1\d{10}$/.test(r[4] ?? ''))).toBe(true);

    expect((await sheet(adminA, `/api/v1/volunteer-shifts/${shift.id}/roster/export`, 'en-US'))[0]?.[1]).toBe('Name');

    expect((await adminB.get(`/api/v1/volunteer-shifts/${shift.id}/roster/export`)).statusCode).toBe(404);
  });
});
