import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { orgForWrite, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors, type AppError } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { defineWorkflow, step } from '../../platform/workflow/workflow.ts';
import { member } from '../members/index.ts';
import { requireAbove, requireDate } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { branchReview, reviewGrade, reviewGrades, type ReviewGrade, type ReviewStatus } from './member-life.schema.ts';

export const reviewWorkflow = defineWorkflow({
  name: 'member.review',
  states: {
    proposed: { 'zh-CN': '支部已提交', 'en-US': 'Proposed' },
    approved: { 'zh-CN': '上级已批准', 'en-US': 'Approved' },
    rejected: { 'zh-CN': '上级已退回', 'en-US': 'Rejected' },
  } satisfies Record<ReviewStatus, unknown>,
  transitions: {
    propose: { from: [null], to: 'proposed', label: { 'zh-CN': '支部提交', 'en-US': 'Propose' } },
    approve: { from: ['proposed'], to: 'approved', label: { 'zh-CN': '批准', 'en-US': 'Approve' } },
    reject: { from: ['proposed'], to: 'rejected', label: { 'zh-CN': '退回', 'en-US': 'Reject' } },
  },
});

export const gradeLabels: Record<ReviewGrade, { 'zh-CN': string; 'en-US': string }> = {
  excellent: { 'zh-CN': '优秀', 'en-US': 'Excellent' },
  qualified: { 'zh-CN': '合格', 'en-US': 'Qualified' },
  basic: { 'zh-CN': '基本合格', 'en-US': 'Basically qualified' },
  unqualified: { 'zh-CN': '不合格', 'en-US': 'Unqualified' },
};

/** The review's own rules, pure: ≥ 2/3 attendance and 优秀 ≤ 30% of those reviewed. */
export function reviewProblems(input: { expected: number; attended: number; grades: { grade: ReviewGrade }[] }): AppError | null {
  if (!Number.isInteger(input.expected) || input.expected < 1) {
    return memberLifeErrors.invalid('expected', { 'zh-CN': '应到人数须为正整数', 'en-US': 'must be a positive whole number' });
  }
  if (!Number.isInteger(input.attended) || input.attended < 0 || input.attended > input.expected) {
    return memberLifeErrors.invalid('attended', { 'zh-CN': '到会人数须在 0 与应到人数之间', 'en-US': 'must be between 0 and the expected number' });
  }
  if (input.attended * 3 < input.expected * 2) return memberLifeErrors.review_quorum('attended');
  if (input.grades.length === 0) return memberLifeErrors.invalid('grades', { 'zh-CN': '请为团员评定等次', 'en-US': 'grade at least one member' });
  const excellent = input.grades.filter((g) => g.grade === 'excellent').length;
  if (excellent * 10 > input.grades.length * 3) {
    const max = Math.floor((input.grades.length * 3) / 10);
    return memberLifeErrors.too_many_excellent('grades', { reviewed: input.grades.length, max, excellent });
  }
  return null;
}

export type ReviewInput = {
  orgId: number;
  year: number;
  heldOn: string;
  expected: number;
  attended: number;
  grades: { memberId: string; grade: ReviewGrade }[];
};

export async function proposeReview(db: Db, actor: Actor, input: ReviewInput, now: string) {
  const heldOn = requireDate('heldOn', input.heldOn, { notAfter: now });
  if (input.year < 2000 || input.year > Number(now.slice(0, 4))) throw memberLifeErrors.invalid('year', { 'zh-CN': '年度无效', 'en-US': 'not a valid year' });
  for (const g of input.grades) {
    if (!reviewGrades.includes(g.grade)) throw memberLifeErrors.invalid('grades', { 'zh-CN': '等次无效', 'en-US': 'unknown grade' });
  }
  if (new Set(input.grades.map((g) => g.memberId)).size !== input.grades.length) {
    throw memberLifeErrors.invalid('grades', { 'zh-CN': '同一团员不能重复评定', 'en-US': 'a member is graded twice' });
  }
  const problem = reviewProblems(input);
  if (problem) throw problem;
  return db.transaction(async (tx) => {
    // The annual review is held by a branch; a branch closed since may still file the past year's.
    const branch = await orgForWrite(tx, actor, 'member.write', input.orgId, { branch: true, active: false });
    const ids = input.grades.map((g) => g.memberId);
    const found = await tx
      .select({ id: member.id })
      .from(member)
      .where(and(inArray(member.id, ids), eq(member.orgId, branch.id), eq(member.status, 'active')));
    if (found.length !== ids.length) {
      throw memberLifeErrors.invalid('grades', { 'zh-CN': '只能评定本支部的在册团员', 'en-US': 'only active members of this branch can be graded' });
    }
    const id = uuidv7();
    await step(tx, actor, reviewWorkflow, null, { entityId: id, orgId: branch.id, action: 'propose', occurredOn: heldOn });
    const [row] = await tx
      .insert(branchReview)
      .values({
        id,
        orgId: branch.id,
        year: input.year,
        status: 'proposed',
        heldOn,
        expected: input.expected,
        attended: input.attended,
        createdBy: actor.accountId,
      })
      .returning();
    await tx.insert(reviewGrade).values(input.grades.map((g) => ({ reviewId: id, memberId: g.memberId, grade: g.grade })));
    await audit(tx, actor, {
      action: 'review.proposed',
      entity: 'review',
      entityId: id,
      orgId: branch.id,
      orgPath: branch.path,
      after: { ...row, grades: input.grades },
    });
    return id;
  });
}

/** The committee above approves or returns a branch's review. */
export async function decideReview(db: Db, actor: Actor, id: string, action: 'approve' | 'reject', note: string | null, now: string) {
  if (action === 'reject' && !note?.trim()) throw memberLifeErrors.invalid('reason', { 'zh-CN': '请填写退回原因', 'en-US': 'give a reason' });
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(branchReview).where(eq(branchReview.id, id)).for('update');
    const branch = r ? await findOrg(tx, r.orgId) : null;
    if (!r || !branch) throw errors.notFound('review');
    requireAbove(actor, branch.path, 'status');
    const to = await step(tx, actor, reviewWorkflow, r.status, { entityId: id, orgId: branch.id, action, occurredOn: now, comment: note });
    const [after] = await tx.update(branchReview).set({ status: to, decisionNote: note, updatedAt: new Date() }).where(eq(branchReview.id, id)).returning();
    await audit(tx, actor, {
      action: `review.${to}`,
      entity: 'review',
      entityId: id,
      orgId: branch.id,
      orgPath: branch.path,
      before: { status: r.status },
      after,
    });
    return after;
  });
}

export async function reviewWithGrades(db: DbOrTx, id: string) {
  const [r] = await db.select().from(branchReview).where(eq(branchReview.id, id));
  if (!r) return null;
  const grades = await db.select().from(reviewGrade).where(eq(reviewGrade.reviewId, id));
  return { ...r, grades };
}
