import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { syncPaidMonths } from './dues.queries.ts';
import { branchReview, duesEntry, memberReminder, memberRemoval, memberTransfer, memberTransferRequest, reviewGrade } from './member-life.schema.ts';

/**
 * One of each member-life record for a member of a branch, inserted directly: the ids the route
 * walker needs inside and outside a caller's scope. `otherOrgId` is the transfer's destination.
 */
export async function memberLifeFixtures(db: Db, branchId: number, memberId: string, otherOrgId: number): Promise<Record<string, string>> {
  const transfer = uuidv7();
  await db.insert(memberTransfer).values({
    id: transfer,
    memberId,
    fromOrgId: branchId,
    toOrgId: otherOrgId,
    reason: 'other',
    initiatedBy: 'sender',
    requestedOn: '2025-01-02',
    expiresOn: '2099-01-01',
  });
  const [entry] = await db
    .insert(duesEntry)
    .values({ memberId, orgId: branchId, fromMonth: '2025-01-01', toMonth: '2025-01-01', amountFen: 20, paidOn: '2025-01-05', method: 'cash' })
    .returning({ id: duesEntry.id });
  await syncPaidMonths(db, [memberId]);
  const review = uuidv7();
  await db.insert(branchReview).values({ id: review, orgId: branchId, year: 2024, status: 'proposed', heldOn: '2024-12-20', expected: 1, attended: 1 });
  await db.insert(reviewGrade).values({ reviewId: review, memberId, grade: 'qualified' });
  const removal = uuidv7();
  await db.insert(memberRemoval).values({ id: removal, memberId, orgId: branchId, status: 'proposed', meetingOn: '2025-01-03', reason: 'fixture' });
  const reminder = uuidv7();
  await db.insert(memberReminder).values({ id: reminder, memberId, orgId: branchId, kind: 'other', dueOn: '2025-02-01', source: 'person' });
  // A request from `otherOrgId` naming the member (by their person's ID number hash, when on file).
  const transferRequest = uuidv7();
  const who = await db.execute<{ name: string; hash: string | null }>(
    sql`select p.name, p.id_number_hash as hash from member m join person p on p.id = m.person_id where m.id = ${memberId}`,
  );
  await db.insert(memberTransferRequest).values({
    id: transferRequest,
    toOrgId: otherOrgId,
    name: who.rows[0]?.name ?? 'fixture',
    idNumberHash: who.rows[0]?.hash ?? `fixture-${transferRequest}`,
    idNumberMasked: '4304**********0000',
    reason: 'other',
    requestedOn: '2025-01-02',
    expiresOn: '2099-01-01',
  });
  return { transfer, duesEntry: String(entry?.id ?? ''), review, removal, reminder, transferRequest };
}
