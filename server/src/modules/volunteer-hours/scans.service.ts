import { and, count, eq, gt, gte, lte, type SQL, sql } from 'drizzle-orm';
import { renderSVG } from 'uqr';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { uuidPattern } from '../../platform/access/entities.ts';
import { requireInScope, type Actor } from '../../platform/access/scope.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { shift, signup } from '../volunteers/index.ts';
import { volunteerHoursErrors } from './volunteer-hours.errors.ts';
import {
  checkTokenTime,
  type CheckinSigner,
  codeAttemptLimit,
  codeAttemptWindowMs,
  haversineM,
  hoursOfPair,
  offlineAllowanceMs,
  sameCode,
  shortCodePattern,
  type TokenCheck,
  windowOf,
  windowSeconds,
} from './volunteer-hours.rules.ts';
import { addToRollup } from './ledger.service.ts';
import { checkinCodeFailure, type ScanKind, scanKinds } from './volunteer-hours.schema.ts';
import { coverageSetting, findShiftInfo, hourStepSetting, lockVolunteer, type ShiftInfo } from './volunteer-hours.queries.ts';

/** The code the lead's screen (or the kiosk) shows now: a signed token and its QR picture. */
export async function checkinCode(db: Db, signer: CheckinSigner, actor: Actor, shiftId: string, kind: ScanKind, now = new Date()) {
  const s = await findShiftInfo(db, shiftId);
  if (!s) throw errors.notFound('shift');
  requireInScope(actor, 'volunteer.write', { path: s.orgPath }, 'shift');
  if (s.status !== 'open') throw volunteerHoursErrors.shift_cancelled('shiftId');
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
  volunteerHoursErrors.invalid('token', {
    'zh-CN': '签到码无效（可能是伪造或已损坏），请重新扫描现场二维码',
    'en-US': 'not a valid check-in code; scan the code on site again',
  });

function checkGeofence(s: ShiftInfo, input: ScanInput): void {
  if (s.geofenceM === null || s.lat === null || s.lng === null) return;
  if (input.lat === undefined || input.lat === null || input.lng === undefined || input.lng === null) {
    throw volunteerHoursErrors.location_required('lat');
  }
  const d = haversineM(s.lat, s.lng, input.lat, input.lng);
  if (d > s.geofenceM) throw volunteerHoursErrors.outside_geofence('lat', { distance: Math.round(d), radius: s.geofenceM });
}

type Claim = { shiftId: string; kind: ScanKind; window: number };

function refuseBadTime(time: TokenCheck): void {
  if (time === 'future') throw volunteerHoursErrors.invalid('scannedAt', { 'zh-CN': '扫码时间不能晚于当前时间', 'en-US': 'cannot be in the future' });
  if (time === 'too_old') throw volunteerHoursErrors.scan_too_old('scannedAt', { hours: offlineAllowanceMs / 3_600_000 });
  if (time === 'expired') throw volunteerHoursErrors.code_expired('token');
}

const wrongCode = (left: number) =>
  volunteerHoursErrors.invalid('token', {
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
  throw volunteerHoursErrors.too_many_wrong_codes('token', { minutes: codeAttemptWindowMs / 60_000 });
}

type Entry = NonNullable<ScanResult['entry']>;
/** An accepted scan as its answer shows it. */
type StoredScan = { id: string; clientScanId: string; kind: ScanKind; shiftId: string; scannedAt: Date; title: string; entry: Entry | null };
// Raw rows: drizzle's pg driver hands timestamps over as text, so they are parsed here.
type StoredRow = {
  sc_id: string | null;
  sc_client_scan_id: string;
  sc_kind: ScanKind;
  sc_shift_id: string;
  sc_scanned_at: string;
  sc_title: string | null;
  e_id: string | null;
  e_minutes: number;
  e_present_minutes: number | null;
  e_scheduled_minutes: number | null;
  e_flag: string | null;
};

// The scan a volunteer already sent under a clientScanId, with its shift's title and (for a
// check-out) the hours it earned: the columns `storedOf` reads. `vid` is the volunteer's id.
const storedScanSql = (vid: SQL, clientScanId: string) => sql`
  select sc.id as sc_id, sc.client_scan_id as sc_client_scan_id, sc.kind as sc_kind, sc.shift_id as sc_shift_id,
    sc.scanned_at as sc_scanned_at, sa.title as sc_title, e.id as e_id, e.minutes as e_minutes,
    e.present_minutes as e_present_minutes, e.scheduled_minutes as e_scheduled_minutes, e.flag as e_flag
  from volunteer_scan sc
  left join activity sa on sa.id = sc.activity_id
  left join hour_entry e on sc.kind = 'out' and e.check_out_scan_id = sc.id
  where sc.volunteer_id = ${vid} and sc.client_scan_id = ${clientScanId}::uuid`;

function storedOf(r: StoredRow): StoredScan | null {
  if (!r.sc_id) return null;
  const entry = r.e_id
    ? { id: r.e_id, minutes: r.e_minutes, presentMinutes: r.e_present_minutes, scheduledMinutes: r.e_scheduled_minutes, flag: r.e_flag }
    : null;
  return {
    id: r.sc_id,
    clientScanId: r.sc_client_scan_id,
    kind: r.sc_kind,
    shiftId: r.sc_shift_id,
    scannedAt: new Date(r.sc_scanned_at),
    title: r.sc_title ?? '',
    entry,
  };
}

function answerOf(scan: StoredScan, replayed: boolean): ScanResult {
  return {
    scanId: scan.id,
    clientScanId: scan.clientScanId,
    kind: scan.kind,
    shiftId: scan.shiftId,
    activityTitle: scan.title,
    scannedAt: scan.scannedAt.toISOString(),
    entry: scan.entry,
    replayed,
  };
}

/** Everything a scan is checked against, read in one round trip. */
type ScanContext = {
  personId: string | null;
  volunteer: { id: string; status: string } | null;
  prior: StoredScan | null;
  shift: ShiftInfo | null;
  confirmed: boolean;
  checkIn: { id: string; scannedAt: Date } | null;
  rule: { stepMinutes: number; coveragePct: number };
};

type ContextRow = StoredRow & {
  person_id: string | null;
  volunteer_id: string | null;
  volunteer_status: string | null;
  s_id: string | null;
  s_activity_id: string;
  s_org_id: number;
  s_org_path: string;
  s_starts_at: string;
  s_ends_at: string;
  s_status: string;
  s_title: string;
  s_service_content: string | null;
  s_lat: number | null;
  s_lng: number | null;
  s_geofence_m: number | null;
  confirmed: boolean | null;
  check_in_id: string | null;
  check_in_at: string | null;
  step: number | null;
  coverage: number | null;
};

// The value of a setting in force at the shift's org, as getSetting reads it (the nearest
// ancestor's row), inline so a check-out's rule costs no round trip of its own.
const settingAtShift = (key: string) => sql`(
  select st.value from org_setting st join org so on so.id = st.org_id
  where st.key = ${key} and s.org_path::ltree <@ so.path order by so.depth desc limit 1)`;

/**
 * The caller's person and volunteer, the scan already sent under this clientScanId, the claimed
 * shift with its activity, whether the volunteer is confirmed on it, the check-in on it and (for
 * a check-out) the hours rule in force. A burst of check-ins makes one of these per scan; what only
 * a check-out needs is left out of a check-in's query (planning it is most of the query's cost).
 */
async function scanContext(db: DbOrTx, accountId: string, clientScanId: string, claim: Claim | null): Promise<ScanContext> {
  const shiftId = claim && uuidPattern.test(claim.shiftId) ? claim.shiftId : null;
  const out = claim?.kind === 'out';
  const res = await db.execute<ContextRow>(sql`
    select a.person_id, v.id as volunteer_id, v.status as volunteer_status, p.*,
      s.id as s_id, s.activity_id as s_activity_id, s.org_id as s_org_id, s.org_path as s_org_path, s.starts_at as s_starts_at,
      s.ends_at as s_ends_at, s.status as s_status, s.title as s_title, s.service_content as s_service_content,
      s.lat as s_lat, s.lng as s_lng, s.geofence_m as s_geofence_m,
      -- "not in": the live-signup unique index's own predicate, so the lookup is by (shift, volunteer)
      -- even while statistics are stale (just after thousands of sign-ups to one shift)
      exists (select 1 from signup g where g.shift_id = s.id and g.volunteer_id = v.id and g.status not in ('cancelled', 'rejected')
        and g.status = 'confirmed') as confirmed,
      ${out ? sql`ci.id` : sql`null`} as check_in_id, ${out ? sql`ci.scanned_at` : sql`null`} as check_in_at,
      ${out ? settingAtShift(hourStepSetting.key) : sql`null`} as step,
      ${out ? settingAtShift(coverageSetting.key) : sql`null`} as coverage
    from account a
    left join volunteer v on v.person_id = a.person_id
    left join lateral (${storedScanSql(sql`v.id`, clientScanId)}) p on true
    left join lateral (
      select sh.id, sh.activity_id, act.org_id, o.path::text as org_path, sh.starts_at, sh.ends_at, sh.status,
        act.title, act.service_content, act.lat, act.lng, act.geofence_m
      from shift sh join activity act on act.id = sh.activity_id join org o on o.id = act.org_id
      where sh.id = ${shiftId}::uuid) s on true
    ${out ? sql`left join volunteer_scan ci on ci.volunteer_id = v.id and ci.shift_id = s.id and ci.kind = 'in'` : sql``}
    where a.id = ${accountId}::uuid`);
  const r = res.rows[0];
  if (!r) throw errors.unauthenticated();
  const step = r.step ?? hourStepSetting.default;
  return {
    personId: r.person_id,
    volunteer: r.volunteer_id && r.volunteer_status ? { id: r.volunteer_id, status: r.volunteer_status } : null,
    prior: storedOf(r),
    shift: r.s_id
      ? {
          id: r.s_id,
          activityId: r.s_activity_id,
          orgId: Number(r.s_org_id),
          orgPath: r.s_org_path,
          startsAt: new Date(r.s_starts_at),
          endsAt: new Date(r.s_ends_at),
          status: r.s_status,
          title: r.s_title,
          serviceContent: r.s_service_content,
          lat: r.s_lat,
          lng: r.s_lng,
          geofenceM: r.s_geofence_m,
        }
      : null,
    confirmed: r.confirmed === true,
    checkIn: r.check_in_id && r.check_in_at ? { id: r.check_in_id, scannedAt: new Date(r.check_in_at) } : null,
    rule: { stepMinutes: Math.round(step * 60), coveragePct: r.coverage ?? coverageSetting.default },
  };
}

/** The volunteer behind the account, with the same errors as personOf and volunteerOfPerson. */
function volunteerIn(c: ScanContext): string {
  if (!c.personId) throw volunteerHoursErrors.no_person('personId');
  if (!c.volunteer || c.volunteer.status !== 'active') throw volunteerHoursErrors.not_a_volunteer('volunteerId');
  return c.volunteer.id;
}

type NewScan = { id: string; clientScanId: string; volunteerId: string; kind: ScanKind; scannedAt: Date; lat: number | null; lng: number | null };
type NewEntry = Entry & { checkInScanId: string };

/**
 * The scan, a check-out's ledger entry and the audit event in one statement (so all or none),
 * each of the latter only if the scan was inserted. ON CONFLICT DO NOTHING: a concurrent twin
 * (or another scan of the same kind on the shift) waits for the first to commit, then inserts
 * nothing and returns no row.
 */
async function insertScan(db: DbOrTx, actor: Actor, s: ShiftInfo, scan: NewScan, entry: NewEntry | null): Promise<boolean> {
  const after = { shiftId: s.id, volunteerId: scan.volunteerId, scannedAt: scan.scannedAt.toISOString(), lat: scan.lat, lng: scan.lng };
  const ledger = entry
    ? sql`, entry as (
        insert into hour_entry (id, volunteer_id, org_id, source, activity_id, shift_id, service_date, minutes, present_minutes,
          scheduled_minutes, flag, check_in_scan_id, check_out_scan_id, created_by)
        select ${entry.id}::uuid, ${scan.volunteerId}::uuid, ${s.orgId}::int8, 'tracked', ${s.activityId}::uuid, ${s.id}::uuid,
          ${chinaToday(s.startsAt)}::date, ${entry.minutes}::int, ${entry.presentMinutes}::int, ${entry.scheduledMinutes}::int,
          ${entry.flag}::text, ${entry.checkInScanId}::uuid, ins.id, ${actor.accountId}::uuid
        from ins)`
    : sql``;
  const res = await db.execute<{ id: string }>(sql`
    with ins as (
      insert into volunteer_scan (id, client_scan_id, volunteer_id, shift_id, activity_id, org_id, kind, scanned_at, lat, lng, account_id)
      values (${scan.id}::uuid, ${scan.clientScanId}::uuid, ${scan.volunteerId}::uuid, ${s.id}::uuid, ${s.activityId}::uuid, ${s.orgId}::int8,
        ${scan.kind}::text, ${scan.scannedAt.toISOString()}::timestamptz, ${scan.lat}::float8, ${scan.lng}::float8, ${actor.accountId}::uuid)
      on conflict do nothing
      returning id
    )${ledger}, audited as (
      insert into audit_event (actor_id, actor_username, action, entity, entity_id, org_id, org_path, after, request_id, ip)
      select ${actor.accountId}::uuid, ${actor.username}::text, ${scan.kind === 'in' ? 'volunteer.checked_in' : 'volunteer.checked_out'}::text,
        'volunteer_scan', ins.id::text, ${s.orgId}::int8, ${s.orgPath}::ltree, ${JSON.stringify(after)}::jsonb, ${actor.requestId}::text, ${actor.ip}::text
      from ins)
    select id from ins`);
  return res.rows.length > 0;
}

const alreadyScanned = (kind: ScanKind) =>
  kind === 'in' ? volunteerHoursErrors.already_checked_in('token') : volunteerHoursErrors.already_checked_out('token');

/**
 * A volunteer's scan of a check-in or check-out code (the QR token, or its 6-digit code typed).
 * The phone's time is taken only within the bounds the token allows; the same clientScanId posted
 * again answers the first result.
 *
 * Round trips for a QR check-in: one read (scanContext) and one write statement. A check-out
 * also takes the volunteer's lock in a transaction, like hand entries (see below).
 */
export async function recordScan(db: Db, signer: CheckinSigner, actor: Actor, input: ScanInput, now = new Date()): Promise<ScanResult> {
  const typedCode = shortCodePattern.test(input.token.trim());
  // A signed token is checked in memory; its shift is then read with everything else.
  const signed = typedCode ? null : signer.verify(input.token);
  let c = await scanContext(db, actor.accountId, input.clientScanId, signed);
  const volunteerId = volunteerIn(c);
  // A retry of a scan that was already accepted answers the original, whatever the time is now.
  if (c.prior) return answerOf(c.prior, true);

  const scannedAt = new Date(input.scannedAt);
  if (Number.isNaN(scannedAt.getTime())) throw volunteerHoursErrors.invalid('scannedAt', { 'zh-CN': '时间格式无效', 'en-US': 'not a valid time' });
  let claim: Claim | null = signed;
  if (typedCode) {
    // The time bounds first, so a scan out of range is not counted as a wrong code.
    refuseBadTime(checkTokenTime(windowOf(scannedAt), scannedAt, now));
    claim = await matchShortCode(db, signer, actor, volunteerId, input.token, scannedAt, now);
  }
  if (!claim) throw badToken();
  refuseBadTime(checkTokenTime(claim.window, scannedAt, now));
  if (typedCode) c = await scanContext(db, actor.accountId, input.clientScanId, claim);
  const s = c.shift;
  if (!s) throw badToken();
  if (s.status !== 'open') throw volunteerHoursErrors.shift_cancelled('shiftId');
  if (!c.confirmed) throw volunteerHoursErrors.not_signed_up('shiftId');
  checkGeofence(s, input);

  const scan: NewScan = {
    id: uuidv7(),
    clientScanId: input.clientScanId,
    volunteerId,
    kind: claim.kind,
    scannedAt,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
  const fresh = (entry: Entry | null): ScanResult =>
    answerOf({ id: scan.id, clientScanId: scan.clientScanId, kind: scan.kind, shiftId: s.id, scannedAt, title: s.title, entry }, false);
  // Nothing inserted: the same clientScanId won a race (answer it), or this kind was already scanned.
  const twinOr = async (tx: DbOrTx) => {
    const [row] = (await tx.execute<StoredRow>(storedScanSql(sql`${volunteerId}::uuid`, input.clientScanId))).rows;
    const twin = row ? storedOf(row) : null;
    if (twin) return answerOf(twin, true);
    throw alreadyScanned(claim.kind);
  };

  // A check-in writes no hours: one statement, no transaction, no lock.
  if (claim.kind === 'in') return (await insertScan(db, actor, s, scan, null)) ? fresh(null) : twinOr(db);

  // Scans are never changed once accepted, so the check-in read with the context still holds.
  const checkIn = c.checkIn;
  if (!checkIn) throw volunteerHoursErrors.not_checked_in('token');
  if (scannedAt <= checkIn.scannedAt) throw volunteerHoursErrors.checkout_before_checkin('scannedAt');
  const h = hoursOfPair({ checkIn: checkIn.scannedAt, checkOut: scannedAt }, s, c.rule);
  const entry: NewEntry = { id: uuidv7(), ...h, checkInScanId: checkIn.id };
  return db.transaction(async (tx) => {
    // The same lock as hand entries take: a check-out's hours and a hand entry on the shift see each other.
    await lockVolunteer(tx, volunteerId);
    if (!(await insertScan(tx, actor, s, scan, entry))) return twinOr(tx);
    await addToRollup(tx, [{ volunteerId, orgId: s.orgId, serviceDate: chinaToday(s.startsAt), source: 'tracked', minutes: entry.minutes }]);
    const { checkInScanId: _, ...shown } = entry;
    return fresh(shown);
  });
}
