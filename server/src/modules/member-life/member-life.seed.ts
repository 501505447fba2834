import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { addDays } from '../../platform/dates.ts';
import { branchKinds } from '../../platform/org-tree/org-tree.ts';
import { diligence, rnd } from '../../platform/seed.ts';
import { rebuildPaidMonths } from './dues.queries.ts';

/**
 * Demo dues, reviews and registrations, set-based (one statement each): this year's dues paid
 * in full by most members and in part by some; last year's review approved in every branch and
 * this year's in the more diligent half; this year's registration for most members.
 */
export async function seedDemoMemberLife(db: Db, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const m = sql`m.id`;
  const o = sql`m.org_id`;

  // Dues: one payment per member covering this year from January (or admission) to this month,
  // or only part of it (in arrears), or nothing. The paid-months rollup is rebuilt in the same transaction.
  await db.transaction(async (tx) => {
    await tx.execute(sql`
    with base as (
      select m.id, m.org_id, greatest(date_trunc('month', m.admitted_on)::date, ${jan1}::date) as from_m,
        ${rnd(m, 'dues')} as r, ${rnd(m, 'part')} as r2, ${diligence(o)} as d
      from member m where m.status = 'active' and m.admitted_on <= ${today}::date
    ), span as (
      select base.*, (extract(year from ${today}::date)::int * 12 + extract(month from ${today}::date)::int)
        - (extract(year from from_m)::int * 12 + extract(month from from_m)::int) + 1 as months
      from base where r < d + 0.15
    ), paid as (
      select span.*, case when r < d then months else 1 + floor(r2 * (months - 1))::int end as paid_months from span
    )
    insert into dues_entry (member_id, org_id, from_month, to_month, amount_fen, paid_on, method)
    select id, org_id, from_m, (from_m + make_interval(months => paid_months - 1))::date, 20 * paid_months,
      least(${today}::date, from_m + 14), (array['cash','wechat','alipay','wechat'])[1 + (abs(hashtext(id::text)) % 4)]
    from paid`);
    await rebuildPaidMonths(tx);
  });

  // Reviews: last year in every branch with members then; this year in the more diligent branches.
  for (const [y, heldOn, where] of [
    [year - 1, `${year - 1}-12-15`, sql`true`],
    [year, today > `${year}-01-20` ? addDays(today, -10) : jan1, sql`${diligence(sql`o.id`)} > 0.78`],
  ] as const) {
    await db.execute(sql`
      insert into branch_review (id, org_id, year, status, held_on, expected, attended, decision_note)
      select gen_random_uuid(), o.id, ${y}, 'approved', ${heldOn}::date, count(*)::int, ceil(count(*) * 0.9)::int, '同意'
      from org o join member m on m.org_id = o.id
      where ${inArray(sql`o.kind`, branchKinds)} and o.status = 'active' and m.status = 'active' and m.admitted_on <= ${heldOn}::date and ${where}
      group by o.id`);
    // Grades: at most a quarter 优秀; now and then one 基本合格 or 不合格.
    await db.execute(sql`
      insert into review_grade (review_id, member_id, grade)
      select review_id, member_id,
        case when rn <= floor(n * 0.25) then 'excellent'
          when rn = n and n >= 5 and ${rnd(sql`member_id`, 'unq')} < 0.15 then 'unqualified'
          when rn = n - 1 and ${rnd(sql`member_id`, 'basic')} < 0.4 then 'basic'
          else 'qualified' end
      from (
        select r.id as review_id, m.id as member_id,
          row_number() over (partition by r.id order by hashtext(m.id::text || 'rank')) as rn, count(*) over (partition by r.id) as n
        from branch_review r join member m on m.org_id = r.org_id
        where r.year = ${y} and m.status = 'active' and m.admitted_on <= r.held_on
      ) g`);
  }

  // Registration this year: members not rated 不合格 last year, most of them, since March (or January).
  const from = today >= `${year}-03-01` ? `${year}-03-01` : jan1;
  await db.execute(sql`
    insert into member_registration (id, member_id, org_id, year, status, registered_on)
    select gen_random_uuid(), m.id, m.org_id, ${year}, 'registered',
      greatest(m.admitted_on, ${from}::date + floor(${rnd(m, 'regday')} * (${today}::date - ${from}::date))::int)
    from member m
    where m.status = 'active' and m.admitted_on <= ${today}::date and ${rnd(m, 'reg')} < ${diligence(o)} + 0.05
      and not exists (select 1 from review_grade g join branch_review r on r.id = g.review_id
        where g.member_id = m.id and r.year = ${year - 1} and g.grade = 'unqualified')`);
}
