import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday as today } from '../../platform/dates.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { importAndWait } from '../../test/xlsx.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { member } from '../members/index.ts';
import { makeIdNumber } from '../people/index.ts';
import { buildMember } from '../../test/members.factories.ts';
import { checkEpisode, checkWithinPeriod, parseStudiedAt } from './study.rules.ts';
import { studyParticipation } from './study.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let cityAdmin: TestClient;
let adminA: TestClient;
let adminB: TestClient;
const now = today();

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  cityAdmin = await login(t.app, w.users.cityAdmin, password);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
});
afterAll(async () => t?.close());

async function upload(client: TestClient, orgId: number, episodeId: string, rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学习记录');
  ws.addRow(['姓名', '发展团员编号或身份证号', '完成时间']);
  for (const r of rows) ws.addRow(r);
  const content = Buffer.from(await wb.xlsx.writeBuffer());
  return importAndWait(client, `/api/v1/study/import/${orgId}?episodeId=${episodeId}`, content, { filename: 's.xlsx' });
}

let seq = 0;
const episode = (c: TestClient, ownerOrgId: number, over: Record<string, unknown> = {}) =>
  c.post('/api/v1/study/episodes', {
    ownerOrgId,
    number: `2026年第${++seq}期`,
    title: '青年大学习测试期',
    startsOn: '2026-03-02',
    endsOn: '2026-03-08',
    ...over,
  });

async function memberWith(orgId: number, devNumber: string, name: string) {
  const m = await buildMember(t.db, orgId, { name, admittedOn: '2018-05-04' });
  await t.db.update(member).set({ developmentNumber: devNumber }).where(eq(member.id, m.id));
  return m;
}

describe('study rules (pure)', () => {
  it('an issue needs a number, a title and a valid period of at most 92 days', () => {
    const ok = { number: ' 2026年第10期 ', title: '学习', startsOn: '2026-03-02', endsOn: '2026-03-08' };
    expect(checkEpisode(ok).number).toBe('2026年第10期');
    expect(() => checkEpisode({ ...ok, number: '' })).toThrow(/number/);
    expect(() => checkEpisode({ ...ok, startsOn: '2026-02-30' })).toThrow(/startsOn/);
    const before = (() => {
      try {
        checkEpisode({ ...ok, endsOn: '2026-03-01' });
      } catch (e) {
        return e as { field?: string };
      }
    })();
    expect(before?.field).toBe('endsOn');
    expect(() => checkEpisode({ ...ok, endsOn: '2026-06-30' })).toThrow();
    expect(checkEpisode({ ...ok, endsOn: '2026-06-01' }).endsOn).toBe('2026-06-01');
    // 92 days at most: 2026-03-02 + 91 days is the last day allowed.
    expect(checkEpisode({ ...ok, endsOn: addDays(ok.startsOn, 91) }).endsOn).toBe('2026-06-01');
    expect(() => checkEpisode({ ...ok, endsOn: addDays(ok.startsOn, 92) })).toThrow(expect.objectContaining({ code: 'validation', field: 'endsOn' }));
  });

  it('completion times are Beijing time, in the formats the study platform exports', () => {
    expect(parseStudiedAt('2026-03-09 07:30:00')).toEqual({ at: new Date('2026-03-08T23:30:00Z'), day: '2026-03-09' });
    expect(parseStudiedAt('2026/3/9 20:15').day).toBe('2026-03-09');
    expect(parseStudiedAt('2026-03-09').at.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(() => parseStudiedAt('2026-02-30 10:00')).toThrow();
    expect(() => parseStudiedAt('昨天')).toThrow();
    expect(() => checkWithinPeriod('2026-03-09', { startsOn: '2026-03-02', endsOn: '2026-03-08' })).toThrow(/2026-03-08/);
    expect(() => checkWithinPeriod('2026-03-01', { startsOn: '2026-03-02', endsOn: '2026-03-08' })).toThrow(
      expect.objectContaining({ code: 'study.outside_period', field: 'studiedAt' }),
    );
    expect(() => checkWithinPeriod('2026-03-08', { startsOn: '2026-03-02', endsOn: '2026-03-08' })).not.toThrow();
  });
});

describe('study issues', () => {
  it('a committee publishes an issue for its subtree; numbers are unique per publisher; fields are named', async () => {
    const res = await episode(cityAdmin, w.city.id, { number: '2026年第1期' });
    expect(res.statusCode, res.body).toBe(201);
    const taken = await episode(cityAdmin, w.city.id, { number: '2026年第1期' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', field: 'number' });
    const bad = await episode(cityAdmin, w.city.id, { endsOn: '2026-03-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('endsOn');
    // A county admin cannot publish for the city.
    expect((await episode(adminA, w.city.id)).statusCode).toBe(404);
    // The county sees the city's issue; the city's detail route belongs to the city.
    const listA = (await adminA.get('/api/v1/study/episodes')).json();
    expect(listA.items.map((e: { id: string }) => e.id)).toContain(res.json().id);
    expect((await adminA.get(`/api/v1/study/episodes/${res.json().id}`)).statusCode).toBe(404);
    expect((await cityAdmin.get(`/api/v1/study/episodes/${res.json().id}`)).statusCode).toBe(200);
    // County B's own issue is invisible to county A.
    const own = await episode(adminB, w.countyB.id);
    expect((await adminA.get('/api/v1/study/episodes')).json().items.map((e: { id: string }) => e.id)).not.toContain(own.json().id);
  });

  it('an account with grants on two disjoint counties lists the issues of both, and counts both', async () => {
    const username = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'study2counties', { role: 'committee_admin', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    const ownA = (await episode(adminA, w.countyA.id, { title: '甲县自办期' })).json();
    const ownB = (await episode(adminB, w.countyB.id, { title: '乙县自办期' })).json();
    const city = (await episode(cityAdmin, w.city.id, { title: '市级期' })).json();
    await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    await buildMember(t.db, w.branchB.id, { admittedOn: '2018-01-01' });
    const ids = async (c: TestClient) => (await c.get('/api/v1/study/episodes?limit=500')).json().items as { id: string; expected: number }[];
    const [a, b, ab] = await Promise.all([adminA, adminB, both].map(ids));
    expect(ab.map((e) => e.id)).toEqual(expect.arrayContaining([ownA.id, ownB.id, city.id]));
    expect(a.map((e) => e.id)).not.toContain(ownB.id);
    // The city's issue counts the members of both counties, once each.
    const expected = (list: { id: string; expected: number }[]) => list.find((e) => e.id === city.id)?.expected ?? 0;
    expect(expected(ab)).toBe(expected(a) + expected(b));
    expect(expected(a)).toBeGreaterThan(0);
    expect(expected(b)).toBeGreaterThan(0);
  });

  it('exports the list of the chosen subtree as a workbook', async () => {
    const e = (await episode(cityAdmin, w.city.id, { title: '导出测试期' })).json();
    const res = await adminA.get('/api/v1/study/episodes/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(1).value).toBe('期次');
    const titles: unknown[] = [];
    ws?.eachRow((r, i) => i > 1 && titles.push(r.getCell(2).value));
    expect(titles).toContain('导出测试期');
    expect(e.id).toBeTruthy();
  });
});

describe('importing the participation export', () => {
  it('all or nothing, with row errors; idempotent; members only of the covered subtree', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '学习村团支部', kind: 'branch', category: 'village' });
    const a = await memberWith(branch.id, '201800000101', '张学');
    const b = await memberWith(branch.id, '201800000102', '李习');
    const late = await buildMember(t.db, branch.id, { name: '新团员', admittedOn: '2026-03-05' });
    await t.db.update(member).set({ developmentNumber: '202600000103' }).where(eq(member.id, late.id));
    const outsider = await memberWith(w.branchB.id, '201800000104', '王外');
    // A member with an ID number, created through the API.
    const idNumber = makeIdNumber('430421', '2002-02-02', 7, 'F');
    const c = await adminA.post('/api/v1/members', { orgId: branch.id, person: { name: '赵身份', idNumber }, admittedOn: '2016-05-04' });
    expect(c.statusCode, c.body).toBe(201);

    const e = (await episode(cityAdmin, w.city.id)).json();
    const bad = await upload(adminA, branch.id, e.id, [
      ['张学', '201800000101', '2026-03-03 20:00:00'],
      ['李错', '201800000102', '2026-03-03 20:00:00'],
      ['王外', '201800000104', '2026-03-03 20:00:00'],
      ['张学', '201800000101', '2026-03-04 20:00:00'],
      ['李习', '201800000102', '2026-03-10 09:00:00'],
      ['新团员', '202600000103', '2026-03-04 10:00:00'],
      ['某人', '12345', '2026-03-04 10:00:00'],
    ]);
    expect(bad.statusCode, bad.body).toBe(422);
    const errs = bad.json().errors as { row: number; field: string }[];
    expect(errs.map((x) => [x.row, x.field])).toEqual([
      [3, 'name'],
      [4, 'number'],
      [5, 'number'],
      [6, 'studiedAt'],
      [7, 'number'],
      [8, 'number'],
    ]);
    expect((await t.db.select().from(studyParticipation).where(eq(studyParticipation.episodeId, e.id))).length).toBe(0);

    const good = [
      ['张学', '201800000101', '2026-03-03 20:00:00'],
      ['赵身份', idNumber, '2026/3/8 23:59'],
    ];
    const ok = await upload(adminA, branch.id, e.id, good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 2, alreadyRecorded: 0 });
    const again = await upload(adminA, branch.id, e.id, [...good, ['李习', '201800000102', '2026-03-05 08:00']]);
    expect(again.json()).toEqual({ created: 1, alreadyRecorded: 2 });

    // County A cannot import into county B, nor use county B's own issue.
    expect((await upload(adminA, w.branchB.id, e.id, good)).statusCode).toBe(404);
    const eB = (await episode(adminB, w.countyB.id)).json();
    expect((await upload(adminA, branch.id, eB.id, good)).statusCode).toBe(404);
    // The city's list counts county A's studied members; county B's members of the city issue did not study.
    const cityList = (await cityAdmin.get(`/api/v1/study/episodes?orgId=${w.city.id}`)).json();
    expect(cityList.items.find((x: { id: string }) => x.id === e.id)).toMatchObject({ studied: 3 });
    const branchList = (await adminA.get(`/api/v1/study/episodes?orgId=${branch.id}`)).json();
    // a, b, 赵身份 and late (admitted 2026-03-05, before the issue ended) are expected.
    expect(branchList.items.find((x: { id: string }) => x.id === e.id)).toMatchObject({ expected: 4, studied: 3, rate: 75 });
    expect(outsider.id).toBeTruthy();
    expect(b.id && a.id).toBeTruthy();
  });
});

describe('who hasn’t studied, reminders, the rate and the rating', () => {
  it('lists the members without a participation, reminds them, and gives completion by branch', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '待学村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const other = await buildOrg(t.db, w.townA, { name: '全学村团支部', kind: 'branch', category: 'village' });
    const ms = [];
    for (let i = 0; i < 4; i++) ms.push(await buildMember(t.db, branch.id, { admittedOn: '2018-01-01' }));
    const done = await buildMember(t.db, other.id, { admittedOn: '2018-01-01' });
    const startsOn = addDays(now, -3);
    const e = (await episode(cityAdmin, w.city.id, { startsOn, endsOn: addDays(now, 3) })).json();
    await t.db.insert(studyParticipation).values(
      [ms[0], done].map((m, i) => ({
        id: `0190${i}000-0000-7000-8000-00000000000${i}`,
        episodeId: e.id,
        memberId: m?.id ?? '',
        studiedAt: new Date(),
        source: 'import' as const,
      })),
    );
    const todo = (await adminA.get(`/api/v1/todo?task=study&episodeId=${e.id}&orgId=${w.townA.id}`)).json();
    expect(todo.episode).toMatchObject({ id: e.id, number: e.number });
    const mine = todo.items.filter((x: { orgId: number }) => x.orgId === branch.id);
    expect(mine.length).toBe(3);
    expect(todo.branches.find((b: { orgId: number }) => b.orgId === branch.id)).toMatchObject({ members: 4, done: 1, rate: 25 });
    expect(todo.branches.find((b: { orgId: number }) => b.orgId === other.id)).toMatchObject({ members: 1, done: 1, rate: 100 });
    // The default issue is the latest begun one covering the org.
    expect((await adminA.get(`/api/v1/todo?task=study&orgId=${branch.id}`)).json().episode.id).toBe(e.id);
    const r = await adminA.post('/api/v1/reminders/bulk', { kind: 'study', memberIds: mine.map((x: { memberId: string }) => x.memberId) });
    expect(r.json().created).toBe(3);
    const after = (await adminA.get(`/api/v1/todo?task=study&episodeId=${e.id}&orgId=${branch.id}`)).json();
    expect(after.items.every((x: { reminded: boolean }) => x.reminded)).toBe(true);
    // County B cannot list county A, nor ask about county A's subtree with the city issue.
    expect((await adminB.get(`/api/v1/todo?task=study&episodeId=${e.id}&orgId=${branch.id}`)).statusCode).toBe(404);
  });

  it('study.participationRate is a ratio over closed issues; the branch rating scores study from it', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '评级村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const small = await buildOrg(t.db, w.townA, { name: '一人村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const ms = [];
    for (let i = 0; i < 4; i++) ms.push(await buildMember(t.db, branch.id, { admittedOn: '2018-01-01' }));
    const solo = await buildMember(t.db, small.id, { admittedOn: '2018-01-01' });
    const year = 2025;
    const e1 = (await episode(adminA, w.townA.id, { startsOn: `${year}-03-02`, endsOn: `${year}-03-08` })).json();
    const e2 = (await episode(adminA, w.townA.id, { startsOn: `${year}-04-06`, endsOn: `${year}-04-12` })).json();
    const rows = [
      [e1.id, ms[0]],
      [e1.id, ms[1]],
      [e1.id, ms[2]],
      [e2.id, ms[0]],
      [e1.id, solo],
    ] as const;
    await t.db.insert(studyParticipation).values(
      rows.map(([eid, m], i) => ({
        id: `0191${i}000-0000-7000-8000-00000000000${i}`,
        episodeId: eid,
        memberId: m?.id ?? '',
        studiedAt: new Date(`${year}-03-05T12:00:00Z`),
        source: 'import' as const,
      })),
    );
    const q = `from=${year}-01-01&to=${year}-12-31`;
    const one = (await adminA.get(`/api/v1/metrics/study.participationRate?orgId=${branch.id}&${q}`)).json();
    // 4 members × 2 issues expected, 4 studied.
    expect(one).toMatchObject({ kind: 'ratio', total: 50, numerator: 4, denominator: 8 });
    const both = `orgId=${w.townA.id}&${q}&groupBy=branch`;
    const grouped = (await adminA.get(`/api/v1/metrics/study.participationRate?${both}`)).json();
    const g = (id: number) => grouped.groups.find((x: { group: string }) => x.group.startsWith(`${id}:`));
    expect(g(branch.id)).toMatchObject({ value: 50, label: '评级村团支部' });
    expect(g(small.id)).toMatchObject({ value: 50 });
    // Σ studied / Σ expected over the town's branches, not the sum of the branch rates.
    expect(grouped.total).toBe(Math.round((grouped.numerator * 1000) / grouped.denominator) / 10);
    expect(grouped.total).toBeLessThan(100);
    const drill = (await adminA.get(`/api/v1/metrics/study.participationRate/rows?${both}&group=${encodeURIComponent(g(branch.id).group)}`)).json();
    expect(drill.items.length).toBe(8);
    expect(drill.items.filter((x: { studiedAt: string }) => x.studiedAt === '未学').length).toBe(4);
    const count = (await adminA.get(`/api/v1/metrics/study.participations?orgId=${branch.id}&${q}`)).json();
    expect(count.total).toBe(4);

    // The rating's study indicator comes from the data: 50% → 5 of 10.
    const rating = await adminA.post('/api/v1/ratings', { orgId: branch.id, year, declared: [], vetoes: [] });
    expect(rating.statusCode, rating.body).toBe(200);
    const study = rating.json().indicators.find((i: { key: string }) => i.key === 'study');
    expect(study).toMatchObject({ source: 'data', score: 5, detail: '50%' });
  });

  it('the member records “I studied” on the phone, only while the issue is open, once', async () => {
    const idNumber = makeIdNumber('430421', '2003-03-03', 19, 'M');
    const s = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self/signup',
      payload: { username: 'studymember', password: 'Studypass-2026x', name: '学习团员', idNumber, orgId: w.branchA.id },
    });
    expect(s.statusCode, s.body).toBe(201);
    const me = await login(t.app, 'studymember', 'Studypass-2026x');
    const notYet = await me.get('/api/v1/me/study');
    expect(notYet.statusCode).toBe(422);
    expect(notYet.json()).toMatchObject({ code: 'study.not_a_member', field: 'memberId' });
    await buildMember(t.db, w.branchA.id, { personId: s.json().personId, admittedOn: '2019-05-04' });
    const open = (await episode(cityAdmin, w.city.id, { startsOn: addDays(now, -2), endsOn: addDays(now, 4) })).json();
    const closed = (await episode(cityAdmin, w.city.id, { startsOn: addDays(now, -20), endsOn: addDays(now, -14) })).json();
    const other = (await episode(adminB, w.countyB.id, { startsOn: addDays(now, -2), endsOn: addDays(now, 4) })).json();
    const list = (await me.get('/api/v1/me/study')).json();
    expect(list.items.find((x: { id: string }) => x.id === open.id)).toMatchObject({ open: true, studiedAt: null });
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(other.id);
    const first = await me.post('/api/v1/me/study', { episodeId: open.id });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().created).toBe(true);
    expect((await me.post('/api/v1/me/study', { episodeId: open.id })).json().created).toBe(false);
    const late = await me.post('/api/v1/me/study', { episodeId: closed.id });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'study.outside_period', field: 'episodeId' });
    expect((await me.post('/api/v1/me/study', { episodeId: other.id })).statusCode).toBe(404);
    expect((await me.get('/api/v1/me/study')).json().items.find((x: { id: string }) => x.id === open.id).studiedAt).not.toBeNull();
  });

  it('a withdrawn issue leaves the lists', async () => {
    const e = (await episode(cityAdmin, w.city.id)).json();
    expect((await adminA.post(`/api/v1/study/episodes/${e.id}/withdraw`, {})).statusCode).toBe(404);
    expect((await cityAdmin.post(`/api/v1/study/episodes/${e.id}/withdraw`, {})).json().status).toBe('withdrawn');
    expect((await adminA.get('/api/v1/study/episodes?limit=500')).json().items.map((x: { id: string }) => x.id)).not.toContain(e.id);
  });
});
