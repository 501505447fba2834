import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessGrant } from '../../platform/access/access.schema.ts';
import type { Actor } from '../../platform/access/scope.ts';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { putSetting } from '../../platform/settings/settings.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { downloadSheet } from '../../test/xlsx.ts';
import { insertOrg } from '../orgs/index.ts';
import { markBreaches } from './hotline.jobs.ts';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type Calendar,
  calendarSetting,
  categoriesSetting,
  closureBlocker,
  dueTimes,
  slaSetting,
} from './hotline.rules.ts';
import { hotlineCase } from './hotline.schema.ts';
import { pauseCase, resumeCase } from './hotline.service.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let observerA: TestClient;
let writerA: TestClient;
let cityAdmin: TestClient;
let adminAId: string;
let cityAdminId: string;

const accountId = async (username: string) => {
  const [a] = await t.db.select({ id: account.id }).from(account).where(eq(account.username, username));
  if (!a) throw new Error(`no account ${username}`);
  return a.id;
};
/** The actor of an account, for calling services with an injected clock. */
async function actorOf(username: string): Promise<Actor> {
  const id = await accountId(username);
  const grants = await t.db
    .select({ id: accessGrant.id, role: accessGrant.role, orgId: accessGrant.orgId, path: org.path })
    .from(accessGrant)
    .innerJoin(org, eq(org.id, accessGrant.orgId))
    .where(eq(accessGrant.accountId, id));
  return { accountId: id, username, sessionId: 'test', grants: grants as Actor['grants'], requestId: 'test', ip: '127.0.0.1' };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  observerA = await login(t.app, w.users.observerA, password);
  cityAdmin = await login(t.app, w.users.cityAdmin, password);
  // a branch secretary granted on county A: reads and writes cases there, supervises nothing
  writerA = await login(t.app, await buildAccount(t.db, 'branch_secretary', w.countyA.id, 'writera'), password);
  adminAId = await accountId(w.users.adminA);
  cityAdminId = await accountId(w.users.cityAdmin);
});
afterAll(async () => t?.close());

let seq = 0;
const intake = (c: TestClient, over: Record<string, unknown> = {}) =>
  c.post('/api/v1/hotline/cases', {
    orgId: w.townA.id,
    channel: 'phone',
    category: '心理',
    subcategory: '学业压力',
    risk: 'low',
    anonymous: false,
    callerName: '王小明',
    callerPhone: '13812345678',
    callerAge: 15,
    summary: `考试前焦虑，睡不着 ${++seq}`,
    ...over,
  });
const caseOf = async (c: TestClient, over: Record<string, unknown> = {}) => {
  const res = await intake(c, over);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; status: string };
};
const nowIso = () => new Date().toISOString();

const cal: Calendar = {
  workdays: [1, 2, 3, 4, 5],
  start: '08:30',
  end: '17:30',
  holidays: ['2026-10-05'],
  extraWorkdays: ['2026-10-10'],
};
const china = (s: string) => new Date(`${s}+08:00`);

describe('SLA clock rules (pure)', () => {
  it('counts business time only: evenings, weekends and holidays stop the clock; a 调休 Saturday runs it', () => {
    // Friday 2026-10-02 16:30: 60 minutes left that day, Monday 10-05 a holiday, so Tuesday 08:30 + 60.
    expect(addBusinessMinutes(china('2026-10-02T16:30:00'), 120, cal)).toEqual(china('2026-10-06T09:30:00'));
    // exactly at the end of the window
    expect(addBusinessMinutes(china('2026-10-02T16:30:00'), 60, cal)).toEqual(china('2026-10-02T17:30:00'));
    // received at night: starts the next working morning
    expect(addBusinessMinutes(china('2026-10-06T22:00:00'), 30, cal)).toEqual(china('2026-10-07T09:00:00'));
    // Saturday 10-10 is worked
    expect(addBusinessMinutes(china('2026-10-09T17:00:00'), 60, cal)).toEqual(china('2026-10-10T09:00:00'));
    expect(businessMinutesBetween(china('2026-10-02T16:30:00'), china('2026-10-06T09:30:00'), cal)).toBe(120);
    expect(businessMinutesBetween(china('2026-10-03T09:00:00'), china('2026-10-04T18:00:00'), cal)).toBe(0);
  });

  it('high and critical risk count clock time; a category may set its own targets', () => {
    const sla = slaSetting.default;
    const fri = china('2026-10-02T16:30:00');
    expect(dueTimes(fri, '心理', 'critical', sla, cal).firstResponseDueAt).toEqual(new Date(fri.getTime() + 15 * 60_000));
    expect(dueTimes(fri, '法律', 'low', sla, cal).resolutionDueAt).toEqual(addBusinessMinutes(fri, 8100, cal));
    expect(dueTimes(fri, '心理', 'low', sla, cal).resolutionDueAt).toEqual(addBusinessMinutes(fri, 5400, cal));
  });

  it('a high-risk case needs escalation, a safety plan and a follow-up after it; a pending referral blocks any case', () => {
    const base = {
      risk: 'high' as const,
      status: 'active' as const,
      escalatedAt: null,
      supervisorId: null,
      safetyPlan: null,
      followedUpAt: null,
      pendingReferral: false,
    };
    expect(closureBlocker(base)).toBe('escalation_required');
    const esc = { ...base, escalatedAt: new Date('2026-03-02T02:00:00Z'), supervisorId: 'x' };
    expect(closureBlocker(esc)).toBe('safety_plan_required');
    expect(closureBlocker({ ...esc, safetyPlan: '  ' })).toBe('safety_plan_required');
    expect(closureBlocker({ ...esc, safetyPlan: '每日联系' })).toBe('follow_up_required');
    expect(closureBlocker({ ...esc, safetyPlan: '每日联系', followedUpAt: new Date('2026-03-01T02:00:00Z') })).toBe('follow_up_required');
    expect(closureBlocker({ ...esc, safetyPlan: '每日联系', followedUpAt: new Date('2026-03-02T02:00:00Z') })).toBeNull();
    expect(closureBlocker({ ...base, risk: 'medium' })).toBeNull();
    expect(closureBlocker({ ...base, risk: 'low', pendingReferral: true })).toBe('referral_pending');
  });
});

describe('intake', () => {
  it('masks the caller, keeps name and phone encrypted, and shows them in full only to handlers, audited', async () => {
    const c = await caseOf(adminA);
    const detail = (await adminA.get(`/api/v1/hotline/cases/${c.id}`)).json();
    expect(detail.case).toMatchObject({ callerName: '王**', callerPhone: '138****5678', callerMinor: true, status: 'new', channel: 'phone' });
    expect(detail.case.firstResponseAt).not.toBeNull();
    const [row] = await t.db.select().from(hotlineCase).where(eq(hotlineCase.id, c.id));
    expect(row?.callerPhoneEnc).not.toContain('1381234');
    const full = await adminA.get(`/api/v1/hotline/cases/${c.id}/caller`);
    expect(full.json()).toEqual({ name: '王小明', phone: '13812345678' });
    const views = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'hotline.caller_viewed'), eq(auditEvent.entityId, c.id)));
    expect(views).toHaveLength(1);
    expect((await observerA.get(`/api/v1/hotline/cases/${c.id}/caller`)).statusCode).toBe(403);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await t.db.select({ id: hotlineCase.id }).from(hotlineCase)).length;
    const named = await intake(adminA, { anonymous: false, callerName: null, callerPhone: null });
    expect(named.statusCode).toBe(422);
    expect(named.json()).toMatchObject({ code: 'hotline.caller_required', field: 'callerPhone' });
    expect(named.json().messages['zh-CN']).toContain('来电人电话');
    const cat = await intake(adminA, { category: '星座' });
    expect(cat.json()).toMatchObject({ code: 'hotline.unknown_category', field: 'category' });
    const sub = await intake(adminA, { subcategory: '劳动纠纷' });
    expect(sub.json()).toMatchObject({ code: 'hotline.unknown_subcategory', field: 'subcategory' });
    const future = await intake(adminA, { receivedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.json()).toMatchObject({ code: 'hotline.future_time', field: 'receivedAt' });
    const risk = await intake(adminA, { risk: 'extreme' });
    expect(risk.statusCode).toBe(400);
    expect(risk.json().field).toBe('risk');
    expect((await intake(adminA, { orgId: w.townB.id })).statusCode).toBe(404);
    expect((await t.db.select({ id: hotlineCase.id }).from(hotlineCase)).length).toBe(before);
  });

  it('takes the categories configured for the subtree (a setting), not another county’s', async () => {
    const cats = [...categoriesSetting.default, { name: '团务', en: 'League affairs', subcategories: ['组织关系'] }];
    await t.db.transaction((tx) => putSetting(tx, w.countyB.id, categoriesSetting.key, cats, null));
    const b = await intake(adminB, { orgId: w.townB.id, category: '团务', subcategory: '组织关系' });
    expect(b.statusCode, b.body).toBe(201);
    expect((await intake(adminA, { category: '团务', subcategory: null })).json()).toMatchObject({ code: 'hotline.unknown_category', field: 'category' });
    const listed = (await adminB.get(`/api/v1/hotline/categories?orgId=${w.townB.id}`)).json() as { categories: { name: string }[] };
    expect(listed.categories.map((c) => c.name)).toContain('团务');
  });

  it('a submission key of another county’s case is refused, not answered with that case', async () => {
    const first = await intake(adminB, { orgId: w.townB.id, submissionKey: 'key-cross-county-1' });
    expect(first.statusCode).toBe(201);
    const replay = await intake(adminA, { submissionKey: 'key-cross-county-1' });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).not.toContain(first.json().id);
  });

  it('a double submit with the same key finds the first case; anonymous callers are allowed', async () => {
    const body = { anonymous: true, callerName: '不应保存', submissionKey: 'key-double-submit-1' };
    const [a, b] = await Promise.all([intake(adminA, body), intake(adminA, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(a.json()).toMatchObject({ anonymous: true, callerName: null, callerPhone: null });
  });

  it("another county's case answers 404, and the list shows only the caller's scope", async () => {
    const c = await caseOf(adminB, { orgId: w.townB.id });
    expect((await adminA.get(`/api/v1/hotline/cases/${c.id}`)).statusCode).toBe(404);
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/close`, { outcome: 'resolved', summary: 'x' })).statusCode).toBe(404);
    const list = (await adminA.get('/api/v1/hotline/cases?limit=500')).json() as { items: { id: string }[] };
    expect(list.items.some((i) => i.id === c.id)).toBe(false);
    const city = (await cityAdmin.get('/api/v1/hotline/cases?limit=500')).json() as { items: { id: string }[] };
    expect(city.items.some((i) => i.id === c.id)).toBe(true);
  });
});

describe('high-risk cases', () => {
  it('cannot close without an escalation to a named supervisor, a safety plan and a follow-up; the supervisor is told at once', async () => {
    const c = await caseOf(adminA, { risk: 'critical', category: '心理', subcategory: '自伤自杀风险' });
    const close = (body = { outcome: 'resolved', summary: '已稳定' }) => adminA.post(`/api/v1/hotline/cases/${c.id}/close`, body);
    expect((await close()).json()).toMatchObject({ code: 'hotline.escalation_required', field: 'supervisorId' });
    // a writer without supervise is no supervisor
    const writerId = await accountId('writera');
    const wrong = await adminA.post(`/api/v1/hotline/cases/${c.id}/escalate`, { supervisorId: writerId, reason: '有自伤计划' });
    expect(wrong.json()).toMatchObject({ code: 'hotline.not_a_supervisor', field: 'supervisorId' });
    const opts = (await adminA.get(`/api/v1/hotline/cases/${c.id}/options`)).json() as { supervisors: { id: string }[] };
    expect(opts.supervisors.map((s) => s.id)).toContain(cityAdminId);
    const esc = await adminA.post(`/api/v1/hotline/cases/${c.id}/escalate`, { supervisorId: cityAdminId, reason: '有自伤计划' });
    expect(esc.statusCode, esc.body).toBe(200);
    const inbox = (await cityAdmin.get('/api/v1/me/notices')).json() as { items: { kind: string; link: string | null }[] };
    expect(inbox.items.some((n) => n.kind === 'hotline.escalated' && n.link === `/hotline/cases/${c.id}`)).toBe(true);
    expect((await close()).json()).toMatchObject({ code: 'hotline.safety_plan_required', field: 'safetyPlan' });
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/safety-plan`, { safetyPlan: '监护人 24 小时陪伴；每日电话联系' })).statusCode).toBe(200);
    expect((await close()).json()).toMatchObject({ code: 'hotline.follow_up_required' });
    // a session is not a follow-up
    const session = { kind: 'session', heldAt: nowIso(), minutes: 40, form: 'phone', summary: '情绪疏导' };
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/sessions`, session)).statusCode).toBe(200);
    expect((await close()).json()).toMatchObject({ code: 'hotline.follow_up_required' });
    const fu = await adminA.post(`/api/v1/hotline/cases/${c.id}/sessions`, { ...session, kind: 'follow_up', form: 'visit' });
    expect(fu.statusCode, fu.body).toBe(200);
    const closed = await close();
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().case).toMatchObject({ status: 'closed', outcome: 'resolved' });
    expect((await close()).json()).toMatchObject({ code: 'hotline.case_closed' });
  });
});

describe('referrals', () => {
  it('keep the case open until the receiving party confirms with a receipt', async () => {
    const c = await caseOf(adminA, { category: '法律', subcategory: '校园欺凌' });
    const refer = { agency: '12348', receivingParty: '衡阳县法律援助中心', referredOn: '2026-01-01' };
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/referrals`, refer)).json()).toMatchObject({
      code: 'hotline.before_received',
      field: 'referredOn',
    });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await adminA.post(`/api/v1/hotline/cases/${c.id}/referrals`, { ...refer, referredOn: today });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().case.status).toBe('referred');
    const ref = res.json().referrals[0] as { id: string };
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/referrals`, { ...refer, referredOn: today })).json()).toMatchObject({
      code: 'hotline.referral_exists',
    });
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/close`, { outcome: 'referred', summary: '已转介' })).json()).toMatchObject({
      code: 'hotline.referral_pending',
    });
    const confirm = (body: Record<string, unknown>) => adminA.post(`/api/v1/hotline/cases/${c.id}/referrals/${ref.id}/confirm`, body);
    expect((await confirm({ confirmedOn: today })).json()).toMatchObject({ code: 'validation', field: 'receipt' });
    // the refused confirmation wrote nothing
    expect((await adminA.get(`/api/v1/hotline/cases/${c.id}`)).json().referrals[0].status).toBe('pending');
    const ok = await confirm({ confirmedOn: today, receipt: '法援回执 2026-118' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().case.status).toBe('active');
    expect((await confirm({ confirmedOn: today, receipt: 'again' })).json()).toMatchObject({ code: 'hotline.referral_not_pending' });
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/close`, { outcome: 'referred', summary: '法援已受理' })).statusCode).toBe(200);
  });

  it('an outcome of "referred" needs a confirmed referral: a case never referred closes otherwise', async () => {
    const c = await caseOf(adminA, { category: '法律', subcategory: '校园欺凌' });
    const res = await adminA.post(`/api/v1/hotline/cases/${c.id}/close`, { outcome: 'referred', summary: '建议去法援' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'hotline.referral_unconfirmed', field: 'outcome' });
    expect(res.json().message).toMatch(/结案结果/);
    expect((await adminA.get(`/api/v1/hotline/cases/${c.id}`)).json().case.status).not.toBe('closed');
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/close`, { outcome: 'advised', summary: '已提供法律建议' })).statusCode).toBe(200);
  });
});

describe('SLA clocks', () => {
  it('pausing while waiting on the caller moves the due times by the paused business time', async () => {
    await t.db.transaction((tx) => putSetting(tx, w.countyA.id, calendarSetting.key, cal, null));
    const received = china('2026-10-02T16:30:00');
    const c = await caseOf(adminA, { channel: 'web', receivedAt: new Date(Date.now() - 60_000).toISOString() });
    // put the case on a known clock: received Friday 16:30 before the holiday
    const due = dueTimes(received, '心理', 'low', slaSetting.default, cal);
    await t.db
      .update(hotlineCase)
      .set({ receivedAt: received, receivedOn: '2026-10-02', ...due })
      .where(eq(hotlineCase.id, c.id));
    const actor = await actorOf(w.users.adminA);
    await pauseCase(t.db, actor, c.id, '等待家长回电', china('2026-10-02T17:00:00'));
    expect((await adminA.get(`/api/v1/hotline/cases/${c.id}`)).json().case.status).toBe('waiting');
    // paused 17:00 Fri → 10:00 Tue: 30 min Friday + 90 min Tuesday (Monday a holiday) = 120 business minutes
    const after = await resumeCase(t.db, actor, c.id, china('2026-10-06T10:00:00'));
    expect(after.pausedMinutes).toBe(120);
    expect(after.resolutionDueAt).toEqual(addBusinessMinutes(due.resolutionDueAt, 120, cal));
    expect(after.firstResponseDueAt).toEqual(addBusinessMinutes(due.firstResponseDueAt, 120, cal));
    await expect(resumeCase(t.db, actor, c.id, china('2026-10-06T11:00:00'))).rejects.toMatchObject({ code: 'hotline.not_paused' });
  });

  it('the hourly job marks breaches once, tells a supervisor, and the breach list shows them', async () => {
    const c = await caseOf(adminA, { channel: 'web' });
    const waiting = await caseOf(adminA, { channel: 'web' });
    await pauseCase(t.db, await actorOf(w.users.adminA), waiting.id, '等待来电人补充材料');
    const later = new Date(Date.now() + 60 * 86_400_000);
    const first = await markBreaches(t.db, later);
    expect(first.firstResponse).toBeGreaterThanOrEqual(1);
    expect(first.notified).toBeGreaterThanOrEqual(1);
    expect(await markBreaches(t.db, later)).toEqual({ firstResponse: 0, resolution: 0, notified: 0 });
    const [row] = await t.db.select().from(hotlineCase).where(eq(hotlineCase.id, c.id));
    expect(row?.firstResponseBreachedAt).toEqual(row?.firstResponseDueAt);
    const [paused] = await t.db.select().from(hotlineCase).where(eq(hotlineCase.id, waiting.id));
    expect(paused?.firstResponseBreachedAt).toBeNull();
    const list = (await adminA.get('/api/v1/hotline/cases?breached=true&limit=500')).json() as { items: { id: string; breached: boolean }[] };
    expect(list.items.map((i) => i.id)).toContain(c.id);
    expect(list.items.map((i) => i.id)).not.toContain(waiting.id);
    expect(list.items.every((i) => i.breached)).toBe(true);
  });
});

describe('sealed notes', () => {
  it('are read by handlers and supervisors, each read audited, and refused to others in scope', async () => {
    const c = await caseOf(adminA);
    const add = await adminA.post(`/api/v1/hotline/cases/${c.id}/notes`, { text: '来电人提到父母离异后情绪低落' });
    expect(add.statusCode, add.body).toBe(201);
    const read = await adminA.get(`/api/v1/hotline/cases/${c.id}/notes`);
    expect(read.statusCode).toBe(200);
    expect(read.json().items[0].body).toBe('来电人提到父母离异后情绪低落');
    const reads = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'hotline.notes_read'), eq(auditEvent.entityId, c.id)));
    expect(reads).toHaveLength(1);
    expect(reads[0]?.actorId).toBe(adminAId);
    // in scope with service.read/write but neither handler nor supervisor
    expect((await writerA.get(`/api/v1/hotline/cases/${c.id}`)).statusCode).toBe(200);
    const sealed = await writerA.get(`/api/v1/hotline/cases/${c.id}/notes`);
    expect(sealed.statusCode).toBe(403);
    expect(sealed.json().code).toBe('hotline.notes_sealed');
    expect((await writerA.post(`/api/v1/hotline/cases/${c.id}/notes`, { text: '试图写入' })).statusCode).toBe(403);
    expect((await observerA.get(`/api/v1/hotline/cases/${c.id}/notes`)).statusCode).toBe(403);
    // out of scope: 404, as if it did not exist
    expect((await adminB.get(`/api/v1/hotline/cases/${c.id}/notes`)).statusCode).toBe(404);
    // a supervisor above reads them
    expect((await cityAdmin.get(`/api/v1/hotline/cases/${c.id}/notes`)).statusCode).toBe(200);
    // the writer assigned as the counsellor becomes a handler
    const writerId = await accountId('writera');
    const co = await adminA.post('/api/v1/hotline/counsellors', {
      orgId: w.countyA.id,
      name: '李老师',
      kind: 'counsellor',
      accountId: writerId,
      qualifications: ['国家二级心理咨询师'],
    });
    expect(co.statusCode, co.body).toBe(201);
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/assign`, { counsellorId: co.json().id })).statusCode).toBe(200);
    expect((await writerA.get(`/api/v1/hotline/cases/${c.id}/notes`)).statusCode).toBe(200);
    // exports carry no notes, no summary, and the caller masked
    const sheet = await downloadSheet(adminA, '/api/v1/hotline/cases/export');
    const flat = JSON.stringify(sheet);
    expect(flat).toContain(c.number);
    expect(flat).toContain('138****5678');
    expect(flat).not.toContain('13812345678');
    expect(flat).not.toContain('王小明');
    expect(flat).not.toContain('父母离异');
    expect(flat).not.toContain('考试前焦虑');
  });
});

describe('satisfaction link', () => {
  it('is shown once at closure, stored hashed, and used once', async () => {
    const c = await caseOf(adminA);
    const closed = await adminA.post(`/api/v1/hotline/cases/${c.id}/close`, { outcome: 'advised', summary: '提供了学习方法建议' });
    expect(closed.statusCode, closed.body).toBe(200);
    const token = closed.json().surveyToken as string;
    const [row] = await t.db.select().from(hotlineCase).where(eq(hotlineCase.id, c.id));
    expect(row?.satisfactionTokenHash).not.toBe(token);
    const anon = (method: 'GET' | 'POST', payload?: unknown) =>
      t.app.inject({ method, url: `/api/v1/public/hotline/survey/${token}`, payload: payload as object });
    expect((await anon('GET')).json()).toMatchObject({ category: '心理' });
    expect((await anon('POST', { score: 7 })).statusCode).toBe(400);
    const [a, b] = await Promise.all([anon('POST', { score: 5, resolved: true }), anon('POST', { score: 1 })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([204, 409]);
    expect((await anon('POST', { score: 5 })).json()).toMatchObject({ code: 'hotline.survey_answered' });
    expect((await anon('GET')).statusCode).toBe(409);
    const bogus = await t.app.inject({ method: 'POST', url: '/api/v1/public/hotline/survey/not-a-real-token-at-all-xx', payload: { score: 5 } });
    expect(bogus.statusCode).toBe(404);
    expect((await adminA.post(`/api/v1/hotline/cases/${c.id}/survey-link`)).json()).toMatchObject({ code: 'hotline.survey_answered' });
  });
});

describe('the phone page', () => {
  it('takes an anonymous request for help once per key, at any active org, naming bad fields', async () => {
    const send = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/public/hotline/cases', payload: body });
    const body = { orgId: w.countyA.id, category: '家庭', summary: '父母经常吵架，我不想回家', anonymous: true, submissionKey: 'phone-key-000001' };
    const first = await send(body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await send(body);
    expect(again.statusCode).toBe(200);
    expect(again.json().number).toBe(first.json().number);
    const [row] = await t.db.select().from(hotlineCase).where(eq(hotlineCase.number, first.json().number));
    expect(row).toMatchObject({ channel: 'mobile', anonymous: true, firstResponseAt: null, createdBy: null });
    expect((await send({ ...body, submissionKey: 'phone-key-000002', category: '星座' })).json()).toMatchObject({ field: 'category' });
    expect((await send({ ...body, submissionKey: 'phone-key-000003', orgId: 999_999 })).statusCode).toBe(404);
    const urgent = await send({ ...body, submissionKey: 'phone-key-000004', urgent: true });
    const [high] = await t.db.select().from(hotlineCase).where(eq(hotlineCase.number, urgent.json().number));
    expect(high?.risk).toBe('high');
    const cats = await t.app.inject({ method: 'GET', url: `/api/v1/public/hotline/categories?orgId=${w.countyA.id}` });
    expect(cats.json().categories.map((c: { name: string }) => c.name)).toContain('家庭');
  });
});

describe('transfer', () => {
  it('across the tree moves the case out of the sender’s view and tells the receiving side', async () => {
    const c = await caseOf(adminA);
    const res = await adminA.post(`/api/v1/hotline/cases/${c.id}/transfer`, { orgId: w.countyB.id, reason: '来电人居住在乙县' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await adminA.get(`/api/v1/hotline/cases/${c.id}`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/hotline/cases/${c.id}`)).json().case).toMatchObject({ orgId: w.countyB.id, status: 'new' });
    const inbox = (await adminB.get('/api/v1/me/notices')).json() as { items: { kind: string }[] };
    expect(inbox.items.some((n) => n.kind === 'hotline.transferred')).toBe(true);
  });
});

describe('figures', () => {
  it('match the rows behind them, for a subtree and a period', async () => {
    const o = await t.db.transaction(async (tx) => {
      return insertOrg(tx, null, w.townA, { name: '统计测试学校团委', kind: 'committee', category: null, establishedOn: '2020-01-01' });
    });
    const day = new Date(Date.now() - 86_400_000).toISOString();
    for (const [category, phone] of [
      ['心理', '13900000001'],
      ['心理', '13900000001'],
      ['心理', '13900000002'],
      ['法律', '13900000003'],
    ] as const)
      await caseOf(adminA, { orgId: o.id, category, subcategory: null, callerPhone: phone, receivedAt: day });
    await caseOf(adminA, { orgId: o.id, anonymous: true, receivedAt: day, subcategory: null });
    const lecture = await adminA.post('/api/v1/hotline/lectures', {
      orgId: o.id,
      kind: 'group_counselling',
      title: '考前减压团体辅导',
      heldOn: day.slice(0, 10),
      reach: 120,
      reachUnit: 'people',
    });
    expect(lecture.statusCode, lecture.body).toBe(201);
    const q = `orgId=${o.id}&from=2020-01-01&to=2030-12-31`;
    const cases = (await adminA.get(`/api/v1/metrics/hotline.cases?${q}&groupBy=category`)).json();
    expect(cases.total).toBe(5);
    expect(cases.groups.find((g: { group: string }) => g.group === '心理').value).toBe(4);
    const callers = (await adminA.get(`/api/v1/metrics/hotline.callers?${q}&groupBy=category`)).json();
    // two calls from one phone are one person; the anonymous case counts one
    expect(callers.total).toBe(4);
    const rows = (await adminA.get(`/api/v1/metrics/hotline.cases/rows?${q}&groupBy=category&group=${encodeURIComponent('心理')}`)).json();
    expect(rows.items).toHaveLength(4);
    expect(JSON.stringify(rows.items)).not.toContain('13900000001');
    const reach = (await adminA.get(`/api/v1/metrics/hotline.lectureReach?${q}&groupBy=kind`)).json();
    expect(reach.total).toBe(120);
    const lectures = (await adminA.get(`/api/v1/metrics/hotline.lectures?${q}`)).json();
    expect(lectures.total).toBe(1);
    const sla = (await adminA.get(`/api/v1/metrics/hotline.slaMetRate?${q}`)).json();
    expect(sla).toMatchObject({ kind: 'ratio', denominator: 0 });
    // another county sees none of it
    expect((await adminB.get(`/api/v1/metrics/hotline.cases?${q}`)).statusCode).toBe(404);
  });
});
