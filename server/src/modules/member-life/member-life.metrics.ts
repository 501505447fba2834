import { sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import { chinaToday } from '../../platform/dates.ts';
import type { Metric, MetricContext, MetricRows } from '../../platform/metrics/registry.ts';
import { arrearsByBranch } from './dues.queries.ts';
import { arrearsList } from './dues.service.ts';
import { transferWorkflow } from './transfers.service.ts';
import { gradeLabels } from './review.service.ts';
import { completionByBranch } from './todo.queries.ts';
import type { ReviewGrade, TransferStatus } from './member-life.schema.ts';

const zh = (ctx: { lang: Lang }) => ctx.lang === 'zh-CN';
const branchDim = { key: 'branch', label: { 'zh-CN': '团支部', 'en-US': 'Branch' } };
/** Branch groups travel as "id:name", so labels need no lookup and drill-downs filter by id. */
const branchGroup = (id: number, name: string) => `${id}:${name}`;
const branchIdOf = (group: string | null) => Number((group ?? '').split(':')[0]) || 0;
const branchLabel = (group: string | null) => (group ?? '').split(':').slice(1).join(':') || '—';
/** Figures "as of" a period's end, never past today (months after today are not yet due). */
const asOfOf = (ctx: MetricContext) => (ctx.to < chinaToday() ? ctx.to : chinaToday());

function page<T extends Record<string, unknown>>(rows: T[], limit: number, key: (r: T) => string | number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([key(last)]) : null };
}
const after = (cursor: string | null) => {
  const c = decodeCursor(cursor ?? undefined);
  return c ? String(c[0]) : null;
};

// ---- 推优入党 ----
function recommendedWhere(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(sql`o.path`)} and r.status = 'recommended' and r.meeting_on between ${ctx.from}::date and ${ctx.to}::date`;
}
const recommendedToParty: Metric = {
  key: 'members.recommendedToParty',
  label: { 'zh-CN': '推荐优秀团员入党', 'en-US': 'Members recommended to the Party' },
  unit: { 'zh-CN': '名', 'en-US': 'members' },
  dimensions: [branchDim],
  groupLabel: (_d, v) => branchLabel(v),
  async compute(ctx, groupBy) {
    const res = await ctx.db.execute<{ id: number; name: string; value: number }>(sql`
      select ${groupBy ? sql`o.id, o.name` : sql`0 as id, '' as name`}, count(*)::int as value
      from party_recommendation r join org o on o.id = r.org_id where ${recommendedWhere(ctx)}
      ${groupBy ? sql`group by o.id, o.name order by value desc` : sql``}`);
    return groupBy ? res.rows.map((r) => ({ group: branchGroup(r.id, r.name), value: r.value })) : [{ group: null, value: res.rows[0]?.value ?? 0 }];
  },
  async rows(ctx, q): Promise<MetricRows> {
    const res = await ctx.db.execute<{ id: string; name: string; orgName: string; meetingOn: string; validUntil: string }>(sql`
      select r.id, p.name, o.name as "orgName", r.meeting_on as "meetingOn", r.valid_until as "validUntil"
      from party_recommendation r join org o on o.id = r.org_id join member m on m.id = r.member_id join person p on p.id = m.person_id
      where ${recommendedWhere(ctx)} ${q.group ? sql`and o.id = ${branchIdOf(q.group)}` : sql``}
        ${after(q.cursor) ? sql`and r.id > ${after(q.cursor)}::uuid` : sql``}
      order by r.id limit ${q.limit + 1}`);
    return {
      columns: [
        { key: 'name', label: zh(ctx) ? '姓名' : 'Name' },
        { key: 'orgName', label: zh(ctx) ? '团支部' : 'Branch' },
        { key: 'meetingOn', label: zh(ctx) ? '推优大会日期' : 'Meeting date' },
        { key: 'validUntil', label: zh(ctx) ? '有效期至' : 'Valid until' },
      ],
      ...page(res.rows, q.limit, (r) => r.id),
    };
  },
};

// ---- 欠缴团费 ----
const arrears: Metric = {
  key: 'members.arrears',
  label: { 'zh-CN': '欠缴团费团员', 'en-US': 'Members in dues arrears' },
  unit: { 'zh-CN': '名', 'en-US': 'members' },
  description: { 'zh-CN': '截至期末（不晚于今天）本年度有未缴月份的在册团员', 'en-US': 'Active members with unpaid months this year as of the period end' },
  dimensions: [branchDim],
  groupLabel: (_d, v) => branchLabel(v),
  async compute(ctx, groupBy) {
    const rows = await arrearsByBranch(ctx.db, ctx.scope, asOfOf(ctx));
    if (!groupBy) return [{ group: null, value: rows.reduce((s, r) => s + r.in_arrears, 0) }];
    return rows.filter((r) => r.in_arrears > 0).map((r) => ({ group: branchGroup(r.org_id, r.org_name), value: r.in_arrears }));
  },
  async rows(ctx, q) {
    // The branch filter goes into the query: filtering a page afterwards would cut it short.
    const rows = await arrearsList(ctx.db, ctx.scope, asOfOf(ctx), {
      after: after(q.cursor),
      limit: q.limit + 1,
      orgId: q.group ? branchIdOf(q.group) : undefined,
    });
    return {
      columns: [
        { key: 'name', label: zh(ctx) ? '姓名' : 'Name' },
        { key: 'orgName', label: zh(ctx) ? '团支部' : 'Branch' },
        { key: 'arrearsMonths', label: zh(ctx) ? '欠缴月数' : 'Months owed' },
        { key: 'arrearsFen', label: zh(ctx) ? '欠缴金额（分）' : 'Owed (fen)' },
      ],
      ...page(rows, q.limit, (r) => r.memberId),
    };
  },
};

// ---- registration and review rates ----
function rate(key: string, task: 'registration' | 'review', label: { 'zh-CN': string; 'en-US': string }): Metric {
  return {
    key,
    kind: 'ratio',
    label,
    unit: { 'zh-CN': '%', 'en-US': '%' },
    description: {
      'zh-CN': '期末所在年度已完成的在册团员占比；按支部分组时每组为该支部的比率',
      'en-US': 'Share of active members done for the year of the period end; grouped by branch, each group is that branch’s rate',
    },
    dimensions: [branchDim],
    groupLabel: (_d, v) => branchLabel(v),
    async compute(ctx, groupBy) {
      const rows = await completionByBranch(ctx.db, { task, scope: ctx.scope, year: Number(ctx.to.slice(0, 4)) });
      if (!groupBy) return [{ group: null, numerator: rows.reduce((s, r) => s + r.done, 0), denominator: rows.reduce((s, r) => s + r.members, 0) }];
      return rows.map((r) => ({ group: branchGroup(r.org_id, r.org_name), numerator: r.done, denominator: r.members }));
    },
    async rows(ctx, q) {
      const year = Number(ctx.to.slice(0, 4));
      const done =
        task === 'registration'
          ? sql`exists (select 1 from member_registration g where g.member_id = m.id and g.year = ${year} and g.status = 'registered')`
          : sql`exists (select 1 from review_grade rg join branch_review br on br.id = rg.review_id where rg.member_id = m.id and br.year = ${year} and br.status = 'approved')`;
      const res = await ctx.db.execute<{ id: string; name: string; orgName: string; done: boolean }>(sql`
        select m.id, p.name, o.name as "orgName", ${done} as done
        from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
        where m.status = 'active' and ${ctx.scope.where(sql`o.path`)} and m.admitted_on <= make_date(${year}, 12, 31)
          ${q.group ? sql`and o.id = ${branchIdOf(q.group)}` : sql``} ${after(q.cursor) ? sql`and m.id > ${after(q.cursor)}::uuid` : sql``}
        order by m.id limit ${q.limit + 1}`);
      const yes = zh(ctx) ? '是' : 'yes';
      const no = zh(ctx) ? '否' : 'no';
      return {
        columns: [
          { key: 'name', label: zh(ctx) ? '姓名' : 'Name' },
          { key: 'orgName', label: zh(ctx) ? '团支部' : 'Branch' },
          { key: 'done', label: zh(ctx) ? '已完成' : 'Done' },
        ],
        ...page(
          res.rows.map((r) => ({ ...r, done: r.done ? yes : no })),
          q.limit,
          (r) => r.id,
        ),
      };
    },
  };
}

// ---- 评议等次 ----
function gradesWhere(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(sql`o.path`)} and br.status = 'approved'
    and br.year between ${Number(ctx.from.slice(0, 4))} and ${Number(ctx.to.slice(0, 4))}`;
}
const evaluation: Metric = {
  key: 'members.evaluation',
  label: { 'zh-CN': '团员教育评议等次', 'en-US': 'Annual review grades' },
  unit: { 'zh-CN': '人次', 'en-US': 'grades' },
  dimensions: [{ key: 'grade', label: { 'zh-CN': '等次', 'en-US': 'Grade' } }, branchDim],
  groupLabel: (d, v, lang) => (d === 'grade' ? (gradeLabels[v as ReviewGrade]?.[lang] ?? String(v)) : branchLabel(v)),
  async compute(ctx, groupBy) {
    const col = groupBy === 'grade' ? sql`g.grade` : groupBy === 'branch' ? sql`o.id || ':' || o.name` : sql`null`;
    const res = await ctx.db.execute<{ group: string | null; value: number }>(sql`
      select ${col} as "group", count(*)::int as value
      from review_grade g join branch_review br on br.id = g.review_id join org o on o.id = br.org_id
      where ${gradesWhere(ctx)} group by 1 order by 2 desc`);
    return groupBy ? res.rows : [{ group: null, value: res.rows[0]?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const filter = !q.group ? sql`` : q.groupBy === 'grade' ? sql`and g.grade = ${q.group}` : sql`and o.id = ${branchIdOf(q.group)}`;
    const res = await ctx.db.execute<{ key: string; name: string; orgName: string; year: number; grade: ReviewGrade }>(sql`
      select g.review_id || ':' || g.member_id as key, p.name, o.name as "orgName", br.year, g.grade
      from review_grade g join branch_review br on br.id = g.review_id join org o on o.id = br.org_id
        join member m on m.id = g.member_id join person p on p.id = m.person_id
      where ${gradesWhere(ctx)} ${filter} ${after(q.cursor) ? sql`and g.review_id || ':' || g.member_id > ${after(q.cursor)}` : sql``}
      order by 1 limit ${q.limit + 1}`);
    return {
      columns: [
        { key: 'name', label: zh(ctx) ? '姓名' : 'Name' },
        { key: 'orgName', label: zh(ctx) ? '团支部' : 'Branch' },
        { key: 'year', label: zh(ctx) ? '年度' : 'Year' },
        { key: 'grade', label: zh(ctx) ? '等次' : 'Grade' },
      ],
      ...page(
        res.rows.map((r) => ({ ...r, grade: gradeLabels[r.grade]?.[ctx.lang] ?? r.grade })),
        q.limit,
        (r) => r.key,
      ),
    };
  },
};

// ---- 组织关系转接 ----
/** Transfers started in the period with either side inside the subtree (a county counts both ways). */
function transfersWhere(ctx: MetricContext): SQL {
  return sql`(${ctx.scope.where(sql`f.path`)} or ${ctx.scope.where(sql`d.path`)}) and t.requested_on between ${ctx.from}::date and ${ctx.to}::date`;
}
const transfers: Metric = {
  key: 'transfers.count',
  label: { 'zh-CN': '组织关系转接', 'en-US': 'Transfers' },
  unit: { 'zh-CN': '件', 'en-US': 'transfers' },
  dimensions: [{ key: 'status', label: { 'zh-CN': '状态', 'en-US': 'Status' } }],
  groupLabel: (_d, v, lang) => transferWorkflow.states[v as TransferStatus]?.[lang] ?? String(v),
  async compute(ctx, groupBy) {
    const res = await ctx.db.execute<{ group: string | null; value: number }>(sql`
      select ${groupBy ? sql`t.status` : sql`null`} as "group", count(*)::int as value
      from member_transfer t join org f on f.id = t.from_org_id join org d on d.id = t.to_org_id
      where ${transfersWhere(ctx)} group by 1 order by 2 desc`);
    return groupBy ? res.rows : [{ group: null, value: res.rows[0]?.value ?? 0 }];
  },
  async rows(ctx, q) {
    const res = await ctx.db.execute<{ id: string; name: string; fromOrg: string; toOrg: string; requestedOn: string; status: TransferStatus }>(sql`
      select t.id, p.name, f.name as "fromOrg", d.name as "toOrg", t.requested_on as "requestedOn", t.status
      from member_transfer t join org f on f.id = t.from_org_id join org d on d.id = t.to_org_id
        join member m on m.id = t.member_id join person p on p.id = m.person_id
      where ${transfersWhere(ctx)} ${q.group ? sql`and t.status = ${q.group}` : sql``} ${after(q.cursor) ? sql`and t.id > ${after(q.cursor)}::uuid` : sql``}
      order by t.id limit ${q.limit + 1}`);
    return {
      columns: [
        { key: 'name', label: zh(ctx) ? '姓名' : 'Name' },
        { key: 'fromOrg', label: zh(ctx) ? '转出组织' : 'From' },
        { key: 'toOrg', label: zh(ctx) ? '转入组织' : 'To' },
        { key: 'requestedOn', label: zh(ctx) ? '发起日期' : 'Requested on' },
        { key: 'status', label: zh(ctx) ? '状态' : 'Status' },
      ],
      ...page(
        res.rows.map((r) => ({ ...r, status: transferWorkflow.states[r.status]?.[ctx.lang] ?? r.status })),
        q.limit,
        (r) => r.id,
      ),
    };
  },
};

/** The module's figures, listed in its definition (index.ts). */
export const memberLifeMetrics: Metric[] = [
  recommendedToParty,
  arrears,
  rate('members.registrationRate', 'registration', { 'zh-CN': '团籍注册率', 'en-US': 'Annual registration rate' }),
  rate('members.reviewRate', 'review', { 'zh-CN': '教育评议完成率', 'en-US': 'Annual review rate' }),
  evaluation,
  transfers,
];
