// Issue 8, finding 3: a person kept by one county could be found and claimed by ID number from
// another. Now a create naming an ID number kept outside the caller's scope answers 202 with a
// link request and nothing about the person; the keeper (or the person) accepts or declines.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { runJob } from '../../platform/jobs/jobs.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { makeIdNumber } from './id-number.ts';
import { personLinkRequest } from './people.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let adminC: TestClient;
let observerA: TestClient;
let seq = 300;
let ip = 10;

function idNo(birthDate = '2001-05-04', gender: 'M' | 'F' = 'F'): string {
  seq += 2;
  return makeIdNumber('430421', birthDate, seq, gender);
}
const signIn = (username: string, pw = password) => login(t.app, username, pw, { ip: `10.8.0.${ip++}` });

/** A person kept by county A's township, with a phone: everything the answers must not show. */
async function keptByA(name = '张甲') {
  const idNumber = idNo();
  const res = await adminA.post('/api/v1/people', { orgId: w.townA.id, name, idNumber, phone: '13912345678' });
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as { id: string; name: string; birthDate: string; gender: string; phone: string; idNumber: string }), full: idNumber };
}

/** The answer tells only that a request was filed: no field of the person, nor their org. */
function expectNothingAbout(res: { statusCode: number; body: string; json: () => unknown }, p: Awaited<ReturnType<typeof keptByA>>) {
  expect(res.statusCode, res.body).toBe(202);
  const body = res.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['message', 'messages', 'requestId', 'status']);
  expect(body.status).toBe('link_requested');
  for (const secret of [p.id, p.name, p.name.slice(0, 1), p.birthDate, p.phone, p.idNumber, w.townA.name]) {
    expect(res.body, `leaks ${secret}`).not.toContain(secret);
  }
  expect(res.body).not.toMatch(/"(gender|birthDate|phone|personId|orgId|name)"/);
}

const incoming = async (c: TestClient, q = '') => (await c.get(`/api/v1/people/link-requests?limit=500${q}`)).json().items as Record<string, unknown>[];
const sent = async (c: TestClient) => (await c.get('/api/v1/people/link-requests/sent?limit=500')).json().items as Record<string, unknown>[];
const events = (action: string, entityId: string) =>
  t.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.action, action), eq(auditEvent.entityId, entityId)));

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  const countyC = await buildOrg(t.db, w.city, { name: '共青团丙县委员会' });
  adminA = await signIn(w.users.adminA);
  adminB = await signIn(w.users.adminB);
  adminC = await signIn(await buildAccount(t.db, 'committee_admin', countyC.id, 'adminc'));
  observerA = await signIn(w.users.observerA);
});
afterAll(async () => t?.close());

describe('county B registers a county A person as its volunteer', () => {
  let p: Awaited<ReturnType<typeof keptByA>>;
  let requestId: string;
  const register = (name: string) =>
    adminB.post('/api/v1/volunteers', { orgId: w.townB.id, person: { name, idNumber: p.full }, skills: ['急救'], registeredOn: '2025-03-01' });

  beforeAll(async () => {
    p = await keptByA();
  });

  it('answers 202 with a link request and nothing about the person, whatever name was typed', async () => {
    const wrongName = await register('王某');
    expectNothingAbout(wrongName, p);
    const rightName = await register(p.name);
    expectNothingAbout(rightName, p);
    // The same open request answers both: the answer does not depend on the name on file.
    expect(rightName.body).toBe(wrongName.body);
    requestId = wrongName.json().requestId;
    const vols = await adminB.get('/api/v1/volunteers?limit=500');
    expect(vols.body).not.toContain(p.id);
    expect(wrongName.json().messages['zh-CN']).toContain('已向其发送关联申请');
  });

  it('shows the requester only what it typed, and the keeper the person beside it', async () => {
    const mine = (await sent(adminB)).find((r) => r.id === requestId);
    expect(mine).toMatchObject({ purpose: 'volunteer', status: 'requested', typedName: '王某', orgId: w.townB.id });
    expect(JSON.stringify(mine)).not.toContain(p.id);
    expect(JSON.stringify(mine)).not.toContain(w.townA.name);
    expect(mine).not.toHaveProperty('person');
    expect((await incoming(adminB)).map((r) => r.id)).not.toContain(requestId);

    const theirs = (await incoming(adminA)).find((r) => r.id === requestId);
    expect(theirs).toMatchObject({
      purpose: 'volunteer',
      requestingOrgName: w.townB.name,
      typedName: '王某',
      nameMatches: false,
      person: { id: p.id, name: p.name, orgId: w.townA.id },
      payload: { registeredOn: '2025-03-01', skills: ['急救'] },
    });
    // what the keeper reads: the volunteers module's labels, not the payload's keys
    expect(theirs?.details).toEqual(
      expect.arrayContaining([
        { field: 'registeredOn', label: '注册日期', value: '2025-03-01' },
        { field: 'skills', label: expect.stringMatching(/技能|特长/), value: '急救' },
      ]),
    );
    // The observer reads the list but may not decide.
    expect((await incoming(observerA)).map((r) => r.id)).toContain(requestId);
    expect((await observerA.post(`/api/v1/people/link-requests/${requestId}/accept`, {})).statusCode).toBe(403);
  });

  it('is invisible to county C (empty lists, 404 on its id) and to the requester by id', async () => {
    expect((await incoming(adminC)).map((r) => r.id)).not.toContain(requestId);
    expect((await sent(adminC)).map((r) => r.id)).not.toContain(requestId);
    for (const c of [adminC, adminB]) {
      expect((await c.get(`/api/v1/people/link-requests/${requestId}`)).statusCode).toBe(404);
      expect((await c.post(`/api/v1/people/link-requests/${requestId}/accept`, {})).statusCode).toBe(404);
      expect((await c.post(`/api/v1/people/link-requests/${requestId}/decline`, {})).statusCode).toBe(404);
    }
    expect((await adminA.get(`/api/v1/people/link-requests?orgId=${w.townB.id}`)).statusCode).toBe(404);
  });

  it('on acceptance registers the volunteer at county B, keeps the person at county A, and audits each step', async () => {
    const res = await adminA.post(`/api/v1/people/link-requests/${requestId}/accept`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', resultEntity: 'volunteer', decidedByName: w.users.adminA });
    const mine = (await sent(adminB)).find((r) => r.id === requestId);
    expect(mine).toMatchObject({ status: 'accepted', resultEntity: 'volunteer' });
    const vol = await adminB.get(`/api/v1/volunteers/${mine?.resultId}`);
    expect(vol.statusCode).toBe(200);
    expect(vol.json()).toMatchObject({ personId: p.id, orgId: w.townB.id, registeredOn: '2025-03-01', skills: ['急救'] });
    expect((await adminB.get(`/api/v1/people/${p.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/people/${p.id}`)).statusCode).toBe(200);

    const again = await adminA.post(`/api/v1/people/link-requests/${requestId}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'people.link_decided', field: 'requestId' });

    const [asked] = await events('person.link_requested', requestId);
    expect(asked).toMatchObject({ orgId: w.townB.id, actorUsername: w.users.adminB });
    // The requester's side of the trail holds what it typed, never the person it found.
    expect(JSON.stringify(asked)).not.toContain(p.id);
    expect(await events('person.link_request_received', p.id)).toEqual([expect.objectContaining({ orgId: w.townA.id })]);
    const [accepted] = await events('person.link_accepted', requestId);
    expect(accepted).toMatchObject({
      orgId: w.townA.id,
      actorUsername: w.users.adminA,
      after: expect.objectContaining({ personId: p.id, status: 'accepted' }),
    });
    const [registered] = await events('volunteer.registered', String(mine?.resultId));
    expect(registered?.after).toMatchObject({ linkRequestId: requestId });
  });
});

describe('POST /members and POST /people with a known ID number', () => {
  it('no longer reveal the registered surname: 202 and a member request the keeper fulfils', async () => {
    const p = await keptByA('欧阳丹');
    const res = await adminB.post('/api/v1/members', { orgId: w.branchB.id, person: { name: '李四', idNumber: p.full }, admittedOn: '2016-05-04' });
    expectNothingAbout(res, p);
    expect(res.body).not.toContain('members.other_name');
    const requestId = res.json().requestId;
    const accepted = await adminA.post(`/api/v1/people/link-requests/${requestId}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    // A member's branch keeps their record: the person moved to county B's branch.
    const moved = await adminB.get(`/api/v1/people/${p.id}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.json().orgId).toBe(w.branchB.id);
    expect((await adminA.get(`/api/v1/people/${p.id}`)).statusCode).toBe(404);
    const members = (await adminB.get(`/api/v1/members?orgId=${w.branchB.id}&limit=500`)).json().items as { personId: string; admittedOn: string }[];
    expect(members.find((m) => m.personId === p.id)).toMatchObject({ admittedOn: '2016-05-04' });
  });

  it('checks only what the caller typed before filing (e.g. too young to have joined), telling nothing more', async () => {
    const p = await keptByA();
    const res = await adminB.post('/api/v1/members', { orgId: w.branchB.id, person: { name: '李五', idNumber: p.full }, admittedOn: '2010-01-01' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain(p.name.slice(0, 1));
    expect(await t.db.select().from(personLinkRequest).where(eq(personLinkRequest.typedName, '李五'))).toHaveLength(0);
  });

  it('points an active member to the transfer flow: accepting is refused, declining tells the requester', async () => {
    const idNumber = idNo('2000-02-02');
    const m = await adminA.post('/api/v1/members', { orgId: w.branchA.id, person: { name: '赵团员', idNumber }, admittedOn: '2016-05-04' });
    expect(m.statusCode, m.body).toBe(201);
    const res = await adminB.post('/api/v1/members', { orgId: w.branchB.id, person: { name: '赵团员', idNumber }, admittedOn: '2016-05-04' });
    expect(res.statusCode).toBe(202);
    // Not "already a member": that too would tell county B about county A's person.
    expect(res.body).not.toContain('already_member');
    const requestId = res.json().requestId;
    const refused = await adminA.post(`/api/v1/people/link-requests/${requestId}/accept`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'people.link_use_transfer', field: 'personId' });
    const declined = await adminA.post(`/api/v1/people/link-requests/${requestId}/decline`, { reason: '在册团员，请办理组织关系转接' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect((await sent(adminB)).find((r) => r.id === requestId)).toMatchObject({ status: 'declined', reason: '在册团员，请办理组织关系转接' });
    const [event] = await events('person.link_declined', requestId);
    expect(event).toMatchObject({ orgId: w.branchA.id, actorUsername: w.users.adminA });
    // The person record of an active member does not move either.
    const moveRes = await adminB.post('/api/v1/people', { orgId: w.townB.id, name: '赵团员', idNumber });
    expect(moveRes.statusCode).toBe(202);
    const move = await adminA.post(`/api/v1/people/link-requests/${moveRes.json().requestId}/accept`, {});
    expect(move.json()).toMatchObject({ code: 'people.link_use_transfer' });
  });

  it('POST /people answers 202 (not 409) for a person kept elsewhere; accepting hands the record over', async () => {
    const p = await keptByA('钱某');
    const res = await adminB.post('/api/v1/people', { orgId: w.townB.id, name: '钱某', idNumber: p.full });
    expectNothingAbout(res, p);
    // Inside the caller's scope the duplicate is still a plain 409.
    expect((await adminA.post('/api/v1/people', { orgId: w.townA.id, name: '钱某', idNumber: p.full })).statusCode).toBe(409);
    const ok = await adminA.post(`/api/v1/people/link-requests/${res.json().requestId}/accept`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await adminB.get(`/api/v1/people/${p.id}`)).json()).toMatchObject({ orgId: w.townB.id, name: '钱某' });
    expect(await events('person.updated', p.id)).toEqual([expect.objectContaining({ orgId: w.townB.id, before: { orgId: w.townA.id } })]);
  });

  it('POST /member-applications answers 202 too, asking for the person', async () => {
    const p = await keptByA();
    const res = await adminB.post('/api/v1/member-applications', { orgId: w.branchB.id, person: { name: '孙某', idNumber: p.full }, appliedOn: '2025-01-10' });
    expectNothingAbout(res, p);
    expect((await incoming(adminA, '&purpose=person')).map((r) => r.id)).toContain(res.json().requestId);
  });
});

describe('the person on the phone', () => {
  it('accepts a volunteer registration asked of them; others cannot, nor other purposes', async () => {
    const idNumber = idNo('2003-03-03', 'M');
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self/signup',
      payload: { username: 'phoneperson', password: 'Qingnian#2026', name: '周青', idNumber, orgId: w.branchA.id },
    });
    expect(signup.json()).toMatchObject({ status: 'active' });
    const me = await signIn('phoneperson', 'Qingnian#2026');
    const asked = await adminB.post('/api/v1/volunteers', { orgId: w.townB.id, person: { name: '周青', idNumber } });
    expect(asked.statusCode).toBe(202);
    const moveAsked = await adminB.post('/api/v1/people', { orgId: w.townB.id, name: '周青', idNumber });
    expect(moveAsked.statusCode).toBe(202);
    const mine = (await me.get('/api/v1/self/link-requests')).json().items as { id: string; orgName: string; purpose: string }[];
    expect(mine).toEqual([expect.objectContaining({ id: asked.json().requestId, orgName: w.townB.name, purpose: 'volunteer' })]);
    // Moving the record is the orgs' decision, not the person's.
    expect((await me.post(`/api/v1/self/link-requests/${moveAsked.json().requestId}/accept`, {})).statusCode).toBe(404);
    const other = await signIn(w.users.cadreA);
    expect((await other.post(`/api/v1/self/link-requests/${asked.json().requestId}/accept`, {})).statusCode).toBe(404);
    const ok = await me.post(`/api/v1/self/link-requests/${asked.json().requestId}/accept`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items).toEqual([]);
    expect((await me.get('/api/v1/self/volunteer')).json().volunteer).toMatchObject({ orgId: w.townB.id, name: '周青' });
    const [event] = await events('person.link_accepted', asked.json().requestId);
    expect(event).toMatchObject({ actorUsername: 'phoneperson', after: expect.objectContaining({ by: 'person' }) });
  });
});

describe('expiry', () => {
  it('the daily job ends open requests past their date, audited; they can no longer be accepted', async () => {
    const p = await keptByA();
    const res = await adminB.post('/api/v1/people', { orgId: w.townB.id, name: '过期', idNumber: p.full });
    const requestId = res.json().requestId as string;
    const [row] = await t.db.select().from(personLinkRequest).where(eq(personLinkRequest.id, requestId));
    expect(row?.expiresOn).toBe(new Date(Date.parse(`${row?.requestedOn}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10));
    const outcome = await runJob(t.db, 'people.link_requests', '2099-01-01');
    expect(outcome.status).toBe('done');
    expect(outcome.result?.expired).toBeGreaterThanOrEqual(1);
    expect((await sent(adminB)).find((r) => r.id === requestId)).toMatchObject({ status: 'expired' });
    expect(await events('person.link_expired', requestId)).toHaveLength(1);
    const late = await adminA.post(`/api/v1/people/link-requests/${requestId}/accept`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'people.link_decided', field: 'requestId' });
  });
});
