import { and, asc, sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext } from '../../platform/metrics/registry.ts';
import { categoryLabels, kindLabels, labelOf } from '../../platform/org-tree/org-labels.ts';
import { org, type OrgCategory, type OrgKind } from '../../platform/org-tree/org-tree.schema.ts';

const dimensions = [
  { key: 'kind', label: { 'zh-CN': '组织类型', 'en-US': 'Kind' } },
  { key: 'category', label: { 'zh-CN': '组织类别', 'en-US': 'Category' } },
];
const dimColumn = { kind: org.kind, category: org.category } as const;

function groupLabel(dimension: string, value: string | null, lang: Lang): string {
  if (value === null) return lang === 'zh-CN' ? '未分类' : 'Uncategorized';
  if (dimension === 'kind') return kindLabels[value as OrgKind]?.[lang] ?? value;
  if (dimension === 'category') return labelOf(categoryLabels, value as OrgCategory, lang) ?? value;
  return value;
}

/** Orgs that existed on the period's last day: established by then, not closed or merged by then. */
function existingAt(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(org.path)}
    and (${org.establishedOn} is null or ${org.establishedOn} <= ${ctx.to}::date)
    and (${org.status} = 'active' or ${org.statusOn} > ${ctx.to}::date)`;
}
function establishedIn(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(org.path)} and ${org.establishedOn} between ${ctx.from}::date and ${ctx.to}::date`;
}

function orgMetric(key: string, label: { 'zh-CN': string; 'en-US': string }, where: (ctx: MetricContext) => SQL): Metric {
  return {
    key,
    label,
    unit: { 'zh-CN': '个', 'en-US': 'orgs' },
    dimensions,
    groupLabel,
    async compute(ctx, groupBy) {
      const col = groupBy ? dimColumn[groupBy as keyof typeof dimColumn] : null;
      if (!col) {
        const [r] = await ctx.db.select({ value: sql<number>`count(*)::int` }).from(org).where(where(ctx));
        return [{ group: null, value: r?.value ?? 0 }];
      }
      const rows = await ctx.db.select({ group: col, value: sql<number>`count(*)::int` }).from(org).where(where(ctx)).groupBy(col).orderBy(sql`2 desc`);
      return rows.map((r) => ({ group: r.group, value: r.value }));
    },
    async rows(ctx, q) {
      const conds: SQL[] = [where(ctx)];
      const col = q.groupBy ? dimColumn[q.groupBy as keyof typeof dimColumn] : null;
      if (col) conds.push(q.group === null ? sql`${col} is null` : sql`${col} = ${q.group}`);
      const cursor = decodeCursor(q.cursor ?? undefined);
      if (cursor) conds.push(sql`${org.id} > ${Number(cursor[0])}`);
      const rows = await ctx.db
        .select({ id: org.id, name: org.name, kind: org.kind, category: org.category, establishedOn: org.establishedOn, path: org.path })
        .from(org)
        .where(and(...conds))
        .orderBy(asc(org.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const zh = ctx.lang === 'zh-CN';
      return {
        columns: [
          { key: 'id', label: 'ID' },
          { key: 'name', label: zh ? '组织名称' : 'Name' },
          { key: 'kind', label: zh ? '组织类型' : 'Kind' },
          { key: 'category', label: zh ? '组织类别' : 'Category' },
          { key: 'establishedOn', label: zh ? '建立日期' : 'Established on' },
        ],
        items: page.map((r) => ({ ...r, kind: groupLabel('kind', r.kind, ctx.lang), category: groupLabel('category', r.category, ctx.lang) })),
        nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? 0]) : null,
      };
    },
  };
}

export const orgsMetrics: Metric[] = [
  orgMetric('orgs.count', { 'zh-CN': '团组织数', 'en-US': 'League organizations' }, existingAt),
  orgMetric('orgs.created', { 'zh-CN': '新建团组织数', 'en-US': 'Organizations established' }, establishedIn),
];
