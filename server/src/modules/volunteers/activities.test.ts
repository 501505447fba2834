import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { activity, shift } from './volunteers.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let secretaryA: TestClient;

const later = (days: number, hour = 1) => new Date(Date.UTC(2031, 0, 1 + days, hour)).toISOString();
const base = () => ({ orgId: w.townA.id, title: '河道巡护', serviceContent: '巡河、捡拾垃圾', place: '蒸水河畔', lat: 26.9, lng: 112.6 });
const monthly = { kind: 'monthly', weeks: [1, 3], weekday: 6, start: '09:00', end: '11:00', from: '2031-03-01', months: 3, capacity: 10 };

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
});
afterAll(async () => t?.close());

describe('activities', () => {
  it('creates an activity with shifts and a recurring schedule; generating the schedule again adds nothing', async () => {
    const res = await adminA.post('/api/v1/volunteer-activities', {
      ...base(),
      geofenceM: 300,
      shifts: [{ startsAt: later(1), endsAt: later(1, 3), capacity: 5 }],
      recurrence: monthly,
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.status).toBe('draft');
    // 1 by hand + 1st and 3rd Saturdays of March, April, May 2031
    expect(a.shifts).toHaveLength(7);
    const sat = a.shifts[1];
    expect(sat.startsAt).toBe('2031-03-01T01:00:00.000Z'); // 09:00 in China
    expect(sat.endsAt).toBe('2031-03-01T03:00:00.000Z');
    const again = await adminA.post(`/api/v1/volunteer-activities/${a.id}/shifts`, { recurrence: monthly });
    expect(again.json()).toMatchObject({ added: [], skipped: 6 });
    const longer = await adminA.post(`/api/v1/volunteer-activities/${a.id}/shifts`, { recurrence: { ...monthly, months: 4 } });
    expect(longer.json().added).toHaveLength(2);
    expect(longer.json().skipped).toBe(6);
    expect(await t.db.select().from(shift).where(eq(shift.activityId, a.id))).toHaveLength(9);
  });

  it('validates fields, naming each', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'x' }, 'title'],
      [{ minAge: 12 }, 'minAge'],
      [{ minAge: 30, maxAge: 20 }, 'maxAge'],
      [{ geofenceM: 200, lat: null, lng: null }, 'geofenceM'],
      [{ lat: 120 }, 'lat'],
      [{ shifts: [{ startsAt: later(2, 5), endsAt: later(2, 3), capacity: 5 }] }, 'shifts.0.endsAt'],
      [{ shifts: [{ startsAt: later(2), endsAt: later(2, 3), capacity: 0 }] }, 'shifts.0.capacity'],
      [{ recurrence: { ...monthly, end: '08:00' } }, 'recurrence.end'],
    ];
    for (const [over, field] of cases) {
      const res = await adminA.post('/api/v1/volunteer-activities', { ...base(), ...over });
      expect([400, 422], field).toContain(res.statusCode);
      expect(res.json().field, JSON.stringify(over)).toBe(field);
    }
    expect(await t.db.select().from(activity).where(eq(activity.title, 'x'))).toHaveLength(0);
  });

  it('publishes only with a shift, then cancels; a cancelled activity cannot be published or changed', async () => {
    const empty = (await adminA.post('/api/v1/volunteer-activities', base())).json();
    const noShift = await adminA.post(`/api/v1/volunteer-activities/${empty.id}/publish`, {});
    expect(noShift.statusCode).toBe(422);
    expect(noShift.json()).toMatchObject({ code: 'volunteers.no_open_shift', field: 'shifts' });
    await adminA.post(`/api/v1/volunteer-activities/${empty.id}/shifts`, { shifts: [{ startsAt: later(3), endsAt: later(3, 2), capacity: 3 }] });
    expect((await adminA.post(`/api/v1/volunteer-activities/${empty.id}/publish`, {})).json().status).toBe('published');
    expect((await adminA.post(`/api/v1/volunteer-activities/${empty.id}/close`, {})).json().status).toBe('closed');
    const cancel = await adminA.post(`/api/v1/volunteer-activities/${empty.id}/cancel`, {});
    expect(cancel.statusCode).toBe(422);
    expect(cancel.json()).toMatchObject({ code: 'volunteers.activity_status', field: 'status' });
    const rename = await adminA.patch(`/api/v1/volunteer-activities/${empty.id}`, { title: '新名称' });
    expect(rename.statusCode).toBe(422);
    expect(rename.json()).toMatchObject({ code: 'volunteers.activity_closed', field: 'status' });
  });

  it('lists activities in scope with their shift count, newest first', async () => {
    const a = (await secretaryA.post('/api/v1/volunteer-activities', { ...base(), orgId: w.branchA.id, title: '支部活动', recurrence: monthly })).json();
    const list = await adminA.get(`/api/v1/volunteer-activities?orgId=${w.countyA.id}&limit=1`);
    expect(list.json().items[0]).toMatchObject({ id: a.id, shiftCount: 6 });
    expect(list.json().nextCursor).toBeTruthy();
    expect((await secretaryA.post('/api/v1/volunteer-activities', { ...base(), orgId: w.townA.id })).statusCode).toBe(404);
  });

  it('answers 404 for another county: activity, its shifts, creating under its org', async () => {
    const a = (await adminA.post('/api/v1/volunteer-activities', { ...base(), recurrence: monthly })).json();
    expect((await adminB.get(`/api/v1/volunteer-activities/${a.id}`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/volunteer-activities/${a.id}/publish`, {})).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/volunteer-shifts/${a.shifts[0].id}/cancel`)).statusCode).toBe(404);
    expect((await adminB.post('/api/v1/volunteer-activities', base())).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/volunteer-activities?orgId=${w.townA.id}`)).statusCode).toBe(404);
  });
});
