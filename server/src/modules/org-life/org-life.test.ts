import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { kindCompliance, slotOf, windowOf } from './org-life.rules.ts';
import { meeting, meetingAttendance, orglifeFile } from './org-life.schema.ts';
import { buildMember, buildMembers } from './test-factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let secretaryA: TestClient;
let observerA: TestClient;
const year = 'from=2024-01-01&to=2024-12-31';

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
  observerA = await login(t.app, w.users.observerA, password);
});
afterAll(async () => t?.close());

async function record(c: TestClient, body: Record<string, unknown>, status = 201) {
  const res = await c.post('/api/v1/meetings', { topic: '学习团章', attendeeIds: [], ...body });
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

function multipart(fileName: string, data: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----tuanwu-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('compliance rules (pure)', () => {
  it('counts finished slots as due and the running slot only once it is met', () => {
    expect(slotOf('2024-05-20', 'quarterly')).toBe('2024-04-01');
    expect(slotOf('2024-12-31', 'half_yearly')).toBe('2024-07-01');
    const window = { start: '2024-01-01', end: '2024-05-15' };
    // Jan–Apr finished (4 due); May is running: due only once met.
    expect(kindCompliance('monthly', window, ['2024-01-05', '2024-01-20', '2024-03-01'])).toEqual({ held: 2, due: 4 });
    expect(kindCompliance('monthly', window, ['2024-05-02'])).toEqual({ held: 1, due: 5 });
    expect(kindCompliance('quarterly', window, [])).toEqual({ held: 0, due: 1 });
    expect(kindCompliance('none', window, ['2024-01-05'])).toEqual({ held: 0, due: 0 });
    // A branch set up in June is accountable from June; the period ends today at the latest.
    expect(windowOf({ from: '2024-01-01', to: '2024-12-31' }, '2024-06-10', '2025-03-01')).toEqual({ start: '2024-06-10', end: '2024-12-31' });
    expect(windowOf({ from: '2024-01-01', to: '2024-12-31' }, null, '2024-08-01')).toEqual({ start: '2024-01-01', end: '2024-08-01' });
  });
});

describe('meetings', () => {
  it('records a meeting with attendees who are members of the branch on that day', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '会议测试村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const [m1, m2] = await buildMembers(t.db, branch.id, 2);
    const late = await buildMember(t.db, branch.id, { admittedOn: '2024-06-01' });
    const gone = await buildMember(t.db, branch.id, { status: 'left', leftOn: '2024-02-01' });
    const other = await buildMember(t.db, w.branchA.id);
    if (!m1 || !m2) throw new Error('members');

    const ok = await record(adminA, {
      orgId: branch.id,
      kind: 'general_meeting',
      heldOn: '2024-03-10',
      topic: '  学习  团章 ',
      minutes: '会议记录',
      attendeeIds: [m1.id, m2.id],
    });
    expect(ok).toMatchObject({ kind: 'general_meeting', kindLabel: '支部团员大会', topic: '学习 团章', hours: 0 });
    const detail = (await observerA.get(`/api/v1/meetings/${ok.id}`)).json();
    expect(detail.attendees.map((a: { memberId: string }) => a.memberId).sort()).toEqual([m1.id, m2.id].sort());

    for (const bad of [late.id, gone.id, other.id]) {
      const r = await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2024-03-10', attendeeIds: [m1.id, bad] }, 400);
      expect(r.field).toBe('attendeeIds');
    }
    // Nothing was half-written by the refused ones.
    expect(await t.db.select().from(meeting).where(eq(meeting.orgId, branch.id))).toHaveLength(1);
    expect(await t.db.select().from(meetingAttendance)).toHaveLength(2);

    expect((await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2024-03-10', attendeeIds: [m1.id, m1.id] }, 400)).field).toBe(
      'attendeeIds',
    );
    expect((await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2999-01-01' }, 400)).field).toBe('heldOn');
    expect((await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2019-01-01' }, 400)).field).toBe('heldOn');
    expect((await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2024-03-10', topic: 'x' }, 400)).field).toBe('topic');
    expect((await record(adminA, { orgId: branch.id, kind: 'lesson', heldOn: '2024-03-10' }, 400)).field).toBe('hours');
    expect((await record(adminA, { orgId: branch.id, kind: 'lesson', heldOn: '2024-03-10', hours: 1.3 }, 400)).field).toBe('hours');
    expect((await record(adminA, { orgId: branch.id, kind: 'committee_meeting', heldOn: '2024-03-10', hours: 2 }, 400)).field).toBe('hours');
    expect(await record(adminA, { orgId: w.townA.id, kind: 'general_meeting', heldOn: '2024-03-10' }, 422)).toMatchObject({
      code: 'org_not_branch',
      field: 'orgId',
    });
    const closed = await buildOrg(t.db, w.townA, { name: '已撤销会议村团支部', kind: 'branch', category: 'village' });
    await t.db.update(org).set({ status: 'closed' }).where(eq(org.id, closed.id));
    expect(await record(adminA, { orgId: closed.id, kind: 'general_meeting', heldOn: '2024-03-10' }, 422)).toMatchObject({
      code: 'org_inactive',
      field: 'orgId',
    });
  });

  it('an account with grants on two disjoint counties lists and counts both, without naming an org', async () => {
    const username = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'orglife2counties', { role: 'committee_admin', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    const adminB = await login(t.app, w.users.adminB, password);
    const a = await record(adminA, { orgId: w.branchA.id, kind: 'theme_day', heldOn: '2023-05-04', topic: '两辖区主题团日甲' });
    const b = await record(adminB, { orgId: w.branchB.id, kind: 'theme_day', heldOn: '2023-05-04', topic: '两辖区主题团日乙' });
    const ids = (await both.get('/api/v1/meetings?kind=theme_day&from=2023-05-04&to=2023-05-04&limit=500')).json().items.map((m: { id: string }) => m.id);
    expect(ids.sort()).toEqual([a.id, b.id].sort());
    const period = 'from=2023-01-01&to=2023-12-31';
    const [ca, cb, cab] = await Promise.all([adminA, adminB, both].map(async (c) => (await c.get(`/api/v1/org-life/compliance?${period}`)).json()));
    expect(cab.branches).toBe(ca.branches + cb.branches);
    expect(cab.summary).toMatchObject({ held: ca.summary.held + cb.summary.held, due: ca.summary.due + cb.summary.due });
    // Each county sets its own target; a report over both reads the target where they meet (the city),
    // never the first grant's.
    const target = (c: TestClient, orgId: number, value: number) =>
      c.request({ method: 'PUT', url: `/api/v1/orgs/${orgId}/settings/orgLife.complianceTarget`, payload: { value } });
    expect((await target(adminA, w.countyA.id, 80)).statusCode).toBe(204);
    expect((await target(adminB, w.countyB.id, 70)).statusCode).toBe(204);
    const targets = await Promise.all([adminA, adminB, both].map(async (c) => (await c.get(`/api/v1/org-life/compliance?${period}`)).json().target));
    expect(targets).toEqual([80, 70, 90]);
    expect((await both.get(`/api/v1/org-life/compliance?orgId=${w.countyB.id}&${period}`)).json().target).toBe(70);
    for (const [c, orgId] of [
      [adminA, w.countyA.id],
      [adminB, w.countyB.id],
    ] as const) {
      expect((await c.post(`/api/v1/orgs/${orgId}/settings/orgLife.complianceTarget/reset`)).statusCode).toBe(204);
    }
  });

  it('keeps scopes: county A cannot record or read county B; the secretary records for the branch', async () => {
    await record(adminA, { orgId: w.branchB.id, kind: 'general_meeting', heldOn: '2024-03-10' }, 404);
    expect((await adminA.get(`/api/v1/meetings?orgId=${w.townB.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/org-life/compliance?orgId=${w.townB.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/org-life/members?orgId=${w.branchB.id}`)).statusCode).toBe(404);
    const m = await record(secretaryA, { orgId: w.branchA.id, kind: 'committee_meeting', heldOn: '2024-01-10' });
    await record(observerA, { orgId: w.branchA.id, kind: 'committee_meeting', heldOn: '2024-01-10' }, 403);
    const adminB = await login(t.app, w.users.adminB, password);
    expect((await adminB.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/meetings/${m.id}/void`, { reason: '错误' })).statusCode).toBe(404);
  });

  it('computes compliance held / due, by kind, below target, and follows the frequency setting', async () => {
    const town = await buildOrg(t.db, w.countyA, { name: '落实率测试镇团委', category: 'township' });
    const branch = await buildOrg(t.db, town, { name: '落实率测试村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const idle = await buildOrg(t.db, town, { name: '未开会村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2024-02-10' });
    await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2024-03-10' }); // same quarter: still one
    await record(adminA, { orgId: branch.id, kind: 'general_meeting', heldOn: '2024-05-10' });
    await record(adminA, { orgId: branch.id, kind: 'committee_meeting', heldOn: '2024-01-10' });
    const lesson = await record(adminA, { orgId: branch.id, kind: 'lesson', heldOn: '2024-01-20', hours: 1.5 });
    await record(adminA, { orgId: branch.id, kind: 'group_meeting', heldOn: '2024-01-21' }); // as needed: never due

    const c = (await adminA.get(`/api/v1/org-life/compliance?orgId=${town.id}&${year}`)).json();
    expect(c.target).toBe(90);
    expect(c.branches).toBe(2);
    const b = c.items.find((i: { orgId: number }) => i.orgId === branch.id);
    // due: 4 general + 12 committee + 4 lessons = 20; held: 2 + 1 + 1.
    expect(b).toMatchObject({ held: 4, due: 20, rate: 20 });
    expect(c.items.find((i: { orgId: number }) => i.orgId === idle.id)).toMatchObject({ held: 0, due: 20, rate: 0 });
    expect(c.summary).toEqual({ held: 4, due: 40, rate: 10 });
    expect(c.byKind.find((k: { kind: string }) => k.kind === 'general_meeting')).toMatchObject({ held: 2, due: 8, rate: 25 });

    const m = (await observerA.get(`/api/v1/metrics/orgLife.complianceRate?orgId=${town.id}&${year}`)).json();
    expect(m.total).toBe(10);
    const byKind = (await observerA.get(`/api/v1/metrics/orgLife.complianceRate?orgId=${town.id}&${year}&groupBy=kind`)).json();
    expect(byKind.groups.find((g: { group: string }) => g.group === 'lesson').value).toBe(12.5);
    // A ratio: the grouped total is Σ held / Σ due, the same as ungrouped, never a sum of rates.
    expect(m).toMatchObject({ kind: 'ratio', numerator: 4, denominator: 40 });
    expect(byKind.total).toBe(10);
    const rows = (await observerA.get(`/api/v1/metrics/orgLife.complianceRate/rows?orgId=${town.id}&${year}&limit=1`)).json();
    expect(rows.items).toEqual([{ orgId: idle.id, name: '未开会村团支部', held: 0, due: 20, rate: 0 }]);
    expect(rows.nextCursor).not.toBeNull();
    const meetings = (await observerA.get(`/api/v1/metrics/orgLife.meetings?orgId=${town.id}&${year}&groupBy=kind`)).json();
    expect(meetings.total).toBe(6);
    expect(meetings.groups.find((g: { group: string }) => g.group === 'general_meeting').value).toBe(3);

    // Committee meetings quarterly for this town: due drops to 4 + 4 + 4.
    const put = await adminA.request({
      method: 'PUT',
      url: `/api/v1/orgs/${town.id}/settings/orgLife.frequencies`,
      payload: { value: { general_meeting: 'quarterly', committee_meeting: 'quarterly', group_meeting: 'none', lesson: 'quarterly', theme_day: 'none' } },
    });
    expect(put.statusCode, put.body).toBe(204);
    const after = (await adminA.get(`/api/v1/org-life/compliance?orgId=${branch.id}&${year}`)).json();
    expect(after.items[0]).toMatchObject({ held: 4, due: 12 });

    // A void record stops counting; it cannot be voided twice.
    const v = await adminA.post(`/api/v1/meetings/${lesson.id}/void`, { reason: '重复录入' });
    expect(v.statusCode, v.body).toBe(200);
    const again = await adminA.post(`/api/v1/meetings/${lesson.id}/void`, { reason: '重复录入' });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'org-life.meeting_void', field: 'status' });
    expect((await adminA.get(`/api/v1/org-life/compliance?orgId=${branch.id}&${year}`)).json().items[0]).toMatchObject({ held: 3, due: 12 });
  });

  it('sums 团课 hours per member', async () => {
    const branch = await buildOrg(t.db, w.townA, { name: '团课测试村团支部', kind: 'branch', category: 'village', establishedOn: '2020-01-01' });
    const [a, b] = await buildMembers(t.db, branch.id, 2);
    if (!a || !b) throw new Error('members');
    await record(adminA, { orgId: branch.id, kind: 'lesson', heldOn: '2024-03-01', hours: 2, attendeeIds: [a.id, b.id] });
    await record(adminA, { orgId: branch.id, kind: 'lesson', heldOn: '2024-04-01', hours: 1.5, attendeeIds: [a.id] });
    const m = (await observerA.get(`/api/v1/metrics/orgLife.lessonHours?orgId=${branch.id}&${year}`)).json();
    expect(m.total).toBe(5.5);
    const rows = (await observerA.get(`/api/v1/metrics/orgLife.lessonHours/rows?orgId=${branch.id}&${year}`)).json();
    expect(rows.items).toEqual([
      { name: a.person.name, lessons: 2, hours: 3.5 },
      { name: b.person.name, lessons: 1, hours: 2 },
    ]);
  });

  it('stores small attachments whose content matches their type, and serves them as downloads', async () => {
    const m = await record(adminA, { orgId: w.branchA.id, kind: 'general_meeting', heldOn: '2024-06-01' });
    const pdf = Buffer.from('%PDF-1.4\n% test\n');
    const up = await adminA.request({ method: 'POST', url: `/api/v1/meetings/${m.id}/files`, ...multipart('会议记录.pdf', pdf, 'application/pdf') });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ fileName: '会议记录.pdf', contentType: 'application/pdf', size: pdf.length });
    const down = await observerA.get(`/api/v1/org-life/files/${up.json().id}`);
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-disposition']).toContain('attachment');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.rawPayload.equals(pdf)).toBe(true);

    const fake = await adminA.request({
      method: 'POST',
      url: `/api/v1/meetings/${m.id}/files`,
      ...multipart('x.pdf', Buffer.from('<script>alert(1)</script>'), 'application/pdf'),
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.json()).toMatchObject({ code: 'validation', field: 'file' });
    const exe = await adminA.request({ method: 'POST', url: `/api/v1/meetings/${m.id}/files`, ...multipart('x.exe', Buffer.from('MZ......')) });
    expect(exe.statusCode).toBe(400);
    const big = await adminA.request({
      method: 'POST',
      url: `/api/v1/meetings/${m.id}/files`,
      ...multipart('big.pdf', Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024)])),
    });
    expect(big.statusCode).toBe(413);
    expect(await t.db.select({ id: orglifeFile.id }).from(orglifeFile).where(eq(orglifeFile.ownerId, m.id))).toHaveLength(1);
    // At most ten files a record: the tenth is stored, the eleventh refused.
    for (let i = 2; i <= 10; i++) {
      const res = await adminA.request({ method: 'POST', url: `/api/v1/meetings/${m.id}/files`, ...multipart(`附件${i}.pdf`, pdf, 'application/pdf') });
      expect(res.statusCode, res.body).toBe(201);
    }
    const eleventh = await adminA.request({ method: 'POST', url: `/api/v1/meetings/${m.id}/files`, ...multipart('附件11.pdf', pdf, 'application/pdf') });
    expect(eleventh.statusCode).toBe(422);
    expect(eleventh.json()).toMatchObject({ code: 'org-life.too_many_files', field: 'file' });
    const adminB = await login(t.app, w.users.adminB, password);
    expect((await adminB.get(`/api/v1/org-life/files/${up.json().id}`)).statusCode).toBe(404);
  });
});
