import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { importAndWait } from '../../test/xlsx.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const header = ['序号', '组织名称', '组织类型', '组织类别', '上级组织ID', '上级序号', '建立日期'];

async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (targetId: number, content: Buffer, filename?: string, type?: string) =>
  importAndWait(adminA, `/api/v1/orgs/${targetId}/import`, content, { filename, type });

async function orgCount(): Promise<number> {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(org);
  return r?.n ?? 0;
}

async function readSheet(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
});
afterAll(async () => t?.close());

describe('org import template', () => {
  it('downloads an xlsx with the template header', async () => {
    const res = await adminA.get('/api/v1/orgs/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(xlsxType);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const ws = await readSheet(res.rawPayload);
    const cells = (ws.getRow(1).values as unknown[]).filter(Boolean);
    expect(cells).toEqual(expect.arrayContaining(['组织名称', '组织类型', '上级序号']));
  });

  it('the template itself imports cleanly (its example rows are valid)', async () => {
    const target = (await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '模板导入目标团委', kind: 'committee' })).json();
    const template = (await adminA.get('/api/v1/orgs/import-template')).rawPayload;
    const res = await upload(target.id, template);
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(2);
  });
});

describe('org import', () => {
  it('imports valid rows, including a parent given by row key', async () => {
    const before = await orgCount();
    const buf = await workbook([
      ['1', '导入街道团工委', '团工委', '街道', null, null, '2020-05-04'],
      ['2', '导入社区团支部', '团支部', '社区', null, '1', '2021-03-01'],
      ['3', '导入村团支部', '团支部', '村', w.townA.id, null, null],
    ]);
    const res = await upload(w.townA.id, buf);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 3 });
    expect(await orgCount()).toBe(before + 3);
    const [street] = await t.db.select().from(org).where(eq(org.name, '导入街道团工委'));
    const [community] = await t.db.select().from(org).where(eq(org.name, '导入社区团支部'));
    const [village] = await t.db.select().from(org).where(eq(org.name, '导入村团支部'));
    expect(street).toMatchObject({ parentId: w.townA.id, kind: 'working_committee', category: 'street', establishedOn: '2020-05-04' });
    expect(community).toMatchObject({ parentId: street?.id, kind: 'branch', path: `${street?.path}.${community?.id}` });
    expect(village?.parentId).toBe(w.townA.id);
    const created = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'org.imported'));
    expect(created.length).toBeGreaterThan(0);
  });

  it('reports every bad row with row, column and message, and writes nothing', async () => {
    const before = await orgCount();
    const auditBefore = (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvent))[0]?.n;
    const buf = await workbook([
      ['1', '好的团委甲', '团委', null, null, null, null],
      ['2', '坏类型团支部', '司令部', null, null, null, null],
      ['3', '好的团支部乙', '团支部', null, null, '1', null],
      ['4', '<b>坏名字</b>', '团支部', null, null, null, '2020-01-01'],
      ['5', '越界团支部', '团支部', null, w.townB.id, null, null],
      ['6', '未来团支部', '团支部', null, null, null, '2999-01-01'],
    ]);
    const res = await upload(w.townA.id, buf);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('import_failed');
    const errs = body.errors as { row: number; column: string; message: string }[];
    // Sheet rows: the header is row 1, so data row n is sheet row n + 1.
    expect([...new Set(errs.map((e) => e.row))].sort()).toEqual([3, 5, 6, 7]);
    for (const e of errs) {
      expect(e.column).toBeTruthy();
      expect(e.message).toBeTruthy();
    }
    expect(errs.find((e) => e.row === 3)?.column).toBe('组织类型');
    expect(errs.find((e) => e.row === 5)?.column).toBe('组织名称');
    expect(errs.find((e) => e.row === 6)?.column).toBe('上级组织ID');
    expect(errs.find((e) => e.row === 7)?.column).toBe('建立日期');
    expect(body.messages['zh-CN']).toMatch(/4 行/);
    expect(await orgCount()).toBe(before);
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvent))[0]?.n).toBe(auditBefore);
  });

  it('refuses names already taken by a sibling or repeated in the file', async () => {
    const before = await orgCount();
    const buf = await workbook([
      ['1', w.branchA.name, '团支部', null, null, null, null],
      ['2', '文件内重名团支部', '团支部', null, null, null, null],
      ['3', '文件内重名团支部', '团支部', null, null, null, null],
    ]);
    const res = await upload(w.townA.id, buf);
    expect(res.statusCode).toBe(422);
    expect([...new Set(res.json().errors.map((e: { row: number }) => e.row))].sort()).toEqual([2, 4]);
    expect(await orgCount()).toBe(before);
  });

  it('refuses a file that is not xlsx with 400 naming file', async () => {
    const res = await upload(w.townA.id, randomBytes(4096), 'orgs.xlsx');
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('file');
    const empty = await adminA.request({ method: 'POST', url: `/api/v1/orgs/${w.townA.id}/import`, payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('refuses a file over 10 MB with 413', async () => {
    const before = await orgCount();
    const res = await upload(w.townA.id, randomBytes(10 * 1024 * 1024 + 1024), 'big.xlsx');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    expect(await orgCount()).toBe(before);
  });

  it('refuses an import into another county', async () => {
    const res = await upload(w.townB.id, await workbook([['1', '越界导入团支部', '团支部', null, null, null, null]]));
    expect(res.statusCode).toBe(404);
  });
});

describe('org export', () => {
  it('exports a subtree: one row per org in it', async () => {
    const res = await adminA.get(`/api/v1/orgs/${w.countyA.id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(xlsxType);
    const ws = await readSheet(res.rawPayload);
    const { rows } = await t.database.pool.query('select id from org where path <@ $1::ltree', [w.countyA.path]);
    expect(rows.length).toBeGreaterThan(5);
    expect(ws.actualRowCount - 1).toBe(rows.length);
    const ids = new Set<number>();
    ws.eachRow((r, n) => {
      if (n > 1) ids.add(Number(r.getCell(1).value));
    });
    expect(ids).toEqual(new Set(rows.map((r: { id: number }) => Number(r.id))));
    expect(ids.has(w.townB.id)).toBe(false);
  });
});
