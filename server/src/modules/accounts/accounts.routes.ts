import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { isRole, roleLabels, rolePermissions, roles } from '../../platform/access/roles.ts';
import type { account } from '../../platform/auth/auth.schema.ts';
import type { Lang } from '../../platform/errors.ts';
import { actorOf, afterId, errorResponses, noContent, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import { addGrant, createAccount, getAccount, listAccounts, resetPassword, revokeGrant, updateAccount } from './accounts.service.ts';

const Grant = Type.Object({ id: Type.String(), role: Type.String(), roleLabel: Type.String(), orgId: Type.Integer(), orgName: Type.String() });
const AccountOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  lockedUntil: Nullable(Type.String()),
  lastLoginAt: Nullable(Type.String()),
  grants: Type.Array(Grant),
});

type Row = { a: typeof account.$inferSelect; orgName: string; grants: { id: string; role: string; orgId: number; orgName: string }[] };
function present(r: Row, lang: Lang) {
  return {
    id: r.a.id,
    username: r.a.username,
    displayName: r.a.displayName,
    orgId: r.a.orgId,
    orgName: r.orgName,
    status: r.a.status,
    lockedUntil: r.a.lockedUntil?.toISOString() ?? null,
    lastLoginAt: r.a.lastLoginAt?.toISOString() ?? null,
    grants: r.grants.map((g) => ({
      id: g.id,
      role: g.role,
      roleLabel: isRole(g.role) ? roleLabels[g.role][lang] : g.role,
      orgId: g.orgId,
      orgName: g.orgName,
    })),
  };
}

const AccountId = Type.Object({ id: Type.String() });
const manage = { access: { permission: 'account.manage', entity: 'account' } } as const;

export async function accountsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/roles',
    {
      config: { access: { permission: 'account.read' } },
      schema: {
        summary: 'List roles and their permissions',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ value: Type.String(), label: Type.String(), permissions: Type.Array(Type.String()) })) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: roles.map((r) => ({ value: r, label: roleLabels[r][request.lang], permissions: [...rolePermissions[r]] })) }),
  );

  app.get(
    '/accounts',
    {
      config: { access: { permission: 'account.read' } },
      schema: {
        summary: 'List accounts in scope',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 50 })),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
        }),
        response: { 200: Type.Object({ items: Type.Array(AccountOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listAccounts(db, actorOf(request), { q: request.query.q, status: request.query.status, after: afterId(request.query.cursor), limit });
      const page = rows.slice(0, limit);
      return { items: page.map((r) => present(r, request.lang)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.a.id) };
    },
  );

  app.post(
    '/accounts',
    {
      config: { access: { permission: 'account.manage' } },
      schema: {
        summary: 'Create an account',
        body: Type.Object({
          username: Type.String({ maxLength: 100 }),
          displayName: Type.String({ maxLength: 100 }),
          orgId: Type.Integer({ minimum: 1 }),
          password: Type.String({ maxLength: 200 }),
          role: Type.String({ maxLength: 50 }),
          grantOrgId: Type.Integer({ minimum: 1 }),
        }),
        response: { 201: AccountOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const created = await createAccount(db, actorOf(request), request.body);
      const full = await getAccount(db, actorOf(request), created.id);
      return reply.code(201).send(present(full, request.lang));
    },
  );

  app.get(
    '/accounts/:id',
    {
      config: { access: { permission: 'account.read', entity: 'account' } },
      schema: { summary: 'Get an account', params: AccountId, response: { 200: AccountOut, ...errorResponses } },
    },
    async (request) => present(await getAccount(db, actorOf(request), request.params.id), request.lang),
  );

  app.patch(
    '/accounts/:id',
    {
      config: manage,
      schema: {
        summary: 'Update an account',
        params: AccountId,
        body: Type.Object({
          displayName: Type.Optional(Type.String({ maxLength: 100 })),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
        }),
        response: { 200: AccountOut, ...errorResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request) => {
      await updateAccount(db, actorOf(request), request.params.id, request.body);
      return present(await getAccount(db, actorOf(request), request.params.id), request.lang);
    },
  );

  app.post(
    '/accounts/:id/grants',
    {
      config: manage,
      schema: {
        summary: 'Grant a role to an account',
        params: AccountId,
        body: Type.Object({ role: Type.String({ maxLength: 50 }), orgId: Type.Integer({ minimum: 1 }) }),
        response: {
          201: Type.Object({ id: Type.String(), role: Type.String(), orgId: Type.Integer(), orgName: Type.String() }),
          ...errorResponses,
          409: Type.Ref('Problem'),
          422: Type.Ref('Problem'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await addGrant(db, actorOf(request), request.params.id, request.body.role, request.body.orgId)),
  );

  app.post(
    '/accounts/:id/grants/:grantId/revoke',
    {
      config: { access: { permission: 'account.manage', entities: { id: 'account', grantId: 'grant' } } },
      schema: {
        summary: 'Revoke a role grant',
        params: Type.Object({ id: Type.String(), grantId: Type.String() }),
        response: { 204: Type.Null(), ...errorResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      await revokeGrant(db, actorOf(request), request.params.id, request.params.grantId);
      return noContent(reply);
    },
  );

  app.post(
    '/accounts/:id/password',
    {
      config: manage,
      schema: {
        summary: "Reset an account's password",
        params: AccountId,
        body: Type.Object({ password: Type.String({ maxLength: 200 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await resetPassword(db, actorOf(request), request.params.id, request.body.password);
      return noContent(reply);
    },
  );
}
