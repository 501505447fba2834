import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { duesRoutes } from './dues.routes.ts';
import { leavingRoutes } from './leaving.routes.ts';
import { registrationRoutes } from './registration.routes.ts';
import { remindersRoutes } from './reminders.routes.ts';
import { transfersRoutes } from './transfers.routes.ts';

/** A member's life after admission: transfers, dues, registration, review, leaving, 推优, reminders. */
export async function memberLifeRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  await app.register(transfersRoutes, opts);
  await app.register(duesRoutes, opts);
  await app.register(registrationRoutes, opts);
  await app.register(leavingRoutes, opts);
  await app.register(remindersRoutes, opts);
}
