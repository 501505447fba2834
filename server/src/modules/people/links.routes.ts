import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { actorOf, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import type { Lang } from '../../platform/errors.ts';
import { decideLink, listIncoming, listOwn, listSent, loadIncoming, presentIncoming, presentSent } from './links.service.ts';
import { linkPurposes, linkStatuses } from './people.schema.ts';

/** The 202 answer of a create that named an ID number kept elsewhere (POST /people, /members, /volunteers …). */
export const LinkRequestedOut = Type.Object({
  status: Type.Literal('link_requested'),
  requestId: Type.String(),
  message: Type.String(),
  messages: Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() }),
});

const Purpose = Type.Enum(linkPurposes);
const Status = Type.Enum(linkStatuses);
const Payload = Type.Record(Type.String(), Type.Unknown(), { description: 'the requested role, as the requester entered it' });
const Common = {
  id: Type.String(),
  purpose: Purpose,
  status: Status,
  requestedOn: Type.String(),
  expiresOn: Type.String(),
  typedName: Type.String({ description: 'the name the requester typed' }),
  idNumber: Type.String({ description: 'masked' }),
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  resultEntity: Nullable(Type.String()),
};
const IncomingOut = Type.Object({
  ...Common,
  requestingOrgId: Type.Integer(),
  requestingOrgName: Type.String(),
  requestedByName: Nullable(Type.String()),
  payload: Payload,
  details: Type.Array(Type.Object({ field: Type.String(), label: Type.String(), value: Type.String() }), {
    description: 'the payload as the keeper reads it: labelled, in the request language',
  }),
  person: Type.Object({ id: Type.String(), name: Type.String(), orgId: Type.Integer(), orgName: Type.String(), idNumber: Nullable(Type.String()) }),
  nameMatches: Type.Boolean(),
  decidedByName: Nullable(Type.String()),
});
const SentOut = Type.Object({ ...Common, orgId: Type.Integer(), orgName: Type.String(), resultId: Nullable(Type.String()) });
const OwnOut = Type.Object({
  id: Type.String(),
  purpose: Purpose,
  status: Status,
  requestedOn: Type.String(),
  expiresOn: Type.String(),
  orgName: Type.String(),
  payload: Payload,
});
const ListQuery = Type.Object({
  ...PageQuery,
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Status),
  purpose: Type.Optional(Purpose),
});
const Id = Type.Object({ id: Type.String() });
const DeclineBody = Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) });
const decided = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export async function linksRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  const incoming = async (id: string, lang: Lang) => {
    const row = await loadIncoming(db, id);
    if (!row) throw new Error('checked by the access hook');
    return presentIncoming(row, lang);
  };

  app.get(
    '/people/link-requests',
    {
      config: { access: { permission: 'person.read' } },
      schema: {
        summary: 'List link requests about people kept in scope',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(IncomingOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor)?.[0];
      const rows = await listIncoming(db, actorOf(request), { ...request.query, after: typeof after === 'string' ? after : null, limit });
      const page = rows.slice(0, limit);
      const last = page.at(-1)?.r.id;
      return { items: page.map((r) => presentIncoming(r, request.lang)), nextCursor: rows.length > limit && last ? encodeCursor([last]) : null };
    },
  );

  app.get(
    '/people/link-requests/sent',
    {
      config: { access: { permission: 'person.read' } },
      schema: {
        summary: 'List link requests sent by orgs in scope',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(SentOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor)?.[0];
      const rows = await listSent(db, actorOf(request), { ...request.query, after: typeof after === 'string' ? after : null, limit });
      const page = rows.slice(0, limit);
      const last = page.at(-1)?.r.id;
      return { items: page.map(presentSent), nextCursor: rows.length > limit && last ? encodeCursor([last]) : null };
    },
  );

  app.get(
    '/people/link-requests/:id',
    {
      config: { access: { permission: 'person.read', entity: 'personLink' } },
      schema: { summary: 'Get a link request about a person kept in scope', params: Id, response: { 200: IncomingOut, ...errorResponses } },
    },
    async (request) => incoming(request.params.id, request.lang),
  );

  app.post(
    '/people/link-requests/:id/accept',
    {
      config: { access: { permission: 'person.write', entity: 'personLink' } },
      schema: { summary: 'Accept a link request', params: Id, response: { 200: IncomingOut, ...decided } },
    },
    async (request) => {
      await decideLink(db, actorOf(request), request.params.id, 'accept', {});
      return incoming(request.params.id, request.lang);
    },
  );

  app.post(
    '/people/link-requests/:id/decline',
    {
      config: { access: { permission: 'person.write', entity: 'personLink' } },
      schema: { summary: 'Decline a link request', params: Id, body: DeclineBody, response: { 200: IncomingOut, ...decided } },
    },
    async (request) => {
      await decideLink(db, actorOf(request), request.params.id, 'decline', request.body);
      return incoming(request.params.id, request.lang);
    },
  );

  app.get(
    '/self/link-requests',
    {
      config: { access: { self: true } },
      schema: { summary: 'List link requests about myself', response: { 200: Type.Object({ items: Type.Array(OwnOut) }), ...errorResponses } },
    },
    async (request) => ({ items: await listOwn(db, actorOf(request)) }),
  );

  for (const decision of ['accept', 'decline'] as const) {
    app.post(
      `/self/link-requests/:id/${decision}`,
      {
        config: { access: { self: true } },
        schema: {
          summary: decision === 'accept' ? 'Accept a link request about myself' : 'Decline a link request about myself',
          params: Id,
          body: DeclineBody,
          response: { 200: Type.Object({ items: Type.Array(OwnOut) }), ...decided },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await decideLink(db, actor, request.params.id, decision, request.body, { self: true });
        return { items: await listOwn(db, actor) };
      },
    );
  }
}
