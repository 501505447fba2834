// The fuzz test's data: two counties with one of every entity each (as the route walker builds
// them), the accounts it calls as, and filled-in import templates with hostile cell values.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../app.ts';
import { accessGrant } from '../platform/access/access.schema.ts';
import { account } from '../platform/auth/auth.schema.ts';
import type { Db } from '../db/client.ts';
import { memberLifeFixtures } from '../modules/member-life/member-life.factories.ts';
import { orgLifeFixtures } from '../modules/org-life/test-factories.ts';
import { makeIdNumber } from '../modules/people/index.ts';
import { linkFixtures } from '../modules/people/links.factories.ts';
import { studyFixtures } from '../modules/study/study.factories.ts';
import { youthVoiceFixtures } from '../modules/youth-voice/youth-voice.factories.ts';
import { contactWorkFixtures } from '../modules/contact-work/contact-work.factories.ts';
import { hotlineFixtures } from '../modules/hotline/hotline.factories.ts';
import { createPii } from '../platform/pii.ts';
import { hoursFixtures } from '../modules/volunteer-hours/volunteer-hours.factories.ts';
import { volunteer } from '../modules/volunteers/index.ts';
import { buildWorld, password } from './factories.ts';
import { createTestDatabase, login, testConfig, type TestClient } from './harness.ts';
import { volunteerFixtures } from './volunteers.factories.ts';

/** A caller: signs in again when a generated request ended its session (logout, revoked session). */
export type Caller = { name: string; client: TestClient | null; relogin: () => Promise<TestClient | null> };

export async function buildFuzzWorld() {
  const database = await createTestDatabase();
  // failed sign-ins from generated requests must not lock the accounts the test calls as
  const config = testConfig({ trustProxy: true, loginMaxFailures: 1_000_000, logLevel: process.env.FUZZ_LOG ?? 'silent' });
  const app = await buildApp({ config, database, logger: process.env.FUZZ_LOG !== undefined });
  const db = database.db;
  const w = await buildWorld(db);

  const signIn = (username: string, pass: string, ip: string) => () => login(app, username, pass, { ip });
  const platform = signIn(w.users.platform, password, '10.200.0.1');
  const adminA = signIn(w.users.adminA, password, '10.200.0.2');
  const adminB = await login(app, w.users.adminB, password, { ip: '10.200.0.3' });
  const admin = await adminA();

  const personA = await admin.post('/api/v1/people', { orgId: w.townA.id, name: '甲某', gender: 'F', birthDate: '2000-01-01' });
  const personB = await adminB.post('/api/v1/people', { orgId: w.townB.id, name: '乙某', gender: 'M', birthDate: '2000-01-01' });
  const inScope: Record<string, string> = { org: String(w.townA.id), person: personA.json().id };
  const outOfScope: Record<string, string> = { org: String(w.townB.id), person: personB.json().id };
  // accounts and grants: county A's cadre, county B's admin (never the accounts the test calls as)
  for (const [scope, username] of [
    [inScope, w.users.cadreA],
    [outOfScope, w.users.adminB],
  ] as const) {
    const [a] = await db.select({ id: account.id }).from(account).where(eq(account.username, username));
    const [g] = a ? await db.select({ id: accessGrant.id }).from(accessGrant).where(eq(accessGrant.accountId, a.id)) : [];
    if (!a || !g) throw new Error(`no account or grant for ${username}`);
    Object.assign(scope, { account: a.id, grant: g.id });
  }
  Object.assign(inScope, await volunteerFixtures(db, w.townA.id));
  Object.assign(outOfScope, await volunteerFixtures(db, w.townB.id));
  Object.assign(inScope, await hoursFixtures(db, w.townA.id, inScope.volunteer ?? ''));
  Object.assign(outOfScope, await hoursFixtures(db, w.townB.id, outOfScope.volunteer ?? ''));
  for (const [client, branch, scope, n] of [
    [admin, w.branchA, inScope, 1],
    [adminB, w.branchB, outOfScope, 2],
  ] as const) {
    const m = await client.post('/api/v1/members', {
      orgId: branch.id,
      person: { name: `团员${n === 1 ? '甲' : '乙'}`, idNumber: makeIdNumber('430421', '2000-01-01', n * 2, 'F') },
      admittedOn: '2016-05-04',
    });
    const a = await client.post('/api/v1/member-applications', {
      orgId: branch.id,
      person: { name: `申请${n === 1 ? '甲' : '乙'}`, idNumber: makeIdNumber('430421', '2009-01-01', n * 2 + 1, 'M') },
      appliedOn: '2025-01-10',
    });
    if (m.statusCode !== 201 || a.statusCode !== 201) throw new Error(`fixtures: ${m.body} ${a.body}`);
    scope.member = m.json().id;
    scope.memberApplication = a.json().application.id;
  }
  Object.assign(inScope, await memberLifeFixtures(db, w.branchA.id, inScope.member ?? '', w.townA.id));
  Object.assign(outOfScope, await memberLifeFixtures(db, w.branchB.id, outOfScope.member ?? '', w.townB.id));
  Object.assign(inScope, await orgLifeFixtures(db, w.branchA.id));
  Object.assign(outOfScope, await orgLifeFixtures(db, w.branchB.id));
  Object.assign(inScope, await studyFixtures(db, w.townA.id));
  Object.assign(outOfScope, await studyFixtures(db, w.townB.id));
  Object.assign(inScope, await youthVoiceFixtures(db, w.townA.id, createPii(config.dataKey)));
  Object.assign(outOfScope, await youthVoiceFixtures(db, w.townB.id, createPii(config.dataKey)));
  Object.assign(inScope, await contactWorkFixtures(db, w.townA.id));
  Object.assign(outOfScope, await contactWorkFixtures(db, w.townB.id));
  Object.assign(inScope, await hotlineFixtures(db, w.townA.id));
  Object.assign(outOfScope, await hotlineFixtures(db, w.townB.id));
  Object.assign(inScope, await linkFixtures(db, personA.json().id, w.townB.id));
  Object.assign(outOfScope, await linkFixtures(db, personB.json().id, w.townA.id));

  const volunteerCaller = await phoneVolunteer(app, db, w.townA.id);
  const callers: Caller[] = [
    { name: 'platform admin', client: await platform(), relogin: platform },
    { name: 'county A admin', client: admin, relogin: adminA },
    { name: 'volunteer', client: await volunteerCaller(), relogin: volunteerCaller },
    { name: 'anonymous', client: null, relogin: async () => null },
  ];
  const templates = await filledTemplates(admin);
  return { app, database, db, w, inScope, outOfScope, callers, templates };
}

/** A phone user with a person and a volunteer record in `orgId`, signed up through the API. */
async function phoneVolunteer(app: FastifyInstance, db: Db, orgId: number) {
  const username = 'fuzzvolunteer';
  const pass = 'Fuzz-volunteer-2026';
  const ip = '10.200.0.4';
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/self/signup',
    payload: { username, password: pass, name: '张志愿', idNumber: makeIdNumber('430421', '1998-05-01', 77, 'F'), orgId },
    headers: { 'x-forwarded-for': ip },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.body}`);
  const { personId } = res.json() as { personId: string };
  await db.insert(volunteer).values({ id: uuidv7(), personId, orgId, number: '4304212026099999001', registeredOn: '2025-01-01' });
  return () => login(app, username, pass, { ip });
}

const hostileCells = ['', ' ', '2026-02-30', '0000-01-01', '9223372036854775808', '-1', '1e400', '<b>x</b>', '张'.repeat(300), '\u0000', '12345', '男', 'X'];

/** Each import template with rows of hostile cells: the upload routes parse real workbooks too. */
async function filledTemplates(client: TestClient): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const [name, url] of [
    ['orgs', '/api/v1/orgs/import-template'],
    ['members', '/api/v1/members/import-template'],
    ['study', '/api/v1/study/import-template'],
  ] as const) {
    const res = await client.get(url);
    if (res.statusCode !== 200) throw new Error(`template ${url}: ${res.statusCode}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    if (!sheet) throw new Error(`template ${url} has no sheet`);
    const width = Math.max(sheet.columnCount, 1);
    for (let r = 0; r < 6; r++) {
      sheet.addRow(Array.from({ length: width }, (_, c) => hostileCells[(r * 7 + c * 3) % hostileCells.length]));
    }
    out[name] = Buffer.from(await wb.xlsx.writeBuffer());
  }
  return out;
}
