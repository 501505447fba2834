// Reads the first sheet of an uploaded .xlsx off the main thread, streaming, within limits: it
// stops at the row limit, counts every byte it inflates (a 1 MB file may unpack to gigabytes), and
// its caller terminates it past a time limit. Plain ESM so a worker needs no TypeScript loader.
//
// The zip is read by its central directory (the upload is at most 10 MB, so the compressed bytes
// sit in memory) and each part is inflated lazily, so the shared strings can be read before the
// sheet whatever their order in the file. ExcelJS's own streaming readers parse the XML, so cell
// values (dates, rich text, formulas' results) come out as a workbook load gives them.
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parentPort, workerData } from 'node:worker_threads';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';

/**
 * @typedef {{ key: string, names: string[] }} ColumnSpec  header texts that name the column
 * @typedef {{ path: string, columns: ColumnSpec[], maxRows: number, maxInflatedBytes: number, maxTextChars: number, batchRows: number }} Job
 * @typedef {{ name: string, flags: number, method: number, compressed: number, local: number }} Entry
 * @typedef {'not_xlsx' | 'no_sheet' | 'no_header' | 'too_many_rows' | 'too_big' | 'no_rows'} Reason
 */

class Refusal extends Error {
  /** @param {Reason} reason @param {string} [detail] */
  constructor(reason, detail) {
    super(detail ?? reason);
    this.reason = reason;
  }
}

const u16 = (/** @type {Buffer} */ b, /** @type {number} */ at) => b.readUInt16LE(at);
const u32 = (/** @type {Buffer} */ b, /** @type {number} */ at) => b.readUInt32LE(at);
const u64 = (/** @type {Buffer} */ b, /** @type {number} */ at) => Number(b.readBigUInt64LE(at));

/** The entries of a zip by lower-cased name, from its central directory (ZIP64 included). */
export function zipEntries(/** @type {Buffer} */ buf) {
  const bad = (/** @type {string} */ why) => new Refusal('not_xlsx', why);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (u32(buf, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory');
  let count = u16(buf, eocd + 10);
  let size = u32(buf, eocd + 12);
  let offset = u32(buf, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(buf, locator) !== 0x07064b50) throw bad('no zip64 locator');
    const rec = u64(buf, locator + 8);
    if (rec + 56 > buf.length || u32(buf, rec) !== 0x06064b50) throw bad('no zip64 record');
    count = u64(buf, rec + 32);
    size = u64(buf, rec + 40);
    offset = u64(buf, rec + 48);
  }
  if (offset + size > buf.length || count > 10_000) throw bad('central directory out of range');
  /** @type {Map<string, Entry>} */
  const entries = new Map();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || u32(buf, p) !== 0x02014b50) throw bad('broken central directory');
    let compressed = u32(buf, p + 20);
    let inflated = u32(buf, p + 24);
    let local = u32(buf, p + 42);
    const nameEnd = p + 46 + u16(buf, p + 28);
    const extraEnd = nameEnd + u16(buf, p + 30);
    if (extraEnd > buf.length) throw bad('broken central directory');
    const name = buf.toString('utf8', p + 46, nameEnd);
    for (let e = nameEnd; e + 4 <= extraEnd; e += 4 + u16(buf, e + 2)) {
      if (u16(buf, e) !== 1) continue;
      let q = e + 4;
      const next = () => {
        if (q + 8 > extraEnd) throw bad('broken zip64 field');
        const v = u64(buf, q);
        q += 8;
        return v;
      };
      if (inflated === 0xffffffff) inflated = next();
      if (compressed === 0xffffffff) compressed = next();
      if (local === 0xffffffff) local = next();
    }
    entries.set(name.replace(/^\/+/, '').toLowerCase(), { name, flags: u16(buf, p + 8), method: u16(buf, p + 10), compressed, local });
    p = extraEnd + u16(buf, p + 32);
  }
  return entries;
}

/** The limits of one read, shared by every part it inflates. */
export class Budget {
  /** @param {number} maxBytes */
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
    this.used = 0;
  }
  /** @param {number} n */
  take(n) {
    this.used += n;
    if (this.used > this.maxBytes) throw new Refusal('too_big', `more than ${this.maxBytes} bytes once inflated`);
  }
}

/**
 * One part's text, inflated lazily (zlib waits until a chunk is read) and decoded as UTF-8 across
 * chunk boundaries; every inflated byte is charged to the budget.
 * @param {Buffer} buf @param {Entry} entry @param {Budget} budget
 * @returns {AsyncGenerator<string>}
 */
export async function* partText(buf, entry, budget) {
  const h = entry.local;
  if (h + 30 > buf.length || u32(buf, h) !== 0x04034b50) throw new Refusal('not_xlsx', `no local header for ${entry.name}`);
  if (entry.flags & 1) throw new Refusal('not_xlsx', 'encrypted entry');
  const start = h + 30 + u16(buf, h + 26) + u16(buf, h + 28);
  if (start + entry.compressed > buf.length) throw new Refusal('not_xlsx', `${entry.name} runs past the end`);
  const data = buf.subarray(start, start + entry.compressed);
  const decoder = new StringDecoder('utf8');
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += 64 * 1024) {
      const chunk = data.subarray(i, i + 64 * 1024);
      budget.take(chunk.length);
      yield decoder.write(chunk);
    }
  } else if (entry.method === 8) {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    z.end(data);
    try {
      for await (const chunk of z) {
        budget.take(chunk.length);
        yield decoder.write(chunk);
      }
    } catch (err) {
      if (err instanceof Refusal) throw err;
      throw new Refusal('not_xlsx', `${entry.name}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      z.destroy();
    }
  } else {
    throw new Refusal('not_xlsx', `${entry.name}: compression method ${entry.method}`);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** A cell's value as the trimmed text an import reads (dates as YYYY-MM-DD). */
export function cellText(/** @type {unknown} */ v) {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = /** @type {Record<string, unknown>} */ (v);
    if (typeof o.text === 'string') return o.text.trim();
    if ('result' in o) return cellText(o.result);
    if (Array.isArray(o.richText))
      return o.richText
        .map((t) => (t && typeof t.text === 'string' ? t.text : ''))
        .join('')
        .trim();
    return '';
  }
  return String(v).trim();
}

/**
 * Reads the first sheet and posts its rows, keyed by column, in batches.
 * @param {Job} job
 * @param {(msg: object) => void} post
 * @param {Budget} budget
 */
export async function readSheet(job, post, budget) {
  const buf = await readFile(job.path);
  const entries = zipEntries(buf);
  const part = (/** @type {string} */ name) => entries.get(name.toLowerCase());
  const stream = (/** @type {Entry} */ e) => Readable.from(partText(buf, e, budget));

  const reader = /** @type {any} */ (
    new ExcelJS.stream.xlsx.WorkbookReader(undefined, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' })
  );
  const book = part('xl/workbook.xml');
  const rels = part('xl/_rels/workbook.xml.rels');
  if (!book || !rels) throw new Refusal('not_xlsx', 'no workbook part');
  try {
    await reader._parseRels(stream(rels));
    await reader._parseWorkbook(stream(book));
  } catch (err) {
    if (err instanceof Refusal) throw err;
    throw new Refusal('not_xlsx', err instanceof Error ? err.message : String(err));
  }
  /** @type {{ Id: string, Target: string }[]} */
  const relList = reader.workbookRels ?? [];
  /** @type {{ rId: string }[]} */
  const sheets = reader.model?.sheets ?? [];
  const first = sheets[0];
  const rel = first && relList.find((r) => r.Id === first.rId);
  if (!rel) throw new Refusal('no_sheet');
  const target = rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`;
  const sheet = part(target.replace(/\/\.\//g, '/'));
  if (!sheet) throw new Refusal('no_sheet');
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(stream(styles));
  const shared = part('xl/sharedStrings.xml');
  reader.sharedStrings = [];
  // With sharedStrings 'cache' the parser yields nothing: it fills reader.sharedStrings.
  if (shared) for await (const _ of reader._parseSharedStrings(stream(shared))) void _;

  const sheetNo = (/sheet(\d+)\.xml$/i.exec(target) ?? [])[1] ?? '1';
  const [event] = [...reader._parseWorksheet(partText(buf, sheet, budget), sheetNo)];
  const ws = event?.value;
  if (!ws) throw new Refusal('no_sheet');

  /** @type {Map<string, number> | null} */
  let colIndex = null;
  let withValues = 0;
  let text = 0;
  /** @type {{ row: number, values: Record<string, string> }[]} */
  const kept = [];
  for await (const row of ws) {
    if (!colIndex) {
      colIndex = new Map();
      if (row.number !== 1) throw new Refusal('no_header');
      const found = colIndex;
      row.eachCell((/** @type {{ value: unknown }} */ cell, /** @type {number} */ col) => {
        const t = cellText(cell.value);
        const c = job.columns.find((x) => x.names.includes(t));
        if (c && !found.has(c.key)) found.set(c.key, col);
      });
      if (found.size === 0) throw new Refusal('no_header');
      continue;
    }
    if (!row.hasValues) continue;
    if (++withValues > job.maxRows) throw new Refusal('too_many_rows');
    /** @type {Record<string, string>} */
    const values = {};
    let any = false;
    for (const [key, col] of colIndex) {
      const v = cellText(row.getCell(col).value);
      values[key] = v;
      text += v.length;
      if (v) any = true;
    }
    if (text > job.maxTextChars) throw new Refusal('too_big', `more than ${job.maxTextChars} characters of cell text`);
    if (!any) continue;
    kept.push({ row: row.number, values });
    if (kept.length % job.batchRows === 0) post({ type: 'progress', read: kept.length });
  }
  if (!colIndex) throw new Refusal('no_header');
  if (kept.length === 0) throw new Refusal('no_rows');
  // Only a sheet read to its end reaches the server's thread, in batches.
  for (let i = 0; i < kept.length; i += job.batchRows)
    post({ type: 'rows', rows: kept.slice(i, i + job.batchRows), read: Math.min(i + job.batchRows, kept.length) });
  post({ type: 'done', rows: kept.length, inflatedBytes: budget.used });
}

// Run as a worker: the caller terminates it once it has the last message.
if (parentPort && workerData) {
  // Lowest CPU priority, for this thread only on Linux: the server's own thread and its database
  // come first when cores are short. Not allowed everywhere; then the read just runs as it is.
  try {
    setPriority(19);
  } catch {
    // keep the default priority
  }
  const port = parentPort;
  const job = /** @type {Job} */ (workerData);
  const budget = new Budget(job.maxInflatedBytes);
  readSheet(job, (msg) => port.postMessage(msg), budget).catch((err) => {
    const refusal = err instanceof Refusal ? err : new Refusal('not_xlsx', err instanceof Error ? err.message : String(err));
    port.postMessage({ type: 'refused', reason: refusal.reason, detail: refusal.message, inflatedBytes: budget.used });
  });
}
