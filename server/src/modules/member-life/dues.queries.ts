import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import type { DuesCategory } from '../members/index.ts';
import { isSmallSubtree } from '../members/index.ts';

/**
 * The months covered by payments that were not reversed, per member and year as a bit set (bit i =
 * month i + 1): what `dues_paid_year` holds. `members` limits it to some members; null means all.
 */
function paidMonthsFromLedger(members: string[] | null): SQL {
  return sql`
    select e.member_id, extract(year from g)::int as year, bit_or(1 << (extract(month from g)::int - 1)) as months
    from dues_entry e
    cross join lateral generate_series(e.from_month::timestamp, e.to_month::timestamp, interval '1 month') g
    where e.amount_fen > 0 and not exists (select 1 from dues_entry r where r.reverses_id = e.id)
      ${members ? sql`and e.member_id in ${members}` : sql``}
    group by 1, 2`;
}

/**
 * Rewrites the members' rows of `dues_paid_year` from the ledger. Every writer of `dues_entry`
 * calls it in the same transaction, after its inserts; payments and reversals hold the member's
 * row lock, so two writers of one member cannot interleave their rewrites.
 */
export async function syncPaidMonths(tx: DbOrTx, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.execute(sql`delete from dues_paid_year where member_id in ${memberIds}`);
  await tx.execute(sql`insert into dues_paid_year (member_id, year, months) ${paidMonthsFromLedger(memberIds)}`);
}

/** Rebuilds the whole of `dues_paid_year` from the ledger (bulk loads and seeds; the migration's backfill). */
export async function rebuildPaidMonths(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`delete from dues_paid_year`);
  await tx.execute(sql`insert into dues_paid_year (member_id, year, months) ${paidMonthsFromLedger(null)}`);
}

/** The ledger's view and the rollup's, for checks: rows where they differ (none when they agree). */
export async function paidMonthsDrift(db: DbOrTx, memberIds: string[] | null = null) {
  if (memberIds?.length === 0) return [];
  const scope = memberIds ? sql`where member_id in ${memberIds}` : sql``;
  const res = await db.execute<{ member_id: string; year: number; ledger: number | null; rollup: number | null }>(sql`
    with l as (${paidMonthsFromLedger(memberIds)}), y as (select * from dues_paid_year ${scope})
    select coalesce(l.member_id, y.member_id) as member_id, coalesce(l.year, y.year) as year, l.months as ledger, y.months as rollup
    from l full join y on y.member_id = l.member_id and y.year = l.year
    where l.months is distinct from y.months`);
  return res.rows;
}

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
 * Each active member of a scope (its subtrees) with this year's months due (from January or admission to the
 * month of `asOf`) and months covered by payments that were not reversed. The one definition of
 * arrears: the API, the reminder list, the Excel export and the figures all read it. Covered months
 * come from `dues_paid_year` (one row per member and year): the months due as a bit mask, ANDed
 * with the months paid, counted.
 *
 * `page`: the rollup is read by one index probe per member (LATERAL … LIMIT 1: the key allows one row
 * anyway, and the LIMIT keeps the planner from hashing a whole year of the rollup), for the members
 * met walking the primary key until the page is full. `page-small` gathers the subtree's members
 * first (MATERIALIZED) and sorts them by id before probing: in a county only ~1 % of a walk's members
 * are hits (see listMembers). Whole-subtree figures (`all`) use a plain join.
 */
function arrearsCte(scope: OrgScope, asOf: string, shape: 'all' | 'page' | 'page-small', orgId?: number): SQL {
  const year = Number(asOf.slice(0, 4));
  const lastMonth = Number(asOf.slice(5, 7));
  const rollup =
    shape === 'all'
      ? sql`left join dues_paid_year y on y.member_id = ms.member_id and y.year = ${year}::int`
      : sql`left join lateral (select months from dues_paid_year y where y.member_id = ms.member_id and y.year = ${year}::int limit 1) y on true`;
  return sql`
    with ms as ${shape === 'page-small' ? sql`materialized` : sql``} (
      select m.id as member_id, m.person_id, m.org_id, o.name as org_name, o.path::text as org_path,
        m.dues_category, m.monthly_income_fen,
        case when m.admitted_on < ${`${year}-01-01`}::date then 1 else extract(month from m.admitted_on)::int end as first_month
      from member m join org o on o.id = m.org_id
      where m.status = 'active' and ${scope.where(sql`o.path`)} and m.admitted_on <= ${asOf}::date ${orgId !== undefined ? sql`and m.org_id = ${orgId}` : sql``}
    ), calc as (
      select ms.*, ${lastMonth}::int - ms.first_month + 1 as due_months,
        coalesce(bit_count((y.months & ((1 << ${lastMonth}::int) - (1 << (ms.first_month - 1))))::bit(12))::int, 0) as covered_months
      from ${shape === 'page-small' ? sql`(select * from ms order by member_id) ms` : sql`ms`} ${rollup}
    )`;
}

/**
 * Runs an arrears query with JIT compilation off. These plans are many cheap index probes whose
 * estimated cost crosses the JIT thresholds for a city or a province: compiling them took 1.5–4.8 s
 * (bench/RESULTS.md, issue 3) for queries that run in well under a second without it.
 */
async function withoutJit<T>(db: DbOrTx, run: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return run(tx);
  });
}

export async function arrearsRows(
  db: DbOrTx,
  q: { scope: OrgScope; asOf: string; onlyArrears: boolean; memberId?: string; orgId?: number; after?: string | null; limit?: number },
): Promise<ArrearsRow[]> {
  const conds: SQL[] = [sql`true`];
  if (q.onlyArrears) conds.push(sql`due_months - covered_months > 0`);
  if (q.memberId) conds.push(sql`member_id = ${q.memberId}`);
  if (q.after) conds.push(sql`member_id > ${q.after}::uuid`);
  const small = q.limit !== undefined && !q.memberId && (q.orgId !== undefined || (await isSmallSubtree(db, [...q.scope.roots])));
  return withoutJit(db, async (tx) => {
    const res = await tx.execute<ArrearsRow>(sql`${arrearsCte(q.scope, q.asOf, small ? 'page-small' : 'page', q.orgId)}
      select c.member_id, p.name, c.org_id, c.org_name, c.org_path, c.dues_category, c.monthly_income_fen, c.due_months, c.covered_months,
        (c.due_months - c.covered_months) as arrears_months
      from (select * from calc where ${sql.join(conds, sql` and `)} order by member_id ${q.limit ? sql`limit ${q.limit}` : sql``}) c
      join person p on p.id = c.person_id
      order by c.member_id`);
    return res.rows;
  });
}

export type BranchArrears = { org_id: number; org_name: string; members: number; in_arrears: number; arrears_months: number };

export async function arrearsByBranch(db: DbOrTx, scope: OrgScope, asOf: string): Promise<BranchArrears[]> {
  return withoutJit(db, async (tx) => {
    const res = await tx.execute<BranchArrears>(sql`${arrearsCte(scope, asOf, 'all')}
      select org_id, org_name, count(*)::int as members,
        count(*) filter (where due_months - covered_months > 0)::int as in_arrears,
        coalesce(sum(due_months - covered_months), 0)::int as arrears_months
      from calc group by org_id, org_name order by in_arrears desc, org_id`);
    return res.rows;
  });
}
