import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import { studiedSql } from '../study/index.ts';

/**
 * "Who hasn't done it": active members of a scope without a registration (or without a grade
 * in an approved review) for a year, or without a participation in a 青年大学习 issue. Registration
 * deferrals count as not done: they still must register.
 */
export type TodoTask = 'registration' | 'review' | 'study';

/** The issue a study list is about; `scope` is then the part of the caller's scope the issue covers. */
export type TodoEpisode = { id: string; endsOn: string };
export type TodoQuery = { scope: OrgScope } & ({ task: 'registration' | 'review'; year: number } | { task: 'study'; episode: TodoEpisode });

function doneCondition(q: TodoQuery): SQL {
  if (q.task === 'study') return studiedSql(q.episode.id);
  if (q.task === 'registration') {
    return sql`exists (select 1 from member_registration g where g.member_id = m.id and g.year = ${q.year} and g.status = 'registered')`;
  }
  return sql`exists (select 1 from review_grade rg join branch_review br on br.id = rg.review_id
    where rg.member_id = m.id and br.year = ${q.year} and br.status = 'approved')`;
}

/** Members the task asks of: admitted by the year's end, or by the issue's last day. */
function admittedBy(q: TodoQuery): SQL {
  return q.task === 'study' ? sql`m.admitted_on <= ${q.episode.endsOn}::date` : sql`m.admitted_on <= make_date(${q.year}, 12, 31)`;
}

export type TodoRow = { member_id: string; name: string; org_id: number; org_name: string; admitted_on: string; reminded: boolean };

export async function notDone(db: DbOrTx, q: TodoQuery & { after: string | null; limit: number }): Promise<TodoRow[]> {
  const res = await db.execute<TodoRow>(sql`
    select m.id as member_id, p.name, m.org_id, o.name as org_name, m.admitted_on,
      exists (select 1 from member_reminder r where r.member_id = m.id and r.kind = ${q.task} and r.status = 'open') as reminded
    from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
    where m.status = 'active' and ${q.scope.where(sql`o.path`)} and ${admittedBy(q)}
      and not ${doneCondition(q)}
      ${q.after ? sql`and m.id > ${q.after}::uuid` : sql``}
    order by m.id limit ${q.limit}`);
  return res.rows;
}

export type CompletionRow = { org_id: number; org_name: string; members: number; done: number };

/** Per branch: active members and how many have done the task for the year (or the issue). */
export async function completionByBranch(db: DbOrTx, q: TodoQuery): Promise<CompletionRow[]> {
  const res = await db.execute<CompletionRow>(sql`
    select m.org_id, o.name as org_name, count(*)::int as members, count(*) filter (where ${doneCondition(q)})::int as done
    from member m join org o on o.id = m.org_id
    where m.status = 'active' and ${q.scope.where(sql`o.path`)} and ${admittedBy(q)}
    group by m.org_id, o.name order by o.name, m.org_id`);
  return res.rows;
}
