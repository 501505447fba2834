import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Lang, Messages } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext, MetricRows } from '../../platform/metrics/registry.ts';
import { categoryLabels, labelOf } from '../../platform/org-tree/org-labels.ts';
import { org, type OrgCategory } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { development } from './development.workflow.ts';
import { devNumberSince } from './members.rules.ts';
import { member, memberApplication, pendingStages, type ApplicationStage } from './members.schema.ts';

const people: Messages = { 'zh-CN': '人', 'en-US': 'people' };
const statusLabel: Record<string, Messages> = { active: { 'zh-CN': '在册', 'en-US': 'Active' }, left: { 'zh-CN': '已离团', 'en-US': 'Left' } };
const inScopePath = (ctx: MetricContext) => ctx.scope.where(org.path);
/** Status as of the period's last day: a member who left later was still active then. */
const statusAt = (ctx: MetricContext) =>
  sql<string>`case when ${member.leftOn} is not null and ${member.leftOn} <= ${ctx.to}::date then 'left' else 'active' end`;

function categoryLabel(value: string | null, lang: Lang): string {
  if (value === null) return lang === 'zh-CN' ? '未分类' : 'Uncategorized';
  return labelOf(categoryLabels, value as OrgCategory, lang) ?? value;
}

const memberRowColumns = (lang: Lang) => {
  const zh = lang === 'zh-CN';
  return [
    { key: 'name', label: zh ? '姓名' : 'Name' },
    { key: 'orgName', label: zh ? '所在团支部' : 'Branch' },
    { key: 'admittedOn', label: zh ? '入团日期' : 'Admission date' },
    { key: 'developmentNumber', label: zh ? '发展团员编号' : 'Development number' },
    { key: 'status', label: zh ? '状态' : 'Status' },
  ];
};

async function memberRows(
  ctx: MetricContext,
  conds: SQL[],
  cursor: string | null,
  limit: number,
  extra?: (r: MemberMetricRow) => Record<string, unknown>,
): Promise<MetricRows> {
  const c = decodeCursor(cursor ?? undefined);
  if (c) conds.push(sql`${member.id} > ${String(c[0])}`);
  const rows = await ctx.db
    .select({
      id: member.id,
      name: person.name,
      orgName: org.name,
      admittedOn: member.admittedOn,
      developmentNumber: member.developmentNumber,
      status: statusAt(ctx),
      hasId: sql<boolean>`${person.idNumberHash} is not null`,
      hasPhone: sql<boolean>`${person.phoneHash} is not null`,
    })
    .from(member)
    .innerJoin(person, eq(person.id, member.personId))
    .innerJoin(org, eq(org.id, member.orgId))
    .where(and(...conds))
    .orderBy(asc(member.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    columns: memberRowColumns(ctx.lang),
    items: page.map((r) => ({ ...r, status: statusLabel[r.status]?.[ctx.lang] ?? r.status, ...(extra ? extra(r) : {}) })),
    nextCursor: rows.length > limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
  };
}
type MemberMetricRow = { hasId: boolean; hasPhone: boolean; admittedOn: string; developmentNumber: string | null };

// members.count: members on the rolls at the period's end (admitted by then), by status then.
const countWhere = (ctx: MetricContext) => sql`${inScopePath(ctx)} and ${member.admittedOn} <= ${ctx.to}::date`;
const countMetric: Metric = {
  key: 'members.count',
  label: { 'zh-CN': '团员数', 'en-US': 'League members' },
  unit: people,
  dimensions: [
    { key: 'status', label: { 'zh-CN': '状态', 'en-US': 'Status' } },
    { key: 'category', label: { 'zh-CN': '组织类别', 'en-US': 'Category' } },
  ],
  groupLabel: (dim, value, lang) => (dim === 'status' ? (statusLabel[value ?? '']?.[lang] ?? String(value)) : categoryLabel(value, lang)),
  async compute(ctx, groupBy) {
    // Without a group the figure is the members on the rolls (active at period end).
    if (groupBy === 'status') {
      const rows = await ctx.db
        .select({ group: statusAt(ctx), value: sql<number>`count(*)::int` })
        .from(member)
        .innerJoin(org, eq(org.id, member.orgId))
        .where(countWhere(ctx))
        .groupBy(sql`1`)
        .orderBy(sql`1`);
      return rows;
    }
    const active = sql`${countWhere(ctx)} and ${statusAt(ctx)} = 'active'`;
    if (groupBy === 'category') {
      return ctx.db
        .select({ group: org.category, value: sql<number>`count(*)::int` })
        .from(member)
        .innerJoin(org, eq(org.id, member.orgId))
        .where(active)
        .groupBy(org.category)
        .orderBy(sql`2 desc`);
    }
    const [r] = await ctx.db.select({ value: sql<number>`count(*)::int` }).from(member).innerJoin(org, eq(org.id, member.orgId)).where(active);
    return [{ group: null, value: r?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const conds: SQL[] = [countWhere(ctx)];
    if (q.groupBy === 'status') conds.push(sql`${statusAt(ctx)} = ${q.group ?? 'active'}`);
    else {
      conds.push(sql`${statusAt(ctx)} = 'active'`);
      if (q.groupBy === 'category') conds.push(q.group === null ? sql`${org.category} is null` : sql`${org.category} = ${q.group}`);
    }
    return memberRows(ctx, conds, q.cursor, q.limit);
  },
};

// members.admitted: admissions (入团, counted from the approved vote) within the period.
const admittedWhere = (ctx: MetricContext) => sql`${inScopePath(ctx)} and ${member.admittedOn} between ${ctx.from}::date and ${ctx.to}::date`;
const admittedMetric: Metric = {
  key: 'members.admitted',
  label: { 'zh-CN': '新发展团员数', 'en-US': 'Members admitted' },
  unit: people,
  dimensions: [{ key: 'category', label: { 'zh-CN': '组织类别', 'en-US': 'Category' } }],
  groupLabel: (_dim, value, lang) => categoryLabel(value, lang),
  async compute(ctx, groupBy) {
    if (groupBy === 'category') {
      return ctx.db
        .select({ group: org.category, value: sql<number>`count(*)::int` })
        .from(member)
        .innerJoin(org, eq(org.id, member.orgId))
        .where(admittedWhere(ctx))
        .groupBy(org.category)
        .orderBy(sql`2 desc`);
    }
    const [r] = await ctx.db.select({ value: sql<number>`count(*)::int` }).from(member).innerJoin(org, eq(org.id, member.orgId)).where(admittedWhere(ctx));
    return [{ group: null, value: r?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const conds: SQL[] = [admittedWhere(ctx)];
    if (q.groupBy === 'category') conds.push(q.group === null ? sql`${org.category} is null` : sql`${org.category} = ${q.group}`);
    return memberRows(ctx, conds, q.cursor, q.limit);
  },
};

// members.development: applications in development (pendingStages) at the period's end, by the stage they are in now.
const developmentWhere = (ctx: MetricContext) =>
  sql`${inScopePath(ctx)} and ${memberApplication.appliedOn} <= ${ctx.to}::date and ${inArray(memberApplication.stage, pendingStages)}`;
const developmentMetric: Metric = {
  key: 'members.development',
  label: { 'zh-CN': '在发展中的入团申请', 'en-US': 'Applications in development' },
  unit: people,
  dimensions: [{ key: 'stage', label: { 'zh-CN': '发展阶段', 'en-US': 'Stage' } }],
  groupLabel: (_dim, value, lang) => development.states[value as ApplicationStage]?.[lang] ?? String(value),
  async compute(ctx, groupBy) {
    if (groupBy === 'stage') {
      const rows = await ctx.db
        .select({ group: memberApplication.stage, value: sql<number>`count(*)::int` })
        .from(memberApplication)
        .innerJoin(org, eq(org.id, memberApplication.orgId))
        .where(developmentWhere(ctx))
        .groupBy(memberApplication.stage);
      const order = (s: string) => (pendingStages as readonly string[]).indexOf(s);
      return rows.sort((a, b) => order(a.group) - order(b.group));
    }
    const [r] = await ctx.db
      .select({ value: sql<number>`count(*)::int` })
      .from(memberApplication)
      .innerJoin(org, eq(org.id, memberApplication.orgId))
      .where(developmentWhere(ctx));
    return [{ group: null, value: r?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const conds: SQL[] = [developmentWhere(ctx)];
    if (q.groupBy === 'stage' && q.group) conds.push(eq(memberApplication.stage, q.group as ApplicationStage));
    const c = decodeCursor(q.cursor ?? undefined);
    if (c) conds.push(sql`${memberApplication.id} > ${String(c[0])}`);
    const rows = await ctx.db
      .select({ id: memberApplication.id, name: person.name, orgName: org.name, stage: memberApplication.stage, appliedOn: memberApplication.appliedOn })
      .from(memberApplication)
      .innerJoin(person, eq(person.id, memberApplication.personId))
      .innerJoin(org, eq(org.id, memberApplication.orgId))
      .where(and(...conds))
      .orderBy(asc(memberApplication.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'name', label: zh ? '申请人' : 'Applicant' },
        { key: 'orgName', label: zh ? '团支部' : 'Branch' },
        { key: 'stage', label: zh ? '发展阶段' : 'Stage' },
        { key: 'appliedOn', label: zh ? '申请日期' : 'Applied on' },
      ],
      items: page.map((r) => ({ ...r, stage: development.states[r.stage][ctx.lang] })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

// members.recordCompleteness (团籍电子档案录入率): active members whose record has an ID number,
// a phone, an admission date and — when admitted since 2017 — a development number.
const activeAtEnd = (ctx: MetricContext) => sql`${countWhere(ctx)} and ${statusAt(ctx)} = 'active'`;
const complete = sql`(${person.idNumberHash} is not null and ${person.phoneHash} is not null
  and (${member.admittedOn} < ${devNumberSince}::date or ${member.developmentNumber} is not null))`;
const recordCompletenessMetric: Metric = {
  key: 'members.recordCompleteness',
  kind: 'ratio',
  label: { 'zh-CN': '团籍电子档案录入率', 'en-US': 'Member record completeness' },
  unit: { 'zh-CN': '%', 'en-US': '%' },
  description: {
    'zh-CN': '在册团员中身份证号、手机号、入团日期及（2017 年后入团的）发展团员编号齐全的比例；明细列出不完整的记录',
    'en-US': 'share of active members with ID number, phone, admission date and (since 2017) development number; the rows list incomplete records',
  },
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const [r] = await ctx.db
      .select({ total: sql<number>`count(*)::int`, done: sql<number>`count(*) filter (where ${complete})::int` })
      .from(member)
      .innerJoin(person, eq(person.id, member.personId))
      .innerJoin(org, eq(org.id, member.orgId))
      .where(activeAtEnd(ctx));
    return [{ group: null, numerator: r?.done ?? 0, denominator: r?.total ?? 0 }];
  },
  async rows(ctx, q) {
    const zh = ctx.lang === 'zh-CN';
    const yes = zh ? '有' : 'yes';
    const no = zh ? '缺' : 'missing';
    const out = await memberRows(ctx, [activeAtEnd(ctx), sql`not ${complete}`], q.cursor, q.limit, (r) => ({
      idNumber: r.hasId ? yes : no,
      phone: r.hasPhone ? yes : no,
      developmentNumber: r.developmentNumber ?? (r.admittedOn >= devNumberSince ? no : '—'),
    }));
    out.columns.push({ key: 'idNumber', label: zh ? '身份证号' : 'ID number' }, { key: 'phone', label: zh ? '手机号' : 'Phone' });
    return out;
  },
};

export const membersMetrics: Metric[] = [countMetric, admittedMetric, developmentMetric, recordCompletenessMetric];
