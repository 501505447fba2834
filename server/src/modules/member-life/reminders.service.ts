import { and, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { requireInScope, type Actor, type OrgScope } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { uuidPattern } from '../../platform/access/entities.ts';
import { AppError, errors, type Lang } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { loadMember, requireActive, requireDate } from './member-life.common.ts';
import { memberReminder, type ReminderKind } from './member-life.schema.ts';

export const reminderLabels: Record<ReminderKind, Record<Lang, string>> = {
  age_out: { 'zh-CN': '即将超龄离团', 'en-US': 'Turning 28' },
  lapse_review: { 'zh-CN': '疑似自行脱团（待审查）', 'en-US': 'Possible self-lapse (review)' },
  transfer_overdue: { 'zh-CN': '组织关系待转接', 'en-US': 'Transfer overdue' },
  registration: { 'zh-CN': '团籍注册', 'en-US': 'Annual registration' },
  review: { 'zh-CN': '教育评议', 'en-US': 'Annual review' },
  dues: { 'zh-CN': '缴纳团费', 'en-US': 'Pay dues' },
  study: { 'zh-CN': '参加“青年大学习”', 'en-US': 'Take the Youth Study' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export type BulkReminderResult = { memberId: string; created: boolean; status: number; message?: string };

/**
 * One-click reminders for a list of members. A member who already has an open reminder of the
 * kind keeps it (created: false), so a second click changes nothing.
 */
export async function createReminders(
  db: Db,
  actor: Actor,
  input: { kind: ReminderKind; memberIds: string[]; dueOn: string; note?: string | null },
  now: string,
  lang: Lang,
): Promise<BulkReminderResult[]> {
  const dueOn = requireDate('dueOn', input.dueOn, { notBefore: now });
  const out: BulkReminderResult[] = [];
  for (const memberId of [...new Set(input.memberIds)]) {
    try {
      const m = requireInScope(actor, 'member.write', uuidPattern.test(memberId) ? await loadMember(db, memberId) : null, 'member');
      requireActive(m);
      const created = await db.transaction(async (tx) => {
        const rows = await tx
          .insert(memberReminder)
          .values({
            id: uuidv7(),
            memberId: m.id,
            orgId: m.orgId,
            kind: input.kind,
            dueOn,
            source: 'person',
            createdBy: actor.accountId,
            note: input.note ?? null,
          })
          .onConflictDoNothing()
          .returning({ id: memberReminder.id });
        const row = rows[0];
        if (row)
          await audit(tx, actor, {
            action: 'reminder.created',
            entity: 'reminder',
            entityId: row.id,
            orgId: m.orgId,
            orgPath: m.path,
            after: { kind: input.kind, dueOn },
          });
        return Boolean(row);
      });
      out.push({ memberId, created, status: created ? 201 : 200 });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({ memberId, created: false, status: err.status, message: err.messages[lang] });
    }
  }
  return out;
}

export async function completeReminder(db: Db, actor: Actor, id: string, now: string) {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(memberReminder).where(eq(memberReminder.id, id));
    if (!r) throw errors.notFound('reminder');
    const o = requireInScope(actor, 'member.write', await findOrg(tx, r.orgId), 'reminder');
    if (r.status === 'done') return r;
    const [after] = await tx.update(memberReminder).set({ status: 'done', doneOn: now, updatedAt: new Date() }).where(eq(memberReminder.id, id)).returning();
    await audit(tx, actor, {
      action: 'reminder.done',
      entity: 'reminder',
      entityId: id,
      orgId: r.orgId,
      orgPath: o.path,
      before: { status: r.status },
      after: { status: 'done' },
    });
    return after;
  });
}

export type ReminderRow = {
  id: string;
  member_id: string;
  name: string;
  org_id: number;
  org_name: string;
  kind: ReminderKind;
  due_on: string;
  source: string;
  status: 'open' | 'done';
  note: string | null;
};

export async function listReminders(
  db: DbOrTx,
  q: { scope: OrgScope; status?: 'open' | 'done'; kind?: ReminderKind; memberId?: string; after: string | null; limit: number },
): Promise<ReminderRow[]> {
  const conds: SQL[] = [q.scope.where(sql`o.path`)];
  if (q.status) conds.push(sql`r.status = ${q.status}`);
  if (q.kind) conds.push(sql`r.kind = ${q.kind}`);
  if (q.memberId) conds.push(sql`r.member_id = ${q.memberId}`);
  if (q.after) conds.push(sql`r.id > ${q.after}::uuid`);
  const res = await db.execute<ReminderRow>(sql`
    select r.id, r.member_id, p.name, r.org_id, o.name as org_name, r.kind, r.due_on, r.source, r.status, r.note
    from member_reminder r join member m on m.id = r.member_id join person p on p.id = m.person_id join org o on o.id = r.org_id
    where ${sql.join(conds, sql` and `)} order by r.id limit ${q.limit}`);
  return res.rows;
}

export async function openRemindersOf(db: DbOrTx, memberId: string) {
  return db
    .select()
    .from(memberReminder)
    .where(and(eq(memberReminder.memberId, memberId), eq(memberReminder.status, 'open')));
}
