import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addMonths } from '../../platform/dates.ts';
import type { AppError } from '../../platform/errors.ts';
import { loadMember, requireActive, requireDate, type MemberInfo } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { branchReview, memberRegistration, reviewGrade, type ReviewGrade } from './member-life.schema.ts';

/** The grade of the member's latest approved annual review before or in a year, if any. */
export async function latestGrade(db: DbOrTx, memberId: string, upToYear: number): Promise<{ grade: ReviewGrade; year: number } | null> {
  const [row] = await db
    .select({ grade: reviewGrade.grade, year: branchReview.year })
    .from(reviewGrade)
    .innerJoin(branchReview, eq(branchReview.id, reviewGrade.reviewId))
    .where(and(eq(reviewGrade.memberId, memberId), eq(branchReview.status, 'approved'), sql`${branchReview.year} <= ${upToYear}`))
    .orderBy(desc(branchReview.year))
    .limit(1);
  return row ?? null;
}

/**
 * Only members rated 基本合格 or better register. A member admitted this year or last year may
 * not have been reviewed yet: they register without a grade (their first registration). The
 * error is thrown by a registration and shown (its message) on the member's page.
 */
export async function registrationProblem(db: DbOrTx, m: MemberInfo, year: number): Promise<AppError | null> {
  const g = await latestGrade(db, m.id, year);
  if (g?.grade === 'unqualified') return memberLifeErrors.rated_unqualified('memberId', { year: g.year });
  if (!g && Number(m.admittedOn.slice(0, 4)) < year - 1) return memberLifeErrors.review_missing('memberId');
  return null;
}

function checkYear(m: MemberInfo, year: number, now: string): void {
  if (year < Number(m.admittedOn.slice(0, 4)) || year > Number(now.slice(0, 4))) {
    throw memberLifeErrors.invalid('year', { 'zh-CN': '须在入团年份与今年之间', 'en-US': 'must be between the admission year and this year' });
  }
}

export async function registerMember(db: Db, actor: Actor, input: { memberId: string; year: number; registeredOn?: string }, now: string) {
  const registeredOn = requireDate('registeredOn', input.registeredOn ?? now, { notAfter: now });
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, input.memberId), 'member');
    requireActive(m);
    checkYear(m, input.year, now);
    const problem = await registrationProblem(tx, m, input.year);
    if (problem) throw problem;
    const [existing] = await tx
      .select()
      .from(memberRegistration)
      .where(and(eq(memberRegistration.memberId, m.id), eq(memberRegistration.year, input.year)))
      .for('update');
    if (existing?.status === 'registered') throw memberLifeErrors.already_registered('year', { year: input.year });
    let row: typeof memberRegistration.$inferSelect | undefined;
    if (existing) {
      // A deferred registration completes: the same row moves on, the deferral stays recorded.
      [row] = await tx
        .update(memberRegistration)
        .set({ status: 'registered', registeredOn, orgId: m.orgId, updatedAt: new Date() })
        .where(eq(memberRegistration.id, existing.id))
        .returning();
    } else {
      [row] = await tx
        .insert(memberRegistration)
        .values({ id: uuidv7(), memberId: m.id, orgId: m.orgId, year: input.year, status: 'registered', registeredOn, createdBy: actor.accountId })
        .returning();
    }
    if (!row) throw new Error('write failed');
    await audit(tx, actor, {
      action: 'registration.registered',
      entity: 'member',
      entityId: m.id,
      orgId: m.orgId,
      orgPath: m.path,
      before: existing ?? null,
      after: row,
    });
    return row;
  });
}

export async function deferRegistration(
  db: Db,
  actor: Actor,
  input: { memberId: string; year: number; months: number; reason: string; deferredOn?: string },
  now: string,
) {
  const deferredOn = requireDate('deferredOn', input.deferredOn ?? now, { notAfter: now });
  if (!Number.isInteger(input.months) || input.months < 3 || input.months > 6) {
    throw memberLifeErrors.invalid('months', { 'zh-CN': '暂缓注册期限为 3–6 个月', 'en-US': 'a deferral lasts 3–6 months' });
  }
  const reason = input.reason.trim();
  if (!reason) throw memberLifeErrors.invalid('reason', { 'zh-CN': '请填写暂缓原因', 'en-US': 'give a reason for the deferral' });
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, input.memberId), 'member');
    requireActive(m);
    checkYear(m, input.year, now);
    const [row] = await tx
      .insert(memberRegistration)
      .values({
        id: uuidv7(),
        memberId: m.id,
        orgId: m.orgId,
        year: input.year,
        status: 'deferred',
        deferredUntil: addMonths(deferredOn, input.months),
        deferReason: reason,
        createdBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'registration.deferred', entity: 'member', entityId: m.id, orgId: m.orgId, orgPath: m.path, after: row });
    return row;
  });
}

export async function registrationsOf(db: DbOrTx, memberId: string) {
  return db.select().from(memberRegistration).where(eq(memberRegistration.memberId, memberId)).orderBy(desc(memberRegistration.year));
}
