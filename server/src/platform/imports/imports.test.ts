// Import runs: 202 at once, progress then the result or the row-by-row report, scope of a run,
// runs cut off by a dead process, and the limits on runs under way.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { makeIdNumber } from '../../modules/people/index.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { type ImportRun, multipart, waitForRun } from '../../test/xlsx.ts';
import { importSettings } from './imports.ts';
import { importRun } from './imports.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let cadreA: TestClient;
let observerA: TestClient;
let seq = 500;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  cadreA = await login(t.app, w.users.cadreA, password);
  observerA = await login(t.app, w.users.observerA, password);
});
afterAll(async () => t?.close());

async function sheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('团员');
  ws.addRow(['姓名', '身份证号', '手机号', '入团日期', '发展团员编号', '所在团支部']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const goodRow = () => {
  seq += 2;
  return ['导入人', makeIdNumber('430421', '2005-03-03', seq, 'F'), '', '2021-05-04', `2021${String(seq).padStart(8, '0')}`, ''];
};
const start = async (client: TestClient, buf: Buffer, orgId = w.branchA.id) =>
  client.request({ method: 'POST', url: `/api/v1/members/import/${orgId}`, ...multipart(buf, '团员.xlsx') });

describe('an import run', () => {
  it('answers 202 with the queued run, then shows its progress and its result', async () => {
    const res = await start(adminA, await sheet([goodRow(), goodRow()]));
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json() as ImportRun & { fileName: string };
    expect(queued).toMatchObject({ kind: 'members', orgId: w.branchA.id, fileName: '团员.xlsx', status: 'queued', result: null, error: null });
    expect(queued.progress).toEqual({ phase: 'queued', done: 0, total: null });
    const run = await waitForRun(adminA, queued.id);
    expect(run).toMatchObject({ status: 'done', result: { created: 2, peopleReused: 0 }, error: null });
    expect(run.progress).toEqual({ phase: 'finished', done: 2, total: 2 });
  });

  it('ends failed with the row-by-row report, in the language of whoever asks', async () => {
    const res = await start(adminA, await sheet([goodRow(), ['坏号', '430421200507071234', '', '2021-05-04', '202100001002', '']]));
    const run = await waitForRun(adminA, res.json().id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ status: 422, code: 'import_failed', errors: [{ row: 3, field: 'idNumber', column: '身份证号' }] });
    const en = await adminA.request({ method: 'GET', url: `/api/v1/imports/${run.id}`, headers: { 'accept-language': 'en-US' } });
    expect(en.json().error.message).toMatch(/^Import failed: 1 rows/);
    expect(en.json().error.errors[0].message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses at once a file that is not a zip (400) or is over 10 MB (413); a broken zip fails in its run', async () => {
    const notZip = await start(adminA, Buffer.from('hello, not a spreadsheet'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json()).toMatchObject({ code: 'validation', field: 'file' });
    const big = await start(adminA, Buffer.alloc(10 * 1024 * 1024 + 1024, 1));
    expect(big.statusCode).toBe(413);
    const broken = await start(adminA, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(4000, 7)]));
    expect(broken.statusCode).toBe(202);
    const run = await waitForRun(adminA, broken.json().id);
    expect(run).toMatchObject({ status: 'failed', error: { status: 400, code: 'validation', field: 'file' } });
    expect(run.error?.messages['zh-CN']).toMatch(/不是有效的 Excel/);
  });

  it('is seen by its starter and inside the scope of its permission; another county gets 404', async () => {
    const res = await start(adminA, await sheet([goodRow()]), w.townA.id);
    const id = res.json().id as string;
    await waitForRun(adminA, id);
    expect((await cadreA.get(`/api/v1/imports/${id}`)).statusCode).toBe(200);
    // The observer sees the org but lacks member.write there: the run is not theirs to read.
    expect((await observerA.get(`/api/v1/imports/${id}`)).statusCode).toBe(404);
    const other = await adminB.get(`/api/v1/imports/${id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('not_found');
    expect((await adminA.get(`/api/v1/imports/${uuidv7()}`)).statusCode).toBe(404);
  });

  it('refuses with 429 a caller with too many imports under way, before reading the file', async () => {
    const saved = importSettings.maxPerAccount;
    importSettings.maxPerAccount = 0;
    try {
      const res = await start(adminA, await sheet([goodRow()]));
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('too_many_requests');
    } finally {
      importSettings.maxPerAccount = saved;
    }
  });
});

describe('runs cut off by a dead process', () => {
  const orphan = async (heartbeatAt: Date) => {
    const id = uuidv7();
    await t.db.insert(importRun).values({
      id,
      kind: 'members',
      orgId: w.branchA.id,
      accountId: uuidv7(),
      permission: 'member.write',
      fileName: 'lost.xlsx',
      fileBytes: 1,
      status: 'running',
      progress: { phase: 'writing', done: 10, total: 100 },
      instance: 'a-dead-process',
      heartbeatAt,
    });
    return id;
  };

  it('end failed at start-up, and when read once their heartbeat is stale; fresh ones stay running', async () => {
    const stale = await orphan(new Date(Date.now() - 5 * 60_000));
    const fresh = await orphan(new Date());
    const restarted = await buildApp({ config: t.config, database: t.database, logger: false });
    await restarted.ready();
    await restarted.close();
    const [s] = await t.db.select().from(importRun).where(eq(importRun.id, stale));
    expect(s).toMatchObject({ status: 'failed', error: { code: 'import_interrupted' } });
    expect(s?.finishedAt).toBeTruthy();
    const [f] = await t.db.select().from(importRun).where(eq(importRun.id, fresh));
    expect(f?.status).toBe('running');

    // Its heartbeat stops: the next read ends it.
    await t.db
      .update(importRun)
      .set({ heartbeatAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(importRun.id, fresh));
    const read = await adminA.get(`/api/v1/imports/${fresh}`);
    expect(read.json()).toMatchObject({ status: 'failed', error: { code: 'import_interrupted' } });
    expect(read.json().error.messages['zh-CN']).toMatch(/中断/);
  });
});
