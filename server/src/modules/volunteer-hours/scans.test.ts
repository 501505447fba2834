import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { session } from '../../platform/auth/auth.schema.ts';
import { putSetting, resetSetting } from '../../platform/settings/settings.ts';
import { buildPhoneVolunteer, buildShift, confirm, minutes } from './volunteer-hours.factories.ts';
import { createCheckinSigner, windowOf } from './volunteer-hours.rules.ts';
import { scanLimitPerMinute } from './volunteer-hours.self.routes.ts';
import { coverageSetting, hourStepSetting } from './volunteer-hours.queries.ts';
import { checkinCodeFailure, hourEntry, hourMonth, volunteerScan } from './volunteer-hours.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let signer: ReturnType<typeof createCheckinSigner>;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password, { ip: '10.1.0.1' });
  signer = createCheckinSigner(t.config.dataKey);
});
afterAll(async () => t?.close());

/** A token as the lead's screen showed it at `at`, posted as scanned at `at`. */
function scanAt(shiftId: string, kind: 'in' | 'out', at: Date, extra: Record<string, unknown> = {}) {
  return { token: signer.sign(shiftId, kind, windowOf(at)), clientScanId: randomUUID(), scannedAt: at.toISOString(), ...extra };
}

async function setup(opts: { geofence?: boolean; confirmed?: boolean; startAgoMin?: number; lengthMin?: number } = {}) {
  const start = new Date(Date.now() - minutes(opts.startAgoMin ?? 240));
  const end = new Date(start.getTime() + minutes(opts.lengthMin ?? 120));
  const geo = opts.geofence ? { lat: 26.89, lng: 112.57, geofenceM: 200 } : {};
  const { shift } = await buildShift(t.db, w.townA.id, start, end, geo);
  const v = await buildPhoneVolunteer(t.app, t.db, w.townA.id);
  if (opts.confirmed !== false) await confirm(t.db, shift.id, v.volunteer.id, w.townA.id);
  return { shift, start, end, ...v };
}

describe('the lead’s check-in screen', () => {
  it('shows a signed token and a QR picture for a shift of its org, not across counties', async () => {
    const { shift } = await setup();
    const res = await adminA.get(`/api/v1/volunteer-hours/shifts/${shift.id}/checkin-code?kind=in`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^TW1\./);
    expect(body.svg).toContain('<svg');
    expect(signer.verify(body.token)).toMatchObject({ shiftId: shift.id, kind: 'in' });
    const adminB = await login(t.app, w.users.adminB, password, { ip: '10.1.0.2' });
    expect((await adminB.get(`/api/v1/volunteer-hours/shifts/${shift.id}/checkin-code?kind=in`)).statusCode).toBe(404);
  });

  it('a token straight from the screen checks the volunteer in now', async () => {
    const s = await setup({ startAgoMin: 10 });
    const code = (await adminA.get(`/api/v1/volunteer-hours/shifts/${s.shift.id}/checkin-code?kind=in`)).json();
    const res = await s.client.post('/api/v1/self/volunteer-scans', { token: code.token, clientScanId: randomUUID(), scannedAt: new Date().toISOString() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'in', shiftId: s.shift.id, replayed: false, entry: null });
  });
});

describe('scans', () => {
  it('a check-in/check-out pair earns the hours within the shift, rounded down to 0.5 h, tracked', async () => {
    const s = await setup({ lengthMin: 120 });
    // in 20 min early (clipped to the start), out after 1 h 50 min → 1.5 h
    const inRes = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime() - minutes(20))));
    expect(inRes.statusCode).toBe(200);
    const out = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(110))));
    expect(out.statusCode).toBe(200);
    expect(out.json().entry).toMatchObject({ minutes: 90, presentMinutes: 110, scheduledMinutes: 120, flag: null });
    const [e] = await t.db.select().from(hourEntry).where(eq(hourEntry.volunteerId, s.volunteer.id));
    expect(e).toMatchObject({ source: 'tracked', minutes: 90, orgId: w.townA.id });
    const mine = (await s.client.get('/api/v1/self/volunteer-hours')).json();
    expect(mine).toMatchObject({ trackedHours: 1.5, manualHours: 0, totalHours: 1.5 });
    expect(mine.entries[0]).toMatchObject({ source: 'tracked', hours: 1.5 });
  });

  it('a pair covering less than 60% of the shift earns nothing and is flagged', async () => {
    const s = await setup({ lengthMin: 120 });
    await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime() + minutes(5))));
    const out = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(75))));
    expect(out.statusCode).toBe(200);
    expect(out.json().entry).toMatchObject({ minutes: 0, presentMinutes: 70, flag: 'low_coverage' });
  });

  it('an expired token is refused with a clear message naming the field', async () => {
    const s = await setup();
    const old = new Date(Date.now() - minutes(5));
    const res = await s.client.post('/api/v1/self/volunteer-scans', {
      token: signer.sign(s.shift.id, 'in', windowOf(old)),
      clientScanId: randomUUID(),
      scannedAt: new Date().toISOString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'volunteer-hours.code_expired', field: 'token' });
  });

  it('a forged or tampered token is refused', async () => {
    const s = await setup();
    const other = createCheckinSigner(Buffer.alloc(32, 9));
    const now = new Date();
    for (const token of [other.sign(s.shift.id, 'in', windowOf(now)), signer.sign(s.shift.id, 'in', windowOf(now)).replace('.in.', '.out.'), 'hello']) {
      const res = await s.client.post('/api/v1/self/volunteer-scans', { token, clientScanId: randomUUID(), scannedAt: now.toISOString() });
      expect(res.statusCode).toBe(400);
      expect(res.json().field).toBe('token');
    }
  });

  it('a scan time in the future, or older than the offline allowance, is refused', async () => {
    const s = await setup();
    const future = new Date(Date.now() + minutes(10));
    const f = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', future));
    expect(f.statusCode).toBe(400);
    expect(f.json().field).toBe('scannedAt');
    const stale = new Date(Date.now() - 25 * 3600_000);
    const o = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', stale));
    expect(o.statusCode).toBe(422);
    expect(o.json()).toMatchObject({ code: 'volunteer-hours.scan_too_old', field: 'scannedAt' });
    expect(o.json().messages['zh-CN']).toContain('24 小时');
  });

  it('a token copied later cannot claim a later time: the scan time must match the token', async () => {
    const s = await setup();
    const shown = new Date(s.start.getTime());
    const res = await s.client.post('/api/v1/self/volunteer-scans', {
      token: signer.sign(s.shift.id, 'out', windowOf(shown)),
      clientScanId: randomUUID(),
      scannedAt: new Date(shown.getTime() + minutes(90)).toISOString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'volunteer-hours.code_expired', field: 'token' });
  });

  it('check-out before check-in is refused', async () => {
    const s = await setup();
    const res = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(100))));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'volunteer-hours.not_checked_in', field: 'token' });
    expect(await t.db.select().from(volunteerScan).where(eq(volunteerScan.volunteerId, s.volunteer.id))).toHaveLength(0);
  });

  it('outside the geofence is refused; inside is accepted; no location is asked for', async () => {
    const s = await setup({ geofence: true });
    const at = new Date(s.start.getTime());
    const far = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', at, { lat: 26.9, lng: 112.6 }));
    expect(far.statusCode).toBe(422);
    expect(far.json()).toMatchObject({ code: 'volunteer-hours.outside_geofence', field: 'lat' });
    const none = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', at));
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'volunteer-hours.location_required', field: 'lat' });
    const near = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', at, { lat: 26.8905, lng: 112.5702 }));
    expect(near.statusCode).toBe(200);
  });

  it('only volunteers confirmed on the shift may scan', async () => {
    const s = await setup({ confirmed: false });
    const res = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime())));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'volunteer-hours.not_signed_up', field: 'shiftId' });
  });

  it('the same clientScanId twice counts once and answers the original result', async () => {
    const s = await setup();
    await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime())));
    const body = scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(120)));
    const first = await s.client.post('/api/v1/self/volunteer-scans', body);
    const again = await s.client.post('/api/v1/self/volunteer-scans', body);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ scanId: first.json().scanId, replayed: true, entry: { id: first.json().entry.id, minutes: 120 } });
    expect(await t.db.select().from(hourEntry).where(eq(hourEntry.volunteerId, s.volunteer.id))).toHaveLength(1);
    // a second, different check-in is refused rather than counted
    const other = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime() + minutes(1))));
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'volunteer-hours.already_checked_in', field: 'token' });
  });

  it('the same scan posted concurrently (an offline queue flushing twice) counts once', async () => {
    const s = await setup();
    await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime())));
    const body = scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(90)));
    const results = await Promise.all(Array.from({ length: 5 }, () => s.client.post('/api/v1/self/volunteer-scans', body)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.json().scanId)).size).toBe(1);
    const entries = await t.db.select().from(hourEntry).where(eq(hourEntry.volunteerId, s.volunteer.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]?.minutes).toBe(90);
    // one audit event and one addition to the monthly rollup, however many copies raced
    const audits = await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, results[0]?.json().scanId));
    expect(audits.map((e) => e.action)).toEqual(['volunteer.checked_out']);
    const rolled = await t.db.select().from(hourMonth).where(eq(hourMonth.volunteerId, s.volunteer.id));
    expect(rolled.map((r) => [r.minutes, r.entries])).toEqual([[90, 1]]);
  });

  it('the same check-in posted concurrently is recorded and audited once; the copies answer it, replayed', async () => {
    const s = await setup();
    const body = scanAt(s.shift.id, 'in', new Date(s.start.getTime()));
    const results = await Promise.all(Array.from({ length: 6 }, () => s.client.post('/api/v1/self/volunteer-scans', body)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.json().scanId)).size).toBe(1);
    expect(results.filter((r) => !r.json().replayed)).toHaveLength(1);
    const scans = await t.db.select().from(volunteerScan).where(eq(volunteerScan.volunteerId, s.volunteer.id));
    expect(scans).toHaveLength(1);
    const audits = await t.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.entityId, scans[0]?.id ?? ''));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'volunteer.checked_in', actorId: s.accountId, orgId: w.townA.id });
    expect(audits[0]?.after).toMatchObject({ shiftId: s.shift.id, volunteerId: s.volunteer.id, scannedAt: body.scannedAt });
  });

  it('a signed-out or revoked session cannot scan, at once, and nothing is recorded', async () => {
    const s = await setup();
    const ok = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime())));
    expect(ok.statusCode).toBe(200);
    expect((await s.client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(100))));
    expect(after.statusCode).toBe(401);
    // revoked elsewhere (another session's revoke, a password change): the same
    const r = await setup();
    await t.db.update(session).set({ revokedAt: new Date() }).where(eq(session.accountId, r.accountId));
    const revoked = await r.client.post('/api/v1/self/volunteer-scans', scanAt(r.shift.id, 'in', new Date(r.start.getTime())));
    expect(revoked.statusCode).toBe(401);
    for (const v of [s, r]) {
      expect(await t.db.select().from(volunteerScan).where(eq(volunteerScan.volunteerId, v.volunteer.id))).toHaveLength(v === s ? 1 : 0);
    }
  });

  it('a check-out uses the hours rule in force at the shift’s org: the nearest setting up the tree', async () => {
    const s = await setup({ lengthMin: 180 });
    try {
      await putSetting(t.db, w.countyA.id, coverageSetting.key, 90, null);
      await putSetting(t.db, w.townA.id, coverageSetting.key, 50, null);
      await putSetting(t.db, w.countyA.id, hourStepSetting.key, 1, null);
      await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime())));
      // 100 of 180 minutes: 56% passes the town's 50% (not the county's 90%, nor the default 60%); whole
      // hours from the county (the default 0.5 h would give 90 minutes)
      const out = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'out', new Date(s.start.getTime() + minutes(100))));
      expect(out.statusCode, out.body).toBe(200);
      expect(out.json().entry).toMatchObject({ minutes: 60, presentMinutes: 100, scheduledMinutes: 180, flag: null });
    } finally {
      await resetSetting(t.db, w.countyA.id, coverageSetting.key);
      await resetSetting(t.db, w.townA.id, coverageSetting.key);
      await resetSetting(t.db, w.countyA.id, hourStepSetting.key);
    }
  });

  it('a check-in is audited; an account that is no volunteer gets a clear answer', async () => {
    const s = await setup();
    const r = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date(s.start.getTime())));
    const events = await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, r.json().scanId));
    expect(events.map((e) => e.action)).toEqual(['volunteer.checked_in']);
    const notVolunteer = await adminA.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date()));
    expect(notVolunteer.statusCode).toBe(422);
    // a staff account is nobody's own: no person behind it
    expect(notVolunteer.json()).toMatchObject({ code: 'volunteer-hours.no_person', field: 'personId' });
  });
});

describe('the phone’s activity list and sign-up', () => {
  it('lists upcoming shifts nearest first, signs up and cancels through the volunteers rules', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const near = await buildShift(t.db, w.townA.id, start, new Date(start.getTime() + minutes(120)), { lat: 26.89, lng: 112.57, title: '近处活动' });
    await buildShift(t.db, w.townA.id, start, new Date(start.getTime() + minutes(120)), { lat: 28.2, lng: 112.9, title: '远处活动' });
    const v = await buildPhoneVolunteer(t.app, t.db, w.townA.id);
    const list = (await v.client.get('/api/v1/self/volunteer-activities?lat=26.891&lng=112.571')).json().items;
    const titles = list.map((a: { title: string }) => a.title);
    expect(titles.indexOf('近处活动')).toBeLessThan(titles.indexOf('远处活动'));
    const su = await v.client.post(`/api/v1/self/volunteer-shifts/${near.shift.id}/signup`);
    expect(su.statusCode).toBe(201);
    expect(su.json().status).toBe('confirmed');
    const again = (await v.client.get('/api/v1/self/volunteer-activities')).json().items.find((a: { id: string }) => a.id === near.activity.id);
    expect(again.shifts[0]).toMatchObject({ mySignupId: su.json().id, myStatus: 'confirmed', taken: 1 });
    const cancel = await v.client.post(`/api/v1/self/volunteer-signups/${su.json().id}/cancel`);
    expect(cancel.json().status).toBe('cancelled');
  });
});

describe('the 6-digit code, for a phone without a camera', () => {
  /** Every code that would be accepted at `at`: both kinds, this window and the one before. */
  const validCodes = (shiftId: string, at: Date) =>
    (['in', 'out'] as const).flatMap((k) => [signer.code(shiftId, k, windowOf(at)), signer.code(shiftId, k, windowOf(at) - 1)]);
  const wrongCodeFor = (shiftId: string, at: Date) => {
    const taken = new Set(validCodes(shiftId, at));
    let n = 123456;
    while (taken.has(String(n))) n++;
    return String(n);
  };
  const typed = (code: string, at: Date) => ({ token: code, clientScanId: randomUUID(), scannedAt: at.toISOString() });

  it('is shown beside the QR, and typed on the phone it checks in and out like the token', async () => {
    const s = await setup({ startAgoMin: 10, lengthMin: 120 });
    // the check-in code of a window before the scan (offline-queued on the phone) still counts
    const inAt = new Date(Date.now() - 60_000);
    const inRes = await s.client.post('/api/v1/self/volunteer-scans', typed(signer.code(s.shift.id, 'in', windowOf(inAt) - 1), inAt));
    expect(inRes.statusCode, inRes.body).toBe(200);
    expect(inRes.json()).toMatchObject({ kind: 'in', shiftId: s.shift.id, replayed: false });
    const screen = (await adminA.get(`/api/v1/volunteer-hours/shifts/${s.shift.id}/checkin-code?kind=out`)).json();
    expect(screen.code).toMatch(/^\d{6}$/);
    // the screen groups it 3 + 3; typed with the space it is the same code
    const out = await s.client.post('/api/v1/self/volunteer-scans', typed(`${screen.code.slice(0, 3)} ${screen.code.slice(3)}`, new Date()));
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ kind: 'out', shiftId: s.shift.id });
    expect(await t.db.select().from(volunteerScan).where(eq(volunteerScan.volunteerId, s.volunteer.id))).toHaveLength(2);
  });

  it('an old code or a wrong one is refused, naming the field in both languages', async () => {
    const s = await setup({ startAgoMin: 10 });
    const now = new Date();
    const old = signer.code(s.shift.id, 'in', windowOf(now) - 2);
    const stale = validCodes(s.shift.id, now).includes(old) ? wrongCodeFor(s.shift.id, now) : old;
    for (const code of [stale, wrongCodeFor(s.shift.id, now)]) {
      const res = await s.client.post('/api/v1/self/volunteer-scans', typed(code, now));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        field: 'token',
        messages: { 'zh-CN': expect.stringContaining('签到码'), 'en-US': expect.stringContaining('Check-in code') },
      });
      expect(res.json().messages['zh-CN']).toContain('6 位数字签到码不正确或已过期');
    }
    // a code of another volunteer's shift is no use either: only one's own confirmed shifts count
    const other = await setup({ startAgoMin: 10 });
    const res = await s.client.post('/api/v1/self/volunteer-scans', typed(signer.code(other.shift.id, 'in', windowOf(now)), now));
    expect(res.statusCode).toBe(400);
    expect(await t.db.select().from(volunteerScan).where(eq(volunteerScan.volunteerId, s.volunteer.id))).toHaveLength(0);
  });

  it('wrong codes are limited per volunteer, even when sent at once; then even the right code waits', async () => {
    const s = await setup({ startAgoMin: 10 });
    const now = new Date();
    const bad = wrongCodeFor(s.shift.id, now);
    const res = await Promise.all(Array.from({ length: 8 }, () => s.client.post('/api/v1/self/volunteer-scans', typed(bad, now))));
    const codes = res.map((r) => r.statusCode).sort();
    // five counted as wrong, the rest refused for too many tries
    expect(codes).toEqual([400, 400, 400, 400, 400, 422, 422, 422]);
    const blocked = res.find((r) => r.statusCode === 422);
    expect(blocked?.json()).toMatchObject({ code: 'volunteer-hours.too_many_wrong_codes', field: 'token' });
    expect(await t.db.select().from(checkinCodeFailure).where(eq(checkinCodeFailure.volunteerId, s.volunteer.id))).toHaveLength(5);
    const right = await s.client.post('/api/v1/self/volunteer-scans', typed(signer.code(s.shift.id, 'in', windowOf(new Date())), new Date()));
    expect(right.statusCode).toBe(422);
    expect(right.json()).toMatchObject({ code: 'volunteer-hours.too_many_wrong_codes', field: 'token' });
    // the scanned QR token is not limited: a volunteer who mistyped can still scan
    const qr = await s.client.post('/api/v1/self/volunteer-scans', scanAt(s.shift.id, 'in', new Date()));
    expect(qr.statusCode).toBe(200);
    // ten minutes on, the count starts again
    const s2 = await setup({ startAgoMin: 10 });
    for (let i = 0; i < 5; i++) await s2.client.post('/api/v1/self/volunteer-scans', typed(wrongCodeFor(s2.shift.id, now), now));
    await t.db
      .update(checkinCodeFailure)
      .set({ attemptedAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(checkinCodeFailure.volunteerId, s2.volunteer.id));
    const later = new Date();
    const ok = await s2.client.post('/api/v1/self/volunteer-scans', typed(signer.code(s2.shift.id, 'in', windowOf(later)), later));
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('the check-in limit', () => {
  it('counts per account and shift, so a venue behind one address is not blocked', async () => {
    const venue = { 'x-forwarded-for': '10.250.0.1' };
    const a = await setup({ startAgoMin: 10 });
    const b = await setup({ startAgoMin: 10 });
    const post = (c: TestClient, body: unknown) => c.request({ method: 'POST', url: '/api/v1/self/volunteer-scans', payload: body as object, headers: venue });
    const bad = (shiftId: string) => ({ ...scanAt(shiftId, 'in', new Date()), token: `TW1.${shiftId}.in.1.AAAAAAAAAAAAAAAAAAAAAA` });
    // 30 refused scans of one account: none is held back by the limit…
    for (let i = 0; i < scanLimitPerMinute; i++)
      expect((await post(a.client, scanAt(a.shift.id, 'in', new Date(), { token: 'TW1.x' }))).statusCode).not.toBe(429);
    // …the next one is; other volunteers at the same address, and the same account's real scan of its shift, are not.
    expect((await post(a.client, scanAt(a.shift.id, 'in', new Date(), { token: 'TW1.x' }))).statusCode).toBe(429);
    expect((await post(b.client, bad(b.shift.id))).statusCode).not.toBe(429);
    const real = await post(a.client, scanAt(a.shift.id, 'in', new Date()));
    expect(real.statusCode, real.body).toBe(200);
    const realB = await post(b.client, scanAt(b.shift.id, 'in', new Date()));
    expect(realB.statusCode, realB.body).toBe(200);
  });
});
