// The figures of contact work as the reports quote them ("走访基层团组织 234 个, 形成调研报告 22 篇,
// 联系青年 1700 名, 收集意见建议 465 个, 回访落实 455 个, 解决率 98%", "提交议(提)案 105 件",
// "'手拉手' 结对 3044 对", "1+100"), each for any subtree and period, each with its rows.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Lang, Messages } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext, MetricRows } from '../../platform/metrics/registry.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { cadreProgress } from './contacts.service.ts';
import {
  contactWayLabels,
  pairingKindLabels,
  proposalChannelLabels,
  proposalWorkflow,
  suggestionSourceLabels,
  suggestionWorkflow,
  type ContactWay,
  type PairingKind,
  type ProposalChannel,
  type ProposalState,
  type SuggestionSource,
  type SuggestionState,
} from './contact-work.rules.ts';
import { cwContact, cwContactLog, cwPairing, cwProposal, cwReport, cwSuggestion, cwVisit } from './contact-work.schema.ts';

const zhEn = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });
const n = sql<number>`count(*)::int`;
const labelOf = (labels: Record<string, Messages>) => (value: string | null, lang: Lang) => (value ? (labels[value]?.[lang] ?? value) : '');
const afterCursor = (cursor: string | null) => decodeCursor(cursor ?? undefined)?.[0] ?? null;
const offsetOf = (cursor: string | null) => Number(afterCursor(cursor) ?? 0);
const cols = (lang: Lang, ...c: [string, string, string][]) => c.map(([key, zh, en]) => ({ key, label: lang === 'zh-CN' ? zh : en }));

const visitsIn = (ctx: MetricContext): SQL =>
  sql`${ctx.scope.where(org.path)} and ${cwVisit.status} = 'recorded' and ${cwVisit.visitedOn} between ${ctx.from}::date and ${ctx.to}::date`;
const logsIn = (ctx: MetricContext): SQL => sql`${ctx.scope.where(org.path)} and ${cwContactLog.contactedOn} between ${ctx.from}::date and ${ctx.to}::date`;
/**
 * The period's logs of the subtree, org by org: each org's rows come from the (org, day, contact)
 * index, so a city-year reads its own rows, not the province's year (`offset 0` keeps the planner
 * from flattening it into a hash join over every log of the period).
 */
const logsByOrg = (ctx: MetricContext, cols: SQL): SQL =>
  sql`org o cross join lateral (select ${cols} from ${cwContactLog} l where l.org_id = o.id and l.contacted_on between ${ctx.from}::date and ${ctx.to}::date offset 0) l where ${ctx.scope.where(sql`o.path`)}`;
const suggestionsIn = (ctx: MetricContext): SQL =>
  sql`${ctx.scope.where(org.path)} and ${cwSuggestion.state} <> 'void' and ${cwSuggestion.receivedOn} between ${ctx.from}::date and ${ctx.to}::date`;
const proposalsIn = (ctx: MetricContext): SQL =>
  sql`${ctx.scope.where(org.path)} and ${cwProposal.state} <> 'withdrawn' and ${cwProposal.submittedOn} between ${ctx.from}::date and ${ctx.to}::date`;
const pairingsIn = (ctx: MetricContext): SQL =>
  sql`${ctx.scope.where(org.path)} and ${cwPairing.startedOn} <= ${ctx.to}::date and (${cwPairing.endedOn} is null or ${cwPairing.endedOn} >= ${ctx.from}::date)`;

const orgsVisited: Metric = {
  key: 'contact-work.orgsVisited',
  label: zhEn('走访基层团组织', 'Grassroots orgs visited'),
  unit: zhEn('个', 'orgs'),
  description: zhEn('期间内有下沉走访记录的基层团组织数（同一组织多次走访计一个）', 'Distinct orgs with a recorded visit in the period'),
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const [r] = await ctx.db
      .select({ value: sql<number>`count(distinct ${cwVisit.orgId})::int` })
      .from(cwVisit)
      .innerJoin(org, eq(org.id, cwVisit.orgId))
      .where(visitsIn(ctx));
    return [{ group: null, value: r?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const after = afterCursor(q.cursor);
    const rows = await ctx.db
      .select({ orgId: cwVisit.orgId, orgName: org.name, visits: n, lastOn: sql<string>`max(${cwVisit.visitedOn})::text` })
      .from(cwVisit)
      .innerJoin(org, eq(org.id, cwVisit.orgId))
      .where(and(visitsIn(ctx), after === null ? undefined : sql`${cwVisit.orgId} > ${Number(after)}`))
      .groupBy(cwVisit.orgId, org.name)
      .orderBy(asc(cwVisit.orgId))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      columns: cols(ctx.lang, ['orgName', '团组织', 'Org'], ['visits', '走访次数', 'Visits'], ['lastOn', '最近走访', 'Last visit']),
      items: page,
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.orgId ?? 0]) : null,
    };
  },
};

const reports: Metric = {
  key: 'contact-work.reports',
  label: zhEn('调研报告', 'Research reports'),
  unit: zhEn('篇', 'reports'),
  description: zhEn('期间内形成的调研报告篇数（不含作废）', 'Research reports written in the period (void excluded)'),
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const [r] = await ctx.db
      .select({ value: n })
      .from(cwReport)
      .innerJoin(org, eq(org.id, cwReport.orgId))
      .where(sql`${ctx.scope.where(org.path)} and ${cwReport.status} = 'recorded' and ${cwReport.writtenOn} between ${ctx.from}::date and ${ctx.to}::date`);
    return [{ group: null, value: r?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const after = afterCursor(q.cursor);
    const rows = await ctx.db
      .select({ id: cwReport.id, orgName: org.name, title: cwReport.title, authors: cwReport.authors, writtenOn: cwReport.writtenOn })
      .from(cwReport)
      .innerJoin(org, eq(org.id, cwReport.orgId))
      .where(
        and(
          sql`${ctx.scope.where(org.path)} and ${cwReport.status} = 'recorded' and ${cwReport.writtenOn} between ${ctx.from}::date and ${ctx.to}::date`,
          after === null ? undefined : sql`${cwReport.id} > ${String(after)}`,
        ),
      )
      .orderBy(asc(cwReport.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      columns: cols(
        ctx.lang,
        ['orgName', '团组织', 'Org'],
        ['title', '标题', 'Title'],
        ['authors', '作者', 'Authors'],
        ['writtenOn', '成文日期', 'Written on'],
      ),
      items: page,
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

const youthsContacted: Metric = {
  key: 'contact-work.youthsContacted',
  label: zhEn('联系青年', 'Youths contacted'),
  unit: zhEn('名', 'youths'),
  description: zhEn('期间内有联系记录的青年人数（同一青年多次联系计一名）', 'Distinct youths with a contact logged in the period'),
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const res = await ctx.db.execute<{ value: number }>(sql`select count(distinct l.contact_id)::int as value from ${logsByOrg(ctx, sql`l.contact_id`)}`);
    return [{ group: null, value: Number(res.rows[0]?.value ?? 0) }];
  },
  async rows(ctx, q) {
    const after = afterCursor(q.cursor);
    const rows = await ctx.db
      .select({ id: cwContactLog.contactId, contacts: n, lastOn: sql<string>`max(${cwContactLog.contactedOn})::text` })
      .from(cwContactLog)
      .innerJoin(org, eq(org.id, cwContactLog.orgId))
      .where(and(logsIn(ctx), after === null ? undefined : sql`${cwContactLog.contactId} > ${String(after)}`))
      .groupBy(cwContactLog.contactId)
      .orderBy(asc(cwContactLog.contactId))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const names = page.length
      ? await ctx.db
          .select({ id: cwContact.id, name: cwContact.name, phone: cwContact.phoneMasked, orgName: org.name })
          .from(cwContact)
          .innerJoin(org, eq(org.id, cwContact.orgId))
          .where(sql`${cwContact.id} in ${page.map((r) => r.id)}`)
      : [];
    const byId = new Map(names.map((x) => [x.id, x]));
    return {
      columns: cols(
        ctx.lang,
        ['name', '姓名', 'Name'],
        ['phone', '手机号（脱敏）', 'Phone (masked)'],
        ['orgName', '所在组织', 'Org'],
        ['contacts', '联系次数', 'Contacts'],
        ['lastOn', '最近联系', 'Last contact'],
      ),
      items: page.map((r) => ({
        name: byId.get(r.id)?.name ?? '',
        phone: byId.get(r.id)?.phone ?? null,
        orgName: byId.get(r.id)?.orgName ?? '',
        contacts: r.contacts,
        lastOn: r.lastOn,
      })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

const wayLabel = labelOf(contactWayLabels);
const contactLogs: Metric = {
  key: 'contact-work.contactLogs',
  label: zhEn('联系记录', 'Contact logs'),
  unit: zhEn('次', 'contacts'),
  description: zhEn('期间内记录的联系次数', 'Contacts logged in the period'),
  dimensions: [{ key: 'way', label: zhEn('联系方式', 'Way') }],
  groupLabel: (_d, v, lang) => wayLabel(v, lang),
  async compute(ctx, groupBy) {
    if (groupBy !== 'way') {
      const res = await ctx.db.execute<{ value: number }>(sql`select count(*)::int as value from ${logsByOrg(ctx, sql`1 as one`)}`);
      return [{ group: null, value: Number(res.rows[0]?.value ?? 0) }];
    }
    const res = await ctx.db.execute<{ group: string; value: number }>(
      sql`select l.way as "group", count(*)::int as value from ${logsByOrg(ctx, sql`l.way`)} group by l.way order by 2 desc`,
    );
    return res.rows.map((r) => ({ group: r.group, value: Number(r.value) }));
  },
  async rows(ctx, q) {
    const after = afterCursor(q.cursor);
    const rows = await ctx.db
      .select({
        id: cwContactLog.id,
        contactedOn: cwContactLog.contactedOn,
        name: cwContact.name,
        way: cwContactLog.way,
        topic: cwContactLog.topic,
        orgName: org.name,
      })
      .from(cwContactLog)
      .innerJoin(org, eq(org.id, cwContactLog.orgId))
      .innerJoin(cwContact, eq(cwContact.id, cwContactLog.contactId))
      .where(
        and(
          logsIn(ctx),
          q.groupBy === 'way' && q.group ? eq(cwContactLog.way, q.group) : undefined,
          after === null ? undefined : sql`${cwContactLog.id} > ${String(after)}`,
        ),
      )
      .orderBy(asc(cwContactLog.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      columns: cols(
        ctx.lang,
        ['contactedOn', '日期', 'Date'],
        ['name', '青年', 'Youth'],
        ['orgName', '所在组织', 'Org'],
        ['way', '方式', 'Way'],
        ['topic', '主题', 'Topic'],
      ),
      items: page.map((r) => ({ ...r, way: wayLabel(r.way as ContactWay, ctx.lang) })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

const sourceLabel = labelOf(suggestionSourceLabels);
const stateLabel = labelOf(suggestionWorkflow.states);
const suggestionDims = [
  { key: 'source', label: zhEn('来源', 'Source') },
  { key: 'state', label: zhEn('状态', 'State') },
];
function suggestionGroup(groupBy: string | null) {
  return groupBy === 'source' ? cwSuggestion.source : groupBy === 'state' ? cwSuggestion.state : null;
}

async function suggestionRows(ctx: MetricContext, q: Parameters<Metric['rows']>[1], extra: SQL | undefined): Promise<MetricRows> {
  const after = afterCursor(q.cursor);
  const col = suggestionGroup(q.groupBy);
  const rows = await ctx.db
    .select({
      id: cwSuggestion.id,
      receivedOn: cwSuggestion.receivedOn,
      orgName: org.name,
      title: cwSuggestion.title,
      source: cwSuggestion.source,
      state: cwSuggestion.state,
      settledOn: cwSuggestion.settledOn,
      followedUpOn: cwSuggestion.followedUpOn,
    })
    .from(cwSuggestion)
    .innerJoin(org, eq(org.id, cwSuggestion.orgId))
    .where(
      and(suggestionsIn(ctx), extra, col && q.group ? eq(col, q.group) : undefined, after === null ? undefined : sql`${cwSuggestion.id} > ${String(after)}`),
    )
    .orderBy(asc(cwSuggestion.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    columns: cols(
      ctx.lang,
      ['receivedOn', '收集日期', 'Received'],
      ['orgName', '团组织', 'Org'],
      ['title', '标题', 'Title'],
      ['source', '来源', 'Source'],
      ['state', '状态', 'State'],
      ['settledOn', '办结日期', 'Settled'],
      ['followedUpOn', '回访日期', 'Followed up'],
    ),
    items: page.map((r) => ({ ...r, source: sourceLabel(r.source as SuggestionSource, ctx.lang), state: stateLabel(r.state as SuggestionState, ctx.lang) })),
    nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
  };
}

async function suggestionCounts(ctx: MetricContext, groupBy: string | null, extra?: SQL) {
  const col = suggestionGroup(groupBy);
  if (!col) {
    const [r] = await ctx.db
      .select({ value: n })
      .from(cwSuggestion)
      .innerJoin(org, eq(org.id, cwSuggestion.orgId))
      .where(and(suggestionsIn(ctx), extra));
    return [{ group: null, value: r?.value ?? 0 }];
  }
  return ctx.db
    .select({ group: col, value: n })
    .from(cwSuggestion)
    .innerJoin(org, eq(org.id, cwSuggestion.orgId))
    .where(and(suggestionsIn(ctx), extra))
    .groupBy(col)
    .orderBy(sql`2 desc`);
}

const suggestionGroupLabel = (d: string, v: string | null, lang: Lang) => (d === 'state' ? stateLabel(v, lang) : sourceLabel(v, lang));
const followedUpCond = sql`${cwSuggestion.followedUpOn} is not null`;
const resolvedCond = sql`${cwSuggestion.outcome} = 'resolved'`;

const suggestions: Metric = {
  key: 'contact-work.suggestions',
  label: zhEn('收集意见建议', 'Suggestions collected'),
  unit: zhEn('个', 'suggestions'),
  description: zhEn('期间内收集的意见建议（不含作废）', 'Suggestions received in the period (void excluded)'),
  dimensions: suggestionDims,
  groupLabel: suggestionGroupLabel,
  compute: (ctx, groupBy) => suggestionCounts(ctx, groupBy),
  rows: (ctx, q) => suggestionRows(ctx, q, undefined),
};

const followedUp: Metric = {
  key: 'contact-work.followedUp',
  label: zhEn('回访落实', 'Followed up'),
  unit: zhEn('个', 'suggestions'),
  description: zhEn('期间内收集的意见建议中已回访的个数', 'Of the suggestions received in the period, those followed up'),
  dimensions: suggestionDims,
  groupLabel: suggestionGroupLabel,
  compute: (ctx, groupBy) => suggestionCounts(ctx, groupBy, followedUpCond),
  rows: (ctx, q) => suggestionRows(ctx, q, followedUpCond),
};

const resolutionRate: Metric = {
  key: 'contact-work.resolutionRate',
  kind: 'ratio',
  label: zhEn('意见建议解决率', 'Resolution rate'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '期间内收集的意见建议中已解决的比例（解释说明的不计为解决）；明细列出未解决的',
    'Share of the suggestions received in the period that were resolved (explained ones are not); rows list the unresolved',
  ),
  dimensions: [{ key: 'source', label: zhEn('来源', 'Source') }],
  groupLabel: suggestionGroupLabel,
  async compute(ctx, groupBy) {
    const numerator = sql<number>`(count(*) filter (where ${resolvedCond}))::int`;
    if (groupBy !== 'source') {
      const [r] = await ctx.db
        .select({ numerator, denominator: n })
        .from(cwSuggestion)
        .innerJoin(org, eq(org.id, cwSuggestion.orgId))
        .where(suggestionsIn(ctx));
      return [{ group: null, numerator: r?.numerator ?? 0, denominator: r?.denominator ?? 0 }];
    }
    return ctx.db
      .select({ group: cwSuggestion.source, numerator, denominator: n })
      .from(cwSuggestion)
      .innerJoin(org, eq(org.id, cwSuggestion.orgId))
      .where(suggestionsIn(ctx))
      .groupBy(cwSuggestion.source);
  },
  rows: (ctx, q) => suggestionRows(ctx, q, sql`${cwSuggestion.outcome} is distinct from 'resolved'`),
};

/** Cadres the "1+100" target applies to, with their progress, lowest first. */
async function targetCadres(ctx: MetricContext) {
  return cadreProgress(ctx.db, ctx.scope, ctx.from, ctx.to, { onlyTarget: true, withBook: false });
}
async function cadreRows(
  ctx: MetricContext,
  q: Parameters<Metric['rows']>[1],
  filter: (c: { contacted: number; target: number }) => boolean,
): Promise<MetricRows> {
  const all = (await cadreProgress(ctx.db, ctx.scope, ctx.from, ctx.to, { onlyTarget: true })).filter(filter);
  const offset = offsetOf(q.cursor);
  const page = all.slice(offset, offset + q.limit);
  return {
    columns: cols(
      ctx.lang,
      ['name', '团干部', 'Cadre'],
      ['orgName', '所在组织', 'Org'],
      ['contacted', '期间联系青年', 'Youths contacted'],
      ['target', '目标', 'Target'],
      ['book', '联系名单', 'In book'],
    ),
    items: page.map((c) => ({ name: c.name, orgName: c.orgName, contacted: c.contacted, target: c.target, book: c.book })),
    nextCursor: offset + q.limit < all.length ? encodeCursor([offset + q.limit]) : null,
  };
}

const cadresAtTarget: Metric = {
  key: 'contact-work.cadresAtTarget',
  kind: 'ratio',
  label: zhEn('“1+100”达标率', '"1+100" cadres at target'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '期间内联系青年数达到目标（默认 100 名，可按组织设置）的专职团干部占专职团干部的比例；明细列出未达标的',
    'Share of full-time cadres who contacted at least their target of youths (100 unless set) in the period; rows list those below',
  ),
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const all = await targetCadres(ctx);
    return [{ group: null, numerator: all.filter((c) => c.contacted >= c.target).length, denominator: all.length }];
  },
  rows: (ctx, q) => cadreRows(ctx, q, (c) => c.contacted < c.target),
};

const targetCompletion: Metric = {
  key: 'contact-work.targetCompletion',
  kind: 'ratio',
  label: zhEn('人均联系青年完成率', 'Contacts per cadre against target'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '专职团干部期间联系青年人数之和 ÷ 目标之和（人均联系数 ÷ 人均目标）；明细为每名专职团干部',
    'Youths contacted by full-time cadres over the sum of their targets (the average against the target); rows give each cadre',
  ),
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const all = await targetCadres(ctx);
    return [{ group: null, numerator: all.reduce((s, c) => s + c.contacted, 0), denominator: all.reduce((s, c) => s + c.target, 0) }];
  },
  rows: (ctx, q) => cadreRows(ctx, q, () => true),
};

const channelLabel = labelOf(proposalChannelLabels);
const proposalStateLabel = labelOf(proposalWorkflow.states);
const proposals: Metric = {
  key: 'contact-work.proposals',
  label: zhEn('提交议（提）案', 'Proposals submitted'),
  unit: zhEn('件', 'proposals'),
  description: zhEn(
    '期间内通过团代表、青联委员、人大代表、政协委员提交的议案提案（不含撤回）',
    'Proposals submitted through deputies and members in the period (withdrawn excluded)',
  ),
  dimensions: [
    { key: 'channel', label: zhEn('提交渠道', 'Channel') },
    { key: 'state', label: zhEn('状态', 'State') },
  ],
  groupLabel: (d, v, lang) => (d === 'state' ? proposalStateLabel(v, lang) : channelLabel(v, lang)),
  async compute(ctx, groupBy) {
    const col = groupBy === 'channel' ? cwProposal.channel : groupBy === 'state' ? cwProposal.state : null;
    if (!col) {
      const [r] = await ctx.db.select({ value: n }).from(cwProposal).innerJoin(org, eq(org.id, cwProposal.orgId)).where(proposalsIn(ctx));
      return [{ group: null, value: r?.value ?? 0 }];
    }
    return ctx.db
      .select({ group: col, value: n })
      .from(cwProposal)
      .innerJoin(org, eq(org.id, cwProposal.orgId))
      .where(proposalsIn(ctx))
      .groupBy(col)
      .orderBy(sql`2 desc`);
  },
  async rows(ctx, q) {
    const after = afterCursor(q.cursor);
    const col = q.groupBy === 'channel' ? cwProposal.channel : q.groupBy === 'state' ? cwProposal.state : null;
    const rows = await ctx.db
      .select({
        id: cwProposal.id,
        submittedOn: cwProposal.submittedOn,
        orgName: org.name,
        title: cwProposal.title,
        proposer: cwProposal.proposer,
        channel: cwProposal.channel,
        state: cwProposal.state,
      })
      .from(cwProposal)
      .innerJoin(org, eq(org.id, cwProposal.orgId))
      .where(and(proposalsIn(ctx), col && q.group ? eq(col, q.group) : undefined, after === null ? undefined : sql`${cwProposal.id} > ${String(after)}`))
      .orderBy(asc(cwProposal.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      columns: cols(
        ctx.lang,
        ['submittedOn', '提交日期', 'Submitted'],
        ['orgName', '团组织', 'Org'],
        ['title', '标题', 'Title'],
        ['proposer', '提交人', 'Proposer'],
        ['channel', '渠道', 'Channel'],
        ['state', '状态', 'State'],
      ),
      items: page.map((r) => ({
        ...r,
        channel: channelLabel(r.channel as ProposalChannel, ctx.lang),
        state: proposalStateLabel(r.state as ProposalState, ctx.lang),
      })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

const kindLabel = labelOf(pairingKindLabels);
const pairings: Metric = {
  key: 'contact-work.pairings',
  label: zhEn('“手拉手”结对', 'Pairings'),
  unit: zhEn('对', 'pairs'),
  description: zhEn('期间内处于结对状态的“手拉手”结对数', 'Pairings active at some time in the period'),
  dimensions: [{ key: 'kind', label: zhEn('结对类型', 'Kind') }],
  groupLabel: (_d, v, lang) => kindLabel(v, lang),
  async compute(ctx, groupBy) {
    if (groupBy !== 'kind') {
      const [r] = await ctx.db.select({ value: n }).from(cwPairing).innerJoin(org, eq(org.id, cwPairing.orgId)).where(pairingsIn(ctx));
      return [{ group: null, value: r?.value ?? 0 }];
    }
    return ctx.db
      .select({ group: cwPairing.kind, value: n })
      .from(cwPairing)
      .innerJoin(org, eq(org.id, cwPairing.orgId))
      .where(pairingsIn(ctx))
      .groupBy(cwPairing.kind)
      .orderBy(sql`2 desc`);
  },
  async rows(ctx, q) {
    const after = afterCursor(q.cursor);
    const rows = await ctx.db
      .select({
        id: cwPairing.id,
        orgName: org.name,
        kind: cwPairing.kind,
        sideA: cwPairing.sideA,
        sideB: cwPairing.sideB,
        startedOn: cwPairing.startedOn,
        endedOn: cwPairing.endedOn,
      })
      .from(cwPairing)
      .innerJoin(org, eq(org.id, cwPairing.orgId))
      .where(
        and(
          pairingsIn(ctx),
          q.groupBy === 'kind' && q.group ? eq(cwPairing.kind, q.group) : undefined,
          after === null ? undefined : sql`${cwPairing.id} > ${String(after)}`,
        ),
      )
      .orderBy(asc(cwPairing.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      columns: cols(
        ctx.lang,
        ['orgName', '团组织', 'Org'],
        ['kind', '类型', 'Kind'],
        ['sideA', '甲方', 'Side A'],
        ['sideB', '乙方', 'Side B'],
        ['startedOn', '结对日期', 'Started'],
        ['endedOn', '结束日期', 'Ended'],
      ),
      items: page.map((r) => ({ ...r, kind: kindLabel(r.kind as PairingKind, ctx.lang) })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

export const contactWorkMetrics: Metric[] = [
  orgsVisited,
  reports,
  youthsContacted,
  contactLogs,
  suggestions,
  followedUp,
  resolutionRate,
  cadresAtTarget,
  targetCompletion,
  proposals,
  pairings,
];
