import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { errors, type Lang } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import type { Metric, MetricContext } from '../../platform/metrics/registry.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { activity, volunteer } from '../volunteers/index.ts';
import { sourceLabels } from './volunteer-hours.presenters.ts';
import { minutesBySource } from './volunteer-hours.queries.ts';
import { type HourSource, hourEntry, starAward } from './volunteer-hours.schema.ts';

// Hours count where they were recorded (the recording org's subtree) on their service date.
const inPeriod = (ctx: MetricContext): SQL => sql`${ctx.scope.where(org.path)} and ${hourEntry.serviceDate} between ${ctx.from}::date and ${ctx.to}::date`;

const hoursTotal: Metric = {
  key: 'volunteerHours.total',
  label: { 'zh-CN': '志愿服务时长', 'en-US': 'Volunteer service hours' },
  unit: { 'zh-CN': '小时', 'en-US': 'hours' },
  description: {
    'zh-CN': '按记录组织和服务日期统计；扫码记录与补录分列；冲正记录已抵减',
    'en-US': 'by recording org and service date; tracked and hand-entered apart; reversals netted',
  },
  dimensions: [{ key: 'source', label: { 'zh-CN': '来源', 'en-US': 'Source' } }],
  groupLabel: (_d, value, lang: Lang) => (value && value in sourceLabels ? sourceLabels[value as HourSource][lang] : (value ?? '')),
  // Whole months from the monthly rollup, partial months at the edges from the ledger.
  async compute(ctx, groupBy) {
    const bySource = await minutesBySource(ctx.db, ctx.scope.roots, ctx.from, ctx.to);
    if (groupBy !== 'source') return [{ group: null, value: bySource.reduce((s, r) => s + r.minutes, 0) / 60 }];
    return bySource.map((r) => ({ group: r.source, value: r.minutes / 60 }));
  },
  async rows(ctx, q) {
    const conds: SQL[] = [inPeriod(ctx)];
    if (q.groupBy === 'source' && q.group) conds.push(eq(hourEntry.source, q.group as HourSource));
    const cursor = decodeCursor(q.cursor ?? undefined);
    if (cursor) conds.push(sql`${hourEntry.id} > ${String(cursor[0])}`);
    const rows = await ctx.db
      .select({
        id: hourEntry.id,
        serviceDate: hourEntry.serviceDate,
        name: person.name,
        number: volunteer.number,
        activity: activity.title,
        org: org.name,
        source: hourEntry.source,
        minutes: hourEntry.minutes,
      })
      .from(hourEntry)
      .innerJoin(org, eq(org.id, hourEntry.orgId))
      .innerJoin(volunteer, eq(volunteer.id, hourEntry.volunteerId))
      .innerJoin(person, eq(person.id, volunteer.personId))
      .leftJoin(activity, eq(activity.id, hourEntry.activityId))
      .where(and(...conds))
      .orderBy(asc(hourEntry.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'serviceDate', label: zh ? '服务日期' : 'Date' },
        { key: 'name', label: zh ? '志愿者' : 'Volunteer' },
        { key: 'number', label: zh ? '志愿者编号' : 'Number' },
        { key: 'activity', label: zh ? '活动' : 'Activity' },
        { key: 'org', label: zh ? '记录组织' : 'Recorded by' },
        { key: 'source', label: zh ? '来源' : 'Source' },
        { key: 'hours', label: zh ? '时长（小时）' : 'Hours' },
      ],
      items: page.map(({ minutes, ...r }) => ({ ...r, source: sourceLabels[r.source][ctx.lang], hours: minutes / 60 })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

/** Each volunteer's highest star certified by the period's end; volunteers counted where registered. */
const starred = (ctx: MetricContext): SQL => sql`${ctx.scope.where(org.path)} and exists (select 1 from ${starAward}
  where ${starAward.volunteerId} = ${volunteer.id} and ${starAward.status} = 'certified' and ${starAward.decidedOn} <= ${ctx.to}::date)`;
const levelAt = (ctx: MetricContext) => sql<number>`(select max(${starAward.level}) from ${starAward}
  where ${starAward.volunteerId} = ${volunteer.id} and ${starAward.status} = 'certified' and ${starAward.decidedOn} <= ${ctx.to}::date)`;

const byLevel: Metric = {
  key: 'volunteers.byLevel',
  label: { 'zh-CN': '星级志愿者', 'en-US': 'Star volunteers' },
  unit: { 'zh-CN': '人', 'en-US': 'volunteers' },
  dimensions: [{ key: 'level', label: { 'zh-CN': '星级', 'en-US': 'Stars' } }],
  groupLabel: (_d, value, lang) => (value ? `${'★'.repeat(Number(value))}${lang === 'zh-CN' ? `（${value} 星）` : ` (${value})`}` : ''),
  async compute(ctx, groupBy) {
    const base = ctx.db
      .select({ level: levelAt(ctx).as('level') })
      .from(volunteer)
      .innerJoin(org, eq(org.id, volunteer.orgId))
      .where(starred(ctx))
      .as('v');
    if (groupBy !== 'level') {
      const [r] = await ctx.db.select({ value: sql<number>`count(*)::int` }).from(base);
      return [{ group: null, value: r?.value ?? 0 }];
    }
    const rows = await ctx.db
      .select({ group: sql<string>`${base.level}::text`, value: sql<number>`count(*)::int` })
      .from(base)
      .groupBy(base.level)
      .orderBy(base.level);
    return rows;
  },
  async rows(ctx, q) {
    const conds: SQL[] = [starred(ctx)];
    if (q.groupBy === 'level' && q.group) {
      // the group is a star level as `compute` gives it; anything else would reach SQL as NaN
      if (!/^[1-5]$/.test(q.group)) throw errors.invalid('group', { 'zh-CN': '星级应为 1–5', 'en-US': 'must be a star level, 1–5' });
      conds.push(sql`${levelAt(ctx)} = ${Number(q.group)}`);
    }
    const cursor = decodeCursor(q.cursor ?? undefined);
    if (cursor) conds.push(sql`${volunteer.id} > ${String(cursor[0])}`);
    const rows = await ctx.db
      .select({ id: volunteer.id, name: person.name, number: volunteer.number, org: org.name, level: levelAt(ctx) })
      .from(volunteer)
      .innerJoin(org, eq(org.id, volunteer.orgId))
      .innerJoin(person, eq(person.id, volunteer.personId))
      .where(and(...conds))
      .orderBy(asc(volunteer.id))
      .limit(q.limit + 1);
    const page = rows.slice(0, q.limit);
    const zh = ctx.lang === 'zh-CN';
    return {
      columns: [
        { key: 'name', label: zh ? '志愿者' : 'Volunteer' },
        { key: 'number', label: zh ? '志愿者编号' : 'Number' },
        { key: 'org', label: zh ? '注册组织' : 'Registered at' },
        { key: 'stars', label: zh ? '星级' : 'Stars' },
      ],
      items: page.map(({ level, ...r }) => ({ ...r, stars: '★'.repeat(level) })),
      nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)?.id ?? '']) : null,
    };
  },
};

/** The module's figures, listed in its definition. */
export const volunteerHoursMetrics: Metric[] = [hoursTotal, byLevel];
