import { prefixPattern } from '../../db/like.ts';
import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/scope.ts';
import { buildWorkbook } from '../excel/excel.ts';
import type { Db } from '../../db/client.ts';
import { org } from '../org-tree/org-tree.schema.ts';
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

const AuditQuery = Type.Object({
  ...PageQuery,
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  entity: Type.Optional(Type.String({ maxLength: 50 })),
  entityId: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
});
type AuditQueryT = { cursor?: string; orgId?: number; action?: string; entity?: string; entityId?: string; actor?: string; from?: string; to?: string };

/** Audit events inside the actor's audit.read scope, newest first, keyset-paged by id. */
async function queryAudit(db: Db, actor: Actor, q: AuditQueryT, limit: number) {
  const conds: SQL[] = [];
  if (q.orgId) {
    const [o] = await db.select({ path: org.path }).from(org).where(eq(org.id, q.orgId));
    if (!o || !can(actor, 'audit.read', o.path)) throw errors.notFound('org');
    conds.push(sql`${auditEvent.orgPath} <@ ${o.path}::ltree`);
  } else conds.push(inScope(auditEvent.orgPath, scopeOf(actor, 'audit.read')));
  if (q.action) conds.push(sql`${auditEvent.action} like ${prefixPattern(q.action)}`);
  if (q.entity) conds.push(eq(auditEvent.entity, q.entity));
  if (q.entityId) conds.push(eq(auditEvent.entityId, q.entityId));
  if (q.actor) conds.push(eq(auditEvent.actorUsername, q.actor));
  if (q.from) conds.push(sql`${auditEvent.at} >= ${q.from}::date`);
  if (q.to) conds.push(sql`${auditEvent.at} < ${q.to}::date + 1`);
  const cursor = decodeCursor(q.cursor);
  if (cursor) conds.push(sql`${auditEvent.id} < ${Number(cursor[0])}`);
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
}

const exportColumns = [
  { key: 'at', header: { 'zh-CN': '时间', 'en-US': 'Time' }, width: 22 },
  { key: 'actorUsername', header: { 'zh-CN': '操作人', 'en-US': 'Actor' } },
  { key: 'action', header: { 'zh-CN': '动作', 'en-US': 'Action' }, width: 22 },
  { key: 'entity', header: { 'zh-CN': '对象', 'en-US': 'Entity' } },
  { key: 'entityId', header: { 'zh-CN': '对象 ID', 'en-US': 'Entity ID' }, width: 38 },
  { key: 'orgId', header: { 'zh-CN': '组织 ID', 'en-US': 'Org ID' } },
  { key: 'before', header: { 'zh-CN': '修改前', 'en-US': 'Before' }, width: 40 },
  { key: 'after', header: { 'zh-CN': '修改后', 'en-US': 'After' }, width: 40 },
  { key: 'ip', header: { 'zh-CN': 'IP', 'en-US': 'IP' } },
  { key: 'requestId', header: { 'zh-CN': '请求 ID', 'en-US': 'Request ID' }, width: 38 },
];

export async function auditRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  app.get(
    '/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        summary: 'List audit events',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: Type.Object({ items: Type.Array(Event), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => queryAudit(db, actorOf(request), request.query, request.query.limit ?? 50),
  );

  app.get(
    '/audit/export',
    {
      config: { access: { permission: 'audit.read' } },
      schema: { summary: 'Export audit events to Excel', tags: ['audit'], querystring: AuditQuery, produces: [xlsx] },
    },
    async (request, reply) => {
      const { items } = await queryAudit(db, actorOf(request), request.query, 50_000);
      const rows = items.map((e) => ({ ...e, before: e.before ? JSON.stringify(e.before) : '', after: e.after ? JSON.stringify(e.after) : '' }));
      const buf = await buildWorkbook(request.lang === 'zh-CN' ? '审计日志' : 'Audit', exportColumns, rows, request.lang);
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`)
        .send(buf);
    },
  );
}

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
