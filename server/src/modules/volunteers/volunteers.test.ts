import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { addDays, addMonths, chinaToday } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { makeIdNumber } from '../people/index.ts';
import { person } from '../people/index.ts';
import { checkRegistrationAge, type Consent, recurrenceDates } from './volunteers.rules.ts';
import { volunteer } from './volunteers.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let observerA: TestClient;
let seq = 200;

const today = () => chinaToday();
/** A birth date `years` years and `days` days before today. */
function bornYearsAgo(years: number, days = 0): string {
  return addDays(addMonths(today(), -12 * years), -days);
}
function idNo(birthDate: string): string {
  seq += 2;
  return makeIdNumber('430421', birthDate, seq, 'F');
}
const register = (c: TestClient, body: Record<string, unknown>) => c.post('/api/v1/volunteers', { orgId: w.townA.id, ...body });
const newPerson = (birthDate: string, name = '李小青') => ({ name, idNumber: idNo(birthDate) });

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  observerA = await login(t.app, w.users.observerA, password);
});
afterAll(async () => t?.close());

/** The code a registration-age check answers, or 'ok'. */
function registrationCheck(birthDate: string, on: string, consent: Consent = {}): string {
  try {
    checkRegistrationAge(birthDate, on, consent);
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return `${e.code}:${e.field}`;
    throw e;
  }
}
const consent = { guardianName: '李父', guardianRelation: '父亲', guardianConsentOn: '2026-01-01' };

describe('pure rules', () => {
  it('registration ages at their edges: 14 on the birthday itself, 16 self-supporting, 18 alone', () => {
    expect(registrationCheck('2012-03-10', '2026-03-09', consent)).toBe('volunteers.too_young:birthDate');
    expect(registrationCheck('2012-03-10', '2026-03-10', consent)).toBe('ok');
    expect(registrationCheck('2012-03-10', '2026-03-10')).toBe('volunteers.guardian_consent_required:guardianName');
    expect(registrationCheck('2010-06-01', '2026-05-31', { selfSupporting: true })).toBe('volunteers.guardian_consent_required:guardianName');
    expect(registrationCheck('2010-06-01', '2026-06-01', { selfSupporting: true })).toBe('ok');
    expect(registrationCheck('2008-06-01', '2026-05-31', { selfSupporting: true })).toBe('ok');
    expect(registrationCheck('2008-06-01', '2026-05-31')).toBe('volunteers.guardian_consent_required:guardianName');
    expect(registrationCheck('2008-06-01', '2026-06-01')).toBe('ok');
  });

  it('someone born on 29 February turns 14 on 1 March in a common year', () => {
    expect(registrationCheck('2012-02-29', '2026-02-28', consent)).toBe('volunteers.too_young:birthDate');
    expect(registrationCheck('2012-02-29', '2026-03-01', consent)).toBe('ok');
    expect(registrationCheck('2012-02-29', '2026-03-01', { guardianName: '李父', guardianRelation: '父亲' })).toBe(
      'volunteers.guardian_consent_required:guardianConsentOn',
    );
    // In a leap year the birthday is the day itself: 16 on 29 February 2028.
    expect(registrationCheck('2012-02-29', '2028-02-28', { selfSupporting: true })).toBe('volunteers.guardian_consent_required:guardianName');
    expect(registrationCheck('2012-02-29', '2028-02-29', { selfSupporting: true })).toBe('ok');
  });

  it('generates the 1st and 3rd Saturday of each month, and the last Sunday', () => {
    const dates = recurrenceDates({ kind: 'monthly', weeks: [1, 3], weekday: 6, start: '09:00', end: '11:00', from: '2026-03-01', months: 2, capacity: 5 });
    expect(dates).toEqual(['2026-03-07', '2026-03-21', '2026-04-04', '2026-04-18']);
    expect(recurrenceDates({ kind: 'monthly', weeks: [-1], weekday: 0, start: '09:00', end: '10:00', from: '2026-03-01', months: 1, capacity: 5 })).toEqual([
      '2026-03-29',
    ]);
    expect(recurrenceDates({ kind: 'weekly', weekdays: [2, 4], start: '19:00', end: '21:00', from: '2026-03-01', months: 1, capacity: 5 })).toHaveLength(9);
    expect(() => recurrenceDates({ kind: 'weekly', weekdays: [2], start: '11:00', end: '09:00', from: '2026-03-01', months: 1, capacity: 5 })).toThrow();
  });

  it('applies the registration ages', () => {
    expect(registrationCheck('2013-01-02', '2027-01-01')).toBe('volunteers.too_young:birthDate');
    expect(checkRegistrationAge('2010-01-01', '2026-06-01', { selfSupporting: true }).selfSupporting).toBe(true);
    expect(registrationCheck('2011-01-01', '2026-06-01', { selfSupporting: true })).toBe('volunteers.guardian_consent_required:guardianName');
  });
});

describe('registration', () => {
  it('registers an adult with a volunteer number: city code + year + sequence, and audits it', async () => {
    const res = await register(adminA, {
      person: newPerson(bornYearsAgo(25)),
      skills: ['急救', '急救', ' 摄影 '],
      areas: ['社区服务'],
      insuredUntil: '2030-12-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v.number).toMatch(new RegExp(`^4300${today().slice(0, 4)}\\d{6}$`));
    expect(v.skills).toEqual(['急救', '摄影']);
    expect(v.idNumber).toMatch(/\*{4}/);
    const second = await register(adminA, { person: newPerson(bornYearsAgo(30), '王青') });
    expect(Number(second.json().number.slice(-6))).toBe(Number(v.number.slice(-6)) + 1);
    const [a] = await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, v.id));
    expect(a?.action).toBe('volunteer.registered');
  });

  it('refuses under 14, naming birthDate, and writes nothing (not even the person)', async () => {
    const p = newPerson(bornYearsAgo(14, -1), '幼小青');
    const res = await register(adminA, { person: p });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'volunteers.too_young', field: 'birthDate' });
    expect(await t.db.select().from(person).where(eq(person.name, '幼小青'))).toHaveLength(0);
  });

  it('14–16 needs guardian consent: name, relation and date, each named when missing', async () => {
    const birth = bornYearsAgo(15);
    for (const [body, field] of [
      [{}, 'guardianName'],
      [{ guardianName: '李父' }, 'guardianRelation'],
      [{ guardianName: '李父', guardianRelation: '父亲' }, 'guardianConsentOn'],
      [{ selfSupporting: true }, 'guardianName'],
    ] as const) {
      const res = await register(adminA, { person: newPerson(birth, '少年一'), ...body });
      expect(res.statusCode, field).toBe(422);
      expect(res.json()).toMatchObject({ code: 'volunteers.guardian_consent_required', field });
    }
    const ok = await register(adminA, { person: newPerson(birth, '少年一'), guardianName: '李父', guardianRelation: '父亲', guardianConsentOn: today() });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ guardianName: '李父', guardianRelation: '父亲', selfSupporting: false });
  });

  it('16–18 registers alone when self-supporting (recorded), else with consent', async () => {
    const birth = bornYearsAgo(17);
    const alone = await register(adminA, { person: newPerson(birth, '自立青年'), selfSupporting: true });
    expect(alone.statusCode).toBe(201);
    expect(alone.json()).toMatchObject({ selfSupporting: true, guardianName: null });
    const without = await register(adminA, { person: newPerson(birth, '未自立青年') });
    expect(without.json()).toMatchObject({ code: 'volunteers.guardian_consent_required', field: 'guardianName' });
  });

  it('refuses registering the same person twice', async () => {
    const p = newPerson(bornYearsAgo(22), '重复青');
    expect((await register(adminA, { person: p })).statusCode).toBe(201);
    const again = await register(adminA, { person: p });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'volunteers.already_registered', field: 'personId' });
  });

  it('self-registration: an account from /self/signup registers its own person', async () => {
    const birth = bornYearsAgo(20);
    const signup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/self/signup',
      payload: { username: 'selfvol', password: 'Qingnian#2026', name: '自助青', idNumber: idNo(birth), orgId: w.townA.id },
    });
    expect(signup.statusCode, signup.body).toBe(201);
    const me = await login(t.app, 'selfvol', 'Qingnian#2026');
    expect((await me.get('/api/v1/self/volunteer')).json().volunteer).toBeNull();
    const res = await me.post('/api/v1/self/volunteer', { orgId: w.townA.id, skills: ['外语'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: '自助青', skills: ['外语'] });
    expect((await me.get('/api/v1/self/volunteer')).json().volunteer.id).toBe(res.json().id);
    // Staff routes stay closed to a plain account.
    expect((await me.get('/api/v1/volunteers')).statusCode).toBe(403);
  });
});

describe('list, filters, export, scope', () => {
  it('filters by subtree, skill, area and registration period, pages by cursor, and exports to Excel', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      const res = await register(adminA, {
        orgId: w.branchA.id,
        person: newPerson(bornYearsAgo(20 + i), `筛选青${i}`),
        skills: i % 2 ? ['心理咨询'] : [],
        areas: ['河道巡护'],
        registeredOn: `2025-0${i + 1}-10`,
      });
      made.push(res.json());
    }
    const bySkill = await adminA.get(`/api/v1/volunteers?orgId=${w.branchA.id}&skill=${encodeURIComponent('心理咨询')}`);
    expect(bySkill.json().items).toHaveLength(2);
    const byPeriod = await adminA.get(`/api/v1/volunteers?orgId=${w.branchA.id}&registeredFrom=2025-02-01&registeredTo=2025-03-31`);
    expect(
      byPeriod
        .json()
        .items.map((v: { name: string }) => v.name)
        .sort(),
    ).toEqual(['筛选青1', '筛选青2']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await adminA.get(
        `/api/v1/volunteers?orgId=${w.branchA.id}&area=${encodeURIComponent('河道巡护')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...res.json().items.map((v: { id: string }) => v.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(made.map((v) => v.id).sort());
    const xlsx = await observerA.request({ method: 'GET', url: `/api/v1/volunteers/export?orgId=${w.branchA.id}` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.actualRowCount).toBe(6);
  });

  it('answers 404 across counties: list by orgId, read, update, register into', async () => {
    const v = (await register(adminA, { person: newPerson(bornYearsAgo(26), '甲县青') })).json();
    expect((await adminB.get(`/api/v1/volunteers/${v.id}`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/v1/volunteers/${v.id}`, { skills: ['x'] })).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/volunteers?orgId=${w.townA.id}`)).statusCode).toBe(404);
    expect((await register(adminB, { person: newPerson(bornYearsAgo(26), '越权青') })).statusCode).toBe(404);
    const list = await adminB.get('/api/v1/volunteers?limit=500');
    expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(v.id);
  });

  it('an account with grants on two separate subtrees lists exactly the union of both', async () => {
    const inA = (await register(adminA, { orgId: w.townA.id, person: newPerson(bornYearsAgo(23), '甲镇两授权青') })).json();
    const inB = (await register(adminB, { orgId: w.townB.id, person: newPerson(bornYearsAgo(23), '乙镇两授权青') })).json();
    const outside = (await register(adminA, { orgId: w.countyA.id, person: newPerson(bornYearsAgo(23), '县直两授权青') })).json();
    const username = await buildAccount(t.db, 'observer', w.townA.id, 'voltwotowns', { role: 'observer', orgId: w.townB.id });
    const both = await login(t.app, username, password);
    const ids = (await both.get('/api/v1/volunteers?limit=500')).json().items.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([inA.id, inB.id]));
    expect(ids).not.toContain(outside.id);
    expect((await both.get(`/api/v1/volunteers?orgId=${w.townB.id}&limit=500`)).json().items.map((x: { id: string }) => x.id)).toContain(inB.id);
    expect((await both.get(`/api/v1/volunteers?orgId=${w.countyA.id}`)).statusCode).toBe(404);
  });

  it('updates skills, insurance and status, recording when the status changed', async () => {
    const v = (await register(adminA, { person: newPerson(bornYearsAgo(40), '更新青') })).json();
    const res = await adminA.patch(`/api/v1/volunteers/${v.id}`, { insuredUntil: '2031-01-01', trainings: ['急救培训'], status: 'left' });
    expect(res.json()).toMatchObject({ insuredUntil: '2031-01-01', trainings: ['急救培训'], status: 'left' });
    const [row] = await t.db.select().from(volunteer).where(eq(volunteer.id, v.id));
    expect(row?.statusOn).toBe(today());
    expect((await adminA.patch(`/api/v1/volunteers/${v.id}`, { insuredUntil: '2031-02-30' })).json().field).toBe('insuredUntil');
  });
});
