import { Type } from 'typebox';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { addMonths } from '../../platform/dates.ts';
import { leavingDay, maxMemberAge } from '../../platform/league.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import { defineWorkflow, step } from '../../platform/workflow/workflow.ts';
import { member, type LeaveReason } from '../members/index.ts';
import { loadMember, requireAbove, requireActive, requireDate, type MemberInfo } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { memberReminder, memberRemoval, memberTransfer } from './member-life.schema.ts';

export const ageOutReminderDays = defineSetting({
  key: 'members.ageOutReminderDays',
  label: { 'zh-CN': '超龄离团提前提醒天数', 'en-US': 'Days ahead to remind of leaving at 28' },
  schema: Type.Integer({ minimum: 1, maximum: 365 }),
  default: 60,
});

/** Self-lapse (自行脱团): no dues and no registration for this many months. */
export const lapseMonths = 6;

export const removalWorkflow = defineWorkflow({
  name: 'member.removal',
  states: {
    proposed: { 'zh-CN': '支部已决定', 'en-US': 'Proposed' },
    approved: { 'zh-CN': '上级已批准', 'en-US': 'Approved' },
    rejected: { 'zh-CN': '上级已退回', 'en-US': 'Rejected' },
  },
  transitions: {
    propose: { from: [null], to: 'proposed', label: { 'zh-CN': '支部决定', 'en-US': 'Propose' } },
    approve: { from: ['proposed'], to: 'approved', label: { 'zh-CN': '批准', 'en-US': 'Approve' } },
    reject: { from: ['proposed'], to: 'rejected', label: { 'zh-CN': '退回', 'en-US': 'Reject' } },
  },
});

/** Ends a membership: status 'left' with date and reason; pending transfers end, open reminders close. */
async function markLeft(tx: DbOrTx, actor: Actor | null, m: MemberInfo, reason: LeaveReason, leftOn: string, note: string | null) {
  const [after] = await tx
    .update(member)
    .set({ status: 'left', leftOn, leftReason: reason, leftNote: note, updatedAt: new Date() })
    .where(and(eq(member.id, m.id), eq(member.status, 'active')))
    .returning();
  if (!after) throw memberLifeErrors.member_left('memberId');
  await tx
    .update(memberReminder)
    .set({ status: 'done', doneOn: leftOn, updatedAt: new Date() })
    .where(and(eq(memberReminder.memberId, m.id), eq(memberReminder.status, 'open')));
  await audit(tx, actor, {
    action: 'member.left',
    entity: 'member',
    entityId: m.id,
    orgId: m.orgId,
    orgPath: m.path,
    before: { status: 'active' },
    after: { status: 'left', leftOn, leftReason: reason, leftNote: note },
  });
}

export type LeaveInput = { reason: Exclude<LeaveReason, 'lapse'>; leftOn: string; note?: string | null };

export async function leaveMember(db: Db, actor: Actor, memberId: string, input: LeaveInput, now: string) {
  const leftOn = requireDate('leftOn', input.leftOn, { notAfter: now });
  const note = input.note?.trim() || null;
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, memberId), 'member');
    requireActive(m);
    if (leftOn < m.admittedOn) throw memberLifeErrors.invalid('leftOn', { 'zh-CN': '不能早于入团日期', 'en-US': 'cannot be before admission' });
    if (input.reason === 'age') {
      // The league's rule (platform/league.ts), the same day the age-out job and list compute.
      if (leftOn < leavingDay(m.birthDate)) throw memberLifeErrors.under_leaving_age('reason', { age: maxMemberAge });
      if (m.leaguePost) throw memberLifeErrors.holds_league_post('reason', { post: m.leaguePost, age: maxMemberAge });
    }
    if ((input.reason === 'voluntary' || input.reason === 'other') && !note) {
      throw memberLifeErrors.invalid('note', { 'zh-CN': '请说明情况', 'en-US': 'describe the circumstances' });
    }
    const [pending] = await tx
      .select({ id: memberTransfer.id })
      .from(memberTransfer)
      .where(and(eq(memberTransfer.memberId, m.id), eq(memberTransfer.status, 'pending')));
    if (pending) throw memberLifeErrors.pending_transfer('memberId');
    await markLeft(tx, actor, m, input.reason, leftOn, note);
    return { memberId: m.id, status: 'left' as const, leftOn, leftReason: input.reason };
  });
}

/**
 * Self-lapse (自行脱团): a member admitted over 6 months ago with no dues paid and no registration
 * in the 6 months up to `on`. Meetings belong to org-life and are not counted here.
 */
export async function lapseFacts(db: DbOrTx, memberId: string, on: string) {
  const since = addMonths(on, -lapseMonths);
  const res = await db.execute<{ last_paid: string | null; last_registered: string | null }>(sql`
    select
      (select max(e.paid_on) from dues_entry e where e.member_id = ${memberId} and e.amount_fen > 0
         and not exists (select 1 from dues_entry r where r.reverses_id = e.id)) as last_paid,
      (select max(g.registered_on) from member_registration g where g.member_id = ${memberId} and g.status = 'registered') as last_registered`);
  const row = res.rows[0] ?? { last_paid: null, last_registered: null };
  const active = (d: string | null) => d !== null && d > since;
  return { since, lastPaid: row.last_paid, lastRegistered: row.last_registered, lapsed: !active(row.last_paid) && !active(row.last_registered) };
}

export async function proposeRemoval(db: Db, actor: Actor, memberId: string, input: { meetingOn: string; reason: string }, now: string) {
  const meetingOn = requireDate('meetingOn', input.meetingOn, { notAfter: now });
  const reason = input.reason.trim();
  if (!reason) throw memberLifeErrors.invalid('reason', { 'zh-CN': '请填写支部大会决定的理由', 'en-US': 'give the branch meeting’s reasons' });
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, memberId), 'member');
    requireActive(m);
    if (m.admittedOn > addMonths(meetingOn, -lapseMonths)) throw memberLifeErrors.admitted_recently('memberId', { months: lapseMonths });
    const facts = await lapseFacts(tx, m.id, meetingOn);
    if (!facts.lapsed) throw memberLifeErrors.not_lapsed('memberId', { months: lapseMonths });
    const id = uuidv7();
    await step(tx, actor, removalWorkflow, null, { entityId: id, orgId: m.orgId, action: 'propose', occurredOn: meetingOn, comment: reason });
    const [row] = await tx
      .insert(memberRemoval)
      .values({ id, memberId: m.id, orgId: m.orgId, status: 'proposed', meetingOn, reason, createdBy: actor.accountId })
      .returning();
    await audit(tx, actor, { action: 'removal.proposed', entity: 'removal', entityId: id, orgId: m.orgId, orgPath: m.path, after: row });
    return row;
  });
}

export async function decideRemoval(db: Db, actor: Actor, id: string, action: 'approve' | 'reject', note: string | null, now: string) {
  if (action === 'reject' && !note?.trim()) throw memberLifeErrors.invalid('reason', { 'zh-CN': '请填写退回原因', 'en-US': 'give a reason' });
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(memberRemoval).where(eq(memberRemoval.id, id)).for('update');
    const branch = r ? await findOrg(tx, r.orgId) : null;
    if (!r || !branch) throw errors.notFound('removal');
    requireAbove(actor, branch.path, 'status');
    const to = await step(tx, actor, removalWorkflow, r.status, { entityId: id, orgId: branch.id, action, occurredOn: now, comment: note });
    const [after] = await tx
      .update(memberRemoval)
      .set({ status: to, decidedOn: now, decisionNote: note, updatedAt: new Date() })
      .where(eq(memberRemoval.id, id))
      .returning();
    if (to === 'approved') {
      const m = requireInScope(actor, 'member.approve', await loadMember(tx, r.memberId), 'member');
      await markLeft(tx, actor, m, 'lapse', now, r.reason);
    }
    await audit(tx, actor, {
      action: `removal.${to}`,
      entity: 'removal',
      entityId: id,
      orgId: branch.id,
      orgPath: branch.path,
      before: { status: r.status },
      after,
    });
    return after;
  });
}
