import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { AppError, errors } from '../errors.ts';
import { entityResolver } from './entities.ts';
import type { Permission } from './roles.ts';
import { can, hasAnywhere } from './scope.ts';

/**
 * Every route states its access decision in its config: public, or a permission plus the
 * path params that name entities (checked against the caller's subtree; out of scope = 404).
 * A route without one fails at start-up.
 */
export type RouteAccess =
  | { public: true }
  /**
   * Any signed-in account, acting on its own things (session, password); `beforePasswordChange`:
   * also one that must change its password first (every other route refuses it until it has).
   */
  | { self: true; beforePasswordChange?: true }
  | { permission: Permission; entities?: Record<string, string>; entity?: string; description?: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function routeAccess(request: FastifyRequest): RouteAccess | undefined {
  return request.routeOptions.config.access;
}

export async function accessPlugin(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api/') || url === '/api/openapi.json') return;
    if (!route.config?.access) throw new Error(`Route ${route.method} ${url} declares no access decision`);
  });

  app.addHook('preValidation', async (request) => {
    const access = routeAccess(request);
    if (!access || 'public' in access) return;
    const actor = request.actor;
    if (!actor) throw errors.unauthenticated();
    if ('self' in access) return;
    if (!hasAnywhere(actor, access.permission)) throw errors.forbidden(access.permission);
    const params = (request.params ?? {}) as Record<string, string>;
    const entities: Record<string, string> = { ...(access.entity ? { id: access.entity } : {}), ...access.entities };
    for (const [param, entity] of Object.entries(entities)) {
      const value = params[param];
      const found = value ? await entityResolver(entity)(opts.db, value) : null;
      const paths = found === null ? [] : typeof found === 'string' ? [found] : found;
      if (!paths.some((path) => can(actor, access.permission, path))) throw errors.notFound(entity);
    }
  });
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
