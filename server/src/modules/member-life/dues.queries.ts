import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { DuesCategory } from '../members/members.schema.ts';

export type ArrearsRow = {
  member_id: string;
  name: string;
  org_id: number;
  org_name: string;
  org_path: string;
  dues_category: DuesCategory;
  monthly_income_fen: number | null;
  due_months: number;
  covered_months: number;
  arrears_months: number;
};

/**
 * Each active member of a subtree with this year's months due (from January or admission to the
 * month of `asOf`) and months covered by payments that were not reversed. The one definition of
 * arrears: the API, the reminder list, the Excel export and the figures all read it.
 */
function arrearsCte(path: string, asOf: string): SQL {
  return sql`
    with ms as (
      select m.id as member_id, p.name, m.org_id, o.name as org_name, o.path::text as org_path, m.dues_category, m.monthly_income_fen,
        greatest(date_trunc('month', m.admitted_on)::date, date_trunc('year', ${asOf}::date)::date) as start_m
      from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
      where m.status = 'active' and o.path <@ ${path}::ltree and m.admitted_on <= ${asOf}::date
    ), calc as (
      select ms.*,
        greatest(0, (extract(year from ${asOf}::date)::int * 12 + extract(month from ${asOf}::date)::int)
          - (extract(year from ms.start_m)::int * 12 + extract(month from ms.start_m)::int) + 1) as due_months,
        (select count(distinct g)::int
           from dues_entry e
           cross join lateral generate_series(greatest(e.from_month, ms.start_m), least(e.to_month, date_trunc('month', ${asOf}::date)::date), interval '1 month') g
          where e.member_id = ms.member_id and e.amount_fen > 0
            and not exists (select 1 from dues_entry r where r.reverses_id = e.id)) as covered_months
      from ms
    )`;
}

export async function arrearsRows(
  db: DbOrTx,
  q: { path: string; asOf: string; onlyArrears: boolean; memberId?: string; after?: string | null; limit?: number },
): Promise<ArrearsRow[]> {
  const conds: SQL[] = [sql`true`];
  if (q.onlyArrears) conds.push(sql`due_months - covered_months > 0`);
  if (q.memberId) conds.push(sql`member_id = ${q.memberId}`);
  if (q.after) conds.push(sql`member_id > ${q.after}::uuid`);
  const res = await db.execute<ArrearsRow>(sql`${arrearsCte(q.path, q.asOf)}
    select member_id, name, org_id, org_name, org_path, dues_category, monthly_income_fen, due_months, covered_months,
      (due_months - covered_months) as arrears_months
    from calc where ${sql.join(conds, sql` and `)}
    order by member_id ${q.limit ? sql`limit ${q.limit}` : sql``}`);
  return res.rows;
}

export type BranchArrears = { org_id: number; org_name: string; members: number; in_arrears: number; arrears_months: number };

export async function arrearsByBranch(db: DbOrTx, path: string, asOf: string): Promise<BranchArrears[]> {
  const res = await db.execute<BranchArrears>(sql`${arrearsCte(path, asOf)}
    select org_id, org_name, count(*)::int as members,
      count(*) filter (where due_months - covered_months > 0)::int as in_arrears,
      coalesce(sum(due_months - covered_months), 0)::int as arrears_months
    from calc group by org_id, org_name order by in_arrears desc, org_id`);
  return res.rows;
}
