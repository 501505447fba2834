import { containsPattern } from '../../db/like.ts';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { intPattern, type EntityResolver } from '../../platform/access/entities.ts';
import type { OrgScope } from '../../platform/access/scope.ts';
import { org, type OrgStatus } from '../../platform/org-tree/org-tree.schema.ts';
import type { OrgRow } from '../../platform/org-tree/org-tree.ts';

export type OrgWithCount = OrgRow & { childCount: number };

const childCount = sql<number>`(select count(*)::int from org c where c.parent_id = "org"."id" and c.status = 'active')`;

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

export async function searchOrgs(db: DbOrTx, scope: OrgScope, q: string, limit: number): Promise<OrgWithCount[]> {
  const pattern = containsPattern(q);
  return db
    .select({ ...orgColumns, childCount })
    .from(org)
    .where(and(scope.where(org.path), sql`${org.name} ilike ${pattern}`))
    .orderBy(sql`${org.status} <> 'active'`, asc(org.depth), asc(org.id))
    .limit(limit);
}

/** Routes name an org by id (`config.access.entity: 'org'`): its path, for the access hook. */
export const orgEntities: Record<string, EntityResolver> = {
  org: async (db, id) => {
    if (!intPattern.test(id)) return null;
    const [row] = await db
      .select({ path: org.path })
      .from(org)
      .where(eq(org.id, Number(id)));
    return row?.path ?? null;
  },
};
