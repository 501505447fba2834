import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric } from '../../platform/metrics/registry.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchKinds } from '../../platform/org-tree/org-tree.ts';

/** One figure: active branches in the scope, with the rows behind it. */
export const exampleMetrics: Metric[] = [
  {
    key: 'example.branches',
    label: { 'zh-CN': '团支部数（示例）', 'en-US': 'Branches (example)' },
    unit: { 'zh-CN': '个', 'en-US': 'branches' },
    dimensions: [],
    groupLabel: (_d, value) => value ?? '',
    async compute(ctx) {
      const [r] = await ctx.db
        .select({ value: sql<number>`count(*)::int` })
        .from(org)
        .where(and(ctx.scope.where(org.path), inArray(org.kind, branchKinds), eq(org.status, 'active')));
      return [{ group: null, value: r?.value ?? 0 }];
    },
    async rows(ctx, q) {
      const after = Number(decodeCursor(q.cursor ?? undefined)?.[0] ?? 0);
      const rows = await ctx.db
        .select({ id: org.id, name: org.name })
        .from(org)
        .where(and(ctx.scope.where(org.path), inArray(org.kind, branchKinds), eq(org.status, 'active'), gt(org.id, after)))
        .orderBy(asc(org.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      return {
        columns: [
          { key: 'id', label: 'ID' },
          { key: 'name', label: ctx.lang === 'zh-CN' ? '名称' : 'Name' },
        ],
        items: page,
        nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? 0]) : null,
      };
    },
  },
];
