import ExcelJS from 'exceljs';
import { expect } from 'vitest';
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
