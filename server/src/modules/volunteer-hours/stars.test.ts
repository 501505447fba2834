import { eq } from 'drizzle-orm';
import { person } from '../people/index.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/access/scope.ts';
import { runJob } from '../../platform/jobs/jobs.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { downloadSheet } from '../../test/xlsx.ts';
import { buildVolunteer } from '../../test/volunteers.factories.ts';
import { buildPhoneVolunteer } from './volunteer-hours.factories.ts';
import { hourEntry, starAward } from './volunteer-hours.schema.ts';
import { certifyStar, proposeStars, rejectStar, startNotice } from './stars.service.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let cityAdmin: TestClient;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password, { ip: '10.3.0.1' });
  cityAdmin = await login(t.app, w.users.cityAdmin, password, { ip: '10.3.0.2' });
});
afterAll(async () => t?.close());

/** Ledger rows written directly: the star rules only read totals. */
async function giveHours(volunteerId: string, orgId: number, hours: number, source: 'tracked' | 'manual' = 'tracked') {
  await t.db.insert(hourEntry).values({ id: uuidv7(), volunteerId, orgId, source, serviceDate: '2026-02-01', minutes: hours * 60 });
}
const actorOf = (accountId: string, orgId: number, path: string): Actor => ({
  accountId,
  username: 'x',
  sessionId: 's',
  requestId: 'r',
  ip: '127.0.0.1',
  grants: [{ id: 'g', role: 'committee_admin', orgId, path }],
});

describe('star levels', () => {
  it('the daily job proposes each level reached, certified by county (1–2), city (3–4) and province (5); it is idempotent', async () => {
    const v = await buildVolunteer(t.db, w.branchA.id);
    await giveHours(v.id, w.branchA.id, 650);
    const first = await runJob(t.db, 'volunteers.proposeStars', '2026-03-02');
    expect(first.status).toBe('done');
    const again = await runJob(t.db, 'volunteers.proposeStars', '2026-03-02');
    expect(again.status).toBe('skipped');
    expect((await proposeStars(t.db, '2026-03-03')).proposed).toBe(0);
    const awards = await t.db.select().from(starAward).where(eq(starAward.volunteerId, v.id)).orderBy(starAward.level);
    expect(awards.map((a) => [a.level, a.orgId])).toEqual([
      [1, w.countyA.id],
      [2, w.countyA.id],
      [3, w.city.id],
    ]);
    await giveHours(v.id, w.branchA.id, 1000, 'manual');
    expect((await proposeStars(t.db, '2026-03-04')).proposed).toBe(2);
    const five = await t.db.select().from(starAward).where(eq(starAward.volunteerId, v.id));
    expect(five.find((a) => a.level === 5)?.orgId).toBe(w.province.id);
  });

  it('thresholds: 99.5 h is no star, 100 h is one', async () => {
    const a = await buildVolunteer(t.db, w.townA.id);
    const b = await buildVolunteer(t.db, w.townA.id);
    await t.db
      .insert(hourEntry)
      .values({ id: uuidv7(), volunteerId: a.id, orgId: w.townA.id, source: 'tracked', serviceDate: '2026-02-01', minutes: 99 * 60 + 30 });
    await giveHours(b.id, w.townA.id, 100);
    await proposeStars(t.db, '2026-03-05');
    expect(await t.db.select().from(starAward).where(eq(starAward.volunteerId, a.id))).toHaveLength(0);
    expect((await t.db.select().from(starAward).where(eq(starAward.volunteerId, b.id))).map((r) => r.level)).toEqual([1]);
  });

  it('certification waits for 5 working days of public notice (weekends do not count)', async () => {
    const v = await buildVolunteer(t.db, w.townA.id);
    await giveHours(v.id, w.townA.id, 120);
    await proposeStars(t.db, '2026-03-03');
    const [award] = await t.db.select().from(starAward).where(eq(starAward.volunteerId, v.id));
    if (!award) throw new Error('no award');
    // the county admin as a service-level actor, so "today" can be injected
    const [acc] = await t.db.select({ id: account.id }).from(account).where(eq(account.username, w.users.adminA));
    const county = actorOf(acc?.id ?? '', w.countyA.id, w.countyA.path);
    await expect(certifyStar(t.db, county, award.id, '2026-03-04')).rejects.toMatchObject({ status: 422, code: 'volunteer-hours.star_status' });
    const noticed = await startNotice(t.db, county, award.id, '2026-03-04'); // a Wednesday
    expect(noticed).toMatchObject({ status: 'in_notice', noticeFrom: '2026-03-04', noticeUntil: '2026-03-10' });
    await expect(certifyStar(t.db, county, award.id, '2026-03-10')).rejects.toMatchObject({
      status: 422,
      code: 'volunteer-hours.notice_running',
      field: 'noticeFrom',
    });
    const done = await certifyStar(t.db, county, award.id, '2026-03-11');
    expect(done.status).toBe('certified');
    await expect(rejectStar(t.db, county, award.id, '2026-03-12', '重复')).rejects.toMatchObject({ status: 422, code: 'volunteer-hours.star_status' });
  });

  it('only the certifying level may act: a county cannot touch a city-level star', async () => {
    const v = await buildVolunteer(t.db, w.townA.id);
    await giveHours(v.id, w.townA.id, 600);
    await proposeStars(t.db, '2026-03-06');
    const three = (await t.db.select().from(starAward).where(eq(starAward.volunteerId, v.id))).find((a) => a.level === 3);
    expect((await adminA.post(`/api/v1/volunteer-hours/stars/${three?.id}/notice`)).statusCode).toBe(404);
    const ok = await cityAdmin.post(`/api/v1/volunteer-hours/stars/${three?.id}/notice`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('in_notice');
    // certifying the same day is refused with a clear message
    const early = await cityAdmin.post(`/api/v1/volunteer-hours/stars/${three?.id}/certify`);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'volunteer-hours.notice_running', field: 'noticeFrom' });
    expect(early.json().messages['zh-CN']).toContain('5 个工作日');
    const list = (await adminA.get('/api/v1/volunteer-hours/stars?status=proposed')).json();
    expect(list.items.every((i: { orgId: number }) => i.orgId === w.countyA.id)).toBe(true);
  });

  it('the phone shows the certified level as the badge; volunteers.byLevel counts by star', async () => {
    const s = await buildPhoneVolunteer(t.app, t.db, w.townA.id, '李星星');
    await giveHours(s.volunteer.id, w.townA.id, 320);
    await proposeStars(t.db, '2026-03-09');
    await t.db.update(starAward).set({ status: 'certified', decidedOn: '2026-03-20' }).where(eq(starAward.volunteerId, s.volunteer.id));
    const mine = (await s.client.get('/api/v1/self/volunteer-hours')).json();
    expect(mine).toMatchObject({ starLevel: 2, totalHours: 320, nextLevelHours: 600 });
    const fig = (await adminA.get(`/api/v1/metrics/volunteers.byLevel?orgId=${w.countyA.id}&from=2026-01-01&to=2026-12-31&groupBy=level`)).json();
    expect(fig.groups.find((g: { group: string }) => g.group === '2')?.value).toBeGreaterThanOrEqual(1);
    const before = (await adminA.get(`/api/v1/metrics/volunteers.byLevel?orgId=${w.countyA.id}&from=2026-01-01&to=2026-03-19`)).json();
    const after = (await adminA.get(`/api/v1/metrics/volunteers.byLevel?orgId=${w.countyA.id}&from=2026-01-01&to=2026-03-31`)).json();
    expect(after.total).toBe(before.total + 1);
    const rows = (await adminA.get(`/api/v1/metrics/volunteers.byLevel/rows?orgId=${w.countyA.id}&from=2026-01-01&to=2026-12-31&groupBy=level&group=2`)).json();
    expect(rows.items.some((r: { name: string; stars: string }) => r.name === '李星星' && r.stars === '★★')).toBe(true);
  });

  it('exports the star list to Excel with the list’s filters, masked ID numbers, in scope only', async () => {
    const a = await buildVolunteer(t.db, w.townA.id, { name: '导出甲' });
    const b = await buildVolunteer(t.db, w.townB.id, { name: '导出乙' });
    await t.db.update(person).set({ idNumberMasked: '430421********567X' }).where(eq(person.id, a.personId));
    await giveHours(a.id, w.townA.id, 120);
    await giveHours(b.id, w.townB.id, 120);
    await proposeStars(t.db, '2026-03-10');
    const sheet = (client: TestClient, query: string) => downloadSheet(client, `/api/v1/volunteer-hours/stars/export?${query}`);
    const all = await sheet(adminA, 'status=proposed');
    expect(all[0]).toEqual([
      '姓名',
      '志愿者编号',
      '身份证号（脱敏）',
      '星级',
      '门槛（小时）',
      '提名时累计时长',
      '认定组织',
      '提名日期',
      '状态',
      '公示期',
      '认定日期',
    ]);
    const mine = all.find((r) => r[0] === '导出甲');
    expect(mine).toEqual(['导出甲', a.number, '430421********567X', '★', '100', '120', w.countyA.name, '2026-03-10', '待公示', '', '']);
    // county A's export has none of county B's volunteers, and B cannot ask for A's org
    expect(all.some((r) => r[0] === '导出乙')).toBe(false);
    const adminB = await login(t.app, w.users.adminB, password, { ip: '10.3.0.3' });
    const theirs = await sheet(adminB, '');
    expect(theirs.some((r) => r[0] === '导出乙')).toBe(true);
    expect(theirs.some((r) => r[0] === '导出甲')).toBe(false);
    expect((await adminB.get(`/api/v1/volunteer-hours/stars/export?orgId=${w.countyA.id}`)).statusCode).toBe(404);
    // the status filter: none of these is certified yet
    expect((await sheet(adminA, 'status=certified')).some((r) => r[0] === '导出甲')).toBe(false);
  });
});
