// The org tree: finders and subtree helpers every module stands on. The tree is `org` rows with a
// materialized ltree `path` of ids ('1.12.305'); a subtree is `path <@ root`, index-backed (GiST).
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { org, type OrgKind } from './org-tree.schema.ts';

export type OrgRow = typeof org.$inferSelect;

export async function findOrg(db: DbOrTx, id: number): Promise<OrgRow | null> {
  const [row] = await db.select().from(org).where(eq(org.id, id));
  return row ?? null;
}

/** path a lies within subtree b (or is b). */
export function within(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`);
}

/** The path of the org just above (the root's parent is itself). */
export function parentPath(path: string): string {
  const ids = path.split('.');
  return ids.length > 1 ? ids.slice(0, -1).join('.') : path;
}

/** The org ids along a path, root first. */
export function idsOfPath(path: string): number[] {
  return path.split('.').map(Number);
}

/** The org id a path ends with. */
export function idOfPath(path: string): number {
  return Number(path.split('.').at(-1));
}

/** Kinds that hold members directly: a branch, or a temporary one. */
export const branchKinds = ['branch', 'temp_branch'] as const satisfies readonly OrgKind[];

export function isBranch(o: Pick<OrgRow, 'kind'>): boolean {
  return (branchKinds as readonly string[]).includes(o.kind);
}
