import { describe, expect, it } from 'vitest';
import {
  certifierOf,
  checkTokenTime,
  createCheckinSigner,
  haversineM,
  hoursOfPair,
  levelFor,
  noticeUntil,
  sameCode,
  shortCodePattern,
  windowOf,
} from './volunteer-hours.rules.ts';

const at = (iso: string) => new Date(iso);
const shift = { startsAt: at('2026-03-07T01:00:00Z'), endsAt: at('2026-03-07T03:00:00Z') };
const rule = { stepMinutes: 30, coveragePct: 60 };

describe('hours of a pair', () => {
  it('clips to the shift and rounds down to the step', () => {
    expect(hoursOfPair({ checkIn: at('2026-03-07T00:30:00Z'), checkOut: at('2026-03-07T04:00:00Z') }, shift, rule)).toMatchObject({
      minutes: 120,
      presentMinutes: 120,
    });
    expect(hoursOfPair({ checkIn: at('2026-03-07T01:00:00Z'), checkOut: at('2026-03-07T02:29:00Z') }, shift, rule).minutes).toBe(60);
    expect(hoursOfPair({ checkIn: at('2026-03-07T01:00:00Z'), checkOut: at('2026-03-07T02:30:00Z') }, shift, rule).minutes).toBe(90);
    expect(hoursOfPair({ checkIn: at('2026-03-07T01:00:00Z'), checkOut: at('2026-03-07T02:30:00Z') }, shift, { ...rule, stepMinutes: 60 }).minutes).toBe(60);
  });
  it('under 60% of the scheduled time earns nothing, exactly 60% earns', () => {
    expect(hoursOfPair({ checkIn: at('2026-03-07T01:00:00Z'), checkOut: at('2026-03-07T02:11:00Z') }, shift, rule)).toMatchObject({
      minutes: 0,
      flag: 'low_coverage',
    });
    expect(hoursOfPair({ checkIn: at('2026-03-07T01:00:00Z'), checkOut: at('2026-03-07T02:12:00Z') }, shift, rule)).toMatchObject({ minutes: 60, flag: null });
  });
});

describe('check-in tokens', () => {
  const signer = createCheckinSigner(Buffer.alloc(32, 1));
  const id = '01900000-0000-7000-8000-000000000001';
  it('the short code: six digits, fixed for a shift, kind and window, different otherwise and under another key', () => {
    const c = signer.code(id, 'in', 1000);
    expect(c).toMatch(/^\d{6}$/);
    expect(signer.code(id, 'in', 1000)).toBe(c);
    const others = [signer.code(id, 'out', 1000), signer.code(id, 'in', 1001), createCheckinSigner(Buffer.alloc(32, 2)).code(id, 'in', 1000)];
    // a 1-in-a-million collision is possible in principle; these fixed inputs do not collide
    expect(others.every((o) => /^\d{6}$/.test(o) && o !== c)).toBe(true);
    expect(shortCodePattern.test(c)).toBe(true);
    expect(shortCodePattern.test(`${c.slice(0, 3)} ${c.slice(3)}`)).toBe(true);
    expect(shortCodePattern.test('12345')).toBe(false);
    expect(sameCode(c, c)).toBe(true);
    expect(sameCode(c, '12345')).toBe(false);
  });
  it('verify only with the same key and unaltered', () => {
    const tok = signer.sign(id, 'in', 100);
    expect(signer.verify(tok)).toEqual({ shiftId: id, kind: 'in', window: 100 });
    expect(createCheckinSigner(Buffer.alloc(32, 2)).verify(tok)).toBeNull();
    expect(signer.verify(tok.replace('.100.', '.101.'))).toBeNull();
  });
  it('accept the current and the previous window of the scan time, never the future beyond skew', () => {
    const now = at('2026-03-07T02:00:00Z');
    const w = windowOf(now);
    expect(checkTokenTime(w, now, now)).toBe('ok');
    expect(checkTokenTime(w - 1, now, now)).toBe('ok');
    expect(checkTokenTime(w - 2, now, now)).toBe('expired');
    expect(checkTokenTime(w + 1, now, now)).toBe('expired');
    expect(checkTokenTime(w, new Date(now.getTime() + 120_000), now)).toBe('future');
    const old = new Date(now.getTime() - 23 * 3600_000);
    expect(checkTokenTime(windowOf(old), old, now)).toBe('ok');
    const older = new Date(now.getTime() - 25 * 3600_000);
    expect(checkTokenTime(windowOf(older), older, now)).toBe('too_old');
  });
});

describe('places, stars, notices', () => {
  it('haversine distances', () => {
    expect(haversineM(26.89, 112.57, 26.89, 112.57)).toBe(0);
    expect(Math.round(haversineM(0, 0, 0, 1))).toBe(111195);
  });
  it('the certifying org is the county, city or province ancestor, or the nearest one above', () => {
    const path = '1.2.3.4.5';
    expect([1, 2, 3, 4, 5].map((l) => certifierOf(path, l))).toEqual([3, 3, 2, 2, 1]);
    expect(certifierOf('1.2', 1)).toBe(2);
  });
  it('levels by thresholds', () => {
    const h = [100, 300, 600, 1000, 1500];
    expect([0, 99.5, 100, 299, 300, 1500].map((x) => levelFor(x * 60, h))).toEqual([0, 0, 1, 1, 2, 5]);
  });
  it('5 working days of notice skip weekends', () => {
    expect(noticeUntil('2026-03-02', 5)).toBe('2026-03-06'); // Mon → Fri
    expect(noticeUntil('2026-03-04', 5)).toBe('2026-03-10'); // Wed → Tue
    expect(noticeUntil('2026-03-07', 5)).toBe('2026-03-13'); // Sat → Fri
    // across the end of February: 28 days in 2026, 29 in 2028
    expect(noticeUntil('2026-02-26', 5)).toBe('2026-03-04'); // Thu → Wed
    expect(noticeUntil('2028-02-25', 5)).toBe('2028-03-02'); // Fri → Thu, 29 Feb counted
  });
});
