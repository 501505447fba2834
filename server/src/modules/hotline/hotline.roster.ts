// The counsellor roster and group work (lectures, group counselling): plain records of an org.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { listScope, orgForWrite, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { chinaToday } from '../../platform/dates.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { hotlineErrors } from './hotline.errors.ts';
import { presentCounsellor, presentLecture } from './hotline.queries.ts';
import { type GroupWorkKind, hotlineCounsellor, hotlineLecture } from './hotline.schema.ts';

const cleanList = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))].slice(0, 30);
const required = (field: string, v: string | null | undefined) => {
  const s = v?.trim();
  if (!s) throw hotlineErrors.invalid(field, { 'zh-CN': '不能为空', 'en-US': 'must not be empty' });
  return s;
};

export type CounsellorInput = {
  orgId: number;
  name: string;
  kind: 'counsellor' | 'expert';
  accountId?: string | null;
  qualifications?: string[];
  categories?: string[];
};

/** An account named on the roster must work in the roster org's subtree or above it (it will read sealed notes). */
async function checkAccount(db: DbOrTx, accountId: string | null | undefined, path: string): Promise<void> {
  if (!accountId) return;
  const [g] = await db
    .select({ id: accessGrant.id })
    .from(accessGrant)
    .innerJoin(org, eq(org.id, accessGrant.orgId))
    .where(and(eq(accessGrant.accountId, accountId), eq(accessGrant.status, 'active'), sql`(${org.path} @> ${path}::ltree or ${org.path} <@ ${path}::ltree)`))
    .limit(1);
  if (!g) throw hotlineErrors.invalid('accountId', { 'zh-CN': '该账号不在本组织及其上下级', 'en-US': 'the account does not work in this part of the tree' });
}

export async function createCounsellor(db: Db, actor: Actor, input: CounsellorInput) {
  const name = required('name', input.name);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
    await checkAccount(tx, input.accountId, o.path);
    const [row] = await tx
      .insert(hotlineCounsellor)
      .values({
        id: uuidv7(),
        orgId: o.id,
        name,
        kind: input.kind,
        accountId: input.accountId ?? null,
        qualifications: cleanList(input.qualifications),
        categories: cleanList(input.categories),
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: 'hotline.counsellor_added',
      entity: 'hotlineCounsellor',
      entityId: row.id,
      orgId: o.id,
      orgPath: o.path,
      after: presentCounsellor(row, o.name),
    });
    return presentCounsellor(row, o.name);
  });
}

export async function updateCounsellor(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<Pick<CounsellorInput, 'name' | 'qualifications' | 'categories' | 'accountId'>> & { status?: 'active' | 'inactive' },
) {
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', hotlineCounsellor, id, 'hotlineCounsellor');
    if (patch.accountId !== undefined) await checkAccount(tx, patch.accountId, path);
    const changes = {
      name: patch.name === undefined ? undefined : required('name', patch.name),
      qualifications: patch.qualifications === undefined ? undefined : cleanList(patch.qualifications),
      categories: patch.categories === undefined ? undefined : cleanList(patch.categories),
      accountId: patch.accountId,
      status: patch.status,
    };
    // nothing to change (an empty body): the row as it is, nothing written
    if (Object.values(changes).every((v) => v === undefined)) return presentCounsellor(row, null);
    const [after] = await tx.update(hotlineCounsellor).set(changes).where(eq(hotlineCounsellor.id, id)).returning();
    if (!after) throw new Error('row vanished');
    await audit(tx, actor, {
      action: 'hotline.counsellor_updated',
      entity: 'hotlineCounsellor',
      entityId: id,
      orgId: row.orgId,
      orgPath: path,
      ...diff(row, after),
    });
    return presentCounsellor(after, null);
  });
}

/** Keyset over ids (uuidv7: creation order), newest first. */
function afterIdDesc(column: typeof hotlineCounsellor.id | typeof hotlineLecture.id, cursor: string | undefined): SQL | undefined {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  const id = String(c[0]);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw hotlineErrors.invalid('cursor', { 'zh-CN': '分页游标无效', 'en-US': 'not a valid page cursor' });
  return sql`${column} < ${id}::uuid`;
}

export async function listCounsellors(
  db: Db,
  actor: Actor,
  q: { orgId?: number; status?: 'active' | 'inactive'; category?: string; cursor?: string; limit: number },
) {
  const scope = await listScope(db, actor, 'service.read', q.orgId);
  const rows = await db
    .select({ c: hotlineCounsellor, orgName: org.name })
    .from(hotlineCounsellor)
    .innerJoin(org, eq(org.id, hotlineCounsellor.orgId))
    .where(
      and(
        scope.where(org.path),
        q.status ? eq(hotlineCounsellor.status, q.status) : undefined,
        q.category ? sql`${q.category} = any(${hotlineCounsellor.categories})` : undefined,
        afterIdDesc(hotlineCounsellor.id, q.cursor),
      ),
    )
    .orderBy(desc(hotlineCounsellor.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => presentCounsellor(r.c, r.orgName)),
    nextCursor: rows.length > q.limit && page.length ? encodeCursor([page.at(-1)?.c.id ?? '']) : null,
  };
}

/**
 * Counsellors a case may be assigned to: those of its org and of the orgs above it (a city's
 * experts serve its counties), active.
 */
export async function counsellorsFor(db: Db, path: string) {
  const rows = await db
    .select({ c: hotlineCounsellor, orgName: org.name })
    .from(hotlineCounsellor)
    .innerJoin(org, eq(org.id, hotlineCounsellor.orgId))
    .where(and(eq(hotlineCounsellor.status, 'active'), sql`${org.path} @> ${path}::ltree`))
    .orderBy(desc(org.depth), hotlineCounsellor.name)
    .limit(500);
  return rows.map((r) => presentCounsellor(r.c, r.orgName));
}

export type LectureInput = {
  orgId: number;
  kind: GroupWorkKind;
  title: string;
  heldOn: string;
  place?: string | null;
  audience?: string | null;
  reach: number;
  reachUnit: 'people' | 'person_times';
  counsellorId?: string | null;
};

export async function createLecture(db: Db, actor: Actor, input: LectureInput, today = chinaToday()) {
  const title = required('title', input.title);
  if (input.heldOn > today) throw hotlineErrors.future_time('heldOn');
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
    if (input.counsellorId) {
      const [co] = await tx.select({ id: hotlineCounsellor.id }).from(hotlineCounsellor).where(eq(hotlineCounsellor.id, input.counsellorId));
      if (!co) throw hotlineErrors.counsellor_inactive('counsellorId');
    }
    const [row] = await tx
      .insert(hotlineLecture)
      .values({
        id: uuidv7(),
        orgId: o.id,
        kind: input.kind,
        title,
        heldOn: input.heldOn,
        place: input.place?.trim() || null,
        audience: input.audience?.trim() || null,
        reach: input.reach,
        reachUnit: input.reachUnit,
        counsellorId: input.counsellorId ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, {
      action: 'hotline.lecture_recorded',
      entity: 'hotlineLecture',
      entityId: row.id,
      orgId: o.id,
      orgPath: o.path,
      after: presentLecture(row, o.name),
    });
    return presentLecture(row, o.name);
  });
}

export async function updateLecture(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<Pick<LectureInput, 'title' | 'place' | 'audience' | 'reach' | 'reachUnit'>> & { status?: 'held' | 'cancelled' },
) {
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', hotlineLecture, id, 'hotlineLecture');
    const changes = {
      title: patch.title === undefined ? undefined : required('title', patch.title),
      place: patch.place === undefined ? undefined : patch.place?.trim() || null,
      audience: patch.audience === undefined ? undefined : patch.audience?.trim() || null,
      reach: patch.reach,
      reachUnit: patch.reachUnit,
      status: patch.status,
    };
    if (Object.values(changes).every((v) => v === undefined)) return presentLecture(row, null);
    const [after] = await tx.update(hotlineLecture).set(changes).where(eq(hotlineLecture.id, id)).returning();
    if (!after) throw new Error('row vanished');
    await audit(tx, actor, { action: 'hotline.lecture_updated', entity: 'hotlineLecture', entityId: id, orgId: row.orgId, orgPath: path, ...diff(row, after) });
    return presentLecture(after, null);
  });
}

export async function listLectures(
  db: Db,
  actor: Actor,
  q: { orgId?: number; kind?: GroupWorkKind; from?: string; to?: string; cursor?: string; limit: number },
) {
  const scope = await listScope(db, actor, 'service.read', q.orgId);
  const rows = await db
    .select({ l: hotlineLecture, orgName: org.name })
    .from(hotlineLecture)
    .innerJoin(org, eq(org.id, hotlineLecture.orgId))
    .where(
      and(
        scope.where(org.path),
        q.kind ? eq(hotlineLecture.kind, q.kind) : undefined,
        q.from ? sql`${hotlineLecture.heldOn} >= ${q.from}::date` : undefined,
        q.to ? sql`${hotlineLecture.heldOn} <= ${q.to}::date` : undefined,
        afterIdDesc(hotlineLecture.id, q.cursor),
      ),
    )
    .orderBy(desc(hotlineLecture.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => presentLecture(r.l, r.orgName)),
    nextCursor: rows.length > q.limit && page.length ? encodeCursor([page.at(-1)?.l.id ?? '']) : null,
  };
}
