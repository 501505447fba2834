import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { actorOf, errorResponses, Nullable } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { selfProfile, signup } from './self.service.ts';

export async function selfRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.post(
    '/self/signup',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign up for an account',
        body: Type.Object({
          username: Type.String({ maxLength: 100 }),
          password: Type.String({ maxLength: 200 }),
          name: Type.String({ maxLength: 100 }),
          idNumber: Type.String({ maxLength: 30 }),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
          orgId: Type.Integer({ minimum: 1 }),
        }),
        response: {
          201: Type.Object({
            accountId: Type.String(),
            personId: Nullable(Type.String()),
            status: Type.Union([Type.Literal('active'), Type.Literal('pending_link')], {
              description: 'pending_link: the ID number is on file; the keeping org links the account once it accepts',
            }),
          }),
          400: Type.Ref('Problem'),
          404: Type.Ref('Problem'),
          409: Type.Ref('Problem'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await signup(db, pii, request.body, { requestId: request.id, ip: request.ip })),
  );

  // League organizations' names are public: people pick the one they join or register with.
  app.get(
    '/public/orgs',
    {
      config: { access: { public: true }, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        summary: 'List orgs for sign-up',
        querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 50 }) }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() })) }),
          400: Type.Ref('Problem'),
        },
      },
    },
    async (request) => ({
      items: await db
        .select({ id: org.id, name: org.name, kind: org.kind })
        .from(org)
        .where(and(eq(org.status, 'active'), sql`${org.name} ilike ${containsPattern(request.query.q.trim())}`))
        .orderBy(asc(org.depth), asc(org.id))
        .limit(20),
    }),
  );

  app.get(
    '/self/profile',
    {
      config: { access: { self: true } },
      schema: {
        summary: "Get the signed-in user's profile",
        response: {
          200: Type.Object({
            person: Nullable(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                gender: Type.String(),
                birthDate: Type.String(),
                idNumber: Nullable(Type.String()),
                phone: Nullable(Type.String()),
                orgId: Type.Integer(),
              }),
            ),
            linkPending: Type.Boolean({ description: 'the account waits for the keeping org to link it to its person' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => selfProfile(db, actorOf(request)),
  );
}
