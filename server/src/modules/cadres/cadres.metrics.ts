import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext, MetricRows } from '../../platform/metrics/registry.ts';
import { categoryLabels, kindLabels } from '../../platform/org-tree/org-labels.ts';
import { org, type OrgCategory, type OrgKind } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { ageBandSql, cadresOn, cadreStructure, isCollegeSql, isPartySql, isVillageOrgSql } from './cadres.queries.ts';
import { ageBandLabels, cadreKindLabels, postLabels, type AgeBand } from './cadres.rules.ts';
import { cadre, election, type CadreKind, type CadrePost } from './cadres.schema.ts';

const zhEn = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const unknown = (lang: Lang) => (lang === 'zh-CN' ? '未填写' : 'Not given');

const shareGroups: Record<string, Record<string, { 'zh-CN': string; 'en-US': string }>> = {
  age_band: ageBandLabels,
  party: { party: zhEn('党员', 'Party members'), non_party: zhEn('非党员', 'Not party members') },
  education: { college: zhEn('大专以上', 'College or higher'), below: zhEn('大专以下', 'Below college') },
  in_village_committee: { in: zhEn('进村（社区）两委', 'On the village committee'), out: zhEn('未进两委', 'Not on it') },
};

/** Drill-down: the cadres behind a figure, with the person fields the shares read. */
async function cadreRows(ctx: MetricContext, extra: SQL | null, q: { cursor: string | null; limit: number }): Promise<MetricRows> {
  const conds = [cadresOn(ctx.scope, ctx.to)];
  if (extra) conds.push(extra);
  const cursor = decodeCursor(q.cursor ?? undefined);
  if (cursor) conds.push(sql`${cadre.id} > ${String(cursor[0])}`);
  const rows = await ctx.db
    .select({
      id: cadre.id,
      name: person.name,
      orgName: org.name,
      post: cadre.post,
      kind: cadre.kind,
      birthDate: person.birthDate,
      ageBand: ageBandSql,
      politicalStatus: person.politicalStatus,
      education: person.education,
      inVillageCommittee: cadre.inVillageCommittee,
    })
    .from(cadre)
    .innerJoin(org, eq(org.id, cadre.orgId))
    .innerJoin(person, eq(person.id, cadre.personId))
    .where(and(...conds))
    .orderBy(asc(cadre.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const zh = ctx.lang === 'zh-CN';
  return {
    columns: [
      { key: 'name', label: zh ? '姓名' : 'Name' },
      { key: 'orgName', label: zh ? '组织' : 'Org' },
      { key: 'post', label: zh ? '职务' : 'Post' },
      { key: 'kind', label: zh ? '类别' : 'Kind' },
      { key: 'birthDate', label: zh ? '出生日期' : 'Birth date' },
      { key: 'ageBand', label: zh ? '年龄段' : 'Age band' },
      { key: 'politicalStatus', label: zh ? '政治面貌' : 'Political status' },
      { key: 'education', label: zh ? '学历' : 'Education' },
      { key: 'inVillageCommittee', label: zh ? '进两委' : 'On village committee' },
    ],
    items: page.map((r) => ({
      ...r,
      post: postLabels[r.post as CadrePost]?.[ctx.lang] ?? r.post,
      kind: cadreKindLabels[r.kind as CadreKind]?.[ctx.lang] ?? r.kind,
      ageBand: ageBandLabels[r.ageBand as AgeBand]?.[ctx.lang] ?? r.ageBand,
      inVillageCommittee: r.inVillageCommittee ? (zh ? '是' : 'Yes') : zh ? '否' : 'No',
    })),
    nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
  };
}

const count: Metric = {
  key: 'cadres.count',
  label: zhEn('团干部数', 'League cadres'),
  unit: zhEn('人', 'people'),
  description: zhEn('期末在任的团干部人数（按人去重）', 'People holding a league post on the last day of the period'),
  dimensions: [
    { key: 'kind', label: zhEn('专兼挂', 'Kind') },
    { key: 'post', label: zhEn('职务', 'Post') },
  ],
  groupLabel: (dim, value, lang) => {
    if (value === null) return unknown(lang);
    if (dim === 'kind') return cadreKindLabels[value as CadreKind]?.[lang] ?? value;
    return postLabels[value as CadrePost]?.[lang] ?? value;
  },
  async compute(ctx, groupBy) {
    const col = groupBy === 'kind' ? cadre.kind : groupBy === 'post' ? cadre.post : null;
    const base = ctx.db.select({ value: sql<number>`count(distinct ${cadre.personId})::int` });
    if (!col) {
      const [r] = await base.from(cadre).innerJoin(org, eq(org.id, cadre.orgId)).where(cadresOn(ctx.scope, ctx.to));
      return [{ group: null, value: r?.value ?? 0 }];
    }
    const rows = await ctx.db
      .select({ group: col, value: sql<number>`count(distinct ${cadre.personId})::int` })
      .from(cadre)
      .innerJoin(org, eq(org.id, cadre.orgId))
      .where(cadresOn(ctx.scope, ctx.to))
      .groupBy(col)
      .orderBy(sql`2 desc`);
    return rows;
  },
  rows: (ctx, q) => {
    const col = q.groupBy === 'kind' ? cadre.kind : q.groupBy === 'post' ? cadre.post : null;
    return cadreRows(ctx, col && q.group ? sql`${col} = ${q.group}` : null, q);
  },
};

const share: Metric = {
  key: 'cadres.share',
  kind: 'ratio',
  label: zhEn('团干部结构占比', 'Cadre structure shares'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '期末在任团干部中各类人员的占比；进两委的分母为村（社区）团组织的团干部',
    'Shares among cadres in post at the period end; the village-committee share is among cadres of village and community orgs',
  ),
  dimensions: [
    { key: 'age_band', label: zhEn('年龄段', 'Age band') },
    { key: 'party', label: zhEn('党员', 'Party membership') },
    { key: 'education', label: zhEn('学历', 'Education') },
    { key: 'in_village_committee', label: zhEn('进两委', 'Village committee') },
  ],
  groupLabel: (dim, value, lang) => (value === null ? unknown(lang) : (shareGroups[dim]?.[value]?.[lang] ?? value)),
  // A ratio: each group is its share's parts, so a figure over several subtrees adds the parts.
  async compute(ctx, groupBy) {
    const s = await cadreStructure(ctx.db, ctx.scope, ctx.to);
    if (!groupBy) return [{ group: null, numerator: s.total, denominator: s.total }];
    if (groupBy === 'age_band')
      return s.shares.filter((x) => x.key === 'age_band').map(({ group, numerator, denominator }) => ({ group, numerator, denominator }));
    const one = s.shares.find((x) => x.key === groupBy);
    if (!one) return [];
    const [yes, no] = Object.keys(shareGroups[groupBy] ?? {}) as [string, string];
    return [
      { group: yes, numerator: one.numerator, denominator: one.denominator },
      { group: no, numerator: one.denominator - one.numerator, denominator: one.denominator },
    ];
  },
  rows: (ctx, q) => {
    const conds: Record<string, SQL> = {
      'age_band:*': sql`${ageBandSql} = ${q.group}`,
      'party:party': isPartySql,
      'party:non_party': sql`not ${isPartySql}`,
      'education:college': isCollegeSql,
      'education:below': sql`not ${isCollegeSql}`,
      'in_village_committee:in': sql`${isVillageOrgSql} and ${cadre.inVillageCommittee}`,
      'in_village_committee:out': sql`${isVillageOrgSql} and not ${cadre.inVillageCommittee}`,
    };
    let extra: SQL | null = null;
    if (q.groupBy === 'age_band' && q.group) extra = conds['age_band:*'] ?? null;
    else if (q.groupBy && q.group) extra = conds[`${q.groupBy}:${q.group}`] ?? null;
    else if (q.groupBy === 'in_village_committee') extra = isVillageOrgSql;
    return cadreRows(ctx, extra, q);
  },
};

function electionWhere(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(org.path)} and ${election.status} = 'recorded' and ${election.heldOn} between ${ctx.from}::date and ${ctx.to}::date`;
}

const electionsCompleted: Metric = {
  key: 'orgs.elections.completed',
  label: zhEn('完成换届的团组织', 'Organizations that held elections'),
  unit: zhEn('个', 'orgs'),
  dimensions: [
    { key: 'category', label: zhEn('组织类别', 'Category') },
    { key: 'kind', label: zhEn('组织类型', 'Kind') },
  ],
  groupLabel: (dim, value, lang) => {
    if (value === null) return lang === 'zh-CN' ? '未分类' : 'Uncategorized';
    if (dim === 'kind') return kindLabels[value as OrgKind]?.[lang] ?? value;
    return categoryLabels[value as OrgCategory]?.[lang] ?? value;
  },
  async compute(ctx, groupBy) {
    const col = groupBy === 'category' ? org.category : groupBy === 'kind' ? org.kind : null;
    const value = sql<number>`count(distinct ${election.orgId})::int`;
    if (!col) {
      const [r] = await ctx.db.select({ value }).from(election).innerJoin(org, eq(org.id, election.orgId)).where(electionWhere(ctx));
      return [{ group: null, value: r?.value ?? 0 }];
    }
    return ctx.db
      .select({ group: col, value })
      .from(election)
      .innerJoin(org, eq(org.id, election.orgId))
      .where(electionWhere(ctx))
      .groupBy(col)
      .orderBy(sql`2 desc`);
  },
  async rows(ctx, q) {
    const conds = [electionWhere(ctx)];
    const col = q.groupBy === 'category' ? org.category : q.groupBy === 'kind' ? org.kind : null;
    if (col) conds.push(q.group === null ? sql`${col} is null` : sql`${col} = ${q.group}`);
    const cursor = decodeCursor(q.cursor ?? undefined);
    if (cursor) conds.push(sql`${election.id} > ${String(cursor[0])}`);
    const rows = await ctx.db
      .select({ id: election.id, orgName: org.name, heldOn: election.heldOn, termYears: election.termYears, termEndsOn: election.termEndsOn })
      .from(election)
      .innerJoin(org, eq(org.id, election.orgId))
      .where(and(...conds))
      .orderBy(asc(election.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'orgName', label: zh ? '组织' : 'Org' },
        { key: 'heldOn', label: zh ? '换届日期' : 'Held on' },
        { key: 'termYears', label: zh ? '任期（年）' : 'Term (years)' },
        { key: 'termEndsOn', label: zh ? '任期届满' : 'Term ends' },
      ],
      items: page,
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

/** The module's figures, listed in its definition. */
export const cadresMetrics: Metric[] = [count, share, electionsCompleted];
