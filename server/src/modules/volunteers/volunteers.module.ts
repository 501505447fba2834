// The volunteering module's routes, figures and jobs, registered from app.ts with one line.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { Pii } from '../../platform/pii.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { groupsRoutes } from './groups.routes.ts';
import { volunteerExportRoutes } from './volunteers.excel.ts';
import './volunteers.metrics.ts';
import './volunteers.jobs.ts';
import { volunteersRoutes } from './volunteers.routes.ts';

export async function volunteerModuleRoutes(app: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  await app.register(volunteersRoutes, opts);
  await app.register(activitiesRoutes, { db: opts.db });
  await app.register(groupsRoutes, { db: opts.db });
  await app.register(volunteerExportRoutes, { db: opts.db });
}
