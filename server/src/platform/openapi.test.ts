// The OpenAPI options on a bare app (no database): what the transform derives, what start-up refuses.
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { operationIdOf, registerOpenApi } from './openapi.ts';

type Op = { operationId: string; security: Record<string, string[]>[]; responses: Record<string, { content?: Record<string, unknown> }>; 'x-access'?: unknown };

async function appWith(routes: (api: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await registerOpenApi(app, []);
  await app.register(async (api) => routes(api), { prefix: '/api/v1' });
  return app;
}

const ok = async () => ({});

describe('operationIdOf', () => {
  it('derives a name from the method and the path without its prefix', () => {
    expect(operationIdOf('GET', '/api/v1/members/:id/dues')).toBe('getMembersByIdDues');
    expect(operationIdOf('POST', '/api/v1/accounts/:id/grants/:grantId/revoke')).toBe('postAccountsByIdGrantsByGrantIdRevoke');
    expect(operationIdOf('GET', '/api/v1/volunteer-hours/ranking')).toBe('getVolunteerHoursRanking');
  });
});

describe('registerOpenApi', () => {
  it('derives security, Problem answers and operationId from the access decision', async () => {
    const app = await appWith((api) => {
      api.post('/auth/open', { config: { access: { public: true } }, schema: { summary: 'Open', tags: ['auth'] } }, ok);
      api.post('/audit/:id', { config: { access: { permission: 'audit.read', entity: 'org' } }, schema: { summary: 'Write', tags: ['audit'] } }, ok);
      api.get('/audit', { config: { access: { self: true } }, schema: { summary: 'Read', tags: ['audit'], operationId: 'readAudit' } }, ok);
      api.get('/auth/mine', { config: { access: { self: true, beforePasswordChange: true } }, schema: { summary: 'Mine', tags: ['auth'] } }, ok);
    });
    await app.ready();
    const paths = app.swagger().paths as Record<string, Record<string, Op>>;
    const open = paths['/api/v1/auth/open']?.post;
    const write = paths['/api/v1/audit/{id}']?.post;
    const read = paths['/api/v1/audit']?.get;
    expect(open?.security).toEqual([]);
    expect(Object.keys(open?.responses ?? {})).toEqual(['200', '400']);
    expect(write?.operationId).toBe('postAuditById');
    expect(write?.security).toEqual([{ session: [], csrf: [] }]);
    expect(Object.keys(write?.responses ?? {})).toEqual(['200', '400', '401', '403', '404']);
    expect(Object.keys(write?.responses['404']?.content ?? {})).toEqual(['application/problem+json']);
    expect(write?.['x-access']).toEqual({ permission: 'audit.read', entity: 'org' });
    expect(read?.operationId).toBe('readAudit');
    expect(read?.security).toEqual([{ session: [] }]);
    // 403: an account that must change its password first is refused, except where the route allows it
    expect(Object.keys(read?.responses ?? {})).toEqual(['200', '401', '403']);
    expect(Object.keys(paths['/api/v1/auth/mine']?.get?.responses ?? {})).toEqual(['200', '401']);
    await app.close();
  });

  it('refuses at start-up a route without a summary', async () => {
    const app = await appWith((api) => {
      api.get('/audit', { config: { access: { self: true } }, schema: { tags: ['audit'] } }, ok);
    });
    await expect(app.ready()).rejects.toThrow('GET /api/v1/audit has no schema.summary');
  });

  it('refuses at start-up a tag that is not declared', async () => {
    const app = await appWith((api) => {
      api.get('/audit', { config: { access: { self: true } }, schema: { summary: 'Read', tags: ['nowhere'] } }, ok);
    });
    await expect(app.ready()).rejects.toThrow('must be one declared tag');
  });

  it('refuses at start-up two routes with one operationId', async () => {
    const app = await appWith((api) => {
      api.get('/audit-log', { config: { access: { self: true } }, schema: { summary: 'One', tags: ['audit'] } }, ok);
      api.get('/audit/log', { config: { access: { self: true } }, schema: { summary: 'Two', tags: ['audit'] } }, ok);
    });
    await expect(app.ready()).rejects.toThrow('has the operationId getAuditLog of GET /api/v1/audit-log');
  });
});
