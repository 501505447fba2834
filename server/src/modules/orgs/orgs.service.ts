import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { orgForWrite, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { chinaToday, isDate } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { org, orgCategories, orgKinds, type OrgCategory, type OrgKind } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, isBranch, within, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { person } from '../people/index.ts';
import { orgsErrors } from './orgs.errors.ts';
import { isPlainLabel } from '../../platform/validation.ts';

export type OrgInput = {
  parentId: number;
  name: string;
  shortName?: string | null;
  kind: OrgKind;
  category?: OrgCategory | null;
  divisionCode?: string | null;
  establishedOn?: string | null;
};
export type OrgPatch = Partial<Omit<OrgInput, 'parentId'>>;

/** Pure checks of one org's fields; used by the API and by the Excel import row by row. */
export function validateOrgFields(input: OrgPatch, today: string): OrgPatch {
  const out: OrgPatch = { ...input };
  if (input.name !== undefined) {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 100) {
      throw orgsErrors.invalid('name', { 'zh-CN': '长度须为 2–100 个字', 'en-US': 'must be 2–100 characters' });
    }
    if (!isPlainLabel(name)) {
      throw orgsErrors.invalid('name', { 'zh-CN': '不能包含控制字符或尖括号', 'en-US': 'must not contain control characters or angle brackets' });
    }
    out.name = name;
  }
  if (input.shortName !== undefined && input.shortName !== null) {
    const s = input.shortName.trim();
    if (s.length > 30 || !isPlainLabel(s)) {
      throw orgsErrors.invalid('shortName', { 'zh-CN': '不超过 30 个字，且不含尖括号', 'en-US': 'at most 30 characters, no angle brackets' });
    }
    out.shortName = s || null;
  }
  if (input.kind !== undefined && !orgKinds.includes(input.kind)) {
    throw orgsErrors.invalid('kind', { 'zh-CN': `须为 ${orgKinds.join('/')} 之一`, 'en-US': `must be one of ${orgKinds.join(', ')}` });
  }
  if (input.category !== undefined && input.category !== null && !orgCategories.includes(input.category)) {
    throw orgsErrors.invalid('category', { 'zh-CN': '组织类别无效', 'en-US': 'not a known category' });
  }
  if (input.divisionCode !== undefined && input.divisionCode !== null) {
    const code = input.divisionCode.trim();
    if (code && !/^(\d{6}|\d{9}|\d{12})$/.test(code)) {
      throw orgsErrors.invalid('divisionCode', {
        'zh-CN': '须为 6 位（县级）、9 位（乡级）或 12 位（村级）GB/T 2260 代码',
        'en-US': 'must be a 6-, 9- or 12-digit GB/T 2260 code',
      });
    }
    out.divisionCode = code || null;
  }
  if (input.establishedOn !== undefined && input.establishedOn !== null) {
    if (!isDate(input.establishedOn)) {
      throw orgsErrors.invalid('establishedOn', { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
    }
    if (input.establishedOn > today) {
      throw orgsErrors.invalid('establishedOn', { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
    }
  }
  return out;
}

/** A new parent: in the caller's write scope (else 404), active, and not a branch (branches are leaves). */
async function parentForWrite(tx: DbOrTx, actor: Actor, parentId: number, field: string): Promise<OrgRow> {
  const parent = await orgForWrite(tx, actor, 'org.write', parentId, { field });
  if (isBranch(parent)) throw orgsErrors.parent_is_branch(field);
  return parent;
}

/** An org the caller may change: in its write scope (else 404) and still active. */
async function activeForWrite(tx: DbOrTx, actor: Actor, id: number): Promise<OrgRow> {
  const node = requireInScope(actor, 'org.write', await findOrg(tx, id), 'org');
  if (node.status !== 'active') throw orgsErrors.not_active('status');
  return node;
}

async function nextOrgId(tx: DbOrTx): Promise<number> {
  const res = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('org', 'id'))::int as id`);
  const id = res.rows[0]?.id;
  if (!id) throw new Error('no org id');
  return id;
}

async function assertNameFree(tx: DbOrTx, parentId: number, name: string, exceptId?: number): Promise<void> {
  const [dup] = await tx
    .select({ id: org.id })
    .from(org)
    .where(and(eq(org.parentId, parentId), eq(org.name, name), eq(org.status, 'active'), exceptId ? sql`${org.id} <> ${exceptId}` : undefined));
  if (dup) throw orgsErrors.conflict('name', name);
}

/** Inserts an org under a parent whose scope and state the caller has checked (null: a root). */
export async function insertOrg(tx: DbOrTx, actor: Actor | null, parent: OrgRow | null, input: Omit<OrgInput, 'parentId'>): Promise<OrgRow> {
  const id = await nextOrgId(tx);
  const [row] = await tx
    .insert(org)
    .values({
      id,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path}.${id}` : String(id),
      depth: parent ? parent.depth + 1 : 0,
      rootId: parent?.rootId ?? id,
      name: input.name,
      shortName: input.shortName ?? null,
      kind: input.kind,
      category: input.category ?? null,
      divisionCode: input.divisionCode ?? null,
      establishedOn: input.establishedOn ?? null,
      sortKey: input.divisionCode ?? '',
    })
    .returning();
  if (!row) throw new Error('insert failed');
  await audit(tx, actor, { action: 'org.created', entity: 'org', entityId: id, orgId: id, orgPath: row.path, after: row });
  return row;
}

export async function createOrg(db: Db, actor: Actor, input: OrgInput): Promise<OrgRow> {
  const fields = validateOrgFields(input, chinaToday()) as OrgInput;
  return db.transaction(async (tx) => {
    const parent = await parentForWrite(tx, actor, input.parentId, 'parentId');
    await assertNameFree(tx, parent.id, fields.name);
    return insertOrg(tx, actor, parent, fields);
  });
}

export async function updateOrg(db: Db, actor: Actor, id: number, patch: OrgPatch): Promise<OrgRow> {
  const fields = validateOrgFields(patch, chinaToday());
  return db.transaction(async (tx) => {
    const before = await activeForWrite(tx, actor, id);
    if (fields.kind && isBranch({ kind: fields.kind }) && !isBranch(before)) {
      const [child] = await tx
        .select({ id: org.id })
        .from(org)
        .where(and(eq(org.parentId, id), eq(org.status, 'active')))
        .limit(1);
      if (child) throw orgsErrors.has_children('kind');
    }
    if (fields.name && before.parentId) await assertNameFree(tx, before.parentId, fields.name, id);
    const changes = { ...fields, ...(fields.divisionCode !== undefined ? { sortKey: fields.divisionCode ?? '' } : {}) };
    const [after] = await tx
      .update(org)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(org.id, id))
      .returning();
    if (!after) throw errors.notFound('org');
    const d = diff(before, fields);
    await audit(tx, actor, { action: 'org.updated', entity: 'org', entityId: id, orgId: id, orgPath: after.path, ...d });
    return after;
  });
}

/** Moves a subtree under a new parent; every path below is rewritten in one statement. */
export async function moveOrg(db: Db, actor: Actor, id: number, parentId: number): Promise<OrgRow> {
  return db.transaction(async (tx) => {
    const node = requireInScope(actor, 'org.write', await findOrg(tx, id), 'org');
    if (node.parentId === null) throw orgsErrors.root_fixed('parentId');
    const parent = await parentForWrite(tx, actor, parentId, 'parentId');
    if (within(parent.path, node.path)) throw orgsErrors.into_own_subtree('parentId');
    if (parent.id === node.parentId) return node;
    await moveSubtree(tx, actor, node, parent);
    const after = await findOrg(tx, id);
    if (!after) throw errors.notFound('org');
    return after;
  });
}

export async function closeOrg(db: Db, actor: Actor, id: number, reason: string | null, on = chinaToday()): Promise<OrgRow> {
  return db.transaction(async (tx) => {
    const node = await activeForWrite(tx, actor, id);
    if (node.parentId === null) throw orgsErrors.root_fixed('id');
    const [child] = await tx
      .select({ id: org.id })
      .from(org)
      .where(and(eq(org.parentId, id), eq(org.status, 'active')))
      .limit(1);
    if (child) throw orgsErrors.active_children('id');
    const [after] = await tx.update(org).set({ status: 'closed', statusOn: on, statusReason: reason, updatedAt: new Date() }).where(eq(org.id, id)).returning();
    if (!after) throw errors.notFound('org');
    await audit(tx, actor, {
      action: 'org.closed',
      entity: 'org',
      entityId: id,
      orgId: id,
      orgPath: node.path,
      before: { status: node.status },
      after: { status: 'closed', reason },
    });
    return after;
  });
}

/** Merges an org into another: its children, people and accounts move; the org stays as 'merged'. */
export async function mergeOrg(db: Db, actor: Actor, id: number, intoId: number, reason: string | null): Promise<OrgRow> {
  return db.transaction(async (tx) => {
    const node = await activeForWrite(tx, actor, id);
    if (node.parentId === null) throw orgsErrors.root_fixed('id');
    const into = await orgForWrite(tx, actor, 'org.write', intoId, { field: 'intoId' });
    if (within(into.path, node.path)) throw orgsErrors.into_own_subtree('intoId');
    const children = await tx
      .select()
      .from(org)
      .where(and(eq(org.parentId, id), eq(org.status, 'active')));
    if (children.length > 0 && isBranch(into)) throw orgsErrors.children_into_branch('intoId');
    // Children move one by one so each keeps the move rules (names, paths) and its own audit event.
    for (const child of children) await moveSubtree(tx, actor, child, into);
    const people = await tx.update(person).set({ orgId: intoId, updatedAt: new Date() }).where(eq(person.orgId, id)).returning({ id: person.id });
    const accounts = await tx.update(account).set({ orgId: intoId, updatedAt: new Date() }).where(eq(account.orgId, id)).returning({ id: account.id });
    const [after] = await tx
      .update(org)
      .set({ status: 'merged', mergedIntoId: intoId, statusOn: chinaToday(), statusReason: reason, updatedAt: new Date() })
      .where(eq(org.id, id))
      .returning();
    if (!after) throw errors.notFound('org');
    await audit(tx, actor, {
      action: 'org.merged',
      entity: 'org',
      entityId: id,
      orgId: id,
      orgPath: node.path,
      before: { status: 'active' },
      after: { status: 'merged', intoId, reason, children: children.length, people: people.length, accounts: accounts.length },
    });
    return after;
  });
}

/** Rewrites the paths of a whole subtree under its new parent, in one statement. */
async function moveSubtree(tx: DbOrTx, actor: Actor, node: OrgRow, parent: OrgRow): Promise<void> {
  await assertNameFree(tx, parent.id, node.name, node.id);
  const newPath = `${parent.path}.${node.id}`;
  const moved = await tx.execute(sql`
    update org set path = case when path = ${node.path}::ltree then ${newPath}::ltree
        else ${newPath}::ltree || subpath(path, nlevel(${node.path}::ltree)) end,
      depth = depth + ${parent.depth + 1 - node.depth}, root_id = ${parent.rootId}, updated_at = now()
    where path <@ ${node.path}::ltree`);
  await tx.update(org).set({ parentId: parent.id }).where(eq(org.id, node.id));
  await audit(tx, actor, {
    action: 'org.moved',
    entity: 'org',
    entityId: node.id,
    orgId: node.id,
    orgPath: newPath,
    before: { parentId: node.parentId, path: node.path },
    after: { parentId: parent.id, path: newPath, subtreeRows: moved.rowCount },
  });
}

/** Creates the root of a deployment's tree (CLI and seeding only: no API can make a root). */
export function createRootOrg(tx: DbOrTx, input: Omit<OrgInput, 'parentId'>): Promise<OrgRow> {
  return insertOrg(tx, null, null, validateOrgFields(input, chinaToday()) as Omit<OrgInput, 'parentId'>);
}
