import ExcelJS from 'exceljs';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
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

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    return '';
  }
  return String(v).trim();
}

export type SheetRow = { row: number; values: Record<string, string> };

/**
 * Reads an uploaded .xlsx into rows keyed by column (matched by header in either language).
 * Rejects a missing, oversized or malformed file with a clear error before any row is looked at.
 */
export async function readUpload(file: MultipartFile | undefined, columns: Column[]): Promise<SheetRow[]> {
  if (!file) throw errors.invalid('file', { 'zh-CN': '请上传 Excel 文件（.xlsx）', 'en-US': 'upload an Excel file (.xlsx)' });
  const buf = await file.toBuffer();
  if (file.file.truncated) throw new AppError('payload_too_large', { params: { limit: '10 MB' } });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw errors.invalid('file', { 'zh-CN': '不是有效的 Excel（.xlsx）文件', 'en-US': 'not a valid Excel (.xlsx) file' });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw errors.invalid('file', { 'zh-CN': '文件中没有工作表', 'en-US': 'the workbook has no sheet' });
  const header = ws.getRow(1);
  const colIndex = new Map<string, number>();
  header.eachCell((cell, col) => {
    const text = cellText(cell.value);
    const c = columns.find((x) => x.header['zh-CN'] === text || x.header['en-US'] === text || x.key === text);
    if (c) colIndex.set(c.key, col);
  });
  if (colIndex.size === 0) {
    throw errors.invalid('file', { 'zh-CN': '第 1 行不是模板的表头，请下载模板填写', 'en-US': 'row 1 is not the template header; use the template' });
  }
  if (ws.actualRowCount - 1 > maxImportRows) {
    throw errors.invalid('file', { 'zh-CN': `一次最多导入 ${maxImportRows} 行`, 'en-US': `at most ${maxImportRows} rows per import` });
  }
  const rows: SheetRow[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const values: Record<string, string> = {};
    let any = false;
    for (const [key, col] of colIndex) {
      values[key] = cellText(r.getCell(col).value);
      if (values[key]) any = true;
    }
    if (any) rows.push({ row: n, values });
  });
  if (rows.length === 0) throw errors.invalid('file', { 'zh-CN': '文件中没有数据行', 'en-US': 'the file has no data rows' });
  return rows;
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
