import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { actorOf, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { LinkRequestedOut } from './links.routes.ts';
import { isLinkRequested, linkRequestedAnswer } from './links.service.ts';
import { person } from './people.schema.ts';
import { createPerson, listPeople, presentPerson, updatePerson, viewSensitive } from './people.service.ts';

const Str = (max: number) => Type.String({ maxLength: max });
const PersonOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  name: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  ethnicity: Nullable(Type.String()),
  education: Nullable(Type.String()),
  politicalStatus: Nullable(Type.String()),
  idNumber: Nullable(Type.String({ description: 'masked' })),
  phone: Nullable(Type.String({ description: 'masked' })),
  address: Nullable(Type.String()),
  status: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const PersonBody = Type.Object({
  orgId: Type.Integer({ minimum: 1 }),
  name: Str(100),
  gender: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F')])),
  birthDate: Type.Optional(Str(10)),
  ethnicity: Type.Optional(Nullable(Str(20))),
  education: Type.Optional(Nullable(Str(20))),
  politicalStatus: Type.Optional(Nullable(Str(20))),
  idNumber: Type.Optional(Nullable(Str(30))),
  phone: Type.Optional(Nullable(Str(20))),
  address: Type.Optional(Nullable(Str(200))),
});
const PersonId = Type.Object({ id: Type.String() });

export async function peopleRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/people',
    {
      config: { access: { permission: 'person.read' } },
      schema: {
        summary: 'List people in scope',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          q: Type.Optional(Str(50)),
          idNumber: Type.Optional(Str(30)),
        }),
        response: { 200: Type.Object({ items: Type.Array(PersonOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor)?.[0];
      const rows = await listPeople(db, actorOf(request), { ...request.query, after: typeof after === 'string' ? after : null, limit }, pii);
      const page = rows.slice(0, limit);
      const last = page.at(-1)?.p.id;
      return {
        items: page.map((r) => ({ ...presentPerson(r.p), orgName: r.orgName })),
        nextCursor: rows.length > limit && last ? encodeCursor([last]) : null,
      };
    },
  );

  app.post(
    '/people',
    {
      config: { access: { permission: 'person.write' } },
      schema: {
        summary: 'Create a person',
        description: 'An ID number kept outside the caller scope answers 202 with a link request to the keeping org, and nothing about the person.',
        body: PersonBody,
        response: { 201: PersonOut, 202: LinkRequestedOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const out = await createPerson(db, pii, actorOf(request), request.body);
      return isLinkRequested(out) ? reply.code(202).send(linkRequestedAnswer(out, request.lang)) : reply.code(201).send(presentPerson(out));
    },
  );

  app.get(
    '/people/:id',
    {
      config: { access: { permission: 'person.read', entity: 'person' } },
      schema: { summary: 'Get a person', params: PersonId, response: { 200: PersonOut, ...errorResponses } },
    },
    async (request) => {
      const [row] = await db.select().from(person).where(eq(person.id, request.params.id));
      if (!row) throw new Error('checked by the access hook');
      return presentPerson(row);
    },
  );

  app.patch(
    '/people/:id',
    {
      config: { access: { permission: 'person.write', entity: 'person' } },
      schema: {
        summary: 'Update a person',
        params: PersonId,
        body: Type.Partial(PersonBody),
        response: { 200: PersonOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request) => presentPerson(await updatePerson(db, pii, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/people/:id/sensitive',
    {
      config: { access: { permission: 'person.viewFull', entity: 'person' } },
      schema: {
        summary: "Reveal a person's ID number and phone",
        params: PersonId,
        response: { 200: Type.Object({ idNumber: Nullable(Type.String()), phone: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => viewSensitive(db, pii, actorOf(request), request.params.id),
  );
}
