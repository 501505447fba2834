import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';

/**
 * "Who hasn't done it": active members of a subtree without a registration (or without a grade
 * in an approved review) for a year. Registration deferrals count as not done: they still must
 * register. Study (青年大学习) participation is not recorded by this platform yet.
 * TODO(study): add a 'study' task once the study module records participations.
 */
export type TodoTask = 'registration' | 'review';

function doneCondition(task: TodoTask, year: number): SQL {
  if (task === 'registration') {
    return sql`exists (select 1 from member_registration g where g.member_id = m.id and g.year = ${year} and g.status = 'registered')`;
  }
  return sql`exists (select 1 from review_grade rg join branch_review br on br.id = rg.review_id
    where rg.member_id = m.id and br.year = ${year} and br.status = 'approved')`;
}

export type TodoRow = { member_id: string; name: string; org_id: number; org_name: string; admitted_on: string; reminded: boolean };

export async function notDone(db: DbOrTx, q: { task: TodoTask; path: string; year: number; after: string | null; limit: number }): Promise<TodoRow[]> {
  const res = await db.execute<TodoRow>(sql`
    select m.id as member_id, p.name, m.org_id, o.name as org_name, m.admitted_on,
      exists (select 1 from member_reminder r where r.member_id = m.id and r.kind = ${q.task} and r.status = 'open') as reminded
    from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
    where m.status = 'active' and o.path <@ ${q.path}::ltree and m.admitted_on <= make_date(${q.year}, 12, 31)
      and not ${doneCondition(q.task, q.year)}
      ${q.after ? sql`and m.id > ${q.after}::uuid` : sql``}
    order by m.id limit ${q.limit}`);
  return res.rows;
}

export type CompletionRow = { org_id: number; org_name: string; members: number; done: number };

/** Per branch: active members and how many have done the task for the year. */
export async function completionByBranch(db: DbOrTx, q: { task: TodoTask; path: string; year: number }): Promise<CompletionRow[]> {
  const res = await db.execute<CompletionRow>(sql`
    select m.org_id, o.name as org_name, count(*)::int as members, count(*) filter (where ${doneCondition(q.task, q.year)})::int as done
    from member m join org o on o.id = m.org_id
    where m.status = 'active' and o.path <@ ${q.path}::ltree and m.admitted_on <= make_date(${q.year}, 12, 31)
    group by m.org_id, o.name order by o.name, m.org_id`);
  return res.rows;
}
