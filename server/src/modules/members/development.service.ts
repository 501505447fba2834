import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, canApproveAbove, orgForWrite, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { monthsBetween } from '../../platform/dates.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { findOrg, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import type { Pii } from '../../platform/pii.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { history, nextState, step } from '../../platform/workflow/workflow.ts';
import { person, requestLink, type LinkRequested } from '../people/index.ts';
import { applicationWithNames, nextDevelopmentNumber, quotaFor, type ApplicationListRow, type ApplicationRow } from './development.queries.ts';
import { development, nextAction, type DevelopmentAction } from './development.workflow.ts';
import { membersErrors } from './members.errors.ts';
import { findMember } from './members.queries.ts';
import {
  checkAdmission,
  checkApplicantAge,
  checkBranch,
  checkDate,
  checkDevelopmentNumber,
  checkVote,
  lessonHoursSetting,
  trainingMonthsSetting,
} from './members.rules.ts';
import { isOpenStage, member, memberApplication, memberCohort, openStages, type ActivistRoute } from './members.schema.ts';
import { ensureNotMember, ensureNumberFree, resolvePerson, type PersonRef } from './members.service.ts';

export function presentApplication(r: ApplicationListRow, lang: 'zh-CN' | 'en-US') {
  const a = r.a;
  const next = nextAction[a.stage];
  return {
    id: a.id,
    personId: a.personId,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    orgId: a.orgId,
    orgName: r.orgName,
    stage: a.stage,
    stageLabel: development.states[a.stage][lang],
    /** still in development (one of `openStages`): the console needs no copy of the list */
    open: isOpenStage(a.stage),
    nextAction: next ?? null,
    nextActionLabel: next ? development.transitions[next].label[lang] : null,
    appliedOn: a.appliedOn,
    activistOn: a.activistOn,
    activistRoute: a.activistRoute,
    lessonHours: a.lessonHours,
    candidateOn: a.candidateOn,
    sponsor1Id: a.sponsor1Id,
    sponsor1Name: r.sponsor1Name,
    sponsor2Id: a.sponsor2Id,
    sponsor2Name: r.sponsor2Name,
    reviewedOn: a.reviewedOn,
    voteOn: a.voteOn,
    voteEligible: a.voteEligible,
    votePresent: a.votePresent,
    voteYes: a.voteYes,
    approvedOn: a.approvedOn,
    ceremonyOn: a.ceremonyOn,
    closedOn: a.closedOn,
    closedReason: a.closedReason,
    memberId: a.memberId,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export async function applicationSteps(db: DbOrTx, id: string, lang: 'zh-CN' | 'en-US') {
  const steps = await history(db, development, id);
  return steps.map((s) => ({
    action: s.action,
    actionLabel: development.transitions[s.action as DevelopmentAction]?.label[lang] ?? s.action,
    fromState: s.fromState,
    toState: s.toState,
    actor: s.actorUsername,
    at: s.at.toISOString(),
    occurredOn: s.occurredOn,
    comment: s.comment,
    data: (s.data ?? null) as Record<string, unknown> | null,
  }));
}

export type ApplicationInput = PersonRef & { orgId: number; appliedOn: string; comment?: string | null };

/**
 * A written application (入团申请), entered by the branch or by the applicant on the phone
 * (actor = the applicant's own account, personId already resolved).
 */
export async function createApplication(db: Db, pii: Pii, actor: Actor, input: ApplicationInput, today: string, self = false): Promise<string | LinkRequested> {
  return db.transaction(async (tx) => {
    let branch: OrgRow;
    if (self) {
      // The applicant picks any branch (org names are public); staff write in their scope.
      const o = await findOrg(tx, input.orgId);
      if (!o) throw errors.notFound('org');
      branch = checkBranch(o);
    } else branch = await orgForWrite(tx, actor, 'member.write', input.orgId, { branch: true });
    const found = await resolvePerson(tx, pii, self ? null : actor, input, branch);
    const appliedOn = checkDate('appliedOn', input.appliedOn, today);
    if ('elsewhere' in found) {
      // A person kept elsewhere: ask their keeper to hand the record to this branch; the
      // application is entered once they accept.
      checkApplicantAge(found.elsewhere.birthDate, appliedOn);
      const { idNumber, name } = found.elsewhere;
      return requestLink(tx, pii, actor, { purpose: 'person', orgId: branch.id, idNumber, typedName: name, requestedBy: actor.accountId });
    }
    const p = found.row;
    checkApplicantAge(p.birthDate, appliedOn);
    await ensureNotMember(tx, p.id);
    const [open] = await tx
      .select({ id: memberApplication.id })
      .from(memberApplication)
      .where(and(eq(memberApplication.personId, p.id), inArray(memberApplication.stage, openStages)));
    if (open) throw membersErrors.open_application('personId');
    const id = uuidv7();
    const stage = await step(tx, actor, development, null, {
      entityId: id,
      orgId: branch.id,
      action: 'apply',
      occurredOn: appliedOn,
      comment: input.comment ?? null,
    });
    await tx.insert(memberApplication).values({ id, personId: p.id, orgId: branch.id, stage, appliedOn });
    await audit(tx, actor, {
      action: 'member.applied',
      entity: 'member_application',
      entityId: id,
      orgId: branch.id,
      orgPath: branch.path,
      after: { personId: p.id, appliedOn, self },
    });
    return id;
  });
}

export type ActionInput = {
  date: string;
  comment?: string | null;
  route?: ActivistRoute;
  hours?: number;
  sponsor1Id?: string;
  sponsor2Id?: string;
  eligible?: number;
  present?: number;
  yes?: number;
  developmentNumber?: string | null;
  quotaOverride?: string | null;
  reason?: string | null;
};

/** Which permission an action needs, and where: the branch, or the level above for pre-review and approval. */
export const actionPermission: Record<Exclude<DevelopmentAction, 'apply' | 'withdraw' | 'vote_failed'>, 'member.write' | 'member.approve'> = {
  activist: 'member.write',
  lessons: 'member.write',
  candidate: 'member.write',
  review: 'member.approve',
  vote: 'member.write',
  approve: 'member.approve',
  ceremony: 'member.write',
  reject: 'member.write',
};
export type StaffAction = keyof typeof actionPermission;

async function checkSponsor(tx: DbOrTx, actor: Actor, field: 'sponsor1Id' | 'sponsor2Id', id: string | undefined, a: ApplicationRow, day: string) {
  if (!id) throw membersErrors.invalid(field, { 'zh-CN': '须有两名正式团员作入团介绍人', 'en-US': 'two full members must sponsor the candidate' });
  const m = await findMember(tx, id);
  const path = m ? (await findOrg(tx, m.orgId))?.path : null;
  // A sponsor out of sight is a broken rule of this form (naming the field), not a missing page.
  if (!m || !path || !can(actor, 'member.read', path)) throw membersErrors.sponsor_not_visible(field);
  if (m.personId === a.personId) throw membersErrors.sponsor_is_applicant(field);
  if (m.status !== 'active' || m.admittedOn > day) throw membersErrors.sponsor_not_full_member(field);
}

/** One step of development on an application, with its rules; concurrent calls on one application serialize on its row lock. */
export async function actOnApplication(db: Db, actor: Actor, id: string, action: StaffAction, input: ActionInput, today: string) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(memberApplication).where(eq(memberApplication.id, id)).for('update');
    if (!a) throw errors.notFound('memberApplication');
    const branch = requireInScope(actor, 'member.read', await findOrg(tx, a.orgId), 'memberApplication');
    const perm = actionPermission[action];
    if (perm === 'member.approve') {
      // Pre-review and approval belong to the committee above the branch (a root branch has none).
      if (!canApproveAbove(actor, branch.path)) throw errors.forbidden('member.approve');
    } else if (!can(actor, perm, branch.path)) throw errors.forbidden(perm);
    nextState(development, a.stage, action);
    const [p] = await tx.select().from(person).where(eq(person.id, a.personId));
    if (!p) throw new Error('applicant vanished');

    const changes: Partial<ApplicationRow> = {};
    let realAction: DevelopmentAction = action;
    let data: Record<string, unknown> = {};
    let result: { passed?: boolean; memberId?: string; developmentNumber?: string } = {};
    const day = (notBefore: string | null, what: Messages) => checkDate('date', input.date, today, { day: notBefore, what });

    switch (action) {
      case 'activist': {
        changes.activistOn = day(a.appliedOn, { 'zh-CN': '申请日期', 'en-US': 'the application date' });
        if (!input.route)
          throw membersErrors.invalid('route', {
            'zh-CN': '请选择推荐途径（团员推荐或少先队推优）',
            'en-US': 'choose member recommendation or Young Pioneers',
          });
        changes.activistRoute = input.route;
        data = { route: input.route };
        break;
      }
      case 'lessons': {
        day(a.activistOn, { 'zh-CN': '确定为积极分子的日期', 'en-US': 'the activist date' });
        const hours = input.hours ?? 0;
        if (!Number.isInteger(hours) || hours < 1 || hours > 100)
          throw membersErrors.invalid('hours', { 'zh-CN': '应为 1–100 的整数学时', 'en-US': 'must be 1–100 whole hours' });
        changes.lessonHours = a.lessonHours + hours;
        data = { hours, total: changes.lessonHours };
        break;
      }
      case 'candidate': {
        const on = day(a.activistOn, { 'zh-CN': '确定为积极分子的日期', 'en-US': 'the activist date' });
        const months = await getSetting(tx, branch.path, trainingMonthsSetting);
        if (!a.activistOn || monthsBetween(a.activistOn, on) < months) {
          throw membersErrors.training_too_short('date', { months, since: a.activistOn ?? '—' });
        }
        const hours = await getSetting(tx, branch.path, lessonHoursSetting);
        if (a.lessonHours < hours) throw membersErrors.lessons_too_few('lessonHours', { hours: a.lessonHours, required: hours });
        await checkSponsor(tx, actor, 'sponsor1Id', input.sponsor1Id, a, on);
        await checkSponsor(tx, actor, 'sponsor2Id', input.sponsor2Id, a, on);
        if (input.sponsor1Id === input.sponsor2Id) throw membersErrors.same_sponsors('sponsor2Id');
        Object.assign(changes, { candidateOn: on, sponsor1Id: input.sponsor1Id, sponsor2Id: input.sponsor2Id });
        data = { sponsor1Id: input.sponsor1Id, sponsor2Id: input.sponsor2Id, lessonHours: a.lessonHours, trainingMonths: monthsBetween(a.activistOn, on) };
        break;
      }
      case 'review': {
        changes.reviewedOn = day(a.candidateOn, { 'zh-CN': '确定为发展对象的日期', 'en-US': 'the candidate date' });
        break;
      }
      case 'vote': {
        const on = day(a.reviewedOn, { 'zh-CN': '上级预审日期', 'en-US': 'the pre-review date' });
        checkAdmission(p.birthDate, on, today, 'date');
        const v = { eligible: input.eligible ?? 0, present: input.present ?? 0, yes: input.yes ?? 0 };
        const passed = checkVote(v);
        Object.assign(changes, { voteOn: on, voteEligible: v.eligible, votePresent: v.present, voteYes: v.yes });
        data = { ...v, passed };
        result = { passed };
        if (!passed) realAction = 'vote_failed';
        break;
      }
      case 'approve': {
        const on = day(a.voteOn, { 'zh-CN': '支部大会表决日期', 'en-US': 'the vote date' });
        if (!a.voteOn) throw new Error('voted without a vote date');
        // Membership counts from the approved vote.
        const admittedOn = checkAdmission(p.birthDate, a.voteOn, today, 'date');
        const year = Number(admittedOn.slice(0, 4));
        const quota = await quotaFor(tx, branch, year);
        if (quota && quota.used + 1 > quota.max && !input.quotaOverride?.trim()) {
          const { orgName, used, max, cohortSize, percent } = quota;
          throw membersErrors.quota_full('quota', { org: orgName, year, used, max, cohort: cohortSize, percent });
        }
        await ensureNotMember(tx, a.personId);
        let devNo: string | null;
        if (input.developmentNumber?.trim()) {
          devNo = checkDevelopmentNumber(input.developmentNumber, admittedOn);
          await ensureNumberFree(tx, devNo);
        } else devNo = await nextDevelopmentNumber(tx, year);
        const memberId = uuidv7();
        await tx.insert(member).values({ id: memberId, personId: a.personId, orgId: a.orgId, developmentNumber: devNo, admittedOn });
        Object.assign(changes, { approvedOn: on, memberId });
        data = { memberId, developmentNumber: devNo, admittedOn, quota, quotaOverride: input.quotaOverride?.trim() || null };
        result = { memberId, developmentNumber: devNo ?? undefined };
        await audit(tx, actor, {
          action: 'member.created',
          entity: 'member',
          entityId: memberId,
          orgId: branch.id,
          orgPath: branch.path,
          after: { personId: a.personId, developmentNumber: devNo, admittedOn, applicationId: a.id },
        });
        break;
      }
      case 'ceremony': {
        changes.ceremonyOn = day(a.approvedOn, { 'zh-CN': '批准日期', 'en-US': 'the approval date' });
        break;
      }
      case 'reject': {
        changes.closedOn = day(a.appliedOn, { 'zh-CN': '申请日期', 'en-US': 'the application date' });
        if (!input.reason?.trim()) throw membersErrors.invalid('reason', { 'zh-CN': '请填写不予发展的原因', 'en-US': 'give the reason' });
        changes.closedReason = input.reason.trim();
        break;
      }
    }
    const stage = await step(tx, actor, development, a.stage, {
      entityId: a.id,
      orgId: a.orgId,
      action: realAction,
      occurredOn: input.date,
      comment: input.comment ?? input.reason ?? null,
      data: Object.keys(data).length > 0 ? data : null,
    });
    await tx
      .update(memberApplication)
      .set({ ...changes, stage, updatedAt: new Date() })
      .where(eq(memberApplication.id, a.id));
    await audit(tx, actor, {
      action: `member_application.${realAction}`,
      entity: 'member_application',
      entityId: a.id,
      orgId: branch.id,
      orgPath: branch.path,
      before: { stage: a.stage },
      after: { stage, ...changes, ...data },
    });
    return { ...result, stage };
  });
}

/** The applicant withdraws their own open application. */
export async function withdrawOwn(db: Db, actor: Actor, personId: string, id: string, today: string) {
  return db.transaction(async (tx) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw errors.notFound('memberApplication');
    const [a] = await tx.select().from(memberApplication).where(eq(memberApplication.id, id)).for('update');
    if (!a || a.personId !== personId) throw errors.notFound('memberApplication');
    const stage = await step(tx, actor, development, a.stage, { entityId: a.id, orgId: a.orgId, action: 'withdraw', occurredOn: today });
    await tx.update(memberApplication).set({ stage, closedOn: today, closedReason: 'withdrawn', updatedAt: new Date() }).where(eq(memberApplication.id, a.id));
    await audit(tx, actor, {
      action: 'member_application.withdraw',
      entity: 'member_application',
      entityId: a.id,
      orgId: a.orgId,
      before: { stage: a.stage },
      after: { stage },
    });
  });
}

export async function loadApplication(db: DbOrTx, id: string) {
  const row = await applicationWithNames(db, id);
  if (!row) throw errors.notFound('memberApplication');
  return row;
}

/** Quota use that approving this application would count against (shown before approval). */
export async function applicationQuota(db: DbOrTx, id: string, today: string) {
  const row = await loadApplication(db, id);
  const branch = await findOrg(db, row.a.orgId);
  if (!branch) throw errors.notFound('org');
  return quotaFor(db, branch, Number((row.a.voteOn ?? today).slice(0, 4)));
}

/** A school (or any org) declares its cohort for a year; the admission quota is a share of it. */
export async function setCohort(db: Db, actor: Actor, input: { orgId: number; year: number; size: number }) {
  return db.transaction(async (tx) => {
    const o = requireInScope(actor, 'member.approve', await findOrg(tx, input.orgId), 'org');
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw membersErrors.invalid('year', { 'zh-CN': '年份无效', 'en-US': 'not a valid year' });
    if (!Number.isInteger(input.size) || input.size < 1)
      throw membersErrors.invalid('cohortSize', { 'zh-CN': '应为正整数', 'en-US': 'must be a positive whole number' });
    const [before] = await tx
      .select({ size: memberCohort.size })
      .from(memberCohort)
      .where(and(eq(memberCohort.orgId, o.id), eq(memberCohort.year, input.year)));
    await tx
      .insert(memberCohort)
      .values({ orgId: o.id, year: input.year, size: input.size })
      .onConflictDoUpdate({ target: [memberCohort.orgId, memberCohort.year], set: { size: input.size, updatedAt: new Date() } });
    await audit(tx, actor, {
      action: 'member.cohort_set',
      entity: 'org',
      entityId: o.id,
      orgId: o.id,
      orgPath: o.path,
      before: before ? { year: input.year, size: before.size } : null,
      after: { year: input.year, size: input.size },
    });
    return quotaFor(tx, o, input.year);
  });
}
