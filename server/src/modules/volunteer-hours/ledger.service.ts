import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { listScope, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { person } from '../people/index.ts';
import { activity, volunteer } from '../volunteers/index.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';
import { type ClaimStatus, type HourSource, hourClaim, hourEntry, hourMonth, hourOrgMonth, hourVolunteerYear } from './volunteer-hours.schema.ts';
import { findShiftInfo, findVolunteerInfo, lockVolunteer, ruleAt } from './volunteer-hours.queries.ts';

const cleanReason = (reason: string, field = 'reason') => {
  const r = reason.trim();
  if (r.length < 2 || r.length > 500)
    throw volunteerHoursErrors.invalid(field, { 'zh-CN': '请填写 2–500 字的原因', 'en-US': 'give a reason of 2–500 characters' });
  return r;
};

export type RollupEntry = { volunteerId: string; orgId: number; serviceDate: string; source: HourSource; minutes: number };

/**
 * Adds ledger entries to the rollups (monthly per org and per volunteer, yearly per volunteer). Call it in the transaction that inserts them, for
 * every insert into hour_entry (hours earned, approved hand entries, reversals), so the rollups
 * never drift from the ledger. ON CONFLICT DO UPDATE adds under the row lock, so concurrent
 * writers stay exact; rows are taken in one order (org, volunteer-month, volunteer-year rows, each sorted) so
 * two writers cannot deadlock. Lock hold time is the rest of the transaction: call it last.
 */
export async function addToRollup(tx: DbOrTx, entries: RollupEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const byOrg = new Map<string, { orgId: number; month: string; source: HourSource; minutes: number; entries: number }>();
  const byVolunteer = new Map<string, { volunteerId: string; orgId: number; month: string; source: HourSource; minutes: number; entries: number }>();
  for (const e of entries) {
    const month = `${e.serviceDate.slice(0, 7)}-01`;
    const ok = `${String(e.orgId).padStart(20, '0')}|${month}|${e.source}`;
    const o = byOrg.get(ok) ?? { orgId: e.orgId, month, source: e.source, minutes: 0, entries: 0 };
    o.minutes += e.minutes;
    o.entries += 1;
    byOrg.set(ok, o);
    const vk = `${e.volunteerId}|${ok}`;
    const v = byVolunteer.get(vk) ?? { volunteerId: e.volunteerId, orgId: e.orgId, month, source: e.source, minutes: 0, entries: 0 };
    v.minutes += e.minutes;
    v.entries += 1;
    byVolunteer.set(vk, v);
  }
  const byYear = new Map<string, { volunteerId: string; year: number; minutes: number }>();
  for (const e of entries) {
    const k = `${e.volunteerId}|${e.serviceDate.slice(0, 4)}`;
    const y = byYear.get(k) ?? { volunteerId: e.volunteerId, year: Number(e.serviceDate.slice(0, 4)), minutes: 0 };
    y.minutes += e.minutes;
    byYear.set(k, y);
  }
  const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  await tx
    .insert(hourOrgMonth)
    .values(sorted(byOrg))
    .onConflictDoUpdate({
      target: [hourOrgMonth.orgId, hourOrgMonth.month, hourOrgMonth.source],
      set: { minutes: sql`${hourOrgMonth.minutes} + excluded.minutes`, entries: sql`${hourOrgMonth.entries} + excluded.entries` },
    });
  await tx
    .insert(hourMonth)
    .values(sorted(byVolunteer))
    .onConflictDoUpdate({
      target: [hourMonth.volunteerId, hourMonth.orgId, hourMonth.month, hourMonth.source],
      set: { minutes: sql`${hourMonth.minutes} + excluded.minutes`, entries: sql`${hourMonth.entries} + excluded.entries` },
    });
  await tx
    .insert(hourVolunteerYear)
    .values(sorted(byYear))
    .onConflictDoUpdate({
      target: [hourVolunteerYear.volunteerId, hourVolunteerYear.year],
      set: { minutes: sql`${hourVolunteerYear.minutes} + excluded.minutes` },
    });
}

export type ClaimInput = { volunteerId: string; shiftId: string; hours: number; reason: string };

/**
 * Hours entered by hand for a shift (a volunteer who could not scan): no more than the slot,
 * together with what the volunteer already earned on it, in whole steps; approved by another.
 */
export async function createClaim(db: Db, actor: Actor, input: ClaimInput) {
  const reason = cleanReason(input.reason);
  const s = await findShiftInfo(db, input.shiftId);
  if (!s) throw errors.notFound('shift');
  requireInScope(actor, 'volunteer.write', { path: s.orgPath }, 'shift');
  const v = await findVolunteerInfo(db, { id: input.volunteerId });
  if (!v || v.status !== 'active') throw errors.notFound('volunteer');
  const minutes = Math.round(input.hours * 60);
  const rule = await ruleAt(db, s.orgPath);
  if (minutes <= 0 || minutes % rule.stepMinutes !== 0) {
    throw volunteerHoursErrors.invalid('hours', {
      'zh-CN': `须为正数，且为 ${rule.stepMinutes / 60} 小时的整数倍`,
      'en-US': `must be positive and a whole number of ${rule.stepMinutes / 60}-hour steps`,
    });
  }
  const slot = Math.floor((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000);
  return db.transaction(async (tx) => {
    // Without the lock two concurrent entries both see the old total and both pass the cap.
    await lockVolunteer(tx, v.id);
    const [already] = await tx
      .select({ m: sql<number>`coalesce(sum(${hourEntry.minutes}), 0)::int` })
      .from(hourEntry)
      .where(and(eq(hourEntry.volunteerId, v.id), eq(hourEntry.shiftId, s.id)));
    const [pending] = await tx
      .select({ m: sql<number>`coalesce(sum(${hourClaim.minutes}), 0)::int` })
      .from(hourClaim)
      .where(and(eq(hourClaim.volunteerId, v.id), eq(hourClaim.shiftId, s.id), eq(hourClaim.status, 'pending')));
    const used = (already?.m ?? 0) + (pending?.m ?? 0);
    if (minutes + used > slot) throw volunteerHoursErrors.over_shift_length('hours', { slot: slot / 60, used: used / 60 });
    const [row] = await tx
      .insert(hourClaim)
      .values({
        id: uuidv7(),
        volunteerId: v.id,
        orgId: s.orgId,
        activityId: s.activityId,
        shiftId: s.id,
        serviceDate: chinaToday(s.startsAt),
        minutes,
        reason,
        enteredBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'volunteer_hours.claimed', entity: 'hour_claim', entityId: row.id, orgId: s.orgId, orgPath: s.orgPath, after: row });
    return row;
  });
}

/** Approves or rejects a hand entry; approval appends it to the ledger (source 'manual'). */
export async function decideClaim(db: Db, actor: Actor, id: string, decision: 'approve' | 'reject', comment: string | null) {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(hourClaim).where(eq(hourClaim.id, id)).for('update');
    if (!c) throw errors.notFound('hourClaim');
    const o = requireInScope(actor, 'volunteer.approve', await findOrg(tx, c.orgId), 'hourClaim');
    if (c.status !== 'pending') throw volunteerHoursErrors.claim_decided('status');
    if (c.enteredBy === actor.accountId) throw volunteerHoursErrors.own_claim('enteredBy');
    if (decision === 'reject' && !comment?.trim())
      throw volunteerHoursErrors.invalid('reason', { 'zh-CN': '退回须说明原因', 'en-US': 'a rejection needs a reason' });
    const status: ClaimStatus = decision === 'approve' ? 'approved' : 'rejected';
    const [after] = await tx
      .update(hourClaim)
      .set({ status, decidedBy: actor.accountId, decidedAt: new Date(), decisionComment: comment?.trim() || null })
      .where(eq(hourClaim.id, id))
      .returning();
    let entryId: string | null = null;
    if (decision === 'approve') {
      entryId = uuidv7();
      const [entry] = await tx
        .insert(hourEntry)
        .values({
          id: entryId,
          volunteerId: c.volunteerId,
          orgId: c.orgId,
          source: 'manual',
          activityId: c.activityId,
          shiftId: c.shiftId,
          serviceDate: c.serviceDate,
          minutes: c.minutes,
          claimId: c.id,
          reason: c.reason,
          createdBy: actor.accountId,
        })
        .returning();
      if (entry) await addToRollup(tx, [entry]);
    }
    await audit(tx, actor, {
      action: `volunteer_hours.claim_${status}`,
      entity: 'hour_claim',
      entityId: id,
      orgId: c.orgId,
      orgPath: o.path,
      before: { status: c.status },
      after: { status, entryId, comment },
    });
    if (!after) throw errors.notFound('hourClaim');
    return { claim: after, entryId };
  });
}

/** A correction: a new entry of the opposite sign naming the original; the original stays. */
export async function reverseEntry(db: Db, actor: Actor, id: string, reasonIn: string) {
  const reason = cleanReason(reasonIn);
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(hourEntry).where(eq(hourEntry.id, id));
    if (!e) throw errors.notFound('hourEntry');
    const o = requireInScope(actor, 'volunteer.approve', await findOrg(tx, e.orgId), 'hourEntry');
    if (e.reversesId) throw volunteerHoursErrors.reversal_of_reversal('reversesId');
    const [done] = await tx.select({ id: hourEntry.id }).from(hourEntry).where(eq(hourEntry.reversesId, id));
    if (done) throw volunteerHoursErrors.already_reversed('reversesId');
    const [row] = await tx
      .insert(hourEntry)
      .values({
        id: uuidv7(),
        volunteerId: e.volunteerId,
        orgId: e.orgId,
        source: e.source,
        activityId: e.activityId,
        shiftId: e.shiftId,
        serviceDate: e.serviceDate,
        minutes: -e.minutes,
        reversesId: e.id,
        reason,
        createdBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await addToRollup(tx, [row]);
    await audit(tx, actor, { action: 'volunteer_hours.reversed', entity: 'hour_entry', entityId: row.id, orgId: e.orgId, orgPath: o.path, after: row });
    return row;
  });
}

export async function listEntries(
  db: Db,
  actor: Actor,
  q: { orgId?: number; volunteerId?: string; source?: 'tracked' | 'manual'; cursor: string | null; limit: number },
) {
  const scope = await listScope(db, actor, 'volunteer.read', q.orgId);
  const where = and(
    scope.where(org.path),
    q.volunteerId ? eq(hourEntry.volunteerId, q.volunteerId) : undefined,
    q.source ? eq(hourEntry.source, q.source) : undefined,
    q.cursor ? lt(hourEntry.id, q.cursor) : undefined,
  );
  const rows = await db
    .select({
      e: hourEntry,
      orgName: org.name,
      volunteerName: person.name,
      volunteerNumber: volunteer.number,
      idNumberMasked: person.idNumberMasked,
      activityTitle: activity.title,
    })
    .from(hourEntry)
    .innerJoin(org, eq(org.id, hourEntry.orgId))
    .innerJoin(volunteer, eq(volunteer.id, hourEntry.volunteerId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .leftJoin(activity, eq(activity.id, hourEntry.activityId))
    .where(where)
    .orderBy(desc(hourEntry.id))
    .limit(q.limit + 1);
  return rows;
}

export async function listClaims(db: Db, actor: Actor, q: { orgId?: number; status?: ClaimStatus; cursor: string | null; limit: number }) {
  const scope = await listScope(db, actor, 'volunteer.read', q.orgId);
  return db
    .select({ c: hourClaim, orgName: org.name, volunteerName: person.name, volunteerNumber: volunteer.number, activityTitle: activity.title })
    .from(hourClaim)
    .innerJoin(org, eq(org.id, hourClaim.orgId))
    .innerJoin(volunteer, eq(volunteer.id, hourClaim.volunteerId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .leftJoin(activity, eq(activity.id, hourClaim.activityId))
    .where(and(scope.where(org.path), q.status ? eq(hourClaim.status, q.status) : undefined, q.cursor ? lt(hourClaim.id, q.cursor) : undefined))
    .orderBy(desc(hourClaim.id))
    .limit(q.limit + 1);
}
