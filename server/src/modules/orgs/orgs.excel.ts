import type { MultipartFile } from '@fastify/multipart';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { listScope, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors, type Lang } from '../../platform/errors.ts';
import { buildWorkbook, type Column, RowErrors, type SheetRow } from '../../platform/excel/excel.ts';
import { type ImportContext, startImport, uniqueViolation } from '../../platform/imports/imports.ts';
import { categoryLabels, kindLabels, labelOf, statusLabels, valueFromLabel } from '../../platform/org-tree/org-labels.ts';
import { org, type OrgCategory, type OrgKind } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, isBranch, within, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { orgsErrors } from './orgs.errors.ts';
import { insertOrg, validateOrgFields } from './orgs.service.ts';

const importColumns: Column[] = [
  {
    key: 'key',
    header: { 'zh-CN': '序号', 'en-US': 'Row key' },
    width: 8,
    note: { 'zh-CN': '本文件内的编号，供“上级序号”引用', 'en-US': 'a key within this file, for "Parent row key"' },
  },
  { key: 'name', header: { 'zh-CN': '组织名称', 'en-US': 'Name' }, width: 30 },
  { key: 'shortName', header: { 'zh-CN': '简称', 'en-US': 'Short name' } },
  {
    key: 'kind',
    header: { 'zh-CN': '组织类型', 'en-US': 'Kind' },
    note: { 'zh-CN': '团委/团工委/团总支/团支部/临时团支部', 'en-US': 'Committee/Working committee/General branch/Branch/Temporary branch' },
  },
  {
    key: 'category',
    header: { 'zh-CN': '组织类别', 'en-US': 'Category' },
    note: { 'zh-CN': '高校/中职/中学/国有企业/非公企业/乡镇/村/街道/社区/机关事业单位/社会组织/其他', 'en-US': 'see the category list' },
  },
  {
    key: 'parentId',
    header: { 'zh-CN': '上级组织ID', 'en-US': 'Parent org ID' },
    note: {
      'zh-CN': '已有组织的 ID；与“上级序号”二选一，都空则挂在导入目标组织下',
      'en-US': 'an existing org id; or use Parent row key; empty = the import target',
    },
  },
  { key: 'parentKey', header: { 'zh-CN': '上级序号', 'en-US': 'Parent row key' } },
  { key: 'divisionCode', header: { 'zh-CN': '行政区划代码', 'en-US': 'Division code' }, width: 16 },
  { key: 'establishedOn', header: { 'zh-CN': '建立日期', 'en-US': 'Established on' }, note: { 'zh-CN': '格式 YYYY-MM-DD', 'en-US': 'YYYY-MM-DD' } },
];

const exportColumns: Column[] = [
  { key: 'id', header: { 'zh-CN': 'ID', 'en-US': 'ID' }, width: 10 },
  { key: 'parentId', header: { 'zh-CN': '上级组织ID', 'en-US': 'Parent org ID' }, width: 10 },
  { key: 'name', header: { 'zh-CN': '组织名称', 'en-US': 'Name' }, width: 30 },
  { key: 'shortName', header: { 'zh-CN': '简称', 'en-US': 'Short name' } },
  { key: 'kind', header: { 'zh-CN': '组织类型', 'en-US': 'Kind' } },
  { key: 'category', header: { 'zh-CN': '组织类别', 'en-US': 'Category' } },
  { key: 'divisionCode', header: { 'zh-CN': '行政区划代码', 'en-US': 'Division code' } },
  { key: 'establishedOn', header: { 'zh-CN': '建立日期', 'en-US': 'Established on' } },
  { key: 'status', header: { 'zh-CN': '状态', 'en-US': 'Status' } },
  { key: 'depth', header: { 'zh-CN': '层级', 'en-US': 'Level' }, width: 8 },
];

export function orgTemplate(lang: Lang): Promise<Buffer> {
  const example = [
    {
      key: '1',
      name: '示例街道团工委',
      kind: kindLabels.working_committee[lang],
      category: categoryLabels.street[lang],
      divisionCode: '430405001',
      establishedOn: '2020-05-04',
    },
    { key: '2', name: '示例社区团支部', kind: kindLabels.branch[lang], category: categoryLabels.community[lang], parentKey: '1', establishedOn: '2021-03-01' },
  ];
  return buildWorkbook(lang === 'zh-CN' ? '组织' : 'Orgs', importColumns, example, lang);
}

export async function exportOrgs(db: Db, actor: Actor, rootId: number, lang: Lang): Promise<Buffer> {
  const scope = await listScope(db, actor, 'org.read', rootId);
  const rows = await db.select().from(org).where(scope.where(org.path)).orderBy(asc(org.depth), asc(org.sortKey), asc(org.id)).limit(200_000);
  return buildWorkbook(
    lang === 'zh-CN' ? '组织' : 'Orgs',
    exportColumns,
    rows.map((o) => ({
      ...o,
      kind: kindLabels[o.kind][lang],
      category: labelOf(categoryLabels, o.category, lang),
      status: statusLabels[o.status][lang],
    })),
    lang,
  );
}

type Planned = {
  row: number;
  key: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  category: OrgCategory | null;
  divisionCode: string | null;
  establishedOn: string | null;
  parentId: number | null;
  parentKey: string | null;
};

/**
 * All-or-nothing: the upload answers at once with an import run (platform/imports); the run checks
 * every row, reports every problem, and writes nothing unless all pass.
 */
export async function importOrgs(db: Db, actor: Actor, targetId: number, file: MultipartFile | undefined, lang: Lang) {
  const target = requireInScope(actor, 'org.write', await findOrg(db, targetId), 'org');
  return startImport(db, actor, {
    kind: 'orgs',
    org: target,
    permission: 'org.write',
    file,
    columns: importColumns,
    work: (rows, ctx) => writeOrgs(db, actor, target, rows, ctx, lang),
  });
}

/** The run of an org import: the rows checked, then the orgs created in one transaction. */
export async function writeOrgs(db: Db, actor: Actor, target: OrgRow, rows: SheetRow[], ctx: ImportContext, lang: Lang): Promise<{ created: number }> {
  const errs = new RowErrors(importColumns, lang);
  const day = chinaToday();
  const keys = new Map<string, Planned>();
  const planned: Planned[] = [];
  const parentIds = [
    ...new Set(
      rows
        .map((r) => r.values.parentId)
        .filter((v): v is string => !!v && /^\d+$/.test(v))
        .map(Number),
    ),
  ];
  const existing = new Map<number, OrgRow>();
  for (let i = 0; i < parentIds.length; i += 5000) {
    for (const o of await db
      .select()
      .from(org)
      .where(inArray(org.id, parentIds.slice(i, i + 5000))))
      existing.set(o.id, o);
  }

  for (const [i, { row, values }] of rows.entries()) {
    await ctx.tick('checking', i, rows.length);
    const p: Partial<Planned> = { row, key: values.key || `#${row}` };
    errs.check(row, () => {
      const kind = valueFromLabel(kindLabels, values.kind ?? '');
      if (!kind)
        throw orgsErrors.invalid('kind', { 'zh-CN': `“${values.kind ?? ''}”不是有效的组织类型`, 'en-US': `"${values.kind ?? ''}" is not a known kind` });
      p.kind = kind;
    });
    errs.check(row, () => {
      const category = values.category ? valueFromLabel(categoryLabels, values.category) : null;
      if (values.category && !category)
        throw orgsErrors.invalid('category', { 'zh-CN': `“${values.category}”不是有效的组织类别`, 'en-US': `"${values.category}" is not a known category` });
      p.category = category;
    });
    errs.check(row, () => {
      const f = validateOrgFields(
        {
          name: values.name ?? '',
          shortName: values.shortName || null,
          divisionCode: values.divisionCode || null,
          establishedOn: values.establishedOn || null,
        },
        day,
      );
      Object.assign(p, { name: f.name, shortName: f.shortName ?? null, divisionCode: f.divisionCode ?? null, establishedOn: f.establishedOn ?? null });
    });
    errs.check(row, () => {
      if (p.key && keys.has(p.key)) throw orgsErrors.invalid('key', { 'zh-CN': `序号 ${p.key} 重复`, 'en-US': `row key ${p.key} is repeated` });
    });
    errs.check(row, () => {
      p.parentId = null;
      p.parentKey = null;
      if (values.parentId && values.parentKey) {
        throw orgsErrors.invalid('parentId', {
          'zh-CN': '“上级组织ID”与“上级序号”只能填一个',
          'en-US': 'fill either Parent org ID or Parent row key, not both',
        });
      }
      if (values.parentKey) {
        const parent = keys.get(values.parentKey);
        if (!parent)
          throw orgsErrors.invalid('parentKey', {
            'zh-CN': `上级序号 ${values.parentKey} 不在本行之前`,
            'en-US': `parent row key ${values.parentKey} is not on an earlier row`,
          });
        if (isBranch(parent)) throw orgsErrors.parent_is_branch('parentKey');
        p.parentKey = values.parentKey;
        return;
      }
      const parent = values.parentId ? existing.get(Number(values.parentId)) : target;
      // Inside the target, which is in the caller's scope: so in scope too.
      if (!parent || !within(parent.path, target.path)) {
        throw orgsErrors.invalid('parentId', {
          'zh-CN': `上级组织 ${values.parentId} 不存在或不在导入范围内`,
          'en-US': `parent org ${values.parentId} not found or outside the import target`,
        });
      }
      if (parent.status !== 'active') throw errors.orgInactive('parentId');
      if (isBranch(parent)) throw orgsErrors.parent_is_branch('parentId');
      p.parentId = parent.id;
    });
    if (p.key && p.name && p.kind) keys.set(p.key, p as Planned);
    planned.push(p as Planned);
  }

  // Sibling names: unique within the file and against the active orgs already there.
  const seen = new Set<string>();
  for (const [i, p] of planned.entries()) {
    await ctx.pause(i);
    if (!p.name) continue;
    const sib = `${p.parentId ?? `k:${p.parentKey}`}/${p.name}`;
    errs.check(p.row, () => {
      if (seen.has(sib)) throw orgsErrors.conflict('name', p.name);
    });
    seen.add(sib);
  }
  const existingParents = [...new Set(planned.map((p) => p.parentId).filter((v): v is number => v !== null))];
  if (existingParents.length > 0) {
    const taken = await db
      .select({ parentId: org.parentId, name: org.name })
      .from(org)
      .where(and(inArray(org.parentId, existingParents), eq(org.status, 'active')));
    const takenSet = new Set(taken.map((t) => `${t.parentId}/${t.name}`));
    for (const p of planned) {
      if (p.parentId !== null && takenSet.has(`${p.parentId}/${p.name}`))
        errs.check(p.row, () => {
          throw orgsErrors.conflict('name', p.name);
        });
    }
  }
  errs.throwIfAny();

  return db.transaction(async (tx) => {
    const made = new Map<string, OrgRow>();
    for (const [i, p] of planned.entries()) {
      ctx.report('writing', i, planned.length);
      const parent = p.parentKey ? made.get(p.parentKey) : await findOrg(tx, p.parentId ?? target.id);
      if (!parent) throw new Error(`parent of row ${p.row} vanished`);
      // A sibling of the same name put on file since the checks: the row's error, like the check's.
      const row = await insertOrg(tx, actor, parent, p).catch((err: unknown) => {
        if (uniqueViolation(err)?.constraint !== 'org_sibling_name_uq') throw err;
        const lost = new RowErrors(importColumns, lang);
        lost.check(p.row, () => {
          throw orgsErrors.conflict('name', p.name);
        });
        lost.throwIfAny();
        throw err;
      });
      made.set(p.key, row);
    }
    await audit(tx, actor, {
      action: 'org.imported',
      entity: 'org',
      entityId: target.id,
      orgId: target.id,
      orgPath: target.path,
      after: { created: planned.length },
    });
    return { created: planned.length };
  });
}
