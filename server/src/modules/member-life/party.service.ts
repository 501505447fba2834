import { Type } from 'typebox';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addMonths, ageOn } from '../../platform/dates.ts';
import type { AppError, Messages } from '../../platform/errors.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { member } from '../members/index.ts';
import { loadMember, requireActive, requireDate, type MemberInfo } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { partyApplication, partyRecommendation } from './member-life.schema.ts';

export const recommendQuota = defineSetting({
  key: 'party.recommendQuota',
  label: { 'zh-CN': '推优入党年度名额（占支部团员比例 %）', 'en-US': 'Yearly Party recommendations (% of branch members)' },
  schema: Type.Integer({ minimum: 1, maximum: 100 }),
  default: 20,
});
export const recommendationValidYears = 2;

/** 推优入党: a member of at least this age (周岁) on the meeting day. */
export const recommendMinAge = 18;

type Problem = { field: string; msg: Messages };

/** Who may be recommended (DOMAIN.md): age ≥ 18, member > 1 year, Party application ≥ 6 months before the meeting. */
export function eligibilityProblems(m: Pick<MemberInfo, 'birthDate' | 'admittedOn'>, appliedOn: string | null, on: string): Problem[] {
  const out: Problem[] = [];
  if (ageOn(m.birthDate, on) < recommendMinAge)
    out.push({ field: 'memberId', msg: { 'zh-CN': `未满 ${recommendMinAge} 周岁`, 'en-US': `under ${recommendMinAge}` } });
  if (addMonths(m.admittedOn, 12) >= on) out.push({ field: 'memberId', msg: { 'zh-CN': '团龄不满一年', 'en-US': 'member for less than a year' } });
  if (!appliedOn) out.push({ field: 'appliedOn', msg: { 'zh-CN': '未登记入党申请', 'en-US': 'no Party application recorded' } });
  else if (addMonths(appliedOn, 6) > on) {
    out.push({ field: 'appliedOn', msg: { 'zh-CN': '递交入党申请不满 6 个月', 'en-US': 'applied to the Party less than 6 months ago' } });
  }
  return out;
}

/** Votes (pure): quorum more than half of voting members, and yes more than half of them. */
export function voteProblem(v: { voters: number; present: number; yes: number }): AppError | null {
  if (!Number.isInteger(v.voters) || v.voters < 1)
    return memberLifeErrors.invalid('voters', { 'zh-CN': '须为正整数', 'en-US': 'must be a positive whole number' });
  if (v.present > v.voters || v.present < 0)
    return memberLifeErrors.invalid('present', { 'zh-CN': '不能超过有表决权的人数', 'en-US': 'cannot exceed the voting members' });
  if (v.yes > v.present || v.yes < 0) return memberLifeErrors.invalid('yes', { 'zh-CN': '不能超过到会人数', 'en-US': 'cannot exceed those present' });
  if (v.present * 2 <= v.voters) return memberLifeErrors.no_quorum('present');
  if (v.yes * 2 <= v.voters) return memberLifeErrors.no_majority('yes');
  return null;
}

/** The branch's yearly quota: the configured share of its active members, rounded up (at least 1). */
export function quotaOf(activeMembers: number, percent: number): number {
  return Math.max(1, Math.ceil((activeMembers * percent) / 100));
}

export async function recordApplication(db: Db, actor: Actor, memberId: string, input: { appliedOn: string }, now: string) {
  const appliedOn = requireDate('appliedOn', input.appliedOn, { notAfter: now });
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, memberId), 'member');
    requireActive(m);
    const [before] = await tx.select().from(partyApplication).where(eq(partyApplication.memberId, m.id));
    await tx
      .insert(partyApplication)
      .values({ memberId: m.id, appliedOn, recordedBy: actor.accountId })
      .onConflictDoUpdate({ target: partyApplication.memberId, set: { appliedOn, recordedBy: actor.accountId } });
    await audit(tx, actor, {
      action: 'party.application_recorded',
      entity: 'member',
      entityId: m.id,
      orgId: m.orgId,
      orgPath: m.path,
      before: before ?? null,
      after: { appliedOn },
    });
    return { memberId: m.id, appliedOn };
  });
}

export async function applicationOf(db: DbOrTx, memberId: string): Promise<string | null> {
  const [row] = await db.select({ appliedOn: partyApplication.appliedOn }).from(partyApplication).where(eq(partyApplication.memberId, memberId));
  return row?.appliedOn ?? null;
}

export async function quotaUse(db: DbOrTx, branchId: number, branchPath: string, year: number) {
  const [{ active } = { active: 0 }] = await db
    .select({ active: sql<number>`count(*)::int` })
    .from(member)
    .where(and(eq(member.orgId, branchId), eq(member.status, 'active')));
  const [{ used } = { used: 0 }] = await db
    .select({ used: sql<number>`count(*)::int` })
    .from(partyRecommendation)
    .where(
      and(
        eq(partyRecommendation.orgId, branchId),
        eq(partyRecommendation.status, 'recommended'),
        sql`extract(year from ${partyRecommendation.meetingOn})::int = ${year}`,
      ),
    );
  const percent = await getSetting(db, branchPath, recommendQuota);
  return { active, used, quota: quotaOf(active, percent), percent };
}

export type RecommendInput = { memberId: string; meetingOn: string; voters: number; present: number; yes: number };

export async function recommend(db: Db, actor: Actor, input: RecommendInput, now: string) {
  const meetingOn = requireDate('meetingOn', input.meetingOn, { notAfter: now });
  const vote = voteProblem(input);
  if (vote) throw vote;
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, input.memberId), 'member');
    requireActive(m);
    // One recommendation at a time per branch: the quota count below cannot be raced past.
    await tx.execute(sql`select id from org where id = ${m.orgId} for update`);
    const problems = eligibilityProblems(m, await applicationOf(tx, m.id), meetingOn);
    const first = problems[0];
    if (first) {
      const problemsText = { 'zh-CN': problems.map((p) => p.msg['zh-CN']).join('；'), 'en-US': problems.map((p) => p.msg['en-US']).join('; ') };
      throw memberLifeErrors.not_eligible(first.field, { problems: problemsText });
    }
    const [valid] = await tx
      .select({ validUntil: partyRecommendation.validUntil })
      .from(partyRecommendation)
      .where(
        and(
          eq(partyRecommendation.memberId, m.id),
          eq(partyRecommendation.status, 'recommended'),
          sql`${partyRecommendation.validUntil} >= ${meetingOn}::date`,
        ),
      );
    if (valid) throw memberLifeErrors.already_recommended('memberId', { until: valid.validUntil });
    const q = await quotaUse(tx, m.orgId, m.path, Number(meetingOn.slice(0, 4)));
    if (q.used >= q.quota) {
      throw memberLifeErrors.quota_used('memberId', { year: meetingOn.slice(0, 4), used: q.used, quota: q.quota, percent: q.percent });
    }
    const [row] = await tx
      .insert(partyRecommendation)
      .values({
        id: uuidv7(),
        memberId: m.id,
        orgId: m.orgId,
        meetingOn,
        voters: input.voters,
        present: input.present,
        yes: input.yes,
        validUntil: addMonths(meetingOn, recommendationValidYears * 12),
        createdBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'party.recommended', entity: 'member', entityId: m.id, orgId: m.orgId, orgPath: m.path, after: row });
    return row;
  });
}
