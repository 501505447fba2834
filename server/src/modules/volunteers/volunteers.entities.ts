// The module's entities for routes' `config.access.entity`: an id → the path of the org owning it.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type EntityResolver, uuidPattern } from '../../platform/access/entities.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { volunteerProject, volunteerStation, volunteerTeam } from './volunteer-groups.schema.ts';
import { activity, shift, signup, volunteer } from './volunteers.schema.ts';

type Owned = typeof volunteer | typeof activity | typeof shift | typeof signup | typeof volunteerTeam | typeof volunteerStation | typeof volunteerProject;

const pathOf =
  (table: Owned): EntityResolver =>
  async (db: Db, id: string) => {
    if (!uuidPattern.test(id)) return null;
    const [row] = await db
      .select({ path: org.path })
      .from(table as typeof volunteer)
      .innerJoin(org, eq(org.id, table.orgId))
      .where(eq(table.id, id));
    return row?.path ?? null;
  };

export const volunteersEntities: Record<string, EntityResolver> = {
  volunteer: pathOf(volunteer),
  volunteerActivity: pathOf(activity),
  volunteerShift: pathOf(shift),
  volunteerSignup: pathOf(signup),
  volunteerTeam: pathOf(volunteerTeam),
  volunteerStation: pathOf(volunteerStation),
  volunteerProject: pathOf(volunteerProject),
};
