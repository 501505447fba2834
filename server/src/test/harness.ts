import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import type { ModuleDefinition } from '../platform/module.ts';
import { loadConfig, type Config } from '../config.ts';
import { connect, embeddedPoolSize, type Database } from '../db/client.ts';
import { openPglite } from '../db/pglite.ts';
import { adminUrl } from './global-setup.ts';

/** A fresh, migrated database for one test file: PGlite in memory, or a copy on the server. */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `tuanwu_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('templateDb')}`);
    await admin.end();
    return connect(adminUrl(url, name), {
      max: 8,
      onClose: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    });
  }
  const pglite = await openPglite(undefined, new Blob([readFileSync(inject('templateDump'))]));
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  const port = server.getServerConn().split(':')[1];
  return connect(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    max: embeddedPoolSize,
    embedded: true,
    onClose: async () => {
      await server.stop();
      await pglite.close();
    },
  });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ TUANWU_DATA_KEY: Buffer.alloc(32, 7).toString('base64'), TUANWU_DATA_DIR: '/tmp/tuanwu-test-unused' }, { generateKey: false }),
    ...overrides,
  };
}

export type TestClient = {
  csrf: string;
  /** the session cookie's value */
  token: string;
  request: (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
};

/** Signs in through the API and returns a client that sends the cookie and CSRF token. */
export async function login(app: FastifyInstance, username: string, password: string, from: { ip?: string } = {}): Promise<TestClient> {
  // A distinct client address keeps tests that sign in often clear of the login rate limit
  // (the connection's address; also X-Forwarded-For, for apps with config.trustProxy).
  const headers = from.ip ? { 'x-forwarded-for': from.ip } : {};
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers, remoteAddress: from.ip });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'tw_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const request = (opts: InjectOptions) =>
    app.inject({ ...opts, cookies: { tw_session: cookie.value, ...(opts.cookies ?? {}) }, headers: { 'x-csrf-token': csrf, ...(opts.headers ?? {}) } });
  return {
    csrf,
    token: cookie.value,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) => request({ method: 'POST', url, payload: body as InjectOptions['payload'] }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as InjectOptions['payload'] }),
  };
}

export async function createTestApp(overrides: Partial<Config> = {}, opts: { modules?: readonly ModuleDefinition[] } = {}) {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  const app = await buildApp({ config, database, logger: false, modules: opts.modules });
  return {
    app,
    database,
    db: database.db,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
