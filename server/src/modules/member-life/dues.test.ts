import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../../platform/settings/settings.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { addDays, today } from './member-life.common.ts';
import { buildMember } from './member-life.factories.ts';
import { duesEntry } from './member-life.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
const now = today();
const year = now.slice(0, 4);
const thisMonth = now.slice(0, 7);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
});
afterAll(async () => t?.close());

const pay = (id: string, body: Record<string, unknown>, c = adminA) =>
  c.post(`/api/v1/members/${id}/dues`, { fromMonth: `${year}-01`, toMonth: `${year}-01`, amountFen: 20, paidOn: now, method: 'cash', ...body });

describe('the standard per member', () => {
  it('follows category and pay; farmers follow the province setting', async () => {
    const s = await buildMember(t.db, w.branchA.id, { duesCategory: 'salaried', monthlyIncomeFen: 456_700 });
    expect((await adminA.get(`/api/v1/members/${s.id}/dues`)).json().standardFen).toBe(900);
    const f = await buildMember(t.db, w.branchA.id, { duesCategory: 'farmer' });
    expect((await adminA.get(`/api/v1/members/${f.id}/dues`)).json().standardFen).toBe(20);
    await putSetting(t.db, w.province.id, 'dues.farmerFen', 50, null);
    expect((await adminA.get(`/api/v1/members/${f.id}/dues`)).json().standardFen).toBe(50);
  });
});

describe('payments', () => {
  it('records a payment and derives arrears from the months covered', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const res = await pay(m.id, { fromMonth: `${year}-01`, toMonth: thisMonth, amountFen: 20 * Number(thisMonth.slice(5)) });
    expect(res.statusCode).toBe(201);
    const d = (await adminA.get(`/api/v1/members/${m.id}/dues`)).json();
    expect(d.arrearsMonths).toEqual([]);
    expect(d.entries.length).toBe(1);
  });

  it('refuses future dates, non-positive amounts, bad months and months already paid, naming the field', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const future = await pay(m.id, { paidOn: addDays(now, 1) });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('paidOn');
    const negative = await pay(m.id, { amountFen: -20 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().field).toBe('amountFen');
    expect((await pay(m.id, { amountFen: 0 })).json().field).toBe('amountFen');
    expect((await pay(m.id, { fromMonth: '2026-13' })).json().field).toBe('fromMonth');
    expect((await pay(m.id, { fromMonth: `${year}-03`, toMonth: `${year}-02` })).json().field).toBe('toMonth');
    expect((await pay(m.id, { fromMonth: '2017-01', toMonth: '2017-02' })).json().field).toBe('fromMonth');
    expect((await pay(m.id, {})).statusCode).toBe(201);
    const dup = await pay(m.id, {});
    expect(dup.statusCode).toBe(422);
    expect(dup.json().field).toBe('fromMonth');
    expect((await t.db.select().from(duesEntry).where(eq(duesEntry.memberId, m.id))).length).toBe(1);
  });

  it('a correction is a reversing entry with a reason; the original stays; reversing twice is refused', async () => {
    const m = await buildMember(t.db, w.branchA.id, { admittedOn: '2018-01-01' });
    const e = (await pay(m.id, { amountFen: 200 })).json();
    const noReason = await adminA.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: '' });
    expect(noReason.json().field).toBe('reason');
    const rev = await adminA.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: '金额录错' });
    expect(rev.statusCode).toBe(201);
    expect(rev.json()).toMatchObject({ amountFen: -200, reversesId: e.id, reason: '金额录错' });
    const twice = await adminA.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: '再冲' });
    expect(twice.statusCode).toBe(422);
    const revRev = await adminA.post(`/api/v1/dues/entries/${rev.json().id}/reverse`, { reason: '冲销冲销' });
    expect(revRev.statusCode).toBe(422);
    // The months are owed again and can be paid again with the right amount.
    const d = (await adminA.get(`/api/v1/members/${m.id}/dues`)).json();
    expect(d.arrearsMonths).toContain(`${year}-01`);
    expect(d.entries.find((x: { id: number }) => x.id === e.id).reversed).toBe(true);
    expect((await pay(m.id, { amountFen: 20 })).statusCode).toBe(201);
    expect((await t.db.select().from(duesEntry).where(eq(duesEntry.memberId, m.id))).length).toBe(3);
  });

  it('another county’s members and entries answer 404', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    expect((await pay(m.id, {}, adminB)).statusCode).toBe(404);
    const e = (await pay(m.id, {})).json();
    expect((await adminB.post(`/api/v1/dues/entries/${e.id}/reverse`, { reason: 'x' })).statusCode).toBe(404);
  });
});

describe('arrears lists', () => {
  it('by member and by branch, with an Excel export; out-of-scope orgs answer 404', async () => {
    const owing = await buildMember(t.db, w.branchB.id, { name: '欠费乙', admittedOn: '2018-01-01' });
    const paid = await buildMember(t.db, w.branchB.id, { name: '缴清乙', admittedOn: '2018-01-01' });
    await pay(paid.id, { fromMonth: `${year}-01`, toMonth: thisMonth, amountFen: 100 }, adminB);
    const list = (await adminB.get('/api/v1/dues/arrears')).json().items;
    const names = list.map((x: { name: string }) => x.name);
    expect(names).toContain('欠费乙');
    expect(names).not.toContain('缴清乙');
    const row = list.find((x: { memberId: string }) => x.memberId === owing.id);
    expect(row).toMatchObject({ arrearsMonths: Number(thisMonth.slice(5)), arrearsFen: 20 * Number(thisMonth.slice(5)) });
    const branches = (await adminB.get(`/api/v1/dues/arrears/by-branch?orgId=${w.townB.id}`)).json().items;
    expect(branches.find((b: { orgId: number }) => b.orgId === w.branchB.id)).toMatchObject({ members: 2, inArrears: 1 });
    expect((await adminA.get(`/api/v1/dues/arrears?orgId=${w.townB.id}`)).statusCode).toBe(404);
    const x = await adminB.get('/api/v1/dues/arrears/export');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const values = wb.worksheets[0]?.getColumn(1).values ?? [];
    expect(values).toContain('欠费乙');
  });
});
