import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { addDays, addMonths } from '../../platform/dates.ts';
import type { Job } from '../../platform/jobs/jobs.ts';
import { maxMemberAge, sqlBirthdayAt } from '../../platform/league.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { memberReminder } from './member-life.schema.ts';
import { ageOutReminderDays, lapseMonths } from './leaving.service.ts';
import { expireTransferRequests } from './transfers.requests.ts';
import { expireTransfers } from './transfers.service.ts';

/** Reminders of reaching the leaving age for members without a league post, N days ahead (setting per subtree). */
async function ageOutReminders(db: Db, today: string): Promise<number> {
  // Candidates within the longest possible lead time; each is then checked against its own setting.
  const due = sqlBirthdayAt(sql`p.birth_date`, maxMemberAge);
  const res = await db.execute<{ id: string; org_id: number; path: string; due: string }>(sql`
    select m.id, m.org_id, o.path::text as path, ${due}::text as due
    from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
    where m.status = 'active' and m.league_post is null
      and ${due} <= ${addDays(today, 365)}::date
      and not exists (select 1 from member_reminder r where r.member_id = m.id and r.kind = 'age_out')`);
  const lead = new Map<string, number>();
  let n = 0;
  for (const c of res.rows) {
    const days = lead.get(c.path) ?? (await getSetting(db, c.path, ageOutReminderDays));
    lead.set(c.path, days);
    if (c.due > addDays(today, days)) continue;
    n += await insertReminder(db, { memberId: c.id, orgId: c.org_id, kind: 'age_out', dueOn: c.due });
  }
  return n;
}

/**
 * Possible self-lapse: admitted over 6 months ago, no dues paid and no registration in the last
 * 6 months, and not flagged in that time. Meetings are org-life's and are not read here.
 */
async function lapseFlags(db: Db, today: string): Promise<number> {
  const since = addMonths(today, -lapseMonths);
  const res = await db.execute<{ id: string; org_id: number }>(sql`
    select m.id, m.org_id from member m
    where m.status = 'active' and m.admitted_on <= ${since}::date
      and not exists (select 1 from dues_entry e where e.member_id = m.id and e.amount_fen > 0 and e.paid_on > ${since}::date
        and not exists (select 1 from dues_entry r where r.reverses_id = e.id))
      and not exists (select 1 from member_registration g where g.member_id = m.id and g.status = 'registered' and g.registered_on > ${since}::date)
      and not exists (select 1 from member_reminder r where r.member_id = m.id and r.kind = 'lapse_review' and (r.status = 'open' or r.due_on > ${since}::date))`);
  let n = 0;
  for (const c of res.rows) n += await insertReminder(db, { memberId: c.id, orgId: c.org_id, kind: 'lapse_review', dueOn: today });
  return n;
}

/**
 * Members not transferred in time: their branch was closed or merged (they must move), or their
 * transfer has been pending for 6 months (only possible with a long expiry setting).
 */
async function transferFlags(db: Db, today: string): Promise<number> {
  const since = addMonths(today, -6);
  const res = await db.execute<{ id: string; org_id: number }>(sql`
    select m.id, m.org_id from member m join org o on o.id = m.org_id
    where m.status = 'active'
      and (o.status <> 'active'
        or exists (select 1 from member_transfer t where t.member_id = m.id and t.status = 'pending' and t.requested_on <= ${since}::date))
      and not exists (select 1 from member_reminder r where r.member_id = m.id and r.kind = 'transfer_overdue' and r.status = 'open')`);
  let n = 0;
  for (const c of res.rows) n += await insertReminder(db, { memberId: c.id, orgId: c.org_id, kind: 'transfer_overdue', dueOn: today });
  return n;
}

async function insertReminder(
  db: Db,
  r: { memberId: string; orgId: number; kind: 'age_out' | 'lapse_review' | 'transfer_overdue'; dueOn: string },
): Promise<number> {
  const rows = await db
    .insert(memberReminder)
    .values({ id: uuidv7(), memberId: r.memberId, orgId: r.orgId, kind: r.kind, dueOn: r.dueOn, source: 'job' })
    .onConflictDoNothing()
    .returning({ id: memberReminder.id });
  return rows.length;
}

/** The daily run: safe to repeat for the same day (every step skips what is already done). */
export async function runMembersDaily(db: Db, today: string): Promise<Record<string, number>> {
  return {
    // Pending transfers and open transfer requests past their date.
    transfersExpired: (await expireTransfers(db, today)) + (await expireTransferRequests(db, today)),
    ageOutReminders: await ageOutReminders(db, today),
    lapseFlags: await lapseFlags(db, today),
    transferFlags: await transferFlags(db, today),
  };
}

export const membersDaily: Job = { name: 'members.daily', schedule: 'daily', run: ({ db, today }) => runMembersDaily(db, today) };
