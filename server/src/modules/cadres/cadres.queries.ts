import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { ownedBy, type EntityResolver } from '../../platform/access/entities.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import { member } from '../members/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchKinds } from '../../platform/org-tree/org-tree.ts';
import { person } from '../people/index.ts';
import { ageBands, type AgeBand } from './cadres.rules.ts';
import { cadre, election, type CadreKind, type CadreStatus } from './cadres.schema.ts';

/** The org path owning a cadre id, for routes that name one (`config.access.entity: 'cadre'`). */
export const cadreEntities: Record<string, EntityResolver> = {
  cadre: ownedBy(cadre),
};

/** Cadres in the scope holding their post on a day: begun by then, not ended by then. */
export function cadresOn(scope: OrgScope, day: string): SQL {
  return sql`${scope.where(org.path)} and ${cadre.termStart} <= ${day}::date
    and (${cadre.status} = 'active' or ${cadre.endedOn} > ${day}::date)`;
}

const birthYear = sql`extract(year from ${person.birthDate})::int`;
export const ageBandSql = sql<AgeBand>`case when ${birthYear} < 1980 then 'before80' when ${birthYear} < 1990 then '80s' when ${birthYear} < 2000 then '90s' else '00s' end`;
/** 中共党员 and 中共预备党员 count as party members. */
export const isPartySql = sql<boolean>`coalesce(${person.politicalStatus} like '%党员%', false)`;
/** 大专以上: 大学专科 (大专) or any higher degree. */
export const isCollegeSql = sql<boolean>`coalesce(${person.education} ~ '(专科|大专|本科|研究生|硕士|博士)', false)`;
export const isVillageOrgSql = sql<boolean>`coalesce(${org.category} in ('village', 'community'), false)`;

export type ShareKey = 'age_band' | 'party' | 'education' | 'in_village_committee';
export type Share = { key: ShareKey; group: string; numerator: number; denominator: number };

/** Structure of the cadres in the scope on a day: counts by kind and the shares the reports quote. */
export async function cadreStructure(db: DbOrTx, scope: OrgScope, day: string) {
  const [r] = await db
    .select({
      total: sql<number>`count(distinct ${cadre.personId})::int`,
      fullTime: sql<number>`count(distinct ${cadre.personId}) filter (where ${cadre.kind} = 'full_time')::int`,
      partTime: sql<number>`count(distinct ${cadre.personId}) filter (where ${cadre.kind} = 'part_time')::int`,
      seconded: sql<number>`count(distinct ${cadre.personId}) filter (where ${cadre.kind} = 'seconded')::int`,
      before80: sql<number>`count(distinct ${cadre.personId}) filter (where ${ageBandSql} = 'before80')::int`,
      b80s: sql<number>`count(distinct ${cadre.personId}) filter (where ${ageBandSql} = '80s')::int`,
      b90s: sql<number>`count(distinct ${cadre.personId}) filter (where ${ageBandSql} = '90s')::int`,
      b00s: sql<number>`count(distinct ${cadre.personId}) filter (where ${ageBandSql} = '00s')::int`,
      party: sql<number>`count(distinct ${cadre.personId}) filter (where ${isPartySql})::int`,
      college: sql<number>`count(distinct ${cadre.personId}) filter (where ${isCollegeSql})::int`,
      village: sql<number>`count(distinct ${cadre.personId}) filter (where ${isVillageOrgSql})::int`,
      villageIn: sql<number>`count(distinct ${cadre.personId}) filter (where ${isVillageOrgSql} and ${cadre.inVillageCommittee})::int`,
    })
    .from(cadre)
    .innerJoin(org, eq(org.id, cadre.orgId))
    .innerJoin(person, eq(person.id, cadre.personId))
    .where(cadresOn(scope, day));
  const v = r ?? { total: 0, fullTime: 0, partTime: 0, seconded: 0, before80: 0, b80s: 0, b90s: 0, b00s: 0, party: 0, college: 0, village: 0, villageIn: 0 };
  const bands: Record<AgeBand, number> = { before80: v.before80, '80s': v.b80s, '90s': v.b90s, '00s': v.b00s };
  const shares: Share[] = [
    ...ageBands.map((b) => ({ key: 'age_band' as const, group: b, numerator: bands[b], denominator: v.total })),
    { key: 'party', group: 'party', numerator: v.party, denominator: v.total },
    { key: 'education', group: 'college', numerator: v.college, denominator: v.total },
    { key: 'in_village_committee', group: 'in', numerator: v.villageIn, denominator: v.village },
  ];
  const byKind: Record<CadreKind, number> = { full_time: v.fullTime, part_time: v.partTime, seconded: v.seconded };
  return { total: v.total, byKind, shares };
}

export type CadreListQuery = { scope: OrgScope; status?: CadreStatus; kind?: CadreKind; q?: string; after: string | null; limit: number };

export async function listCadres(db: DbOrTx, q: CadreListQuery) {
  const conds: SQL[] = [q.scope.where(org.path)];
  if (q.status) conds.push(eq(cadre.status, q.status));
  if (q.kind) conds.push(eq(cadre.kind, q.kind));
  if (q.q) conds.push(sql`${person.name} ilike ${containsPattern(q.q)}`);
  if (q.after) conds.push(sql`${cadre.id} > ${q.after}`);
  return db
    .select({
      c: cadre,
      orgName: org.name,
      p: {
        name: person.name,
        gender: person.gender,
        birthDate: person.birthDate,
        education: person.education,
        politicalStatus: person.politicalStatus,
        ethnicity: person.ethnicity,
      },
    })
    .from(cadre)
    .innerJoin(org, eq(org.id, cadre.orgId))
    .innerJoin(person, eq(person.id, cadre.personId))
    .where(and(...conds))
    .orderBy(asc(cadre.id))
    .limit(q.limit + 1);
}

export async function listElections(db: DbOrTx, q: { scope: OrgScope; after: string | null; limit: number }) {
  const conds: SQL[] = [q.scope.where(org.path), eq(election.status, 'recorded')];
  if (q.after) conds.push(sql`${election.id} < ${q.after}`);
  const rows = await db
    .select({ e: election, orgName: org.name, orgKind: org.kind, category: org.category })
    .from(election)
    .innerJoin(org, eq(org.id, election.orgId))
    .where(and(...conds))
    .orderBy(desc(election.id))
    .limit(q.limit + 1);
  const ids = rows.map((r) => r.e.id);
  const committee = ids.length
    ? await db
        .select({ electionId: cadre.electionId, personId: cadre.personId, name: person.name, post: cadre.post, kind: cadre.kind })
        .from(cadre)
        .innerJoin(person, eq(person.id, cadre.personId))
        .where(inArray(cadre.electionId, ids))
    : [];
  return rows.map((r) => ({ ...r, committee: committee.filter((c) => c.electionId === r.e.id) }));
}

/** The latest recorded election of each org in the scope whose term ends by `until`. */
export async function termsEndingBy(db: DbOrTx, scope: OrgScope, until: string, limit: number) {
  const res = await db.execute<{ org_id: number; org_name: string; held_on: string; term_ends_on: string; term_years: number }>(sql`
    select org_id, org_name, held_on::text, term_ends_on::text, term_years from (
      select distinct on (e.org_id) e.org_id, o.name as org_name, e.held_on, e.term_ends_on, e.term_years
      from election e join org o on o.id = e.org_id
      where ${scope.where(sql`o.path`)} and o.status = 'active' and e.status = 'recorded'
      order by e.org_id, e.held_on desc
    ) latest
    where term_ends_on <= ${until}::date
    order by term_ends_on, org_id
    limit ${limit}`);
  return res.rows;
}

/** Kinds the size rules speak of: branches, and general branches (counted over their branches). */
const sizedKinds = [...branchKinds, 'general_branch'] as const;

/** Branches and general branches with their active member and committee counts, for size rules. */
export async function orgSizes(db: DbOrTx, scope: OrgScope, limit: number) {
  // Grouped counts once, then joined: correlated subtree counts per org were seconds on a county.
  const res = await db.execute<{ id: number; name: string; kind: (typeof sizedKinds)[number]; members: number; committee: number }>(sql`
    with mc as (
      select m.org_id, count(*)::int as n from ${member} m join org mo on mo.id = m.org_id
      where ${scope.where(sql`mo.path`)} and m.status = 'active' group by m.org_id
    ), cc as (
      select c.org_id, count(*)::int as n from ${cadre} c join org co on co.id = c.org_id
      where ${scope.where(sql`co.path`)} and c.status = 'active' and c.post <> 'staff' group by c.org_id
    )
    select o.id, o.name, o.kind,
      (case when o.kind = 'general_branch'
        then (select coalesce(sum(mc2.n), 0) from mc mc2 join org d on d.id = mc2.org_id where d.path <@ o.path)
        else coalesce(mc.n, 0) end)::int as members,
      coalesce(cc.n, 0)::int as committee
    from org o left join mc on mc.org_id = o.id left join cc on cc.org_id = o.id
    where ${scope.where(sql`o.path`)} and o.status = 'active' and o.kind in (${sql.join(
      sizedKinds.map((k) => sql`${k}`),
      sql`, `,
    )})
      and (mc.n > 0 or o.kind = 'general_branch')
    order by o.path
    limit ${limit}`);
  return res.rows;
}
