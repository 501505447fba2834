import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { ownedBy, registerEntity } from '../access/entities.ts';
import type { Permission } from '../access/roles.ts';
import { rowInScope } from '../access/scope.ts';
import { errors } from '../errors.ts';
import { actorOf, errorResponses, Nullable } from '../http.ts';
import { closeImports, failStaleRuns, presentRun } from './imports.ts';
import { importPhases, importRun, importStatuses } from './imports.schema.ts';

/** An import run as every import route answers it (202) and GET /imports/:id shows it. */
export const ImportRunOut = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  orgId: Type.Integer(),
  fileName: Type.String(),
  status: Type.Enum(importStatuses),
  progress: Type.Object({ phase: Type.Enum(importPhases), done: Type.Integer(), total: Nullable(Type.Integer()) }),
  /** what was written, e.g. { created, peopleReused } */
  result: Nullable(Type.Record(Type.String(), Type.Integer())),
  /** why it failed: the problem an import answered before runs, with its row-by-row `errors` */
  error: Nullable(Type.Ref('Problem')),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});

/** The responses of a route that starts an import. */
export const importStarted = { 202: ImportRunOut, ...errorResponses, 413: Type.Ref('Problem'), 422: Type.Ref('Problem'), 429: Type.Ref('Problem') };

export async function importsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  registerEntity('importRun', ownedBy(importRun));
  // Runs a dead process left behind end as failed; this app's runs end before its database closes.
  fastify.addHook('onReady', async () => {
    // Not fatal: a database that cannot answer yet (or a tool's app without one) still starts.
    await failStaleRuns(db).catch((err: unknown) => fastify.log.warn({ err }, 'could not end the import runs of a dead process'));
  });
  fastify.addHook('onClose', async () => {
    await closeImports(db);
  });

  // org.read lets the kernel resolve the run's org; the run itself needs its import's permission
  // there, or being the account that started it.
  app.get(
    '/imports/:id',
    {
      config: { access: { permission: 'org.read', entity: 'importRun' } },
      schema: {
        summary: 'Follow an import run: progress, then the result or the row-by-row errors',
        tags: ['imports'],
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: { 200: ImportRunOut, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const id = request.params.id;
      const [own] = await db.select().from(importRun).where(eq(importRun.id, id));
      if (!own) throw errors.notFound('importRun');
      if (own.accountId !== actor.accountId) await rowInScope(db, actor, own.permission as Permission, importRun, id, 'importRun');
      if (own.status === 'queued' || own.status === 'running') {
        if ((await failStaleRuns(db, [id])) > 0) {
          const [again] = await db.select().from(importRun).where(eq(importRun.id, id));
          if (again) return presentRun(again, request.lang);
        }
      }
      return presentRun(own, request.lang);
    },
  );
}
