import type { FastifyInstance, FastifyReply } from 'fastify';
import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { rolePermissions, type Permission } from '../access/roles.ts';
import { actorOf, errorResponses, noContent } from '../http.ts';
import {
  changePassword,
  dummyPasswordHash,
  listSessions,
  login,
  logout,
  resolveSession,
  revokeSession,
  sessionCookie,
  type LoginPolicy,
  type SessionInfo,
} from './auth.service.ts';
import { retryAfterOf } from './throttle.ts';

const Me = Type.Object({
  account: Type.Object({
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    orgId: Type.Integer(),
    mustChangePassword: Type.Boolean(),
  }),
  csrfToken: Type.String(),
  permissions: Type.Array(Type.String()),
  grants: Type.Array(Type.Object({ id: Type.String(), role: Type.String(), orgId: Type.Integer(), orgName: Type.String() })),
});

function presentMe(info: SessionInfo) {
  const perms = new Set<Permission>();
  for (const g of info.grants) for (const p of rolePermissions[g.role]) perms.add(p);
  return {
    account: {
      id: info.account.id,
      username: info.account.username,
      displayName: info.account.displayName,
      orgId: info.account.orgId,
      mustChangePassword: info.account.mustChangePassword,
    },
    csrfToken: info.csrfToken,
    permissions: [...perms].sort(),
    grants: info.grants.map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgName })),
  };
}

/** A throttled password check answers 429 with the wait in Retry-After, as well as in its message. */
async function withRetryAfter<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const seconds = retryAfterOf(err);
    if (seconds !== null) reply.header('retry-after', String(seconds));
    throw err;
  }
}

// Routes an account that must change its password may still call: to change it, and to see or end its sessions.
const passwordChange = { self: true, beforePasswordChange: true } as const;

export async function authRoutes(fastify: FastifyInstance, opts: { db: Db; config: Config }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = opts;
  const policy: LoginPolicy = {
    maxFailures: config.loginMaxFailures,
    ipMaxFailures: config.loginIpMaxFailures,
    maxDelaySeconds: config.loginLockMinutes * 60,
    sessionTtlHours: config.sessionTtlHours,
  };
  // Ready before the first unknown username arrives, so even that one takes no longer than the rest.
  void dummyPasswordHash();

  app.post(
    '/auth/login',
    {
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in',
        tags: ['auth'],
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Me, 401: Type.Ref('Problem'), 429: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const { token } = await withRetryAfter(reply, () =>
        login(db, policy, username, password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id }),
      );
      reply.setCookie(sessionCookie, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: config.sessionTtlHours * 3600,
      });
      const info = await resolveSession(db, token);
      if (!info) throw new Error('session vanished after login');
      return presentMe(info);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: passwordChange },
      schema: { summary: 'Get the signed-in account, its permissions and CSRF token', tags: ['auth'], response: { 200: Me, ...errorResponses } },
    },
    async (request) => {
      const token = request.cookies[sessionCookie];
      const info = token ? await resolveSession(db, token) : null;
      if (!info) throw new Error('unreachable: access hook checks the session');
      return presentMe(info);
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: passwordChange }, schema: { summary: 'Sign out', tags: ['auth'], response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await logout(db, actorOf(request));
      reply.clearCookie(sessionCookie, { path: '/' });
      return noContent(reply);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: passwordChange },
      schema: {
        summary: 'Change my password',
        tags: ['auth'],
        body: Type.Object({ currentPassword: Type.String({ maxLength: 200 }), newPassword: Type.String({ maxLength: 200 }) }),
        response: { 204: Type.Null(), ...errorResponses, 429: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await withRetryAfter(reply, () => changePassword(db, policy, actorOf(request), body.currentPassword, body.newPassword));
      return noContent(reply);
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: { access: passwordChange },
      schema: {
        summary: 'List my sessions',
        tags: ['auth'],
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                createdAt: Type.String(),
                lastSeenAt: Type.String(),
                ip: Type.Union([Type.String(), Type.Null()]),
                userAgent: Type.Union([Type.String(), Type.Null()]),
                current: Type.Boolean(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: await listSessions(db, actorOf(request)) }),
  );

  app.post(
    '/auth/sessions/:id/revoke',
    {
      config: { access: passwordChange },
      schema: {
        summary: 'Revoke one of my sessions',
        tags: ['auth'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeSession(db, actorOf(request), request.params.id);
      return noContent(reply);
    },
  );
}
