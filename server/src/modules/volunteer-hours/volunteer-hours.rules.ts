import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { addDays } from '../../platform/dates.ts';
import type { ScanKind } from './volunteer-hours.schema.ts';

// Pure rules of check-in and hours: no database, so they are tested directly.

/** Seconds a check-in code stays on screen before the next one replaces it. */
export const windowSeconds = 30;
/** A phone that was offline may post a scan this long after it was made. */
export const offlineAllowanceMs = 24 * 3600_000;
/** Phones' clocks run a little ahead or behind; a scan "from the future" beyond this is refused. */
export const clockSkewMs = 60_000;

export type CheckinSigner = {
  sign: (shiftId: string, kind: ScanKind, window: number) => string;
  verify: (token: string) => { shiftId: string; kind: ScanKind; window: number } | null;
  /** The 6-digit code shown beside the QR, for a phone without a camera. */
  code: (shiftId: string, kind: ScanKind, window: number) => string;
};

/** A typed short code: six digits (spaces allowed, as the screen groups them 3 + 3). */
export const shortCodePattern = /^\d{3} ?\d{3}$/;

/**
 * Wrong short codes a volunteer may type in `codeAttemptWindowMs` before being told to wait.
 * A guess hits with probability (candidate shifts × 2 kinds × 2 windows) / 10⁶; at 5 guesses per
 * 10 minutes a volunteer with one shift would need about 50,000 minutes (≈ 35 days) of
 * continuous guessing for an even chance, while a volunteer who mistypes has room to retry.
 */
export const codeAttemptLimit = 5;
export const codeAttemptWindowMs = 10 * 60_000;

export function windowOf(at: Date): number {
  return Math.floor(at.getTime() / 1000 / windowSeconds);
}

/** The HMAC key is derived from the data key like the PII keys, with its own label. */
export function createCheckinSigner(dataKey: Buffer): CheckinSigner {
  const key = Buffer.from(hkdfSync('sha256', dataKey, 'tuanwu', 'volunteer-checkin', 32));
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return {
    sign(shiftId, kind, window) {
      const payload = `${shiftId}.${kind}.${window}`;
      return `TW1.${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      const m = /^TW1\.([0-9a-f-]{36})\.(in|out)\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token.trim());
      if (!m) return null;
      const [, shiftId = '', kind = 'in', w = '0', sig = ''] = m;
      const expected = mac(`${shiftId}.${kind}.${w}`);
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return { shiftId, kind: kind as ScanKind, window: Number(w) };
    },
    code(shiftId, kind, window) {
      // HOTP-style dynamic truncation (RFC 4226) of a MAC under its own label, so the code
      // reveals nothing about the token's signature.
      const h = createHmac('sha256', key).update(`code.${shiftId}.${kind}.${window}`).digest();
      const off = (h[h.length - 1] ?? 0) & 0x0f;
      const bin = (h.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
      return String(bin).padStart(6, '0');
    },
  };
}

/** Constant-time comparison of two short codes. */
export function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type TokenCheck = 'ok' | 'future' | 'too_old' | 'expired';

/**
 * The server decides, not the phone: the scan time may not be in the future nor older than the
 * offline allowance, and the token must have been on screen at that time (its window or the one
 * before). So a copied code cannot be replayed later with a later time: the time it vouches for
 * is the time it was shown.
 */
export function checkTokenTime(tokenWindow: number, scannedAt: Date, now: Date): TokenCheck {
  if (scannedAt.getTime() > now.getTime() + clockSkewMs) return 'future';
  if (now.getTime() - scannedAt.getTime() > offlineAllowanceMs) return 'too_old';
  const w = windowOf(scannedAt);
  return tokenWindow === w || tokenWindow === w - 1 ? 'ok' : 'expired';
}

/** Great-circle distance in metres. */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

export type HoursResult = { minutes: number; presentMinutes: number; scheduledMinutes: number; flag: 'low_coverage' | null };

/**
 * Hours of one check-in/check-out pair: the time present within the shift (travel and waiting
 * outside it do not count), rounded down to the step; under the coverage share of the scheduled
 * duration it earns nothing and is flagged. All in whole minutes.
 */
export function hoursOfPair(
  pair: { checkIn: Date; checkOut: Date },
  shift: { startsAt: Date; endsAt: Date },
  rule: { stepMinutes: number; coveragePct: number },
): HoursResult {
  const scheduledMinutes = Math.floor((shift.endsAt.getTime() - shift.startsAt.getTime()) / 60_000);
  const from = Math.max(pair.checkIn.getTime(), shift.startsAt.getTime());
  const to = Math.min(pair.checkOut.getTime(), shift.endsAt.getTime());
  const presentMinutes = Math.max(0, Math.floor((to - from) / 60_000));
  if (presentMinutes * 100 < rule.coveragePct * scheduledMinutes) return { minutes: 0, presentMinutes, scheduledMinutes, flag: 'low_coverage' };
  const step = Math.max(1, rule.stepMinutes);
  return { minutes: Math.floor(presentMinutes / step) * step, presentMinutes, scheduledMinutes, flag: null };
}

/** Depth of the certifying committee below the root: province 0, city 1, county 2. */
export function certifierDepth(level: number): number {
  if (level >= 5) return 0;
  return level >= 3 ? 1 : 2;
}

/**
 * The certifying org of a star level: the ancestor of the volunteer's org at that depth of the
 * tree (the deployment root is the province). A volunteer registered above that depth (say at
 * the city for ★) is certified by their own org, the nearest one that exists.
 */
export function certifierOf(volunteerOrgPath: string, level: number): number {
  const ids = volunteerOrgPath.split('.').map(Number);
  return ids[Math.min(certifierDepth(level), ids.length - 1)] ?? ids[0] ?? 0;
}

/** Highest level whose threshold the total reaches (0 = none). */
export function levelFor(totalMinutes: number, starHours: readonly number[]): number {
  let level = 0;
  starHours.forEach((h, i) => {
    if (totalMinutes >= h * 60) level = i + 1;
  });
  return level;
}

const isWorkday = (date: string) => {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd >= 1 && wd <= 5;
};

/**
 * The last day of a notice of `days` working days starting on `from` (Mon–Fri; public holidays
 * and adjusted working weekends are out of scope: add them here when a calendar exists).
 */
export function noticeUntil(from: string, days: number): string {
  let d = from;
  let counted = 0;
  for (;;) {
    if (isWorkday(d)) counted++;
    if (counted >= days) return d;
    d = addDays(d, 1);
  }
}
