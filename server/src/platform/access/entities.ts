import type { Db } from '../../db/client.ts';

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
