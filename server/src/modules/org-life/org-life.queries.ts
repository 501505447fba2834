import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Static, TSchema } from 'typebox';
import { ownedBy, type EntityResolver } from '../../platform/access/entities.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import { getSetting, type SettingDef } from '../../platform/settings/settings.ts';
import { orgSetting } from '../../platform/settings/settings.schema.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchKinds } from '../../platform/org-tree/org-tree.ts';
import { person } from '../people/index.ts';
import { frequenciesSetting, kindCompliance, rate, windowOf } from './org-life.rules.ts';
import { branchRating, meeting, meetingAttendance, meetingKinds, orglifeFile, type MeetingKind } from './org-life.schema.ts';

/** The org path owning each entity routes name (`config.access.entity`); a voided file has none. */
export const orgLifeEntities: Record<string, EntityResolver> = {
  meeting: ownedBy(meeting),
  orglifeFile: ownedBy(orglifeFile, { where: eq(orglifeFile.status, 'active') }),
  rating: ownedBy(branchRating),
};

/**
 * The value of a setting at many orgs at once: every override of the key is read once (they are
 * few), and each org takes its nearest ancestor's, like getSetting does for one org.
 */
export async function settingResolver<S extends TSchema>(db: DbOrTx, def: SettingDef<S>): Promise<(path: string) => Static<S>> {
  const rows = await db
    .select({ path: org.path, value: orgSetting.value })
    .from(orgSetting)
    .innerJoin(org, eq(org.id, orgSetting.orgId))
    .where(eq(orgSetting.key, def.key));
  rows.sort((a, b) => b.path.split('.').length - a.path.split('.').length);
  return (path) => {
    const hit = rows.find((r) => path === r.path || path.startsWith(`${r.path}.`));
    return (hit ? hit.value : def.default) as Static<S>;
  };
}

/**
 * A setting as it applies to a report over the scope: at its one root, or where several roots
 * meet (their nearest common ancestor), so the value never depends on the order of the grants.
 */
export async function settingForScope<S extends TSchema>(db: DbOrTx, scope: OrgScope, def: SettingDef<S>): Promise<Static<S>> {
  const [first, ...rest] = scope.roots.map((r) => r.split('.'));
  if (!first) return def.default as Static<S>;
  let n = first.length;
  for (const ids of rest) {
    let i = 0;
    while (i < n && i < ids.length && ids[i] === first[i]) i++;
    n = i;
  }
  return n > 0 ? getSetting(db, first.slice(0, n).join('.'), def) : (def.default as Static<S>);
}

export type BranchCompliance = {
  orgId: number;
  name: string;
  path: string;
  held: number;
  due: number;
  rate: number | null;
  byKind: Record<MeetingKind, { held: number; due: number }>;
};

/**
 * Compliance (held / due) of every active branch in the scope for a period, with each branch's
 * own frequencies (the nearest setting above it wins).
 */
export async function branchCompliance(db: DbOrTx, scope: OrgScope, period: { from: string; to: string }, today: string): Promise<BranchCompliance[]> {
  const branches = await db
    .select({ id: org.id, name: org.name, path: org.path, establishedOn: org.establishedOn })
    .from(org)
    .where(and(scope.where(org.path), eq(org.status, 'active'), inArray(org.kind, branchKinds)))
    .orderBy(asc(org.path));
  if (branches.length === 0) return [];
  const held = await db
    .selectDistinct({ orgId: meeting.orgId, kind: meeting.kind, heldOn: meeting.heldOn })
    .from(meeting)
    .innerJoin(org, eq(org.id, meeting.orgId))
    .where(and(scope.where(org.path), eq(meeting.status, 'recorded'), sql`${meeting.heldOn} between ${period.from}::date and ${period.to}::date`));
  const dates = new Map<string, string[]>();
  for (const h of held) {
    const key = `${h.orgId}/${h.kind}`;
    dates.set(key, [...(dates.get(key) ?? []), h.heldOn]);
  }
  const freqAt = await settingResolver(db, frequenciesSetting);
  const out: BranchCompliance[] = [];
  for (const b of branches) {
    const freq = freqAt(b.path);
    const window = windowOf(period, b.establishedOn, today);
    const byKind = {} as BranchCompliance['byKind'];
    let h = 0;
    let d = 0;
    for (const k of meetingKinds) {
      const c = kindCompliance(freq[k], window, dates.get(`${b.id}/${k}`) ?? []);
      byKind[k] = c;
      h += c.held;
      d += c.due;
    }
    out.push({ orgId: b.id, name: b.name, path: b.path, held: h, due: d, rate: rate(h, d), byKind });
  }
  return out;
}

export async function listMeetings(db: DbOrTx, q: { scope: OrgScope; kind?: MeetingKind; from?: string; to?: string; after: string | null; limit: number }) {
  const conds: SQL[] = [q.scope.where(org.path), eq(meeting.status, 'recorded')];
  if (q.kind) conds.push(eq(meeting.kind, q.kind));
  if (q.from) conds.push(sql`${meeting.heldOn} >= ${q.from}::date`);
  if (q.to) conds.push(sql`${meeting.heldOn} <= ${q.to}::date`);
  if (q.after) conds.push(sql`${meeting.id} < ${q.after}`);
  const rows = await db
    .select({
      m: meeting,
      orgName: org.name,
      attendees: sql<number>`(select count(*)::int from ${meetingAttendance} a where a.meeting_id = ${meeting.id})`,
      files: sql<number>`(select count(*)::int from ${orglifeFile} f where f.owner_kind = 'meeting' and f.owner_id = ${meeting.id} and f.status = 'active')`,
    })
    .from(meeting)
    .innerJoin(org, eq(org.id, meeting.orgId))
    .where(and(...conds))
    .orderBy(desc(meeting.id))
    .limit(q.limit + 1);
  return rows;
}

export async function meetingDetail(db: DbOrTx, id: string) {
  const [row] = await db.select({ m: meeting, orgName: org.name }).from(meeting).innerJoin(org, eq(org.id, meeting.orgId)).where(eq(meeting.id, id));
  if (!row) return null;
  const attendees = await db
    .select({ memberId: meetingAttendance.memberId, personId: meetingAttendance.personId, name: person.name })
    .from(meetingAttendance)
    .innerJoin(person, eq(person.id, meetingAttendance.personId))
    .where(eq(meetingAttendance.meetingId, id))
    .orderBy(asc(person.name));
  const files = await db
    .select({ id: orglifeFile.id, fileName: orglifeFile.fileName, contentType: orglifeFile.contentType, size: orglifeFile.size })
    .from(orglifeFile)
    .where(and(eq(orglifeFile.ownerKind, 'meeting'), eq(orglifeFile.ownerId, id), eq(orglifeFile.status, 'active')))
    .orderBy(asc(orglifeFile.id));
  return { ...row, attendees, files };
}

/** 团课 学时 per person in a period (in tenths), from lesson attendance; for training rules elsewhere too. */
export async function lessonHoursByPerson(db: DbOrTx, scope: OrgScope, period: { from: string; to: string }, personIds?: string[]) {
  const conds: SQL[] = [
    scope.where(org.path),
    eq(meeting.kind, 'lesson'),
    eq(meeting.status, 'recorded'),
    sql`${meeting.heldOn} between ${period.from}::date and ${period.to}::date`,
  ];
  if (personIds) conds.push(personIds.length ? inArray(meetingAttendance.personId, personIds) : sql`false`);
  return db
    .select({ personId: meetingAttendance.personId, tenths: sql<number>`sum(${meeting.hoursTenths})::int`, lessons: sql<number>`count(*)::int` })
    .from(meetingAttendance)
    .innerJoin(meeting, eq(meeting.id, meetingAttendance.meetingId))
    .innerJoin(org, eq(org.id, meeting.orgId))
    .where(and(...conds))
    .groupBy(meetingAttendance.personId);
}
