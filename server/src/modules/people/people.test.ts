import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { checkDigit, makeIdNumber } from './id-number.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let observerA: TestClient;
let cadreA: TestClient;
let seq = 100;

/** A valid ID number, unique within this file. */
function idNo(birthDate = '2001-05-04', gender: 'M' | 'F' = 'F'): string {
  seq += 2;
  return makeIdNumber('430102', birthDate, seq, gender);
}
const person = (over: Record<string, unknown> = {}) => ({ orgId: w.townA.id, name: '张三', ...over });

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  observerA = await login(t.app, w.users.observerA, password);
  cadreA = await login(t.app, w.users.cadreA, password);
});
afterAll(async () => t?.close());

describe('ID number rules', () => {
  it('refuses a bad check digit, an impossible birth date and a wrong length, naming idNumber', async () => {
    const valid = idNo();
    const badCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const feb30 = '43010220010230001';
    const cases = {
      'bad check digit': badCheck,
      'impossible birth date': feb30 + checkDigit(feb30),
      'too short': valid.slice(0, 17),
      'too long': `${valid}1`,
      'letters inside': `${valid.slice(0, 10)}AB${valid.slice(12)}`,
    };
    for (const [label, idNumber] of Object.entries(cases)) {
      const res = await adminA.post('/api/v1/people', person({ idNumber }));
      expect(res.statusCode, label).toBe(400);
      expect(res.json(), label).toMatchObject({ code: 'validation', field: 'idNumber' });
    }
  });

  it('takes birth date and gender from the ID number and refuses values that disagree', async () => {
    const idNumber = idNo('2002-03-04', 'M');
    const wrongDate = await adminA.post('/api/v1/people', person({ idNumber, birthDate: '2002-03-05' }));
    expect(wrongDate.statusCode).toBe(400);
    expect(wrongDate.json().field).toBe('birthDate');
    const wrongGender = await adminA.post('/api/v1/people', person({ idNumber, gender: 'F' }));
    expect(wrongGender.statusCode).toBe(400);
    expect(wrongGender.json().field).toBe('gender');
    const ok = await adminA.post('/api/v1/people', person({ idNumber }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ birthDate: '2002-03-04', gender: 'M' });
  });

  it('refuses a duplicate ID number (whatever the case of X) with 409 in scope and on update; elsewhere it files a link request', async () => {
    let x = '';
    for (let s = 1; !x; s++) {
      const candidate = makeIdNumber('430103', '1999-09-09', s, 'F');
      if (candidate.endsWith('X')) x = candidate;
    }
    expect((await adminA.post('/api/v1/people', person({ idNumber: x }))).statusCode).toBe(201);
    const again = await adminA.post('/api/v1/people', person({ name: '李四', idNumber: x.toLowerCase() }));
    expect(again.statusCode).toBe(409);
    expect(again.json().field).toBe('idNumber');
    expect(again.body).not.toContain(x);
    // Another county learns only that the number is kept (unavoidable), not by whom: see links.test.ts.
    const elsewhere = await adminB.post('/api/v1/people', person({ orgId: w.townB.id, idNumber: x }));
    expect(elsewhere.statusCode).toBe(202);
    expect(elsewhere.json()).toMatchObject({ status: 'link_requested' });
    const other = await adminA.post('/api/v1/people', person({ name: '王五', idNumber: idNo() }));
    const patched = await adminA.patch(`/api/v1/people/${other.json().id}`, { idNumber: x });
    expect(patched.statusCode).toBe(409);
  });

  it('checks the phone number, naming phone', async () => {
    const res = await adminA.post('/api/v1/people', person({ idNumber: idNo(), phone: '12345' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('phone');
  });
});

describe('personal data at rest and on output', () => {
  let id: string;
  const idNumber = makeIdNumber('430104', '2000-08-08', 321, 'M');
  const phone = '13812345678';

  beforeAll(async () => {
    const res = await adminA.post('/api/v1/people', person({ name: '赵六', idNumber, phone: '138-1234-5678' }));
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });

  it('stores the ID number and phone encrypted, with a keyed hash that is not the number', async () => {
    const { rows } = await t.database.pool.query('select * from person where id = $1', [id]);
    const row = rows[0] as Record<string, string | null>;
    expect(row.id_number_enc).toBeTruthy();
    expect(row.id_number_enc).not.toContain(idNumber);
    expect(row.id_number_enc).not.toContain(idNumber.slice(6, 14));
    expect(row.id_number_hash).toBeTruthy();
    expect(row.id_number_hash).not.toBe(idNumber);
    expect(row.id_number_hash).not.toContain(idNumber.slice(0, 10));
    expect(row.phone_enc).toBeTruthy();
    expect(row.phone_enc).not.toContain(phone);
    expect(row.phone_hash).not.toContain(phone);
    // No column anywhere in the row holds the plain values.
    expect(JSON.stringify(row)).not.toContain(idNumber);
    expect(JSON.stringify(row)).not.toContain(phone);
    // The same number encrypts differently each time (random IV), the hash is stable.
    const again = makeIdNumber('430104', '2000-08-08', 323, 'M');
    const other = await adminA.post('/api/v1/people', person({ idNumber: again }));
    const { rows: r2 } = await t.database.pool.query('select id_number_hash from person where id = $1', [other.json().id]);
    expect(r2[0].id_number_hash).not.toBe(row.id_number_hash);
  });

  it('shows them masked in every read and in the audit trail', async () => {
    const masked = `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
    const one = (await adminA.get(`/api/v1/people/${id}`)).json();
    expect(one.idNumber).toBe(masked);
    expect(one.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(one.phone).toBe('138****5678');
    const list = await adminA.get(`/api/v1/people?orgId=${w.townA.id}&limit=500`);
    expect(list.body).toContain(masked);
    expect(list.body).not.toContain(idNumber);
    expect(list.body).not.toContain(phone);
    for (const field of ['idNumberEnc', 'idNumberHash', 'id_number_enc', 'phoneEnc']) expect(list.body).not.toContain(field);
    const events = await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, id));
    expect(events.map((e) => e.action)).toContain('person.created');
    expect(JSON.stringify(events)).not.toContain(idNumber);
    expect(JSON.stringify(events)).not.toContain(phone);
  });

  it('gives the full values to a committee admin and audits the view', async () => {
    const before = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.entityId, id), eq(auditEvent.action, 'person.viewed_full')));
    const res = await adminA.get(`/api/v1/people/${id}/sensitive`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber, phone });
    const after = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.entityId, id), eq(auditEvent.action, 'person.viewed_full')));
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)?.actorUsername).toBe(w.users.adminA);
    expect(after.at(-1)?.orgId).toBe(w.townA.id);
  });

  it('refuses the full values to observer and cadre (no person.viewFull), without an audit event', async () => {
    const count = async () =>
      (
        await t.db
          .select()
          .from(auditEvent)
          .where(and(eq(auditEvent.entityId, id), eq(auditEvent.action, 'person.viewed_full')))
      ).length;
    const n = await count();
    for (const c of [observerA, cadreA]) {
      const res = await c.get(`/api/v1/people/${id}/sensitive`);
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(idNumber);
      // They still see the masked record.
      expect((await c.get(`/api/v1/people/${id}`)).statusCode).toBe(200);
    }
    expect(await count()).toBe(n);
    expect((await adminB.get(`/api/v1/people/${id}/sensitive`)).statusCode).toBe(404);
  });

  it('finds a person by ID number through the hash, within scope only', async () => {
    const found = await adminA.get(`/api/v1/people?idNumber=${idNumber}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([id]);
    const notSeen = await adminB.get(`/api/v1/people?idNumber=${idNumber}`);
    expect(notSeen.json().items).toEqual([]);
    const none = await adminA.get(`/api/v1/people?idNumber=${idNo()}`);
    expect(none.json().items).toEqual([]);
  });
});

describe('people scope', () => {
  it('lists only people inside the caller scope, and refuses to create outside it', async () => {
    const a = await adminA.post('/api/v1/people', person({ name: '甲县人', gender: 'F', birthDate: '2003-01-01' }));
    const b = await adminB.post('/api/v1/people', person({ orgId: w.townB.id, name: '乙县人', gender: 'M', birthDate: '2003-01-01' }));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    const seenByA = (await adminA.get('/api/v1/people?limit=500')).json().items.map((p: { id: string }) => p.id);
    const seenByB = (await adminB.get('/api/v1/people?limit=500')).json().items.map((p: { id: string }) => p.id);
    expect(seenByA).toContain(a.json().id);
    expect(seenByA).not.toContain(b.json().id);
    expect(seenByB).toContain(b.json().id);
    expect(seenByB).not.toContain(a.json().id);
    const city = await login(t.app, w.users.cityAdmin, password);
    const seenByCity = (await city.get('/api/v1/people?limit=500')).json().items.map((p: { id: string }) => p.id);
    expect(seenByCity).toEqual(expect.arrayContaining([a.json().id, b.json().id]));
    expect((await adminA.post('/api/v1/people', person({ orgId: w.townB.id, gender: 'M', birthDate: '2003-01-01' }))).statusCode).toBe(404);
    // Moving a person out of scope is refused too.
    expect((await adminA.patch(`/api/v1/people/${a.json().id}`, { orgId: w.townB.id })).statusCode).toBe(404);

    // An account granted on both counties (separate subtrees) sees exactly the union.
    const username = await buildAccount(t.db, 'observer', w.countyA.id, 'peopletwocounties', { role: 'observer', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    const seenByBoth = (await both.get('/api/v1/people?limit=500')).json().items.map((p: { id: string }) => p.id);
    expect(new Set(seenByBoth)).toEqual(new Set([...seenByA, ...seenByB]));
    expect((await both.get(`/api/v1/people?orgId=${w.townB.id}&limit=500`)).json().items.map((p: { id: string }) => p.id)).toContain(b.json().id);
  });

  it('refuses a person in a closed org with the kernel code naming orgId', async () => {
    const closed = await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '将撤销人员团支部', kind: 'branch' });
    expect((await adminA.post(`/api/v1/orgs/${closed.json().id}/close`, {})).statusCode).toBe(200);
    const res = await adminA.post('/api/v1/people', person({ orgId: closed.json().id, gender: 'F', birthDate: '2003-01-01' }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'org_inactive', field: 'orgId' });
  });

  it('pages people with a cursor: no duplicates, none missing', async () => {
    for (let i = 0; i < 7; i++) {
      expect((await adminA.post('/api/v1/people', person({ orgId: w.branchA.id, name: `分页${i}`, idNumber: idNo() }))).statusCode).toBe(201);
    }
    const seen: string[] = [];
    let url = `/api/v1/people?orgId=${w.branchA.id}&limit=3`;
    for (let pages = 0; pages < 10; pages++) {
      const page = (await adminA.get(url)).json();
      seen.push(...page.items.map((p: { id: string }) => p.id));
      if (!page.nextCursor) break;
      url = `/api/v1/people?orgId=${w.branchA.id}&limit=3&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });
});
