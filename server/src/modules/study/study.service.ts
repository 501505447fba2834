import type { MultipartFile } from '@fastify/multipart';
import { eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, orgForWrite, requireInScope, subtrees, type Actor, type OrgScope } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { uuidPattern } from '../../platform/access/entities.ts';
import { errors, type Lang } from '../../platform/errors.ts';
import { buildWorkbook, type Column, RowErrors, type SheetRow } from '../../platform/excel/excel.ts';
import { type ImportContext, startImport } from '../../platform/imports/imports.ts';
import type { Pii } from '../../platform/pii.ts';
import { chinaToday } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, type OrgRow, within } from '../../platform/org-tree/org-tree.ts';
import { parseIdNumber } from '../people/index.ts';
import { studyErrors } from './study.errors.ts';
import { checkEpisode, checkWithinPeriod, devNumberPattern, parseStudiedAt, type EpisodeInput } from './study.rules.ts';
import { studyEpisode, studyParticipation } from './study.schema.ts';

export type EpisodeRow = typeof studyEpisode.$inferSelect & { ownerPath: string; ownerName: string };

export async function findEpisode(db: DbOrTx, id: string): Promise<EpisodeRow | null> {
  if (!uuidPattern.test(id)) return null;
  const [row] = await db
    .select({ e: studyEpisode, ownerPath: org.path, ownerName: org.name })
    .from(studyEpisode)
    .innerJoin(org, eq(org.id, studyEpisode.ownerOrgId))
    .where(eq(studyEpisode.id, id));
  return row ? { ...row.e, ownerPath: row.ownerPath, ownerName: row.ownerName } : null;
}

/**
 * An issue applies to an org when published at or above it; a committee above the publisher
 * sees the publisher's subtree. Returns the subtree both cover (the deeper path), else null.
 */
export function coveredPath(episode: { ownerPath: string }, path: string): string | null {
  if (within(path, episode.ownerPath)) return path;
  if (within(episode.ownerPath, path)) return episode.ownerPath;
  return null;
}

/**
 * A published issue that applies to the scope, with the part of the scope it covers (the deeper
 * path of each root and the publisher); missing, withdrawn and unrelated are the same 404.
 */
export async function episodeFor(db: DbOrTx, episodeId: string, scope: OrgScope): Promise<{ episode: EpisodeRow; scope: OrgScope }> {
  const episode = await findEpisode(db, episodeId);
  const covered = episode && episode.status === 'published' ? scope.roots.map((root) => coveredPath(episode, root)).filter((p): p is string => p !== null) : [];
  if (!episode || covered.length === 0) throw errors.notFound('studyEpisode');
  return { episode, scope: subtrees(covered) };
}

/** The signed-in person's current membership, for the phone pages (the members module owns the rows). */
export async function currentMembership(db: DbOrTx, personId: string): Promise<{ id: string; orgId: number; path: string; admittedOn: string }> {
  const res = await db.execute<{ id: string; orgId: number; path: string; admittedOn: string }>(sql`
    select m.id, m.org_id as "orgId", o.path::text as path, m.admitted_on as "admittedOn"
    from member m join org o on o.id = m.org_id
    where m.person_id = ${personId} and m.status = 'active' limit 1`);
  const m = res.rows[0];
  if (!m) throw studyErrors.not_a_member('memberId');
  return { ...m, orgId: Number(m.orgId) };
}

export async function createEpisode(db: Db, actor: Actor, input: EpisodeInput & { ownerOrgId: number }) {
  const owner = await orgForWrite(db, actor, 'member.write', input.ownerOrgId, { field: 'ownerOrgId' });
  const v = checkEpisode(input);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: studyEpisode.id })
      .from(studyEpisode)
      .where(sql`${studyEpisode.ownerOrgId} = ${owner.id} and ${studyEpisode.number} = ${v.number}`);
    if (taken) throw studyErrors.conflict('number', v.number);
    const [row] = await tx
      .insert(studyEpisode)
      .values({ id: uuidv7(), ownerOrgId: owner.id, ...v, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('episode insert failed');
    await audit(tx, actor, { action: 'study.episode_created', entity: 'studyEpisode', entityId: row.id, orgId: owner.id, orgPath: owner.path, after: v });
    return { ...row, ownerPath: owner.path, ownerName: owner.name };
  });
}

/** Withdrawn issues leave every figure and list; their participations stay on file. */
export async function withdrawEpisode(db: Db, actor: Actor, id: string) {
  const e = await findEpisode(db, id);
  if (!e || !can(actor, 'member.write', e.ownerPath)) throw errors.notFound('studyEpisode');
  if (e.status === 'withdrawn') return e;
  await db.transaction(async (tx) => {
    await tx.update(studyEpisode).set({ status: 'withdrawn' }).where(eq(studyEpisode.id, id));
    await audit(tx, actor, {
      action: 'study.episode_withdrawn',
      entity: 'studyEpisode',
      entityId: id,
      orgId: e.ownerOrgId,
      orgPath: e.ownerPath,
      before: { status: e.status },
      after: { status: 'withdrawn' },
    });
  });
  return { ...e, status: 'withdrawn' as const };
}

// ---- import of the study platform's participation export ----
export const participationColumns: Column[] = [
  { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12 },
  {
    key: 'number',
    header: { 'zh-CN': '发展团员编号或身份证号', 'en-US': 'Development or ID number' },
    width: 22,
    note: { 'zh-CN': '12 位发展团员编号，或 18 位身份证号', 'en-US': 'the 12-digit development number, or the 18-character ID number' },
  },
  {
    key: 'studiedAt',
    header: { 'zh-CN': '完成时间', 'en-US': 'Completion time' },
    width: 20,
    note: { 'zh-CN': '格式 YYYY-MM-DD HH:mm:ss（北京时间）', 'en-US': 'YYYY-MM-DD HH:mm:ss (Beijing time)' },
  },
];

export function participationTemplate(lang: Lang): Promise<Buffer> {
  return buildWorkbook(
    lang === 'zh-CN' ? '学习记录' : 'Participation',
    participationColumns,
    [{ name: '张三', number: '202300000001', studiedAt: '2026-03-09 20:15:02' }],
    lang,
  );
}

type Found = { memberId: string; name: string; path: string; admittedOn: string; leftOn: string | null };
type Planned = { row: number; memberId: string; at: Date };

async function membersBy(db: DbOrTx, kind: 'dev' | 'id', keys: string[]): Promise<Map<string, Found[]>> {
  const out = new Map<string, Found[]>();
  for (let i = 0; i < keys.length; i += 5000) {
    const chunk = keys.slice(i, i + 5000);
    if (chunk.length === 0) continue;
    const res = await db.execute<Found & { key: string }>(sql`
      select ${kind === 'dev' ? sql`m.development_number` : sql`p.id_number_hash`} as key, m.id as "memberId", p.name,
        o.path::text as path, m.admitted_on as "admittedOn", m.left_on as "leftOn"
      from member m join person p on p.id = m.person_id join org o on o.id = m.org_id
      where ${kind === 'dev' ? sql`m.development_number` : sql`p.id_number_hash`} in (${sql.join(
        chunk.map((k) => sql`${k}`),
        sql`, `,
      )})
      order by m.admitted_on desc`);
    for (const r of res.rows) out.set(r.key, [...(out.get(r.key) ?? []), r]);
  }
  return out;
}

/**
 * Participations from the study platform's export for an org's subtree, all or nothing: each row
 * must name a member (development or ID number, with the name on file) of the subtree the issue
 * covers, who was a member when studying within the issue's period. Rows already on file are
 * skipped, so importing the same export twice records nothing new.
 */
export async function importParticipation(db: Db, pii: Pii, actor: Actor, orgId: number, episodeId: string, file: MultipartFile | undefined, lang: Lang) {
  const target = requireInScope(actor, 'member.write', await findOrg(db, orgId), 'org');
  const { episode, scope } = await episodeFor(db, episodeId, subtrees([target.path]));
  return startImport(db, actor, {
    kind: 'study',
    org: target,
    permission: 'member.write',
    file,
    columns: participationColumns,
    work: (rows, ctx) => writeParticipation(db, pii, actor, target, { episode, scope }, rows, ctx, lang),
  });
}

/** The run of a study import: the rows matched to members and checked, then recorded in one transaction. */
async function writeParticipation(
  db: Db,
  pii: Pii,
  actor: Actor,
  target: OrgRow,
  { episode, scope }: Awaited<ReturnType<typeof episodeFor>>,
  rows: SheetRow[],
  ctx: ImportContext,
  lang: Lang,
): Promise<{ created: number; alreadyRecorded: number }> {
  const errs = new RowErrors(participationColumns, lang);
  const keyed: { row: number; values: Record<string, string>; kind: 'dev' | 'id'; key: string }[] = [];
  for (const [i, { row, values }] of rows.entries()) {
    await ctx.pause(i);
    const raw = (values.number ?? '').trim().toUpperCase();
    if (devNumberPattern.test(raw)) {
      keyed.push({ row, values, kind: 'dev', key: raw });
      continue;
    }
    const id = parseIdNumber(raw);
    keyed.push({ row, values, kind: 'id', key: id.ok ? pii.hash('id', id.value) : '' });
  }
  const byDev = await membersBy(
    db,
    'dev',
    keyed.filter((k) => k.kind === 'dev').map((k) => k.key),
  );
  const byId = await membersBy(
    db,
    'id',
    keyed.filter((k) => k.kind === 'id' && k.key).map((k) => k.key),
  );

  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  for (const [i, k] of keyed.entries()) {
    await ctx.tick('checking', i, keyed.length);
    errs.check(k.row, () => {
      if (!k.key) {
        throw studyErrors.invalid('number', {
          'zh-CN': '须为 12 位发展团员编号或有效的身份证号',
          'en-US': 'must be a 12-digit development number or a valid ID number',
        });
      }
      const { at, day } = parseStudiedAt(k.values.studiedAt);
      checkWithinPeriod(day, episode);
      const candidates = (k.kind === 'dev' ? byDev : byId).get(k.key) ?? [];
      // The membership held on the day of study (a person may have left and rejoined).
      const m = candidates.find((c) => c.admittedOn <= day && (c.leftOn === null || c.leftOn >= day)) ?? candidates[0];
      if (!m || !scope.contains(m.path)) throw studyErrors.member_not_covered('number');
      if (m.name !== (k.values.name ?? '').trim()) throw studyErrors.name_mismatch('name');
      if (m.admittedOn > day || (m.leftOn !== null && m.leftOn < day)) throw studyErrors.not_member_then('number');
      const first = seen.get(m.memberId);
      if (first) throw studyErrors.invalid('number', { 'zh-CN': `与第 ${first} 行是同一团员`, 'en-US': `the same member as row ${first}` });
      seen.set(m.memberId, k.row);
      planned.push({ row: k.row, memberId: m.memberId, at });
    });
  }
  errs.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  errs.throwIfAny();

  return db.transaction(async (tx) => {
    let created = 0;
    for (let i = 0; i < planned.length; i += 1000) {
      ctx.report('writing', i, planned.length);
      const ins = await tx
        .insert(studyParticipation)
        .values(
          planned.slice(i, i + 1000).map((p) => ({
            id: uuidv7(),
            episodeId: episode.id,
            memberId: p.memberId,
            studiedAt: p.at,
            source: 'import' as const,
            createdBy: actor.accountId,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: studyParticipation.id });
      created += ins.length;
    }
    await audit(tx, actor, {
      action: 'study.imported',
      entity: 'studyEpisode',
      entityId: episode.id,
      orgId: target.id,
      orgPath: target.path,
      after: { created, alreadyRecorded: planned.length - created },
    });
    return { created, alreadyRecorded: planned.length - created };
  });
}

/** "I studied": the member's own record, only while the issue is open. */
export async function recordSelf(db: Db, actor: Actor, member: { id: string; path: string; orgId: number; admittedOn: string }, episodeId: string, now: Date) {
  const { episode } = await episodeFor(db, episodeId, subtrees([member.path]));
  if (!within(member.path, episode.ownerPath)) throw errors.notFound('studyEpisode');
  const day = chinaToday(now);
  checkWithinPeriod(day, episode, 'episodeId');
  if (member.admittedOn > day) throw studyErrors.not_member_yet('episodeId');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(studyParticipation)
      .values({ id: uuidv7(), episodeId: episode.id, memberId: member.id, studiedAt: now, source: 'self', createdBy: actor.accountId })
      .onConflictDoNothing()
      .returning({ id: studyParticipation.id });
    if (row) {
      await audit(tx, actor, {
        action: 'study.self_recorded',
        entity: 'studyEpisode',
        entityId: episode.id,
        orgId: member.orgId,
        orgPath: member.path,
        after: { memberId: member.id },
      });
    }
    return { episodeId: episode.id, created: Boolean(row) };
  });
}

export async function participationOf(db: DbOrTx, memberId: string, episodeIds: string[]): Promise<Map<string, Date>> {
  if (episodeIds.length === 0) return new Map();
  const rows = await db
    .select({ episodeId: studyParticipation.episodeId, at: studyParticipation.studiedAt })
    .from(studyParticipation)
    .where(sql`${studyParticipation.memberId} = ${memberId} and ${inArray(studyParticipation.episodeId, episodeIds)}`);
  return new Map(rows.map((r) => [r.episodeId, r.at]));
}
