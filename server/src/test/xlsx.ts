import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestClient } from './harness.ts';

/** GETs an Excel download and returns its first sheet as rows of cell texts, header first. */
export async function downloadSheet(client: TestClient, url: string, lang: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<string[][]> {
  const res = await client.request({ method: 'GET', url, headers: { 'accept-language': lang } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''.+\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]?.eachRow((r) => {
    rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart body with one file field, as the console's upload sends it. */
export function multipart(content: Buffer, filename = 'import.xlsx', type = xlsxType) {
  const boundary = `----tuanwu${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export type RowProblem = { row?: number; column?: string; field?: string; message: string };
export type ImportRun = {
  id: string;
  kind: string;
  orgId: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: { phase: string; done: number; total: number | null };
  result: Record<string, number> | null;
  error: { status: number; code: string; field?: string; message: string; messages: Record<string, string>; errors?: RowProblem[] } | null;
};

/** Polls GET /imports/:id until the run has ended. */
export async function waitForRun(client: TestClient, id: string, timeoutMs = 120_000): Promise<ImportRun> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const run = res.json() as ImportRun;
    if (run.status === 'done' || run.status === 'failed') return run;
    if (Date.now() > until) throw new Error(`import run ${id} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * An import as one answer, for tests written before imports ran as jobs: a refusal before the run
 * (400, 404, 413) as it came; a run that ended, as 200 with its result or as its problem's status
 * (422 with the row-by-row `errors`, 400 for a file refused while read).
 */
export async function importAndWait(
  client: TestClient,
  url: string,
  content: Buffer,
  opts: { filename?: string; type?: string; lang?: 'zh-CN' | 'en-US' } = {},
): Promise<{ statusCode: number; body: string; json: LightMyRequestResponse['json']; run: ImportRun | null }> {
  const form = multipart(content, opts.filename, opts.type);
  const res = await client.request({
    method: 'POST',
    url,
    payload: form.payload,
    headers: { ...form.headers, ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
  });
  if (res.statusCode !== 202) return { statusCode: res.statusCode, body: res.body, json: () => res.json(), run: null };
  const run = await waitForRun(client, (res.json() as ImportRun).id);
  const body = JSON.stringify(run.status === 'done' ? run.result : run.error);
  return { statusCode: run.status === 'done' ? 200 : (run.error?.status ?? 500), body, json: () => JSON.parse(body), run };
}

// ---- hand-made workbooks: the parts in any order, and sheets far larger inflated than zipped ----

/** A part of a zip: its bytes, or its raw deflate stream made in advance (`inflated` bytes once read). */
export type ZipPart = { name: string; data: Buffer | string } | { name: string; deflated: Buffer; inflated: number };

/** A zip of the parts in the order given (deflated, with their CRCs where the bytes are known). */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    let body: Buffer;
    let crc = 0;
    let size: number;
    if ('deflated' in part) {
      body = part.deflated;
      size = part.inflated;
    } else {
      const raw = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data;
      body = deflateRawSync(raw);
      crc = crc32(raw);
      size = raw.length;
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size % 2 ** 32, 22);
    local.writeUInt16LE(name.length, 26);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(0x0800, 8);
    head.writeUInt16LE(8, 10);
    head.writeUInt32LE(crc, 16);
    head.writeUInt32LE(body.length, 20);
    head.writeUInt32LE(size % 2 ** 32, 24);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(head, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const sheetNs =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The XML of a sheet row of inline strings (row `r`, cells from column A). */
export function rowXml(r: number, cells: string[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  return `<row r="${r}">${cells.map((c, i) => `<c r="${col(i)}${r}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`).join('')}</row>`;
}

/**
 * A workbook of one sheet from hand-made XML parts. `sheet` is the raw deflate stream of the
 * sheet's XML (see `deflatedSheet`), or its text; the parts go in `order` (shared strings may come
 * after the sheet, as some writers put them).
 */
export function workbookOf(opts: {
  sheet: string | { deflated: Buffer; inflated: number };
  sharedStrings?: string[];
  order?: 'sheet-last' | 'sheet-first';
}): Buffer {
  const shared = opts.sharedStrings
    ? `${xmlHead}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${opts.sharedStrings.length}" uniqueCount="${opts.sharedStrings.length}">${opts.sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`
    : null;
  const sheetPart: ZipPart =
    typeof opts.sheet === 'string' ? { name: 'xl/worksheets/sheet1.xml', data: opts.sheet } : { name: 'xl/worksheets/sheet1.xml', ...opts.sheet };
  const rest: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data: `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${xmlHead}<workbook ${sheetNs}><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${xmlHead}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
  ];
  const sharedPart: ZipPart[] = shared ? [{ name: 'xl/sharedStrings.xml', data: shared }] : [];
  return zipOf(opts.order === 'sheet-first' ? [sheetPart, ...rest, ...sharedPart] : [...rest, ...sharedPart, sheetPart]);
}

/**
 * A sheet's XML as a raw deflate stream, built in pieces so a gigabyte of XML never sits in memory:
 * `head`, then `middle` repeated `times`, then `tail`. Each piece ends with a full flush, so the
 * pieces join into one valid stream; a repeated piece is compressed once.
 */
export function deflatedSheet(
  head: string,
  middle: { piece: string; times: number } | { pieces: Iterable<string> },
  tail: string,
): { deflated: Buffer; inflated: number } {
  const full = { finishFlush: zlibConstants.Z_FULL_FLUSH };
  const out: Buffer[] = [deflateRawSync(Buffer.from(head), full)];
  let inflated = Buffer.byteLength(head);
  if ('piece' in middle) {
    const once = deflateRawSync(Buffer.from(middle.piece), full);
    for (let i = 0; i < middle.times; i++) out.push(once);
    inflated += Buffer.byteLength(middle.piece) * middle.times;
  } else {
    for (const piece of middle.pieces) {
      out.push(deflateRawSync(Buffer.from(piece), full));
      inflated += Buffer.byteLength(piece);
    }
  }
  out.push(deflateRawSync(Buffer.from(tail)));
  inflated += Buffer.byteLength(tail);
  return { deflated: Buffer.concat(out), inflated };
}

export const sheetOpen = `${xmlHead}<worksheet ${sheetNs}><sheetData>`;
export const sheetClose = '</sheetData></worksheet>';
