import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import type { TransferRequestStatus, TransferStatus } from './member-life.schema.ts';

export type TransferListRow = {
  id: string;
  member_id: string;
  member_name: string;
  from_org_id: number;
  from_org_name: string;
  to_org_id: number;
  to_org_name: string;
  assigned_branch_id: number | null;
  assigned_branch_name: string | null;
  reason: string;
  initiated_by: string;
  status: TransferStatus;
  requested_on: string;
  expires_on: string;
  decided_on: string | null;
  note: string | null;
  decision_note: string | null;
  request_id: string | null;
};

const select = sql`
  select t.id, t.member_id, p.name as member_name, t.from_org_id, f.name as from_org_name, t.to_org_id, d.name as to_org_name,
    t.assigned_branch_id, b.name as assigned_branch_name, t.reason, t.initiated_by, t.status, t.requested_on, t.expires_on,
    t.decided_on, t.note, t.decision_note, t.request_id
  from member_transfer t
  join member m on m.id = t.member_id
  join person p on p.id = m.person_id
  join org f on f.id = t.from_org_id
  join org d on d.id = t.to_org_id
  left join org b on b.id = t.assigned_branch_id`;

/**
 * Transfers whose receiving (incoming) or sending (outgoing) side lies in the scope; newest
 * first, keyset on (requested_on, id).
 */
export async function listTransfers(
  db: DbOrTx,
  q: { direction: 'incoming' | 'outgoing'; scope: OrgScope; status?: TransferStatus; memberId?: string; after: [string, string] | null; limit: number },
): Promise<TransferListRow[]> {
  if (q.scope.roots.length === 0) return [];
  const conds: SQL[] = [q.scope.where(q.direction === 'incoming' ? sql`d.path` : sql`f.path`)];
  if (q.status) conds.push(sql`t.status = ${q.status}`);
  if (q.memberId) conds.push(sql`t.member_id = ${q.memberId}`);
  if (q.after) conds.push(sql`(t.requested_on, t.id) < (${q.after[0]}::date, ${q.after[1]}::uuid)`);
  const res = await db.execute<TransferListRow>(sql`${select} where ${sql.join(conds, sql` and `)} order by t.requested_on desc, t.id desc limit ${q.limit}`);
  return res.rows;
}

export async function getTransfer(db: DbOrTx, id: string): Promise<TransferListRow | null> {
  const res = await db.execute<TransferListRow>(sql`${select} where t.id = ${id}`);
  return res.rows[0] ?? null;
}

export async function transfersOfMember(db: DbOrTx, memberId: string): Promise<TransferListRow[]> {
  const res = await db.execute<TransferListRow>(sql`${select} where t.member_id = ${memberId} order by t.requested_on desc, t.id desc limit 50`);
  return res.rows;
}

// ---- transfer requests ----

export type TransferRequestListRow = {
  id: string;
  name: string;
  id_number_masked: string;
  to_org_id: number;
  to_org_name: string;
  reason: string;
  note: string | null;
  status: TransferRequestStatus;
  requested_on: string;
  expires_on: string;
  decided_on: string | null;
  decision_note: string | null;
  transfer_id: string | null;
  /** the member's side only (received): the member and their org */
  member_id: string | null;
  member_org_id: number | null;
  member_org_name: string | null;
};

const requestColumns = sql`r.id, r.name, r.id_number_masked, r.to_org_id, d.name as to_org_name, r.reason, r.note, r.status,
  r.requested_on, r.expires_on, r.decided_on, r.decision_note, r.transfer_id`;

/**
 * The member a request is about, for the member's side: while open, the active member with the
 * request's ID number hash and name; once consented or declined, the member and org the decision
 * recorded. Expired and withdrawn requests never reach the member's side.
 */
const memberOfRequest = sql`lateral (
    select m.id as member_id, o.id as org_id, o.name as org_name, o.path
    from person p join member m on m.person_id = p.id and m.status = 'active' join org o on o.id = m.org_id
    where r.status = 'requested' and p.id_number_hash = r.id_number_hash and p.name = r.name
    union all
    select r.member_id, o.id, o.name, o.path from org o
    where r.status in ('consented', 'declined') and o.id = r.from_org_id
    limit 1
  ) s`;

/**
 * Requests a side sees, newest first, keyset on (requested_on, id). `sent`: the requester's own
 * (destination in scope), without any member data — the requester learns of the member only from
 * the transfer a consent starts. `received`: requests about members in scope, for consent.
 */
export async function listTransferRequests(
  db: DbOrTx,
  q: { direction: 'sent' | 'received'; scope: OrgScope; status?: TransferRequestStatus; after: [string, string] | null; limit: number },
): Promise<TransferRequestListRow[]> {
  if (q.scope.roots.length === 0) return [];
  const conds: SQL[] = [];
  if (q.status) conds.push(sql`r.status = ${q.status}`);
  if (q.after) conds.push(sql`(r.requested_on, r.id) < (${q.after[0]}::date, ${q.after[1]}::uuid)`);
  const query =
    q.direction === 'sent'
      ? sql`select ${requestColumns}, null::uuid as member_id, null::bigint as member_org_id, null::text as member_org_name
          from member_transfer_request r join org d on d.id = r.to_org_id
          where ${sql.join([q.scope.where(sql`d.path`), ...conds], sql` and `)}`
      : sql`select ${requestColumns}, s.member_id, s.org_id as member_org_id, s.org_name as member_org_name
          from member_transfer_request r join org d on d.id = r.to_org_id cross join ${memberOfRequest}
          where ${sql.join([q.scope.where(sql`s.path`), ...conds], sql` and `)}`;
  const res = await db.execute<TransferRequestListRow>(sql`${query} order by r.requested_on desc, r.id desc limit ${q.limit}`);
  return res.rows;
}

/** One request as one side sees it (the caller's access was checked before). */
export async function getTransferRequest(db: DbOrTx, id: string, side: 'sent' | 'received'): Promise<TransferRequestListRow | null> {
  const res = await db.execute<TransferRequestListRow>(
    side === 'sent'
      ? sql`select ${requestColumns}, null::uuid as member_id, null::bigint as member_org_id, null::text as member_org_name
          from member_transfer_request r join org d on d.id = r.to_org_id where r.id = ${id}`
      : sql`select ${requestColumns}, s.member_id, s.org_id as member_org_id, s.org_name as member_org_name
          from member_transfer_request r join org d on d.id = r.to_org_id left join ${memberOfRequest} on true where r.id = ${id}`,
  );
  return res.rows[0] ?? null;
}
