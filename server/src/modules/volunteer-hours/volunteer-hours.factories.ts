// Test data for the hours ledger: a volunteer who signs in on a phone, shifts around a given time.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { login, type TestClient } from '../../test/harness.ts';
import { makeIdNumber } from '../people/index.ts';
import { buildActivity } from '../../test/volunteers.factories.ts';
import { signup, volunteer } from '../volunteers/index.ts';
import type { CertificateFields } from './certificate.pdf.ts';
import { addToRollup } from './ledger.service.ts';
import { type HourSource, hourClaim, hourEntry, starAward, volunteerCertificate } from './volunteer-hours.schema.ts';

let seq = 0;
const phonePassword = 'Phone-pass-2026';

/** Signs up on the phone (real name), becomes a registered volunteer of `orgId`, and signs in. */
export async function buildPhoneVolunteer(app: FastifyInstance, db: Db, orgId: number, name = '张志愿') {
  seq++;
  const username = `vol${seq}${uuidv7().slice(-6)}`;
  // distinct for every call in a run: nine birth dates, then a new even serial (a random serial once collided)
  const idNumber = makeIdNumber('430421', `1998-05-0${(seq % 9) + 1}`, 100 + 2 * Math.floor(seq / 9), 'F');
  // a client address of its own (the app trusts the proxy header in tests) keeps clear of rate limits
  const ip = `10.9.${seq % 250}.${Math.floor(Math.random() * 250)}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/self/signup',
    payload: { username, password: phonePassword, name, idNumber, orgId },
    headers: { 'x-forwarded-for': ip },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.body}`);
  const { personId } = res.json() as { personId: string };
  const [v] = await db
    .insert(volunteer)
    .values({ id: uuidv7(), personId, orgId, number: `43042120260${String(seq).padStart(5, '0')}${uuidv7().slice(-3)}`, registeredOn: '2025-01-01' })
    .returning();
  if (!v) throw new Error('insert failed');
  const client: TestClient = await login(app, username, phonePassword, { ip });
  const [a] = await db.select({ id: account.id }).from(account).where(eq(account.username, username));
  return { volunteer: v, client, accountId: a?.id ?? '', idNumber, username };
}

/** A published activity with one shift [start, end), optionally geofenced. */
export async function buildShift(db: Db, orgId: number, start: Date, end: Date, over: { lat?: number; lng?: number; geofenceM?: number; title?: string } = {}) {
  const { activity: a, shifts } = await buildActivity(db, orgId, {
    title: over.title ?? '河小青护河行动',
    serviceContent: '河道巡查与垃圾清理',
    lat: over.lat ?? null,
    lng: over.lng ?? null,
    geofenceM: over.geofenceM ?? null,
    shifts: [{ startsAt: start, endsAt: end, capacity: 10 }],
  });
  const s = shifts[0];
  if (!s) throw new Error('no shift');
  return { activity: a, shift: s };
}

export async function confirm(db: Db, shiftId: string, volunteerId: string, orgId: number) {
  await db.insert(signup).values({ id: uuidv7(), shiftId, volunteerId, orgId, status: 'confirmed' });
}

export const minutes = (n: number) => n * 60_000;

/** One of each hours entity inside an org: for the route walker's scope checks. */
export async function hoursFixtures(db: Db, orgId: number, volunteerId: string): Promise<Record<string, string>> {
  const { activity: a, shift: s } = await buildShift(db, orgId, new Date('2026-03-07T01:00:00Z'), new Date('2026-03-07T03:00:00Z'));
  const entryId = uuidv7();
  await db
    .insert(hourEntry)
    .values({ id: entryId, volunteerId, orgId, source: 'tracked', activityId: a.id, shiftId: s.id, serviceDate: '2026-03-07', minutes: 120 });
  const claimId = uuidv7();
  await db
    .insert(hourClaim)
    .values({ id: claimId, volunteerId, orgId, activityId: a.id, shiftId: s.id, serviceDate: '2026-03-07', minutes: 60, reason: '补录', enteredBy: uuidv7() });
  const starId = uuidv7();
  await db.insert(starAward).values({ id: starId, volunteerId, level: 1, orgId, thresholdHours: 100, minutesAtProposal: 6000, proposedOn: '2026-03-01' });
  const certId = uuidv7();
  const code = `FIX${String(orgId).padStart(9, '0')}`.slice(0, 12);
  const fields: CertificateFields = {
    number: `ZYFW-FIXTURE-${orgId}`,
    issuedOn: '2026-03-08',
    verifyCode: code,
    volunteerName: '测试',
    idType: '—',
    idNumberMasked: '—',
    volunteerNumber: 'T1',
    trackedHours: 2,
    manualHours: 0,
    totalHours: 2,
    periodFrom: null,
    periodTo: null,
    serviceContent: ['测试'],
    issuerName: '测试组织',
    responsiblePerson: '负责人',
    handler: '经办人',
    contact: '123',
  };
  await db.insert(volunteerCertificate).values({
    id: certId,
    number: fields.number,
    verifyCode: code,
    volunteerId,
    orgId,
    issuedOn: fields.issuedOn,
    trackedMinutes: 120,
    manualMinutes: 0,
    fields,
    issuedBy: uuidv7(),
  });
  return { hourEntry: entryId, hourClaim: claimId, starAward: starId, volunteerCertificate: certId };
}

export type HoursRow = { volunteerId: string; orgId: number; serviceDate: string; minutes: number; source?: HourSource; reversesId?: string };

/** Ledger entries as the services write them: with the monthly rollups, in one transaction. */
export async function recordHours(db: Db, rows: HoursRow[]) {
  return db.transaction(async (tx) => {
    const values = rows.map((r) => ({ id: uuidv7(), source: 'manual' as const, ...r }));
    const inserted = await tx.insert(hourEntry).values(values).returning();
    await addToRollup(tx, inserted);
    return inserted;
  });
}
