import type { MultipartFile } from '@fastify/multipart';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { chinaToday, isDate } from '../../platform/dates.ts';
import type { Lang } from '../../platform/errors.ts';
import { buildWorkbook, type Column, RowErrors, type SheetRow } from '../../platform/excel/excel.ts';
import { type ImportContext, startImport } from '../../platform/imports/imports.ts';
import { findOrg, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { youthVoiceErrors as E } from './youth-voice.errors.ts';
import { yvVisit } from './youth-voice.schema.ts';

export const visitColumns: Column[] = [
  { key: 'org', header: { 'zh-CN': '组织', 'en-US': 'Org' }, width: 28, note: { 'zh-CN': '组织全称或组织编号', 'en-US': 'the org’s full name or id' } },
  { key: 'day', header: { 'zh-CN': '日期', 'en-US': 'Date' }, width: 12, note: { 'zh-CN': '格式 YYYY-MM-DD', 'en-US': 'YYYY-MM-DD' } },
  { key: 'visits', header: { 'zh-CN': '访问量', 'en-US': 'Visits' }, width: 12 },
];

export function visitTemplate(lang: Lang): Promise<Buffer> {
  return buildWorkbook(lang === 'zh-CN' ? '访问量' : 'Visits', visitColumns, [{ org: '共青团衡阳市委员会', day: '2026-03-01', visits: 12345 }], lang);
}

const dayPattern = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
export function parseDay(v: string | undefined): string {
  const m = dayPattern.exec((v ?? '').trim());
  const day = m ? `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}` : '';
  if (!isDate(day)) throw E.invalid('day', { 'zh-CN': '格式应为 YYYY-MM-DD 的有效日期', 'en-US': 'must be a real date YYYY-MM-DD' });
  if (day > chinaToday()) throw E.in_future('day');
  return day;
}
export function parseVisits(v: string | undefined): number {
  const s = (v ?? '').trim().replace(/,/g, '');
  if (!/^\d{1,10}$/.test(s) || Number(s) > 2_000_000_000)
    throw E.invalid('visits', { 'zh-CN': '应为 0 或正整数', 'en-US': 'must be a whole number, 0 or more' });
  return Number(s);
}

/**
 * Visits from the 青年之声 platform's export, for orgs of the target's subtree: all or nothing, each
 * row's org named by full name (unique in the subtree) or id. A day already on file takes the new
 * figure (the platform's export is the source), so importing the same file twice changes nothing.
 */
export async function importVisits(db: Db, actor: Actor, orgId: number, file: MultipartFile | undefined, lang: Lang) {
  const target = requireInScope(actor, 'service.write', await findOrg(db, orgId), 'org');
  return startImport(db, actor, {
    kind: 'youth-voice.visits',
    org: target,
    permission: 'service.write',
    file,
    columns: visitColumns,
    work: (rows, ctx) => writeVisits(db, actor, target, rows, ctx, lang),
  });
}

async function writeVisits(
  db: Db,
  actor: Actor,
  target: OrgRow,
  rows: SheetRow[],
  ctx: ImportContext,
  lang: Lang,
): Promise<{ imported: number; updated: number }> {
  const orgs = await db.execute<{ id: number; name: string }>(sql`select id, name from org where path <@ ${target.path}::ltree`);
  const byId = new Map(orgs.rows.map((o) => [Number(o.id), Number(o.id)]));
  const byName = new Map<string, number[]>();
  for (const o of orgs.rows) byName.set(o.name, [...(byName.get(o.name) ?? []), Number(o.id)]);
  const errs = new RowErrors(visitColumns, lang);
  const planned: { orgId: number; day: string; visits: number }[] = [];
  const seen = new Map<string, number>();
  for (const [i, { row, values }] of rows.entries()) {
    await ctx.tick('checking', i, rows.length);
    errs.check(row, () => {
      const name = (values.org ?? '').trim();
      if (!name) throw E.invalid('org', { 'zh-CN': '不能为空', 'en-US': 'is required' });
      const ids = /^\d{1,15}$/.test(name) && byId.has(Number(name)) ? [Number(name)] : (byName.get(name) ?? []);
      if (ids.length === 0) throw E.org_not_found('org', { name });
      if (ids.length > 1) throw E.org_ambiguous('org', { name });
      const day = parseDay(values.day);
      const visits = parseVisits(values.visits);
      const key = `${ids[0]}:${day}`;
      const first = seen.get(key);
      if (first) throw E.invalid('day', { 'zh-CN': `与第 ${first} 行是同一组织同一天`, 'en-US': `the same org and day as row ${first}` });
      seen.set(key, row);
      planned.push({ orgId: ids[0] as number, day, visits });
    });
  }
  errs.throwIfAny();
  return db.transaction(async (tx) => {
    let imported = 0;
    let updated = 0;
    for (let i = 0; i < planned.length; i += 1000) {
      ctx.report('writing', i, planned.length);
      const chunk = planned.slice(i, i + 1000);
      const res = await tx
        .insert(yvVisit)
        .values(chunk.map((p) => ({ id: uuidv7(), ...p, importedBy: actor.accountId })))
        .onConflictDoUpdate({ target: [yvVisit.orgId, yvVisit.day], set: { visits: sql`excluded.visits`, importedBy: actor.accountId, updatedAt: new Date() } })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      for (const r of res) r.inserted ? imported++ : updated++;
    }
    await audit(tx, actor, {
      action: 'youth-voice.visits_imported',
      entity: 'org',
      entityId: target.id,
      orgId: target.id,
      orgPath: target.path,
      after: { imported, updated },
    });
    return { imported, updated };
  });
}
