import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, orgForWrite, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { findOrg, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { step } from '../../platform/workflow/workflow.ts';
import { notify } from '../notices/index.ts';
import { hotlineErrors } from './hotline.errors.ts';
import { type CaseRow, type LoadedCase, loadCase, presentCase, staffOfOrg, supervisorsOf } from './hotline.queries.ts';
import {
  addClockMinutes,
  calendarSetting,
  categoriesSetting,
  clockMinutesBetween,
  closureBlocker,
  outcomeBlocker,
  dueTimes,
  isHighRisk,
  maskName,
  slaSetting,
} from './hotline.rules.ts';
import {
  type CaseChannel,
  type CaseOutcome,
  type ReferralAgency,
  type RiskLevel,
  hotlineCase,
  hotlineCounsellor,
  hotlineNote,
  hotlineNumberSeq,
  hotlineReferral,
  hotlineSession,
} from './hotline.schema.ts';
import { type CaseTransition, caseWorkflow, statusLabels } from './hotline.workflow.ts';

const riskLabels: Record<RiskLevel, Messages> = {
  low: { 'zh-CN': '低', 'en-US': 'low' },
  medium: { 'zh-CN': '中', 'en-US': 'medium' },
  high: { 'zh-CN': '高', 'en-US': 'high' },
  critical: { 'zh-CN': '危急', 'en-US': 'critical' },
};
/** how long a satisfaction link may be used */
export const surveyLinkDays = 30;
/** a time a handler types may run this far ahead of the server's clock */
const clockSkewMs = 5 * 60_000;

const clean = (s: string | null | undefined) => {
  const v = s?.trim();
  return v ? v : null;
};
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export type CaseInput = {
  orgId: number;
  channel: CaseChannel;
  category: string;
  subcategory?: string | null;
  risk: RiskLevel;
  anonymous: boolean;
  callerName?: string | null;
  callerPhone?: string | null;
  callerMinor?: boolean;
  callerAge?: number | null;
  callerGender?: 'M' | 'F' | null;
  summary: string;
  receivedAt?: string;
  submissionKey?: string | null;
};

/** The category (and sub-category) must be among those configured for the org's subtree. */
async function checkCategory(tx: DbOrTx, path: string, category: string, subcategory: string | null): Promise<void> {
  const cats = await getSetting(tx, path, categoriesSetting);
  const found = cats.find((c) => c.name === category);
  if (!found) throw hotlineErrors.unknown_category('category', { value: category });
  if (subcategory && !found.subcategories.includes(subcategory)) throw hotlineErrors.unknown_subcategory('subcategory', { value: subcategory, category });
}

async function nextNumber(tx: DbOrTx, receivedOn: string): Promise<string> {
  const prefix = receivedOn.slice(0, 4);
  const [row] = await tx
    .insert(hotlineNumberSeq)
    .values({ prefix, last: 1 })
    .onConflictDoUpdate({ target: hotlineNumberSeq.prefix, set: { last: sql`${hotlineNumberSeq.last} + 1` } })
    .returning({ last: hotlineNumberSeq.last });
  return `12355-${prefix}-${String(row?.last ?? 1).padStart(6, '0')}`;
}

async function clockOf(tx: DbOrTx, path: string) {
  const [sla, cal] = await Promise.all([getSetting(tx, path, slaSetting), getSetting(tx, path, calendarSetting)]);
  return { sla, cal };
}

/**
 * Takes a case in (staff: any channel in their scope; `actor` null: the public phone page, any
 * active org). A repeated submission key finds the first case: double submits and replays add nothing.
 */
export async function createCase(db: Db, pii: Pii, actor: Actor | null, input: CaseInput, now = new Date()): Promise<{ row: CaseRow; created: boolean }> {
  const summary = clean(input.summary);
  if (!summary) throw hotlineErrors.invalid('summary', { 'zh-CN': '请简要说明情况', 'en-US': 'describe the situation briefly' });
  const name = input.anonymous ? null : clean(input.callerName);
  const phone = input.anonymous ? null : clean(input.callerPhone);
  if (!input.anonymous && !name && !phone) throw hotlineErrors.caller_required('callerPhone');
  if (phone && !/^[0-9+\-() ]{5,20}$/.test(phone))
    throw hotlineErrors.invalid('callerPhone', { 'zh-CN': '电话号码只能包含数字', 'en-US': 'a phone number has digits only' });
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (Number.isNaN(receivedAt.getTime())) throw hotlineErrors.invalid('receivedAt', { 'zh-CN': '时间格式不正确', 'en-US': 'not a valid time' });
  if (receivedAt.getTime() > now.getTime() + clockSkewMs) throw hotlineErrors.future_time('receivedAt');
  if (receivedAt.getTime() < now.getTime() - 366 * 86_400_000)
    throw hotlineErrors.invalid('receivedAt', { 'zh-CN': '不能早于一年前', 'en-US': 'must be within the last year' });
  const minor = input.callerMinor ?? (input.callerAge != null && input.callerAge < 18);
  const key = clean(input.submissionKey);
  const subcategory = clean(input.subcategory);

  return db.transaction(async (tx) => {
    if (key) {
      const [seen] = await tx.select().from(hotlineCase).where(eq(hotlineCase.submissionKey, key));
      // The same submission again: the first case, but never one outside the caller's scope.
      if (seen) return { row: await sameSubmission(tx, actor, seen), created: false };
    }
    const o: OrgRow = actor ? await orgForWrite(tx, actor, 'service.write', input.orgId) : await activeOrg(tx, input.orgId);
    await checkCategory(tx, o.path, input.category, subcategory);
    const { sla, cal } = await clockOf(tx, o.path);
    const due = dueTimes(receivedAt, input.category, input.risk, sla, cal);
    // A call answered or a visitor received is already the first response; a form waits for one.
    const answered = input.channel === 'phone' || input.channel === 'walk_in';
    const receivedOn = chinaToday(receivedAt);
    const [row] = await tx
      .insert(hotlineCase)
      .values({
        id: uuidv7(),
        orgId: o.id,
        number: await nextNumber(tx, receivedOn),
        channel: input.channel,
        category: input.category,
        subcategory,
        risk: input.risk,
        status: 'new',
        anonymous: input.anonymous,
        callerNameEnc: name ? pii.encrypt(name) : null,
        callerNameMasked: name ? maskName(name) : null,
        callerPhoneEnc: phone ? pii.encrypt(phone) : null,
        callerPhoneMasked: phone ? maskPhone(phone.replace(/\D/g, '')) : null,
        callerPhoneHash: phone ? pii.hash('phone', phone.replace(/\D/g, '')) : null,
        callerMinor: minor,
        callerAge: input.callerAge ?? null,
        callerGender: input.callerGender ?? null,
        summary,
        receivedAt,
        receivedOn,
        firstResponseAt: answered ? receivedAt : null,
        ...due,
        handlerIds: actor ? [actor.accountId] : [],
        submissionKey: key,
        createdBy: actor?.accountId ?? null,
      })
      .onConflictDoNothing({ target: hotlineCase.submissionKey })
      .returning();
    if (!row) {
      // lost a race with the same key: the first case stands
      const [seen] = await tx
        .select()
        .from(hotlineCase)
        .where(eq(hotlineCase.submissionKey, key ?? ''));
      if (!seen) throw new Error('submission key conflict without a row');
      return { row: await sameSubmission(tx, actor, seen), created: false };
    }
    await step(tx, actor, caseWorkflow, null, { entityId: row.id, orgId: o.id, action: 'intake', data: { channel: row.channel, risk: row.risk } });
    await audit(tx, actor, {
      action: actor ? 'hotline.case_created' : 'hotline.case_submitted',
      entity: 'hotlineCase',
      entityId: row.id,
      orgId: o.id,
      orgPath: o.path,
      after: presentCase(row, o.name, now),
    });
    // High risk at intake: the org's supervisors hear of it at once, before anyone is assigned.
    if (isHighRisk(row.risk)) {
      await notify(tx, {
        accountIds: await staffOfOrg(tx, o.id, 'service.supervise'),
        kind: 'hotline.high_risk',
        title: {
          'zh-CN': `${riskLabels[row.risk]['zh-CN']}风险 12355 个案 ${row.number}`,
          'en-US': `${riskLabels[row.risk]['en-US']} risk 12355 case ${row.number}`,
        },
        body: { 'zh-CN': `${row.category}：请立即处置并上报督导`, 'en-US': `${row.category}: act now and escalate to a supervisor` },
        link: `/hotline/cases/${row.id}`,
        orgId: o.id,
      });
    }
    return { row, created: true };
  });
}

async function sameSubmission(tx: DbOrTx, actor: Actor | null, seen: CaseRow): Promise<CaseRow> {
  if (!actor) return seen;
  const loaded = await loadCase(tx, seen.id);
  if (!loaded || !can(actor, 'service.read', loaded.path)) throw hotlineErrors.conflict('submissionKey', seen.submissionKey ?? '');
  return seen;
}

async function activeOrg(tx: DbOrTx, orgId: number): Promise<OrgRow> {
  const o = await findOrg(tx, orgId);
  if (!o) throw errors.notFound('org');
  if (o.status !== 'active') throw errors.orgInactive('orgId');
  return o;
}

/** The case locked for a change, in the caller's write scope, and not closed. */
async function openCase(tx: DbOrTx, actor: Actor, id: string, action: Messages): Promise<LoadedCase> {
  const found = await loadCase(tx, id, { lock: true });
  if (!found || !can(actor, 'service.write', found.path)) throw errors.notFound('hotlineCase');
  if (found.c.status === 'closed') throw hotlineErrors.case_closed('action', { action });
  return found;
}

/** Handlers of the case and supervisors over its org: who reads its sealed notes and the caller in full. */
export function isHandler(actor: Actor, loaded: LoadedCase): boolean {
  return loaded.c.handlerIds.includes(actor.accountId) || can(actor, 'service.supervise', loaded.path);
}

async function save(
  tx: DbOrTx,
  actor: Actor,
  loaded: LoadedCase,
  action: string,
  set: Partial<typeof hotlineCase.$inferInsert>,
  opts: { transition?: CaseTransition; comment?: string | null; data?: unknown } = {},
): Promise<CaseRow> {
  const before = loaded.c;
  const status = opts.transition
    ? await step(tx, actor, caseWorkflow, before.status, {
        entityId: before.id,
        orgId: before.orgId,
        action: opts.transition,
        comment: opts.comment,
        data: opts.data,
      })
    : before.status;
  const [after] = await tx
    .update(hotlineCase)
    .set({ ...set, status, updatedAt: new Date() })
    .where(eq(hotlineCase.id, before.id))
    .returning();
  if (!after) throw errors.notFound('hotlineCase');
  await audit(tx, actor, {
    action: `hotline.${action}`,
    entity: 'hotlineCase',
    entityId: before.id,
    orgId: after.orgId,
    before: { status: before.status, ...pick(before, set) },
    after: { status: after.status, ...pick(after, set), ...(opts.data ? { data: opts.data } : {}), ...(opts.comment ? { comment: opts.comment } : {}) },
  });
  return after;
}

// Audit what changed, never the encrypted columns.
function pick(row: CaseRow, set: Partial<typeof hotlineCase.$inferInsert>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(set) as (keyof CaseRow)[]) {
    if (String(k).endsWith('Enc') || k === 'satisfactionTokenHash' || k === 'handlerIds') continue;
    out[k] = row[k];
  }
  return out;
}

/** The clock stopped while waiting on the caller: the minutes to add to the due times, and the pause ended. */
async function endPause(tx: DbOrTx, loaded: LoadedCase, now: Date): Promise<Partial<typeof hotlineCase.$inferInsert>> {
  const c = loaded.c;
  if (c.status !== 'waiting' || !c.pausedAt) return {};
  const { sla, cal } = await clockOf(tx, loaded.path);
  const minutes = clockMinutesBetween(c.pausedAt, now, c.risk, sla, cal);
  return {
    pausedAt: null,
    pausedMinutes: c.pausedMinutes + minutes,
    resolutionDueAt: addClockMinutes(c.resolutionDueAt, minutes, c.risk, sla, cal),
    firstResponseDueAt: c.firstResponseAt ? c.firstResponseDueAt : addClockMinutes(c.firstResponseDueAt, minutes, c.risk, sla, cal),
  };
}

const t = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });

export async function assignCase(db: Db, actor: Actor, id: string, counsellorId: string, now = new Date()): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('分派', 'assign'));
    if (loaded.c.status === 'referred') throw hotlineErrors.case_status('action', { status: statusLabels.referred, action: t('分派', 'assign') });
    const [co] = await tx
      .select({ co: hotlineCounsellor, path: sql<string>`(select path::text from org where id = ${hotlineCounsellor.orgId})` })
      .from(hotlineCounsellor)
      .where(eq(hotlineCounsellor.id, counsellorId));
    // A counsellor of the case's org or of an org above it (a city's expert serves its counties).
    if (!co || co.co.status !== 'active' || !(loaded.path === co.path || loaded.path.startsWith(`${co.path}.`)))
      throw hotlineErrors.counsellor_inactive('counsellorId');
    const handlers = co.co.accountId && !loaded.c.handlerIds.includes(co.co.accountId) ? [...loaded.c.handlerIds, co.co.accountId] : loaded.c.handlerIds;
    const pause = await endPause(tx, loaded, now);
    const after = await save(
      tx,
      actor,
      loaded,
      'assign',
      { ...pause, counsellorId, handlerIds: handlers },
      { transition: 'assign', data: { counsellorId, name: co.co.name } },
    );
    if (co.co.accountId && co.co.accountId !== actor.accountId) {
      await notify(tx, {
        accountIds: [co.co.accountId],
        kind: 'hotline.assigned',
        title: t(`12355 个案 ${after.number} 已分派给您`, `12355 case ${after.number} is assigned to you`),
        link: `/hotline/cases/${after.id}`,
        orgId: after.orgId,
      });
    }
    return after;
  });
}

/**
 * Hands the case to another committee: down the tree or across it. The receiving org's staff are
 * told; nobody is assigned there yet, and the case leaves the sender's view when it lies outside it.
 */
export async function transferCase(db: Db, actor: Actor, id: string, input: { orgId: number; reason: string }): Promise<CaseRow> {
  const reason = clean(input.reason);
  if (!reason) throw hotlineErrors.invalid('reason', { 'zh-CN': '请说明转办理由', 'en-US': 'give the reason for the transfer' });
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('转办', 'transfer'));
    if (loaded.c.status === 'referred' || loaded.c.status === 'waiting')
      throw hotlineErrors.case_status('action', { status: statusLabels[loaded.c.status], action: t('转办', 'transfer') });
    const target = await activeOrg(tx, input.orgId);
    if (target.id === loaded.c.orgId) throw hotlineErrors.same_org('orgId');
    const after = await save(
      tx,
      actor,
      loaded,
      'transfer',
      { orgId: target.id, counsellorId: null },
      { transition: 'transfer', comment: reason, data: { fromOrgId: loaded.c.orgId, toOrgId: target.id, toOrgName: target.name } },
    );
    await notify(tx, {
      accountIds: await staffOfOrg(tx, target.id, 'service.write'),
      kind: 'hotline.transferred',
      title: t(`收到转办的 12355 个案 ${after.number}`, `12355 case ${after.number} transferred to you`),
      body: t(`来自${loaded.orgName}：${reason}`, `from ${loaded.orgName}: ${reason}`),
      link: `/hotline/cases/${after.id}`,
      orgId: target.id,
    });
    return after;
  });
}

export async function referCase(
  db: Db,
  actor: Actor,
  id: string,
  input: { agency: ReferralAgency; receivingParty: string; referredOn: string; receipt?: string | null },
  now = new Date(),
) {
  const party = clean(input.receivingParty);
  if (!party) throw hotlineErrors.invalid('receivingParty', { 'zh-CN': '请填写接收单位或人员', 'en-US': 'name the receiving agency or person' });
  if (input.referredOn > chinaToday(now)) throw hotlineErrors.future_time('referredOn');
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('转介', 'refer'));
    if (input.referredOn < loaded.c.receivedOn) throw hotlineErrors.before_received('referredOn');
    const [pending] = await tx
      .select({ id: hotlineReferral.id })
      .from(hotlineReferral)
      .where(and(eq(hotlineReferral.caseId, id), eq(hotlineReferral.status, 'pending')));
    if (pending) throw hotlineErrors.referral_exists('agency');
    const [ref] = await tx
      .insert(hotlineReferral)
      .values({
        id: uuidv7(),
        caseId: id,
        orgId: loaded.c.orgId,
        agency: input.agency,
        receivingParty: party,
        referredOn: input.referredOn,
        receipt: clean(input.receipt),
        createdBy: actor.accountId,
      })
      .returning();
    if (!ref) throw new Error('insert failed');
    const pause = await endPause(tx, loaded, now);
    const after = await save(
      tx,
      actor,
      loaded,
      'refer',
      { ...pause },
      { transition: 'refer', data: { referralId: ref.id, agency: ref.agency, receivingParty: party } },
    );
    return { row: after, referral: ref };
  });
}

/** The receiving party confirmed: the case is back with its handler and may close. Twice is refused. */
export async function confirmReferral(
  db: Db,
  actor: Actor,
  id: string,
  referralId: string,
  input: { confirmedOn: string; receipt?: string | null; confirmation?: string | null },
  now = new Date(),
): Promise<CaseRow> {
  if (input.confirmedOn > chinaToday(now)) throw hotlineErrors.future_time('confirmedOn');
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('确认转介', 'confirm the referral'));
    const [ref] = await tx
      .update(hotlineReferral)
      .set({
        status: 'confirmed',
        confirmedOn: input.confirmedOn,
        confirmedBy: actor.accountId,
        confirmation: clean(input.confirmation),
        receipt: sql`coalesce(${clean(input.receipt)}, ${hotlineReferral.receipt})`,
      })
      .where(and(eq(hotlineReferral.id, referralId), eq(hotlineReferral.caseId, id), eq(hotlineReferral.status, 'pending')))
      .returning();
    if (!ref) throw hotlineErrors.referral_not_pending('hotlineReferral');
    if (input.confirmedOn < ref.referredOn) throw hotlineErrors.before_received('confirmedOn');
    if (!ref.receipt)
      throw hotlineErrors.invalid('receipt', { 'zh-CN': '确认转介须有接收方回执', 'en-US': "a confirmation needs the receiving party's receipt" });
    return save(tx, actor, loaded, 'confirm_referral', {}, { transition: 'confirm_referral', data: { referralId, confirmedOn: input.confirmedOn } });
  });
}

/** Escalation to a named supervisor (an account supervising the case's org), told at once. */
export async function escalateCase(
  db: Db,
  actor: Actor,
  id: string,
  input: { supervisorId: string; reason: string; safetyPlan?: string | null },
  now = new Date(),
) {
  const reason = clean(input.reason);
  if (!reason) throw hotlineErrors.invalid('reason', { 'zh-CN': '请说明上报理由', 'en-US': 'give the reason for escalating' });
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('上报督导', 'escalate'));
    const supervisors = await supervisorsOf(tx, loaded.path);
    const sup = supervisors.find((s) => s.id === input.supervisorId);
    if (!sup) throw hotlineErrors.not_a_supervisor('supervisorId');
    const { sla } = await clockOf(tx, loaded.path);
    const plan = clean(input.safetyPlan);
    const handlers = loaded.c.handlerIds.includes(sup.id) ? loaded.c.handlerIds : [...loaded.c.handlerIds, sup.id];
    const after = await save(
      tx,
      actor,
      loaded,
      'escalate',
      {
        supervisorId: sup.id,
        escalatedAt: now,
        escalationReason: reason,
        followUpDueAt: new Date(now.getTime() + sla.followUpHours * 3_600_000),
        handlerIds: handlers,
        ...(plan ? { safetyPlan: plan, safetyPlanAt: now } : {}),
      },
      { comment: reason, data: { supervisorId: sup.id, supervisor: sup.displayName } },
    );
    await notify(tx, {
      accountIds: [sup.id],
      kind: 'hotline.escalated',
      title: t(
        `12355 个案 ${after.number} 上报督导（${riskLabels[after.risk]['zh-CN']}风险）`,
        `12355 case ${after.number} escalated to you (${riskLabels[after.risk]['en-US']} risk)`,
      ),
      body: t(reason, reason),
      link: `/hotline/cases/${after.id}`,
      orgId: after.orgId,
    });
    return after;
  });
}

export async function setSafetyPlan(db: Db, actor: Actor, id: string, plan: string, now = new Date()): Promise<CaseRow> {
  const text = clean(plan);
  if (!text) throw hotlineErrors.invalid('safetyPlan', { 'zh-CN': '请填写安全计划', 'en-US': 'write the safety plan' });
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('制定安全计划', 'set the safety plan'));
    return save(tx, actor, loaded, 'safety_plan', { safetyPlan: text, safetyPlanAt: now });
  });
}

export type SessionInput = {
  kind: 'session' | 'follow_up';
  heldAt: string;
  minutes: number;
  form: 'phone' | 'face' | 'online' | 'visit';
  summary: string;
  counsellorId?: string | null;
};

/** A session or follow-up: the first one answers a form's case; a follow-up meets a high-risk case's follow-up duty. */
export async function recordSession(db: Db, actor: Actor, id: string, input: SessionInput, now = new Date()) {
  const summary = clean(input.summary);
  if (!summary) throw hotlineErrors.invalid('summary', { 'zh-CN': '请填写会谈摘要', 'en-US': 'write a summary of the session' });
  const heldAt = new Date(input.heldAt);
  if (Number.isNaN(heldAt.getTime())) throw hotlineErrors.invalid('heldAt', { 'zh-CN': '时间格式不正确', 'en-US': 'not a valid time' });
  if (heldAt.getTime() > now.getTime() + clockSkewMs) throw hotlineErrors.future_time('heldAt');
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('记录会谈', 'record a session'));
    const c = loaded.c;
    if (heldAt < c.receivedAt) throw hotlineErrors.before_received('heldAt');
    if (input.counsellorId) {
      const [co] = await tx
        .select({ id: hotlineCounsellor.id, status: hotlineCounsellor.status })
        .from(hotlineCounsellor)
        .where(eq(hotlineCounsellor.id, input.counsellorId));
      if (!co || co.status !== 'active') throw hotlineErrors.counsellor_inactive('counsellorId');
    }
    const [s] = await tx
      .insert(hotlineSession)
      .values({
        id: uuidv7(),
        caseId: id,
        orgId: c.orgId,
        kind: input.kind,
        heldAt,
        heldOn: chinaToday(heldAt),
        minutes: input.minutes,
        form: input.form,
        summary,
        counsellorId: input.counsellorId ?? c.counsellorId,
        createdBy: actor.accountId,
      })
      .returning();
    if (!s) throw new Error('insert failed');
    const set: Partial<typeof hotlineCase.$inferInsert> = {};
    if (!c.firstResponseAt || heldAt < c.firstResponseAt) {
      set.firstResponseAt = heldAt;
      if (heldAt > c.firstResponseDueAt && !c.firstResponseBreachedAt) set.firstResponseBreachedAt = c.firstResponseDueAt;
    }
    if (input.kind === 'follow_up' && (!c.followedUpAt || heldAt > c.followedUpAt)) set.followedUpAt = heldAt;
    // Hearing from a waiting caller ends the pause.
    Object.assign(set, await endPause(tx, loaded, now));
    const action = input.kind === 'follow_up' ? 'follow_up' : 'session';
    const after = await save(tx, actor, loaded, action, set, {
      transition: c.status === 'waiting' ? 'resume' : undefined,
      data: { sessionId: s.id, minutes: s.minutes, form: s.form },
    });
    return { row: after, session: s };
  });
}

export async function pauseCase(db: Db, actor: Actor, id: string, reason: string, now = new Date()): Promise<CaseRow> {
  const why = clean(reason);
  if (!why) throw hotlineErrors.invalid('reason', { 'zh-CN': '请说明等待来电人的原因', 'en-US': 'say what the caller is waited on for' });
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('暂停计时', 'pause'));
    return save(tx, actor, loaded, 'pause', { pausedAt: now }, { transition: 'pause', comment: why });
  });
}

export async function resumeCase(db: Db, actor: Actor, id: string, now = new Date()): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('恢复计时', 'resume'));
    if (loaded.c.status !== 'waiting') throw hotlineErrors.not_paused('status');
    const pause = await endPause(tx, loaded, now);
    return save(tx, actor, loaded, 'resume', pause, { transition: 'resume', data: { pausedMinutes: pause.pausedMinutes } });
  });
}

/** A new one-time satisfaction link: only its hash is kept; the token is shown once. */
function newSurveyToken(now: Date) {
  const token = randomBytes(24).toString('base64url');
  return { token, set: { satisfactionTokenHash: hashToken(token), satisfactionTokenExpiresAt: new Date(now.getTime() + surveyLinkDays * 86_400_000) } };
}

/**
 * Closes a case with its outcome: never with a referral awaiting confirmation, and for high and
 * critical risk only after an escalation to a named supervisor, a safety plan and a follow-up.
 * Returns the one-time satisfaction token for the caller (shown once, stored hashed).
 */
export async function closeCase(db: Db, actor: Actor, id: string, input: { outcome: CaseOutcome; summary: string }, now = new Date()) {
  const summary = clean(input.summary);
  if (!summary) throw hotlineErrors.invalid('summary', { 'zh-CN': '请填写结案说明', 'en-US': 'write the closing summary' });
  return db.transaction(async (tx) => {
    const loaded = await openCase(tx, actor, id, t('结案', 'close'));
    const c = loaded.c;
    const refs = await tx.select({ status: hotlineReferral.status }).from(hotlineReferral).where(eq(hotlineReferral.caseId, id));
    const blocker = closureBlocker({ ...c, pendingReferral: refs.some((r) => r.status === 'pending') });
    if (blocker === 'referral_pending') throw hotlineErrors.referral_pending('status');
    if (blocker === 'escalation_required') throw hotlineErrors.escalation_required('supervisorId', { risk: riskLabels[c.risk] });
    if (blocker === 'safety_plan_required') throw hotlineErrors.safety_plan_required('safetyPlan', { risk: riskLabels[c.risk] });
    if (blocker === 'follow_up_required') throw hotlineErrors.follow_up_required('followUpDueAt', { risk: riskLabels[c.risk] });
    if (outcomeBlocker(input.outcome, refs.filter((r) => r.status === 'confirmed').length)) throw hotlineErrors.referral_unconfirmed('outcome');
    const pause = await endPause(tx, loaded, now);
    const due = pause.resolutionDueAt ?? c.resolutionDueAt;
    const met = now <= due;
    const survey = newSurveyToken(now);
    const after = await save(
      tx,
      actor,
      loaded,
      'close',
      {
        ...pause,
        outcome: input.outcome,
        closingSummary: summary,
        closedAt: now,
        closedOn: chinaToday(now),
        closedBy: actor.accountId,
        resolutionMet: met,
        ...(met || c.resolutionBreachedAt ? {} : { resolutionBreachedAt: due }),
        ...(c.firstResponseAt ? {} : { firstResponseAt: now }),
        ...survey.set,
      },
      { transition: 'close', comment: summary, data: { outcome: input.outcome, resolutionMet: met } },
    );
    return { row: after, surveyToken: survey.token };
  });
}

/** Another satisfaction link for a closed, unanswered case (the old one stops working). */
export async function reissueSurveyLink(db: Db, actor: Actor, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const loaded = await loadCase(tx, id, { lock: true });
    if (!loaded || !can(actor, 'service.write', loaded.path)) throw errors.notFound('hotlineCase');
    if (loaded.c.status !== 'closed') throw hotlineErrors.not_closed('status');
    if (loaded.c.satisfactionAt) throw hotlineErrors.survey_answered('token');
    const survey = newSurveyToken(now);
    await tx.update(hotlineCase).set(survey.set).where(eq(hotlineCase.id, id));
    await audit(tx, actor, { action: 'hotline.survey_link', entity: 'hotlineCase', entityId: id, orgId: loaded.c.orgId, orgPath: loaded.path });
    return { surveyToken: survey.token };
  });
}

/** What the survey page shows for a link: nothing personal. Unknown, expired or used links are 404 / 409. */
export async function surveyOf(db: Db, token: string, now = new Date()) {
  const loaded = await caseByToken(db, token);
  if (!loaded || (loaded.c.satisfactionTokenExpiresAt && loaded.c.satisfactionTokenExpiresAt < now)) throw errors.notFound('token');
  if (loaded.c.satisfactionAt) throw hotlineErrors.survey_answered('token');
  return { orgName: loaded.orgName, category: loaded.c.category, closedOn: loaded.c.closedOn ?? '' };
}

async function caseByToken(db: DbOrTx, token: string): Promise<LoadedCase | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [row] = await db
    .select({ id: hotlineCase.id })
    .from(hotlineCase)
    .where(eq(hotlineCase.satisfactionTokenHash, hashToken(token)));
  return row ? loadCase(db, row.id) : null;
}

/** The caller's answer: one conditional update, so a link is used once even when sent twice at the same moment. */
export async function answerSurvey(
  db: Db,
  token: string,
  input: { score: number; resolved?: boolean | null; comment?: string | null },
  ctx: { requestId: string; ip: string },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(hotlineCase)
      .set({
        satisfaction: input.score,
        satisfactionResolved: input.resolved ?? null,
        satisfactionComment: clean(input.comment),
        satisfactionAt: now,
      })
      .where(
        and(
          eq(hotlineCase.satisfactionTokenHash, /^[A-Za-z0-9_-]{20,64}$/.test(token) ? hashToken(token) : '-'),
          sql`${hotlineCase.satisfactionAt} is null`,
          sql`${hotlineCase.satisfactionTokenExpiresAt} > ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: hotlineCase.id, orgId: hotlineCase.orgId });
    if (!row) {
      const seen = await caseByToken(tx, token);
      if (seen?.c.satisfactionAt) throw hotlineErrors.survey_answered('token');
      throw errors.notFound('token');
    }
    // the caller has no account: the event carries the request, not a person
    await audit(tx, null, {
      action: 'hotline.satisfaction',
      entity: 'hotlineCase',
      entityId: row.id,
      orgId: row.orgId,
      after: { score: input.score, resolved: input.resolved ?? null, requestId: ctx.requestId },
    });
  });
}

/** Sealed notes: read only by handlers and supervisors, every read audited (even of an empty list). */
export async function readNotes(db: Db, pii: Pii, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const loaded = await loadCase(tx, id);
    if (!loaded || !can(actor, 'service.read', loaded.path)) throw errors.notFound('hotlineCase');
    if (!isHandler(actor, loaded)) throw hotlineErrors.notes_sealed('note');
    const rows = await tx.select().from(hotlineNote).where(eq(hotlineNote.caseId, id)).orderBy(hotlineNote.createdAt, hotlineNote.id);
    await audit(tx, actor, {
      action: 'hotline.notes_read',
      entity: 'hotlineCase',
      entityId: id,
      orgId: loaded.c.orgId,
      orgPath: loaded.path,
      after: { notes: rows.map((r) => r.id) },
    });
    return rows.map((r) => ({ id: r.id, body: pii.decrypt(r.bodyEnc), authorName: r.authorName, createdAt: r.createdAt.toISOString() }));
  });
}

export async function addNote(db: Db, pii: Pii, actor: Actor, id: string, body: string) {
  const text = clean(body);
  if (!text) throw hotlineErrors.invalid('text', { 'zh-CN': '记录内容不能为空', 'en-US': 'the note is empty' });
  return db.transaction(async (tx) => {
    const loaded = await loadCase(tx, id);
    if (!loaded || !can(actor, 'service.write', loaded.path)) throw errors.notFound('hotlineCase');
    if (!isHandler(actor, loaded)) throw hotlineErrors.notes_sealed('note');
    const [row] = await tx
      .insert(hotlineNote)
      .values({ id: uuidv7(), caseId: id, orgId: loaded.c.orgId, bodyEnc: pii.encrypt(text), authorId: actor.accountId, authorName: actor.username })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: 'hotline.note_added',
      entity: 'hotlineCase',
      entityId: id,
      orgId: loaded.c.orgId,
      orgPath: loaded.path,
      after: { noteId: row.id },
    });
    return { id: row.id, body: text, authorName: row.authorName, createdAt: row.createdAt.toISOString() };
  });
}

/** The caller's name and phone in full, for handlers and supervisors; each view audited. */
export async function callerFull(db: Db, pii: Pii, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const loaded = await loadCase(tx, id);
    if (!loaded || !can(actor, 'service.read', loaded.path)) throw errors.notFound('hotlineCase');
    if (!isHandler(actor, loaded)) throw hotlineErrors.notes_sealed('note');
    const c = loaded.c;
    await audit(tx, actor, { action: 'hotline.caller_viewed', entity: 'hotlineCase', entityId: id, orgId: c.orgId, orgPath: loaded.path });
    return { name: c.callerNameEnc ? pii.decrypt(c.callerNameEnc) : null, phone: c.callerPhoneEnc ? pii.decrypt(c.callerPhoneEnc) : null };
  });
}
