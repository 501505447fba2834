import { Type } from 'typebox';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { member } from '../members/index.ts';
import { addMonths, ageOn, memberInScope, requireActive, requireDate, type MemberInfo } from './member-life.common.ts';
import { partyApplication, partyRecommendation } from './member-life.schema.ts';

export const recommendQuota = defineSetting({
  key: 'party.recommendQuota',
  label: { 'zh-CN': '推优入党年度名额（占支部团员比例 %）', 'en-US': 'Yearly Party recommendations (% of branch members)' },
  schema: Type.Integer({ minimum: 1, maximum: 100 }),
  default: 20,
});
export const recommendationValidYears = 2;

type Problem = { field: string; msg: Messages };

/** Who may be recommended (DOMAIN.md): age ≥ 18, member > 1 year, Party application ≥ 6 months before the meeting. */
export function eligibilityProblems(m: Pick<MemberInfo, 'birthDate' | 'admittedOn'>, appliedOn: string | null, on: string): Problem[] {
  const out: Problem[] = [];
  if (ageOn(m.birthDate, on) < 18) out.push({ field: 'memberId', msg: { 'zh-CN': '未满 18 周岁', 'en-US': 'under 18' } });
  if (addMonths(m.admittedOn, 12) >= on) out.push({ field: 'memberId', msg: { 'zh-CN': '团龄不满一年', 'en-US': 'member for less than a year' } });
  if (!appliedOn) out.push({ field: 'appliedOn', msg: { 'zh-CN': '未登记入党申请', 'en-US': 'no Party application recorded' } });
  else if (addMonths(appliedOn, 6) > on) {
    out.push({ field: 'appliedOn', msg: { 'zh-CN': '递交入党申请不满 6 个月', 'en-US': 'applied to the Party less than 6 months ago' } });
  }
  return out;
}

/** Votes (pure): quorum more than half of voting members, and yes more than half of them. */
export function voteProblem(v: { voters: number; present: number; yes: number }): Problem | null {
  if (!Number.isInteger(v.voters) || v.voters < 1) return { field: 'voters', msg: { 'zh-CN': '须为正整数', 'en-US': 'must be a positive whole number' } };
  if (v.present > v.voters || v.present < 0)
    return { field: 'present', msg: { 'zh-CN': '不能超过有表决权的人数', 'en-US': 'cannot exceed the voting members' } };
  if (v.yes > v.present || v.yes < 0) return { field: 'yes', msg: { 'zh-CN': '不能超过到会人数', 'en-US': 'cannot exceed those present' } };
  if (v.present * 2 <= v.voters)
    return { field: 'present', msg: { 'zh-CN': '到会人数须超过有表决权团员的半数', 'en-US': 'more than half of the voting members must be present' } };
  if (v.yes * 2 <= v.voters)
    return { field: 'yes', msg: { 'zh-CN': '赞成票须超过有表决权团员的半数', 'en-US': 'yes votes must exceed half of the voting members' } };
  return null;
}

/** The branch's yearly quota: the configured share of its active members, rounded up (at least 1). */
export function quotaOf(activeMembers: number, percent: number): number {
  return Math.max(1, Math.ceil((activeMembers * percent) / 100));
}

export async function recordApplication(db: Db, actor: Actor, memberId: string, input: { appliedOn: string }, now: string) {
  const appliedOn = requireDate('appliedOn', input.appliedOn, { notAfter: now });
  return db.transaction(async (tx) => {
    const m = await memberInScope(tx, actor, memberId, 'member.write');
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
  if (vote) throw errors.rule(vote.field, vote.msg);
  return db.transaction(async (tx) => {
    const m = await memberInScope(tx, actor, input.memberId, 'member.write');
    requireActive(m);
    // One recommendation at a time per branch: the quota count below cannot be raced past.
    await tx.execute(sql`select id from org where id = ${m.orgId} for update`);
    const problems = eligibilityProblems(m, await applicationOf(tx, m.id), meetingOn);
    const first = problems[0];
    if (first) {
      throw errors.rule(first.field, {
        'zh-CN': `不符合推优条件：${problems.map((p) => p.msg['zh-CN']).join('；')}`,
        'en-US': `not eligible: ${problems.map((p) => p.msg['en-US']).join('; ')}`,
      });
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
    if (valid) {
      throw errors.rule('memberId', { 'zh-CN': `已被推荐，推荐有效期至 ${valid.validUntil}`, 'en-US': `already recommended; valid until ${valid.validUntil}` });
    }
    const q = await quotaUse(tx, m.orgId, m.path, Number(meetingOn.slice(0, 4)));
    if (q.used >= q.quota) {
      throw errors.rule('memberId', {
        'zh-CN': `本支部 ${meetingOn.slice(0, 4)} 年推优名额已用完（${q.used}/${q.quota}，按团员数的 ${q.percent}%）`,
        'en-US': `the branch has used its ${meetingOn.slice(0, 4)} quota (${q.used}/${q.quota}, ${q.percent}% of members)`,
      });
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
