import { Type } from '@fastify/type-provider-typebox';
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { ageOn, chinaToday } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { personOf } from '../accounts/index.ts';
import { person } from '../people/index.ts';
import type { ActivityRow, ShiftRow } from './activities.service.ts';
import { volunteersErrors } from './volunteers.errors.ts';
import { activity, shift, signup, volunteer, type SignupStatus } from './volunteers.schema.ts';
import { volunteerProjectMember } from './volunteer-groups.schema.ts';

export const offerHours = defineSetting({
  key: 'volunteers.offerHours',
  label: { 'zh-CN': '候补递补确认时限（小时）', 'en-US': 'Hours to confirm a freed place offered from the waiting list' },
  schema: Type.Integer({ minimum: 1, maximum: 168 }),
  default: 12,
});

export type SignupRow = typeof signup.$inferSelect;
/** Statuses that hold one of the shift's places. */
export const placeHolding: SignupStatus[] = ['confirmed', 'pending', 'offered'];
const live: SignupStatus[] = [...placeHolding, 'waitlisted'];

export type SignupOpts = {
  /** the volunteer acting for themselves (phone pages): no staff scope, but it must be their own */
  self?: boolean;
  now?: Date;
};

export async function findSignup(db: DbOrTx, id: string): Promise<SignupRow | null> {
  const [row] = await db.select().from(signup).where(eq(signup.id, id));
  return row ?? null;
}

export function presentSignup(s: SignupRow) {
  return {
    id: s.id,
    shiftId: s.shiftId,
    volunteerId: s.volunteerId,
    status: s.status,
    position: s.position,
    offeredUntil: s.offeredUntil?.toISOString() ?? null,
    reason: s.reason,
    createdAt: s.createdAt.toISOString(),
  };
}

/** The shift, locked for this transaction: every change to its places goes through this lock. */
async function lockShift(tx: DbOrTx, shiftId: string): Promise<{ s: ShiftRow; a: ActivityRow; path: string }> {
  const [s] = await tx.select().from(shift).where(eq(shift.id, shiftId)).for('update');
  if (!s) throw errors.notFound('shift');
  const [row] = await tx.select({ a: activity, path: org.path }).from(activity).innerJoin(org, eq(org.id, activity.orgId)).where(eq(activity.id, s.activityId));
  if (!row) throw errors.notFound('activity');
  return { s, ...row };
}

async function takenPlaces(tx: DbOrTx, shiftId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(signup)
    .where(and(eq(signup.shiftId, shiftId), inArray(signup.status, placeHolding)));
  return r?.n ?? 0;
}

/**
 * Under the shift lock: offers past their deadline lapse, and free places go to the waiting list
 * in order, each with a window to confirm (`volunteers.offerHours`), never past the shift start.
 */
async function settlePlaces(tx: DbOrTx, s: ShiftRow, path: string, now: Date): Promise<{ expired: number; offered: number }> {
  const expired = await tx
    .update(signup)
    .set({ status: 'cancelled', reason: 'offer_expired', updatedAt: now })
    .where(and(eq(signup.shiftId, s.id), eq(signup.status, 'offered'), lt(signup.offeredUntil, now)))
    .returning();
  for (const e of expired) {
    await audit(tx, null, { action: 'signup.offer_expired', entity: 'signup', entityId: e.id, orgId: e.orgId, orgPath: path, after: { status: 'cancelled' } });
  }
  let offered = 0;
  if (s.status !== 'open' || s.startsAt <= now) return { expired: expired.length, offered };
  let free = s.capacity - (await takenPlaces(tx, s.id));
  if (free <= 0) return { expired: expired.length, offered };
  const hours = await getSetting(tx, path, offerHours);
  const until = new Date(Math.min(now.getTime() + hours * 3600_000, s.startsAt.getTime()));
  const waiting = await tx
    .select()
    .from(signup)
    .where(and(eq(signup.shiftId, s.id), eq(signup.status, 'waitlisted')))
    .orderBy(asc(signup.position), asc(signup.id))
    .limit(free);
  for (const w of waiting) {
    await tx.update(signup).set({ status: 'offered', offeredUntil: until, updatedAt: now }).where(eq(signup.id, w.id));
    await audit(tx, null, {
      action: 'signup.offered',
      entity: 'signup',
      entityId: w.id,
      orgId: w.orgId,
      orgPath: path,
      after: { status: 'offered', offeredUntil: until.toISOString() },
    });
    offered++;
    free--;
  }
  return { expired: expired.length, offered };
}

/** Runs the offer rules for one shift (used when reading a roster, and by the job). */
export async function settleShift(db: Db, shiftId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const { s, path } = await lockShift(tx, shiftId);
    return settlePlaces(tx, s, path, now);
  });
}

/** Eligibility of a volunteer for an activity on the shift's date, each failure naming its rule. */
function checkEligible(a: ActivityRow, v: typeof volunteer.$inferSelect, birthDate: string, on: string): void {
  const age = ageOn(birthDate, on);
  if (a.minAge !== null && age < a.minAge) throw volunteersErrors.below_min_age('minAge', { min: a.minAge, age, on });
  if (a.maxAge !== null && age > a.maxAge) throw volunteersErrors.above_max_age('maxAge', { max: a.maxAge, age, on });
  const missing = a.skills.filter((k) => !v.skills.includes(k));
  if (missing.length > 0) {
    throw volunteersErrors.skills_missing('skills', { skills: { 'zh-CN': missing.join('、'), 'en-US': missing.join(', ') } });
  }
  if (a.requiresInsurance && !v.insuredUntil) throw volunteersErrors.insurance_missing('insuredUntil', { on });
  if (a.requiresInsurance && v.insuredUntil && v.insuredUntil < on) {
    throw volunteersErrors.insurance_expired('insuredUntil', { on, until: v.insuredUntil });
  }
  if (a.requiresTraining && !v.trainings.includes(a.requiresTraining)) {
    throw volunteersErrors.training_missing('trainings', { training: a.requiresTraining });
  }
}

/** The volunteer, if the caller may act for them: staff in scope, or the volunteer's own person (`me`). */
async function volunteerFor(tx: DbOrTx, actor: Actor, volunteerId: string, me: string | null) {
  const [row] = await tx
    .select({ v: volunteer, birthDate: person.birthDate, name: person.name, path: org.path })
    .from(volunteer)
    .innerJoin(person, eq(person.id, volunteer.personId))
    .innerJoin(org, eq(org.id, volunteer.orgId))
    .where(eq(volunteer.id, volunteerId));
  if (me) {
    if (!row || row.v.personId !== me) throw errors.notFound('volunteer');
    return row;
  }
  return requireInScope(actor, 'volunteer.read', row, 'volunteer');
}

/**
 * Signs a volunteer up for a shift. The shift row is locked first, so concurrent sign-ups are
 * counted one after another and the capacity holds exactly; past it, the sign-up waits in line
 * (or is refused when the activity keeps no waiting list).
 */
export async function signUp(db: Db, actor: Actor, shiftId: string, volunteerId: string, opts: SignupOpts = {}): Promise<SignupRow> {
  const now = opts.now ?? new Date();
  const me = opts.self ? await personOf(db, actor) : null;
  return db.transaction(async (tx) => {
    const { s, a, path } = await lockShift(tx, shiftId);
    if (!me) requireInScope(actor, 'volunteer.write', { path }, 'shift');
    const vol = await volunteerFor(tx, actor, volunteerId, me);
    if (a.status === 'cancelled' || s.status === 'cancelled') throw volunteersErrors.shift_cancelled('shiftId');
    if (a.status !== 'published') throw volunteersErrors.not_open_for_signup('shiftId');
    if (s.startsAt <= now) throw volunteersErrors.shift_started('shiftId');
    if (vol.v.status !== 'active') throw volunteersErrors.volunteer_inactive('volunteerId');
    const [dup] = await tx
      .select({ id: signup.id })
      .from(signup)
      .where(and(eq(signup.shiftId, s.id), eq(signup.volunteerId, volunteerId), inArray(signup.status, live)));
    if (dup) throw volunteersErrors.conflict('signup', `${vol.name}（${vol.v.number}）`);
    checkEligible(a, vol.v, vol.birthDate, chinaToday(s.startsAt));
    await settlePlaces(tx, s, path, now);
    const taken = await takenPlaces(tx, s.id);
    let status: SignupStatus;
    let position: number | null = null;
    if (taken < s.capacity) status = a.requiresApproval ? 'pending' : 'confirmed';
    else if (a.waitlist) {
      status = 'waitlisted';
      const [m] = await tx
        .select({ p: sql<number>`coalesce(max(${signup.position}), 0)::int` })
        .from(signup)
        .where(eq(signup.shiftId, s.id));
      position = (m?.p ?? 0) + 1;
    } else throw volunteersErrors.shift_full('shiftId', { capacity: s.capacity });
    const [row] = await tx
      .insert(signup)
      .values({ id: uuidv7(), shiftId: s.id, volunteerId, orgId: s.orgId, status, position, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error('insert failed');
    if (a.projectId) {
      // Taking part in a project's activity recruits the volunteer into the project (once).
      await tx
        .insert(volunteerProjectMember)
        .values({ id: uuidv7(), projectId: a.projectId, volunteerId, orgId: a.orgId, recruitedOn: chinaToday(now) })
        .onConflictDoNothing();
    }
    await audit(tx, actor, { action: 'signup.created', entity: 'signup', entityId: row.id, orgId: s.orgId, orgPath: path, after: presentSignup(row) });
    return row;
  });
}

/** Loads and locks a sign-up's shift; staff need volunteer.write at the activity's org, a volunteer only their own. */
async function lockSignup(tx: DbOrTx, actor: Actor, signupId: string, me: string | null) {
  const before = await findSignup(tx, signupId);
  if (!before) throw errors.notFound('signup');
  const locked = await lockShift(tx, before.shiftId);
  // Re-read under the lock: another transaction may have changed it meanwhile.
  const current = await findSignup(tx, signupId);
  if (!current) throw errors.notFound('signup');
  if (me) await volunteerFor(tx, actor, current.volunteerId, me);
  else requireInScope(actor, 'volunteer.write', locked, 'signup');
  return { ...locked, su: current };
}

async function setStatus(tx: DbOrTx, actor: Actor | null, su: SignupRow, path: string, to: SignupStatus, extra: Partial<SignupRow>, now: Date) {
  const [after] = await tx
    .update(signup)
    .set({ status: to, updatedAt: now, ...extra })
    .where(eq(signup.id, su.id))
    .returning();
  if (!after) throw errors.notFound('signup');
  await audit(tx, actor, {
    action: `signup.${to}`,
    entity: 'signup',
    entityId: su.id,
    orgId: su.orgId,
    orgPath: path,
    before: { status: su.status },
    after: { status: to, reason: after.reason },
  });
  return after;
}

/** Cancels a sign-up; a place it held goes to the first on the waiting list. */
export async function cancelSignup(db: Db, actor: Actor, signupId: string, opts: SignupOpts & { reason?: string | null } = {}): Promise<SignupRow> {
  const now = opts.now ?? new Date();
  const me = opts.self ? await personOf(db, actor) : null;
  return db.transaction(async (tx) => {
    const { s, path, su } = await lockSignup(tx, actor, signupId, me);
    if (!live.includes(su.status)) throw volunteersErrors.signup_over('signupId');
    if (s.startsAt <= now) throw volunteersErrors.cancel_after_start('signupId');
    const after = await setStatus(tx, actor, su, path, 'cancelled', { reason: opts.reason ?? null, offeredUntil: null }, now);
    await settlePlaces(tx, s, path, now);
    return after;
  });
}

/** The volunteer takes the place offered to them, before its deadline. */
export async function confirmOffer(db: Db, actor: Actor, signupId: string, opts: SignupOpts = {}): Promise<SignupRow> {
  const now = opts.now ?? new Date();
  const me = opts.self ? await personOf(db, actor) : null;
  const result = await db.transaction(async (tx) => {
    const { s, a, path, su } = await lockSignup(tx, actor, signupId, me);
    if (su.status === 'offered' && su.offeredUntil && su.offeredUntil < now) {
      await settlePlaces(tx, s, path, now);
      return 'expired' as const;
    }
    if (su.status !== 'offered') throw volunteersErrors.no_offer('signupId');
    return setStatus(tx, actor, su, path, a.requiresApproval ? 'pending' : 'confirmed', { offeredUntil: null }, now);
  });
  if (result === 'expired') throw volunteersErrors.offer_expired('offeredUntil');
  return result;
}

/** An organizer approves a pending sign-up (activities that require approval). */
export async function approveSignup(db: Db, actor: Actor, signupId: string, opts: SignupOpts = {}): Promise<SignupRow> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const { path, su } = await lockSignup(tx, actor, signupId, null);
    if (su.status !== 'pending') throw volunteersErrors.not_pending('signupId');
    return setStatus(tx, actor, su, path, 'confirmed', { decidedBy: actor.accountId, decidedAt: now }, now);
  });
}

export async function rejectSignup(db: Db, actor: Actor, signupId: string, reason: string, opts: SignupOpts = {}): Promise<SignupRow> {
  const now = opts.now ?? new Date();
  if (!reason.trim()) throw volunteersErrors.invalid('reason', { 'zh-CN': '请填写不通过的理由', 'en-US': 'give the reason for rejecting' });
  return db.transaction(async (tx) => {
    const { s, path, su } = await lockSignup(tx, actor, signupId, null);
    if (su.status !== 'pending' && su.status !== 'waitlisted') throw volunteersErrors.not_rejectable('signupId');
    const after = await setStatus(tx, actor, su, path, 'rejected', { reason: reason.trim(), decidedBy: actor.accountId, decidedAt: now }, now);
    await settlePlaces(tx, s, path, now);
    return after;
  });
}

/** After the shift, the organizer marks a confirmed volunteer who did not come. */
export async function markNoShow(db: Db, actor: Actor, signupId: string, opts: SignupOpts = {}): Promise<SignupRow> {
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const { s, path, su } = await lockSignup(tx, actor, signupId, null);
    if (su.status !== 'confirmed') throw volunteersErrors.not_confirmed('signupId');
    if (s.endsAt > now) throw volunteersErrors.shift_not_ended('signupId');
    return setStatus(tx, actor, su, path, 'no_show', { decidedBy: actor.accountId, decidedAt: now }, now);
  });
}

/** Everyone on a shift: confirmed first, then pending, offered, waiting (in order), then the rest. */
export async function roster(db: Db, shiftId: string, now = new Date()) {
  await settleShift(db, shiftId, now);
  return db
    .select({
      su: signup,
      name: person.name,
      gender: person.gender,
      birthDate: person.birthDate,
      phone: person.phoneMasked,
      number: volunteer.number,
    })
    .from(signup)
    .innerJoin(volunteer, eq(volunteer.id, signup.volunteerId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .where(eq(signup.shiftId, shiftId))
    .orderBy(
      sql`array_position(array['confirmed','pending','offered','waitlisted','no_show','rejected','cancelled'], ${signup.status})`,
      asc(signup.position),
      asc(signup.createdAt),
    );
}

/** The job: lapse overdue offers and pass places on, for every shift that has one. */
export async function settleDueOffers(db: Db, now: Date): Promise<{ shifts: number; expired: number; offered: number }> {
  const due = await db
    .selectDistinct({ shiftId: signup.shiftId })
    .from(signup)
    .where(and(eq(signup.status, 'offered'), lt(signup.offeredUntil, now)));
  let expired = 0;
  let offered = 0;
  for (const d of due) {
    const r = await settleShift(db, d.shiftId, now);
    expired += r.expired;
    offered += r.offered;
  }
  return { shifts: due.length, expired, offered };
}
