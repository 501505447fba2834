import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { listScope, subtrees, type Actor } from '../../platform/access/scope.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { idsOfPath, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { person } from '../people/index.ts';
import { quotaSetting } from './members.rules.ts';
import { member, memberApplication, memberCohort, memberNumberCounter, pendingStages, type ApplicationStage } from './members.schema.ts';

export type ApplicationRow = typeof memberApplication.$inferSelect;

const sponsor1 = alias(person, 'sponsor1_person');
const sponsor2 = alias(person, 'sponsor2_person');
const sponsor1m = alias(member, 'sponsor1_member');
const sponsor2m = alias(member, 'sponsor2_member');

export const applicationColumns = {
  a: memberApplication,
  name: person.name,
  gender: person.gender,
  birthDate: person.birthDate,
  orgName: org.name,
  orgPath: org.path,
  sponsor1Name: sponsor1.name,
  sponsor2Name: sponsor2.name,
};

function applicationSelect(db: DbOrTx) {
  return db
    .select(applicationColumns)
    .from(memberApplication)
    .innerJoin(person, eq(person.id, memberApplication.personId))
    .innerJoin(org, eq(org.id, memberApplication.orgId))
    .leftJoin(sponsor1m, eq(sponsor1m.id, memberApplication.sponsor1Id))
    .leftJoin(sponsor1, eq(sponsor1.id, sponsor1m.personId))
    .leftJoin(sponsor2m, eq(sponsor2m.id, memberApplication.sponsor2Id))
    .leftJoin(sponsor2, eq(sponsor2.id, sponsor2m.personId));
}
export type ApplicationListRow = NonNullable<Awaited<ReturnType<typeof applicationWithNames>>>;

export async function applicationWithNames(db: DbOrTx, id: string) {
  const [row] = await applicationSelect(db).where(eq(memberApplication.id, id));
  return row ?? null;
}

/** `open`: the applications still in development (`pendingStages`: open, or approved awaiting the ceremony). */
export type ApplicationFilter = { orgId?: number; stage?: ApplicationStage; open?: boolean; q?: string; after: string | null; limit: number };

export async function listApplications(db: DbOrTx, actor: Actor, f: ApplicationFilter) {
  const scope = await listScope(db, actor, 'member.read', f.orgId);
  const conds: SQL[] = [scope.where(org.path)];
  if (f.stage) conds.push(eq(memberApplication.stage, f.stage));
  if (f.open) conds.push(inArray(memberApplication.stage, pendingStages));
  if (f.q?.trim()) conds.push(sql`${person.name} ilike ${containsPattern(f.q.trim())}`);
  if (f.after) conds.push(sql`${memberApplication.id} > ${f.after}`);
  return applicationSelect(db)
    .where(and(...conds))
    .orderBy(asc(memberApplication.id))
    .limit(f.limit);
}

/** The applications of one person, newest first (the applicant's own phone page). */
export async function applicationsOfPerson(db: DbOrTx, personId: string) {
  return applicationSelect(db).where(eq(memberApplication.personId, personId)).orderBy(desc(memberApplication.id));
}

/**
 * The next generated development number for a year: year + 8-digit sequence. The counter row
 * is locked by the upsert, so concurrent approvals get distinct numbers; numbers entered by hand
 * for the year are skipped by starting above the largest one on file.
 */
export async function nextDevelopmentNumber(tx: DbOrTx, year: number): Promise<string> {
  const lo = `${year}00000000`;
  const hi = `${year}99999999`;
  const res = await tx.execute<{ last: number }>(sql`
    insert into ${memberNumberCounter} (year, last)
    values (${year}, coalesce((select max(substr(development_number, 5)::int) from member
      where development_number between ${lo} and ${hi} and length(development_number) = 12), 0) + 1)
    on conflict (year) do update set last = greatest(${memberNumberCounter.last} + 1, excluded.last)
    returning last`);
  const last = res.rows[0]?.last;
  if (!last) throw new Error('no development number');
  return `${year}${String(last).padStart(8, '0')}`;
}

export type QuotaUse = { orgId: number; orgName: string; year: number; cohortSize: number; percent: number; max: number; used: number };

/**
 * Quota use for admissions in a year: measured at the nearest org (the branch or an ancestor,
 * e.g. the school) that declared a cohort for that year; null when none did.
 */
export async function quotaFor(db: DbOrTx, branch: OrgRow, year: number): Promise<QuotaUse | null> {
  const ids = idsOfPath(branch.path);
  const [c] = await db
    .select({ orgId: memberCohort.orgId, size: memberCohort.size, name: org.name, path: org.path })
    .from(memberCohort)
    .innerJoin(org, eq(org.id, memberCohort.orgId))
    .where(and(inArray(memberCohort.orgId, ids), eq(memberCohort.year, year)))
    .orderBy(desc(org.depth))
    .limit(1);
  if (!c) return null;
  const { percent } = await getSetting(db, c.path, quotaSetting);
  const [u] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(member)
    .innerJoin(org, eq(org.id, member.orgId))
    .where(and(subtrees([c.path]).where(org.path), sql`${member.admittedOn} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`));
  return { orgId: c.orgId, orgName: c.name, year, cohortSize: c.size, percent, max: Math.floor((c.size * percent) / 100), used: u?.n ?? 0 };
}
