import { Type } from 'typebox';
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { uuidPattern } from '../../platform/access/entities.ts';
import { can, requireInScope, within, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addDays } from '../../platform/dates.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { OrgCategory } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, isBranch, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { defineWorkflow, step } from '../../platform/workflow/workflow.ts';
import { member } from '../members/index.ts';
import { loadMember, requireActive, requireDate, type MemberInfo } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { memberTransfer, type TransferInitiator, type TransferReason, type TransferStatus } from './member-life.schema.ts';

export const transferExpiryDays = defineSetting({
  key: 'transfers.expiryDays',
  label: { 'zh-CN': '组织关系转接待审批有效天数', 'en-US': 'Days a pending transfer stays open' },
  schema: Type.Integer({ minimum: 1, maximum: 365 }),
  default: 30,
});

export const transferWorkflow = defineWorkflow({
  name: 'member.transfer',
  states: {
    pending: { 'zh-CN': '待接收', 'en-US': 'Pending' },
    approved: { 'zh-CN': '已接收', 'en-US': 'Approved' },
    rejected: { 'zh-CN': '已退回', 'en-US': 'Rejected' },
    expired: { 'zh-CN': '已过期', 'en-US': 'Expired' },
    cancelled: { 'zh-CN': '已撤回', 'en-US': 'Cancelled' },
  } satisfies Record<TransferStatus, unknown>,
  transitions: {
    start: { from: [null], to: 'pending', label: { 'zh-CN': '发起转接', 'en-US': 'Start' } },
    approve: { from: ['pending'], to: 'approved', label: { 'zh-CN': '接收', 'en-US': 'Approve' } },
    reject: { from: ['pending'], to: 'rejected', label: { 'zh-CN': '退回', 'en-US': 'Reject' } },
    cancel: { from: ['pending'], to: 'cancelled', label: { 'zh-CN': '撤回', 'en-US': 'Cancel' } },
    expire: { from: ['pending'], to: 'expired', label: { 'zh-CN': '过期', 'en-US': 'Expire' } },
  },
});

const schools: readonly OrgCategory[] = ['school_higher', 'school_vocational', 'school_middle'];
const employers: readonly OrgCategory[] = ['enterprise_state', 'enterprise_private', 'government', 'social', 'other'];
const residences: readonly OrgCategory[] = ['township', 'street'];

/**
 * Where a member may go for a reason (DOMAIN.md): study → a school's org; work → the employer's
 * league org or a 学社衔接临时团支部 under a township/street; abroad/unemployed → the township or
 * street of residence. `parent` is the destination's parent (for temporary branches).
 */
export function destinationProblem(reason: TransferReason, dest: Pick<OrgRow, 'kind' | 'category'>, parent: Pick<OrgRow, 'category'> | null): AppError | null {
  const tempUnderResidence = dest.kind === 'temp_branch' && parent?.category != null && residences.includes(parent.category);
  const cat = dest.category;
  switch (reason) {
    case 'study':
      return cat && schools.includes(cat) ? null : memberLifeErrors.destination_not_school('toOrgId');
    case 'work':
      return (cat && employers.includes(cat)) || tempUnderResidence ? null : memberLifeErrors.destination_not_employer('toOrgId');
    case 'abroad':
    case 'unemployed':
      return (cat && residences.includes(cat)) || tempUnderResidence ? null : memberLifeErrors.destination_not_residence('toOrgId');
    case 'other':
      return null;
  }
}

export type StartTransferInput = { memberId: string; toOrgId: number; reason: TransferReason; note?: string | null; requestedOn?: string };
type TransferRow = typeof memberTransfer.$inferSelect;

export async function validateDestination(tx: DbOrTx, m: MemberInfo, toOrgId: number, reason: TransferReason): Promise<OrgRow> {
  const dest = await findOrg(tx, toOrgId);
  // Unknown ids and orgs of another tree (another deployment's province) get the same clear error.
  if (!dest || dest.rootId !== m.rootId) {
    throw memberLifeErrors.invalid('toOrgId', { 'zh-CN': '转入组织不存在或不在本组织体系内', 'en-US': 'no such org in this organization tree' });
  }
  if (dest.status !== 'active') throw errors.orgInactive('toOrgId');
  if ((within(m.path, dest.path) && dest.kind !== 'committee') || dest.id === m.orgId) throw memberLifeErrors.already_in_org('toOrgId');
  const parent = dest.parentId ? await findOrg(tx, dest.parentId) : null;
  const problem = destinationProblem(reason, dest, parent);
  if (problem) throw problem;
  return dest;
}

export function transferNote(value: string | null | undefined, field = 'note'): string | null {
  const note = value?.trim() || null;
  if (note && note.length > 500) throw memberLifeErrors.invalid(field, { 'zh-CN': '不超过 500 字', 'en-US': 'at most 500 characters' });
  return note;
}

/**
 * Starts a transfer from the member's own side: staff who may write the member (their branch or
 * a committee above), or the member themself with `self`. A member outside the caller's scope
 * answers the same 404 as a missing one; the receiving side asks with a transfer request instead.
 */
export async function startTransfer(db: Db, actor: Actor, input: StartTransferInput, opts: { self?: boolean; today: string }): Promise<TransferRow> {
  const requestedOn = requireDate('requestedOn', input.requestedOn ?? opts.today, { notAfter: opts.today });
  const note = transferNote(input.note);
  return db.transaction(async (tx) => {
    const loaded = await loadMember(tx, input.memberId);
    // `self`: the route found the member from the signed-in person, not from the request.
    const m = opts.self ? loaded : requireInScope(actor, 'member.write', loaded, 'member');
    if (!m) throw errors.notFound('member');
    requireActive(m);
    const dest = await validateDestination(tx, m, input.toOrgId, input.reason);
    return createTransfer(tx, actor, m, dest, { reason: input.reason, initiatedBy: opts.self ? 'self' : 'sender', requestedOn, note, requestId: null });
  });
}

/** The pending transfer row with its first workflow step and audit event, inside the caller's transaction. */
export async function createTransfer(
  tx: DbOrTx,
  actor: Actor,
  m: MemberInfo,
  dest: OrgRow,
  f: { reason: TransferReason; initiatedBy: TransferInitiator; requestedOn: string; note: string | null; requestId: string | null },
): Promise<TransferRow> {
  const days = await getSetting(tx, dest.path, transferExpiryDays);
  const [pending] = await tx
    .select({ id: memberTransfer.id })
    .from(memberTransfer)
    .where(and(eq(memberTransfer.memberId, m.id), eq(memberTransfer.status, 'pending')));
  if (pending) throw memberLifeErrors.transfer_exists('memberId');
  const id = uuidv7();
  await step(tx, actor, transferWorkflow, null, {
    entityId: id,
    orgId: m.orgId,
    action: 'start',
    occurredOn: f.requestedOn,
    comment: f.note,
    data: { toOrgId: dest.id, ...(f.requestId ? { requestId: f.requestId } : {}) },
  });
  const [row] = await tx
    .insert(memberTransfer)
    .values({
      id,
      memberId: m.id,
      fromOrgId: m.orgId,
      toOrgId: dest.id,
      reason: f.reason,
      initiatedBy: f.initiatedBy,
      requestedOn: f.requestedOn,
      expiresOn: addDays(f.requestedOn, days),
      note: f.note,
      requestId: f.requestId,
      createdBy: actor.accountId,
    })
    .returning();
  if (!row) throw new Error('insert failed');
  await audit(tx, actor, { action: 'transfer.started', entity: 'transfer', entityId: id, orgId: m.orgId, orgPath: m.path, after: row });
  return row;
}

/**
 * A transfer the receiving side started must carry the sending side's consent (a consented
 * request). Rows started before consent existed stay unapprovable: the sending side withdraws them.
 */
export function hasConsent(t: { initiatedBy: string; requestId: string | null }): boolean {
  return t.initiatedBy !== 'receiver' || t.requestId !== null;
}

async function lockTransfer(tx: DbOrTx, id: string) {
  const [t] = await tx.select().from(memberTransfer).where(eq(memberTransfer.id, id)).for('update');
  if (!t) throw errors.notFound('transfer');
  const to = await findOrg(tx, t.toOrgId);
  const from = await findOrg(tx, t.fromOrgId);
  if (!to || !from) throw errors.notFound('transfer');
  return { t, to, from };
}

function requirePending(t: TransferRow): void {
  if (t.status !== 'pending') throw memberLifeErrors.transfer_decided('status', { status: transferWorkflow.states[t.status] });
}

function requireReceiver(actor: Actor, to: OrgRow): void {
  if (!can(actor, 'member.approve', to.path)) throw memberLifeErrors.receiver_only('toOrgId');
}

/**
 * The receiving side accepts and places the member in a branch of the destination. The row is
 * locked first, so of two concurrent approvals one wins and the other sees "already approved".
 */
export async function approveTransfer(db: Db, actor: Actor, id: string, input: { branchId: number; decidedOn?: string; note?: string | null }, now: string) {
  const decidedOn = requireDate('decidedOn', input.decidedOn ?? now, { notAfter: now });
  return db.transaction(async (tx) => {
    const { t, to } = await lockTransfer(tx, id);
    requireReceiver(actor, to);
    requirePending(t);
    if (!hasConsent(t)) throw memberLifeErrors.consent_missing('status');
    const branch = await findOrg(tx, input.branchId);
    if (!branch || !within(branch.path, to.path) || !isBranch(branch)) {
      throw memberLifeErrors.invalid('branchId', { 'zh-CN': '须为转入组织下的团支部', 'en-US': 'must be a branch inside the destination org' });
    }
    if (branch.status !== 'active') throw errors.orgInactive('branchId');
    if (decidedOn < t.requestedOn) throw memberLifeErrors.invalid('decidedOn', { 'zh-CN': '不能早于发起日期', 'en-US': 'cannot be before the request' });
    const [m] = await tx.select().from(member).where(eq(member.id, t.memberId)).for('update');
    if (!m || m.status !== 'active') throw memberLifeErrors.member_left('memberId');
    await step(tx, actor, transferWorkflow, t.status, {
      entityId: id,
      orgId: to.id,
      action: 'approve',
      occurredOn: decidedOn,
      comment: input.note ?? null,
      data: { branchId: branch.id },
    });
    const [after] = await tx
      .update(memberTransfer)
      .set({ status: 'approved', assignedBranchId: branch.id, decidedOn, decisionNote: input.note ?? null, updatedAt: new Date() })
      .where(and(eq(memberTransfer.id, id), eq(memberTransfer.status, 'pending')))
      .returning();
    // The row is locked and was pending: the update cannot miss it.
    if (!after) throw new Error('locked pending transfer not updated');
    await tx.update(member).set({ orgId: branch.id, updatedAt: new Date() }).where(eq(member.id, m.id));
    await audit(tx, actor, {
      action: 'transfer.approved',
      entity: 'transfer',
      entityId: id,
      orgId: to.id,
      orgPath: to.path,
      before: { status: t.status },
      after,
    });
    await audit(tx, actor, {
      action: 'member.transferred',
      entity: 'member',
      entityId: m.id,
      orgId: branch.id,
      orgPath: branch.path,
      before: { orgId: m.orgId },
      after: { orgId: branch.id },
    });
    return after;
  });
}

export async function rejectTransfer(db: Db, actor: Actor, id: string, input: { reason: string }, now: string) {
  const reason = input.reason.trim();
  if (!reason) throw memberLifeErrors.invalid('reason', { 'zh-CN': '请填写退回原因', 'en-US': 'give a reason for the rejection' });
  return decide(db, actor, id, 'reject', reason, now);
}

/** The side that started it (or the member) withdraws a pending transfer. */
export async function cancelTransfer(db: Db, actor: Actor, id: string, input: { reason?: string | null }, now: string) {
  return decide(db, actor, id, 'cancel', input.reason?.trim() || null, now);
}

async function decide(db: Db, actor: Actor, id: string, action: 'reject' | 'cancel', note: string | null, now: string) {
  return db.transaction(async (tx) => {
    const { t, to, from } = await lockTransfer(tx, id);
    if (action === 'reject') requireReceiver(actor, to);
    else if (!can(actor, 'member.write', from.path) && !can(actor, 'member.write', to.path)) throw memberLifeErrors.sides_only('status');
    requirePending(t);
    const status = await step(tx, actor, transferWorkflow, t.status, {
      entityId: id,
      orgId: action === 'reject' ? to.id : from.id,
      action,
      occurredOn: now,
      comment: note,
    });
    const [after] = await tx
      .update(memberTransfer)
      .set({ status, decidedOn: now, decisionNote: note, updatedAt: new Date() })
      .where(and(eq(memberTransfer.id, id), eq(memberTransfer.status, 'pending')))
      .returning();
    if (!after) throw new Error('locked pending transfer not updated');
    await audit(tx, actor, {
      action: `transfer.${status}`,
      entity: 'transfer',
      entityId: id,
      orgId: to.id,
      orgPath: to.path,
      before: { status: t.status },
      after,
    });
    return after;
  });
}

/** A member withdraws their own pending transfer. */
export async function cancelOwnTransfer(db: Db, actor: Actor, memberId: string, id: string, now: string) {
  return db.transaction(async (tx) => {
    const { t, from } = await lockTransfer(tx, id);
    if (t.memberId !== memberId) throw errors.notFound('transfer');
    requirePending(t);
    await step(tx, actor, transferWorkflow, t.status, { entityId: id, orgId: from.id, action: 'cancel', occurredOn: now });
    const [after] = await tx
      .update(memberTransfer)
      .set({ status: 'cancelled', decidedOn: now, updatedAt: new Date() })
      .where(eq(memberTransfer.id, id))
      .returning();
    await audit(tx, actor, { action: 'transfer.cancelled', entity: 'transfer', entityId: id, orgId: from.id, orgPath: from.path, after });
    return after;
  });
}

export type BulkItemResult = { id: string; ok: boolean; status: number; code?: string; message?: string };

/** Approves many transfers; each is its own transaction and its own result. */
export async function bulkApprove(db: Db, actor: Actor, items: { id: string; branchId: number }[], now: string, lang: 'zh-CN' | 'en-US') {
  const results: BulkItemResult[] = [];
  for (const item of items) {
    try {
      const paths = uuidPattern.test(item.id) ? await transferPaths(db, item.id) : null;
      if (!paths || !paths.some((p) => can(actor, 'member.approve', p))) throw errors.notFound('transfer');
      await approveTransfer(db, actor, item.id, { branchId: item.branchId }, now);
      results.push({ id: item.id, ok: true, status: 200 });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id: item.id, ok: false, status: err.status, code: err.code, message: err.messages[lang] });
    }
  }
  return results;
}

/** Both sides' paths: either side may see the transfer (the access hook accepts any). */
export async function transferPaths(db: DbOrTx, id: string): Promise<string[] | null> {
  const res = await db.execute<{ from_path: string; to_path: string }>(sql`
    select f.path::text as from_path, d.path::text as to_path
    from member_transfer t join org f on f.id = t.from_org_id join org d on d.id = t.to_org_id
    where t.id = ${id}`);
  const row = res.rows[0];
  return row ? [row.from_path, row.to_path] : null;
}

/** Pending transfers past their expiry date end as expired (the daily job). */
export async function expireTransfers(db: Db, today: string): Promise<number> {
  const due = await db
    .select({ id: memberTransfer.id, fromOrgId: memberTransfer.fromOrgId })
    .from(memberTransfer)
    .where(and(eq(memberTransfer.status, 'pending'), sql`${memberTransfer.expiresOn} < ${today}::date`));
  let n = 0;
  for (const d of due) {
    await db.transaction(async (tx) => {
      const [after] = await tx
        .update(memberTransfer)
        .set({ status: 'expired', decidedOn: today, updatedAt: new Date() })
        .where(and(eq(memberTransfer.id, d.id), eq(memberTransfer.status, 'pending')))
        .returning();
      if (!after) return;
      await step(tx, null, transferWorkflow, 'pending', { entityId: d.id, orgId: d.fromOrgId, action: 'expire', occurredOn: today });
      await audit(tx, null, { action: 'transfer.expired', entity: 'transfer', entityId: d.id, orgId: d.fromOrgId, after: { status: 'expired' } });
      n++;
    });
  }
  return n;
}
