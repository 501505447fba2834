import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { org } from '../org-tree/org-tree.schema.ts';

/**
 * Finds the org path that owns an entity, or null when there is no such row. An entity owned by
 * two sides (a transfer between counties) gives both paths: a caller who sees either may act.
 */
export type EntityResolver = (db: Db, id: string) => Promise<string | readonly string[] | null>;

const resolvers = new Map<string, EntityResolver>();

export function registerEntity(name: string, resolver: EntityResolver): void {
  resolvers.set(name, resolver);
}

export function entityResolver(name: string): EntityResolver {
  const r = resolvers.get(name);
  if (!r) throw new Error(`No entity resolver registered for '${name}'`);
  return r;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const intPattern = /^[1-9]\d{0,14}$/;

/** A business table: an `id` and the `org_id` of the org that owns each row. */
export type OwnedTable = PgTable & { id: PgColumn; orgId: PgColumn };

/**
 * The resolver of a table whose rows carry `org_id`: the owning org's path, or null for a missing
 * row or a malformed id (so a malformed id answers 404 like any other). `where` narrows the rows
 * that count (e.g. only active files).
 */
export function ownedBy(table: OwnedTable, opts: { id?: 'uuid' | 'int'; where?: SQL } = {}): EntityResolver {
  const int = opts.id === 'int';
  return async (db, id) => {
    if (!(int ? intPattern : uuidPattern).test(id)) return null;
    const [row] = await db
      .select({ path: org.path })
      .from(table as PgTable)
      .innerJoin(org, eq(org.id, table.orgId))
      .where(and(eq(table.id, int ? Number(id) : id), opts.where));
    return row?.path ?? null;
  };
}
