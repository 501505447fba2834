import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { intPattern, uuidPattern, type EntityResolver } from '../../platform/access/entities.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { duesEntry } from './member-life.schema.ts';
import { transferPaths } from './transfers.service.ts';

/** The org path owning a row of a member-life table with an `org_id` (uuid ids). */
const pathOf =
  (table: 'member_removal' | 'member_reminder' | 'branch_review'): EntityResolver =>
  async (db: Db, id: string) => {
    if (!uuidPattern.test(id)) return null;
    const res = await db.execute<{ path: string }>(
      sql`select o.path::text as path from ${sql.identifier(table)} r join org o on o.id = r.org_id where r.id = ${id}`,
    );
    return res.rows[0]?.path ?? null;
  };

/** The entities member-life routes name in `config.access.entity`: id → the owning org path(s). */
export const memberLifeEntities: Record<string, EntityResolver> = {
  // Either side of a transfer may see it.
  transfer: async (db, id) => (uuidPattern.test(id) ? transferPaths(db, id) : null),
  duesEntry: async (db, id) => {
    if (!intPattern.test(id)) return null;
    const [row] = await db
      .select({ path: org.path })
      .from(duesEntry)
      .innerJoin(org, eq(org.id, duesEntry.orgId))
      .where(eq(duesEntry.id, Number(id)));
    return row?.path ?? null;
  },
  review: pathOf('branch_review'),
  removal: pathOf('member_removal'),
  reminder: pathOf('member_reminder'),
};
