// The streaming sheet reader: what it reads (headers in both languages, dates, shared strings in
// any order, characters split between chunks) and where it stops (rows, inflated bytes, time, heap).
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deflatedSheet, rowXml, sheetClose, sheetOpen, workbookOf } from '../../test/xlsx.ts';
import { AppError } from '../errors.ts';
import { type Column, readSheet, type SheetLimits, type SheetStats } from './excel.ts';

const dir = mkdtempSync(join(tmpdir(), 'tuanwu-sheet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(buf: Buffer): string {
  const path = join(dir, `f${++n}.xlsx`);
  writeFileSync(path, buf);
  return path;
}

const columns: Column[] = [
  { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' } },
  { key: 'idNumber', header: { 'zh-CN': '身份证号', 'en-US': 'ID number' } },
  { key: 'admittedOn', header: { 'zh-CN': '入团日期', 'en-US': 'Admission date' } },
];

async function excel(header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('团员');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The read's refusal (an AppError naming the file) and how far it went. */
async function refused(path: string, limits: Partial<SheetLimits> = {}): Promise<{ err: AppError; stats: SheetStats; ms: number }> {
  let stats: SheetStats | null = null;
  const t0 = performance.now();
  const err = await readSheet(path, columns, { ...limits, onEnd: (s) => (stats = s) }).then(
    () => null,
    (e: unknown) => e,
  );
  const ms = performance.now() - t0;
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e).toMatchObject({ status: 400, code: 'validation', field: 'file' });
  if (!stats) throw new Error('no stats');
  return { err: e, stats, ms };
}

describe('reading a sheet', () => {
  it('matches the header in Chinese, skips empty rows, gives dates as YYYY-MM-DD and keeps sheet row numbers', async () => {
    const buf = await excel(
      ['身份证号', '姓名', '无关列', '入团日期'],
      [['430421200801010011', '张三', 'x', new Date(Date.UTC(2023, 4, 4))], [], ['', { richText: [{ text: '李' }, { text: '四 ' }] }, '', '2022-05-04']],
    );
    let stats: SheetStats | null = null;
    const rows = await readSheet(file(buf), columns, { onEnd: (s) => (stats = s) });
    expect(rows).toEqual([
      { row: 2, values: { idNumber: '430421200801010011', name: '张三', admittedOn: '2023-05-04' } },
      { row: 4, values: { idNumber: '', name: '李四', admittedOn: '2022-05-04' } },
    ]);
    expect(stats).toMatchObject({ rows: 2, refused: null });
  });

  it('matches the header in English, or by key', async () => {
    const en = await readSheet(file(await excel(['Name', 'ID number', 'Admission date'], [['Zhang San', 'X1', '2020-01-02']])), columns);
    expect(en).toEqual([{ row: 2, values: { name: 'Zhang San', idNumber: 'X1', admittedOn: '2020-01-02' } }]);
    const keys = await readSheet(file(await excel(['name', 'admittedOn'], [['王五', '2021-03-04']])), columns);
    expect(keys).toEqual([{ row: 2, values: { name: '王五', admittedOn: '2021-03-04' } }]);
  });

  it('reads shared strings that come after the sheet, and characters split between inflated chunks', async () => {
    const long = '团'.repeat(70_000); // 210 KB of UTF-8: over several 64 KB chunks, split mid-character
    const xml = `${sheetOpen}<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>${long}</t></is></c></row>${sheetClose}`;
    const buf = workbookOf({ sheet: xml, sharedStrings: ['姓名', '身份证号', '赵六'], order: 'sheet-first' });
    const rows = await readSheet(file(buf), columns);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.values.name).toBe('赵六');
    expect(rows[0]?.values.idNumber).toBe(long);
  });

  it('refuses a file without the template header, or without data rows', async () => {
    const wrong = await refused(file(await excel(['甲', '乙'], [['1', '2']])));
    expect(wrong.err.messages['zh-CN']).toMatch(/表头/);
    expect(wrong.stats.refused).toBe('no_header');
    const empty = await refused(file(await excel(['姓名'], [])));
    expect(empty.stats.refused).toBe('no_rows');
    // Row 1 missing altogether: the first row is not a header.
    const late = await refused(file(workbookOf({ sheet: `${sheetOpen}${rowXml(3, ['姓名'])}${sheetClose}` })));
    expect(late.stats.refused).toBe('no_header');
  });

  it('refuses a malformed file with 400 naming the file', async () => {
    const good = await excel(['姓名'], [['张三']]);
    for (const bad of [
      Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(5000)]),
      good.subarray(0, good.length - 30), // the end of the central directory cut off
      Buffer.concat([good.subarray(0, 200), randomBytes(good.length - 200)]),
    ]) {
      const r = await refused(file(bad));
      expect(r.stats.refused).toBe('not_xlsx');
      expect(r.err.messages['en-US']).toMatch(/not a valid Excel/);
    }
    // A corrupt deflate stream inside a well-formed zip.
    const broken = workbookOf({ sheet: { deflated: randomBytes(2000), inflated: 10_000 } });
    expect((await refused(file(broken))).stats.refused).toBe('not_xlsx');
  });
});

describe('the reader stops early', () => {
  it('at the row limit: past maxRows it refuses after reading little more than those rows', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => rowXml(i + 2, [`人${i}`, `${i}`]));
    const sheet = deflatedSheet(`${sheetOpen}${rowXml(1, ['姓名', '身份证号'])}`, { pieces: chunks(rows, 1000) }, sheetClose);
    const r = await refused(file(workbookOf({ sheet })), { maxRows: 100 });
    expect(r.stats.refused).toBe('too_many_rows');
    expect(r.err.messages['zh-CN']).toMatch(/最多导入 100 行/);
    expect(r.stats.inflatedBytes).toBeGreaterThan(0);
    expect(r.stats.inflatedBytes).toBeLessThan(sheet.inflated / 10);
  });

  it('at the inflated-size cap: a megabyte that unpacks to a gigabyte of whitespace', async () => {
    const sheet = deflatedSheet(`${sheetOpen}${rowXml(1, ['姓名'])}`, { piece: ' '.repeat(1 << 20), times: 1024 }, `${rowXml(2, ['张三'])}${sheetClose}`);
    const buf = workbookOf({ sheet });
    expect(buf.length).toBeLessThan(2 * 1024 * 1024);
    expect(sheet.inflated).toBeGreaterThan(1024 ** 3);
    const r = await refused(file(buf), { maxInflatedBytes: 32 * 1024 * 1024 });
    expect(r.stats.refused).toBe('too_big');
    expect(r.err.messages['zh-CN']).toMatch(/解压后内容过多/);
    expect(r.stats.inflatedBytes).toBeLessThanOrEqual(32 * 1024 * 1024 + 64 * 1024);
  });

  it('at the time limit: the reader is terminated', async () => {
    const sheet = deflatedSheet(`${sheetOpen}${rowXml(1, ['姓名'])}`, { piece: ' '.repeat(1 << 20), times: 1024 }, sheetClose);
    const r = await refused(file(workbookOf({ sheet })), { maxInflatedBytes: 2 ** 40, timeoutMs: 300 });
    expect(r.stats.refused).toBe('too_slow');
    expect(r.err.messages['en-US']).toMatch(/took over/);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('at the heap limit: the reader dies alone, the server answers 400', async () => {
    // One cell of 200 MB of text: its reader runs out of a 32 MB heap long before the inflate cap.
    const sheet = deflatedSheet(
      `${sheetOpen}${rowXml(1, ['姓名'])}<row r="2"><c r="A2" t="inlineStr"><is><t>`,
      { piece: 'a'.repeat(1 << 20), times: 200 },
      `</t></is></c></row>${sheetClose}`,
    );
    const r = await refused(file(workbookOf({ sheet })), { heapMb: 32, maxTextChars: 2 ** 40 });
    expect(r.stats.refused).toBe('too_big');
    const after = await readSheet(file(await excel(['姓名'], [['张三']])), columns);
    expect(after).toHaveLength(1);
  });
});

function* chunks(rows: string[], size: number): Generator<string> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size).join('');
}
