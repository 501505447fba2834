import { sql, type SQL, type Column } from 'drizzle-orm';
import { rolePermissions, type Permission, type Role } from './roles.ts';

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

/** path a lies within subtree b (or is b). */
export function within(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`);
}

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

/** Permissions the actor holds at a path (union over the grants that cover it). */
export function permissionsAt(actor: Pick<Actor, 'grants'>, path: string): Set<Permission> {
  const out = new Set<Permission>();
  for (const g of actor.grants) if (within(path, g.path)) for (const p of rolePermissions[g.role]) out.add(p);
  return out;
}

/** SQL condition: an ltree column lies inside the actor's scope for a permission. */
export function inScope(column: Column | SQL, paths: string[]): SQL {
  if (paths.length === 0) return sql`false`;
  return sql`${column} <@ array[${sql.join(
    paths.map((p) => sql`${p}`),
    sql`, `,
  )}]::ltree[]`;
}
