import type { MultipartFile } from '@fastify/multipart';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { can, listScope, requireInScope, subtrees, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { AppError, type Lang } from '../../platform/errors.ts';
import { buildWorkbook, type Column, RowErrors, type SheetRow } from '../../platform/excel/excel.ts';
import { type ImportContext, startImport, uniqueViolation } from '../../platform/imports/imports.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchKinds, findOrg, isBranch, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import type { Pii } from '../../platform/pii.ts';
import { makeIdNumber, person, sensitiveColumns, validatePerson } from '../people/index.ts';
import { membersErrors } from './members.errors.ts';
import { memberColumns, memberConditions, presentMember, type MemberFilter } from './members.queries.ts';
import { checkAdmission, checkBranch, checkDevelopmentNumber } from './members.rules.ts';
import { member } from './members.schema.ts';

const importColumns: Column[] = [
  { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
  { key: 'idNumber', header: { 'zh-CN': '身份证号', 'en-US': 'ID number' }, width: 22 },
  { key: 'phone', header: { 'zh-CN': '手机号', 'en-US': 'Phone' }, width: 14 },
  { key: 'admittedOn', header: { 'zh-CN': '入团日期', 'en-US': 'Admission date' }, note: { 'zh-CN': '格式 YYYY-MM-DD', 'en-US': 'YYYY-MM-DD' } },
  {
    key: 'developmentNumber',
    header: { 'zh-CN': '发展团员编号', 'en-US': 'Development number' },
    width: 16,
    note: { 'zh-CN': '12 位，前 4 位为入团年份；2017 年以后入团必填', 'en-US': '12 digits, the first 4 the admission year; required since 2017' },
  },
  {
    key: 'branch',
    header: { 'zh-CN': '所在团支部', 'en-US': 'Branch' },
    width: 24,
    note: {
      'zh-CN': '团支部 ID 或名称（导入目标下）；目标本身是团支部时可空',
      'en-US': 'branch id or name within the target; empty when the target is a branch',
    },
  },
  { key: 'leaguePost', header: { 'zh-CN': '团内职务', 'en-US': 'League post' } },
];

const exportColumns: Column[] = [
  { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
  { key: 'gender', header: { 'zh-CN': '性别', 'en-US': 'Gender' }, width: 6 },
  { key: 'birthDate', header: { 'zh-CN': '出生日期', 'en-US': 'Birth date' }, width: 12 },
  { key: 'age', header: { 'zh-CN': '年龄', 'en-US': 'Age' }, width: 6 },
  { key: 'idNumber', header: { 'zh-CN': '身份证号（脱敏）', 'en-US': 'ID number (masked)' }, width: 22 },
  { key: 'phone', header: { 'zh-CN': '手机号（脱敏）', 'en-US': 'Phone (masked)' }, width: 14 },
  { key: 'orgName', header: { 'zh-CN': '所在团支部', 'en-US': 'Branch' }, width: 28 },
  { key: 'admittedOn', header: { 'zh-CN': '入团日期', 'en-US': 'Admission date' }, width: 12 },
  { key: 'developmentNumber', header: { 'zh-CN': '发展团员编号', 'en-US': 'Development number' }, width: 16 },
  { key: 'status', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 8 },
  { key: 'leftOn', header: { 'zh-CN': '离团日期', 'en-US': 'Left on' }, width: 12 },
  { key: 'leaguePost', header: { 'zh-CN': '团内职务', 'en-US': 'League post' } },
];

const statusLabels = { active: { 'zh-CN': '在册', 'en-US': 'Active' }, left: { 'zh-CN': '已离团', 'en-US': 'Left' } } as const;

export function memberTemplate(lang: Lang): Promise<Buffer> {
  const example = [
    {
      name: '张三',
      idNumber: makeIdNumber('430421', '2008-01-01', 1, 'M'),
      phone: '13800000000',
      admittedOn: '2023-05-04',
      developmentNumber: '202300000001',
      branch: '',
    },
  ];
  return buildWorkbook(lang === 'zh-CN' ? '团员' : 'Members', importColumns, example, lang);
}

export async function exportMembers(db: Db, actor: Actor, f: MemberFilter, lang: Lang, today: string): Promise<Buffer> {
  const conds = memberConditions(await listScope(db, actor, 'member.read', f.orgId), f, today);
  const rows = await db
    .select(memberColumns)
    .from(member)
    .innerJoin(person, eq(person.id, member.personId))
    .innerJoin(org, eq(org.id, member.orgId))
    .where(and(...conds))
    .orderBy(asc(org.path), asc(member.id))
    .limit(200_000);
  return buildWorkbook(
    lang === 'zh-CN' ? '团员' : 'Members',
    exportColumns,
    rows.map((r) => {
      const m = presentMember(r, today);
      return { ...m, gender: m.gender === 'M' ? (lang === 'zh-CN' ? '男' : 'M') : lang === 'zh-CN' ? '女' : 'F', status: statusLabels[m.status][lang] };
    }),
    lang,
  );
}

type Planned = {
  row: number;
  name: string;
  idNumber: string;
  /** the keyed hash of the ID number, as persons are found by */
  hash: string;
  phone: string | null;
  gender: 'M' | 'F';
  birthDate: string;
  admittedOn: string;
  developmentNumber: string | null;
  branch: OrgRow;
  leaguePost: string | null;
};

/**
 * Members from a branch's sheet, all or nothing: the upload answers at once with an import run
 * (platform/imports); the run checks every row (person rules, admission rules, branch, duplicates
 * in the file and on file) and writes nothing unless all pass. A person already kept in the
 * caller's scope under the same ID number is reused; one kept elsewhere is a row error that says
 * nothing of them (entered alone, the member becomes a request to their keeper).
 */
export async function importMembers(db: Db, pii: Pii, actor: Actor, targetId: number, file: MultipartFile | undefined, lang: Lang, today: string) {
  const target = requireInScope(actor, 'member.write', await findOrg(db, targetId), 'org');
  return startImport(db, actor, {
    kind: 'members',
    org: target,
    permission: 'member.write',
    file,
    columns: importColumns,
    work: (rows, ctx) => writeMembers(db, pii, actor, target, rows, ctx, lang, today),
  });
}

/** The run of a member import: the rows of the sheet checked, then written in one transaction. */
export async function writeMembers(db: Db, pii: Pii, actor: Actor, target: OrgRow, rows: SheetRow[], ctx: ImportContext, lang: Lang, today: string) {
  const errs = new RowErrors(importColumns, lang);
  const branches = await db
    .select()
    .from(org)
    .where(and(subtrees([target.path]).where(org.path), inArray(org.kind, branchKinds)))
    .limit(100_000);
  const byId = new Map(branches.map((b) => [String(b.id), b]));
  const byName = new Map<string, OrgRow[]>();
  for (const b of branches) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);

  const planned: Planned[] = [];
  const seenIds = new Map<string, number>();
  const seenNumbers = new Map<string, number>();
  for (const [i, { row, values }] of rows.entries()) {
    await ctx.tick('checking', i, rows.length);
    const p: Partial<Planned> = { row, leaguePost: values.leaguePost || null };
    errs.check(row, () => {
      if (!values.idNumber) throw membersErrors.invalid('idNumber', { 'zh-CN': '导入时必填', 'en-US': 'required in an import' });
      const v = validatePerson({ name: values.name ?? '', idNumber: values.idNumber, phone: values.phone || null });
      Object.assign(p, {
        name: v.name,
        idNumber: v.idNumber,
        hash: pii.hash('id', v.idNumber ?? ''),
        phone: v.phone,
        gender: v.gender,
        birthDate: v.birthDate,
      });
      const first = seenIds.get(v.idNumber ?? '');
      if (first) throw membersErrors.invalid('idNumber', { 'zh-CN': `与第 ${first} 行重复`, 'en-US': `repeats row ${first}` });
      seenIds.set(v.idNumber ?? '', row);
    });
    errs.check(row, () => {
      if (!p.birthDate) return;
      p.admittedOn = checkAdmission(p.birthDate, values.admittedOn, today);
    });
    errs.check(row, () => {
      if (!p.admittedOn) return;
      p.developmentNumber = checkDevelopmentNumber(values.developmentNumber, p.admittedOn);
      if (p.developmentNumber) {
        const first = seenNumbers.get(p.developmentNumber);
        if (first) throw membersErrors.invalid('developmentNumber', { 'zh-CN': `与第 ${first} 行重复`, 'en-US': `repeats row ${first}` });
        seenNumbers.set(p.developmentNumber, row);
      }
    });
    errs.check(row, () => {
      const ref = values.branch?.trim();
      let b: OrgRow | undefined;
      if (!ref) {
        if (!isBranch(target)) {
          throw membersErrors.invalid('branch', { 'zh-CN': '请填写团支部 ID 或名称', 'en-US': 'give the branch id or name' });
        }
        b = target;
      } else if (/^\d+$/.test(ref) && byId.has(ref)) b = byId.get(ref);
      else {
        const hits = byName.get(ref) ?? [];
        if (hits.length > 1)
          throw membersErrors.invalid('branch', { 'zh-CN': `名称“${ref}”对应多个团支部，请填 ID`, 'en-US': `"${ref}" names several branches; use the id` });
        b = hits[0];
      }
      if (!b) throw membersErrors.invalid('branch', { 'zh-CN': `导入目标下没有团支部“${ref}”`, 'en-US': `no branch "${ref}" within the target` });
      checkBranch(b, 'branch');
      p.branch = b;
    });
    planned.push(p as Planned);
  }

  // Against what is on file: development numbers taken, persons already active members or under another name.
  const numbers = planned.map((p) => p.developmentNumber).filter((n): n is string => !!n);
  const takenNumbers = new Set<string>();
  for (let i = 0; i < numbers.length; i += 5000) {
    const found = await db
      .select({ n: member.developmentNumber })
      .from(member)
      .where(inArray(member.developmentNumber, numbers.slice(i, i + 5000)));
    for (const f of found) if (f.n) takenNumbers.add(f.n);
  }
  const hashes = planned.filter((p) => p.idNumber).map((p) => p.hash);
  const existing = new Map<string, { id: string; name: string; active: boolean }>();
  // Persons kept outside the caller's scope: nothing of them may reach the report (issue 8).
  const elsewhere = new Set<string>();
  for (let i = 0; i < hashes.length; i += 5000) {
    const all = await db
      .select({ id: person.id, name: person.name, hash: person.idNumberHash, path: org.path })
      .from(person)
      .innerJoin(org, eq(org.id, person.orgId))
      .where(inArray(person.idNumberHash, hashes.slice(i, i + 5000)));
    const found = all.filter((f) => can(actor, 'person.read', f.path));
    for (const f of all) if (f.hash && !can(actor, 'person.read', f.path)) elsewhere.add(f.hash);
    // Who of them is an active member: asked apart, so no correlated subquery can name the wrong id.
    const active = new Set<string>();
    if (found.length > 0) {
      const rows = await db
        .select({ personId: member.personId })
        .from(member)
        .where(
          and(
            inArray(
              member.personId,
              found.map((f) => f.id),
            ),
            eq(member.status, 'active'),
          ),
        );
      for (const r of rows) active.add(r.personId);
    }
    for (const f of found) if (f.hash) existing.set(f.hash, { id: f.id, name: f.name, active: active.has(f.id) });
  }
  for (const [i, p] of planned.entries()) {
    await ctx.pause(i);
    if (p.developmentNumber && takenNumbers.has(p.developmentNumber)) {
      errs.check(p.row, () => {
        throw membersErrors.conflict('developmentNumber', p.developmentNumber ?? '');
      });
    }
    const found = p.idNumber ? existing.get(p.hash) : undefined;
    if (p.idNumber && elsewhere.has(p.hash)) {
      errs.check(p.row, () => {
        throw membersErrors.kept_elsewhere('idNumber');
      });
    } else if (found && found.name !== p.name) {
      errs.check(p.row, () => {
        throw membersErrors.other_name('name', { initial: found.name.slice(0, 1) });
      });
    } else if (found?.active) {
      errs.check(p.row, () => {
        throw membersErrors.already_member('idNumber');
      });
    }
  }
  errs.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  errs.throwIfAny();

  ctx.report('writing', 0, planned.length);
  const personIds = new Map<Planned, string>();
  try {
    return await insertMembers(db, pii, actor, target, planned, existing, personIds, ctx);
  } catch (err) {
    throw lostRace(err, planned, personIds, lang) ?? err;
  }
}

/**
 * A write that lost a race on a unique index (a member, a person or a development number put on
 * file by someone else after the checks) comes back as the row's error, like the checks' own.
 */
function lostRace(err: unknown, planned: Planned[], personIds: Map<Planned, string>, lang: Lang): AppError | null {
  const lost = uniqueViolation(err);
  if (!lost) return null;
  const errs = new RowErrors(importColumns, lang);
  const hit = (pick: (p: Planned) => string | null | undefined) => planned.find((p) => pick(p) === lost.value);
  if (lost.constraint === 'member_devno_uq') {
    const p = hit((x) => x.developmentNumber);
    if (p)
      errs.check(p.row, () => {
        throw membersErrors.conflict('developmentNumber', lost.value);
      });
  } else if (lost.constraint === 'person_id_hash_uq') {
    const p = hit((x) => x.hash);
    if (p)
      errs.check(p.row, () => {
        throw membersErrors.invalid('idNumber', {
          'zh-CN': '导入期间此身份证号已由他人登记，请重新导入',
          'en-US': 'this ID number was put on file by someone else during the import; import again',
        });
      });
  } else if (lost.constraint === 'member_person_active_uq') {
    const p = hit((x) => personIds.get(x));
    if (p)
      errs.check(p.row, () => {
        throw membersErrors.already_member('idNumber');
      });
  }
  if (errs.list.length === 0) return null;
  try {
    errs.throwIfAny();
  } catch (e) {
    if (e instanceof AppError) return e;
  }
  return null;
}

async function insertMembers(
  db: Db,
  pii: Pii,
  actor: Actor,
  target: OrgRow,
  planned: Planned[],
  existing: Map<string, { id: string; name: string; active: boolean }>,
  personIds: Map<Planned, string>,
  ctx: ImportContext,
) {
  return db.transaction(async (tx) => {
    let reused = 0;
    const people: (typeof person.$inferInsert)[] = [];
    const members: (typeof member.$inferInsert)[] = [];
    for (const [i, p] of planned.entries()) {
      await ctx.pause(i);
      const found = existing.get(p.hash);
      let personId = found?.id;
      if (personId) reused++;
      else {
        personId = uuidv7();
        people.push({
          id: personId,
          orgId: p.branch.id,
          name: p.name,
          gender: p.gender,
          birthDate: p.birthDate,
          politicalStatus: '共青团员',
          ...sensitiveColumns(pii, p.idNumber, p.phone),
        });
      }
      personIds.set(p, personId);
      members.push({ id: uuidv7(), personId, orgId: p.branch.id, admittedOn: p.admittedOn, developmentNumber: p.developmentNumber, leaguePost: p.leaguePost });
    }
    // Batches small enough that building one statement never holds the thread for long.
    for (let i = 0; i < people.length; i += 250) {
      await tx.insert(person).values(people.slice(i, i + 250));
      await ctx.pause(0);
    }
    for (let i = 0; i < members.length; i += 250) {
      await tx.insert(member).values(members.slice(i, i + 250));
      ctx.report('writing', Math.min(i + 250, members.length), members.length);
      await ctx.pause(0);
    }
    await audit(tx, actor, {
      action: 'member.imported',
      entity: 'org',
      entityId: target.id,
      orgId: target.id,
      orgPath: target.path,
      after: { created: members.length, peopleReused: reused },
    });
    return { created: members.length, peopleReused: reused };
  });
}
