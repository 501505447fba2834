import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { chinaToday as today } from '../../platform/dates.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext } from '../../platform/metrics/registry.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { branchCompliance, lessonHoursByPerson, settingForScope } from './org-life.queries.ts';
import { complianceTargetSetting, meetingKindLabels, rate } from './org-life.rules.ts';
import { meeting, meetingKinds, type MeetingKind } from './org-life.schema.ts';

const zhEn = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const kindDim = [{ key: 'kind', label: zhEn('会议类型', 'Kind') }];
const kindLabel = (_: string, value: string | null, lang: 'zh-CN' | 'en-US') => (value ? (meetingKindLabels[value as MeetingKind]?.[lang] ?? value) : '');
const offsetOf = (cursor: string | null) => Number(decodeCursor(cursor ?? undefined)?.[0] ?? 0);

function meetingsIn(ctx: MetricContext): SQL {
  return sql`${ctx.scope.where(org.path)} and ${meeting.status} = 'recorded' and ${meeting.heldOn} between ${ctx.from}::date and ${ctx.to}::date`;
}

const meetings: Metric = {
  key: 'orgLife.meetings',
  label: zhEn('组织生活次数', 'Meetings held'),
  unit: zhEn('次', 'meetings'),
  description: zhEn('“三会两制一课”记录的会议次数（不含作废记录）', 'Recorded meetings of branches (void records excluded)'),
  dimensions: kindDim,
  groupLabel: kindLabel,
  async compute(ctx, groupBy) {
    const value = sql<number>`count(*)::int`;
    if (groupBy !== 'kind') {
      const [r] = await ctx.db.select({ value }).from(meeting).innerJoin(org, eq(org.id, meeting.orgId)).where(meetingsIn(ctx));
      return [{ group: null, value: r?.value ?? 0 }];
    }
    return ctx.db
      .select({ group: meeting.kind, value })
      .from(meeting)
      .innerJoin(org, eq(org.id, meeting.orgId))
      .where(meetingsIn(ctx))
      .groupBy(meeting.kind)
      .orderBy(sql`2 desc`);
  },
  async rows(ctx, q) {
    const conds = [meetingsIn(ctx)];
    if (q.groupBy === 'kind' && q.group) conds.push(eq(meeting.kind, q.group as MeetingKind));
    const cursor = decodeCursor(q.cursor ?? undefined);
    if (cursor) conds.push(sql`${meeting.id} > ${String(cursor[0])}`);
    const rows = await ctx.db
      .select({ id: meeting.id, orgName: org.name, kind: meeting.kind, heldOn: meeting.heldOn, topic: meeting.topic })
      .from(meeting)
      .innerJoin(org, eq(org.id, meeting.orgId))
      .where(and(...conds))
      .orderBy(asc(meeting.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'orgName', label: zh ? '团支部' : 'Branch' },
        { key: 'kind', label: zh ? '会议类型' : 'Kind' },
        { key: 'heldOn', label: zh ? '日期' : 'Date' },
        { key: 'topic', label: zh ? '主题' : 'Topic' },
      ],
      items: page.map((r) => ({ ...r, kind: meetingKindLabels[r.kind][ctx.lang] })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

const complianceRate: Metric = {
  key: 'orgLife.complianceRate',
  kind: 'ratio',
  label: zhEn('组织生活落实率', 'Meeting compliance'),
  unit: zhEn('%', '%'),
  description: zhEn(
    '应开会议中已开的比例：按设置的频次，每个已结束的月/季度为一次应开；明细列出低于目标的团支部',
    'Share of due meetings held: each finished month or quarter of the set frequency is due once; rows list branches below target',
  ),
  dimensions: kindDim,
  groupLabel: kindLabel,
  async compute(ctx, groupBy) {
    const all = await branchCompliance(ctx.db, ctx.scope, ctx, today());
    if (groupBy !== 'kind') {
      return [{ group: null, numerator: all.reduce((s, b) => s + b.held, 0), denominator: all.reduce((s, b) => s + b.due, 0) }];
    }
    return meetingKinds
      .map((k) => ({
        group: k as string,
        numerator: all.reduce((s, b) => s + b.byKind[k].held, 0),
        denominator: all.reduce((s, b) => s + b.byKind[k].due, 0),
      }))
      .filter((g) => g.denominator > 0);
  },
  async rows(ctx, q) {
    const target = await settingForScope(ctx.db, ctx.scope, complianceTargetSetting);
    const kind = q.groupBy === 'kind' && q.group ? (q.group as MeetingKind) : null;
    const all = (await branchCompliance(ctx.db, ctx.scope, ctx, today()))
      .map((b) => {
        const c = kind ? b.byKind[kind] : b;
        return { orgId: b.orgId, name: b.name, held: c.held, due: c.due, rate: rate(c.held, c.due) };
      })
      .filter((b) => b.rate !== null && b.rate < target)
      .sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || a.orgId - b.orgId);
    const offset = offsetOf(q.cursor);
    const page = all.slice(offset, offset + q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'name', label: zh ? `低于目标（${target}%）的团支部` : `Branches below target (${target}%)` },
        { key: 'held', label: zh ? '已开' : 'Held' },
        { key: 'due', label: zh ? '应开' : 'Due' },
        { key: 'rate', label: zh ? '落实率（%）' : 'Rate (%)' },
      ],
      items: page,
      nextCursor: offset + q.limit < all.length ? encodeCursor([offset + q.limit]) : null,
    };
  },
};

const lessonHours: Metric = {
  key: 'orgLife.lessonHours',
  label: zhEn('团课学时', 'League lesson hours'),
  unit: zhEn('人·学时', 'person-hours'),
  description: zhEn('团课参加人员的学时合计；明细为每人学时', 'Lesson hours summed over attendees; rows give each person’s hours'),
  dimensions: [],
  groupLabel: () => '',
  async compute(ctx) {
    const rows = await lessonHoursByPerson(ctx.db, ctx.scope, ctx);
    return [{ group: null, value: rows.reduce((s, r) => s + r.tenths, 0) / 10 }];
  },
  async rows(ctx, q) {
    const rows = await lessonHoursByPerson(ctx.db, ctx.scope, ctx);
    const names = new Map<string, string>();
    const offset = offsetOf(q.cursor);
    rows.sort((a, b) => b.tenths - a.tenths || a.personId.localeCompare(b.personId));
    const page = rows.slice(offset, offset + q.limit);
    if (page.length) {
      const ps = await ctx.db
        .select({ id: person.id, name: person.name })
        .from(person)
        .where(sql`${person.id} in ${page.map((r) => r.personId)}`);
      for (const p of ps) names.set(p.id, p.name);
    }
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'name', label: zh ? '姓名' : 'Name' },
        { key: 'lessons', label: zh ? '团课次数' : 'Lessons' },
        { key: 'hours', label: zh ? '学时' : 'Hours' },
      ],
      items: page.map((r) => ({ name: names.get(r.personId) ?? '', lessons: r.lessons, hours: r.tenths / 10 })),
      nextCursor: offset + q.limit < rows.length ? encodeCursor([offset + q.limit]) : null,
    };
  },
};

/** The meeting figures; the rating figure is in rating.metrics.ts. */
export const orgLifeMetrics: Metric[] = [meetings, complianceRate, lessonHours];
