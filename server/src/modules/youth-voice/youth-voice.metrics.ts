import { sql, type SQL } from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext, MetricRows } from '../../platform/metrics/registry.ts';
import type { Lang, Messages } from '../../platform/errors.ts';
import { categoryLabels, outcomeLabels, questionWorkflow, wishWorkflow } from './youth-voice.rules.ts';
import { outcomeKinds, questionCategories, type OutcomeKind, type QuestionCategory, type QuestionStatus, type WishStatus } from './youth-voice.schema.ts';

const zhEn = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });
const uuidLike = /^[0-9a-f-]{36}$/i;
const monthLike = /^\d{4}-\d{2}$/;

/** A day of a timestamp in China, for period bounds and months. */
const chinaDay = (col: SQL) => sql`(${col} at time zone 'Asia/Shanghai')::date`;
const inPeriod = (ctx: MetricContext, day: SQL) => sql`${day} between ${ctx.from}::date and ${ctx.to}::date`;

type Dim = { key: string; label: Messages; expr: SQL; valid: (g: string) => boolean; label_: (g: string, lang: Lang) => string };

const monthDim = (day: SQL): Dim => ({
  key: 'month',
  label: zhEn('月份', 'Month'),
  expr: sql`to_char(${day}, 'YYYY-MM')`,
  valid: (g) => monthLike.test(g),
  label_: (g) => g,
});
const categoryDim: Dim = {
  key: 'category',
  label: zhEn('问题类别', 'Category'),
  expr: sql`t.category`,
  valid: (g) => (questionCategories as readonly string[]).includes(g),
  label_: (g, lang) => categoryLabels[g as QuestionCategory]?.[lang] ?? g,
};
const kindDim: Dim = {
  key: 'kind',
  label: zhEn('转办类型', 'Outcome kind'),
  expr: sql`t.kind`,
  valid: (g) => (outcomeKinds as readonly string[]).includes(g),
  label_: (g, lang) => outcomeLabels[g as OutcomeKind]?.[lang] ?? g,
};

type Spec = {
  key: string;
  label: Messages;
  unit: Messages;
  description: Messages;
  /** `from … join org o …` with the alias t for the rows */
  from: SQL;
  /** the China day that puts a row in a period */
  day: SQL;
  where?: SQL;
  /** count(*) unless given (a sum of visits) */
  value?: SQL;
  dims: Dim[];
  columns: { key: string; label: Messages }[];
  select: SQL;
};

function dimOf(spec: Spec, by: string | null): Dim | null {
  return spec.dims.find((d) => d.key === by) ?? null;
}
function groupFilter(dim: Dim | null, group: string | null): SQL {
  if (!dim || group === null) return sql``;
  return dim.valid(group) ? sql`and ${dim.expr} = ${group}` : sql`and false`;
}
function whereOf(spec: Spec, ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(sql`o.path`)} and ${inPeriod(ctx, spec.day)} ${spec.where ? sql`and ${spec.where}` : sql``}`;
}

async function drill(
  spec: Spec,
  ctx: MetricContext,
  q: { groupBy: string | null; group: string | null; cursor: string | null; limit: number },
): Promise<MetricRows> {
  const c = decodeCursor(q.cursor ?? undefined);
  const after = c && typeof c[0] === 'string' && uuidLike.test(c[0]) ? c[0] : null;
  const res = await ctx.db.execute<Record<string, unknown> & { id: string }>(sql`
    select t.id, ${spec.select} ${spec.from}
    where ${whereOf(spec, ctx)} ${groupFilter(dimOf(spec, q.groupBy), q.group)} ${after ? sql`and t.id > ${after}::uuid` : sql``}
    order by t.id limit ${q.limit + 1}`);
  const page = res.rows.slice(0, q.limit);
  return {
    columns: spec.columns.map((col) => ({ key: col.key, label: col.label[ctx.lang] })),
    items: page.map((r) => translate(r, ctx.lang)),
    nextCursor: res.rows.length > q.limit ? encodeCursor([String(page.at(-1)?.id ?? '')]) : null,
  };
}

/** Status and category codes in the drill-down read as words. */
function translate(r: Record<string, unknown>, lang: Lang): Record<string, unknown> {
  const out = { ...r };
  if (typeof out.questionStatus === 'string') out.questionStatus = questionWorkflow.states[out.questionStatus as QuestionStatus]?.[lang] ?? out.questionStatus;
  if (typeof out.wishStatus === 'string') out.wishStatus = wishWorkflow.states[out.wishStatus as WishStatus]?.[lang] ?? out.wishStatus;
  if (typeof out.category === 'string') out.category = categoryLabels[out.category as QuestionCategory]?.[lang] ?? out.category;
  if (typeof out.kind === 'string') out.kind = outcomeLabels[out.kind as OutcomeKind]?.[lang] ?? out.kind;
  return out;
}

function countMetric(spec: Spec): Metric {
  return {
    key: spec.key,
    label: spec.label,
    unit: spec.unit,
    description: spec.description,
    dimensions: spec.dims.map((d) => ({ key: d.key, label: d.label })),
    groupLabel: (d, g, lang) => (g === null ? '—' : (spec.dims.find((x) => x.key === d)?.label_(g, lang) ?? g)),
    async compute(ctx, groupBy) {
      const dim = dimOf(spec, groupBy);
      const res = await ctx.db.execute<{ group: string | null; value: number }>(sql`
        select ${dim ? dim.expr : sql`null`} as "group", coalesce(${spec.value ?? sql`count(*)`}, 0)::bigint::float8 as value
        ${spec.from} where ${whereOf(spec, ctx)} group by 1 order by 1`);
      const rows = res.rows.map((r) => ({ group: r.group, value: Number(r.value) }));
      return dim ? rows : [{ group: null, value: rows[0]?.value ?? 0 }];
    },
    rows: (ctx, q) => drill(spec, ctx, q),
  };
}

const questionFrom = sql`from yv_question t join org o on o.id = t.org_id`;
const questionColumns = [
  { key: 'title', label: zhEn('标题', 'Title') },
  { key: 'category', label: zhEn('类别', 'Category') },
  { key: 'orgName', label: zhEn('承办组织', 'Org') },
  { key: 'receivedOn', label: zhEn('提问日期', 'Asked on') },
  { key: 'answeredOn', label: zhEn('回答日期', 'Answered on') },
  { key: 'questionStatus', label: zhEn('状态', 'Status') },
];
const questionSelect = sql`t.title, t.category, o.name as "orgName",
  to_char(t.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "receivedOn",
  to_char(t.answered_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "answeredOn", t.status as "questionStatus"`;
const receivedDay = chinaDay(sql`t.created_at`);
const answeredDay = chinaDay(sql`t.answered_at`);

const questionsReceived = countMetric({
  key: 'youth-voice.questionsReceived',
  label: zhEn('青年之声受理问题数', 'Youth Voice questions received'),
  unit: zhEn('个', 'questions'),
  description: zhEn('期间内收到的提问（按承办组织统计）', 'Questions received in the period, counted at the org handling them'),
  from: questionFrom,
  day: receivedDay,
  dims: [monthDim(receivedDay), categoryDim],
  columns: questionColumns,
  select: questionSelect,
});

const questionsAnswered = countMetric({
  key: 'youth-voice.questionsAnswered',
  label: zhEn('青年之声回答问题数', 'Youth Voice questions answered'),
  unit: zhEn('个', 'questions'),
  description: zhEn('期间内作出回答的问题', 'Questions answered in the period'),
  from: questionFrom,
  day: answeredDay,
  where: sql`t.answered_at is not null and t.status in ('answered', 'published')`,
  dims: [monthDim(answeredDay), categoryDim],
  columns: questionColumns,
  select: questionSelect,
});

const answerRate: Metric = {
  key: 'youth-voice.answerRate',
  kind: 'ratio',
  label: zhEn('青年之声答复率', 'Youth Voice answer rate'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '期间内收到的问题（不予受理的除外）中已回答的比例；合计为 Σ已回答 ÷ Σ收到',
    'Of the questions received in the period (rejected ones aside), the share answered; the total is Σ answered ÷ Σ received',
  ),
  dimensions: [
    { key: 'month', label: zhEn('月份', 'Month') },
    { key: 'category', label: categoryDim.label },
  ],
  groupLabel: (d, g, lang) => (g === null ? '—' : d === 'category' ? categoryDim.label_(g, lang) : g),
  async compute(ctx, groupBy) {
    const dim = groupBy === 'month' ? monthDim(receivedDay) : groupBy === 'category' ? categoryDim : null;
    const res = await ctx.db.execute<{ group: string | null; numerator: number; denominator: number }>(sql`
      select ${dim ? dim.expr : sql`null`} as "group", count(*) filter (where t.status in ('answered', 'published'))::int as numerator, count(*)::int as denominator
      ${questionFrom} where ${ctx.scope.where(sql`o.path`)} and ${inPeriod(ctx, receivedDay)} and t.status <> 'rejected' group by 1 order by 1`);
    const rows = res.rows.map((r) => ({ group: r.group, numerator: Number(r.numerator), denominator: Number(r.denominator) }));
    return dim ? rows : [{ group: null, numerator: rows[0]?.numerator ?? 0, denominator: rows[0]?.denominator ?? 0 }];
  },
  rows: (ctx, q) =>
    drill(
      {
        key: 'youth-voice.answerRate',
        label: zhEn('', ''),
        unit: zhEn('', ''),
        description: zhEn('', ''),
        from: questionFrom,
        day: receivedDay,
        where: sql`t.status <> 'rejected'`,
        dims: [monthDim(receivedDay), categoryDim],
        columns: questionColumns,
        select: questionSelect,
      },
      ctx,
      q,
    ),
};

const outcomeDay = chinaDay(sql`t.created_at`);
const actedOn = countMetric({
  key: 'youth-voice.actedOn',
  label: zhEn('青年之声转办数', 'Youth Voice questions acted on'),
  unit: zhEn('件', 'outcomes'),
  description: zhEn(
    '期间内问题转为 12355 个案、微心愿或意见建议的件数（听-答-办）',
    'Questions that became a 12355 case, a wish or a suggestion in the period',
  ),
  from: sql`from yv_outcome t join yv_question qq on qq.id = t.question_id join org o on o.id = t.org_id`,
  day: outcomeDay,
  dims: [kindDim, monthDim(outcomeDay)],
  columns: [
    { key: 'title', label: zhEn('问题', 'Question') },
    { key: 'kind', label: zhEn('转办类型', 'Outcome') },
    { key: 'refId', label: zhEn('转办对象', 'Reference') },
    { key: 'orgName', label: zhEn('组织', 'Org') },
    { key: 'on', label: zhEn('日期', 'Date') },
  ],
  select: sql`qq.title, t.kind, t.ref_id as "refId", o.name as "orgName", to_char(t.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "on"`,
});

const wishFrom = sql`from yv_wish t join org o on o.id = t.org_id`;
const wishColumns = [
  { key: 'wish', label: zhEn('心愿', 'Wish') },
  { key: 'ageBand', label: zhEn('年龄段', 'Age band') },
  { key: 'area', label: zhEn('地区', 'Area') },
  { key: 'orgName', label: zhEn('组织', 'Org') },
  { key: 'on', label: zhEn('日期', 'Date') },
  { key: 'wishStatus', label: zhEn('状态', 'Status') },
];
function wishMetric(key: string, label: Messages, description: Messages, column: string, where?: SQL): Metric {
  const day = chinaDay(sql.raw(`t.${column}`));
  return countMetric({
    key,
    label,
    unit: zhEn('个', 'wishes'),
    description,
    from: wishFrom,
    day,
    where: where ?? sql.raw(`t.${column} is not null`),
    dims: [monthDim(day)],
    columns: wishColumns,
    select: sql`t.wish, t.age_band as "ageBand", t.area, o.name as "orgName", to_char(${day}, 'YYYY-MM-DD') as "on", t.status as "wishStatus"`,
  });
}

const wishesCollected = wishMetric(
  'youth-voice.wishesCollected',
  zhEn('微心愿征集数', 'Micro-wishes collected'),
  zhEn('期间内收集的心愿', 'Wishes collected in the period'),
  'created_at',
);
const wishesPublished = wishMetric(
  'youth-voice.wishesPublished',
  zhEn('微心愿发布数', 'Micro-wishes published'),
  zhEn('期间内公开发布的心愿', 'Wishes published in the period'),
  'published_at',
);
const wishesClaimed = wishMetric(
  'youth-voice.wishesClaimed',
  zhEn('微心愿认领数', 'Micro-wishes claimed'),
  zhEn('期间内被认领的心愿', 'Wishes claimed in the period'),
  'claimed_at',
);
const wishesFulfilled = wishMetric(
  'youth-voice.wishesFulfilled',
  zhEn('微心愿实现数', 'Micro-wishes fulfilled'),
  zhEn('期间内送达（实现）的心愿，附送达凭证', 'Wishes delivered in the period, with proof'),
  'delivered_at',
  sql`t.delivered_at is not null and t.status in ('delivered', 'followed_up')`,
);

const visitDay = sql`t.day`;
const visits = countMetric({
  key: 'youth-voice.visits',
  label: zhEn('青年之声访问量', 'Youth Voice visits'),
  unit: zhEn('次', 'visits'),
  description: zhEn('从青年之声平台导出导入的访问量', 'Visits imported from the Youth Voice platform’s export'),
  from: sql`from yv_visit t join org o on o.id = t.org_id`,
  day: visitDay,
  value: sql`sum(t.visits)`,
  dims: [monthDim(visitDay)],
  columns: [
    { key: 'orgName', label: zhEn('组织', 'Org') },
    { key: 'day', label: zhEn('日期', 'Date') },
    { key: 'visits', label: zhEn('访问量', 'Visits') },
  ],
  select: sql`o.name as "orgName", to_char(t.day, 'YYYY-MM-DD') as day, t.visits`,
});

/** The module's figures, listed in its definition (index.ts). */
export const youthVoiceMetrics: Metric[] = [
  questionsReceived,
  questionsAnswered,
  answerRate,
  actedOn,
  wishesCollected,
  wishesPublished,
  wishesClaimed,
  wishesFulfilled,
  visits,
];
