import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { importAndWait } from '../../test/xlsx.ts';
import { makeIdNumber } from '../people/index.ts';
import { person } from '../people/index.ts';
import { member } from './members.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let secretaryA: TestClient;
let observerA: TestClient;
let seq = 300;

function idNo(birthDate: string, gender: 'M' | 'F' = 'F'): string {
  seq += 2;
  return makeIdNumber('430421', birthDate, seq, gender);
}
const body = (over: Record<string, unknown> = {}) => ({
  orgId: w.branchA.id,
  person: { name: '李四', idNumber: idNo('2004-03-04'), phone: '13800138000' },
  admittedOn: '2019-05-04',
  developmentNumber: `2019${String(++seq).padStart(8, '0')}`,
  ...over,
});

async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('团员');
  ws.addRow(['姓名', '身份证号', '手机号', '入团日期', '发展团员编号', '所在团支部']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function memberCount(): Promise<number> {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(member);
  return r?.n ?? 0;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  secretaryA = await login(t.app, w.users.secretaryA, password);
  observerA = await login(t.app, w.users.observerA, password);
});
afterAll(async () => t?.close());

describe('member records', () => {
  it('creates a member with a new person, masked on output, audited', async () => {
    const res = await secretaryA.post('/api/v1/members', body());
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m.name).toBe('李四');
    expect(m.idNumber).toMatch(/^4304\*+\d{3}[\dX]$/);
    expect(m.orgName).toBe('甲村团支部');
    expect(m.status).toBe('active');
    const got = await observerA.get(`/api/v1/members/${m.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().developmentNumber).toBe(m.developmentNumber);
    expect((await adminB.get(`/api/v1/members/${m.id}`)).statusCode).toBe(404);
  });

  it('refuses admission before 14, at 28 or later, in the future — naming admittedOn', async () => {
    const young = await adminA.post(
      '/api/v1/members',
      body({ person: { name: '小王', idNumber: idNo('2010-09-01') }, admittedOn: '2024-08-31', developmentNumber: '202400000901' }),
    );
    expect(young.statusCode).toBe(422);
    expect(young.json()).toMatchObject({ code: 'members.too_young', field: 'admittedOn' });
    const old = await adminA.post(
      '/api/v1/members',
      body({ person: { name: '老王', idNumber: idNo('1990-01-01') }, admittedOn: '2018-01-01', developmentNumber: '201800000901' }),
    );
    expect(old.statusCode).toBe(422);
    expect(old.json()).toMatchObject({ code: 'members.too_old', field: 'admittedOn' });
    const future = await adminA.post('/api/v1/members', body({ admittedOn: '2099-01-01', developmentNumber: '209900000001' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('admittedOn');
    expect(await t.db.select().from(person).where(eq(person.name, '小王'))).toHaveLength(0);
  });

  it('someone born on 29 February turns 14 on 1 March in a common year', async () => {
    const idNumber = idNo('2008-02-29');
    const early = await adminA.post(
      '/api/v1/members',
      body({ person: { name: '闰日', idNumber }, admittedOn: '2022-02-28', developmentNumber: '202200000229' }),
    );
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'members.too_young', field: 'admittedOn' });
    expect(early.json().messages['zh-CN']).toContain('2022-03-01');
    const onTime = await adminA.post(
      '/api/v1/members',
      body({ person: { name: '闰日', idNumber }, admittedOn: '2022-03-01', developmentNumber: '202200000229' }),
    );
    expect(onTime.statusCode, onTime.body).toBe(201);
    expect(onTime.json().birthDate).toBe('2008-02-29');
  });

  it('requires a 12-digit development number starting with the year for admissions since 2017, unique', async () => {
    const missing = await adminA.post('/api/v1/members', body({ developmentNumber: null }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('developmentNumber');
    const wrongYear = await adminA.post('/api/v1/members', body({ developmentNumber: '201800000001' }));
    expect(wrongYear.json()).toMatchObject({ code: 'validation', field: 'developmentNumber' });
    const short = await adminA.post('/api/v1/members', body({ developmentNumber: '2019001' }));
    expect(short.json().field).toBe('developmentNumber');
    const old = await adminA.post(
      '/api/v1/members',
      body({ person: { name: '钱七', idNumber: idNo('2000-01-01') }, admittedOn: '2016-05-04', developmentNumber: null }),
    );
    expect(old.statusCode, old.body).toBe(201);
    const taken = await adminA.post('/api/v1/members', body({ developmentNumber: '201900009999' }));
    expect(taken.statusCode).toBe(201);
    const dup = await adminA.post('/api/v1/members', body({ developmentNumber: '201900009999' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('developmentNumber');
  });

  it('puts members only in active branches in scope; one active membership per person', async () => {
    const town = await adminA.post('/api/v1/members', body({ orgId: w.townA.id }));
    expect(town.statusCode).toBe(422);
    expect(town.json()).toMatchObject({ code: 'org_not_branch', field: 'orgId' });
    expect((await adminA.post('/api/v1/members', body({ orgId: w.branchB.id }))).statusCode).toBe(404);
    const idNumber = idNo('2003-01-02', 'M');
    const first = await adminA.post('/api/v1/members', body({ person: { name: '赵六', idNumber } }));
    expect(first.statusCode).toBe(201);
    const again = await adminA.post('/api/v1/members', body({ person: { name: '赵六', idNumber } }));
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'members.already_member', field: 'personId' });
    const byId = await adminA.post('/api/v1/members', body({ person: undefined, personId: first.json().personId }));
    expect(byId.json()).toMatchObject({ code: 'members.already_member', field: 'personId' });
    const otherName = await adminA.post('/api/v1/members', body({ person: { name: '赵七', idNumber } }));
    expect(otherName.statusCode).toBe(422);
    expect(otherName.json()).toMatchObject({ code: 'members.other_name', field: 'name' });
  });

  it('edits a record with the same rules and audits it', async () => {
    const m = (await adminA.post('/api/v1/members', body())).json();
    const bad = await secretaryA.patch(`/api/v1/members/${m.id}`, { admittedOn: '2020-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('developmentNumber');
    const ok = await secretaryA.patch(`/api/v1/members/${m.id}`, { admittedOn: '2020-01-01', developmentNumber: '202000000777', leaguePost: '组织委员' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().leaguePost).toBe('组织委员');
    expect((await adminB.patch(`/api/v1/members/${m.id}`, { leaguePost: 'x' })).statusCode).toBe(404);
    expect((await observerA.patch(`/api/v1/members/${m.id}`, { leaguePost: 'x' })).statusCode).toBe(403);
    await t.db.update(member).set({ status: 'left', leftOn: '2024-01-01', leftReason: 'voluntary' }).where(eq(member.id, m.id));
    const left = await secretaryA.patch(`/api/v1/members/${m.id}`, { leaguePost: '宣传委员' });
    expect(left.statusCode).toBe(422);
    expect(left.json()).toMatchObject({ code: 'members.member_left', field: 'status' });
  });
});

describe('member lists', () => {
  it('filters by org subtree, status, age band, admission period and name, with keyset pages', async () => {
    const all = await adminA.get(`/api/v1/members?orgId=${w.countyA.id}&limit=500`);
    expect(all.statusCode).toBe(200);
    const n = all.json().items.length;
    expect(n).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await adminA.get(`/api/v1/members?orgId=${w.countyA.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    const named = (await adminA.get(`/api/v1/members?q=${encodeURIComponent('赵六')}`)).json().items;
    expect(named.map((i: { name: string }) => i.name)).toEqual(['赵六']);
    const period = (await adminA.get('/api/v1/members?admittedFrom=2016-01-01&admittedTo=2016-12-31')).json().items;
    expect(period.every((i: { admittedOn: string }) => i.admittedOn.startsWith('2016'))).toBe(true);
    expect(period.length).toBeGreaterThan(0);
    const band = (await adminA.get('/api/v1/members?ageMin=22&ageMax=22')).json().items;
    expect(band.length).toBeGreaterThan(0);
    expect(band.every((i: { age: number }) => i.age === 22)).toBe(true);
    expect((await adminB.get('/api/v1/members')).json().items).toHaveLength(0);
    expect((await adminB.get(`/api/v1/members?orgId=${w.branchA.id}`)).statusCode).toBe(404);
  });

  it('an account granted on two separate counties lists the members of both, and only those', async () => {
    const inB = await adminB.post('/api/v1/members', body({ orgId: w.branchB.id, person: { name: '乙县团员', idNumber: idNo('2003-03-03') } }));
    expect(inB.statusCode, inB.body).toBe(201);
    const username = await buildAccount(t.db, 'observer', w.countyA.id, 'memberstwocounties', { role: 'observer', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    const ids = async (c: TestClient, q = '') => ((await c.get(`/api/v1/members?limit=500${q}`)).json().items as { id: string }[]).map((i) => i.id);
    const seen = await ids(both);
    expect(new Set(seen)).toEqual(new Set([...(await ids(adminA)), ...(await ids(adminB))]));
    expect(seen).toContain(inB.json().id);
    // Pages of the union are exact too, and one county of the two can be asked for.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await both.get(`/api/v1/members?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.sort()).toEqual([...seen].sort());
    expect(await ids(both, `&orgId=${w.countyB.id}`)).toEqual([inB.json().id]);
  });

  it('writable=true lists only the members the caller may change: a picker that starts a transfer offers no others', async () => {
    // admin of county A, observer of county B: reads both, changes only A
    const inB = await adminB.post('/api/v1/members', body({ orgId: w.branchB.id, person: { name: '乙县可读', idNumber: idNo('2003-04-04') } }));
    expect(inB.statusCode, inB.body).toBe(201);
    const username = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'memberswritable', { role: 'observer', orgId: w.countyB.id });
    const mixed = await login(t.app, username, password);
    const orgsOf = async (q: string) => new Set(((await mixed.get(`/api/v1/members?limit=500${q}`)).json().items as { orgId: number }[]).map((i) => i.orgId));
    const readable = await orgsOf('');
    const writable = await orgsOf('&writable=true');
    expect(readable.has(w.branchB.id)).toBe(true);
    expect(writable.has(w.branchB.id)).toBe(false);
    expect(writable.has(w.branchA.id)).toBe(true);
    expect((await mixed.get(`/api/v1/members?writable=true&orgId=${w.countyB.id}`)).statusCode).toBe(404);
  });

  it('exports the filtered list to Excel with masked ID numbers', async () => {
    const res = await adminA.get(`/api/v1/members/export?orgId=${w.branchA.id}&q=${encodeURIComponent('赵六')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.actualRowCount).toBe(2);
    expect(String(ws?.getRow(2).getCell(1).value)).toBe('赵六');
    expect(String(ws?.getRow(2).getCell(5).value)).toMatch(/\*{6}/);
  });
});

describe('member import', () => {
  const upload = (client: TestClient, orgId: number, buf: Buffer) => importAndWait(client, `/api/v1/members/import/${orgId}`, buf, { filename: 'm.xlsx' });

  it('serves a template whose example row passes', async () => {
    const res = await adminA.get('/api/v1/members/import-template');
    expect(res.statusCode).toBe(200);
    const b = await buildOrg(t.db, w.townA, { name: '模板村团支部', kind: 'branch', category: 'village' });
    const ok = await upload(adminA, b.id, res.rawPayload);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().created).toBe(1);
  });

  it('reports every bad row with its column and writes nothing', async () => {
    const before = await memberCount();
    const good = idNo('2005-07-07', 'M');
    const res = await upload(
      adminA,
      w.townA.id,
      await sheet([
        ['好人', good, '13900000001', '2021-05-04', '202100001001', '甲村团支部'],
        ['坏号', '430421200507071234', '', '2021-05-04', '202100001002', '甲村团支部'],
        ['太小', idNo('2012-01-01'), '', '2021-05-04', '202100001003', '甲村团支部'],
        ['无号', idNo('2005-01-01'), '', '2021-05-04', '', '甲村团支部'],
        ['重复', good, '', '2021-05-04', '202100001001', String(w.branchA.id)],
        ['别处', idNo('2005-02-02'), '', '2021-05-04', '202100001005', '乙村团支部'],
      ]),
    );
    expect(res.statusCode).toBe(422);
    const errs = res.json().errors as { row: number; column: string; field: string }[];
    const at = (row: number) => errs.filter((e) => e.row === row).map((e) => e.field);
    expect(at(2)).toEqual([]);
    expect(at(3)).toContain('idNumber');
    expect(at(4)).toContain('admittedOn');
    expect(at(5)).toContain('developmentNumber');
    expect(at(6)).toEqual(expect.arrayContaining(['idNumber', 'developmentNumber']));
    expect(at(7)).toContain('branch');
    expect(errs.find((e) => e.row === 3)?.column).toBe('身份证号');
    expect(await memberCount()).toBe(before);
  });

  it('imports all rows when they pass, reusing persons found by ID number', async () => {
    const existing = idNo('2002-02-02');
    await t.db.insert(person).values({
      id: '01890000-0000-7000-8000-00000000abcd',
      orgId: w.townA.id,
      name: '旧人',
      gender: 'F',
      birthDate: '2002-02-02',
      idNumberHash: (await import('../../platform/pii.ts')).createPii(t.config.dataKey).hash('id', existing),
    });
    // kept by the township: inside the county admin's scope (a branch secretary would send a link request)
    const res = await upload(
      adminA,
      w.branchA.id,
      await sheet([
        ['旧人', existing, '', '2018-05-04', '201800002001', ''],
        ['新人', idNo('2006-06-06'), '13900000002', '2022-05-04', '202200002002', ''],
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, peopleReused: 1 });
    const [m] = await t.db.select().from(member).where(eq(member.personId, '01890000-0000-7000-8000-00000000abcd'));
    expect(m?.developmentNumber).toBe('201800002001');
    expect((await upload(adminB, w.branchA.id, await sheet([['x', idNo('2006-06-07'), '', '2022-05-04', '202200002003', '']]))).statusCode).toBe(404);
  });

  // Issue 8, finding 3: a row naming a person kept in another county told their surname or that they are a member.
  it('a row whose ID number is kept in another county says only that, whatever the name, and writes nothing', async () => {
    const keptInB = idNo('2003-03-03', 'M');
    const inB = await upload(adminB, w.branchB.id, await sheet([['乙县人', keptInB, '', '2019-05-04', '201900003001', '']]));
    expect(inB.statusCode, inB.body).toBe(200);
    const before = await memberCount();
    for (const name of ['乙县人', '别的名字']) {
      const res = await upload(adminA, w.branchA.id, await sheet([[name, keptInB, '', '2019-05-04', '201900003002', '']]));
      expect(res.statusCode, res.body).toBe(422);
      const errs = res.json().errors as { row: number; field: string; message: string }[];
      expect(errs).toEqual([expect.objectContaining({ row: 2, field: 'idNumber', message: expect.stringMatching(/其他组织登记/) })]);
      expect(res.body).not.toMatch(/乙|在册团员/);
    }
    expect(await memberCount()).toBe(before);
  });

  // Finding 6: an existing member imported again answered a bare 409 without the row.
  it('re-importing members already on file answers the row-by-row errors naming each row', async () => {
    const early = idNo('1999-05-05', 'M');
    const late = idNo('2005-05-05', 'M');
    const file = await sheet([
      ['早年团员', early, '', '2015-05-04', '', ''],
      ['近年团员', late, '', '2021-05-04', '202100007001', ''],
    ]);
    const first = await upload(adminA, w.branchA.id, file);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ created: 2, peopleReused: 0 });
    const before = await memberCount();
    const again = await upload(adminA, w.branchA.id, file);
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json().code).toBe('import_failed');
    const errs = again.json().errors as { row: number; field: string; message: string }[];
    // The member admitted before 2017 has no development number: only the person tells it is a re-import.
    expect(errs.filter((e) => e.row === 2).map((e) => e.field)).toEqual(['idNumber']);
    expect(errs.find((e) => e.row === 2)?.message).toMatch(/已是在册团员/);
    expect(errs.filter((e) => e.row === 3).map((e) => e.field)).toEqual(expect.arrayContaining(['idNumber', 'developmentNumber']));
    expect(await memberCount()).toBe(before);
  });

  it('a unique value put on file by someone else while the import writes comes back as the row error, not a bare 409', async () => {
    // Another person made a member with the same development number between the checks and the
    // writes: a trigger does it inside the import's own transaction, right before its first insert.
    const otherId = '01890000-0000-7000-8000-0000000099ab';
    await t.db.insert(person).values({ id: otherId, orgId: w.branchA.id, name: '抢先者', gender: 'M', birthDate: '2004-04-04' });
    await t.database.pool.query(`create function tw_race() returns trigger language plpgsql as $$
      begin
        insert into member (id, person_id, org_id, admitted_on, development_number)
        select '01890000-0000-7000-8000-0000000099ac', '${otherId}', ${w.branchA.id}, '2021-05-04', '202100009901'
        where not exists (select 1 from member where development_number = '202100009901');
        return new;
      end $$`);
    await t.database.pool.query('create trigger tw_race before insert on person for each row execute function tw_race()');
    try {
      const before = await memberCount();
      const res = await upload(
        adminA,
        w.branchA.id,
        await sheet([
          ['先到者', idNo('2005-08-08'), '', '2021-05-04', '202100009900', ''],
          ['后到者', idNo('2005-09-09'), '', '2021-05-04', '202100009901', ''],
        ]),
      );
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'import_failed', errors: [{ row: 3, field: 'developmentNumber', column: '发展团员编号' }] });
      expect(await memberCount()).toBe(before);
    } finally {
      await t.database.pool.query('drop trigger tw_race on person');
      await t.database.pool.query('drop function tw_race()');
    }
  });
});
