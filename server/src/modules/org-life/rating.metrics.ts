import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext } from '../../platform/metrics/registry.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchRating, type RatingGrade } from './org-life.schema.ts';
import { gradeLabels } from './rating.rules.ts';

/** Approved ratings of the years the period touches. */
function approvedIn(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(org.path)} and ${branchRating.state} = 'approved'
    and ${branchRating.year} between ${Number(ctx.from.slice(0, 4))} and ${Number(ctx.to.slice(0, 4))}`;
}

/** Approved branch ratings by grade. */
export const ratingMetric: Metric = {
  key: 'branches.grade',
  label: { 'zh-CN': '团支部对标定级', 'en-US': 'Branch ratings' },
  unit: { 'zh-CN': '个', 'en-US': 'branches' },
  description: { 'zh-CN': '期间所涉年度经上级审定的团支部定级', 'en-US': 'Branch ratings approved above, for the years of the period' },
  dimensions: [{ key: 'grade', label: { 'zh-CN': '等次', 'en-US': 'Grade' } }],
  groupLabel: (_d, v, lang) => (v ? (gradeLabels[v as RatingGrade]?.[lang] ?? v) : ''),
  async compute(ctx, groupBy) {
    const value = sql<number>`count(*)::int`;
    if (groupBy !== 'grade') {
      const [r] = await ctx.db.select({ value }).from(branchRating).innerJoin(org, eq(org.id, branchRating.orgId)).where(approvedIn(ctx));
      return [{ group: null, value: r?.value ?? 0 }];
    }
    const rows = await ctx.db
      .select({ group: branchRating.finalGrade, value })
      .from(branchRating)
      .innerJoin(org, eq(org.id, branchRating.orgId))
      .where(approvedIn(ctx))
      .groupBy(branchRating.finalGrade);
    const order = Object.keys(gradeLabels);
    return rows.sort((a, b) => order.indexOf(a.group ?? '') - order.indexOf(b.group ?? ''));
  },
  async rows(ctx, q) {
    const conds = [approvedIn(ctx)];
    if (q.groupBy === 'grade' && q.group) conds.push(eq(branchRating.finalGrade, q.group as RatingGrade));
    const cursor = decodeCursor(q.cursor ?? undefined);
    if (cursor) conds.push(sql`${branchRating.id} > ${String(cursor[0])}`);
    const rows = await ctx.db
      .select({ id: branchRating.id, orgName: org.name, year: branchRating.year, score: branchRating.finalScore, grade: branchRating.finalGrade })
      .from(branchRating)
      .innerJoin(org, eq(org.id, branchRating.orgId))
      .where(and(...conds))
      .orderBy(asc(branchRating.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'orgName', label: zh ? '团支部' : 'Branch' },
        { key: 'year', label: zh ? '年度' : 'Year' },
        { key: 'score', label: zh ? '得分' : 'Score' },
        { key: 'grade', label: zh ? '等次' : 'Grade' },
      ],
      items: page.map((r) => ({ ...r, grade: r.grade ? gradeLabels[r.grade][ctx.lang] : '' })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};
