import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { OrgScope } from '../../platform/access/scope.ts';

/**
 * Who an issue asks to study: active members admitted by its last day, in the subtree the issue
 * covers. The same condition drives the "who hasn't studied" list, the branch completion and
 * the participation rate, so the three agree. Aliases: m = member, e = study_episode.
 */
export const expectedSql = sql`m.status = 'active' and m.admitted_on <= e.ends_on`;

/** SQL: an ltree column is at or above one of the roots. */
function aboveAny(column: SQL, roots: readonly string[]): SQL {
  if (roots.length === 0) return sql`false`;
  return sql`(${sql.join(
    roots.map((r) => sql`${column} @> ${r}::ltree`),
    sql` or `,
  )})`;
}

/**
 * Issues that apply to a scope: published at or above one of its subtrees, or inside one.
 * Alias oo = owner org.
 */
export const appliesSql = (scope: OrgScope): SQL => sql`e.status = 'published' and (${aboveAny(sql`oo.path`, scope.roots)} or ${scope.where(sql`oo.path`)})`;

/** SQL: member `m` studied the issue (the "who hasn't studied" list of member-life reads it). */
export const studiedSql = (episodeId: string): SQL =>
  sql`exists (select 1 from study_participation sp where sp.member_id = m.id and sp.episode_id = ${episodeId}::uuid)`;

export type EpisodeListRow = {
  id: string;
  number: string;
  title: string;
  starts_on: string;
  ends_on: string;
  status: string;
  owner_org_id: number;
  owner_name: string;
  expected: number;
  studied: number;
};

/** Issues for a scope, latest first, with how many of the scope's members studied each. */
export async function listEpisodes(db: DbOrTx, q: { scope: OrgScope; after: { endsOn: string; id: string } | null; limit: number }): Promise<EpisodeListRow[]> {
  const res = await db.execute<EpisodeListRow>(sql`
    select e.id, e.number, e.title, e.starts_on, e.ends_on, e.status, e.owner_org_id, oo.name as owner_name,
      coalesce(c.expected, 0)::int as expected, coalesce(c.studied, 0)::int as studied
    from study_episode e join org oo on oo.id = e.owner_org_id
    left join lateral (
      select count(*) as expected, count(sp.id) as studied
      from member m join org o on o.id = m.org_id
      left join study_participation sp on sp.episode_id = e.id and sp.member_id = m.id
      where ${q.scope.where(sql`o.path`)} and o.path <@ oo.path and ${expectedSql}
    ) c on true
    where ${appliesSql(q.scope)}
      ${q.after ? sql`and (e.ends_on, e.id) < (${q.after.endsOn}::date, ${q.after.id}::uuid)` : sql``}
    order by e.ends_on desc, e.id desc limit ${q.limit}`);
  return res.rows;
}

/** The latest issue that has begun and applies to the scope: the default of the "who hasn't studied" list. */
export async function latestEpisodeId(db: DbOrTx, scope: OrgScope, today: string): Promise<string | null> {
  const res = await db.execute<{ id: string }>(sql`
    select e.id from study_episode e join org oo on oo.id = e.owner_org_id
    where ${appliesSql(scope)} and e.starts_on <= ${today}::date
    order by e.ends_on desc, e.id desc limit 1`);
  return res.rows[0]?.id ?? null;
}

export type RateRow = { group_id: string; group_name: string; expected: number; studied: number };

/**
 * Participation of the issues that ended in a period (and by `asOf`: an open issue is not yet
 * due), per branch or per issue: members expected and members who studied.
 */
export async function participationRate(
  db: DbOrTx,
  q: { scope: OrgScope; from: string; to: string; asOf: string; by: 'branch' | 'episode' | null },
): Promise<RateRow[]> {
  const group =
    q.by === 'branch'
      ? sql`o.id::text as group_id, o.name as group_name`
      : q.by === 'episode'
        ? sql`e.id::text as group_id, e.number as group_name`
        : sql`'' as group_id, '' as group_name`;
  const res = await db.execute<RateRow>(sql`
    select ${group}, count(*)::int as expected, count(sp.id)::int as studied
    from study_episode e join org oo on oo.id = e.owner_org_id
      join org o on ${q.scope.where(sql`o.path`)} and o.path <@ oo.path
      join member m on m.org_id = o.id
      left join study_participation sp on sp.episode_id = e.id and sp.member_id = m.id
    where ${appliesSql(q.scope)} and e.ends_on between ${q.from}::date and ${q.to}::date and e.ends_on <= ${q.asOf}::date
      and ${expectedSql}
    group by 1, 2 order by 2, 1`);
  return res.rows;
}
