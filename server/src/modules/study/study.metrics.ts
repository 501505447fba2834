import { sql } from 'drizzle-orm';
import { chinaToday } from '../../platform/dates.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext } from '../../platform/metrics/registry.ts';
import { appliesSql, expectedSql, participationRate as rateRows } from './study.queries.ts';

const zhEn = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const dims = [
  { key: 'branch', label: zhEn('团支部', 'Branch') },
  { key: 'episode', label: zhEn('期次', 'Issue') },
];
/** Groups travel as "id:name", so labels need no lookup and drill-downs filter by id. */
const groupOf = (id: string, name: string) => `${id}:${name}`;
const idOf = (group: string | null) => (group ?? '').split(':')[0] ?? '';
const labelOf = (_d: string, group: string | null) => (group ?? '').split(':').slice(1).join(':') || '—';
const asOfOf = (ctx: MetricContext) => (ctx.to < chinaToday() ? ctx.to : chinaToday());
const uuidLike = /^[0-9a-f-]{36}$/i;

function groupFilter(by: string | null, group: string | null) {
  const id = idOf(group);
  if (!group || !by) return sql``;
  if (by === 'branch') return sql`and o.id = ${Number(id) || 0}`;
  return uuidLike.test(id) ? sql`and e.id = ${id}::uuid` : sql`and false`;
}

/** The columns of both figures' drill-down rows. */
const rowColumns = (zh: boolean) => [
  { key: 'name', label: zh ? '姓名' : 'Name' },
  { key: 'orgName', label: zh ? '团支部' : 'Branch' },
  { key: 'number', label: zh ? '期次' : 'Issue' },
  { key: 'studiedAt', label: zh ? '完成时间' : 'Completed at' },
];

const participationRate: Metric = {
  key: 'study.participationRate',
  kind: 'ratio',
  label: zhEn('“青年大学习”参学率', 'Youth Study participation rate'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '期间内已截止的各期学习中，应学团员（截止日前入团的在册团员）已学的比例；合计为已学人次 ÷ 应学人次',
    'For the issues that closed in the period: members expected (active, admitted by the close) who studied; the total is Σ studied ÷ Σ expected',
  ),
  dimensions: dims,
  groupLabel: labelOf,
  async compute(ctx, groupBy) {
    const by = groupBy === 'branch' || groupBy === 'episode' ? groupBy : null;
    const rows = await rateRows(ctx.db, { scope: ctx.scope, from: ctx.from, to: ctx.to, asOf: asOfOf(ctx), by });
    if (!by) return [{ group: null, numerator: rows[0]?.studied ?? 0, denominator: rows[0]?.expected ?? 0 }];
    return rows.map((r) => ({ group: groupOf(r.group_id, r.group_name), numerator: r.studied, denominator: r.expected }));
  },
  async rows(ctx, q) {
    const c = decodeCursor(q.cursor ?? undefined);
    const after = c ? String(c[0]) : null;
    const res = await ctx.db.execute<{ key: string; name: string; orgName: string; number: string; studiedAt: string | null }>(sql`
      select e.id || ':' || m.id as key, p.name, o.name as "orgName", e.number,
        to_char(sp.studied_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "studiedAt"
      from study_episode e join org oo on oo.id = e.owner_org_id
        join org o on ${ctx.scope.where(sql`o.path`)} and o.path <@ oo.path
        join member m on m.org_id = o.id join person p on p.id = m.person_id
        left join study_participation sp on sp.episode_id = e.id and sp.member_id = m.id
      where ${appliesSql(ctx.scope)} and e.ends_on between ${ctx.from}::date and ${ctx.to}::date and e.ends_on <= ${asOfOf(ctx)}::date
        and ${expectedSql} ${groupFilter(q.groupBy, q.group)} ${after ? sql`and e.id || ':' || m.id > ${after}` : sql``}
      order by 1 limit ${q.limit + 1}`);
    const zh = ctx.lang === 'zh-CN';
    const page = res.rows.slice(0, q.limit);
    return {
      columns: rowColumns(zh),
      items: page.map(({ key: _k, ...r }) => ({ ...r, studiedAt: r.studiedAt ?? (zh ? '未学' : 'not studied') })),
      nextCursor: res.rows.length > q.limit ? encodeCursor([page.at(-1)?.key ?? '']) : null,
    };
  },
};

/** 人次: participations recorded for the period's days, by members now in the subtree. */
const participationsWhere = (ctx: MetricContext) => sql`${ctx.scope.where(sql`o.path`)} and e.status = 'published'
  and (sp.studied_at at time zone 'Asia/Shanghai')::date between ${ctx.from}::date and ${ctx.to}::date`;
const participations: Metric = {
  key: 'study.participations',
  label: zhEn('“青年大学习”参学人次', 'Youth Study participations'),
  unit: zhEn('人次', 'participations'),
  dimensions: dims,
  groupLabel: labelOf,
  async compute(ctx, groupBy) {
    const group = groupBy === 'branch' ? sql`o.id || ':' || o.name` : groupBy === 'episode' ? sql`e.id || ':' || e.number` : sql`null`;
    const res = await ctx.db.execute<{ group: string | null; value: number }>(sql`
      select ${group} as "group", count(*)::int as value
      from study_participation sp join study_episode e on e.id = sp.episode_id join member m on m.id = sp.member_id join org o on o.id = m.org_id
      where ${participationsWhere(ctx)} group by 1 order by 2 desc`);
    return groupBy ? res.rows : [{ group: null, value: res.rows[0]?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const c = decodeCursor(q.cursor ?? undefined);
    const after = c ? String(c[0]) : null;
    const res = await ctx.db.execute<{ id: string; name: string; orgName: string; number: string; studiedAt: string }>(sql`
      select sp.id, p.name, o.name as "orgName", e.number, to_char(sp.studied_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "studiedAt"
      from study_participation sp join study_episode e on e.id = sp.episode_id join member m on m.id = sp.member_id
        join org o on o.id = m.org_id join person p on p.id = m.person_id
      where ${participationsWhere(ctx)} ${groupFilter(q.groupBy, q.group)} ${after && uuidLike.test(after) ? sql`and sp.id > ${after}::uuid` : sql``}
      order by sp.id limit ${q.limit + 1}`);
    const zh = ctx.lang === 'zh-CN';
    const page = res.rows.slice(0, q.limit);
    return {
      columns: rowColumns(zh),
      items: page,
      nextCursor: res.rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

/** The module's figures, listed in its definition (index.ts). */
export const studyMetrics: Metric[] = [participationRate, participations];
