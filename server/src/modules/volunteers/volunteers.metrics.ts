// The figures of volunteering (FIGURES.md "Volunteering"), each with the rows behind it.
import { sql, type SQL } from 'drizzle-orm';
import type { Lang, Messages } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import { maxMemberAge, sqlBirthdayAt } from '../../platform/league.ts';
import type { Metric, MetricContext } from '../../platform/metrics/registry.ts';
import { teamKindLabels } from './volunteers.labels.ts';
import { adultAge, minRegistrationAge } from './volunteers.rules.ts';

type Dim = { key: string; label: Messages; expr: SQL; labelOf?: (value: string | null, lang: Lang) => string };
type Col = { key: string; label: Messages; expr: SQL };
type Spec = {
  key: string;
  label: Messages;
  unit: Messages;
  description?: Messages;
  /** FROM … JOIN …, with `o` the owning org */
  from: SQL;
  where: (ctx: MetricContext) => SQL;
  /** a text key, unique per row, for keyset paging of the drill-down */
  id: SQL;
  dims: Dim[];
  columns: Col[];
};

const none = (lang: Lang) => (lang === 'zh-CN' ? '未填写' : 'Not given');

/** Instants bounding the period's local days (UTC+8). */
const startOf = (d: string) => new Date(`${d}T00:00:00+08:00`);
const endOf = (d: string) => new Date(startOf(d).getTime() + 86_400_000);

function define(spec: Spec): Metric {
  const where = (ctx: MetricContext) => sql`${ctx.scope.where(sql`o.path`)} and ${spec.where(ctx)}`;
  const dimOf = (key: string | null) => spec.dims.find((d) => d.key === key) ?? null;
  return {
    key: spec.key,
    label: spec.label,
    unit: spec.unit,
    description: spec.description,
    dimensions: spec.dims.map((d) => ({ key: d.key, label: d.label })),
    groupLabel: (dimension, value, lang) => {
      const d = dimOf(dimension);
      if (d?.labelOf) return d.labelOf(value, lang);
      return value ?? none(lang);
    },
    async compute(ctx, groupBy) {
      const d = dimOf(groupBy);
      if (!d) {
        const r = await ctx.db.execute<{ v: number }>(sql`select count(*)::int as v from ${spec.from} where ${where(ctx)}`);
        return [{ group: null, value: r.rows[0]?.v ?? 0 }];
      }
      const r = await ctx.db.execute<{ g: string | null; v: number }>(
        sql`select (${d.expr})::text as g, count(*)::int as v from ${spec.from} where ${where(ctx)} group by 1 order by 2 desc`,
      );
      return r.rows.map((x) => ({ group: x.g, value: x.v }));
    },
    async rows(ctx, q) {
      const conds: SQL[] = [where(ctx)];
      const d = dimOf(q.groupBy);
      if (d) conds.push(q.group === null ? sql`(${d.expr}) is null` : sql`(${d.expr})::text = ${q.group}`);
      const cursor = decodeCursor(q.cursor ?? undefined);
      if (cursor) conds.push(sql`(${spec.id})::text > ${String(cursor[0])}`);
      const select = sql.join([sql`(${spec.id})::text as "_id"`, ...spec.columns.map((c) => sql`${c.expr} as ${sql.identifier(c.key)}`)], sql`, `);
      const r = await ctx.db.execute<Record<string, unknown>>(
        sql`select ${select} from ${spec.from} where ${sql.join(conds, sql` and `)} order by 1 limit ${q.limit + 1}`,
      );
      const page = r.rows.slice(0, q.limit);
      return {
        columns: spec.columns.map((c) => ({ key: c.key, label: c.label[ctx.lang] })),
        items: page.map(({ _id, ...rest }) => {
          const out: Record<string, unknown> = { ...rest };
          for (const dd of spec.dims) if (dd.labelOf && dd.key in out) out[dd.key] = dd.labelOf(out[dd.key] as string | null, ctx.lang);
          return out;
        }),
        nextCursor: r.rows.length > q.limit ? encodeCursor([String(page.at(-1)?._id ?? '')]) : null,
      };
    },
  };
}

const people = { 'zh-CN': '人', 'en-US': 'people' };
const genderDim: Dim = {
  key: 'gender',
  label: { 'zh-CN': '性别', 'en-US': 'Gender' },
  expr: sql`p.gender`,
  labelOf: (v, lang) => (v === 'M' ? (lang === 'zh-CN' ? '男' : 'Male') : v === 'F' ? (lang === 'zh-CN' ? '女' : 'Female') : none(lang)),
};
/** 《中长期青年发展规划（2016—2025年）》: youth are 14 to 35; the last band is everyone older. */
const youthMaxAge = 35;
/** Not yet `years` old on the registration day (birthdays as the platform counts them). */
const under = (years: number) => sql`${sqlBirthdayAt(sql`p.birth_date`, years)} > v.registered_on`;
const ageBand: Dim = {
  key: 'ageBand',
  label: { 'zh-CN': '注册时年龄段', 'en-US': 'Age band at registration' },
  // The band at registration keeps the figure stable across periods: minors, league age, youth, older.
  expr: sql`case when ${under(adultAge)} then ${`${minRegistrationAge}–${adultAge - 1}`}
    when ${under(maxMemberAge + 1)} then ${`${adultAge}–${maxMemberAge}`}
    when ${under(youthMaxAge + 1)} then ${`${maxMemberAge + 1}–${youthMaxAge}`} else ${`${youthMaxAge + 1}+`} end`,
};
const volunteerCols: Col[] = [
  { key: 'number', label: { 'zh-CN': '志愿者编号', 'en-US': 'Number' }, expr: sql`v.number` },
  { key: 'name', label: { 'zh-CN': '姓名', 'en-US': 'Name' }, expr: sql`p.name` },
  { key: 'gender', label: { 'zh-CN': '性别', 'en-US': 'Gender' }, expr: sql`p.gender` },
  { key: 'org', label: { 'zh-CN': '注册组织', 'en-US': 'Org' }, expr: sql`o.name` },
  { key: 'registeredOn', label: { 'zh-CN': '注册日期', 'en-US': 'Registered on' }, expr: sql`v.registered_on::text` },
];
const volunteerFrom = sql`volunteer v join person p on p.id = v.person_id join org o on o.id = v.org_id`;

const registered = define({
  key: 'volunteers.registered',
  label: { 'zh-CN': '注册志愿者', 'en-US': 'Registered volunteers' },
  unit: people,
  description: { 'zh-CN': '期末在册的注册志愿者', 'en-US': 'Registered volunteers on the last day of the period' },
  from: volunteerFrom,
  where: (ctx) => sql`v.registered_on <= ${ctx.to}::date and (v.status <> 'left' or v.status_on > ${ctx.to}::date)`,
  id: sql`v.id`,
  dims: [genderDim, ageBand],
  columns: volunteerCols,
});

const newVolunteers = define({
  key: 'volunteers.new',
  label: { 'zh-CN': '新注册志愿者', 'en-US': 'New volunteers' },
  unit: people,
  from: volunteerFrom,
  where: (ctx) => sql`v.registered_on between ${ctx.from}::date and ${ctx.to}::date`,
  id: sql`v.id`,
  dims: [genderDim, ageBand],
  columns: volunteerCols,
});

const teams = define({
  key: 'volunteerTeams.count',
  label: { 'zh-CN': '志愿服务组织（队伍）', 'en-US': 'Volunteer teams' },
  unit: { 'zh-CN': '支', 'en-US': 'teams' },
  from: sql`volunteer_team t join org o on o.id = t.org_id`,
  where: (ctx) => sql`t.founded_on <= ${ctx.to}::date and (t.status = 'active' or t.dissolved_on > ${ctx.to}::date)`,
  id: sql`t.id`,
  dims: [
    {
      key: 'kind',
      label: { 'zh-CN': '类型', 'en-US': 'Kind' },
      expr: sql`t.kind`,
      labelOf: (v, lang) => (v && v in teamKindLabels ? teamKindLabels[v as keyof typeof teamKindLabels][lang] : none(lang)),
    },
  ],
  columns: [
    { key: 'name', label: { 'zh-CN': '名称', 'en-US': 'Name' }, expr: sql`t.name` },
    { key: 'kind', label: { 'zh-CN': '类型', 'en-US': 'Kind' }, expr: sql`t.kind` },
    { key: 'org', label: { 'zh-CN': '所属组织', 'en-US': 'Org' }, expr: sql`o.name` },
    { key: 'foundedOn', label: { 'zh-CN': '成立日期', 'en-US': 'Founded on' }, expr: sql`t.founded_on::text` },
    {
      key: 'members',
      label: { 'zh-CN': '队员数', 'en-US': 'Members' },
      expr: sql`(select count(*)::int from volunteer_team_member m where m.team_id = t.id and m.status = 'active')`,
    },
  ],
});

const stations = define({
  key: 'stations.count',
  label: { 'zh-CN': '志愿服务站', 'en-US': 'Volunteer stations' },
  unit: { 'zh-CN': '个', 'en-US': 'stations' },
  from: sql`volunteer_station s join org o on o.id = s.org_id`,
  where: (ctx) => sql`s.established_on <= ${ctx.to}::date and (s.status = 'active' or s.closed_on > ${ctx.to}::date)`,
  id: sql`s.id`,
  dims: [
    {
      key: 'star',
      label: { 'zh-CN': '星级', 'en-US': 'Stars' },
      expr: sql`s.star`,
      labelOf: (v, lang) => (v ? (lang === 'zh-CN' ? `${v} 星` : `${v} star${v === '1' ? '' : 's'}`) : lang === 'zh-CN' ? '未评星' : 'Not rated'),
    },
  ],
  columns: [
    { key: 'name', label: { 'zh-CN': '名称', 'en-US': 'Name' }, expr: sql`s.name` },
    { key: 'star', label: { 'zh-CN': '星级', 'en-US': 'Stars' }, expr: sql`s.star` },
    { key: 'address', label: { 'zh-CN': '地址', 'en-US': 'Address' }, expr: sql`s.address` },
    { key: 'org', label: { 'zh-CN': '所属组织', 'en-US': 'Org' }, expr: sql`o.name` },
  ],
});

const shiftInPeriod = (ctx: MetricContext, alias: SQL) =>
  sql`${alias}.status = 'open' and ${alias}.starts_at >= ${startOf(ctx.from).toISOString()}::timestamptz and ${alias}.starts_at < ${endOf(ctx.to).toISOString()}::timestamptz`;

const activities = define({
  key: 'volunteerActivities.count',
  label: { 'zh-CN': '志愿服务活动', 'en-US': 'Volunteer activities' },
  unit: { 'zh-CN': '场', 'en-US': 'activities' },
  description: { 'zh-CN': '期内有班次的活动（不含已取消）', 'en-US': 'Activities with a shift in the period (not cancelled)' },
  from: sql`activity a join org o on o.id = a.org_id left join volunteer_project pr on pr.id = a.project_id`,
  where: (ctx) => sql`a.status in ('published', 'closed') and exists (select 1 from shift s where s.activity_id = a.id and ${shiftInPeriod(ctx, sql`s`)})`,
  id: sql`a.id`,
  dims: [{ key: 'project', label: { 'zh-CN': '项目', 'en-US': 'Project' }, expr: sql`pr.name` }],
  columns: [
    { key: 'title', label: { 'zh-CN': '活动', 'en-US': 'Activity' }, expr: sql`a.title` },
    { key: 'org', label: { 'zh-CN': '组织', 'en-US': 'Org' }, expr: sql`o.name` },
    { key: 'project', label: { 'zh-CN': '项目', 'en-US': 'Project' }, expr: sql`pr.name` },
    { key: 'shifts', label: { 'zh-CN': '期内班次', 'en-US': 'Shifts in period' }, expr: sql`(select count(*)::int from shift s where s.activity_id = a.id)` },
  ],
});

const recruited = define({
  key: 'volunteers.recruited',
  label: { 'zh-CN': '项目招募志愿者', 'en-US': 'Volunteers recruited into projects' },
  unit: people,
  from: sql`volunteer_project_member m join volunteer_project pr on pr.id = m.project_id join org o on o.id = pr.org_id
    join volunteer v on v.id = m.volunteer_id join person p on p.id = v.person_id`,
  where: (ctx) => sql`m.recruited_on between ${ctx.from}::date and ${ctx.to}::date`,
  id: sql`m.id`,
  dims: [
    { key: 'project', label: { 'zh-CN': '项目', 'en-US': 'Project' }, expr: sql`pr.name` },
    { key: 'theme', label: { 'zh-CN': '主题', 'en-US': 'Theme' }, expr: sql`pr.theme` },
  ],
  columns: [
    { key: 'project', label: { 'zh-CN': '项目', 'en-US': 'Project' }, expr: sql`pr.name` },
    { key: 'number', label: { 'zh-CN': '志愿者编号', 'en-US': 'Number' }, expr: sql`v.number` },
    { key: 'name', label: { 'zh-CN': '姓名', 'en-US': 'Name' }, expr: sql`p.name` },
    { key: 'recruitedOn', label: { 'zh-CN': '招募日期', 'en-US': 'Recruited on' }, expr: sql`m.recruited_on::text` },
  ],
});

const participations = define({
  key: 'volunteerParticipations',
  label: { 'zh-CN': '志愿服务人次', 'en-US': 'Volunteer participations' },
  unit: { 'zh-CN': '人次', 'en-US': 'person-times' },
  description: { 'zh-CN': '期内班次的已确认报名', 'en-US': 'Confirmed sign-ups on shifts in the period' },
  from: sql`signup su join shift s on s.id = su.shift_id join activity a on a.id = s.activity_id join org o on o.id = su.org_id
    join volunteer v on v.id = su.volunteer_id join person p on p.id = v.person_id left join volunteer_project pr on pr.id = a.project_id`,
  where: (ctx) => sql`su.status = 'confirmed' and ${shiftInPeriod(ctx, sql`s`)}`,
  id: sql`su.id`,
  dims: [{ key: 'project', label: { 'zh-CN': '项目', 'en-US': 'Project' }, expr: sql`pr.name` }],
  columns: [
    { key: 'activity', label: { 'zh-CN': '活动', 'en-US': 'Activity' }, expr: sql`a.title` },
    {
      key: 'startsAt',
      label: { 'zh-CN': '班次开始', 'en-US': 'Shift start' },
      expr: sql`to_char((s.starts_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD HH24:MI')`,
    },
    { key: 'number', label: { 'zh-CN': '志愿者编号', 'en-US': 'Number' }, expr: sql`v.number` },
    { key: 'name', label: { 'zh-CN': '姓名', 'en-US': 'Name' }, expr: sql`p.name` },
    { key: 'org', label: { 'zh-CN': '组织', 'en-US': 'Org' }, expr: sql`o.name` },
  ],
});

/** The module's figures, listed in its definition. */
export const volunteersMetrics: Metric[] = [registered, newVolunteers, teams, stations, activities, recruited, participations];
