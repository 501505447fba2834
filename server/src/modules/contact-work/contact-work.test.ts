import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { runJob } from '../../platform/jobs/jobs.ts';
import { buildCadre, buildPerson } from '../../test/cadres.factories.ts';
import { buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { downloadSheet } from '../../test/xlsx.ts';
import { cwContact, cwContactLog } from './contact-work.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let cadreA: TestClient;
let observerA: TestClient;
let cadreAccountId: string;
let adminAId: string;
let cadreId: string;
const year = 'from=2025-01-01&to=2025-12-31';

async function accountId(username: string): Promise<string> {
  const [a] = await t.db.select({ id: account.id }).from(account).where(eq(account.username, username));
  if (!a) throw new Error(`no account ${username}`);
  return a.id;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  observerA = await login(t.app, w.users.observerA, password);
  // county A's cadre account is a full-time cadre of 甲镇团委: its person holds the post
  const p = await buildPerson(t.db, w.townA.id, { name: '王干部' });
  cadreId = await buildCadre(t.db, w.townA.id, p.id, { kind: 'full_time', termStart: '2020-01-01' });
  cadreAccountId = await accountId(w.users.cadreA);
  adminAId = await accountId(w.users.adminA);
  await t.db.update(account).set({ personId: p.id }).where(eq(account.id, cadreAccountId));
  cadreA = await login(t.app, w.users.cadreA, password);
});
afterAll(async () => t?.close());

const log = (client: TestClient, body: Record<string, unknown>) =>
  client.post('/api/v1/contact-work/logs', { requestId: randomUUID(), way: 'phone', topic: '就业情况', ...body });

describe('contact books and logs', () => {
  let youth: { id: string };

  it('shows a cadre their own book with the target, and nothing for an account that is no cadre', async () => {
    const mine = (await cadreA.get('/api/v1/contact-work/my-book')).json();
    expect(mine.cadre).toMatchObject({ cadreId, name: '王干部', target: 100, book: 0, contacted: 0, counted: true });
    expect((await adminA.get('/api/v1/contact-work/my-book')).json()).toEqual({ cadre: null, items: [], recent: [] });
    const none = await adminA.post('/api/v1/contact-work/contacts', { name: '无主', kind: 'worker' });
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'contact-work.not_a_cadre', field: 'cadreId' });
  });

  it('adds a youth with the phone encrypted and masked; the full number is audited', async () => {
    const res = await cadreA.post('/api/v1/contact-work/contacts', {
      orgId: w.branchA.id,
      name: '李青年',
      phone: '138 0013 8000',
      kind: 'worker',
      occupation: '技术员',
    });
    expect(res.statusCode, res.body).toBe(201);
    youth = res.json();
    expect(res.json()).toMatchObject({ name: '李青年', phone: '138****8000', cadreId, orgId: w.branchA.id });
    const [stored] = await t.db.select().from(cwContact).where(eq(cwContact.id, youth.id));
    expect(stored?.phoneEnc).not.toContain('13800138000');
    expect(JSON.stringify((await adminA.get(`/api/v1/contact-work/contacts?orgId=${w.townA.id}`)).json())).not.toContain('13800138000');

    const full = await cadreA.get(`/api/v1/contact-work/contacts/${youth.id}/phone`);
    expect(full.json()).toEqual({ phone: '13800138000' });
    const audits = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'contact-work.contact_phone_viewed'), eq(auditEvent.entityId, youth.id)));
    expect(audits).toHaveLength(1);
    // the observer may read the book but not the number
    expect((await observerA.get(`/api/v1/contact-work/contacts/${youth.id}/phone`)).statusCode).toBe(403);
  });

  it('refuses bad input naming the field, a second entry of the same phone, and a youth outside the cadre’s org', async () => {
    const phone = await cadreA.post('/api/v1/contact-work/contacts', { name: '错号', phone: '12345', kind: 'worker' });
    expect(phone.statusCode).toBe(400);
    expect(phone.json()).toMatchObject({ code: 'validation', field: 'phone' });
    expect(phone.json().messages['zh-CN']).toContain('手机号');
    const kind = await cadreA.post('/api/v1/contact-work/contacts', { name: '错类', kind: 'alien' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json()).toMatchObject({ field: 'kind' });
    const name = await cadreA.post('/api/v1/contact-work/contacts', { name: '<b>x</b>', kind: 'worker' });
    expect(name.json()).toMatchObject({ code: 'validation', field: 'name' });
    const dup = await cadreA.post('/api/v1/contact-work/contacts', { name: '李青年二', phone: '13800138000', kind: 'student' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ field: 'phone' });
    // without a phone, the same name at the same org once: a second 王无号 there needs a phone, at once or sent twice together
    const twice = await Promise.all([1, 2].map(() => cadreA.post('/api/v1/contact-work/contacts', { name: '王无号', kind: 'farmer' })));
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(twice.find((r) => r.statusCode === 409)?.json()).toMatchObject({ field: 'name' });
    const again = await cadreA.post('/api/v1/contact-work/contacts', { name: '王无号', kind: 'farmer' });
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'name' });
    const withPhone = await cadreA.post('/api/v1/contact-work/contacts', { name: '王无号', phone: '13900139111', kind: 'farmer' });
    expect(withPhone.statusCode).toBe(201);
    // off the book again, so the counts below see only the youths they set up
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const id of [twice.find((r) => r.statusCode === 201)?.json().id, withPhone.json().id]) {
      expect((await cadreA.post(`/api/v1/contact-work/contacts/${id}/remove`, { on: today })).statusCode).toBe(200);
    }
    // the cadre works at 甲镇团委: a youth of the county committee itself is above their org
    const above = await adminA.post('/api/v1/contact-work/contacts', { cadreId, orgId: w.countyA.id, name: '县级青年', kind: 'worker' });
    expect(above.statusCode).toBe(422);
    expect(above.json()).toMatchObject({ code: 'contact-work.outside_cadre_org', field: 'orgId' });
    // another county's admin cannot put youths in county A's cadre's book
    const foreign = await adminB.post('/api/v1/contact-work/contacts', { cadreId, orgId: w.townB.id, name: '外县', kind: 'worker' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ field: 'cadreId' });
  });

  it('logs a contact once per request id, even when sent twice', async () => {
    const requestId = randomUUID();
    const body = { requestId, contactId: youth.id, way: 'wechat', topic: '了解就业需求', contactedOn: '2025-03-01' };
    const first = await cadreA.post('/api/v1/contact-work/logs', body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await cadreA.post('/api/v1/contact-work/logs', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const both = await Promise.all([
      cadreA.post('/api/v1/contact-work/logs', { ...body, requestId: '0190a000-0000-7000-8000-000000000001' }),
      cadreA.post('/api/v1/contact-work/logs', { ...body, requestId: '0190a000-0000-7000-8000-000000000001' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(await t.db.select().from(cwContactLog).where(eq(cwContactLog.contactId, youth.id))).toHaveLength(2);
    // the same request id from someone else is not a replay of theirs
    const other = await adminA.post('/api/v1/contact-work/logs', body);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'contact-work.request_reused', field: 'requestId' });
  });

  it('adds a new youth and logs in one step, or writes nothing', async () => {
    const before = (await t.db.select().from(cwContact)).length;
    const bad = await log(cadreA, { contact: { name: '新青年', phone: '999', kind: 'student' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'phone' });
    const future = await log(cadreA, { contact: { name: '新青年', kind: 'student' }, contactedOn: '2999-01-01' });
    expect(future.json()).toMatchObject({ field: 'contactedOn' });
    expect((await t.db.select().from(cwContact)).length).toBe(before);
    const ok = await log(cadreA, { contact: { name: '新青年', kind: 'student', orgId: w.branchA.id }, contactedOn: '2025-04-01', way: 'face' });
    expect(ok.statusCode, ok.body).toBe(201);
    const book = (await cadreA.get('/api/v1/contact-work/my-book')).json();
    expect(book.items.map((c: { name: string }) => c.name).sort()).toEqual(['新青年', '李青年']);
  });

  it('answers 404 for another county’s contacts and refuses to log on them', async () => {
    expect((await adminB.get(`/api/v1/contact-work/contacts/${youth.id}`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/contact-work/contacts/${youth.id}/phone`)).statusCode).toBe(404);
    const res = await log(adminB, { contactId: youth.id });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'contactId' });
    expect((await adminB.get(`/api/v1/contact-work/logs?orgId=${w.townA.id}`)).statusCode).toBe(404);
  });

  it('counts youths per cadre against the target set for the subtree, and the figures match their rows', async () => {
    const cadres = (await adminA.get(`/api/v1/contact-work/cadres?orgId=${w.countyA.id}&${year}`)).json();
    const me = cadres.items.find((c: { cadreId: string }) => c.cadreId === cadreId);
    expect(me).toMatchObject({ book: 2, contacted: 2, logs: 3, target: 100, progress: 2 });
    const at = (await observerA.get(`/api/v1/metrics/contact-work.cadresAtTarget?orgId=${w.townA.id}&${year}`)).json();
    expect(at).toMatchObject({ numerator: 0, denominator: 1 });
    // the township sets 2 youths per cadre: the cadre is at target
    const put = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.townA.id}/settings/contactWork.contactTarget`, payload: { value: 2 } });
    expect(put.statusCode, put.body).toBe(204);
    expect((await observerA.get(`/api/v1/metrics/contact-work.cadresAtTarget?orgId=${w.townA.id}&${year}`)).json()).toMatchObject({
      numerator: 1,
      denominator: 1,
      total: 100,
    });
    const completion = (await observerA.get(`/api/v1/metrics/contact-work.targetCompletion?orgId=${w.townA.id}&${year}`)).json();
    expect(completion).toMatchObject({ numerator: 2, denominator: 2 });
    const bad = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.townA.id}/settings/contactWork.contactTarget`, payload: { value: 0 } });
    expect(bad.statusCode).toBe(400);

    const youths = (await observerA.get(`/api/v1/metrics/contact-work.youthsContacted?orgId=${w.townA.id}&${year}`)).json();
    expect(youths.total).toBe(2);
    const rows = (await observerA.get(`/api/v1/metrics/contact-work.youthsContacted/rows?orgId=${w.townA.id}&${year}`)).json();
    expect(rows.items).toHaveLength(2);
    const logs = (await observerA.get(`/api/v1/metrics/contact-work.contactLogs?orgId=${w.townA.id}&${year}&groupBy=way`)).json();
    expect(logs.total).toBe(3);
    expect(logs.groups.find((g: { group: string }) => g.group === 'wechat').value).toBe(2);
    const logRows = (await observerA.get(`/api/v1/metrics/contact-work.contactLogs/rows?orgId=${w.townA.id}&${year}&limit=2`)).json();
    expect(logRows.items).toHaveLength(2);
    expect(logRows.nextCursor).not.toBeNull();
    // county B sees none of it
    expect((await adminB.get(`/api/v1/metrics/contact-work.youthsContacted?${year}`)).json().total).toBe(0);
  });
});

describe('suggestions', () => {
  const collect = async (title: string, receivedOn = '2025-05-01', source = 'contact') => {
    const res = await adminA.post('/api/v1/contact-work/suggestions', { orgId: w.townA.id, source, title, content: '希望增加青年就业培训', receivedOn });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const stepOf = (client: TestClient, id: string, body: Record<string, unknown>) => client.post(`/api/v1/contact-work/suggestions/${id}/steps`, body);

  it('moves through its steps in order, each dated no earlier than the one before, and tells the assignee', async () => {
    const s = await collect('增加就业培训');
    const early = await stepOf(adminA, s.id, { action: 'resolve', on: '2025-05-02', answer: '已办' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'transition_not_allowed', field: 'action' });
    const noAssignee = await stepOf(adminA, s.id, { action: 'assign', on: '2025-05-02' });
    expect(noAssignee.json()).toMatchObject({ field: 'assigneeId' });
    const outsider = await stepOf(adminA, s.id, { action: 'assign', on: '2025-05-02', assigneeId: await accountId(w.users.adminB) });
    expect(outsider.json()).toMatchObject({ code: 'contact-work.assignee_out_of_scope', field: 'assigneeId' });
    const assign = await stepOf(adminA, s.id, { action: 'assign', on: '2025-05-02', assigneeId: cadreAccountId, dueOn: '2025-05-20' });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(assign.json()).toMatchObject({ state: 'assigned', assigneeId: cadreAccountId, assignedOn: '2025-05-02' });
    const told = (await noticesOf(cadreA)).filter((n) => n.kind === 'contact-work.suggestion_assigned');
    expect(told).toHaveLength(1);
    expect(told[0]?.link).toBe(`/contact-work/suggestions/${s.id}`);
    const before = await stepOf(cadreA, s.id, { action: 'resolve', on: '2025-05-01', answer: '已办' });
    expect(before.json()).toMatchObject({ code: 'contact-work.date_before', field: 'on' });
    const noAnswer = await stepOf(cadreA, s.id, { action: 'resolve', on: '2025-05-10' });
    expect(noAnswer.json()).toMatchObject({ field: 'answer' });
    const resolved = await stepOf(cadreA, s.id, { action: 'resolve', on: '2025-05-10', answer: '已联系人社局开班' });
    expect(resolved.json()).toMatchObject({ state: 'resolved', outcome: 'resolved', followUpDueOn: '2025-05-17' });
    const again = await stepOf(cadreA, s.id, { action: 'resolve', on: '2025-05-10', answer: '再办' });
    expect(again.statusCode).toBe(422);
    const voided = await stepOf(adminA, s.id, { action: 'void', on: '2025-05-11' });
    expect(voided.json()).toMatchObject({ code: 'transition_not_allowed' });

    // the follow-up reminder: due on the 17th, told once however often the job runs
    expect((await runJob(t.db, 'contact-work.follow-ups', '2025-05-16')).result).toEqual({ reminded: 0 });
    expect((await runJob(t.db, 'contact-work.follow-ups', '2025-05-18')).result).toEqual({ reminded: 1 });
    expect((await runJob(t.db, 'contact-work.follow-ups', '2025-05-19')).result).toEqual({ reminded: 0 });
    expect((await noticesOf(cadreA)).filter((n) => n.kind === 'contact-work.follow_up_due')).toHaveLength(1);

    const followed = await stepOf(cadreA, s.id, { action: 'follow_up', on: '2025-05-18', satisfaction: 'satisfied' });
    expect(followed.json()).toMatchObject({ state: 'followed_up', followedUpOn: '2025-05-18', satisfaction: 'satisfied' });
    const detail = (await observerA.get(`/api/v1/contact-work/suggestions/${s.id}`)).json();
    expect(detail.history.map((h: { action: string; occurredOn: string }) => `${h.action}@${h.occurredOn}`)).toEqual([
      'collect@2025-05-01',
      'assign@2025-05-02',
      'resolve@2025-05-10',
      'follow_up@2025-05-18',
    ]);
    expect((await adminB.get(`/api/v1/contact-work/suggestions/${s.id}`)).statusCode).toBe(404);
    expect((await stepOf(adminB, s.id, { action: 'void', on: '2025-05-18' })).statusCode).toBe(404);
  });

  it('computes the resolution rate from the rows: resolved over collected, void left out', async () => {
    const org = await buildOrg(t.db, w.countyA, { name: '解决率测试镇团委', category: 'township' });
    const mk = async (title: string) => {
      const res = await adminA.post('/api/v1/contact-work/suggestions', {
        orgId: org.id,
        source: 'youth_voice',
        sourceRef: 'Q-1',
        title,
        content: '内容',
        receivedOn: '2025-06-01',
      });
      return res.json().id as string;
    };
    const [a, b, c, d, v] = [await mk('建议一'), await mk('建议二'), await mk('建议三'), await mk('建议四'), await mk('作废的')];
    for (const id of [a, b, c]) expect((await stepOf(adminA, id, { action: 'assign', on: '2025-06-02', assigneeId: adminAId })).statusCode).toBe(200);
    await stepOf(adminA, a, { action: 'resolve', on: '2025-06-03', answer: '已解决' });
    await stepOf(adminA, b, { action: 'resolve', on: '2025-06-03', answer: '已解决' });
    await stepOf(adminA, c, { action: 'explain', on: '2025-06-03', answer: '政策不允许，已解释' });
    await stepOf(adminA, b, { action: 'follow_up', on: '2025-06-05', satisfaction: 'basically' });
    expect((await stepOf(adminA, v, { action: 'void', on: '2025-06-02', comment: '重复' })).json()).toMatchObject({ state: 'void' });
    void d;
    const q = `orgId=${org.id}&${year}`;
    expect((await observerA.get(`/api/v1/metrics/contact-work.suggestions?${q}`)).json().total).toBe(4);
    expect((await observerA.get(`/api/v1/metrics/contact-work.followedUp?${q}`)).json().total).toBe(1);
    const rate = (await observerA.get(`/api/v1/metrics/contact-work.resolutionRate?${q}`)).json();
    expect(rate).toMatchObject({ kind: 'ratio', numerator: 2, denominator: 4, total: 50 });
    const unresolved = (await observerA.get(`/api/v1/metrics/contact-work.resolutionRate/rows?${q}`)).json();
    expect(unresolved.items.map((r: { title: string }) => r.title).sort()).toEqual(['建议三', '建议四']);
    const bySource = (await observerA.get(`/api/v1/metrics/contact-work.suggestions?${q}&groupBy=state`)).json();
    expect(bySource.groups.find((g: { group: string }) => g.group === 'followed_up').value).toBe(1);

    // the list: filters, sort and keyset pages agree with the figure
    const page1 = (await adminA.get(`/api/v1/contact-work/suggestions?orgId=${org.id}&limit=2&sort=received_asc`)).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await adminA.get(`/api/v1/contact-work/suggestions?orgId=${org.id}&limit=10&sort=received_asc&cursor=${page1.nextCursor}`)).json();
    expect(page2.items).toHaveLength(3);
    expect(new Set([...page1.items, ...page2.items].map((i: { id: string }) => i.id)).size).toBe(5);
    expect((await adminA.get(`/api/v1/contact-work/suggestions?orgId=${org.id}&state=explained`)).json().items).toHaveLength(1);
    const xlsx = await adminA.get(`/api/v1/contact-work/suggestions/export?orgId=${org.id}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('collects once per request id', async () => {
    const body = { requestId: randomUUID(), orgId: w.townA.id, source: 'meeting', title: '座谈会建议', content: '内容', receivedOn: '2025-07-01' };
    const a = await adminA.post('/api/v1/contact-work/suggestions', body);
    const b = await adminA.post('/api/v1/contact-work/suggestions', body);
    expect(a.json().id).toBe(b.json().id);
    const bad = await adminA.post('/api/v1/contact-work/suggestions', { ...body, requestId: randomUUID(), receivedOn: '2025-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'receivedOn' });
  });
});

describe('proposals, pairings, visits and reports', () => {
  it('moves proposals through their states and counts them', async () => {
    const org = await buildOrg(t.db, w.countyA, { name: '提案测试团委' });
    const mk = async (channel: string, title: string) =>
      (
        await adminA.post('/api/v1/contact-work/proposals', {
          orgId: org.id,
          channel,
          title,
          proposer: '张代表',
          session: '市十六届人大四次会议',
          submittedOn: '2025-01-10',
        })
      ).json() as {
        id: string;
      };
    const p = await mk('npc', '关于加强青少年心理健康服务的建议');
    const q = await mk('cppcc', '关于青年人才公寓的提案');
    const w2 = await mk('league_deputy', '撤回的议案');
    const answerEarly = await adminA.post(`/api/v1/contact-work/proposals/${p.id}/steps`, { action: 'answer', on: '2025-02-01', answer: '已答复' });
    expect(answerEarly.json()).toMatchObject({ code: 'transition_not_allowed' });
    expect((await adminA.post(`/api/v1/contact-work/proposals/${p.id}/steps`, { action: 'accept', on: '2025-01-05' })).json()).toMatchObject({
      code: 'contact-work.date_before',
    });
    expect((await adminA.post(`/api/v1/contact-work/proposals/${p.id}/steps`, { action: 'accept', on: '2025-01-20' })).json()).toMatchObject({
      state: 'accepted',
    });
    expect((await adminA.post(`/api/v1/contact-work/proposals/${p.id}/steps`, { action: 'answer', on: '2025-03-01' })).json()).toMatchObject({
      field: 'answer',
    });
    expect((await adminA.post(`/api/v1/contact-work/proposals/${p.id}/steps`, { action: 'answer', on: '2025-03-01', answer: '采纳' })).json()).toMatchObject({
      state: 'answered',
      answer: '采纳',
    });
    expect((await adminA.post(`/api/v1/contact-work/proposals/${p.id}/steps`, { action: 'withdraw', on: '2025-03-02' })).statusCode).toBe(422);
    expect((await adminA.post(`/api/v1/contact-work/proposals/${q.id}/steps`, { action: 'reject', on: '2025-01-20' })).json()).toMatchObject({
      state: 'not_accepted',
    });
    expect((await adminA.post(`/api/v1/contact-work/proposals/${w2.id}/steps`, { action: 'withdraw', on: '2025-01-11' })).json()).toMatchObject({
      state: 'withdrawn',
    });
    const bad = await adminA.post('/api/v1/contact-work/proposals', { orgId: org.id, channel: 'npc', title: 'x', proposer: '张', submittedOn: '2025-01-10' });
    expect(bad.json()).toMatchObject({ field: 'title' });
    const m = (await observerA.get(`/api/v1/metrics/contact-work.proposals?orgId=${org.id}&${year}&groupBy=channel`)).json();
    expect(m.total).toBe(2);
    expect(m.groups.map((g: { group: string }) => g.group).sort()).toEqual(['cppcc', 'npc']);
    const rows = (await observerA.get(`/api/v1/metrics/contact-work.proposals/rows?orgId=${org.id}&${year}`)).json();
    expect(rows.items).toHaveLength(2);
    expect((await adminB.get(`/api/v1/contact-work/proposals/${p.id}`)).statusCode).toBe(404);
  });

  it('keeps pairings with their activity log and counts those active in the period', async () => {
    const org = await buildOrg(t.db, w.countyA, { name: '结对测试团委' });
    const mk = async (startedOn: string) =>
      (
        await adminA.post('/api/v1/contact-work/pairings', { orgId: org.id, kind: 'org_org', sideA: '城区小学', sideB: '山区小学', theme: '手拉手', startedOn })
      ).json() as { id: string };
    const p = await mk('2024-09-01');
    const later = await mk('2026-01-01').catch(() => null);
    void later;
    const act = await adminA.post(`/api/v1/contact-work/pairings/${p.id}/activities`, { heldOn: '2025-04-01', title: '书信交流' });
    expect(act.statusCode, act.body).toBe(201);
    expect((await adminA.post(`/api/v1/contact-work/pairings/${p.id}/activities`, { heldOn: '2024-01-01', title: '太早' })).json()).toMatchObject({
      code: 'contact-work.date_before',
      field: 'heldOn',
    });
    expect((await adminA.post(`/api/v1/contact-work/pairings/${p.id}/end`, { on: '2025-06-30', reason: '学期结束' })).json()).toMatchObject({
      status: 'ended',
    });
    expect((await adminA.post(`/api/v1/contact-work/pairings/${p.id}/end`, { on: '2025-06-30' })).json()).toMatchObject({ code: 'contact-work.pairing_ended' });
    expect((await adminA.post(`/api/v1/contact-work/pairings/${p.id}/activities`, { heldOn: '2025-07-01', title: '结束之后' })).json()).toMatchObject({
      code: 'contact-work.pairing_ended',
    });
    const detail = (await observerA.get(`/api/v1/contact-work/pairings/${p.id}`)).json();
    expect(detail.activities).toHaveLength(1);
    expect((await observerA.get(`/api/v1/metrics/contact-work.pairings?orgId=${org.id}&${year}`)).json().total).toBe(1);
    expect((await observerA.get(`/api/v1/metrics/contact-work.pairings?orgId=${org.id}&from=2025-07-01&to=2025-12-31`)).json().total).toBe(0);
    const wrongSide = await adminA.post('/api/v1/contact-work/pairings', {
      orgId: org.id,
      kind: 'org_org',
      sideA: '甲',
      sideAOrgId: w.townB.id,
      sideB: '乙',
      startedOn: '2025-01-01',
    });
    expect(wrongSide.statusCode).toBe(404);
  });

  it('counts distinct orgs visited and reports written, with files checked by content and size', async () => {
    const org = await buildOrg(t.db, w.countyA, { name: '走访测试镇团委', category: 'township' });
    const branch = await buildOrg(t.db, org, { name: '走访测试村团支部', kind: 'branch', category: 'village' });
    for (const [o, d] of [
      [org.id, '2025-03-01'],
      [org.id, '2025-04-01'],
      [branch.id, '2025-04-02'],
    ] as const) {
      const v = await adminA.post('/api/v1/contact-work/visits', { orgId: o, visitedOn: d, visitors: '县团委书记', topic: '调研基层团建' });
      expect(v.statusCode, v.body).toBe(201);
    }
    const m = (await observerA.get(`/api/v1/metrics/contact-work.orgsVisited?orgId=${org.id}&${year}`)).json();
    expect(m.total).toBe(2);
    const rows = (await observerA.get(`/api/v1/metrics/contact-work.orgsVisited/rows?orgId=${org.id}&${year}`)).json();
    expect(rows.items.map((r: { visits: number }) => r.visits).sort()).toEqual([1, 2]);

    const r = await adminA.post('/api/v1/contact-work/reports', {
      orgId: org.id,
      title: '关于农村青年就业的调研报告',
      authors: '调研组',
      writtenOn: '2025-05-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    const pdf = Buffer.from('%PDF-1.4\n% test\n');
    const up = await adminA.request({ method: 'POST', url: `/api/v1/contact-work/reports/${r.json().id}/files`, ...multipart('调研报告.pdf', pdf) });
    expect(up.statusCode, up.body).toBe(201);
    const down = await observerA.get(`/api/v1/contact-work/files/${up.json().id}`);
    expect(down.rawPayload.equals(pdf)).toBe(true);
    expect(down.headers['content-disposition']).toContain('attachment');
    const fake = await adminA.request({
      method: 'POST',
      url: `/api/v1/contact-work/reports/${r.json().id}/files`,
      ...multipart('x.pdf', Buffer.from('<script>')),
    });
    expect(fake.json()).toMatchObject({ field: 'file' });
    const big = await adminA.request({
      method: 'POST',
      url: `/api/v1/contact-work/reports/${r.json().id}/files`,
      ...multipart('big.pdf', Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)])),
    });
    expect(big.statusCode).toBe(413);
    expect((await observerA.get(`/api/v1/metrics/contact-work.reports?orgId=${org.id}&${year}`)).json().total).toBe(1);
    expect((await adminA.post(`/api/v1/contact-work/reports/${r.json().id}/void`, { reason: '重复录入' })).json()).toMatchObject({ status: 'void' });
    expect((await observerA.get(`/api/v1/metrics/contact-work.reports?orgId=${org.id}&${year}`)).json().total).toBe(0);
    expect((await adminB.get(`/api/v1/contact-work/files/${up.json().id}`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/contact-work/visits?orgId=${org.id}`)).statusCode).toBe(404);
  });

  it('exports each list to Excel', async () => {
    for (const path of ['contacts', 'cadres', 'logs', 'visits', 'reports', 'proposals', 'pairings', 'suggestions']) {
      const res = await adminA.get(`/api/v1/contact-work/${path}/export`);
      expect(res.statusCode, `${path}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
    }
    // the contacts sheet: one row per listed youth, phones masked, English headers on request
    const listed = (await adminA.get(`/api/v1/contact-work/contacts?orgId=${w.townA.id}&limit=500`)).json().items;
    const rows = await downloadSheet(adminA, `/api/v1/contact-work/contacts/export?orgId=${w.townA.id}`, 'en-US');
    expect(rows[0]).toContain('Phone (masked)');
    expect(rows.length - 1).toBe(listed.length);
    expect(JSON.stringify(rows)).toContain('138****8000');
    expect(JSON.stringify(rows)).not.toContain('13800138000');
    const other = await downloadSheet(adminB, '/api/v1/contact-work/contacts/export');
    expect(JSON.stringify(other)).not.toContain('李青年');
  });
});

async function noticesOf(client: TestClient): Promise<{ kind: string; link: string | null }[]> {
  return (await client.get('/api/v1/me/notices?limit=500')).json().items;
}

function multipart(fileName: string, data: Buffer) {
  const boundary = '----cw-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
