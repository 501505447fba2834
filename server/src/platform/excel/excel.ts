import ExcelJS from 'exceljs';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { AppError, errors, type Lang, type Messages, type RowError } from '../errors.ts';

export type Column = { key: string; header: Messages; width?: number; note?: Messages };
export const maxImportRows = 100_000;

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook as a download; the file name may be Chinese (RFC 5987). */
export function sendXlsx(reply: FastifyReply, fileName: string, buf: Buffer): FastifyReply {
  return reply
    .header('content-type', xlsxType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(buf);
}

/** A person's gender (GB 11643 'M'/'F') as a cell shows it. */
export const genderLabel = (g: string, lang: Lang): string => (lang === 'zh-CN' ? (g === 'M' ? '男' : '女') : g === 'M' ? 'M' : 'F');

/** A column of a list download: the value is `row[key]` unless `value` says otherwise. */
export type ListColumn<T> = Column & { value?: (row: T, lang: Lang) => unknown };

/** A list as a one-sheet download, for the `…/export` route beside a list route. */
export async function sendList<T extends object>(
  reply: FastifyReply,
  lang: Lang,
  opts: { sheet: Messages; fileName: string; columns: ListColumn<T>[]; rows: T[] },
): Promise<FastifyReply> {
  const rows = opts.rows.map((r) => Object.fromEntries(opts.columns.map((c) => [c.key, c.value ? c.value(r, lang) : (r as Record<string, unknown>)[c.key]])));
  return sendXlsx(reply, opts.fileName, await buildWorkbook(opts.sheet[lang], opts.columns, rows, lang));
}

/** A workbook with one sheet: bold header row, frozen, column widths. */
export async function buildWorkbook(sheetName: string, columns: Column[], rows: Record<string, unknown>[], lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tuanwu';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header[lang], key: c.key, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.note) ws.getRow(1).getCell(i + 1).note = c.note[lang];
  });
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type SheetRow = { row: number; values: Record<string, string> };

/** How far one read of a sheet may go; past any of these the file is refused, not read on. */
export type SheetLimits = {
  /** rows with values after the header */
  maxRows: number;
  /** bytes inflated from the zip, all parts together */
  maxInflatedBytes: number;
  /** characters of cell text kept (the read columns only) */
  maxTextChars: number;
  /** wall clock; the reader is terminated past it */
  timeoutMs: number;
  /** the reader's heap; past it the reader dies, not the server */
  heapMb: number;
};

export const sheetLimits: SheetLimits = {
  maxRows: maxImportRows,
  maxInflatedBytes: 256 * 1024 * 1024,
  maxTextChars: 64 * 1024 * 1024,
  timeoutMs: 120_000,
  heapMb: 256,
};

/** An upload kept in a temporary file until its import has run. */
export type Upload = { path: string; fileName: string; bytes: number };

const notXlsx = () => errors.invalid('file', { 'zh-CN': '不是有效的 Excel（.xlsx）文件', 'en-US': 'not a valid Excel (.xlsx) file' });

/**
 * Takes the uploaded file to a temporary file, refusing at once a missing file (400), one over the
 * upload limit (413) and one that is not a zip at all (400). Its sheet is read later, by `readSheet`.
 */
export async function receiveUpload(file: MultipartFile | undefined): Promise<Upload> {
  if (!file) throw errors.invalid('file', { 'zh-CN': '请上传 Excel 文件（.xlsx）', 'en-US': 'upload an Excel file (.xlsx)' });
  const path = join(tmpdir(), `tuanwu-import-${randomUUID()}.xlsx`);
  try {
    await pipeline(file.file, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    if (file.file.truncated) throw errors.fileTooLarge('10 MB');
    const fh = await open(path);
    try {
      const head = Buffer.alloc(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      const { size } = await fh.stat();
      if (bytesRead < 4 || head.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
      return { path, fileName: (file.filename || 'import.xlsx').slice(0, 200), bytes: size };
    } finally {
      await fh.close();
    }
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

export async function discardUpload(upload: Upload): Promise<void> {
  await rm(upload.path, { force: true });
}

const workerUrl = new URL('./sheet-reader.worker.mjs', import.meta.url);
type Reason = 'not_xlsx' | 'no_sheet' | 'no_header' | 'too_many_rows' | 'too_big' | 'too_slow' | 'no_rows';
type WorkerMessage =
  | { type: 'progress'; read: number }
  | { type: 'rows'; rows: SheetRow[]; read: number }
  | { type: 'done'; rows: number; inflatedBytes: number }
  | { type: 'refused'; reason: Reason; detail: string; inflatedBytes: number };

/** How a read went: rows kept, bytes inflated, and the reason it was refused (with the reader's detail). */
export type SheetStats = { rows: number; inflatedBytes: number; refused: Reason | null; detail?: string };

function refusal(reason: Reason, limits: SheetLimits): AppError {
  const mb = Math.round(limits.maxInflatedBytes / 1024 / 1024);
  const reasons: Record<Reason, Messages> = {
    not_xlsx: { 'zh-CN': '不是有效的 Excel（.xlsx）文件', 'en-US': 'not a valid Excel (.xlsx) file' },
    no_sheet: { 'zh-CN': '文件中没有工作表', 'en-US': 'the workbook has no sheet' },
    no_header: { 'zh-CN': '第 1 行不是模板的表头，请下载模板填写', 'en-US': 'row 1 is not the template header; use the template' },
    too_many_rows: { 'zh-CN': `一次最多导入 ${limits.maxRows} 行`, 'en-US': `at most ${limits.maxRows} rows per import` },
    too_big: {
      'zh-CN': `文件解压后内容过多（上限约 ${mb} MB），请拆分后分批导入`,
      'en-US': `the file holds too much once unpacked (limit about ${mb} MB); split it into smaller imports`,
    },
    too_slow: {
      'zh-CN': `文件读取超过 ${Math.round(limits.timeoutMs / 1000)} 秒，请拆分后分批导入`,
      'en-US': `reading the file took over ${Math.round(limits.timeoutMs / 1000)} s; split it into smaller imports`,
    },
    no_rows: { 'zh-CN': '文件中没有数据行', 'en-US': 'the file has no data rows' },
  };
  return errors.invalid('file', reasons[reason]);
}

/**
 * Reads the first sheet of an upload into rows keyed by column (matched by header in either
 * language), in a worker thread: the sheet is streamed, and the read stops at the row limit, at the
 * inflated-size and text limits, at the time limit and at the worker's heap limit, each with a clear
 * 400 naming the file. The server's own thread only receives the rows.
 */
export function readSheet(
  path: string,
  columns: Column[],
  opts: Partial<SheetLimits> & { onProgress?: (rowsRead: number) => void; onEnd?: (stats: SheetStats) => void } = {},
): Promise<SheetRow[]> {
  const limits: SheetLimits = { ...sheetLimits, ...opts };
  const job = {
    path,
    columns: columns.map((c) => ({ key: c.key, names: [c.header['zh-CN'], c.header['en-US'], c.key] })),
    maxRows: limits.maxRows,
    maxInflatedBytes: limits.maxInflatedBytes,
    maxTextChars: limits.maxTextChars,
    batchRows: 2000,
  };
  return new Promise((resolve, reject) => {
    const rows: SheetRow[] = [];
    let settled = false;
    const worker = new Worker(workerUrl, {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    const finish = (err: AppError | null, stats?: Omit<SheetStats, 'rows'>) => {
      if (settled) return;
      settled = true;
      opts.onEnd?.({ rows: rows.length, inflatedBytes: stats?.inflatedBytes ?? -1, refused: stats?.refused ?? null, detail: stats?.detail });
      clearTimeout(timer);
      void worker.terminate();
      if (err) rows.length = 0;
      if (err) reject(err);
      else resolve(rows);
    };
    const refuse = (reason: Reason, detail: string, inflatedBytes = -1) => finish(refusal(reason, limits), { refused: reason, detail, inflatedBytes });
    const timer = setTimeout(() => refuse('too_slow', `over ${limits.timeoutMs} ms`), limits.timeoutMs);
    worker.on('message', (msg: WorkerMessage) => {
      if (settled) return;
      if (msg.type === 'progress') opts.onProgress?.(msg.read);
      else if (msg.type === 'rows') {
        for (const r of msg.rows) rows.push(r);
      } else if (msg.type === 'done') finish(null, { inflatedBytes: msg.inflatedBytes, refused: null });
      else refuse(msg.reason, msg.detail, msg.inflatedBytes);
    });
    // Past its heap limit the worker dies alone (ERR_WORKER_OUT_OF_MEMORY): the file held too much.
    worker.on('error', (err: Error & { code?: string }) => refuse(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_big' : 'not_xlsx', err.message));
    worker.on('exit', (code) => refuse('not_xlsx', `the reader stopped (${code})`));
  });
}

/** Runs a check per row, collecting every failure with its row and column; throws them all at once. */
export class RowErrors {
  readonly list: RowError[] = [];
  constructor(
    private readonly columns: Column[],
    private readonly lang: Lang,
  ) {}

  check(row: number, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const col = this.columns.find((c) => c.key === err.field);
      this.list.push({
        row,
        column: col ? col.header[this.lang] : err.field,
        field: err.field,
        message: err.messages[this.lang],
        messages: err.messages,
      });
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0)
      throw new AppError('import_failed', { params: { count: new Set(this.list.map((e) => e.row)).size }, errors: this.list.slice(0, 1000) });
  }
}
