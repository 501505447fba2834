// The ONE scope API. Who may see or change what is decided here and nowhere else: a grant
// (role, org) covers that org's subtree, and an account's scope for a permission is the union of
// the subtrees of all its grants that carry it. Out of scope and missing answer the same 404.
import { eq, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { errors } from '../errors.ts';
import { org } from '../org-tree/org-tree.schema.ts';
import { findOrg, isBranch, parentPath, within, type OrgRow } from '../org-tree/org-tree.ts';
import type { OwnedTable } from './entities.ts';
import { rolePermissions, type Permission, type Role } from './roles.ts';

export { within };

export type GrantRef = { id: string; role: Role; orgId: number; path: string };

/** Who is acting: the signed-in account with its grants, plus request context for audit. */
export type Actor = {
  accountId: string;
  username: string;
  sessionId: string;
  grants: GrantRef[];
  requestId: string;
  ip: string;
};

/** The subtree roots where the actor holds a permission, with nested roots removed. */
export function scopeOf(actor: Pick<Actor, 'grants'>, permission: Permission): string[] {
  const paths = actor.grants.filter((g) => rolePermissions[g.role].includes(permission)).map((g) => g.path);
  return [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && within(p, q)));
}

export function can(actor: Pick<Actor, 'grants'>, permission: Permission, path: string): boolean {
  return scopeOf(actor, permission).some((root) => within(path, root));
}

export function hasAnywhere(actor: Pick<Actor, 'grants'>, permission: Permission): boolean {
  return scopeOf(actor, permission).length > 0;
}

/**
 * The league's rule for approvals (admission, transfers in, ratings): a branch's decisions are
 * approved by the committee above it, so the approver needs `member.approve` on the parent of
 * `path` — not merely on the branch. A root has no level above.
 */
export function canApproveAbove(actor: Pick<Actor, 'grants'>, path: string): boolean {
  const above = parentPath(path);
  return above !== path && can(actor, 'member.approve', above);
}

/** Permissions the actor holds at a path (union over the grants that cover it). */
export function permissionsAt(actor: Pick<Actor, 'grants'>, path: string): Set<Permission> {
  const out = new Set<Permission>();
  for (const g of actor.grants) if (within(path, g.path)) for (const p of rolePermissions[g.role]) out.add(p);
  return out;
}

/** SQL condition: an ltree column lies inside one of the subtrees. */
export function inScope(column: Column | SQL, paths: readonly string[]): SQL {
  if (paths.length === 0) return sql`false`;
  if (paths.length === 1) return sql`${column} <@ ${paths[0]}::ltree`;
  return sql`${column} <@ array[${sql.join(
    paths.map((p) => sql`${p}`),
    sql`, `,
  )}]::ltree[]`;
}

/**
 * A set of subtrees a read covers: the roots, a SQL condition on any ltree path column, and a
 * test for one path. Lists, counts, metrics, drill-downs, exports, jobs and reminders take one.
 */
export type OrgScope = {
  readonly roots: readonly string[];
  /** `column <@ any root`: pass the org path column of the rows being read. */
  where: (column: Column | SQL) => SQL;
  contains: (path: string) => boolean;
};

/** A scope of given roots (a job, a metric of one org, a test): nested roots are folded away. */
export function subtrees(paths: readonly string[]): OrgScope {
  const roots = [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && within(p, q)));
  return { roots, where: (column) => inScope(column, roots), contains: (path) => roots.some((r) => within(path, r)) };
}

/**
 * What a list, count or metric of the caller covers: the subtree of `orgId` when the caller holds
 * the permission there (else 404 'org', as for any id out of scope), otherwise the union of all
 * the caller's subtrees for the permission. `org` is the chosen org, when one was named.
 */
export async function listScope(
  db: DbOrTx,
  actor: Pick<Actor, 'grants'>,
  permission: Permission,
  orgId?: number | null,
): Promise<OrgScope & { org: OrgRow | null }> {
  if (orgId) {
    const o = await findOrg(db, orgId);
    if (!o || !can(actor, permission, o.path)) throw errors.notFound('org');
    return { ...subtrees([o.path]), org: o };
  }
  return { ...subtrees(scopeOf(actor, permission)), org: null };
}

/**
 * A row (carrying its org `path`) the caller may act on with the permission; a missing row and
 * one out of scope both answer 404 with the entity's name.
 */
export function requireInScope<T extends { path: string }>(actor: Pick<Actor, 'grants'>, permission: Permission, row: T | null | undefined, entity: string): T {
  if (!row || !can(actor, permission, row.path)) throw errors.notFound(entity);
  return row;
}

/**
 * One row of a business table (see `OwnedTable`) with its org's path, when the caller holds the
 * permission there; missing and out of scope both answer 404 with the entity's name.
 */
export async function rowInScope<T extends OwnedTable>(
  db: DbOrTx,
  actor: Pick<Actor, 'grants'>,
  permission: Permission,
  table: T,
  id: string | number,
  entity: string,
): Promise<{ row: T['$inferSelect']; path: string }> {
  const [found] = await db
    .select({ row: table as PgTable, path: org.path })
    .from(table as PgTable)
    .innerJoin(org, eq(org.id, table.orgId))
    .where(eq(table.id, id));
  return requireInScope(actor, permission, found as { row: T['$inferSelect']; path: string } | undefined, entity);
}

/**
 * The org a write names (`field`, default orgId): in the caller's scope for the permission (else
 * 404), and by default active; `branch` also requires a branch. The one `orgForWrite`.
 */
export async function orgForWrite(
  db: DbOrTx,
  actor: Pick<Actor, 'grants'>,
  permission: Permission,
  orgId: number,
  opts: { field?: string; active?: boolean; branch?: boolean } = {},
): Promise<OrgRow> {
  const field = opts.field ?? 'orgId';
  const o = requireInScope(actor, permission, await findOrg(db, orgId), 'org');
  if (opts.branch && !isBranch(o)) throw errors.notBranch(field);
  if ((opts.active ?? true) && o.status !== 'active') throw errors.orgInactive(field);
  return o;
}

/**
 * The active accounts that hold a permission over an org (a grant on it or an ancestor whose role
 * carries the permission): whom to tell when work arrives there. `nearest`: only the holders on the
 * closest level that has any, so a village's question goes to its township, not to the province too.
 */
export async function holdersOf(db: DbOrTx, permission: Permission, orgPath: string, opts: { nearest?: boolean } = {}): Promise<string[]> {
  const roles = (Object.keys(rolePermissions) as Role[]).filter((r) => rolePermissions[r].includes(permission) && r !== 'platform_admin');
  const res = await db.execute<{ account_id: string; depth: number }>(sql`
    select g.account_id, o.depth
    from access_grant g
    join org o on o.id = g.org_id
    join account a on a.id = g.account_id
    where g.status = 'active' and a.status = 'active'
      and g.role in (${sql.join(
        roles.map((r) => sql`${r}`),
        sql`, `,
      )})
      and ${orgPath}::ltree <@ o.path
    order by o.depth desc`);
  const rows = res.rows;
  const deepest = rows[0]?.depth;
  return [...new Set((opts.nearest ? rows.filter((r) => r.depth === deepest) : rows).map((r) => r.account_id))];
}
