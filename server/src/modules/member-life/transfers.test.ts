import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../platform/jobs/jobs.ts';
import { workflowStep } from '../../platform/workflow/workflow.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { member } from '../members/index.ts';
import { makeIdNumber } from '../people/index.ts';
import { addDays, chinaToday as today } from '../../platform/dates.ts';
import { buildMember } from '../../test/members.factories.ts';
import { memberTransfer } from './member-life.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let adminC: TestClient;
let secretaryA: TestClient;
let school: { id: number };
let schoolBranch: { id: number };
let tempBranch: { id: number };
let otherBranchB: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  const countyC = await buildOrg(t.db, w.city, { name: '共青团丙县委员会' });
  school = await buildOrg(t.db, w.countyB, { name: '乙县第一中学团委', category: 'school_middle' });
  schoolBranch = await buildOrg(t.db, school as never, { name: '高一(1)班团支部', kind: 'branch', category: 'school_middle' });
  tempBranch = await buildOrg(t.db, w.townB, { name: '乙镇学社衔接临时团支部', kind: 'temp_branch' });
  otherBranchB = w.branchB;
  await buildAccount(t.db, 'committee_admin', countyC.id, 'adminc');
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  adminC = await login(t.app, 'adminc', password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
});
afterAll(async () => t?.close());

const start = (c: TestClient, body: Record<string, unknown>) => c.post('/api/v1/transfers', body);

describe('starting a transfer', () => {
  it('checks the destination against the reason, naming toOrgId', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const study = await start(adminA, { memberId: m.id, toOrgId: w.townB.id, reason: 'study' });
    expect(study.statusCode).toBe(422);
    expect(study.json()).toMatchObject({ code: 'member-life.destination_not_school', field: 'toOrgId' });
    const work = await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'work' });
    expect(work.statusCode).toBe(422);
    expect(work.json()).toMatchObject({ code: 'member-life.destination_not_employer', field: 'toOrgId' });
    const abroad = await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'abroad' });
    expect(abroad.statusCode).toBe(422);
    expect(abroad.json()).toMatchObject({ code: 'member-life.destination_not_residence', field: 'toOrgId' });
    const home = await start(adminA, { memberId: m.id, toOrgId: w.branchA.id, reason: 'other' });
    expect(home.json()).toMatchObject({ code: 'member-life.already_in_org', field: 'toOrgId' });
    const unknown = await start(adminA, { memberId: m.id, toOrgId: 999999, reason: 'other' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field).toBe('toOrgId');
    // The temporary branch of a township takes members who work and those without work.
    expect((await start(adminA, { memberId: m.id, toOrgId: tempBranch.id, reason: 'work' })).statusCode).toBe(201);
    expect((await t.db.select().from(memberTransfer).where(eq(memberTransfer.memberId, m.id))).length).toBe(1);
  });

  it('allows one pending transfer per member (409) and stores the expiry from the setting', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const first = await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'pending',
      initiatedBy: 'sender',
      expiresOn: addDays(today(), 30),
      fromOrgId: w.branchA.id,
      toOrgId: school.id,
    });
    const again = await start(adminA, { memberId: m.id, toOrgId: w.townB.id, reason: 'unemployed' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'member-life.transfer_exists', field: 'memberId' });
  });

  it('a county that is neither side cannot start one for a member it does not hold', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const res = await start(adminC, { memberId: m.id, toOrgId: school.id, reason: 'study' });
    expect(res.statusCode).toBe(404);
  });

  it('issue 8: another county cannot take a member — 404 exactly as for a missing id, no name or org in it', async () => {
    const m = await buildMember(t.db, w.branchA.id, { name: '甲县被转团员' });
    // 乙县's admin names 甲县's member and one of its own branches, as in the report.
    const foreign = await start(adminB, { memberId: m.id, toOrgId: otherBranchB.id, reason: 'other' });
    const missing = await start(adminB, { memberId: '01890000-0000-7000-8000-000000000000', toOrgId: otherBranchB.id, reason: 'other' });
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const { requestId: _a, ...foreignBody } = foreign.json();
    const { requestId: _b, ...missingBody } = missing.json();
    expect(foreignBody).toEqual(missingBody);
    expect(foreign.body).not.toContain('甲县被转团员');
    expect(foreign.body).not.toContain(w.branchA.name);
    expect(await t.db.select().from(memberTransfer).where(eq(memberTransfer.memberId, m.id))).toEqual([]);
    // Through the receiving side's own destination too.
    expect((await start(adminB, { memberId: m.id, toOrgId: w.townB.id, reason: 'unemployed' })).statusCode).toBe(404);
    const [row] = await t.db.select().from(member).where(eq(member.id, m.id));
    expect(row?.orgId).toBe(w.branchA.id);
  });

  it('issue 8: a transfer the receiving side started without consent (made through the old hole) cannot be approved', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const [legacy] = await t.db
      .insert(memberTransfer)
      .values({
        id: '01890000-0000-7000-8000-00000000beef',
        memberId: m.id,
        fromOrgId: w.branchA.id,
        toOrgId: school.id,
        reason: 'study',
        initiatedBy: 'receiver',
        requestedOn: today(),
        expiresOn: addDays(today(), 30),
      })
      .returning();
    const id = legacy?.id ?? '';
    expect((await adminB.get(`/api/v1/transfers/${id}`)).json()).toMatchObject({ status: 'pending', canDecide: false, requestId: null });
    const res = await adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'member-life.consent_missing', field: 'status' });
    const bulk = await adminB.post('/api/v1/transfers/bulk-approve', { items: [{ id, branchId: schoolBranch.id }] });
    expect(bulk.json().results[0]).toMatchObject({ ok: false, status: 422, code: 'member-life.consent_missing' });
    const [row] = await t.db.select().from(member).where(eq(member.id, m.id));
    expect(row?.orgId).toBe(w.branchA.id);
    // The member's side ends it.
    expect((await adminA.post(`/api/v1/transfers/${id}/cancel`, { reason: '未经同意' })).json().status).toBe('cancelled');
  });
});

describe('both counties see a cross-county transfer, a third does not', () => {
  it('sender, receiver and a stranger', async () => {
    const m = await buildMember(t.db, w.branchA.id, { name: '跨县甲' });
    const id = (await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).json().id as string;
    expect((await adminA.get(`/api/v1/transfers/${id}`)).statusCode).toBe(200);
    const b = await adminB.get(`/api/v1/transfers/${id}`);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ memberName: '跨县甲', canDecide: true });
    expect((await adminA.get(`/api/v1/transfers/${id}`)).json().canDecide).toBe(false);
    expect((await adminC.get(`/api/v1/transfers/${id}`)).statusCode).toBe(404);
    expect((await adminC.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id })).statusCode).toBe(404);
    const outgoing = (await adminA.get('/api/v1/transfers?direction=outgoing')).json().items.map((x: { id: string }) => x.id);
    const incoming = (await adminB.get('/api/v1/transfers?direction=incoming')).json().items.map((x: { id: string }) => x.id);
    expect(outgoing).toContain(id);
    expect(incoming).toContain(id);
    expect((await adminA.get('/api/v1/transfers?direction=incoming')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await adminC.get('/api/v1/transfers?direction=incoming')).json().items).toEqual([]);
    expect((await adminA.get(`/api/v1/transfers?direction=incoming&orgId=${w.townB.id}`)).statusCode).toBe(404);
  });
});

describe('deciding', () => {
  it('only the receiving side approves, into a branch inside the destination; the member moves', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const id = (await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).json().id as string;
    const bySender = await adminA.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id });
    expect(bySender.statusCode).toBe(422);
    expect(bySender.json()).toMatchObject({ code: 'member-life.receiver_only', field: 'toOrgId' });
    const wrongBranch = await adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: otherBranchB.id });
    expect(wrongBranch.statusCode).toBe(400);
    expect(wrongBranch.json().field).toBe('branchId');
    const notBranch = await adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: school.id });
    expect(notBranch.json().field).toBe('branchId');
    const ok = await adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id, note: '欢迎' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', assignedBranchId: schoolBranch.id });
    const [row] = await t.db.select().from(member).where(eq(member.id, m.id));
    expect(row?.orgId).toBe(schoolBranch.id);
    // The member now belongs to county B: A no longer sees the member, but still sees the transfer.
    expect((await adminA.get(`/api/v1/members/${m.id}/dues`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/members/${m.id}/dues`)).statusCode).toBe(200);
    expect((await adminA.get(`/api/v1/transfers/${id}`)).statusCode).toBe(200);
    const again = await adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'member-life.transfer_decided', field: 'status' });
    expect(again.json().messages['zh-CN']).toContain('已接收');
    const steps = (await adminB.get(`/api/v1/transfers/${id}`)).json().history.map((s: { action: string }) => s.action);
    expect(steps).toEqual(['start', 'approve']);
  });

  it('two concurrent approvals: one wins, the other is told it is decided; one step recorded', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const id = (await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).json().id as string;
    const res = await Promise.all([
      adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id }),
      adminB.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id }),
    ]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    const steps = await t.db
      .select()
      .from(workflowStep)
      .where(and(eq(workflowStep.entityId, id), eq(workflowStep.action, 'approve')));
    expect(steps.length).toBe(1);
  });

  it('rejection needs a reason; the member stays', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const id = (await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).json().id as string;
    const empty = await adminB.post(`/api/v1/transfers/${id}/reject`, { reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().field).toBe('reason');
    const ok = await adminB.post(`/api/v1/transfers/${id}/reject`, { reason: '学籍信息不符' });
    expect(ok.json()).toMatchObject({ status: 'rejected', decisionNote: '学籍信息不符' });
    const [row] = await t.db.select().from(member).where(eq(member.id, m.id));
    expect(row?.orgId).toBe(w.branchA.id);
    // A rejected transfer frees the member for a new one.
    expect((await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).statusCode).toBe(201);
  });

  it('the sending side withdraws; a branch secretary cannot approve (no permission)', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const id = (await start(secretaryA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).json().id as string;
    expect((await secretaryA.post(`/api/v1/transfers/${id}/approve`, { branchId: schoolBranch.id })).statusCode).toBe(403);
    const c = await secretaryA.post(`/api/v1/transfers/${id}/cancel`, {});
    expect(c.json().status).toBe('cancelled');
  });

  it('bulk approval: each item its own result', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const m = await buildMember(t.db, w.branchA.id);
      ids.push((await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study' })).json().id);
    }
    const res = await adminB.post('/api/v1/transfers/bulk-approve', {
      items: [
        { id: ids[0], branchId: schoolBranch.id },
        { id: ids[1], branchId: otherBranchB.id },
        { id: '01890000-0000-7000-8000-000000000000', branchId: schoolBranch.id },
        { id: 'not-a-uuid', branchId: schoolBranch.id },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { ok: boolean; status: number }) => [r.ok, r.status])).toEqual([
      [true, 200],
      [false, 400],
      [false, 404],
      [false, 404],
    ]);
    // adminA is only the sender: nothing of it is approved.
    const byA = await adminA.post('/api/v1/transfers/bulk-approve', { items: [{ id: ids[1], branchId: schoolBranch.id }] });
    expect(byA.json().results[0]).toMatchObject({ ok: false, status: 422 });
  });
});

describe('expiry and the member’s own transfer', () => {
  it('the daily job expires pending transfers past their date, once', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    const requestedOn = addDays(today(), -40);
    const id = (await start(adminA, { memberId: m.id, toOrgId: school.id, reason: 'study', requestedOn })).json().id as string;
    const day = today();
    const first = await runJob(t.db, 'members.daily', day);
    expect(first.status).toBe('done');
    expect(first.result?.transfersExpired).toBeGreaterThanOrEqual(1);
    expect((await adminB.get(`/api/v1/transfers/${id}`)).json().status).toBe('expired');
    const forced = await runJob(t.db, 'members.daily', day, { force: true });
    expect(forced.result).toMatchObject({ transfersExpired: 0, ageOutReminders: 0, lapseFlags: 0, transferFlags: 0 });
  });

  it('a member starts and withdraws their own transfer from the phone', async () => {
    const idNumber = makeIdNumber('430421', '2001-03-03', 17, 'F');
    const s = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self/signup',
      payload: { username: 'selfmember', password: 'Selfpass-2026x', name: '自助团员', idNumber, orgId: w.branchA.id },
    });
    expect(s.statusCode).toBe(201);
    const me = await login(t.app, 'selfmember', 'Selfpass-2026x');
    expect((await me.get('/api/v1/me/transfers')).statusCode).toBe(422);
    await buildMember(t.db, w.branchA.id, { personId: s.json().personId });
    const res = await me.post('/api/v1/me/transfers', { toOrgId: school.id, reason: 'study' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ initiatedBy: 'self', status: 'pending' });
    const bad = await me.post('/api/v1/me/transfers', { toOrgId: school.id, reason: 'abroad' });
    expect(bad.statusCode).toBe(422);
    expect((await me.get('/api/v1/me/transfers')).json().items.length).toBe(1);
    expect((await me.post(`/api/v1/me/transfers/${res.json().id}/cancel`, {})).json().status).toBe('cancelled');
    expect((await me.get('/api/v1/transfers')).statusCode).toBe(403);
  });
});
