import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import type { Job } from '../../platform/jobs/jobs.ts';
import { listScope, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { person } from '../people/index.ts';
import { volunteer } from '../volunteers/index.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';
import { certifierOf, noticeUntil } from './volunteer-hours.rules.ts';
import { hourEntry, type StarStatus, starAward } from './volunteer-hours.schema.ts';
import { starHoursSetting } from './volunteer-hours.queries.ts';

/** Working days a star must stay on public notice (公示) before it is certified. */
export const noticeWorkingDays = 5;

/**
 * Proposes a star for every level a volunteer's total has reached and that was never proposed.
 * Safe to run any number of times: the (volunteer, level) unique index makes a repeat a no-op.
 */
export async function proposeStars(db: Db, today: string): Promise<{ proposed: number }> {
  const totals = await db
    .select({ id: volunteer.id, path: sql<string>`${org.path}::text`, minutes: sql<number>`sum(${hourEntry.minutes})::int` })
    .from(hourEntry)
    .innerJoin(volunteer, eq(volunteer.id, hourEntry.volunteerId))
    .innerJoin(org, eq(org.id, volunteer.orgId))
    .where(eq(volunteer.status, 'active'))
    .groupBy(volunteer.id, org.path);
  let proposed = 0;
  for (const v of totals) {
    const thresholds = await getSetting(db, v.path, starHoursSetting);
    const rows = thresholds
      .map((hours, i) => ({ level: i + 1, hours }))
      .filter((t) => v.minutes >= t.hours * 60)
      .map((t) => ({
        id: uuidv7(),
        volunteerId: v.id,
        level: t.level,
        orgId: certifierOf(v.path, t.level),
        thresholdHours: t.hours,
        minutesAtProposal: v.minutes,
        proposedOn: today,
      }));
    if (rows.length === 0) continue;
    const inserted = await db.insert(starAward).values(rows).onConflictDoNothing().returning({ id: starAward.id });
    proposed += inserted.length;
  }
  return { proposed };
}

export const proposeStarsDaily: Job = { name: 'volunteers.proposeStars', schedule: 'daily', run: ({ db, today }) => proposeStars(db, today) };

async function loadAward(db: Db, actor: Actor, id: string) {
  const [a] = await db.select().from(starAward).where(eq(starAward.id, id));
  if (!a) throw errors.notFound('starAward');
  return { a, o: requireInScope(actor, 'volunteer.approve', await findOrg(db, a.orgId), 'starAward') };
}

async function move(db: Db, actor: Actor, id: string, from: StarStatus[], set: Partial<typeof starAward.$inferInsert>, action: string) {
  const { a, o } = await loadAward(db, actor, id);
  if (!from.includes(a.status)) throw volunteerHoursErrors.star_status('status', { status: a.status });
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(starAward)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(starAward.id, id), eq(starAward.status, a.status)))
      .returning();
    if (!after) throw volunteerHoursErrors.star_changed('status');
    await audit(tx, actor, { action, entity: 'star_award', entityId: id, orgId: a.orgId, orgPath: o.path, before: { status: a.status }, after: set });
    return after;
  });
}

/** The certifying org publishes the award for public notice from `today`. */
export function startNotice(db: Db, actor: Actor, id: string, today: string) {
  return move(
    db,
    actor,
    id,
    ['proposed'],
    { status: 'in_notice', noticeFrom: today, noticeUntil: noticeUntil(today, noticeWorkingDays) },
    'star.notice_started',
  );
}

/** Certified only after the notice has run its full working days (the day after its last day). */
export async function certifyStar(db: Db, actor: Actor, id: string, today: string) {
  const { a } = await loadAward(db, actor, id);
  if (a.status === 'in_notice' && a.noticeUntil && today <= a.noticeUntil) {
    throw volunteerHoursErrors.notice_running('noticeFrom', { days: noticeWorkingDays, until: a.noticeUntil });
  }
  return move(db, actor, id, ['in_notice'], { status: 'certified', decidedOn: today, decidedBy: actor.accountId }, 'star.certified');
}

export function rejectStar(db: Db, actor: Actor, id: string, today: string, comment: string) {
  if (comment.trim().length < 2) throw volunteerHoursErrors.invalid('reason', { 'zh-CN': '请说明不予认定的原因', 'en-US': 'give the reason' });
  return move(
    db,
    actor,
    id,
    ['proposed', 'in_notice'],
    { status: 'rejected', decidedOn: today, decidedBy: actor.accountId, comment: comment.trim() },
    'star.rejected',
  );
}

export async function listStars(db: Db, actor: Actor, q: { orgId?: number; status?: StarStatus; cursor: string | null; limit: number }) {
  const scope = await listScope(db, actor, 'volunteer.read', q.orgId);
  return db
    .select({ a: starAward, orgName: org.name, volunteerName: person.name, volunteerNumber: volunteer.number, idNumberMasked: person.idNumberMasked })
    .from(starAward)
    .innerJoin(org, eq(org.id, starAward.orgId))
    .innerJoin(volunteer, eq(volunteer.id, starAward.volunteerId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .where(and(scope.where(org.path), q.status ? eq(starAward.status, q.status) : undefined, q.cursor ? lt(starAward.id, q.cursor) : undefined))
    .orderBy(desc(starAward.id))
    .limit(q.limit + 1);
}

/** A volunteer's awards, for their phone and summary: the certified level is the badge. */
export async function starsOf(db: Db, volunteerId: string) {
  const rows = await db.select().from(starAward).where(eq(starAward.volunteerId, volunteerId)).orderBy(starAward.level);
  const certified = rows.filter((r) => r.status === 'certified').map((r) => r.level);
  return { level: certified.length ? Math.max(...certified) : 0, awards: rows };
}
