import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { ownedBy, type EntityResolver } from '../../platform/access/entities.ts';
import { listScope, subtrees, type Actor, type OrgScope } from '../../platform/access/scope.ts';
import { ageOn } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { latestBirthDateAtAge } from './members.rules.ts';
import { member, memberApplication, type MemberStatus } from './members.schema.ts';

export type MemberRow = typeof member.$inferSelect;

/** One member row (any status), or null. For other modules (transfers, dues, org life). */
export async function findMember(db: DbOrTx, id: string): Promise<MemberRow | null> {
  const [row] = await db.select().from(member).where(eq(member.id, id));
  return row ?? null;
}

/** Routes name members and applications by id: the path of their branch, for the access hook. */
export const membersEntities: Record<string, EntityResolver> = {
  member: ownedBy(member),
  memberApplication: ownedBy(memberApplication),
};

/** The person's active membership, if any. */
export async function activeMemberOf(db: DbOrTx, personId: string): Promise<MemberRow | null> {
  const [row] = await db
    .select()
    .from(member)
    .where(and(eq(member.personId, personId), eq(member.status, 'active')));
  return row ?? null;
}

export const memberColumns = {
  m: member,
  name: person.name,
  gender: person.gender,
  birthDate: person.birthDate,
  idNumber: person.idNumberMasked,
  phone: person.phoneMasked,
  orgName: org.name,
  orgPath: org.path,
};
export type MemberListRow = {
  m: MemberRow;
  name: string;
  gender: string;
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  orgName: string;
  orgPath: string;
};

/** The member as the API shows it: personal data masked, never ciphertext or hashes. */
export function presentMember(r: MemberListRow, today: string) {
  return {
    id: r.m.id,
    personId: r.m.personId,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    age: ageOn(r.birthDate, today),
    idNumber: r.idNumber,
    phone: r.phone,
    orgId: r.m.orgId,
    orgName: r.orgName,
    developmentNumber: r.m.developmentNumber,
    admittedOn: r.m.admittedOn,
    status: r.m.status,
    leftOn: r.m.leftOn,
    leftReason: r.m.leftReason,
    leftNote: r.m.leftNote,
    leaguePost: r.m.leaguePost,
    duesCategory: r.m.duesCategory,
    monthlyIncomeFen: r.m.monthlyIncomeFen,
    createdAt: r.m.createdAt.toISOString(),
    updatedAt: r.m.updatedAt.toISOString(),
  };
}

export type MemberFilter = {
  orgId?: number;
  status?: MemberStatus;
  ageMin?: number;
  ageMax?: number;
  admittedFrom?: string;
  admittedTo?: string;
  q?: string;
  /** only members the caller may change (`member.write`), e.g. for a picker that starts a transfer */
  writable?: boolean;
};

/**
 * The WHERE of a member list: the scope (`listScope` of member.read: an org subtree the caller can
 * see, or the union of its subtrees) and the filters.
 */
export function memberConditions(scope: OrgScope, f: MemberFilter, today: string): SQL[] {
  const conds: SQL[] = [scope.where(org.path)];
  if (f.status) conds.push(eq(member.status, f.status));
  // Age in full years today, as ageOn counts it, on the plain birth date column.
  if (f.ageMin !== undefined) conds.push(sql`${person.birthDate} <= ${latestBirthDateAtAge(today, f.ageMin)}::date`);
  if (f.ageMax !== undefined) conds.push(sql`${person.birthDate} > ${latestBirthDateAtAge(today, f.ageMax + 1)}::date`);
  if (f.admittedFrom) conds.push(sql`${member.admittedOn} >= ${f.admittedFrom}::date`);
  if (f.admittedTo) conds.push(sql`${member.admittedOn} <= ${f.admittedTo}::date`);
  if (f.q?.trim()) conds.push(sql`${person.name} ilike ${containsPattern(f.q.trim())}`);
  return conds;
}

/** Subtrees with at most this many orgs (a county, a school) are listed org-first; see listMembers. */
const smallSubtreeOrgs = 1000;

/**
 * Whether the subtrees hold at most `smallSubtreeOrgs` orgs (counted up to one more). Pages over a
 * small subtree are best chosen from its own rows; over a large one, by walking the id order.
 */
export async function isSmallSubtree(db: DbOrTx, roots: readonly string[]): Promise<boolean> {
  if (roots.length === 0) return true;
  const res = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (select 1 from ${org} where ${subtrees(roots).where(org.path)} limit ${smallSubtreeOrgs + 1}) s`);
  return (res.rows[0]?.n ?? 0) <= smallSubtreeOrgs;
}

/**
 * One keyset page (by member id, time-ordered uuidv7) of members matching the filter.
 *
 * Asked for the first rows in id order, the planner walks all members by primary key and checks
 * each one's org, expecting a subtree's members to turn up evenly; for a county (~1 % of the
 * province) with an age band that meant ~70k rows and 0.5–2 s. For a small subtree the page is
 * chosen from its own members instead (orgs → member_org_idx → person, behind an OFFSET 0 fence
 * so the walk cannot come back), and only that page is read by id. Large subtrees keep the walk:
 * there the first page is found early.
 */
export async function listMembers(
  db: DbOrTx,
  actor: Actor,
  f: MemberFilter & { after: string | null; limit: number },
  today: string,
): Promise<MemberListRow[]> {
  const scope = await listScope(db, actor, f.writable ? 'member.write' : 'member.read', f.orgId);
  const conds = memberConditions(scope, f, today);
  if (f.after) conds.push(sql`${member.id} > ${f.after}`);
  const rows = () => db.select(memberColumns).from(member).innerJoin(person, eq(person.id, member.personId)).innerJoin(org, eq(org.id, member.orgId));
  if (!(await isSmallSubtree(db, scope.roots))) {
    return rows()
      .where(and(...conds))
      .orderBy(asc(member.id))
      .limit(f.limit);
  }
  const matching = db
    .select({ id: member.id })
    .from(member)
    .innerJoin(person, eq(person.id, member.personId))
    .innerJoin(org, eq(org.id, member.orgId))
    .where(and(...conds));
  const page = sql`select id from (${matching} offset 0) s order by id limit ${f.limit}`;
  return rows().where(sql`${member.id} in (${page})`).orderBy(asc(member.id));
}

export async function memberWithPerson(db: DbOrTx, id: string): Promise<MemberListRow | null> {
  const [row] = await db
    .select(memberColumns)
    .from(member)
    .innerJoin(person, eq(person.id, member.personId))
    .innerJoin(org, eq(org.id, member.orgId))
    .where(eq(member.id, id));
  return row ?? null;
}
