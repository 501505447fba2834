import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { accessPlugin, routeAccess } from './platform/access/access.plugin.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import { resolveSession, sessionCookie } from './platform/auth/auth.service.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { AppError, errors, fromUniqueViolation, pickLang, toProblem } from './platform/errors.ts';
import { Problem, setCursorKey } from './platform/http.ts';
import { fromBrokenUpload, fromClientError, fromDatabaseRefusal, fromValidation, requestValidatorCompiler } from './platform/validation.ts';
import { metricsRoutes } from './platform/metrics/metrics.routes.ts';
import { createPii } from './platform/pii.ts';
import { settingsRoutes } from './platform/settings/settings.routes.ts';
import { importsRoutes } from './platform/imports/imports.routes.ts';
import { modules as allModules } from './modules.ts';
import { installModules, registerModuleRoutes, type ModuleDefinition } from './platform/module.ts';
import { registerOpenApi } from './platform/openapi.ts';

/** `modules` defaults to every module of the platform (server/src/modules.ts). */
export type AppDeps = { config: Config; database: Database; logger?: boolean; modules?: readonly ModuleDefinition[] };

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const maxUploadBytes = 10 * 1024 * 1024;
/** A JSON body's limit (uploads have their own, `maxUploadBytes`). */
export const maxBodyBytes = 1024 * 1024;

export async function buildApp({ config, database, logger = true, modules = allModules }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: maxBodyBytes,
  });
  // query and path coerced from text, JSON bodies taken as sent; integers bounded (platform/validation.ts)
  app.setValidatorCompiler(requestValidatorCompiler());
  setCursorKey(config.dataKey);
  const db = database.db;
  const pii = createPii(config.dataKey);

  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('csrfToken', null);
  app.addSchema(Problem);

  await app.register(cookie);
  // The console is one Vite bundle from this origin: scripts only from here; antd writes its
  // styles at run time, so inline styles stay allowed. No framing (clickjacking), no sniffing.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Served over plain http on a LAN as often as behind TLS: upgrading would break the former.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
  });
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1 } });
  await app.register(rateLimit, { global: false });
  await registerOpenApi(app, modules);

  // Who is calling, in which language; CSRF for state-changing requests of a session.
  app.addHook('onRequest', async (request) => {
    request.lang = pickLang((request.headers['x-lang'] as string | undefined) ?? request.headers['accept-language']);
    const access = routeAccess(request);
    if (!access || 'public' in access) return;
    const token = request.cookies[sessionCookie];
    const info = token ? await resolveSession(db, token) : null;
    if (!info) throw new AppError('unauthenticated');
    request.actor = { ...info.actor, requestId: request.id, ip: request.ip };
    request.csrfToken = info.csrfToken;
    if (unsafeMethods.has(request.method) && request.headers['x-csrf-token'] !== info.csrfToken) {
      throw new AppError('csrf');
    }
    // An account given a password by someone else (created, reset) sets its own before anything else.
    if (info.account.mustChangePassword && !('self' in access && access.beforePasswordChange)) {
      throw new AppError('password_change_required');
    }
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    let appErr: AppError;
    const duplicate = fromUniqueViolation(err);
    const badValue = fromDatabaseRefusal(err, request);
    if (err instanceof AppError) appErr = err;
    else if (duplicate) appErr = duplicate;
    else if (badValue) {
      request.log.warn({ err }, 'a client value the database refused');
      appErr = badValue;
    } else if ('validation' in err && err.validation) appErr = fromValidation(err, request);
    else if (err.statusCode === 429) appErr = new AppError('too_many_requests');
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      appErr = new AppError('payload_too_large', { field: 'body', params: { what: { 'zh-CN': '请求内容', 'en-US': 'Request body' }, limit: '1 MB' } });
    } else if (err.code === 'FST_REQ_FILE_TOO_LARGE') {
      appErr = errors.fileTooLarge('10 MB');
    } else if (err.statusCode && err.statusCode < 500) appErr = fromClientError(err);
    else if (fromBrokenUpload(err)) appErr = fromBrokenUpload(err) as AppError;
    else {
      request.log.error({ err }, 'unhandled error');
      appErr = new AppError('internal');
    }
    if (appErr.status >= 500 && err instanceof AppError) request.log.error({ err }, 'server error');
    reply
      .code(appErr.status)
      .type('application/problem+json')
      .send(toProblem(appErr, request.lang, request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !existsSync(config.webDir)) {
      const e = new AppError('not_found', { params: { entity: 'route' } });
      return reply
        .code(404)
        .type('application/problem+json')
        .send(toProblem(e, request.lang, request.id));
    }
    // The console is a single-page app: unknown paths get index.html.
    return reply.sendFile('index.html');
  });

  // Called directly, not registered: its hooks must cover every route (no encapsulation).
  await accessPlugin(app, { db });
  app.get('/api/health', { config: { access: { public: true } }, schema: { hide: true } }, async () => {
    await database.pool.query('select 1');
    return { ok: true, database: database.embedded ? 'embedded' : 'server' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installModules(modules);
  await app.register(
    async (api) => {
      // the kernel's own routes, then every module's, each module in its own scope and tag
      await api.register(authRoutes, { db, config });
      await api.register(auditRoutes, { db });
      await api.register(metricsRoutes, { db });
      await api.register(settingsRoutes, { db });
      await api.register(importsRoutes, { db });
      await registerModuleRoutes(api, { db, pii, config }, modules);
    },
    { prefix: '/api/v1' },
  );

  if (existsSync(config.webDir)) {
    // wildcard: files are looked up per request, so a rebuilt console is served without a restart.
    await app.register(fastifyStatic, { root: config.webDir, wildcard: true });
  }
  return app;
}
