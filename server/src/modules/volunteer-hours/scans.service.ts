import { and, count, eq, gt, gte, lte } from 'drizzle-orm';
import { renderSVG } from 'uqr';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { personOf } from '../accounts/self.service.ts';
import { localDate } from '../volunteers/volunteers.rules.ts';
import { shift, signup } from '../volunteers/volunteers.schema.ts';
import {
  checkTokenTime,
  type CheckinSigner,
  codeAttemptLimit,
  codeAttemptWindowMs,
  haversineM,
  hoursOfPair,
  sameCode,
  shortCodePattern,
  type TokenCheck,
  windowOf,
  windowSeconds,
} from './volunteer-hours.rules.ts';
import { checkinCodeFailure, hourEntry, type ScanKind, scanKinds, volunteerScan } from './volunteer-hours.schema.ts';
import { confirmedOn, findShiftInfo, lockVolunteer, ruleAt, type ShiftInfo, volunteerOfPerson } from './volunteer-hours.queries.ts';

/** The code the lead's screen (or the kiosk) shows now: a signed token and its QR picture. */
export async function checkinCode(db: Db, signer: CheckinSigner, actor: Actor, shiftId: string, kind: ScanKind, now = new Date()) {
  const s = await findShiftInfo(db, shiftId);
  if (!s || !can(actor, 'volunteer.write', s.orgPath)) throw errors.notFound('shift');
  if (s.status !== 'open') throw errors.rule('shiftId', { 'zh-CN': '该时段已取消', 'en-US': 'this shift is cancelled' });
  const w = windowOf(now);
  const token = signer.sign(s.id, kind, w);
  return {
    token,
    code: signer.code(s.id, kind, w),
    kind,
    svg: renderSVG(token, { ecc: 'M', border: 2 }),
    expiresAt: new Date((w + 1) * windowSeconds * 1000).toISOString(),
    windowSeconds,
    shift: { id: s.id, title: s.title, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() },
  };
}

export type ScanInput = { token: string; clientScanId: string; scannedAt: string; lat?: number | null; lng?: number | null };

export type ScanResult = {
  scanId: string;
  clientScanId: string;
  kind: ScanKind;
  shiftId: string;
  activityTitle: string;
  scannedAt: string;
  /** a check-out's hours, when the pair earned any (or was flagged) */
  entry: { id: string; minutes: number; presentMinutes: number | null; scheduledMinutes: number | null; flag: string | null } | null;
  replayed: boolean;
};

const badToken = () =>
  errors.invalid('token', {
    'zh-CN': '签到码无效（可能是伪造或已损坏），请重新扫描现场二维码',
    'en-US': 'not a valid check-in code; scan the code on site again',
  });

function checkGeofence(s: ShiftInfo, input: ScanInput): void {
  if (s.geofenceM === null || s.lat === null || s.lng === null) return;
  if (input.lat === undefined || input.lat === null || input.lng === undefined || input.lng === null) {
    throw errors.rule('lat', {
      'zh-CN': '该活动要求在现场签到，请允许获取位置后重试',
      'en-US': 'this activity checks your location; allow location access and retry',
    });
  }
  const d = haversineM(s.lat, s.lng, input.lat, input.lng);
  if (d > s.geofenceM) {
    throw errors.rule('lat', {
      'zh-CN': `您距活动地点约 ${Math.round(d)} 米，超出签到范围 ${s.geofenceM} 米`,
      'en-US': `you are about ${Math.round(d)} m from the activity, outside its ${s.geofenceM} m check-in area`,
    });
  }
}

async function resultOf(tx: DbOrTx, scan: typeof volunteerScan.$inferSelect, title: string, replayed: boolean): Promise<ScanResult> {
  const [entry] =
    scan.kind === 'out'
      ? await tx
          .select({
            id: hourEntry.id,
            minutes: hourEntry.minutes,
            presentMinutes: hourEntry.presentMinutes,
            scheduledMinutes: hourEntry.scheduledMinutes,
            flag: hourEntry.flag,
          })
          .from(hourEntry)
          .where(eq(hourEntry.checkOutScanId, scan.id))
      : [];
  return {
    scanId: scan.id,
    clientScanId: scan.clientScanId,
    kind: scan.kind,
    shiftId: scan.shiftId,
    activityTitle: title,
    scannedAt: scan.scannedAt.toISOString(),
    entry: entry ?? null,
    replayed,
  };
}

type Claim = { shiftId: string; kind: ScanKind; window: number };

function refuseBadTime(time: TokenCheck): void {
  if (time === 'future') throw errors.invalid('scannedAt', { 'zh-CN': '扫码时间不能晚于当前时间', 'en-US': 'cannot be in the future' });
  if (time === 'too_old') {
    throw errors.rule('scannedAt', { 'zh-CN': '离线扫码已超过 24 小时，不能再提交', 'en-US': 'an offline scan older than 24 hours cannot be submitted' });
  }
  if (time === 'expired') {
    throw errors.rule('token', { 'zh-CN': '签到码已过期，请扫描屏幕上最新的二维码', 'en-US': 'the check-in code has expired; scan the current one on screen' });
  }
}

const wrongCode = (left: number) =>
  errors.invalid('token', {
    'zh-CN': `6 位数字签到码不正确或已过期（仅限您已确认报名的时段），请输入屏幕上当前显示的数字；还可再试 ${left} 次`,
    'en-US': `the 6-digit code is wrong or has expired (it works only for shifts you have a confirmed place on); type the digits on screen now. ${left} tries left`,
  });

/**
 * A typed 6-digit code: tried against the volunteer's own confirmed shifts around the scan time,
 * both kinds, the scan's window and the one before. Under the volunteer's row lock, wrong codes
 * are counted (committed even though the request fails) and refused past the limit, so
 * concurrent guesses cannot slip past the count.
 */
async function matchShortCode(db: Db, signer: CheckinSigner, actor: Actor, volunteerId: string, typed: string, scannedAt: Date, now: Date) {
  const code = typed.replace(/\s+/g, '');
  const outcome = await db.transaction(async (tx): Promise<{ claim: Claim } | { wrong: number } | { blocked: true }> => {
    await lockVolunteer(tx, volunteerId);
    const [f] = await tx
      .select({ n: count() })
      .from(checkinCodeFailure)
      .where(and(eq(checkinCodeFailure.volunteerId, volunteerId), gt(checkinCodeFailure.attemptedAt, new Date(now.getTime() - codeAttemptWindowMs))));
    const failures = f?.n ?? 0;
    if (failures >= codeAttemptLimit) return { blocked: true };
    const day = 86_400_000;
    const shifts = await tx
      .select({ id: shift.id })
      .from(signup)
      .innerJoin(shift, eq(shift.id, signup.shiftId))
      .where(
        and(
          eq(signup.volunteerId, volunteerId),
          eq(signup.status, 'confirmed'),
          lte(shift.startsAt, new Date(scannedAt.getTime() + day)),
          gte(shift.endsAt, new Date(scannedAt.getTime() - day)),
        ),
      );
    const w = windowOf(scannedAt);
    for (const { id } of shifts) {
      for (const kind of scanKinds) {
        for (const window of [w, w - 1]) {
          if (sameCode(signer.code(id, kind, window), code)) return { claim: { shiftId: id, kind, window } };
        }
      }
    }
    await tx.insert(checkinCodeFailure).values({ id: uuidv7(), volunteerId, attemptedAt: now, accountId: actor.accountId });
    return { wrong: codeAttemptLimit - failures - 1 };
  });
  if ('claim' in outcome) return outcome.claim;
  if ('wrong' in outcome) throw wrongCode(outcome.wrong);
  throw errors.rule('token', {
    'zh-CN': `签到码输错次数过多，请 ${codeAttemptWindowMs / 60_000} 分钟后再试，或扫描现场二维码`,
    'en-US': `too many wrong check-in codes; try again in ${codeAttemptWindowMs / 60_000} minutes, or scan the QR code on site`,
  });
}

/**
 * A volunteer's scan of a check-in or check-out code (the QR token, or its 6-digit code typed).
 * The phone's time is taken only within the bounds the token allows; the same clientScanId posted
 * again answers the first result.
 */
export async function recordScan(db: Db, signer: CheckinSigner, actor: Actor, input: ScanInput, now = new Date()): Promise<ScanResult> {
  const personId = await personOf(db, actor);
  const v = await volunteerOfPerson(db, personId);
  // A retry of a scan that was already accepted answers the original, whatever the time is now.
  const [prior] = await db
    .select()
    .from(volunteerScan)
    .where(and(eq(volunteerScan.volunteerId, v.id), eq(volunteerScan.clientScanId, input.clientScanId)));
  if (prior) return resultOf(db, prior, (await findShiftInfo(db, prior.shiftId))?.title ?? '', true);

  const scannedAt = new Date(input.scannedAt);
  if (Number.isNaN(scannedAt.getTime())) throw errors.invalid('scannedAt', { 'zh-CN': '时间格式无效', 'en-US': 'not a valid time' });
  let claim: Claim | null;
  if (shortCodePattern.test(input.token.trim())) {
    // The time bounds first, so a scan out of range is not counted as a wrong code.
    refuseBadTime(checkTokenTime(windowOf(scannedAt), scannedAt, now));
    claim = await matchShortCode(db, signer, actor, v.id, input.token, scannedAt, now);
  } else claim = signer.verify(input.token);
  if (!claim) throw badToken();
  refuseBadTime(checkTokenTime(claim.window, scannedAt, now));
  const s = await findShiftInfo(db, claim.shiftId);
  if (!s) throw badToken();
  if (s.status !== 'open') throw errors.rule('shiftId', { 'zh-CN': '该时段已取消', 'en-US': 'this shift is cancelled' });
  if (!(await confirmedOn(db, s.id, v.id))) {
    throw errors.rule('shiftId', { 'zh-CN': '您没有报名（或未获确认）该时段，不能签到', 'en-US': 'you have no confirmed place on this shift' });
  }
  checkGeofence(s, input);

  return db.transaction(async (tx) => {
    // The same lock as hand entries take: a check-out's hours and a hand entry on the shift see each other.
    await lockVolunteer(tx, v.id);
    let checkIn: typeof volunteerScan.$inferSelect | undefined;
    if (claim.kind === 'out') {
      [checkIn] = await tx
        .select()
        .from(volunteerScan)
        .where(and(eq(volunteerScan.volunteerId, v.id), eq(volunteerScan.shiftId, s.id), eq(volunteerScan.kind, 'in')));
      if (!checkIn) throw errors.rule('token', { 'zh-CN': '尚未签到，不能签退', 'en-US': 'you have not checked in, so you cannot check out' });
      if (scannedAt <= checkIn.scannedAt) {
        throw errors.rule('scannedAt', { 'zh-CN': '签退时间须晚于签到时间', 'en-US': 'check-out must be after check-in' });
      }
    }
    const id = uuidv7();
    // ON CONFLICT DO NOTHING: a concurrent twin waits for the first to commit, then finds it below.
    const [scan] = await tx
      .insert(volunteerScan)
      .values({
        id,
        clientScanId: input.clientScanId,
        volunteerId: v.id,
        shiftId: s.id,
        activityId: s.activityId,
        orgId: s.orgId,
        kind: claim.kind,
        scannedAt,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        accountId: actor.accountId,
      })
      .onConflictDoNothing()
      .returning();
    if (!scan) {
      const [twin] = await tx
        .select()
        .from(volunteerScan)
        .where(and(eq(volunteerScan.volunteerId, v.id), eq(volunteerScan.clientScanId, input.clientScanId)));
      if (twin) return resultOf(tx, twin, s.title, true);
      throw errors.rule('token', {
        'zh-CN': claim.kind === 'in' ? '您已签到过该时段' : '您已签退过该时段',
        'en-US': claim.kind === 'in' ? 'you have already checked in to this shift' : 'you have already checked out of this shift',
      });
    }
    if (checkIn) {
      const h = hoursOfPair({ checkIn: checkIn.scannedAt, checkOut: scannedAt }, s, await ruleAt(tx, s.orgPath));
      await tx.insert(hourEntry).values({
        id: uuidv7(),
        volunteerId: v.id,
        orgId: s.orgId,
        source: 'tracked',
        activityId: s.activityId,
        shiftId: s.id,
        serviceDate: localDate(s.startsAt),
        minutes: h.minutes,
        presentMinutes: h.presentMinutes,
        scheduledMinutes: h.scheduledMinutes,
        flag: h.flag,
        checkInScanId: checkIn.id,
        checkOutScanId: scan.id,
        createdBy: actor.accountId,
      });
    }
    await audit(tx, actor, {
      action: claim.kind === 'in' ? 'volunteer.checked_in' : 'volunteer.checked_out',
      entity: 'volunteer_scan',
      entityId: scan.id,
      orgId: s.orgId,
      orgPath: s.orgPath,
      after: { shiftId: s.id, volunteerId: v.id, scannedAt: scannedAt.toISOString(), lat: input.lat ?? null, lng: input.lng ?? null },
    });
    return resultOf(tx, scan, s.title, false);
  });
}
