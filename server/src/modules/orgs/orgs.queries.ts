import { containsPattern } from '../../db/like.ts';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { inScope } from '../../platform/access/scope.ts';
import { org, type OrgStatus } from '../../platform/org-tree/org-tree.schema.ts';

export type OrgRow = typeof org.$inferSelect;
export type OrgWithCount = OrgRow & { childCount: number };

const childCount = sql<number>`(select count(*)::int from org c where c.parent_id = "org"."id" and c.status = 'active')`;

export async function findOrg(db: DbOrTx, id: number): Promise<OrgRow | null> {
  const [row] = await db.select().from(org).where(eq(org.id, id));
  return row ?? null;
}

export async function findOrgWithCount(db: DbOrTx, id: number): Promise<OrgWithCount | null> {
  const [row] = await db
    .select({ ...orgColumns, childCount })
    .from(org)
    .where(eq(org.id, id));
  return row ?? null;
}

const orgColumns = {
  id: org.id,
  parentId: org.parentId,
  path: org.path,
  depth: org.depth,
  rootId: org.rootId,
  name: org.name,
  shortName: org.shortName,
  kind: org.kind,
  category: org.category,
  divisionCode: org.divisionCode,
  establishedOn: org.establishedOn,
  graduationOn: org.graduationOn,
  status: org.status,
  statusOn: org.statusOn,
  statusReason: org.statusReason,
  mergedIntoId: org.mergedIntoId,
  sortKey: org.sortKey,
  createdAt: org.createdAt,
  updatedAt: org.updatedAt,
};

/** Children of one org, keyset-paged by (sort_key, id) so deep pages stay fast. */
export async function listChildren(
  db: DbOrTx,
  parentId: number,
  opts: { after: [string, number] | null; limit: number; status?: OrgStatus },
): Promise<OrgWithCount[]> {
  const conds: SQL[] = [eq(org.parentId, parentId)];
  if (opts.status) conds.push(eq(org.status, opts.status));
  if (opts.after) conds.push(sql`(${org.sortKey}, ${org.id}) > (${opts.after[0]}, ${opts.after[1]})`);
  return db
    .select({ ...orgColumns, childCount })
    .from(org)
    .where(and(...conds))
    .orderBy(asc(org.sortKey), asc(org.id))
    .limit(opts.limit);
}

export async function listOrgsByIds(db: DbOrTx, ids: number[]): Promise<OrgWithCount[]> {
  if (ids.length === 0) return [];
  return db
    .select({ ...orgColumns, childCount })
    .from(org)
    .where(inArray(org.id, ids));
}

export async function searchOrgs(db: DbOrTx, scope: string[], q: string, limit: number): Promise<OrgWithCount[]> {
  const pattern = containsPattern(q);
  return db
    .select({ ...orgColumns, childCount })
    .from(org)
    .where(and(inScope(org.path, scope), sql`${org.name} ilike ${pattern}`))
    .orderBy(sql`${org.status} <> 'active'`, asc(org.depth), asc(org.id))
    .limit(limit);
}

export async function countSubtree(db: DbOrTx, path: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(org).where(sql`${org.path} <@ ${path}::ltree`);
  return row?.n ?? 0;
}

/** Ids along a path: '1.12.305' → [1, 12, 305]. */
export function pathIds(path: string): number[] {
  return path.split('.').map(Number);
}
