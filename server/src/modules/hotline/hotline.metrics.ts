// The hotline's figures: cases by channel, category, risk and outcome; callers (人) and
// consultations (人次); SLA met rate; satisfaction; referrals; lectures and their reach.
import { sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext, MetricRows } from '../../platform/metrics/registry.ts';
import { agencyLabels, channelLabels, groupWorkLabels, outcomeLabels, riskLabels } from './hotline.labels.ts';
import { caseWorkflow } from './hotline.workflow.ts';

const zhEn = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const dim = (key: string, zh: string, en: string) => ({ key, label: zhEn(zh, en) });
const uuidLike = /^[0-9a-f-]{36}$/i;
type Labels = Record<string, { 'zh-CN': string; 'en-US': string }>;
const coded: Record<string, Labels> = {
  channel: channelLabels,
  risk: riskLabels,
  outcome: outcomeLabels,
  agency: agencyLabels,
  kind: { ...groupWorkLabels, session: zhEn('咨询会谈', 'Session'), follow_up: zhEn('回访', 'Follow-up') },
  status: { ...caseWorkflow.states, pending: zhEn('待确认', 'Pending'), confirmed: zhEn('已确认', 'Confirmed'), cancelled: zhEn('已撤回', 'Withdrawn') },
  unit: { people: zhEn('人', 'people'), person_times: zhEn('人次', 'person-times') },
  minor: { true: zhEn('未成年人', 'Minors'), false: zhEn('成年人', 'Adults') },
  form: { phone: zhEn('电话', 'Phone'), face: zhEn('面谈', 'Face to face'), online: zhEn('网络', 'Online'), visit: zhEn('走访', 'Visit') },
};
function groupLabel(d: string, value: string | null, lang: Lang): string {
  if (value === null) return lang === 'zh-CN' ? '未填' : 'none';
  return coded[d]?.[value]?.[lang] ?? value;
}

/** A figure over one table: its rows in scope and period, a count or a sum, grouped by one of its dimensions. */
type Source = {
  /** from … joined to `org o` on the row's owner */
  from: SQL;
  /** the row's date column compared with the period */
  day: SQL;
  /** the unique id column, for drill-down paging */
  id: SQL;
  extra?: SQL;
  groups: Record<string, SQL>;
  columns: { key: string; zh: string; en: string; sql: SQL; coded?: string }[];
};

const where = (ctx: MetricContext, s: Source) =>
  sql`${ctx.scope.where(sql`o.path`)} and ${s.day} between ${ctx.from}::date and ${ctx.to}::date ${s.extra ? sql`and ${s.extra}` : sql``}`;

function groupFilter(s: Source, by: string | null, group: string | null): SQL {
  if (!by || !s.groups[by]) return sql``;
  return group === null ? sql`and ${s.groups[by]} is null` : sql`and ${s.groups[by]}::text = ${group}`;
}

async function rowsOf(
  ctx: MetricContext,
  s: Source,
  q: { groupBy: string | null; group: string | null; cursor: string | null; limit: number },
): Promise<MetricRows> {
  const c = decodeCursor(q.cursor ?? undefined);
  const after = c && uuidLike.test(String(c[0])) ? String(c[0]) : null;
  const cols = sql.join(
    s.columns.map((col) => sql`${col.sql} as ${sql.identifier(col.key)}`),
    sql`, `,
  );
  const res = await ctx.db.execute<Record<string, unknown>>(sql`
    select ${s.id} as "rowId", ${cols} ${s.from}
    where ${where(ctx, s)} ${groupFilter(s, q.groupBy, q.group)} ${after ? sql`and ${s.id} > ${after}::uuid` : sql``}
    order by ${s.id} limit ${q.limit + 1}`);
  const zh = ctx.lang === 'zh-CN';
  const page = res.rows.slice(0, q.limit);
  return {
    columns: s.columns.map((col) => ({ key: col.key, label: zh ? col.zh : col.en })),
    items: page.map(({ rowId: _id, ...r }) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => {
          const code = s.columns.find((col) => col.key === k)?.coded;
          return [k, code && v !== null ? groupLabel(code, String(v), ctx.lang) : v];
        }),
      ),
    ),
    nextCursor: res.rows.length > q.limit ? encodeCursor([String(page.at(-1)?.rowId ?? '')]) : null,
  };
}

async function countBy(ctx: MetricContext, s: Source, groupBy: string | null, value: SQL = sql`count(*)`) {
  const g = groupBy ? s.groups[groupBy] : undefined;
  const res = await ctx.db.execute<{ group: string | null; value: number }>(sql`
    select ${g ? sql`${g}::text` : sql`null`} as "group", coalesce(${value}, 0)::float8 as value ${s.from}
    where ${where(ctx, s)} ${g ? sql`group by 1 order by 2 desc` : sql``}`);
  return g ? res.rows.map((r) => ({ group: r.group, value: Number(r.value) })) : [{ group: null, value: Number(res.rows[0]?.value ?? 0) }];
}

async function ratioBy(ctx: MetricContext, s: Source, groupBy: string | null, numerator: SQL) {
  const g = groupBy ? s.groups[groupBy] : undefined;
  const res = await ctx.db.execute<{ group: string | null; n: number; d: number }>(sql`
    select ${g ? sql`${g}::text` : sql`null`} as "group", count(*) filter (where ${numerator})::int as n, count(*)::int as d ${s.from}
    where ${where(ctx, s)} ${g ? sql`group by 1 order by 3 desc` : sql``}`);
  return g
    ? res.rows.map((r) => ({ group: r.group, numerator: r.n, denominator: r.d }))
    : [{ group: null, numerator: res.rows[0]?.n ?? 0, denominator: res.rows[0]?.d ?? 0 }];
}

const caseColumns = [
  { key: 'number', zh: '个案编号', en: 'Case', sql: sql`c.number` },
  { key: 'orgName', zh: '承办组织', en: 'Org', sql: sql`o.name` },
  { key: 'receivedOn', zh: '受理日期', en: 'Received', sql: sql`c.received_on::text` },
  { key: 'channel', zh: '渠道', en: 'Channel', sql: sql`c.channel`, coded: 'channel' },
  { key: 'category', zh: '类别', en: 'Category', sql: sql`c.category` },
  { key: 'risk', zh: '风险', en: 'Risk', sql: sql`c.risk`, coded: 'risk' },
  { key: 'status', zh: '状态', en: 'Status', sql: sql`c.status`, coded: 'status' },
  { key: 'outcome', zh: '结案结果', en: 'Outcome', sql: sql`c.outcome`, coded: 'outcome' },
  { key: 'caller', zh: '来电人（脱敏）', en: 'Caller (masked)', sql: sql`case when c.anonymous then '匿名' else c.caller_name_masked end` },
];
const caseGroups = {
  channel: sql`c.channel`,
  category: sql`c.category`,
  subcategory: sql`c.subcategory`,
  risk: sql`c.risk`,
  status: sql`c.status`,
  outcome: sql`c.outcome`,
  minor: sql`c.caller_minor`,
  month: sql`to_char(c.received_on, 'YYYY-MM')`,
};
const received: Source = {
  from: sql`from hotline_case c join org o on o.id = c.org_id`,
  day: sql`c.received_on`,
  id: sql`c.id`,
  groups: caseGroups,
  columns: caseColumns,
};
const closed: Source = {
  ...received,
  day: sql`c.closed_on`,
  extra: sql`c.status = 'closed'`,
  groups: { ...caseGroups, month: sql`to_char(c.closed_on, 'YYYY-MM')` },
};
const answered: Source = {
  ...received,
  day: sql`(c.satisfaction_at at time zone 'Asia/Shanghai')::date`,
  extra: sql`c.satisfaction is not null`,
  columns: [...caseColumns.slice(0, 5), { key: 'satisfaction', zh: '满意度', en: 'Satisfaction', sql: sql`c.satisfaction` }],
};
const caseDims = [
  dim('channel', '渠道', 'Channel'),
  dim('category', '类别', 'Category'),
  dim('subcategory', '子类', 'Sub-category'),
  dim('risk', '风险等级', 'Risk'),
  dim('status', '状态', 'Status'),
  dim('outcome', '结案结果', 'Outcome'),
  dim('minor', '未成年人', 'Minor'),
  dim('month', '月份', 'Month'),
];
const sessions: Source = {
  from: sql`from hotline_session s join hotline_case c on c.id = s.case_id join org o on o.id = s.org_id`,
  day: sql`s.held_on`,
  id: sql`s.id`,
  groups: { kind: sql`s.kind`, form: sql`s.form`, category: sql`c.category`, channel: sql`c.channel`, month: sql`to_char(s.held_on, 'YYYY-MM')` },
  columns: [
    { key: 'number', zh: '个案编号', en: 'Case', sql: sql`c.number` },
    { key: 'orgName', zh: '承办组织', en: 'Org', sql: sql`o.name` },
    { key: 'heldOn', zh: '日期', en: 'Date', sql: sql`s.held_on::text` },
    { key: 'kind', zh: '类型', en: 'Kind', sql: sql`s.kind`, coded: 'kind' },
    { key: 'form', zh: '形式', en: 'Form', sql: sql`s.form`, coded: 'form' },
    { key: 'minutes', zh: '时长（分钟）', en: 'Minutes', sql: sql`s.minutes` },
    { key: 'category', zh: '类别', en: 'Category', sql: sql`c.category` },
  ],
};
const referrals: Source = {
  from: sql`from hotline_referral r join hotline_case c on c.id = r.case_id join org o on o.id = r.org_id`,
  day: sql`r.referred_on`,
  id: sql`r.id`,
  groups: { agency: sql`r.agency`, status: sql`r.status`, category: sql`c.category`, month: sql`to_char(r.referred_on, 'YYYY-MM')` },
  columns: [
    { key: 'number', zh: '个案编号', en: 'Case', sql: sql`c.number` },
    { key: 'orgName', zh: '承办组织', en: 'Org', sql: sql`o.name` },
    { key: 'referredOn', zh: '转介日期', en: 'Referred on', sql: sql`r.referred_on::text` },
    { key: 'agency', zh: '转介机构', en: 'Agency', sql: sql`r.agency`, coded: 'agency' },
    { key: 'receivingParty', zh: '接收方', en: 'Receiving party', sql: sql`r.receiving_party` },
    { key: 'status', zh: '状态', en: 'Status', sql: sql`r.status`, coded: 'status' },
    { key: 'confirmedOn', zh: '确认日期', en: 'Confirmed on', sql: sql`r.confirmed_on::text` },
  ],
};
const lectures: Source = {
  from: sql`from hotline_lecture l join org o on o.id = l.org_id`,
  day: sql`l.held_on`,
  id: sql`l.id`,
  extra: sql`l.status = 'held'`,
  groups: { kind: sql`l.kind`, unit: sql`l.reach_unit`, month: sql`to_char(l.held_on, 'YYYY-MM')` },
  columns: [
    { key: 'title', zh: '主题', en: 'Title', sql: sql`l.title` },
    { key: 'orgName', zh: '组织', en: 'Org', sql: sql`o.name` },
    { key: 'heldOn', zh: '日期', en: 'Date', sql: sql`l.held_on::text` },
    { key: 'kind', zh: '类型', en: 'Kind', sql: sql`l.kind`, coded: 'kind' },
    { key: 'audience', zh: '对象', en: 'Audience', sql: sql`l.audience` },
    { key: 'reach', zh: '覆盖', en: 'Reach', sql: sql`l.reach` },
    { key: 'unit', zh: '计量', en: 'Unit', sql: sql`l.reach_unit`, coded: 'unit' },
  ],
};

const base = { groupLabel };

export const hotlineMetrics: Metric[] = [
  {
    ...base,
    key: 'hotline.cases',
    label: zhEn('12355 受理个案', '12355 cases taken in'),
    unit: zhEn('件', 'cases'),
    description: zhEn('期间内受理的个案（按受理日期）', 'Cases received in the period (by date received)'),
    dimensions: caseDims,
    compute: (ctx, by) => countBy(ctx, received, by),
    rows: (ctx, q) => rowsOf(ctx, received, q),
  },
  {
    ...base,
    key: 'hotline.callers',
    label: zhEn('12355 受理咨询人数', '12355 people helped'),
    unit: zhEn('人', 'people'),
    description: zhEn(
      '期间内受理个案的不同来电人（按电话识别；匿名来电每件计 1 人）',
      'Distinct callers of the cases received in the period (told apart by phone; each anonymous case counts one)',
    ),
    dimensions: caseDims.filter((d) => d.key !== 'status' && d.key !== 'outcome'),
    compute: (ctx, by) => countBy(ctx, received, by, sql`count(distinct coalesce(c.caller_phone_hash, c.id::text))`),
    rows: (ctx, q) => rowsOf(ctx, received, q),
  },
  {
    ...base,
    key: 'hotline.consultations',
    label: zhEn('12355 咨询服务人次', '12355 consultations'),
    unit: zhEn('人次', 'person-times'),
    description: zhEn('期间内的咨询会谈和回访（每次计 1 人次）', 'Counselling sessions and follow-ups held in the period'),
    dimensions: [
      dim('kind', '类型', 'Kind'),
      dim('form', '形式', 'Form'),
      dim('category', '类别', 'Category'),
      dim('channel', '渠道', 'Channel'),
      dim('month', '月份', 'Month'),
    ],
    compute: (ctx, by) => countBy(ctx, sessions, by),
    rows: (ctx, q) => rowsOf(ctx, sessions, q),
  },
  {
    ...base,
    key: 'hotline.slaMetRate',
    kind: 'ratio',
    label: zhEn('12355 按时办结率', '12355 resolved on time'),
    unit: zhEn('%', '%'),
    description: zhEn(
      '期间内结案的个案中，在办结时限内结案的比例（等待来电人的时间不计）',
      'Of the cases closed in the period, the share closed within the resolution target (time waiting on the caller not counted)',
    ),
    dimensions: caseDims.filter((d) => d.key !== 'status'),
    compute: (ctx, by) => ratioBy(ctx, closed, by, sql`c.resolution_met`),
    rows: (ctx, q) => rowsOf(ctx, closed, q),
  },
  {
    ...base,
    key: 'hotline.satisfaction',
    kind: 'ratio',
    label: zhEn('12355 满意率', '12355 satisfaction'),
    unit: zhEn('%', '%'),
    description: zhEn('期间内来电人评价中“满意”（4–5 分）的比例', 'Share of the callers’ answers in the period that were satisfied (4–5 of 5)'),
    dimensions: caseDims.filter((d) => d.key !== 'status'),
    compute: (ctx, by) => ratioBy(ctx, answered, by, sql`c.satisfaction >= 4`),
    rows: (ctx, q) => rowsOf(ctx, answered, q),
  },
  {
    ...base,
    key: 'hotline.referrals',
    label: zhEn('12355 转介', '12355 referrals'),
    unit: zhEn('件', 'referrals'),
    dimensions: [dim('agency', '转介机构', 'Agency'), dim('status', '状态', 'Status'), dim('category', '类别', 'Category'), dim('month', '月份', 'Month')],
    compute: (ctx, by) => countBy(ctx, referrals, by),
    rows: (ctx, q) => rowsOf(ctx, referrals, q),
  },
  {
    ...base,
    key: 'hotline.lectures',
    label: zhEn('讲座及团体辅导场次', 'Lectures and group sessions'),
    unit: zhEn('场', 'sessions'),
    dimensions: [dim('kind', '类型', 'Kind'), dim('month', '月份', 'Month')],
    compute: (ctx, by) => countBy(ctx, lectures, by),
    rows: (ctx, q) => rowsOf(ctx, lectures, q),
  },
  {
    ...base,
    key: 'hotline.lectureReach',
    label: zhEn('讲座及团体辅导覆盖', 'Reach of lectures and group sessions'),
    unit: zhEn('人（人次）', 'people (person-times)'),
    description: zhEn('按登记的计量（人或人次）分组查看', 'group by unit to tell people from person-times'),
    dimensions: [dim('kind', '类型', 'Kind'), dim('unit', '计量', 'Unit'), dim('month', '月份', 'Month')],
    compute: (ctx, by) => countBy(ctx, lectures, by, sql`sum(l.reach)`),
    rows: (ctx, q) => rowsOf(ctx, lectures, q),
  },
];
