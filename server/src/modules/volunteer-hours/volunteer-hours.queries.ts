import { Type } from '@fastify/type-provider-typebox';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { ownedBy, type EntityResolver, uuidPattern } from '../../platform/access/entities.ts';
import { addDays, addMonths } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { person } from '../people/index.ts';
import { activity, shift, signup, volunteer } from '../volunteers/index.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';
import { type HourSource, hourClaim, hourEntry, starAward, volunteerCertificate } from './volunteer-hours.schema.ts';

export const hourStepSetting = defineSetting({
  key: 'volunteers.hourStep',
  label: { 'zh-CN': '志愿服务时长计量单位（小时）', 'en-US': 'Volunteer hours step (hours)' },
  description: { 'zh-CN': '时长向下取整到该单位，默认 0.5 小时', 'en-US': 'hours are rounded down to this step; default 0.5 h' },
  schema: Type.Number({ minimum: 0.25, maximum: 4, multipleOf: 0.25 }),
  default: 0.5,
});
export const coverageSetting = defineSetting({
  key: 'volunteers.coverage',
  label: { 'zh-CN': '签到签退最低时段覆盖率（%）', 'en-US': 'Minimum shift coverage of a check-in/out pair (%)' },
  schema: Type.Integer({ minimum: 0, maximum: 100 }),
  default: 60,
});
export const starHoursSetting = defineSetting({
  key: 'volunteers.starHours',
  label: { 'zh-CN': '星级志愿者时长门槛（小时，一至五星）', 'en-US': 'Star volunteer thresholds (hours, ★ to ★★★★★)' },
  schema: Type.Array(Type.Integer({ minimum: 1, maximum: 100_000 }), { minItems: 5, maxItems: 5 }),
  default: [100, 300, 600, 1000, 1500],
});

const _pathOfOrg = (orgId: ReturnType<typeof sql>) => sql<string>`(select path::text from org where id = ${orgId})`;

/** The module's entities for routes' `config.access.entity`: an id → the path of the org owning it. */
export const volunteerHoursEntities: Record<string, EntityResolver> = {
  hourEntry: ownedBy(hourEntry),
  hourClaim: ownedBy(hourClaim),
  // A star award belongs to its certifying org: only that level of the tree may act on it.
  starAward: ownedBy(starAward),
  volunteerCertificate: ownedBy(volunteerCertificate),
};

export type ShiftInfo = {
  id: string;
  activityId: string;
  orgId: number;
  orgPath: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  title: string;
  serviceContent: string | null;
  lat: number | null;
  lng: number | null;
  geofenceM: number | null;
};

export async function findShiftInfo(db: DbOrTx, shiftId: string): Promise<ShiftInfo | null> {
  if (!uuidPattern.test(shiftId)) return null;
  const [row] = await db
    .select({
      id: shift.id,
      activityId: shift.activityId,
      orgId: activity.orgId,
      orgPath: sql<string>`${org.path}::text`,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      status: shift.status,
      title: activity.title,
      serviceContent: activity.serviceContent,
      lat: activity.lat,
      lng: activity.lng,
      geofenceM: activity.geofenceM,
    })
    .from(shift)
    .innerJoin(activity, eq(activity.id, shift.activityId))
    .innerJoin(org, eq(org.id, activity.orgId))
    .where(eq(shift.id, shiftId));
  return row ?? null;
}

export type VolunteerInfo = { id: string; orgId: number; orgPath: string; number: string; personId: string; name: string; status: string };

export async function findVolunteerInfo(db: DbOrTx, by: { id: string } | { personId: string }): Promise<VolunteerInfo | null> {
  const where = 'id' in by ? eq(volunteer.id, by.id) : eq(volunteer.personId, by.personId);
  if ('id' in by && !uuidPattern.test(by.id)) return null;
  const [row] = await db
    .select({
      id: volunteer.id,
      orgId: volunteer.orgId,
      orgPath: sql<string>`${org.path}::text`,
      number: volunteer.number,
      personId: volunteer.personId,
      name: person.name,
      status: volunteer.status,
    })
    .from(volunteer)
    .innerJoin(org, eq(org.id, volunteer.orgId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .where(where);
  return row ?? null;
}

/** The volunteer behind a phone's account, or a clear error. */
export async function volunteerOfPerson(db: DbOrTx, personId: string): Promise<VolunteerInfo> {
  const v = await findVolunteerInfo(db, { personId });
  if (!v || v.status !== 'active') throw volunteerHoursErrors.not_a_volunteer('volunteerId');
  return v;
}

export async function confirmedOn(db: DbOrTx, shiftId: string, volunteerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: signup.id })
    .from(signup)
    .where(and(eq(signup.shiftId, shiftId), eq(signup.volunteerId, volunteerId), eq(signup.status, 'confirmed')));
  return Boolean(row);
}

/**
 * Serialises writes that check a volunteer's hours against a cap (hand entries against the slot,
 * check-in code attempts): a row lock on the volunteer, held to the end of the transaction, so two
 * concurrent entries cannot both read the old total. NO KEY UPDATE leaves foreign-key inserts that
 * only reference the volunteer free to proceed. Works the same on PGlite.
 */
export async function lockVolunteer(tx: DbOrTx, volunteerId: string): Promise<void> {
  await tx.select({ id: volunteer.id }).from(volunteer).where(eq(volunteer.id, volunteerId)).for('no key update');
}

export type Totals = { trackedMinutes: number; manualMinutes: number; totalMinutes: number };

/** Derived totals: sums of the ledger (reversals included), optionally of one recording org and period. */
export async function totalsOf(db: DbOrTx, volunteerId: string, opts: { orgId?: number; from?: string | null; to?: string | null } = {}): Promise<Totals> {
  const [row] = await db
    .select({
      tracked: sql<number>`coalesce(sum(${hourEntry.minutes}) filter (where ${hourEntry.source} = 'tracked'), 0)::int`,
      manual: sql<number>`coalesce(sum(${hourEntry.minutes}) filter (where ${hourEntry.source} = 'manual'), 0)::int`,
    })
    .from(hourEntry)
    .where(
      and(
        eq(hourEntry.volunteerId, volunteerId),
        opts.orgId ? eq(hourEntry.orgId, opts.orgId) : undefined,
        opts.from ? sql`${hourEntry.serviceDate} >= ${opts.from}::date` : undefined,
        opts.to ? sql`${hourEntry.serviceDate} <= ${opts.to}::date` : undefined,
      ),
    );
  const trackedMinutes = row?.tracked ?? 0;
  const manualMinutes = row?.manual ?? 0;
  return { trackedMinutes, manualMinutes, totalMinutes: trackedMinutes + manualMinutes };
}

export async function ruleAt(db: DbOrTx, orgPath: string): Promise<{ stepMinutes: number; coveragePct: number }> {
  const step = await getSetting(db, orgPath, hourStepSetting);
  return { stepMinutes: Math.round(step * 60), coveragePct: await getSetting(db, orgPath, coverageSetting) };
}

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
/** The first day of the month `n` months after d's. */
const monthAfter = (d: string, n: number) => addMonths(monthStart(d), n);

/**
 * A period (inclusive dates) split for the rollups: the whole months in it (first days of the
 * first and last), read from the monthly rollups, and the days at either edge that fill only
 * part of a month, read from the ledger. Dashboards ask for months and years, so the edges are
 * usually empty.
 */
export function splitPeriod(from: string, to: string): { months: { first: string; last: string } | null; edges: [string, string][] } {
  const first = from === monthStart(from) ? from : monthAfter(from, 1);
  const last = addDays(monthAfter(to, 1), -1) === to ? monthStart(to) : monthAfter(to, -1);
  if (first > last || from > to) return { months: null, edges: from <= to ? [[from, to]] : [] };
  const edges: [string, string][] = [];
  if (from < first) edges.push([from, addDays(first, -1)]);
  const end = addDays(monthAfter(last, 1), -1);
  if (to > end) edges.push([addDays(end, 1), to]);
  return { months: { first, last }, edges };
}

/**
 * The orgs of the subtrees, as a condition on an org id column. Below a province the ids are
 * looked up first (`= any(array(…))`): the planner then probes the rollup's (org_id, month)
 * index per org instead of scanning it. A whole province reads most rows anyway: a hash join.
 */
export function orgIdIn(column: SQL, paths: readonly string[], join: 'auto' | 'semi' = 'auto'): SQL {
  if (paths.length === 0) return sql`false`;
  // One path: `<@ ltree` uses the org path GiST index; the array form scans org.
  const inPaths =
    paths.length === 1
      ? sql`path <@ ${paths[0]}::ltree`
      : sql`path <@ array[${sql.join(
          paths.map((p) => sql`${p}`),
          sql`, `,
        )}]::ltree[]`;
  if (join === 'semi' || paths.some((p) => !p.includes('.'))) return sql`${column} in (select id from org where ${inPaths})`;
  return sql`${column} = any(array(select id from org where ${inPaths}))`;
}

/**
 * The rows a period sums, from the rollup for whole months and the ledger at the edges;
 * optionally of some volunteers only.
 */
function periodRows(paths: readonly string[], from: string, to: string, cols: SQL, rollup: 'org' | 'volunteer', volunteers?: string[]): SQL {
  const { months, edges } = splitPeriod(from, to);
  const only = volunteers ? sql` and volunteer_id = any(string_to_array(${volunteers.join(',')}, ',')::uuid[])` : sql``;
  // Some volunteers: reach their rows by volunteer id, and check the org against the subtree after.
  const orgs = orgIdIn(sql`org_id`, paths, volunteers ? 'semi' : 'auto');
  const parts: SQL[] = [];
  if (months) {
    const table = rollup === 'org' ? sql`hour_org_month` : sql`hour_month`;
    parts.push(sql`select ${cols} from ${table} where ${orgs} and month between ${months.first}::date and ${months.last}::date${only}`);
  }
  for (const [a, b] of edges) {
    parts.push(sql`select ${cols} from hour_entry where ${orgs} and service_date between ${a}::date and ${b}::date${only}`);
  }
  if (parts.length === 0) parts.push(sql`select ${cols} from hour_entry where false`);
  return sql.join(parts, sql` union all `);
}

/** Minutes recorded within the subtrees over a period, by source (reversals netted). */
export async function minutesBySource(db: DbOrTx, paths: readonly string[], from: string, to: string): Promise<{ source: HourSource; minutes: number }[]> {
  const rows = periodRows(paths, from, to, sql`source, minutes`, 'org');
  const res = await db.execute<{ source: HourSource; minutes: number }>(
    sql`select source, sum(minutes)::float8 as minutes from (${rows}) u group by source order by source`,
  );
  return res.rows.map((r) => ({ source: r.source, minutes: Number(r.minutes) }));
}

export type RankingRow = { volunteerId: string; minutes: number; name: string; number: string; orgName: string; starLevel: number };
type Ranked = { volunteerId: string; minutes: number };

/** Most minutes first; ties in volunteer id order (uuid order is the text order). */
const byRank = (a: Ranked, b: Ranked) => b.minutes - a.minutes || (a.volunteerId < b.volunteerId ? -1 : a.volunteerId > b.volunteerId ? 1 : 0);

async function sumsOf(db: DbOrTx, rows: SQL, limit?: number): Promise<Ranked[]> {
  const res = await db.execute<{ volunteer_id: string; minutes: number }>(sql`
    select volunteer_id, sum(minutes)::int as minutes from (${rows}) u
    group by volunteer_id having sum(minutes) > 0
    ${limit === undefined ? sql`` : sql`order by 2 desc, 1 limit ${limit}`}`);
  return res.rows.map((r) => ({ volunteerId: r.volunteer_id, minutes: Number(r.minutes) }));
}

const rankBatch = 500;
const rankBatches = 10;

/**
 * Top N of a period within one calendar year, without summing every volunteer: walk volunteers
 * by their year total (hour_volunteer_year, an upper bound of any part of it), sum the
 * candidates exactly, and stop once the N-th best beats the next bound. A province's top 100
 * is found in the first batch; a small subtree whose top volunteers are far down the province's
 * list gives up after `rankBatches` (null) and is summed whole, which is cheap there.
 */
async function topByYearBound(
  db: DbOrTx,
  paths: readonly string[],
  from: string,
  to: string,
  limit: number,
  walk: { batch: number; batches: number },
): Promise<Ranked[] | null> {
  const year = Number(from.slice(0, 4));
  let best: Ranked[] = [];
  let after: Ranked | null = null;
  for (let i = 0; i < walk.batches; i++) {
    const next = after ? sql`and (minutes < ${after.minutes} or (minutes = ${after.minutes} and volunteer_id > ${after.volunteerId}::uuid))` : sql``;
    const cands: { volunteer_id: string; minutes: number }[] = (
      await db.execute<{ volunteer_id: string; minutes: number }>(
        sql`select volunteer_id, minutes from hour_volunteer_year where year = ${year} ${next}
          order by minutes desc nulls last, volunteer_id limit ${walk.batch}`,
      )
    ).rows;
    if (cands.length > 0) {
      const exact = await sumsOf(
        db,
        periodRows(
          paths,
          from,
          to,
          sql`volunteer_id, minutes`,
          'volunteer',
          cands.map((c) => c.volunteer_id),
        ),
      );
      best = [...best, ...exact].sort(byRank).slice(0, limit);
    }
    const last: { volunteer_id: string; minutes: number } | undefined = cands.at(-1);
    if (!last || cands.length < walk.batch || Number(last.minutes) <= 0) return best;
    after = { volunteerId: last.volunteer_id, minutes: Number(last.minutes) };
    const nth = best[limit - 1];
    if (nth && nth.minutes > after.minutes) return best;
  }
  return null;
}

/**
 * Volunteers by hours recorded within the subtrees over a period, most first; ties in volunteer
 * id order (registration order), so the same data always ranks the same. Only positive totals.
 * Star level: the highest certified.
 */
export async function topVolunteers(
  db: DbOrTx,
  paths: readonly string[],
  from: string,
  to: string,
  limit: number,
  walk = { batch: rankBatch, batches: rankBatches },
): Promise<RankingRow[]> {
  const bounded = from.slice(0, 4) === to.slice(0, 4) ? await topByYearBound(db, paths, from, to, limit, walk) : null;
  const top = bounded ?? (await sumsOf(db, periodRows(paths, from, to, sql`volunteer_id, minutes`, 'volunteer'), limit));
  if (top.length === 0) return [];
  const res = await db.execute<{ volunteer_id: string; name: string; number: string; org_name: string; star_level: number }>(sql`
    select v.id as volunteer_id, p.name, v.number, o.name as org_name,
      coalesce((select max(a.level) from star_award a where a.volunteer_id = v.id and a.status = 'certified'), 0)::int as star_level
    from volunteer v join person p on p.id = v.person_id join org o on o.id = v.org_id
    where v.id = any(string_to_array(${top.map((t) => t.volunteerId).join(',')}, ',')::uuid[])`);
  const about = new Map(res.rows.map((r) => [r.volunteer_id, r]));
  return top.flatMap((t) => {
    const r = about.get(t.volunteerId);
    return r ? [{ ...t, name: r.name, number: r.number, orgName: r.org_name, starLevel: Number(r.star_level) }] : [];
  });
}
