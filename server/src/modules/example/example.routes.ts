import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { actorOf, errorResponses } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { checkLeagueAge, listBranches } from './example.service.ts';

// Thin routes: schema → access (declared, enforced by the kernel's hook) → service → response.
export const exampleRoutes: ModuleRoutes = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/example/branches',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'List active branches in scope (example module)',
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 })),
          after: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return { items: await listBranches(db, actorOf(request), { orgId: q.orgId, after: q.after ?? 0, limit: q.limit ?? 50 }) };
    },
  );

  app.post(
    '/example/age-check',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Check the league age rule on a day (example module)',
        body: Type.Object({ birthDate: Type.String({ format: 'date' }), on: Type.String({ format: 'date' }) }),
        response: { 200: Type.Object({ age: Type.Integer() }), ...errorResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request) => checkLeagueAge(request.body.birthDate, request.body.on),
  );
};
