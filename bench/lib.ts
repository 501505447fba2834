// Measuring helpers shared by the suites: latency statistics, serial and concurrent runners,
// an HTTP client for the real app on loopback, query capture and plans.
import http from 'node:http';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database, Db } from '../server/src/db/client.ts';
import * as schema from '../server/src/db/schema.ts';

export type Stats = { n: number; p50: number; p99: number; mean: number; max: number };
export type Throughput = Stats & { rps: number; seconds: number; errors: number; errorSamples: string[]; concurrency: number };

export function stats(lat: number[]): Stats {
  const s = [...lat].sort((a, b) => a - b);
  const at = (q: number) => s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? 0;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50: r(at(0.5)), p99: r(at(0.99)), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)), max: r(s.at(-1) ?? 0) };
}

/** Runs fn(i) one at a time, `runs` times (fewer when `maxMs` runs out); latencies in ms. */
export async function serial(runs: number, fn: (i: number) => Promise<unknown>, warmup = 5, maxMs = Number.POSITIVE_INFINITY): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const lat: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < runs && (i < 3 || performance.now() - t0 < maxMs); i++) {
    const t = performance.now();
    await fn(i);
    lat.push(performance.now() - t);
  }
  return stats(lat);
}

/** At most `count` calls and at most `maxMs`, `conc` in flight; fn returns true, or a message on a failed call. */
export async function concurrent(
  count: number,
  conc: number,
  maxMs: number,
  fn: (i: number) => Promise<boolean | string>,
  warmup = conc * 5,
): Promise<Throughput> {
  // Warm-up: opens the pool's connections and the keep-alive sockets, outside the figures.
  const warm = async (w: number) => {
    for (let i = w; i < warmup; i += conc) await fn(count + i).catch(() => false);
  };
  await Promise.all(Array.from({ length: conc }, (_, w) => warm(w)));
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  const samples: string[] = [];
  const t0 = performance.now();
  const worker = async () => {
    while (next < count && performance.now() - t0 < maxMs) {
      const i = next++;
      const t = performance.now();
      const ok = await fn(i).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
      lat.push(performance.now() - t);
      if (ok !== true) {
        errors++;
        if (samples.length < 3) samples.push(String(ok).slice(0, 200));
      }
    }
  };
  await Promise.all(Array.from({ length: conc }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return {
    ...stats(lat),
    rps: Math.round((lat.length / seconds) * 10) / 10,
    seconds: Math.round(seconds * 100) / 100,
    errors,
    errorSamples: samples,
    concurrency: conc,
  };
}

export type HttpResult = { status: number; body: string; headers: http.IncomingHttpHeaders };
export function request(
  agent: http.Agent,
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  timeoutMs = 10_000,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no end within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** A signed-in user of the app under test: cookie and CSRF token for requests. */
export type ApiSession = { cookie: string; csrf: string };

/** The app on loopback with a keep-alive agent; each simulated client gets its own address. */
export type Api = {
  port: number;
  agent: http.Agent;
  nextIp: () => string;
  login: (username: string, password: string) => Promise<ApiSession>;
  get: (s: ApiSession, url: string, timeoutMs?: number) => Promise<HttpResult>;
};

export function makeApi(port: number, agent: http.Agent): Api {
  let ipSeq = 0;
  const nextIp = () => {
    ipSeq++;
    return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
  };
  return {
    port,
    agent,
    nextIp,
    async login(username, password) {
      const r = await request(
        agent,
        port,
        'POST',
        '/api/v1/auth/login',
        { 'content-type': 'application/json', 'x-forwarded-for': nextIp() },
        JSON.stringify({ username, password }),
      );
      if (r.status !== 200) throw new Error(`bench login of ${username} failed: ${r.status} ${r.body}`);
      const cookie = [r.headers['set-cookie'] ?? []]
        .flat()
        .map((c) => c.split(';')[0])
        .join('; ');
      return { cookie, csrf: (JSON.parse(r.body) as { csrfToken: string }).csrfToken };
    },
    get: (s, url, timeoutMs) => request(agent, port, 'GET', url, { cookie: s.cookie, 'x-forwarded-for': '10.255.0.1' }, undefined, timeoutMs),
  };
}

/**
 * A Drizzle instance on the same pool that records the SQL it sends: so "the same SQL through
 * the driver" is exactly what the API's query function produced. `main()` is the longest
 * statement since `reset()` (the list itself, not the org or setting look-ups around it).
 */
export function capturingDb(d: Database): { db: Db; reset: () => void; main: () => { sql: string; params: unknown[] } } {
  let seen: { sql: string; params: unknown[] }[] = [];
  const db = drizzle(d.pool, {
    schema,
    logger: {
      logQuery(q, params) {
        seen.push({ sql: q, params });
      },
    },
  }) as Db;
  return {
    db,
    reset: () => {
      seen = [];
    },
    main: () => seen.reduce((a, b) => (b.sql.length > a.sql.length ? b : a), { sql: '', params: [] as unknown[] }),
  };
}

/** EXPLAIN of a parameterised query, one line; with `analyze` it runs once and shows real times. */
export async function explain(d: Database, text: string, params: unknown[], analyze = false): Promise<string> {
  const res = await d.pool.query<{ 'QUERY PLAN': string }>(`explain ${analyze ? '(analyze, buffers) ' : ''}${text}`, params);
  return res.rows.map((r) => r['QUERY PLAN'].trim()).join(' | ');
}

export function ms(t0: number): number {
  return Math.round(performance.now() - t0);
}

export type Cell = string | number | boolean | null;

/** Batched unnest() INSERT: what both databases accept (COPY does not pass pglite-socket). */
export async function insertRows(d: Database, table: string, columns: string[], types: string[], rows: Cell[][], batch = 5_000): Promise<void> {
  const text = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    await d.pool.query(
      text,
      columns.map((_, c) => part.map((r) => r[c] ?? null)),
    );
  }
}

/** Drops the secondary indexes of a table (optionally its primary key too) and returns how to rebuild them. */
export async function dropIndexes(d: Database, table: string, primaryKey = false): Promise<string[]> {
  const res = await d.pool.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes i
      where schemaname = 'public' and tablename = $1
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [table],
  );
  const out: string[] = [];
  if (primaryKey) {
    const pk = await d.pool.query<{ conname: string; def: string }>(
      `select conname, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass and contype = 'p'`,
      [table],
    );
    for (const r of pk.rows) {
      await d.pool.query(`alter table ${table} drop constraint "${r.conname}"`);
      out.push(`alter table ${table} add constraint "${r.conname}" ${r.def}`);
    }
  }
  for (const r of res.rows) await d.pool.query(`drop index "${r.indexname}"`);
  return [...out, ...res.rows.map((r) => r.indexdef)];
}

/** Runs the definitions `dropIndexes` returned, reporting progress under `stage`. */
export async function rebuildIndexes(
  d: Database,
  defs: string[],
  progress: (done: number, total: number, stage: string) => void,
  stage: string,
): Promise<void> {
  progress(0, defs.length, stage);
  for (const [i, def] of defs.entries()) {
    await d.pool.query(def);
    progress(i + 1, defs.length, stage);
  }
}

export const f0 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
export const f1 = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
export const lat = (s: Stats) => `${f1(s.p50)} / ${f1(s.p99)} ms`;
export const thr = (s: Throughput) => `${f0(s.rps)} req/s (${f1(s.p50)} / ${f1(s.p99)} ms${s.errors ? `, ${s.errors} errors` : ''})`;
export const secs = (msec: number) => `${(msec / 1000).toFixed(1)} s`;

/** A SQL-side v7-shaped uuid: 48-bit milliseconds, then bits from md5(seed) — unique per seed, time-ordered by ms. */
export const sqlUuid7 = (msExpr: string, seedExpr: string) =>
  `(lpad(to_hex((${msExpr})::int8), 12, '0') || '7' || substr(md5(${seedExpr}), 1, 3) || '8' || substr(md5(${seedExpr}), 4, 15))::uuid`;
