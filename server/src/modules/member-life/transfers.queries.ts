import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import type { TransferStatus } from './member-life.schema.ts';

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
};

const select = sql`
  select t.id, t.member_id, p.name as member_name, t.from_org_id, f.name as from_org_name, t.to_org_id, d.name as to_org_name,
    t.assigned_branch_id, b.name as assigned_branch_name, t.reason, t.initiated_by, t.status, t.requested_on, t.expires_on,
    t.decided_on, t.note, t.decision_note
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
