// Transfer requests (转入申请): the receiving side asks for a person it cannot see, by ID number and
// name; the member's own side consents (a transfer starts, pending the receiving side's approval)
// or declines. Filing looks nothing up, so its answer is the same whether such a member exists.
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, orgForWrite, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addDays } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { maskIdNumber, type Pii } from '../../platform/pii.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { defineWorkflow, step } from '../../platform/workflow/workflow.ts';
import { parseIdNumber } from '../people/index.ts';
import { loadMember, requireActive, type MemberInfo } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { memberTransferRequest, type TransferReason, type TransferRequestStatus } from './member-life.schema.ts';
import { createTransfer, destinationProblem, transferExpiryDays, transferNote, validateDestination } from './transfers.service.ts';

export const transferRequestWorkflow = defineWorkflow({
  name: 'member.transfer_request',
  states: {
    requested: { 'zh-CN': '待同意', 'en-US': 'Requested' },
    consented: { 'zh-CN': '已同意', 'en-US': 'Consented' },
    declined: { 'zh-CN': '已拒绝', 'en-US': 'Declined' },
    expired: { 'zh-CN': '已过期', 'en-US': 'Expired' },
    cancelled: { 'zh-CN': '已撤回', 'en-US': 'Cancelled' },
  } satisfies Record<TransferRequestStatus, unknown>,
  transitions: {
    request: { from: [null], to: 'requested', label: { 'zh-CN': '申请转入', 'en-US': 'Request' } },
    consent: { from: ['requested'], to: 'consented', label: { 'zh-CN': '同意转出', 'en-US': 'Consent' } },
    decline: { from: ['requested'], to: 'declined', label: { 'zh-CN': '拒绝', 'en-US': 'Decline' } },
    cancel: { from: ['requested'], to: 'cancelled', label: { 'zh-CN': '撤回', 'en-US': 'Cancel' } },
    expire: { from: ['requested'], to: 'expired', label: { 'zh-CN': '过期', 'en-US': 'Expire' } },
  },
});

type RequestRow = typeof memberTransferRequest.$inferSelect;
export type FileRequestInput = { idNumber: string; name: string; toOrgId: number; reason: TransferReason; note?: string | null };

/** What the requester is told, whatever the ID number matches: the same shape, always. */
export type FiledRequest = { id: string; status: 'requested' };

/**
 * Files a request. Only the input and the caller's own destination are checked, and nothing is
 * matched against people: an unknown person, a person who is no member and a member of another
 * county all give the same answer.
 */
export async function fileTransferRequest(db: Db, pii: Pii, actor: Actor, input: FileRequestInput, today: string): Promise<FiledRequest> {
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw memberLifeErrors.invalid('idNumber', { 'zh-CN': '不是有效的 18 位身份证号', 'en-US': 'not a valid 18-character ID number' });
  const name = input.name.trim();
  if (!name) throw memberLifeErrors.invalid('name', { 'zh-CN': '请填写姓名', 'en-US': 'required' });
  const note = transferNote(input.note);
  return db.transaction(async (tx) => {
    // The destination is the requester's own org: out of its scope is 404 like any other id.
    const dest = await orgForWrite(tx, actor, 'member.write', input.toOrgId, { field: 'toOrgId' });
    const parent = dest.parentId ? await findOrg(tx, dest.parentId) : null;
    const problem = destinationProblem(input.reason, dest, parent);
    if (problem) throw problem;
    const idNumberHash = pii.hash('id', parsed.value);
    const [open] = await tx
      .select({ id: memberTransferRequest.id })
      .from(memberTransferRequest)
      .where(
        and(eq(memberTransferRequest.toOrgId, dest.id), eq(memberTransferRequest.idNumberHash, idNumberHash), eq(memberTransferRequest.status, 'requested')),
      );
    if (open) throw memberLifeErrors.request_exists('idNumber');
    const days = await getSetting(tx, dest.path, transferExpiryDays);
    const id = uuidv7();
    await step(tx, actor, transferRequestWorkflow, null, { entityId: id, orgId: dest.id, action: 'request', occurredOn: today, comment: note });
    const [row] = await tx
      .insert(memberTransferRequest)
      .values({
        id,
        toOrgId: dest.id,
        name,
        idNumberHash,
        idNumberMasked: maskIdNumber(parsed.value),
        reason: input.reason,
        note,
        requestedOn: today,
        expiresOn: addDays(today, days),
        createdBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: 'transfer_request.filed',
      entity: 'transfer_request',
      entityId: id,
      orgId: dest.id,
      orgPath: dest.path,
      after: auditView(row),
    });
    return { id, status: 'requested' };
  });
}

/** The row for audit: never the hash of the ID number. */
function auditView(r: RequestRow) {
  const { idNumberHash: _hash, ...rest } = r;
  return rest;
}

/**
 * The member a request is about: while open, the active member whose person has the request's ID
 * number hash and the same name (wherever they are now); once decided, the member the decision recorded.
 */
async function matchedMemberId(db: DbOrTx, r: Pick<RequestRow, 'status' | 'idNumberHash' | 'name' | 'memberId'>): Promise<string | null> {
  if (r.status !== 'requested') return r.memberId;
  const res = await db.execute<{ id: string }>(sql`
    select m.id from person p join member m on m.person_id = p.id and m.status = 'active'
    where p.id_number_hash = ${r.idNumberHash} and p.name = ${r.name} limit 1`);
  return res.rows[0]?.id ?? null;
}

/**
 * The org paths that may see a request: the destination (the requester) and the member's side —
 * the matched member's org while it is open, the sending org once decided. The access hook
 * accepts a caller who sees either; an unmatched request has only the requester's path.
 */
export async function transferRequestPaths(db: DbOrTx, id: string): Promise<string[] | null> {
  const res = await db.execute<{ to_path: string; member_path: string | null }>(sql`
    select d.path::text as to_path,
      case when r.status = 'requested' then (
        select o.path::text from person p join member m on m.person_id = p.id and m.status = 'active' join org o on o.id = m.org_id
        where p.id_number_hash = r.id_number_hash and p.name = r.name limit 1)
      else f.path::text end as member_path
    from member_transfer_request r join org d on d.id = r.to_org_id left join org f on f.id = r.from_org_id
    where r.id = ${id}`);
  const row = res.rows[0];
  if (!row) return null;
  return row.member_path ? [row.to_path, row.member_path] : [row.to_path];
}

async function lockRequest(tx: DbOrTx, id: string): Promise<RequestRow> {
  const [r] = await tx.select().from(memberTransferRequest).where(eq(memberTransferRequest.id, id)).for('update');
  if (!r) throw errors.notFound('transferRequest');
  return r;
}

/**
 * The member's side of a request, for consent and decline: the caller must be able to write the
 * member. The requester gets the same refusal whether or not anyone matched.
 */
async function memberSide(tx: DbOrTx, actor: Actor, r: RequestRow): Promise<MemberInfo> {
  const memberId = await matchedMemberId(tx, r);
  const m = memberId ? await loadMember(tx, memberId) : null;
  // Once decided, the side is the org that decided (the member may have moved on since).
  const from = r.status === 'requested' ? null : r.fromOrgId ? await findOrg(tx, r.fromOrgId) : null;
  const path = r.status === 'requested' ? m?.path : from?.path;
  if (!m || !path || !can(actor, 'member.write', path)) throw memberLifeErrors.member_side_only('status');
  return m;
}

function requireOpen(r: RequestRow): void {
  if (r.status !== 'requested') throw memberLifeErrors.request_decided('status', { status: transferRequestWorkflow.states[r.status] });
}

/**
 * The member's side consents: an ordinary transfer starts (initiated by the receiver, carrying this
 * request), pending the receiving side's approval as any other. From now on the requester sees the
 * member in it.
 */
export async function consentTransferRequest(db: Db, actor: Actor, id: string, input: { note?: string | null }, today: string): Promise<RequestRow> {
  const note = transferNote(input.note);
  return db.transaction(async (tx) => {
    const r = await lockRequest(tx, id);
    const m = await memberSide(tx, actor, r);
    requireOpen(r);
    requireActive(m);
    const dest = await validateDestination(tx, m, r.toOrgId, r.reason);
    const transfer = await createTransfer(tx, actor, m, dest, {
      reason: r.reason,
      initiatedBy: 'receiver',
      requestedOn: today,
      note: r.note,
      requestId: r.id,
    });
    await step(tx, actor, transferRequestWorkflow, r.status, {
      entityId: id,
      orgId: m.orgId,
      action: 'consent',
      occurredOn: today,
      comment: note,
      data: { transferId: transfer.id },
    });
    const after = await settle(tx, id, {
      status: 'consented',
      memberId: m.id,
      fromOrgId: m.orgId,
      transferId: transfer.id,
      decidedOn: today,
      decisionNote: note,
    });
    await auditDecision(tx, actor, 'transfer_request.consented', r, { id: m.orgId, path: m.path }, after);
    return after;
  });
}

/** A decision on a request, audited on the side that took it (its org), from the open status. */
function auditDecision(tx: DbOrTx, actor: Actor, action: string, r: RequestRow, side: { id: number; path: string }, after: RequestRow) {
  return audit(tx, actor, {
    action,
    entity: 'transfer_request',
    entityId: r.id,
    orgId: side.id,
    orgPath: side.path,
    before: { status: r.status },
    after: auditView(after),
  });
}

/** The member's side declines, with a reason the requester will read. */
export async function declineTransferRequest(db: Db, actor: Actor, id: string, input: { reason: string }, today: string): Promise<RequestRow> {
  const reason = transferNote(input.reason, 'reason');
  if (!reason) throw memberLifeErrors.invalid('reason', { 'zh-CN': '请填写拒绝原因', 'en-US': 'give a reason for declining' });
  return db.transaction(async (tx) => {
    const r = await lockRequest(tx, id);
    const m = await memberSide(tx, actor, r);
    requireOpen(r);
    await step(tx, actor, transferRequestWorkflow, r.status, { entityId: id, orgId: m.orgId, action: 'decline', occurredOn: today, comment: reason });
    const after = await settle(tx, id, { status: 'declined', memberId: m.id, fromOrgId: m.orgId, decidedOn: today, decisionNote: reason });
    await auditDecision(tx, actor, 'transfer_request.declined', r, { id: m.orgId, path: m.path }, after);
    return after;
  });
}

/** The requester withdraws its open request (a wrong ID number, the person did not come). */
export async function cancelTransferRequest(db: Db, actor: Actor, id: string, input: { reason?: string | null }, today: string): Promise<RequestRow> {
  const reason = transferNote(input.reason, 'reason');
  return db.transaction(async (tx) => {
    const r = await lockRequest(tx, id);
    const to = await findOrg(tx, r.toOrgId);
    if (!to || !can(actor, 'member.write', to.path)) throw memberLifeErrors.requester_only('status');
    requireOpen(r);
    await step(tx, actor, transferRequestWorkflow, r.status, { entityId: id, orgId: to.id, action: 'cancel', occurredOn: today, comment: reason });
    const after = await settle(tx, id, { status: 'cancelled', decidedOn: today, decisionNote: reason });
    await auditDecision(tx, actor, 'transfer_request.cancelled', r, { id: to.id, path: to.path }, after);
    return after;
  });
}

async function settle(tx: DbOrTx, id: string, set: Partial<RequestRow>): Promise<RequestRow> {
  const [after] = await tx
    .update(memberTransferRequest)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(memberTransferRequest.id, id), eq(memberTransferRequest.status, 'requested')))
    .returning();
  // The row is locked and was open: the update cannot miss it.
  if (!after) throw new Error('locked open transfer request not updated');
  return after;
}

/**
 * Open requests past their date end as expired (the daily job, with the transfers). A request that
 * matched nobody and one the member's side ignored end the same way.
 */
export async function expireTransferRequests(db: Db, today: string): Promise<number> {
  const due = await db
    .select({ id: memberTransferRequest.id, toOrgId: memberTransferRequest.toOrgId })
    .from(memberTransferRequest)
    .where(and(eq(memberTransferRequest.status, 'requested'), sql`${memberTransferRequest.expiresOn} < ${today}::date`));
  let n = 0;
  for (const d of due) {
    await db.transaction(async (tx) => {
      const [after] = await tx
        .update(memberTransferRequest)
        .set({ status: 'expired', decidedOn: today, updatedAt: new Date() })
        .where(and(eq(memberTransferRequest.id, d.id), eq(memberTransferRequest.status, 'requested')))
        .returning({ id: memberTransferRequest.id });
      if (!after) return;
      await step(tx, null, transferRequestWorkflow, 'requested', { entityId: d.id, orgId: d.toOrgId, action: 'expire', occurredOn: today });
      await audit(tx, null, { action: 'transfer_request.expired', entity: 'transfer_request', entityId: d.id, orgId: d.toOrgId, after: { status: 'expired' } });
      n++;
    });
  }
  return n;
}
