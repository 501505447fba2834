import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { org } from '../../modules/orgs/orgs.schema.ts';
import { can, inScope, scopeOf } from '../access/scope.ts';
import { errors } from '../errors.ts';
import { actorOf, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../http.ts';
import { auditEvent } from './audit.schema.ts';

const Event = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorUsername: Nullable(Type.String()),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  orgId: Nullable(Type.Integer()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
});

export async function auditRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  app.get(
    '/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          action: Type.Optional(Type.String({ maxLength: 100 })),
          entity: Type.Optional(Type.String({ maxLength: 50 })),
          entityId: Type.Optional(Type.String({ maxLength: 100 })),
          actor: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ format: 'date' })),
          to: Type.Optional(Type.String({ format: 'date' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Event), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const conds: SQL[] = [];
      if (q.orgId) {
        const [o] = await db.select({ path: org.path }).from(org).where(eq(org.id, q.orgId));
        if (!o || !can(actor, 'audit.read', o.path)) throw errors.notFound('org');
        conds.push(sql`${auditEvent.orgPath} <@ ${o.path}::ltree`);
      } else conds.push(inScope(auditEvent.orgPath, scopeOf(actor, 'audit.read')));
      if (q.action) conds.push(sql`${auditEvent.action} like ${`${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
      if (q.entity) conds.push(eq(auditEvent.entity, q.entity));
      if (q.entityId) conds.push(eq(auditEvent.entityId, q.entityId));
      if (q.actor) conds.push(eq(auditEvent.actorUsername, q.actor));
      if (q.from) conds.push(sql`${auditEvent.at} >= ${q.from}::date`);
      if (q.to) conds.push(sql`${auditEvent.at} < ${q.to}::date + 1`);
      const cursor = decodeCursor(q.cursor);
      if (cursor) conds.push(sql`${auditEvent.id} < ${Number(cursor[0])}`);
      const limit = q.limit ?? 50;
      const rows = await db
        .select()
        .from(auditEvent)
        .where(and(...conds))
        .orderBy(desc(auditEvent.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((e) => ({ ...e, at: e.at.toISOString() })),
        nextCursor: rows.length > limit ? encodeCursor([page.at(-1)?.id ?? 0]) : null,
      };
    },
  );
}
