// The OpenAPI document at /api/openapi.json, for outside tools (client generators, Redocly's lint in
// `npm run check:openapi`). Routes give their summary and schemas; this file derives the rest from
// each route's access decision: operationId, security, the Problem answers it can give. A route
// without a summary or a declared tag, or with a duplicate operationId, fails at start-up.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import type { RouteAccess } from './access/access.plugin.ts';
import { sessionCookie } from './auth/auth.service.ts';
import type { ModuleDefinition } from './module.ts';

/** The kernel's own route groups; each module is a tag too, described by its label. */
const kernelTags = [
  { name: 'auth', description: '登录、会话与密码 — Sign-in, sessions and passwords' },
  { name: 'audit', description: '审计日志 — Audit log' },
  { name: 'metrics', description: '统计数字 — Figures and their rows' },
  { name: 'settings', description: '组织设置 — Settings of an org' },
  { name: 'imports', description: '导入任务 — Excel import runs' },
];

/** Security schemes, named as operations list them. */
const session = 'session';
const csrf = 'csrf';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const problemDescriptions: Record<string, string> = {
  400: 'Invalid request: a parameter or field failed validation',
  401: 'Not signed in (or wrong credentials)',
  403: 'Not allowed: a permission or the CSRF token is missing, or the account is disabled',
  404: "Not found, or outside the caller's scope",
  409: 'Conflict: the value already exists',
  413: 'The upload is too large',
  422: 'Refused by a business rule',
  423: 'The account is temporarily locked',
  429: 'Too many requests',
};

type Schema = FastifySchema & Record<string, unknown>;
type Responses = Record<string, unknown>;

/** A Problem answer as served: `application/problem+json`, with what the status means. */
function problem(status: string): Responses {
  return {
    description: problemDescriptions[status] ?? 'Problem',
    content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
  };
}

function isProblemRef(schema: unknown): boolean {
  const ref = (schema as { $ref?: unknown } | null)?.$ref;
  return ref === 'Problem' || ref === 'Problem#';
}

function hasProperty(schema: unknown, name: string): boolean {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return !!properties && name in properties;
}

/** `GET /api/v1/members/:id/dues` → `getMembersByIdDues`: stable while the path is. */
export function operationIdOf(method: string, url: string): string {
  const word = (s: string) =>
    s
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]?.toUpperCase() + w.slice(1))
      .join('');
  const parts = url
    .replace(/^\/api(\/v\d+)?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `By${word(p.slice(1))}` : word(p)));
  return method.toLowerCase() + parts.join('');
}

/** The Problem statuses a route can answer, from its access decision and its inputs. */
export function problemStatuses(method: string, url: string, schema: Schema, route: Pick<RouteOptions, 'config'>): string[] {
  const access = route.config?.access as RouteAccess | undefined;
  const signedIn = !!access && !('public' in access);
  const unsafe = unsafeMethods.has(method);
  const consumes = (schema.consumes ?? []) as readonly string[];
  const statuses: string[] = [];
  if (schema.body || schema.querystring || schema.params || schema.headers || unsafe) statuses.push('400');
  if (signedIn) statuses.push('401');
  // a permission is checked; a session's unsafe request also needs its CSRF token; an account that
  // must change its password is refused everything but that
  const beforePasswordChange = !!access && 'self' in access && access.beforePasswordChange === true;
  if ((access && 'permission' in access) || (signedIn && (unsafe || !beforePasswordChange))) statuses.push('403');
  if (url.includes(':') || hasProperty(schema.querystring, 'orgId') || hasProperty(schema.body, 'orgId')) statuses.push('404');
  if (consumes.includes('multipart/form-data')) statuses.push('413');
  if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) statuses.push('429');
  return statuses;
}

/** Every declared Problem answer in the served form, the missing ones added, and a success answer. */
function responsesOf(statuses: string[], schema: Schema): Responses {
  const declared = (schema.response ?? {}) as Responses;
  const responses: Responses = {};
  for (const [status, answer] of Object.entries(declared)) responses[status] = isProblemRef(answer) ? problem(status) : answer;
  if (!Object.keys(responses).some((s) => /^[23]/.test(s))) {
    // downloads declare no body schema: the file in each type the route produces
    const produces = (schema.produces ?? []) as readonly string[];
    const file = { schema: { type: 'string', format: 'binary' } };
    responses[200] = produces.length
      ? { description: 'The file', content: Object.fromEntries(produces.map((type) => [type, file])) }
      : { description: 'Success', type: 'null' };
  }
  for (const status of statuses) responses[status] ??= problem(status);
  return responses;
}

function methodOf(route: RouteOptions, url: string): string {
  const methods = [route.method].flat();
  if (methods.length !== 1 || !methods[0]) throw new Error(`Route ${url}: declare one method per route for the OpenAPI document`);
  return methods[0].toUpperCase();
}

/** A tag per kernel group and per module (its routes get the module's name as their tag). */
function tagsOf(modules: readonly ModuleDefinition[]) {
  return [...kernelTags, ...modules.map((m) => ({ name: m.name, description: `${m.label['zh-CN']} — ${m.label['en-US']}` }))];
}

/** Refuses what would make the document fail its lint or a generated client: each message names the route. */
export function checkRoutes(routes: readonly RouteOptions[], tagNames: ReadonlySet<string>): void {
  const seen = new Map<string, string>();
  for (const route of routes) {
    const schema = (route.schema ?? {}) as Schema;
    if (!route.url.startsWith('/api/') || schema.hide) continue;
    const method = methodOf(route, route.url);
    if (method === 'HEAD') continue;
    const where = `${method} ${route.url}`;
    if (!schema.summary) throw new Error(`Route ${where} has no schema.summary (a short English line for the OpenAPI document)`);
    if (schema.tags?.length !== 1 || !tagNames.has(schema.tags[0] ?? '')) {
      throw new Error(`Route ${where}: tags ${JSON.stringify(schema.tags)} must be one declared tag (${[...tagNames].join(', ')})`);
    }
    const id = schema.operationId ?? operationIdOf(method, route.url);
    const other = seen.get(id);
    if (other) throw new Error(`Route ${where} has the operationId ${id} of ${other}: give one an explicit schema.operationId`);
    seen.set(id, where);
  }
}

/** The document's options for @fastify/swagger. */
export function openApiOptions(modules: readonly ModuleDefinition[]): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: {
        title: 'Tuanwu API',
        version: '1',
        description:
          '团务平台的接口：登录后以会话 Cookie 调用，修改类请求另带 x-csrf-token 头（取自 GET /api/v1/auth/me）。错误均为 application/problem+json。\n\n' +
          'The API of Tuanwu, the work platform of a Communist Youth League committee. Sign in with POST /api/v1/auth/login: ' +
          'the session is a cookie; unsafe methods also send the `x-csrf-token` header (from GET /api/v1/auth/me). ' +
          'Every error is an `application/problem+json` Problem.',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: '/', description: 'The server that serves this document' }],
      tags: tagsOf(modules),
      components: {
        securitySchemes: {
          [session]: { type: 'apiKey', in: 'cookie', name: sessionCookie, description: 'The session, set by POST /api/v1/auth/login' },
          [csrf]: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: "The session's CSRF token (from GET /api/v1/auth/me), for POST, PUT, PATCH and DELETE",
          },
        },
      },
    },
    // Components are named by their $id (`Problem`), not `def-0`.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => {
        if (typeof json.$id === 'string' && /^[\w.-]+$/.test(json.$id)) return json.$id;
        if (!json.title && json.$id) json.title = json.$id;
        return `def-${i}`;
      },
    },
    transform: ({ schema: routeSchema, url, route }) => {
      const schema = (routeSchema ?? {}) as Schema;
      if (schema.hide) return { schema, url };
      const method = methodOf(route, url);
      const access = route.config?.access as RouteAccess | undefined;
      const security = !access || 'public' in access ? [] : unsafeMethods.has(method) ? [{ [session]: [], [csrf]: [] }] : [{ [session]: [] }];
      return {
        schema: {
          ...schema,
          operationId: schema.operationId ?? operationIdOf(method, url),
          security,
          response: responsesOf(problemStatuses(method, url, schema, route), schema),
          // the access decision, read by the route-walking test (platform/access/routes.test.ts)
          'x-access': access,
        } as FastifySchema,
        url,
      };
    },
  };
}

/**
 * Registers the document (built when first asked for) and checks every route at start-up, from the
 * routes themselves: building the whole document would cost each test's app a few hundred ms.
 */
export async function registerOpenApi(app: FastifyInstance, modules: readonly ModuleDefinition[]): Promise<void> {
  await app.register(swagger, openApiOptions(modules));
  const routes: RouteOptions[] = [];
  // kept by reference: a module's scope sets the tag after this hook has run
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  const tagNames = new Set(tagsOf(modules).map((t) => t.name));
  app.addHook('onReady', async () => checkRoutes(routes, tagNames));
}
