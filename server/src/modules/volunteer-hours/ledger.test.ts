import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { uuidv7 } from 'uuidv7';
import { person } from '../people/index.ts';
import { volunteer } from '../volunteers/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildVolunteer } from '../../test/volunteers.factories.ts';
import { buildShift, minutes, recordHours } from './volunteer-hours.factories.ts';
import { hourClaim, hourEntry } from './volunteer-hours.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let cadreA: TestClient;
let adminB: TestClient;
let secretaryA: TestClient;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password, { ip: '10.2.0.1' });
  cadreA = await login(t.app, w.users.cadreA, password, { ip: '10.2.0.2' });
  adminB = await login(t.app, w.users.adminB, password, { ip: '10.2.0.3' });
  secretaryA = await login(t.app, w.users.secretaryA, password, { ip: '10.2.0.4' });
});
afterAll(async () => t?.close());

async function slot(lengthMin = 180) {
  const start = new Date('2026-03-07T01:00:00Z');
  const { shift } = await buildShift(t.db, w.townA.id, start, new Date(start.getTime() + minutes(lengthMin)));
  const v = await buildVolunteer(t.db, w.townA.id);
  return { shift, v };
}

describe('hours entered by hand', () => {
  it('are kept apart as manual, and reach the ledger only when someone else approves', async () => {
    const { shift, v } = await slot();
    const c = await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 2.5, reason: '现场手机没电，未能扫码' });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ status: 'pending', minutes: 150 });
    expect(await t.db.select().from(hourEntry).where(eq(hourEntry.volunteerId, v.id))).toHaveLength(0);

    const self = await adminA.post(`/api/v1/volunteer-hours/claims/${c.json().id}/approve`, {});
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ code: 'volunteer-hours.own_claim', field: 'enteredBy' });
    expect((await t.db.select().from(hourClaim).where(eq(hourClaim.id, c.json().id)))[0]?.status).toBe('pending');

    const ok = await cadreA.post(`/api/v1/volunteer-hours/claims/${c.json().id}/approve`, { comment: '核实无误' });
    expect(ok.statusCode).toBe(200);
    const [e] = await t.db.select().from(hourEntry).where(eq(hourEntry.volunteerId, v.id));
    expect(e).toMatchObject({ source: 'manual', minutes: 150, orgId: w.townA.id, claimId: c.json().id });
    const again = await adminB.post(`/api/v1/volunteer-hours/claims/${c.json().id}/approve`, {});
    expect(again.statusCode).toBe(404);
    const twice = await cadreA.post(`/api/v1/volunteer-hours/claims/${c.json().id}/approve`, {});
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'volunteer-hours.claim_decided', field: 'status' });

    const summary = (await adminA.get(`/api/v1/volunteer-hours/volunteers/${v.id}/summary`)).json();
    expect(summary).toMatchObject({ trackedHours: 0, manualHours: 2.5, totalHours: 2.5 });
  });

  it('hours above the slot length are refused, counting what is already recorded or pending', async () => {
    const { shift, v } = await slot(120);
    const over = await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 2.5, reason: '补录' });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'volunteer-hours.over_shift_length', field: 'hours' });
    expect(over.json().messages['zh-CN']).toContain('2 小时');
    expect((await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1.5, reason: '补录' })).statusCode).toBe(201);
    const more = await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1, reason: '补录' });
    expect(more.statusCode).toBe(422);
    expect(more.json()).toMatchObject({ code: 'volunteer-hours.over_shift_length', field: 'hours' });
  });

  it('concurrent entries are serialised: exactly the slot is accepted, the rest refused', async () => {
    const { shift, v } = await slot(120);
    // Five one-hour entries at once on a two-hour slot: without the lock several read the same total.
    const res = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1, reason: `并发补录 ${i}` }),
      ),
    );
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 201, 422, 422, 422]);
    for (const r of res.filter((x) => x.statusCode === 422)) expect(r.json()).toMatchObject({ code: 'volunteer-hours.over_shift_length', field: 'hours' });
    const rows = await t.db.select().from(hourClaim).where(eq(hourClaim.volunteerId, v.id));
    expect(rows.reduce((sum, r) => sum + r.minutes, 0)).toBe(120);
  });

  it('hours must be whole steps; a claim needs a reason; other counties cannot enter on this shift', async () => {
    const { shift, v } = await slot();
    const odd = await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1.2, reason: '补录' });
    expect(odd.statusCode).toBe(400);
    expect(odd.json().field).toBe('hours');
    const noReason = await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1, reason: ' ' });
    expect(noReason.json().field).toBe('reason');
    expect((await adminB.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1, reason: '补录一下' })).statusCode).toBe(404);
  });

  it('a rejection needs a reason and writes nothing to the ledger; a branch secretary cannot approve', async () => {
    const { shift, v } = await slot();
    const c = (await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1, reason: '补录' })).json();
    expect((await secretaryA.post(`/api/v1/volunteer-hours/claims/${c.id}/approve`, {})).statusCode).toBe(403);
    expect((await cadreA.post(`/api/v1/volunteer-hours/claims/${c.id}/reject`, {})).statusCode).toBe(400);
    expect((await cadreA.post(`/api/v1/volunteer-hours/claims/${c.id}/reject`, { comment: '无签到记录佐证' })).json().status).toBe('rejected');
    expect(await t.db.select().from(hourEntry).where(eq(hourEntry.volunteerId, v.id))).toHaveLength(0);
  });
});

describe('the ledger is append-only', () => {
  it('a correction is a reversing entry naming the original; totals are sums; reversed once only', async () => {
    const { shift, v } = await slot();
    const c = (await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 3, reason: '补录' })).json();
    const { entryId } = (await cadreA.post(`/api/v1/volunteer-hours/claims/${c.id}/approve`, {})).json();
    const before = await t.db.select().from(hourEntry).where(eq(hourEntry.id, entryId));
    const noReason = await adminA.post(`/api/v1/volunteer-hours/entries/${entryId}/reverse`, { reason: '' });
    expect(noReason.json().field).toBe('reason');
    const r = await adminA.post(`/api/v1/volunteer-hours/entries/${entryId}/reverse`, { reason: '录错了志愿者' });
    expect(r.statusCode).toBe(201);
    expect(r.json().minutes).toBe(-180);
    expect(await t.db.select().from(hourEntry).where(eq(hourEntry.id, entryId))).toEqual(before);
    const [rev] = await t.db.select().from(hourEntry).where(eq(hourEntry.reversesId, entryId));
    expect(rev).toMatchObject({ source: 'manual', minutes: -180, reason: '录错了志愿者' });
    expect((await adminA.get(`/api/v1/volunteer-hours/volunteers/${v.id}/summary`)).json().totalHours).toBe(0);
    const twice = await adminA.post(`/api/v1/volunteer-hours/entries/${entryId}/reverse`, { reason: '再来一次' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'volunteer-hours.already_reversed', field: 'reversesId' });
    const ofReversal = await adminA.post(`/api/v1/volunteer-hours/entries/${rev?.id}/reverse`, { reason: '冲正的冲正' });
    expect(ofReversal.statusCode).toBe(422);
    expect(ofReversal.json()).toMatchObject({ code: 'volunteer-hours.reversal_of_reversal', field: 'reversesId' });
    expect((await adminB.post(`/api/v1/volunteer-hours/entries/${entryId}/reverse`, { reason: '越权' })).statusCode).toBe(404);
  });

  it('lists entries in scope, by source, and not across counties', async () => {
    const { shift, v } = await slot();
    const c = (await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1, reason: '补录' })).json();
    await cadreA.post(`/api/v1/volunteer-hours/claims/${c.id}/approve`, {});
    const list = await adminA.get(`/api/v1/volunteer-hours/entries?volunteerId=${v.id}&source=manual`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ hours: 1, sourceLabel: '补录（已审核）' });
    expect((await adminB.get(`/api/v1/volunteer-hours/entries?volunteerId=${v.id}`)).json().items).toHaveLength(0);
    expect((await adminB.get(`/api/v1/volunteer-hours/entries?orgId=${w.townA.id}`)).statusCode).toBe(404);
  });

  it('an account with grants on two separate subtrees sees the entries, claims and ranking of both', async () => {
    const inA = await slot();
    const start = new Date('2026-03-07T01:00:00Z');
    const { shift: shiftB } = await buildShift(t.db, w.townB.id, start, new Date(start.getTime() + minutes(180)));
    const vB = await buildVolunteer(t.db, w.townB.id);
    const outside = await buildVolunteer(t.db, w.countyA.id);
    const { shift: shiftOut } = await buildShift(t.db, w.countyA.id, start, new Date(start.getTime() + minutes(180)));
    for (const [v, shift, orgId] of [
      [inA.v, inA.shift, w.townA.id],
      [vB, shiftB, w.townB.id],
      [outside, shiftOut, w.countyA.id],
    ] as const) {
      // in May: the figures below count March in county B, which must stay empty
      await recordHours(t.db, [{ volunteerId: v.id, orgId, source: 'tracked', serviceDate: '2026-05-07', minutes: 60 }]);
      await t.db.insert(hourClaim).values({
        id: uuidv7(),
        volunteerId: v.id,
        orgId,
        activityId: shift.activityId,
        shiftId: shift.id,
        serviceDate: '2026-05-07',
        minutes: 30,
        reason: '两授权',
        enteredBy: uuidv7(),
      });
    }
    const username = await buildAccount(t.db, 'observer', w.townA.id, 'hourstwotowns', { role: 'observer', orgId: w.townB.id });
    const both = await login(t.app, username, password, { ip: '10.2.0.5' });
    const entries = (await both.get('/api/v1/volunteer-hours/entries?limit=200')).json().items.map((e: { volunteerId: string }) => e.volunteerId);
    expect(entries).toEqual(expect.arrayContaining([inA.v.id, vB.id]));
    expect(entries).not.toContain(outside.id);
    const claims = (await both.get('/api/v1/volunteer-hours/claims?limit=200')).json().items.map((c: { volunteerId: string }) => c.volunteerId);
    expect(claims).toEqual(expect.arrayContaining([inA.v.id, vB.id]));
    expect(claims).not.toContain(outside.id);
    const ranked = (await both.get('/api/v1/volunteer-hours/ranking?from=2026-05-01&to=2026-05-31')).json().items.map((r: { number: string }) => r.number);
    expect(ranked).toEqual(expect.arrayContaining([inA.v.number, vB.number]));
    expect(ranked).not.toContain(outside.number);
  });
});

/** The first sheet of an .xlsx response as rows of cell text (row 1 is the header). */
async function sheetOf(res: { rawPayload: Buffer }): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0]?.eachRow((r) => {
    out.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return out;
}

describe('Excel export of the ledger', () => {
  it('has the list’s columns and filters, masked ID numbers, and stays in the caller’s scope', async () => {
    const { shift, v } = await slot();
    const [vol] = await t.db.select({ personId: volunteer.personId }).from(volunteer).where(eq(volunteer.id, v.id));
    await t.db
      .update(person)
      .set({ idNumberMasked: '430421********123X' })
      .where(eq(person.id, vol?.personId ?? ''));
    const c = (await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 1.5, reason: '补录导出' })).json();
    await cadreA.post(`/api/v1/volunteer-hours/claims/${c.id}/approve`, {});
    await t.db
      .insert(hourEntry)
      .values({ id: uuidv7(), volunteerId: v.id, orgId: w.townA.id, source: 'tracked', shiftId: shift.id, serviceDate: '2026-03-07', minutes: 60 });

    const res = await adminA.get(`/api/v1/volunteer-hours/entries/export?orgId=${w.townA.id}&volunteerId=${v.id}&source=manual`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('志愿服务时长');
    const rows = await sheetOf(res);
    expect(rows[0]).toEqual(['姓名', '志愿者编号', '身份证号（脱敏）', '活动', '服务日期', '记录组织', '来源', '时长（小时）', '备注']);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual([
      expect.stringMatching(/^志愿者/),
      v.number,
      '430421********123X',
      '河小青护河行动',
      '2026-03-07',
      w.townA.name,
      '补录（已审核）',
      '1.5',
      '补录导出',
    ]);

    // the same filters as the list: all sources, then tracked only
    expect(await sheetOf(await adminA.get(`/api/v1/volunteer-hours/entries/export?volunteerId=${v.id}`))).toHaveLength(3);
    const tracked = await sheetOf(await adminA.get(`/api/v1/volunteer-hours/entries/export?volunteerId=${v.id}&source=tracked`));
    expect(tracked.slice(1).map((r) => r[6])).toEqual(['扫码记录']);
    const en = await sheetOf(
      await adminA.request({
        method: 'GET',
        url: `/api/v1/volunteer-hours/entries/export?volunteerId=${v.id}&source=tracked`,
        headers: { 'accept-language': 'en-US' },
      }),
    );
    expect(en[0]?.[0]).toBe('Name');

    // county B: none of county A's rows, and county A's org is not theirs to name
    expect(await sheetOf(await adminB.get(`/api/v1/volunteer-hours/entries/export?volunteerId=${v.id}`))).toHaveLength(1);
    expect((await adminB.get(`/api/v1/volunteer-hours/entries/export?orgId=${w.townA.id}`)).statusCode).toBe(404);
  });
});

describe('figures', () => {
  it('volunteerHours.total adds tracked and manual apart, in the period and subtree, with drill-down', async () => {
    const { shift, v } = await slot();
    const c = (await adminA.post('/api/v1/volunteer-hours/claims', { volunteerId: v.id, shiftId: shift.id, hours: 2, reason: '补录' })).json();
    await cadreA.post(`/api/v1/volunteer-hours/claims/${c.id}/approve`, {});
    const q = `orgId=${w.townA.id}&from=2026-03-01&to=2026-03-31`;
    const fig = (await adminA.get(`/api/v1/metrics/volunteerHours.total?${q}&groupBy=source`)).json();
    expect(fig.total).toBeGreaterThanOrEqual(2);
    expect(fig.groups.find((g: { group: string }) => g.group === 'manual').value).toBeGreaterThanOrEqual(2);
    const empty = (await adminA.get(`/api/v1/metrics/volunteerHours.total?orgId=${w.townA.id}&from=2025-01-01&to=2025-12-31`)).json();
    expect(empty.total).toBe(0);
    const rows = (await adminA.get(`/api/v1/metrics/volunteerHours.total/rows?${q}&groupBy=source&group=manual`)).json();
    expect(rows.items.some((r: { number: string }) => r.number === v.number)).toBe(true);
    const b = (await adminB.get(`/api/v1/metrics/volunteerHours.total?orgId=${w.townB.id}&from=2026-03-01&to=2026-03-31`)).json();
    expect(b.total).toBe(0);
  });
});
