import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { actorOf, afterId, errorResponses, nextIdCursor, noContent, Nullable, PageQuery } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { listNotices, markAllRead, markRead, unreadCount, type NoticeRow } from './notices.service.ts';

const Texts = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });
const Notice = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Texts,
  body: Nullable(Texts),
  link: Nullable(Type.String()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

const present = (n: NoticeRow) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

// The message centre is the caller's own: every route acts on the signed-in account's messages only.
export const noticesRoutes: ModuleRoutes = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/me/notices',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'List my messages',
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }),
        response: { 200: Type.Object({ items: Type.Array(Notice), unread: Type.Integer(), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const limit = request.query.limit ?? 50;
      const rows = await listNotices(db, actor, { unread: request.query.unread, after: afterId(request.query.cursor), limit });
      const page = rows.slice(0, limit);
      return { items: page.map(present), unread: await unreadCount(db, actor), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.id) };
    },
  );

  app.get(
    '/me/notices/unread-count',
    {
      config: { access: { self: true } },
      schema: { summary: 'Count my unread messages', response: { 200: Type.Object({ unread: Type.Integer() }), ...errorResponses } },
    },
    async (request) => ({ unread: await unreadCount(db, actorOf(request)) }),
  );

  app.post(
    '/me/notices/:id/read',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Mark one of my messages read',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await markRead(db, actorOf(request), request.params.id);
      return noContent(reply);
    },
  );

  app.post(
    '/me/notices/read-all',
    {
      config: { access: { self: true } },
      schema: { summary: 'Mark all my messages read', response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses } },
    },
    async (request) => ({ marked: await markAllRead(db, actorOf(request)) }),
  );
};
