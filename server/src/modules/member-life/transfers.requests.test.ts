// Transfer requests (issue 8, finding 2): the receiving side asks for a person by ID number and name,
// learns nothing until the member's own side consents, and nothing moves without that consent.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { addDays, chinaToday as today } from '../../platform/dates.ts';
import { runJob } from '../../platform/jobs/jobs.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { member } from '../members/index.ts';
import { makeIdNumber } from '../people/index.ts';
import { memberTransfer, memberTransferRequest } from './member-life.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let adminC: TestClient;
let school: { id: number };
let schoolBranch: { id: number };
let seq = 100;

type Item = {
  id: string;
  status: string;
  name: string;
  memberId: string | null;
  memberOrgName: string | null;
  transferId: string | null;
  decisionNote: string | null;
};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  const countyC = await buildOrg(t.db, w.city, { name: '共青团丙县委员会' });
  school = await buildOrg(t.db, w.countyB, { name: '乙县第一中学团委', category: 'school_middle' });
  schoolBranch = await buildOrg(t.db, school as never, { name: '高一(1)班团支部', kind: 'branch', category: 'school_middle' });
  await buildAccount(t.db, 'committee_admin', countyC.id, 'adminc');
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  adminC = await login(t.app, 'adminc', password);
});
afterAll(async () => t?.close());

/** A member of county A with an ID number on file (through the API, so it is hashed as in production). */
async function memberA(name: string): Promise<{ id: string; idNumber: string }> {
  // Steps of 2: the sequence of a woman's number is even, so neighbours would collide.
  seq += 2;
  const idNumber = makeIdNumber('430421', '2000-03-03', seq, 'F');
  const res = await adminA.post('/api/v1/members', { orgId: w.branchA.id, person: { name, idNumber }, admittedOn: '2016-05-04' });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, idNumber };
}

const ask = (c: TestClient, body: Record<string, unknown>) => c.post('/api/v1/transfer-requests', { toOrgId: school.id, reason: 'study', ...body });
const list = async (c: TestClient, q: string): Promise<Item[]> => {
  const res = await c.get(`/api/v1/transfer-requests?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const auditActions = async (entityId: string) => (await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, entityId))).map((e) => e.action).sort();

describe('filing a request', () => {
  it('answers the same whether the person is a member elsewhere, nobody, or someone else', async () => {
    const m = await memberA('请求甲');
    const pendingBefore = (await adminB.get(`/api/v1/metrics/transfers.count?orgId=${w.countyB.id}&groupBy=status`)).json();
    const matched = await ask(adminB, { idNumber: m.idNumber, name: '请求甲' });
    const nobody = await ask(adminB, { idNumber: makeIdNumber('430421', '2006-04-04', 901, 'M'), name: '查无此人' });
    const wrongName = await ask(adminB, { idNumber: m.idNumber, name: '另一个人', toOrgId: w.townB.id, reason: 'unemployed' });
    for (const res of [matched, nobody, wrongName]) {
      expect(res.statusCode, res.body).toBe(202);
      expect(Object.keys(res.json()).sort()).toEqual(['id', 'status']);
      expect(res.json().status).toBe('requested');
      expect(res.body).not.toContain(m.id);
      expect(res.body).not.toContain(w.branchA.name);
    }
    // The requester's own list: what it typed, the ID number masked, no member, all alike.
    const sent = await list(adminB, 'direction=sent');
    const mine = sent.filter((x) => [matched, nobody, wrongName].some((r) => r.json().id === x.id));
    expect(mine.length).toBe(3);
    for (const x of mine) expect(x).toMatchObject({ status: 'requested', memberId: null, memberOrgName: null, transferId: null });
    expect(mine.find((x) => x.id === matched.json().id)).toMatchObject({
      name: '请求甲',
      idNumber: `${m.idNumber.slice(0, 4)}**********${m.idNumber.slice(-4)}`,
    });
    // An open request is no transfer: the receiving side's pending figure does not move.
    expect((await adminB.get(`/api/v1/metrics/transfers.count?orgId=${w.countyB.id}&groupBy=status`)).json()).toEqual(pendingBefore);
    expect(await auditActions(matched.json().id)).toEqual(['transfer_request.filed']);
    const [audit] = await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, matched.json().id));
    expect(JSON.stringify(audit?.after)).not.toContain('idNumberHash');
  });

  it('checks the input and the destination only; a second open request for the same person answers 409 either way', async () => {
    const m = await memberA('请求乙');
    expect((await ask(adminB, { idNumber: m.idNumber, name: '请求乙' })).statusCode).toBe(202);
    const again = await ask(adminB, { idNumber: m.idNumber, name: '请求乙' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'member-life.request_exists', field: 'idNumber' });
    const stranger = makeIdNumber('430421', '2006-05-05', 903, 'M');
    expect((await ask(adminB, { idNumber: stranger, name: '某人' })).statusCode).toBe(202);
    expect((await ask(adminB, { idNumber: stranger, name: '某人' })).json()).toMatchObject({ code: 'member-life.request_exists', field: 'idNumber' });
    const bad = await ask(adminB, { idNumber: '430421200603031234', name: '某人' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('idNumber');
    const noName = await ask(adminB, { idNumber: stranger, name: '  ' });
    expect(noName.json().field).toBe('name');
    const notSchool = await ask(adminB, { idNumber: stranger, name: '某人', toOrgId: w.townB.id, reason: 'study' });
    expect(notSchool.json()).toMatchObject({ code: 'member-life.destination_not_school', field: 'toOrgId' });
    // The destination is the requester's own: another county's org is 404 like any other id.
    expect((await ask(adminB, { idNumber: stranger, name: '某人', toOrgId: w.townA.id, reason: 'unemployed' })).statusCode).toBe(404);
  });
});

describe('the member’s own side', () => {
  it('sees the request as a consent request; the requester and a third county do not see the member', async () => {
    const m = await memberA('请求丙');
    const id = (await ask(adminB, { idNumber: m.idNumber, name: '请求丙' })).json().id as string;
    const unmatched = (await ask(adminB, { idNumber: makeIdNumber('430421', '2006-06-06', 905, 'M'), name: '无人' })).json().id as string;
    const received = await list(adminA, 'direction=received');
    expect(received.find((x) => x.id === id)).toMatchObject({ name: '请求丙', memberId: m.id, memberOrgName: w.branchA.name, status: 'requested' });
    expect(received.map((x) => x.id)).not.toContain(unmatched);
    expect((await list(adminA, 'direction=sent')).map((x) => x.id)).not.toContain(id);
    // The requester is not the member's side; a third county sees nothing at all.
    expect((await list(adminB, 'direction=received')).map((x) => x.id)).not.toContain(id);
    expect(await list(adminC, 'direction=received')).toEqual([]);
    expect(await list(adminC, 'direction=sent')).toEqual([]);
    expect((await adminC.post(`/api/v1/transfer-requests/${id}/consent`, {})).statusCode).toBe(404);
    expect((await adminC.post(`/api/v1/transfer-requests/${id}/decline`, { reason: 'x' })).statusCode).toBe(404);
    expect((await adminC.post(`/api/v1/transfer-requests/${id}/cancel`, {})).statusCode).toBe(404);
    expect((await adminC.get(`/api/v1/transfer-requests?direction=received&orgId=${w.countyA.id}`)).statusCode).toBe(404);
    // County A cannot reach a request about nobody of its own.
    expect((await adminA.post(`/api/v1/transfer-requests/${unmatched}/consent`, {})).statusCode).toBe(404);
    // The requester cannot consent for the member: the same refusal whether anyone matched.
    const own = await adminB.post(`/api/v1/transfer-requests/${id}/consent`, {});
    const ownUnmatched = await adminB.post(`/api/v1/transfer-requests/${unmatched}/consent`, {});
    expect(own.statusCode).toBe(422);
    expect(own.json()).toMatchObject({ code: 'member-life.member_side_only', field: 'status' });
    expect(ownUnmatched.json()).toMatchObject({ code: 'member-life.member_side_only', field: 'status' });
    expect((await adminB.post(`/api/v1/transfer-requests/${id}/decline`, { reason: 'x' })).json().code).toBe('member-life.member_side_only');
  });

  it('consents: a transfer starts, the requester now sees the member in it, approval moves the member', async () => {
    const m = await memberA('请求丁');
    const id = (await ask(adminB, { idNumber: m.idNumber, name: '请求丁', note: '新生入学' })).json().id as string;
    const consent = await adminA.post(`/api/v1/transfer-requests/${id}/consent`, { note: '同意转出' });
    expect(consent.statusCode, consent.body).toBe(200);
    expect(consent.json()).toMatchObject({ status: 'consented', memberId: m.id, decisionNote: '同意转出' });
    const transferId = consent.json().transferId as string;
    const sent = (await list(adminB, 'direction=sent')).find((x) => x.id === id);
    expect(sent).toMatchObject({ status: 'consented', transferId, memberId: null });
    const tr = await adminB.get(`/api/v1/transfers/${transferId}`);
    expect(tr.json()).toMatchObject({
      memberName: '请求丁',
      fromOrgId: w.branchA.id,
      toOrgId: school.id,
      initiatedBy: 'receiver',
      requestId: id,
      status: 'pending',
      note: '新生入学',
      canDecide: true,
    });
    // Consent once: a second answers that it is settled.
    expect((await adminA.post(`/api/v1/transfer-requests/${id}/consent`, {})).json()).toMatchObject({ code: 'member-life.request_decided', field: 'status' });
    const ok = await adminB.post(`/api/v1/transfers/${transferId}/approve`, { branchId: schoolBranch.id });
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await t.db.select().from(member).where(eq(member.id, m.id));
    expect(row?.orgId).toBe(schoolBranch.id);
    expect(await auditActions(id)).toEqual(['transfer_request.consented', 'transfer_request.filed']);
    expect(await auditActions(transferId)).toEqual(['transfer.approved', 'transfer.started']);
    const steps = (await adminB.get(`/api/v1/transfers/${transferId}`)).json().history.map((s: { action: string }) => s.action);
    expect(steps).toEqual(['start', 'approve']);
  });

  it('declines with a reason the requester reads; nothing moves', async () => {
    const m = await memberA('请求戊');
    const id = (await ask(adminB, { idNumber: m.idNumber, name: '请求戊' })).json().id as string;
    const empty = await adminA.post(`/api/v1/transfer-requests/${id}/decline`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().field).toBe('reason');
    const res = await adminA.post(`/api/v1/transfer-requests/${id}/decline`, { reason: '该团员仍在本地就读' });
    expect(res.json()).toMatchObject({ status: 'declined', decisionNote: '该团员仍在本地就读', transferId: null });
    expect((await list(adminB, 'direction=sent')).find((x) => x.id === id)).toMatchObject({
      status: 'declined',
      decisionNote: '该团员仍在本地就读',
      memberId: null,
    });
    expect((await list(adminA, 'direction=received&status=declined')).map((x) => x.id)).toContain(id);
    expect((await adminA.post(`/api/v1/transfer-requests/${id}/consent`, {})).json().code).toBe('member-life.request_decided');
    expect(await t.db.select().from(memberTransfer).where(eq(memberTransfer.memberId, m.id))).toEqual([]);
    expect(await auditActions(id)).toEqual(['transfer_request.declined', 'transfer_request.filed']);
  });

  it('a member with a pending transfer cannot be consented into a second one (409); the request stays open', async () => {
    const m = await memberA('请求辛');
    const id = (await ask(adminB, { idNumber: m.idNumber, name: '请求辛' })).json().id as string;
    expect((await adminA.post('/api/v1/transfers', { memberId: m.id, toOrgId: w.townB.id, reason: 'unemployed' })).statusCode).toBe(201);
    const res = await adminA.post(`/api/v1/transfer-requests/${id}/consent`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'member-life.transfer_exists', field: 'memberId' });
    expect((await list(adminA, 'direction=received')).find((x) => x.id === id)).toMatchObject({ status: 'requested' });
    expect(await auditActions(id)).toEqual(['transfer_request.filed']);
  });

  it('only the requester withdraws an open request', async () => {
    const m = await memberA('请求己');
    const id = (await ask(adminB, { idNumber: m.idNumber, name: '请求己' })).json().id as string;
    expect((await adminA.post(`/api/v1/transfer-requests/${id}/cancel`, {})).json()).toMatchObject({ code: 'member-life.requester_only', field: 'status' });
    expect((await adminB.post(`/api/v1/transfer-requests/${id}/cancel`, { reason: '填错' })).json()).toMatchObject({ status: 'cancelled', memberId: null });
    expect((await list(adminA, 'direction=received')).map((x) => x.id)).not.toContain(id);
    expect(await auditActions(id)).toEqual(['transfer_request.cancelled', 'transfer_request.filed']);
  });
});

describe('lists', () => {
  it('page newest first by cursor, on both sides', async () => {
    for (const n of ['分页甲', '分页乙', '分页丙']) {
      const m = await memberA(n);
      expect((await ask(adminB, { idNumber: m.idNumber, name: n })).statusCode).toBe(202);
    }
    for (const [c, direction] of [
      [adminB, 'sent'],
      [adminA, 'received'],
    ] as const) {
      const all = await list(c, `direction=${direction}`);
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 20; i++) {
        const res = await c.get(`/api/v1/transfer-requests?direction=${direction}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        seen.push(...res.json().items.map((x: Item) => x.id));
        cursor = res.json().nextCursor ?? '';
        if (!cursor) break;
      }
      expect(seen).toEqual(all.map((x) => x.id));
      expect(seen.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('expiry', () => {
  it('an ignored request and one that matched nobody end the same way: expired by the daily job', async () => {
    const m = await memberA('请求庚');
    const ignored = (await ask(adminB, { idNumber: m.idNumber, name: '请求庚' })).json().id as string;
    const nobody = (await ask(adminB, { idNumber: makeIdNumber('430421', '2006-07-07', 907, 'M'), name: '无人二' })).json().id as string;
    // Still open the day before it expires: the requester sees both alike.
    const before = (await list(adminB, 'direction=sent')).filter((x) => x.id === ignored || x.id === nobody);
    expect(before.map((x) => x.status)).toEqual(['requested', 'requested']);
    await t.db
      .update(memberTransferRequest)
      .set({ expiresOn: addDays(today(), -1) })
      .where(inArray(memberTransferRequest.id, [ignored, nobody]));
    const run = await runJob(t.db, 'members.daily', today(), { force: true });
    expect(run.result?.transfersExpired).toBeGreaterThanOrEqual(2);
    const after = (await list(adminB, 'direction=sent')).filter((x) => x.id === ignored || x.id === nobody);
    for (const x of after) expect(x).toMatchObject({ status: 'expired', memberId: null, transferId: null, decisionNote: null });
    expect((await list(adminA, 'direction=received')).map((x) => x.id)).not.toContain(ignored);
    expect((await adminA.post(`/api/v1/transfer-requests/${ignored}/consent`, {})).statusCode).toBe(404);
    for (const id of [ignored, nobody]) expect(await auditActions(id)).toEqual(['transfer_request.expired', 'transfer_request.filed']);
    const rows = await t.db
      .select()
      .from(memberTransferRequest)
      .where(and(inArray(memberTransferRequest.id, [ignored, nobody]), eq(memberTransferRequest.status, 'expired')));
    expect(rows.map((r) => [r.memberId, r.fromOrgId])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
