import { Type } from '@fastify/type-provider-typebox';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { registerEntity, uuidPattern } from '../../platform/access/entities.ts';
import { errors, registerFieldLabels } from '../../platform/errors.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { org } from '../orgs/orgs.schema.ts';
import { person } from '../people/people.schema.ts';
import { activity, shift, signup, volunteer } from '../volunteers/volunteers.schema.ts';
import { hourClaim, hourEntry, starAward, volunteerCertificate } from './volunteer-hours.schema.ts';

export const hourStepSetting = defineSetting({
  key: 'volunteers.hourStep',
  label: { 'zh-CN': '志愿服务时长计量单位（小时）', 'en-US': 'Volunteer hours step (hours)' },
  description: { 'zh-CN': '时长向下取整到该单位，默认 0.5 小时', 'en-US': 'hours are rounded down to this step; default 0.5 h' },
  schema: Type.Number({ minimum: 0.25, maximum: 4, multipleOf: 0.25 }),
  default: 0.5,
});
export const coverageSetting = defineSetting({
  key: 'volunteers.coverage',
  label: { 'zh-CN': '签到签退最低时段覆盖率（%）', 'en-US': 'Minimum shift coverage of a check-in/out pair (%)' },
  schema: Type.Integer({ minimum: 0, maximum: 100 }),
  default: 60,
});
export const starHoursSetting = defineSetting({
  key: 'volunteers.starHours',
  label: { 'zh-CN': '星级志愿者时长门槛（小时，一至五星）', 'en-US': 'Star volunteer thresholds (hours, ★ to ★★★★★)' },
  schema: Type.Array(Type.Integer({ minimum: 1, maximum: 100_000 }), { minItems: 5, maxItems: 5 }),
  default: [100, 300, 600, 1000, 1500],
});

registerFieldLabels({
  token: { 'zh-CN': '签到码', 'en-US': 'Check-in code' },
  scannedAt: { 'zh-CN': '扫码时间', 'en-US': 'Scan time' },
  lat: { 'zh-CN': '位置', 'en-US': 'Location' },
  shiftId: { 'zh-CN': '服务时段', 'en-US': 'Shift' },
  volunteerId: { 'zh-CN': '志愿者', 'en-US': 'Volunteer' },
  hours: { 'zh-CN': '时长', 'en-US': 'Hours' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  enteredBy: { 'zh-CN': '录入人', 'en-US': 'Entered by' },
  reversesId: { 'zh-CN': '被冲正记录', 'en-US': 'Reversed entry' },
  noticeFrom: { 'zh-CN': '公示开始日期', 'en-US': 'Notice start' },
  responsiblePerson: { 'zh-CN': '负责人', 'en-US': 'Responsible person' },
  contact: { 'zh-CN': '联系方式', 'en-US': 'Contact' },
  code: { 'zh-CN': '验证码', 'en-US': 'Verification code' },
});

const pathOfOrg = (orgId: ReturnType<typeof sql>) => sql<string>`(select path::text from org where id = ${orgId})`;

async function pathOf(db: DbOrTx, table: typeof hourEntry | typeof hourClaim | typeof starAward | typeof volunteerCertificate, id: string) {
  if (!uuidPattern.test(id)) return null;
  const [row] = await db
    .select({ path: pathOfOrg(sql`${table.orgId}`) })
    .from(table)
    .where(eq(table.id, id));
  return row?.path ?? null;
}
registerEntity('hourEntry', (db, id) => pathOf(db, hourEntry, id));
registerEntity('hourClaim', (db, id) => pathOf(db, hourClaim, id));
// A star award belongs to its certifying org: only that level of the tree may act on it.
registerEntity('starAward', (db, id) => pathOf(db, starAward, id));
registerEntity('volunteerCertificate', (db, id) => pathOf(db, volunteerCertificate, id));

export type ShiftInfo = {
  id: string;
  activityId: string;
  orgId: number;
  orgPath: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  title: string;
  serviceContent: string | null;
  lat: number | null;
  lng: number | null;
  geofenceM: number | null;
};

export async function findShiftInfo(db: DbOrTx, shiftId: string): Promise<ShiftInfo | null> {
  if (!uuidPattern.test(shiftId)) return null;
  const [row] = await db
    .select({
      id: shift.id,
      activityId: shift.activityId,
      orgId: activity.orgId,
      orgPath: sql<string>`${org.path}::text`,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      status: shift.status,
      title: activity.title,
      serviceContent: activity.serviceContent,
      lat: activity.lat,
      lng: activity.lng,
      geofenceM: activity.geofenceM,
    })
    .from(shift)
    .innerJoin(activity, eq(activity.id, shift.activityId))
    .innerJoin(org, eq(org.id, activity.orgId))
    .where(eq(shift.id, shiftId));
  return row ?? null;
}

export type VolunteerInfo = { id: string; orgId: number; orgPath: string; number: string; personId: string; name: string; status: string };

export async function findVolunteerInfo(db: DbOrTx, by: { id: string } | { personId: string }): Promise<VolunteerInfo | null> {
  const where = 'id' in by ? eq(volunteer.id, by.id) : eq(volunteer.personId, by.personId);
  if ('id' in by && !uuidPattern.test(by.id)) return null;
  const [row] = await db
    .select({
      id: volunteer.id,
      orgId: volunteer.orgId,
      orgPath: sql<string>`${org.path}::text`,
      number: volunteer.number,
      personId: volunteer.personId,
      name: person.name,
      status: volunteer.status,
    })
    .from(volunteer)
    .innerJoin(org, eq(org.id, volunteer.orgId))
    .innerJoin(person, eq(person.id, volunteer.personId))
    .where(where);
  return row ?? null;
}

/** The volunteer behind a phone's account, or a clear error. */
export async function volunteerOfPerson(db: DbOrTx, personId: string): Promise<VolunteerInfo> {
  const v = await findVolunteerInfo(db, { personId });
  if (!v || v.status !== 'active') {
    throw errors.rule('volunteerId', { 'zh-CN': '您还不是注册志愿者，请先注册', 'en-US': 'you are not a registered volunteer yet; register first' });
  }
  return v;
}

export async function confirmedOn(db: DbOrTx, shiftId: string, volunteerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: signup.id })
    .from(signup)
    .where(and(eq(signup.shiftId, shiftId), eq(signup.volunteerId, volunteerId), eq(signup.status, 'confirmed')));
  return Boolean(row);
}

/**
 * Serialises writes that check a volunteer's hours against a cap (hand entries against the slot,
 * check-in code attempts): a row lock on the volunteer, held to the end of the transaction, so two
 * concurrent entries cannot both read the old total. NO KEY UPDATE leaves foreign-key inserts that
 * only reference the volunteer free to proceed. Works the same on PGlite.
 */
export async function lockVolunteer(tx: DbOrTx, volunteerId: string): Promise<void> {
  await tx.select({ id: volunteer.id }).from(volunteer).where(eq(volunteer.id, volunteerId)).for('no key update');
}

export type Totals = { trackedMinutes: number; manualMinutes: number; totalMinutes: number };

/** Derived totals: sums of the ledger (reversals included), optionally of one recording org and period. */
export async function totalsOf(db: DbOrTx, volunteerId: string, opts: { orgId?: number; from?: string | null; to?: string | null } = {}): Promise<Totals> {
  const [row] = await db
    .select({
      tracked: sql<number>`coalesce(sum(${hourEntry.minutes}) filter (where ${hourEntry.source} = 'tracked'), 0)::int`,
      manual: sql<number>`coalesce(sum(${hourEntry.minutes}) filter (where ${hourEntry.source} = 'manual'), 0)::int`,
    })
    .from(hourEntry)
    .where(
      and(
        eq(hourEntry.volunteerId, volunteerId),
        opts.orgId ? eq(hourEntry.orgId, opts.orgId) : undefined,
        opts.from ? sql`${hourEntry.serviceDate} >= ${opts.from}::date` : undefined,
        opts.to ? sql`${hourEntry.serviceDate} <= ${opts.to}::date` : undefined,
      ),
    );
  const trackedMinutes = row?.tracked ?? 0;
  const manualMinutes = row?.manual ?? 0;
  return { trackedMinutes, manualMinutes, totalMinutes: trackedMinutes + manualMinutes };
}

export async function ruleAt(db: DbOrTx, orgPath: string): Promise<{ stepMinutes: number; coveragePct: number }> {
  const step = await getSetting(db, orgPath, hourStepSetting);
  return { stepMinutes: Math.round(step * 60), coveragePct: await getSetting(db, orgPath, coverageSetting) };
}

export async function findOrgBrief(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: org.id, name: org.name, path: sql<string>`${org.path}::text`, status: org.status })
    .from(org)
    .where(eq(org.id, id));
  return row ?? null;
}
