// Issue 8, finding 1: hostile workbooks (a megabyte that unpacks to hundreds of megabytes or a
// gigabyte) blocked the server and then killed it. Each is uploaded here while a loop asks the
// health route over a real socket: the server keeps answering — on the PostgreSQL server within a
// p99 of 200 ms, as issue 8 asks; on PGlite, whose database shares the server's thread, every request
// is answered (no wait near the 116 s the old import blocked it) — its heap stays bounded, and the
// run ends failed with a clear message naming the file. The latencies are printed (bench/RESULTS.md).
import ExcelJS from 'exceljs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../modules/people/index.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { deflatedSheet, type ImportRun, multipart, rowXml, sheetClose, sheetOpen, waitForRun, workbookOf } from '../../test/xlsx.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let port = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const onServer = !!process.env.TEST_DATABASE_URL;
const header = ['姓名', '身份证号', '手机号', '入团日期', '发展团员编号', '所在团支部'];

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  agent.destroy();
  await t?.close();
});

function health(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`health ${res.statusCode}`))));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('health timed out')));
    req.on('error', reject);
  });
}

type Measured = {
  run: ImportRun;
  latencies: number[];
  p99: number;
  max: number;
  /** the health route's p99 just before the upload, on the same machine under the same load */
  baseP99: number;
  heapGrowthMb: number;
  ms: number;
  loopP99: number;
  loopMax: number;
};

const p99Of = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
};

/** Uploads a file and follows its run while asking the health route every 10 ms and sampling the heap. */
async function measure(file: Buffer): Promise<Measured> {
  for (let i = 0; i < 20; i++) await health(); // warm the route and the socket
  const base: number[] = [];
  for (let i = 0; i < 100; i++) {
    base.push(await health());
    await new Promise((r) => setTimeout(r, 10));
  }
  const heap0 = process.memoryUsage().heapUsed;
  let heapPeak = heap0;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 20);
  const latencies: number[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let done = false;
  const t0 = performance.now();
  const loop = (async () => {
    // Bounded in count and time: at most 20,000 requests, 10 ms apart, while the run lasts.
    for (let i = 0; i < 20_000 && !done; i++) {
      latencies.push(await health());
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    const res = await adminA.request({ method: 'POST', url: `/api/v1/members/import/${w.branchA.id}`, ...multipart(file, 'bomb.xlsx') });
    expect(res.statusCode, res.body).toBe(202);
    const run = await waitForRun(adminA, res.json().id, 300_000);
    const ms = performance.now() - t0;
    done = true;
    await loop;
    lag.disable();
    return {
      run,
      latencies,
      p99: p99Of(latencies),
      max: Math.max(...latencies),
      baseP99: p99Of(base),
      heapGrowthMb: (heapPeak - heap0) / 1024 / 1024,
      ms,
      loopP99: lag.percentile(99) / 1e6,
      loopMax: lag.max / 1e6,
    };
  } finally {
    done = true;
    clearInterval(sampler);
    lag.disable();
    await loop.catch(() => undefined);
  }
}

function report(name: string, file: Buffer, inflated: number, m: Measured): void {
  console.log(
    `[import bomb] ${name} (${onServer ? 'PostgreSQL' : 'PGlite'}): ${(file.length / 1024 / 1024).toFixed(2)} MB → ${(inflated / 1024 / 1024).toFixed(0)} MB inflated; ` +
      `run ${m.run.status} in ${(m.ms / 1000).toFixed(1)} s; health ×${m.latencies.length} p99 ${m.p99.toFixed(1)} ms (before the upload ${m.baseP99.toFixed(1)} ms), max ${m.max.toFixed(1)} ms; event loop delay p99 ${m.loopP99.toFixed(1)} ms, max ${m.loopMax.toFixed(1)} ms; heap +${m.heapGrowthMb.toFixed(1)} MB`,
  );
}

describe('import bombs', () => {
  it('a few MB of one tiny inline-string cell per row (a million rows) stops at the row limit', async () => {
    // 1,000,000 rows under a template header, built in pieces (each piece a full-flush deflate block).
    const pieces = function* () {
      for (let start = 2; start < 1_000_002; start += 10_000) {
        let s = '';
        for (let r = start; r < start + 10_000; r++) s += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`;
        yield s;
      }
    };
    const sheet = deflatedSheet(`${sheetOpen}${rowXml(1, header)}`, { pieces: pieces() }, sheetClose);
    const file = workbookOf({ sheet });
    expect(file.length).toBeLessThan(10 * 1024 * 1024);
    const m = await measure(file);
    report('inline-string rows', file, sheet.inflated, m);
    expect(m.run).toMatchObject({ status: 'failed', error: { status: 400, code: 'validation', field: 'file' } });
    expect(m.run.error?.messages['zh-CN']).toMatch(/一次最多导入 100000 行/);
    expect(m.max).toBeLessThan(5000);
    if (onServer) expect(m.p99).toBeLessThan(200);
    expect(m.heapGrowthMb).toBeLessThan(150);
  });

  it('a 1 MB sheet of a gigabyte of whitespace stops at the inflated-size cap', async () => {
    const sheet = deflatedSheet(`${sheetOpen}${rowXml(1, header)}`, { piece: ' '.repeat(1 << 20), times: 1100 }, `${rowXml(2, ['张三'])}${sheetClose}`);
    const file = workbookOf({ sheet });
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    const m = await measure(file);
    report('whitespace', file, sheet.inflated, m);
    expect(m.run).toMatchObject({ status: 'failed', error: { status: 400, field: 'file' } });
    expect(m.run.error?.messages['en-US']).toMatch(/too much once unpacked/);
    expect(m.max).toBeLessThan(5000);
    if (onServer) expect(m.p99).toBeLessThan(200);
    expect(m.heapGrowthMb).toBeLessThan(150);
  });

  it('a good import of 5,000 members keeps the health route answering too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('团员');
    ws.addRow(header);
    for (let i = 0; i < 5000; i++) {
      const birth = new Date(Date.UTC(2004, 0, 1 + Math.floor(i / 500))).toISOString().slice(0, 10);
      ws.addRow([`团员${i}`, makeIdNumber('430421', birth, 2 * (i % 500) + 1, 'M'), '', '2020-05-04', `2020${String(50_000_000 + i)}`, '']);
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const m = await measure(file);
    report('5,000 good rows', file, 0, m);
    expect(m.run, JSON.stringify(m.run.error).slice(0, 500)).toMatchObject({ status: 'done', result: { created: 5000, peopleReused: 0 } });
    // Every health request answered (each would fail at its 10 s timeout). The embedded database
    // runs in this same process, so its writes are this thread's work: its figures are for reading.
    expect(m.latencies.length).toBeGreaterThan(0);
    if (onServer) expect(m.p99).toBeLessThan(200);
  });
});
