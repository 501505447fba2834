import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { orgForWrite, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { isDate } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { member } from '../members/index.ts';
import { person } from '../people/index.ts';
import { storeFile } from './files.ts';
import { orgLifeErrors } from './org-life.errors.ts';
import { hoursToTenths } from './org-life.rules.ts';
import { meeting, meetingAttendance, meetingKinds, type MeetingKind } from './org-life.schema.ts';
import { isPlainLabel } from '../../platform/validation.ts';

export type MeetingInput = {
  orgId: number;
  kind: MeetingKind;
  heldOn: string;
  topic: string;
  minutes?: string | null;
  hours?: number | null;
  attendeeIds: string[];
};
export type MeetingRow = typeof meeting.$inferSelect;

/** Pure checks of a meeting's own fields. */
export function checkMeetingFields(input: MeetingInput, today: string): { topic: string; minutes: string | null; hoursTenths: number } {
  if (!meetingKinds.includes(input.kind)) throw orgLifeErrors.invalid('kind', { 'zh-CN': '会议类型无效', 'en-US': 'not a known meeting kind' });
  if (!isDate(input.heldOn)) throw orgLifeErrors.invalid('heldOn', { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
  if (input.heldOn > today) throw orgLifeErrors.invalid('heldOn', { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  const topic = input.topic.trim().replace(/\s+/g, ' ');
  if (topic.length < 2 || topic.length > 200 || !isPlainLabel(topic)) {
    throw orgLifeErrors.invalid('topic', { 'zh-CN': '须为 2–200 个字，且不含尖括号', 'en-US': 'must be 2–200 characters, no angle brackets' });
  }
  const minutes = input.minutes?.trim() || null;
  if (minutes && minutes.length > 20000) throw orgLifeErrors.invalid('minutes', { 'zh-CN': '不超过 20000 字', 'en-US': 'at most 20,000 characters' });
  let hoursTenths = 0;
  if (input.kind === 'lesson') {
    const h = input.hours ?? 0;
    if (!(h > 0 && h <= 8) || !Number.isInteger(h * 2)) {
      throw orgLifeErrors.invalid('hours', { 'zh-CN': '团课须填写学时：0.5–8，以 0.5 为单位', 'en-US': 'a lesson needs 0.5–8 hours in steps of 0.5' });
    }
    hoursTenths = hoursToTenths(h);
  } else if (input.hours) {
    throw orgLifeErrors.invalid('hours', { 'zh-CN': '只有团课记录学时', 'en-US': 'only lessons record hours' });
  }
  if (new Set(input.attendeeIds).size !== input.attendeeIds.length) {
    throw orgLifeErrors.invalid('attendeeIds', { 'zh-CN': '同一团员不能重复列入', 'en-US': 'a member is listed twice' });
  }
  return { topic, minutes, hoursTenths };
}

/** Members of the branch on the day: admitted by then and not left before it. */
async function membersOn(tx: DbOrTx, orgId: number, day: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: member.id, personId: member.personId })
    .from(member)
    .where(
      and(
        inArray(member.id, ids),
        eq(member.orgId, orgId),
        sql`${member.admittedOn} <= ${day}::date`,
        sql`(${member.status} = 'active' or ${member.leftOn} > ${day}::date)`,
      ),
    );
}

export async function recordMeeting(db: Db, actor: Actor, input: MeetingInput, today: string): Promise<MeetingRow> {
  const f = checkMeetingFields(input, today);
  return db.transaction(async (tx) => {
    // Meetings are recorded for an active branch.
    const o = await orgForWrite(tx, actor, 'orglife.write', input.orgId, { branch: true });
    if (o.establishedOn && input.heldOn < o.establishedOn) {
      throw orgLifeErrors.invalid('heldOn', { 'zh-CN': '不能早于团支部建立日期', 'en-US': 'cannot be before the branch was established' });
    }
    const found = await membersOn(tx, o.id, input.heldOn, input.attendeeIds);
    if (found.length !== input.attendeeIds.length) {
      const ok = new Set(found.map((m) => m.id));
      const bad = input.attendeeIds.filter((id) => !ok.has(id));
      throw orgLifeErrors.invalid('attendeeIds', {
        'zh-CN': `${bad.length} 人在会议当天不是本支部团员`,
        'en-US': `${bad.length} of them were not members of this branch on that day`,
      });
    }
    const id = uuidv7();
    const [row] = await tx
      .insert(meeting)
      .values({ id, orgId: o.id, kind: input.kind, heldOn: input.heldOn, ...f, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('insert failed');
    if (found.length) await tx.insert(meetingAttendance).values(found.map((m) => ({ meetingId: id, memberId: m.id, personId: m.personId })));
    await audit(tx, actor, {
      action: 'meeting.recorded',
      entity: 'meeting',
      entityId: id,
      orgId: o.id,
      orgPath: o.path,
      after: { kind: row.kind, heldOn: row.heldOn, topic: row.topic, hoursTenths: row.hoursTenths, attendees: found.length },
    });
    return row;
  });
}

async function meetingForWrite(tx: DbOrTx, actor: Actor, id: string) {
  const { row: m, path } = await rowInScope(tx, actor, 'orglife.write', meeting, id, 'meeting');
  if (m.status !== 'recorded') throw orgLifeErrors.meeting_void('status');
  return { m, path };
}

/** A wrong record is voided with a reason, never deleted: it stops counting, history stays. */
export async function voidMeeting(db: Db, actor: Actor, id: string, reason: string): Promise<MeetingRow> {
  const why = reason.trim();
  if (why.length < 2) throw orgLifeErrors.invalid('reason', { 'zh-CN': '请说明作废原因', 'en-US': 'give a reason' });
  return db.transaction(async (tx) => {
    const { m, path } = await meetingForWrite(tx, actor, id);
    const [after] = await tx.update(meeting).set({ status: 'void', voidReason: why, updatedAt: new Date() }).where(eq(meeting.id, id)).returning();
    if (!after) throw errors.notFound('meeting');
    await audit(tx, actor, {
      action: 'meeting.voided',
      entity: 'meeting',
      entityId: id,
      orgId: m.orgId,
      orgPath: path,
      before: { status: m.status },
      after: { status: 'void', reason: why },
    });
    return after;
  });
}

export async function addMeetingFile(db: Db, actor: Actor, id: string, file: { fileName: string; data: Buffer }) {
  return db.transaction(async (tx) => {
    const { m, path } = await meetingForWrite(tx, actor, id);
    return storeFile(tx, actor, { kind: 'meeting', id, orgId: m.orgId, orgPath: path }, file);
  });
}

/** Active members of a branch, for the attendance picker. */
export async function branchMembers(db: DbOrTx, orgId: number) {
  return db
    .select({ id: member.id, personId: member.personId, name: person.name })
    .from(member)
    .innerJoin(person, eq(person.id, member.personId))
    .where(and(eq(member.orgId, orgId), eq(member.status, 'active')))
    .orderBy(person.name)
    .limit(2000);
}
