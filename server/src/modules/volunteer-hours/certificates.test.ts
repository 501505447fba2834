import { writeFileSync } from 'node:fs';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildActivity } from '../../test/volunteers.factories.ts';
import { buildPhoneVolunteer } from './volunteer-hours.factories.ts';
import { normalizeCode } from './certificates.service.ts';
import { hourEntry } from './volunteer-hours.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password, { ip: '10.4.0.1' });
  adminB = await login(t.app, w.users.adminB, password, { ip: '10.4.0.2' });
});
afterAll(async () => t?.close());

async function volunteerWithHours() {
  const s = await buildPhoneVolunteer(t.app, t.db, w.townA.id, '王小青');
  const { activity } = await buildActivity(t.db, w.townA.id, { title: '河小青护河行动', serviceContent: '河道巡查与垃圾清理' });
  const row = (minutes: number, source: 'tracked' | 'manual', orgId = w.townA.id) => ({
    id: uuidv7(),
    volunteerId: s.volunteer.id,
    orgId,
    source,
    activityId: activity.id,
    serviceDate: '2026-02-14',
    minutes,
  });
  await t.db.insert(hourEntry).values([row(150, 'tracked'), row(60, 'tracked'), row(90, 'manual'), row(600, 'tracked', w.townB.id)]);
  return s;
}

const issue = (client: TestClient, body: Record<string, unknown>) => client.post('/api/v1/volunteer-hours/certificates', body);

describe('certificates', () => {
  it('carry every field of the 2021 measures, hours of the recording org only, tracked and manual apart', async () => {
    const s = await volunteerWithHours();
    const res = await issue(adminA, { volunteerId: s.volunteer.id, orgId: w.townA.id, responsiblePerson: '刘书记', contact: '0734-1234567' });
    expect(res.statusCode).toBe(201);
    const f = res.json().fields;
    expect(f).toMatchObject({
      volunteerName: '王小青',
      idType: '居民身份证',
      idNumberMasked: `${s.idNumber.slice(0, 4)}**********${s.idNumber.slice(-4)}`,
      volunteerNumber: s.volunteer.number,
      trackedHours: 3.5,
      manualHours: 1.5,
      totalHours: 5,
      serviceContent: ['河道巡查与垃圾清理'],
      issuerName: '甲镇团委',
      responsiblePerson: '刘书记',
      contact: '0734-1234567',
    });
    expect(f.handler).toBeTruthy();
    expect(f.number).toMatch(/^ZYFW\d{8}/);
    expect(f.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(f.verifyCode).toMatch(/^[0-9A-Z]{12}$/);
    expect(JSON.stringify(f)).not.toContain(s.idNumber);
  });

  it('are issued by the org that recorded the hours: another org (or county) cannot', async () => {
    const s = await volunteerWithHours();
    const county = await issue(adminA, { volunteerId: s.volunteer.id, orgId: w.countyA.id, responsiblePerson: '刘书记', contact: '123' });
    expect(county.statusCode).toBe(422);
    expect(county.json()).toMatchObject({ code: 'volunteer-hours.no_hours_recorded', field: 'orgId' });
    const other = await issue(adminB, { volunteerId: s.volunteer.id, orgId: w.townA.id, responsiblePerson: '刘', contact: '123' });
    expect(other.statusCode).toBe(404);
    const missing = await issue(adminA, { volunteerId: s.volunteer.id, orgId: w.townA.id, responsiblePerson: ' ', contact: '123' });
    expect(missing.json().field).toBe('responsiblePerson');
  });

  it('print as a Chinese PDF, for the console and for the volunteer’s own phone only', async () => {
    const s = await volunteerWithHours();
    const c = (await issue(adminA, { volunteerId: s.volunteer.id, orgId: w.townA.id, responsiblePerson: '刘书记', contact: '0734-1234567' })).json();
    const pdf = await adminA.get(`/api/v1/volunteer-hours/certificates/${c.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync('/tmp/volunteer-certificate-test.pdf', pdf.rawPayload);
    expect((await adminB.get(`/api/v1/volunteer-hours/certificates/${c.id}/pdf`)).statusCode).toBe(404);
    const mine = await s.client.get(`/api/v1/self/volunteer-certificates/${c.id}/pdf`);
    expect(mine.statusCode).toBe(200);
    const other = await buildPhoneVolunteer(t.app, t.db, w.townA.id, '赵某');
    expect((await other.client.get(`/api/v1/self/volunteer-certificates/${c.id}/pdf`)).statusCode).toBe(404);
    expect((await s.client.get('/api/v1/self/volunteer-hours')).json().certificates[0].fields.number).toBe(c.fields.number);
  });

  it('anyone can verify a code and sees only what the certificate shows', async () => {
    const s = await volunteerWithHours();
    const c = (await issue(adminA, { volunteerId: s.volunteer.id, orgId: w.townA.id, responsiblePerson: '刘书记', contact: '0734-1234567' })).json();
    const code = c.fields.verifyCode as string;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/volunteer-certificates/${code.toLowerCase()}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'valid', fields: c.fields });
    const wrong = await t.app.inject({ method: 'GET', url: '/api/v1/public/volunteer-certificates/ABCDEFGHJKMN' });
    expect(wrong.statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/public/volunteer-certificates/x' });
    expect(bad.statusCode).toBe(400);
    expect(normalizeCode(' abcd-efgh-jkmo ')).toBe('ABCDEFGHJKM0');
  });

  it('the public check is rate-limited', async () => {
    const codes = Array.from({ length: 25 }, () =>
      t.app.inject({ method: 'GET', url: '/api/v1/public/volunteer-certificates/ABCDEFGHJKMN', headers: { 'x-forwarded-for': '10.99.0.1' } }),
    );
    const statuses = (await Promise.all(codes)).map((r) => r.statusCode);
    expect(statuses).toContain(429);
  });
});
