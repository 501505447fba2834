import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { listScope, orgForWrite, requireInScope, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { volunteersErrors } from './volunteers.errors.ts';
import { localInstant, minRegistrationAge, recurrenceDates, type Recurrence } from './volunteers.rules.ts';
import { activity, shift, signup } from './volunteers.schema.ts';
import { volunteerProject, volunteerTeam } from './volunteer-groups.schema.ts';

export type ActivityRow = typeof activity.$inferSelect;
export type ShiftRow = typeof shift.$inferSelect;
export type ActivityStatus = ActivityRow['status'];

export type ShiftInput = { startsAt: string; endsAt: string; capacity: number };
export type ActivityInput = {
  orgId: number;
  title: string;
  description?: string | null;
  serviceContent?: string | null;
  place?: string | null;
  lat?: number | null;
  lng?: number | null;
  geofenceM?: number | null;
  teamId?: string | null;
  projectId?: string | null;
  requiresApproval?: boolean;
  waitlist?: boolean;
  minAge?: number | null;
  maxAge?: number | null;
  skills?: string[];
  requiresInsurance?: boolean;
  requiresTraining?: string | null;
  shifts?: ShiftInput[];
  recurrence?: Recurrence | null;
};

export async function findActivity(db: DbOrTx, id: string): Promise<ActivityRow | null> {
  const [row] = await db.select().from(activity).where(eq(activity.id, id));
  return row ?? null;
}

export async function findShift(db: DbOrTx, id: string): Promise<ShiftRow | null> {
  const [row] = await db.select().from(shift).where(eq(shift.id, id));
  return row ?? null;
}

export function presentActivity(a: ActivityRow, extra: { orgName?: string; teamName?: string | null; projectName?: string | null } = {}) {
  return {
    id: a.id,
    orgId: a.orgId,
    orgName: extra.orgName ?? null,
    teamId: a.teamId,
    teamName: extra.teamName ?? null,
    projectId: a.projectId,
    projectName: extra.projectName ?? null,
    title: a.title,
    description: a.description,
    serviceContent: a.serviceContent,
    place: a.place,
    lat: a.lat,
    lng: a.lng,
    geofenceM: a.geofenceM,
    requiresApproval: a.requiresApproval,
    waitlist: a.waitlist,
    minAge: a.minAge,
    maxAge: a.maxAge,
    skills: a.skills,
    requiresInsurance: a.requiresInsurance,
    requiresTraining: a.requiresTraining,
    recurrence: (a.recurrence ?? null) as Record<string, unknown> | null,
    status: a.status,
    createdAt: a.createdAt.toISOString(),
  };
}

export function presentShift(s: ShiftRow, counts?: { taken: number; waitlisted: number }) {
  return {
    id: s.id,
    activityId: s.activityId,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    status: s.status,
    taken: counts?.taken ?? 0,
    waitlisted: counts?.waitlisted ?? 0,
  };
}

function validateActivity(input: Partial<ActivityInput>): void {
  if (input.title !== undefined) {
    const t = input.title.trim();
    if (t.length < 2 || t.length > 200) throw volunteersErrors.invalid('title', { 'zh-CN': '2–200 个字', 'en-US': '2–200 characters' });
  }
  for (const f of ['minAge', 'maxAge'] as const) {
    const v = input[f];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || v < minRegistrationAge || v > 100)) {
      throw volunteersErrors.invalid(f, {
        'zh-CN': `年龄为 ${minRegistrationAge}–100 周岁（志愿者最低 ${minRegistrationAge} 周岁）`,
        'en-US': `${minRegistrationAge}–100 (volunteers are at least ${minRegistrationAge})`,
      });
    }
  }
  if (input.minAge != null && input.maxAge != null && input.minAge > input.maxAge) {
    throw volunteersErrors.invalid('maxAge', { 'zh-CN': '不能小于最低年龄', 'en-US': 'must not be below the minimum age' });
  }
  if (input.lat != null && (input.lat < -90 || input.lat > 90)) throw volunteersErrors.invalid('lat', { 'zh-CN': '纬度为 -90–90', 'en-US': '-90 to 90' });
  if (input.lng != null && (input.lng < -180 || input.lng > 180)) throw volunteersErrors.invalid('lng', { 'zh-CN': '经度为 -180–180', 'en-US': '-180 to 180' });
  if (input.geofenceM != null) {
    if (!Number.isInteger(input.geofenceM) || input.geofenceM < 10 || input.geofenceM > 50_000) {
      throw volunteersErrors.invalid('geofenceM', { 'zh-CN': '签到范围为 10–50000 米', 'en-US': '10–50000 metres' });
    }
    if (input.lat == null || input.lng == null) {
      throw volunteersErrors.invalid('geofenceM', { 'zh-CN': '设置签到范围须先填写活动地点坐标', 'en-US': 'a geofence needs the place coordinates' });
    }
  }
}

function validateShift(s: ShiftInput, i: number): { startsAt: Date; endsAt: Date; capacity: number } {
  const startsAt = new Date(s.startsAt);
  const endsAt = new Date(s.endsAt);
  const field = `shifts.${i}`;
  if (Number.isNaN(startsAt.getTime())) throw volunteersErrors.invalid(`${field}.startsAt`, { 'zh-CN': '开始时间无效', 'en-US': 'not a valid time' });
  if (Number.isNaN(endsAt.getTime()) || endsAt <= startsAt) {
    throw volunteersErrors.invalid(`${field}.endsAt`, { 'zh-CN': '结束时间须晚于开始时间', 'en-US': 'must be after the start' });
  }
  if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000) {
    throw volunteersErrors.invalid(`${field}.endsAt`, { 'zh-CN': '单个班次不超过 24 小时', 'en-US': 'a shift lasts at most 24 hours' });
  }
  if (!Number.isInteger(s.capacity) || s.capacity < 1 || s.capacity > 10_000) {
    throw volunteersErrors.invalid(`${field}.capacity`, { 'zh-CN': '名额为 1–10000', 'en-US': '1–10000 places' });
  }
  return { startsAt, endsAt, capacity: s.capacity };
}

/** A team or project the activity belongs to must be one the caller can see. */
async function checkLinks(tx: DbOrTx, actor: Actor, input: Pick<ActivityInput, 'teamId' | 'projectId'>): Promise<void> {
  if (input.teamId) {
    const [t] = await tx
      .select({ path: org.path })
      .from(volunteerTeam)
      .innerJoin(org, eq(org.id, volunteerTeam.orgId))
      .where(eq(volunteerTeam.id, input.teamId));
    requireInScope(actor, 'volunteer.read', t, 'team');
  }
  if (input.projectId) {
    const [p] = await tx
      .select({ path: org.path })
      .from(volunteerProject)
      .innerJoin(org, eq(org.id, volunteerProject.orgId))
      .where(eq(volunteerProject.id, input.projectId));
    requireInScope(actor, 'volunteer.read', p, 'project');
  }
}

/** Inserts shifts, skipping any that already exist at the same start: returns the ones added. */
async function insertShifts(tx: DbOrTx, a: ActivityRow, slots: { startsAt: Date; endsAt: Date; capacity: number }[]): Promise<ShiftRow[]> {
  if (slots.length === 0) return [];
  return tx
    .insert(shift)
    .values(slots.map((s) => ({ id: uuidv7(), activityId: a.id, orgId: a.orgId, ...s })))
    .onConflictDoNothing({ target: [shift.activityId, shift.startsAt] })
    .returning();
}

function recurrenceSlots(r: Recurrence) {
  if (!Number.isInteger(r.capacity) || r.capacity < 1 || r.capacity > 10_000) {
    throw volunteersErrors.invalid('recurrence.capacity', { 'zh-CN': '名额为 1–10000', 'en-US': '1–10000 places' });
  }
  return recurrenceDates(r).map((d) => ({ startsAt: localInstant(d, r.start), endsAt: localInstant(d, r.end), capacity: r.capacity }));
}

export async function createActivity(db: Db, actor: Actor, input: ActivityInput): Promise<{ activity: ActivityRow; shifts: ShiftRow[] }> {
  validateActivity(input);
  const slots = (input.shifts ?? []).map(validateShift);
  const recurring = input.recurrence ? recurrenceSlots(input.recurrence) : [];
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'volunteer.write', input.orgId);
    await checkLinks(tx, actor, input);
    const [a] = await tx
      .insert(activity)
      .values({
        id: uuidv7(),
        orgId: o.id,
        teamId: input.teamId ?? null,
        projectId: input.projectId ?? null,
        title: input.title.trim(),
        description: input.description ?? null,
        serviceContent: input.serviceContent ?? null,
        place: input.place ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        geofenceM: input.geofenceM ?? null,
        requiresApproval: input.requiresApproval ?? false,
        waitlist: input.waitlist ?? true,
        minAge: input.minAge ?? null,
        maxAge: input.maxAge ?? null,
        skills: [...new Set(input.skills ?? [])],
        requiresInsurance: input.requiresInsurance ?? false,
        requiresTraining: input.requiresTraining?.trim() || null,
        recurrence: input.recurrence ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    if (!a) throw new Error('insert failed');
    const shifts = await insertShifts(tx, a, [...slots, ...recurring]);
    await audit(tx, actor, {
      action: 'activity.created',
      entity: 'activity',
      entityId: a.id,
      orgId: o.id,
      orgPath: o.path,
      after: { ...presentActivity(a), shifts: shifts.length },
    });
    return { activity: a, shifts };
  });
}

async function activityForWrite(tx: DbOrTx, actor: Actor, id: string) {
  const { row: a, path } = await rowInScope(tx, actor, 'volunteer.write', activity, id, 'activity');
  return { a, path };
}

export async function updateActivity(db: Db, actor: Actor, id: string, patch: Partial<Omit<ActivityInput, 'orgId' | 'shifts' | 'recurrence'>>) {
  return db.transaction(async (tx) => {
    const { a: before, path } = await activityForWrite(tx, actor, id);
    if (before.status === 'cancelled' || before.status === 'closed') {
      throw volunteersErrors.activity_closed('status', { action: { 'zh-CN': '修改', 'en-US': 'change it' } });
    }
    validateActivity({ ...presentActivity(before), ...patch } as Partial<ActivityInput>);
    await checkLinks(tx, actor, patch);
    const [after] = await tx
      .update(activity)
      .set({ ...patch, title: patch.title?.trim(), updatedAt: new Date() })
      .where(eq(activity.id, id))
      .returning();
    if (!after) throw errors.notFound('activity');
    await audit(tx, actor, {
      action: 'activity.updated',
      entity: 'activity',
      entityId: id,
      orgId: after.orgId,
      orgPath: path,
      ...diff(presentActivity(before), presentActivity(after)),
    });
    return after;
  });
}

const transitions: Record<'publish' | 'cancel' | 'close', { from: ActivityStatus[]; to: ActivityStatus; label: Messages }> = {
  publish: { from: ['draft'], to: 'published', label: { 'zh-CN': '发布', 'en-US': 'publish' } },
  cancel: { from: ['draft', 'published'], to: 'cancelled', label: { 'zh-CN': '取消', 'en-US': 'cancel' } },
  close: { from: ['published'], to: 'closed', label: { 'zh-CN': '结束', 'en-US': 'close' } },
};

export async function setActivityStatus(db: Db, actor: Actor, id: string, action: keyof typeof transitions, reason?: string | null) {
  const t = transitions[action];
  return db.transaction(async (tx) => {
    const { a, path } = await activityForWrite(tx, actor, id);
    if (!t.from.includes(a.status)) throw volunteersErrors.activity_status('status', { status: a.status, action: t.label });
    if (action === 'publish') {
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(shift)
        .where(and(eq(shift.activityId, id), eq(shift.status, 'open')));
      if (!n?.n) throw volunteersErrors.no_open_shift('shifts');
    }
    const [after] = await tx.update(activity).set({ status: t.to, updatedAt: new Date() }).where(eq(activity.id, id)).returning();
    await audit(tx, actor, {
      action: `activity.${action === 'publish' ? 'published' : action === 'cancel' ? 'cancelled' : 'closed'}`,
      entity: 'activity',
      entityId: id,
      orgId: a.orgId,
      orgPath: path,
      before: { status: a.status },
      after: { status: t.to, reason: reason ?? null },
    });
    if (!after) throw errors.notFound('activity');
    return after;
  });
}

/** Adds shifts by hand or from a recurring schedule; a slot that exists already is skipped, so running it twice adds nothing. */
export async function addShifts(db: Db, actor: Actor, id: string, input: { shifts?: ShiftInput[]; recurrence?: Recurrence | null }) {
  const slots = [...(input.shifts ?? []).map(validateShift), ...(input.recurrence ? recurrenceSlots(input.recurrence) : [])];
  if (slots.length === 0) throw volunteersErrors.invalid('shifts', { 'zh-CN': '请添加班次或设置周期', 'en-US': 'give shifts or a schedule' });
  return db.transaction(async (tx) => {
    const { a, path } = await activityForWrite(tx, actor, id);
    if (a.status === 'cancelled' || a.status === 'closed') {
      throw volunteersErrors.activity_closed('status', { action: { 'zh-CN': '添加班次', 'en-US': 'add shifts' } });
    }
    const added = await insertShifts(tx, a, slots);
    if (input.recurrence) await tx.update(activity).set({ recurrence: input.recurrence, updatedAt: new Date() }).where(eq(activity.id, id));
    await audit(tx, actor, {
      action: 'activity.shifts_added',
      entity: 'activity',
      entityId: id,
      orgId: a.orgId,
      orgPath: path,
      after: { added: added.length, skipped: slots.length - added.length },
    });
    return { added, skipped: slots.length - added.length };
  });
}

export async function cancelShift(db: Db, actor: Actor, shiftId: string) {
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(shift).where(eq(shift.id, shiftId)).for('update');
    if (!s) throw errors.notFound('shift');
    const { path } = await activityForWrite(tx, actor, s.activityId);
    if (s.status === 'cancelled') throw volunteersErrors.shift_already_cancelled('shiftId');
    const [after] = await tx.update(shift).set({ status: 'cancelled' }).where(eq(shift.id, shiftId)).returning();
    await audit(tx, actor, {
      action: 'shift.cancelled',
      entity: 'shift',
      entityId: shiftId,
      orgId: s.orgId,
      orgPath: path,
      before: { status: 'open' },
      after: { status: 'cancelled' },
    });
    if (!after) throw errors.notFound('shift');
    return after;
  });
}

export type ActivityFilter = { orgId?: number; q?: string; status?: string; projectId?: string; teamId?: string; after: string | null; limit: number };

export async function listActivities(db: Db, actor: Actor, f: ActivityFilter) {
  const scope = await listScope(db, actor, 'volunteer.read', f.orgId);
  const conds: SQL[] = [scope.where(org.path)];
  if (f.q) conds.push(sql`${activity.title} ilike ${containsPattern(f.q)}`);
  if (f.status) conds.push(eq(activity.status, f.status as ActivityStatus));
  if (f.projectId) conds.push(eq(activity.projectId, f.projectId));
  if (f.teamId) conds.push(eq(activity.teamId, f.teamId));
  // Newest first: uuidv7 ids grow with time.
  if (f.after) conds.push(sql`${activity.id} < ${f.after}`);
  const rows = await db
    .select({
      a: activity,
      orgName: org.name,
      shiftCount: sql<number>`(select count(*)::int from shift s where s.activity_id = ${activity.id} and s.status = 'open')`,
      firstStart: sql<Date | null>`(select min(s.starts_at) from shift s where s.activity_id = ${activity.id} and s.status = 'open')`,
    })
    .from(activity)
    .innerJoin(org, eq(org.id, activity.orgId))
    .where(and(...conds))
    .orderBy(desc(activity.id))
    .limit(f.limit + 1);
  return rows;
}

/** Shifts of an activity with places taken and waiting. */
export async function listShifts(db: DbOrTx, activityId: string) {
  const rows = await db.select().from(shift).where(eq(shift.activityId, activityId)).orderBy(asc(shift.startsAt));
  const counts = rows.length
    ? await db
        .select({
          shiftId: signup.shiftId,
          taken: sql<number>`count(*) filter (where ${signup.status} in ('confirmed', 'pending', 'offered'))::int`,
          waitlisted: sql<number>`count(*) filter (where ${signup.status} = 'waitlisted')::int`,
        })
        .from(signup)
        .where(
          inArray(
            signup.shiftId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(signup.shiftId)
    : [];
  const byShift = new Map(counts.map((c) => [c.shiftId, c]));
  return rows.map((s) => presentShift(s, byShift.get(s.id)));
}

export async function activityNames(db: DbOrTx, a: ActivityRow) {
  const [o] = await db.select({ name: org.name }).from(org).where(eq(org.id, a.orgId));
  const [t] = a.teamId ? await db.select({ name: volunteerTeam.name }).from(volunteerTeam).where(eq(volunteerTeam.id, a.teamId)) : [];
  const [p] = a.projectId ? await db.select({ name: volunteerProject.name }).from(volunteerProject).where(eq(volunteerProject.id, a.projectId)) : [];
  return { orgName: o?.name, teamName: t?.name ?? null, projectName: p?.name ?? null };
}
