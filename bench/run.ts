// npm run bench -- [--db embedded|server|both] [--suite orgs|members|volunteers|contacts|hotline|all (comma-separated)] [--build-only]
//   [--orgs N] [--people N] [--volunteers N] [--hour-entries N] [--contact-logs N] [--quick] [--url postgres://…]
// For each database: a fresh database, migrations, the generated province (plus the members or
// volunteers of the chosen suites), then the figures. JSON and a markdown report go to bench/out/
// (gitignored).
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { connect, openDatabase, type Database } from '../server/src/db/client.ts';
import { migrateDb } from '../server/src/db/migrate.ts';
import { chinaToday } from '../server/src/platform/dates.ts';
import { listChildren } from '../server/src/modules/orgs/index.ts';
import { loadGrants } from '../server/src/platform/auth/auth.service.ts';
import { createPii } from '../server/src/platform/pii.ts';
import { generateProvince, type GenerateResult, type Progress } from './generate.ts';
import { concurrent, f0, f1, lat, makeApi, request, type Stats, serial, type Throughput, thr, withTimeout } from './lib.ts';
import { benchMembers, generateMembers, type MembersResult, membersReport } from './members.ts';
import { benchVolunteers, generateVolunteers, type VolunteersResult, volunteersReport } from './volunteers.ts';
import { benchContacts, type ContactsResult, contactsReport, generateContacts } from './contacts.ts';
import { benchHotline, generateHotline, type HotlineResult, hotlineReport } from './hotline.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    suite: { type: 'string', default: 'all' },
    orgs: { type: 'string' },
    volunteers: { type: 'string' },
    'hour-entries': { type: 'string' },
    // contact work: contact logs at province scale (5,000,000; --quick 200,000)
    'contact-logs': { type: 'string' },
    // 12355: cases at province scale (1,000,000; --quick 50,000)
    'hotline-cases': { type: 'string' },
    'scan-concurrency': { type: 'string', default: '32' },
    people: { type: 'string' },
    quick: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    concurrency: { type: 'string', default: '8' },
    'encrypt-all': { type: 'boolean', default: false },
    // Build the data (kept in tuanwu_bench on the server) and stop: for EXPLAIN work by hand.
    'build-only': { type: 'boolean', default: false },
  },
});
const quick = args.quick ?? false;
const allSuites = ['orgs', 'members', 'volunteers', 'contacts', 'hotline'] as const;
type Suite = (typeof allSuites)[number];
const suiteArg = (args.suite ?? 'all').split(',').map((x) => x.trim());
const suites = new Set<Suite>(suiteArg.includes('all') ? allSuites : allSuites.filter((x) => suiteArg.includes(x)));
const orgTarget = Number(args.orgs ?? (quick ? 5_000 : 100_000));
// 1 in 20 people is an applicant, not a member: 1.1M people give ≥ 1M members.
const peopleTarget = Number(args.people ?? (quick ? 50_000 : suites.has('members') ? 1_100_000 : 1_000_000));
const volunteerTarget = Math.min(peopleTarget, Number(args.volunteers ?? (quick ? 40_000 : 1_000_000)));
const entryTarget = Number(args['hour-entries'] ?? (quick ? 400_000 : 10_000_000));
const contactLogTarget = Number(args['contact-logs'] ?? (quick ? 200_000 : 5_000_000));
const hotlineCaseTarget = Number(args['hotline-cases'] ?? (quick ? 50_000 : 1_000_000));
const concurrency = Number(args.concurrency);
const scanConcurrency = Number(args['scan-concurrency']);
const dbs = args.db === 'both' ? (['embedded', 'server'] as const) : args.db === 'embedded' || args.db === 'server' ? ([args.db] as const) : null;
if (
  !dbs ||
  suites.size === 0 ||
  suiteArg.some((x) => x !== 'all' && !allSuites.includes(x as Suite)) ||
  ![orgTarget, peopleTarget, volunteerTarget, entryTarget, contactLogTarget, hotlineCaseTarget, concurrency, scanConcurrency].every(Number.isFinite)
) {
  console.error(
    'usage: npm run bench -- [--db embedded|server|both] [--suite orgs|members|volunteers|contacts|hotline|all] [--orgs N] [--people N] [--volunteers N] [--hour-entries N] [--contact-logs N] [--hotline-cases N] [--quick] [--url postgres://…] [--concurrency 8] [--scan-concurrency 32] [--encrypt-all]',
  );
  process.exit(2);
}
const benchDbName = 'tuanwu_bench';
const dataKey = Buffer.alloc(32, 42);
const pii = createPii(dataKey);
const outDir = path.join(import.meta.dirname, 'out');

// ---------- databases ----------

async function freshServerDb(url: string): Promise<Database> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${benchDbName} with (force)`);
  await admin.query(`create database ${benchDbName}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${benchDbName}`;
  return connect(u.toString());
}

async function freshEmbeddedDb(): Promise<{ d: Database; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tuanwu-bench-'));
  const d = await openDatabase({ databaseUrl: null, dataDir: dir });
  return { d, dir };
}

// ---------- one database ----------

const rawChildrenSql = `select id, parent_id, path::text, depth, root_id, name, short_name, kind, category, division_code, established_on,
  graduation_on, status, status_on, status_reason, merged_into_id, sort_key, created_at, updated_at,
  (select count(*)::int from org c where c.parent_id = org.id and c.status = 'active') as child_count
  from org where parent_id = $1 order by sort_key, id limit $2`;

type OrgsResult = {
  subtree: Record<string, Stats & { rows: number; plan: string }>;
  childrenSerial: Stats & { parents: number };
  childrenConcurrent: { rawSql: Throughput; drizzle: Throughput; http: Throughput };
  login: {
    concurrentLogins: Throughput;
    http: Throughput;
    argon2Verify: Throughput;
    accountLookupSql: Throughput;
    rateLimitProbe: { sent: number; ok: number; tooMany: number; errors: number; errorSamples: string[] };
  };
};

type DbResult = {
  database: 'embedded' | 'server';
  version: string;
  generate: GenerateResult;
  sizes: { orgBytes: number; personBytes: number; databaseBytes: number | null };
  orgs?: OrgsResult;
  members?: MembersResult;
  volunteers?: VolunteersResult;
  contacts?: ContactsResult;
  hotline?: HotlineResult;
  loadAvg: { before: number[]; after: number[] };
};

async function benchOne(kind: 'embedded' | 'server'): Promise<DbResult> {
  const tOpen = performance.now();
  const loadBefore = os.loadavg();
  let dir: string | null = null;
  let d: Database;
  if (kind === 'server') d = await freshServerDb(args.url ?? '');
  else ({ d, dir } = await freshEmbeddedDb());
  try {
    await migrateDb(d.db);
    console.log(
      `\n## ${kind}: database ready and migrated in ${((performance.now() - tOpen) / 1000).toFixed(1)} s; generating ${orgTarget} orgs, ${peopleTarget} people …`,
    );
    const last = new Map<string, number>();
    const progress: Progress = (done, total, stage) => {
      const now = performance.now();
      if (done === total || now - (last.get(stage) ?? 0) > 5000) {
        last.set(stage, now);
        console.log(`  ${stage}: ${done}/${total}`);
      }
    };
    const gen = await generateProvince(d, { pii, orgs: orgTarget, people: peopleTarget, encryptAll: args['encrypt-all'], progress });
    const t = gen.timings;
    console.log(
      `  built in ${(t.totalMs / 1000).toFixed(1)} s (orgs ${t.orgsMs} ms, people ${t.peopleMs} ms, indexes ${t.indexesMs} ms, analyze ${t.analyzeMs} ms, accounts ${t.accountsMs} ms)`,
    );
    const version = (await d.pool.query<{ v: string }>('select version() as v')).rows[0]?.v ?? '?';
    const sizeRow = (
      await d.pool.query<{ o: number; p: number; db: number | null }>(
        `select pg_total_relation_size('org')::int8 as o, pg_total_relation_size('person')::int8 as p, pg_database_size(current_database())::int8 as db`,
      )
    ).rows[0];
    const sizes = { orgBytes: sizeRow?.o ?? 0, personBytes: sizeRow?.p ?? 0, databaseBytes: sizeRow?.db ?? null };

    const membersGen = suites.has('members') ? await generateMembers(d, chinaToday(), progress) : undefined;
    if (membersGen) console.log(`  members built in ${(membersGen.timings.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(membersGen)}`);
    const volunteersGen = suites.has('volunteers') ? await generateVolunteers(d, { volunteers: volunteerTarget, entries: entryTarget }, progress) : undefined;
    if (volunteersGen) console.log(`  volunteers built in ${(volunteersGen.timings.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(volunteersGen)}`);
    const contactsGen = suites.has('contacts') ? await generateContacts(d, { logs: contactLogTarget }, progress) : undefined;
    if (contactsGen) console.log(`  contact work built in ${(contactsGen.timings.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(contactsGen)}`);
    const hotlineGen = suites.has('hotline') ? await generateHotline(d, { cases: hotlineCaseTarget }, progress) : undefined;
    if (hotlineGen) console.log(`  12355 built in ${(hotlineGen.timings.totalMs / 1000).toFixed(1)} s: ${JSON.stringify(hotlineGen)}`);
    if (args['build-only']) {
      console.log(kind === 'server' ? `  built; kept in database ${benchDbName}` : `  built; kept in ${dir}`);
      dir = null;
      process.exit(0);
    }

    // The API, listening on loopback.
    // As deployed behind a reverse proxy (TUANWU_TRUST_PROXY=1): client addresses come from
    // X-Forwarded-For, so the per-IP login limit applies per simulated client.
    const config = {
      ...loadConfig({ TUANWU_DATA_KEY: dataKey.toString('base64'), TUANWU_DATA_DIR: path.join(os.tmpdir(), 'tuanwu-bench-unused') }, { generateKey: false }),
      trustProxy: true,
    };
    const app = await buildApp({ config, database: d, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(concurrency, scanConcurrency * 2) });
    const api = makeApi(port, agent);
    let orgs: OrgsResult | undefined;
    let members: MembersResult | undefined;
    let volunteers: VolunteersResult | undefined;
    let contacts: ContactsResult | undefined;
    let hotline: HotlineResult | undefined;
    let noJit: Database | null = null;
    try {
      if (suites.has('orgs')) orgs = await benchOrgs(kind, d, gen, port, agent);
      const adminAccount = gen.accounts[0];
      if (!adminAccount) throw new Error('no bench account');
      const admin = await api.login(adminAccount.username, adminAccount.password);
      const accountId = (await d.pool.query<{ id: string }>('select id from account where username = $1', [adminAccount.username])).rows[0]?.id ?? '';
      const actor = {
        accountId,
        username: adminAccount.username,
        sessionId: '',
        grants: await loadGrants(d.db, accountId),
        requestId: 'bench',
        ip: '127.0.0.1',
      };
      // On the server, some figures are also taken with JIT compilation off, on a pool of its own.
      if (kind === 'server') {
        const u = new URL(d.url);
        u.searchParams.set('options', '-c jit=off');
        noJit = connect(u.toString(), { max: 2 });
      }
      const ctx = { d, gen, api, admin, actor, quick, concurrency, scanConcurrency, noJit };
      const log = (x: string) => console.log(x);
      if (membersGen) members = await benchMembers(ctx, membersGen, log);
      if (volunteersGen) volunteers = await benchVolunteers(ctx, volunteersGen, dataKey, log);
      if (contactsGen) contacts = await benchContacts(ctx, contactsGen, log);
      if (hotlineGen) hotline = await benchHotline(ctx, hotlineGen, log);
    } finally {
      await noJit?.close();
      agent.destroy();
      await withTimeout(app.close(), 15_000, 'closing the app').catch((e: unknown) => console.log(`  ${e instanceof Error ? e.message : e}`));
    }
    return {
      database: kind,
      version,
      generate: gen,
      sizes,
      orgs,
      members,
      volunteers,
      contacts,
      hotline,
      loadAvg: { before: loadBefore, after: os.loadavg() },
    };
  } finally {
    await withTimeout(d.close(), 15_000, 'closing the database').catch((e: unknown) => {
      // A stuck embedded child: end the processes this run started, by id.
      console.log(`  ${e instanceof Error ? e.message : e}; stopping child processes of ${process.pid}`);
      for (const pid of execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean))
        process.kill(Number(pid), 'SIGKILL');
    });
    if (kind === 'server') {
      // Keep the server database for inspection; it is dropped at the next run.
    } else if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The org figures: subtree counts, children lists (function, SQL, HTTP) and logins. */
async function benchOrgs(kind: 'embedded' | 'server', d: Database, gen: GenerateResult, port: number, agent: http.Agent): Promise<OrgsResult> {
  // Subtree counts: orgs (the index-backed path filter) and people in the subtree (a join).
  const subtreeRuns = quick ? 100 : 300;
  const subtree: OrgsResult['subtree'] = {};
  const a = gen.anchors;
  for (const [label, p] of [
    ['city', a.city.path],
    ['county', a.county.path],
  ] as const) {
    const q = 'select count(*) as n from org where path <@ $1::ltree';
    const rows = (await d.pool.query<{ n: number }>(q, [p])).rows[0]?.n ?? 0;
    const plan = (await d.pool.query<{ 'QUERY PLAN': string }>(`explain ${q.replace('$1', `'${p}'`)}`)).rows.map((r) => r['QUERY PLAN'].trim()).join(' | ');
    subtree[`orgs in ${label}`] = { ...(await serial(subtreeRuns, () => d.pool.query(q, [p]))), rows, plan };
    const qp = 'select count(*) as n from person p join org o on o.id = p.org_id where o.path <@ $1::ltree';
    const prow = (await d.pool.query<{ n: number }>(qp, [p])).rows[0]?.n ?? 0;
    const pplan = (await d.pool.query<{ 'QUERY PLAN': string }>(`explain ${qp.replace('$1', `'${p}'`)}`)).rows.map((r) => r['QUERY PLAN'].trim()).join(' | ');
    subtree[`people in ${label}`] = { ...(await serial(quick ? 10 : 20, () => d.pool.query(qp, [p]), 2)), rows: prow, plan: pplan };
    console.log(`  subtree ${label}: ${rows} orgs, ${prow} people`);
  }

  // Children lists through the API's query function, over random parents.
  const parents = (
    await d.pool.query<{ id: number }>(`select parent_id as id from org where parent_id is not null group by parent_id order by random() limit 2000`)
  ).rows.map((r) => r.id);
  const parent = (i: number) => parents[i % parents.length] ?? a.root.id;
  const childrenSerial = { ...(await serial(quick ? 500 : 2000, (i) => listChildren(d.db, parent(i), { after: null, limit: 51 }))), parents: parents.length };
  console.log(`  children (listChildren, serial): p50 ${childrenSerial.p50} ms, p99 ${childrenSerial.p99} ms`);

  const count = quick ? 2_000 : 10_000;
  const maxMs = quick ? 10_000 : 20_000;
  // Each answer is checked: every row must be a child of the parent asked for, and non-empty.
  const check = (p: number, rows: { parentId?: number | null; parent_id?: number | null }[]) =>
    (rows.length > 0 && rows.every((r) => (r.parentId ?? r.parent_id) === p)) ||
    `wrong answer for parent ${p}: ${rows.length} rows, parents ${[...new Set(rows.map((r) => r.parentId ?? r.parent_id))].slice(0, 5).join(',')}`;
  const rawSql = await concurrent(count, concurrency, maxMs, async (i) => check(parent(i), (await d.pool.query(rawChildrenSql, [parent(i), 51])).rows));
  const drizzle = await concurrent(count, concurrency, maxMs, async (i) => check(parent(i), await listChildren(d.db, parent(i), { after: null, limit: 51 })));

  let httpRes: Throughput;
  let login: OrgsResult['login'];
  {
    const admin = gen.accounts[0];
    if (!admin) throw new Error('no bench account');
    const loginBody = JSON.stringify({ username: admin.username, password: admin.password });
    const json = { 'content-type': 'application/json' };
    // The login route allows 20 requests a minute per client IP: each benchmark login comes
    // from its own address (X-Forwarded-For, trusted as above), as from many users.
    let ipSeq = 0;
    const nextIp = () => {
      ipSeq++;
      return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
    };
    const first = await request(agent, port, 'POST', '/api/v1/auth/login', { ...json, 'x-forwarded-for': nextIp() }, loginBody);
    if (first.status !== 200) throw new Error(`bench login failed: ${first.status} ${first.body}`);
    const cookie = [first.headers['set-cookie'] ?? []]
      .flat()
      .map((c) => c.split(';')[0])
      .join('; ');

    httpRes = await concurrent(count, concurrency, maxMs, async (i) => {
      const r = await request(agent, port, 'GET', `/api/v1/orgs/${parent(i)}/children?limit=50`, { cookie, 'x-forwarded-for': '10.255.0.1' });
      return r.status === 200 ? check(parent(i), (JSON.parse(r.body) as { items: { parentId: number }[] }).items) : `${r.status} ${r.body.slice(0, 150)}`;
    });
    console.log(`  children: raw SQL ${rawSql.rps} req/s, drizzle ${drizzle.rps} req/s, HTTP ${httpRes.rps} req/s (concurrency ${concurrency})`);

    const loginCount = quick ? 24 : 80;
    // Embedded: one at a time — concurrent logins break on pglite-socket (the last figure below).
    const loginConc = kind === 'embedded' ? 1 : 4;
    const loginHttp = await concurrent(
      loginCount,
      loginConc,
      60_000,
      async () => {
        const r = await request(agent, port, 'POST', '/api/v1/auth/login', { ...json, 'x-forwarded-for': nextIp() }, loginBody);
        return r.status === 200 || `${r.status} ${r.body.slice(0, 150)}`;
      },
      loginConc,
    );
    const stored =
      (await d.pool.query<{ h: string }>('select password_hash as h from account where username = $1', [admin.username])).rows[0]?.h ?? (await argonHash('x'));
    const argon2Verify = await concurrent(loginCount, loginConc, 60_000, async () => argonVerify(stored, admin.password), loginConc);
    const accountLookupSql = await concurrent(count, concurrency, maxMs, async () => {
      const r = await d.pool.query('select * from account where lower(username) = lower($1)', [admin.username]);
      return r.rowCount === 1;
    });
    // The limit itself: 22 logins from one address, one at a time.
    const probeIp = nextIp();
    const probe: number[] = [];
    const probeRun = await concurrent(
      22,
      1,
      60_000,
      async () => {
        const r = await request(agent, port, 'POST', '/api/v1/auth/login', { ...json, 'x-forwarded-for': probeIp }, loginBody);
        probe.push(r.status);
        return r.status === 200 || r.status === 429 || `${r.status} ${r.body.slice(0, 150)}`;
      },
      0,
    );
    // Last, as it can leave the embedded database stuck: 24 logins, 4 in flight, 10 s timeout each.
    const concurrentLogins = await concurrent(
      24,
      4,
      60_000,
      async () => {
        const r = await request(agent, port, 'POST', '/api/v1/auth/login', { ...json, 'x-forwarded-for': nextIp() }, loginBody);
        return r.status === 200 || `${r.status} ${r.body.slice(0, 150)}`;
      },
      0,
    );
    login = {
      concurrentLogins,
      http: loginHttp,
      argon2Verify,
      accountLookupSql,
      rateLimitProbe: {
        sent: probe.length,
        ok: probe.filter((s) => s === 200).length,
        tooMany: probe.filter((s) => s === 429).length,
        errors: probeRun.errors,
        errorSamples: probeRun.errorSamples,
      },
    };
    console.log(
      `  login: HTTP ${loginHttp.rps} req/s (p50 ${loginHttp.p50} ms), argon2 verify alone ${argon2Verify.rps}/s; one IP: ${login.rateLimitProbe.ok} ok, ${login.rateLimitProbe.tooMany} × 429`,
    );
  }
  return { subtree, childrenSerial, childrenConcurrent: { rawSql, drizzle, http: httpRes }, login };
}

// ---------- report ----------

function machine() {
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.+)/) ?? [])[1] ?? os.cpus()[0]?.model ?? '?';
  const pkg = (p: string) =>
    (JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    cpus: os.availableParallelism(),
    cpu,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    pglite: pkg('@electric-sql/pglite'),
    pgliteSocket: pkg('@electric-sql/pglite-socket'),
    pg: pkg('pg'),
    fastify: pkg('fastify'),
  };
}

const rate = (rows: number, msec: number) => `${(msec / 1000).toFixed(1)} s (${f0(rows / (msec / 1000))} rows/s)`;

function report(results: DbResult[], m: ReturnType<typeof machine>, command: string, totalSeconds: number): string {
  const cols = results.map((r) => r.database);
  const row = (label: string, f: (r: DbResult) => string) => `| ${label} | ${results.map(f).join(' | ')} |`;
  const g = (r: DbResult) => r.generate;
  type R = DbResult & { orgs: OrgsResult };
  const withOrgs = results.filter((r): r is R => !!r.orgs);
  const orow = (label: string, f: (r: R) => string) => `| ${label} | ${withOrgs.map(f).join(' | ')} |`;
  const orgRows = withOrgs.length
    ? [
        ...Object.keys(results[0]?.orgs?.subtree ?? {}).map((k) =>
          orow(`subtree count: ${k} p50 / p99`, (r: R) => {
            const s = r.orgs.subtree[k];
            return s ? `${lat(s)} (${f0(s.rows)} rows, n=${s.n})` : '';
          }),
        ),
        orow(
          'children list (listChildren, serial) p50 / p99',
          (r: R) => `${lat(r.orgs.childrenSerial)} (n=${r.orgs.childrenSerial.n}, ${r.orgs.childrenSerial.parents} parents)`,
        ),
        orow(`children: raw SQL via pg, ${concurrency} in flight`, (r: R) => thr(r.orgs.childrenConcurrent.rawSql)),
        orow(`children: listChildren (Drizzle), ${concurrency} in flight`, (r: R) => thr(r.orgs.childrenConcurrent.drizzle)),
        orow(`children: GET /api/v1/orgs/:id/children, ${concurrency} in flight`, (r: R) => thr(r.orgs.childrenConcurrent.http)),
        orow('login: POST /api/v1/auth/login (in flight: embedded 1, server 4)', (r: R) => `${thr(r.orgs.login.http)} n=${r.orgs.login.http.n}`),
        orow('login: argon2id verify alone, same in flight', (r: R) => thr(r.orgs.login.argon2Verify)),
        orow(`login: account lookup SQL via pg, ${concurrency} in flight`, (r: R) => thr(r.orgs.login.accountLookupSql)),
        orow('login rate limit: 22 logins from one IP', (r: R) => `${r.orgs.login.rateLimitProbe.ok} × 200, ${r.orgs.login.rateLimitProbe.tooMany} × 429`),
        orow(
          'login correctness: 24 logins, 4 in flight',
          (r: R) => `${r.orgs.login.concurrentLogins.n - r.orgs.login.concurrentLogins.errors} ok, ${r.orgs.login.concurrentLogins.errors} failed`,
        ),
      ]
    : [];
  const orgTail = withOrgs.length
    ? [
        'Errors seen (samples):',
        ...withOrgs.flatMap((r) =>
          [
            ['children raw SQL', r.orgs.childrenConcurrent.rawSql],
            ['children Drizzle', r.orgs.childrenConcurrent.drizzle],
            ['children HTTP', r.orgs.childrenConcurrent.http],
            ['login HTTP', r.orgs.login.http],
            ['login one-IP probe', r.orgs.login.rateLimitProbe],
            ['24 logins, 4 in flight', r.orgs.login.concurrentLogins],
          ].flatMap(([label, t]) => {
            const x = t as { errors: number; errorSamples: string[] };
            return x.errors ? [`- ${r.database}, ${label}: ${x.errors} × ${x.errorSamples.map((e) => `\`${e}\``).join('; ')}`] : [];
          }),
        ),
        '',
        'Query plans (EXPLAIN):',
        ...withOrgs.flatMap((r) => Object.entries(r.orgs.subtree).map(([k, s]) => `- ${r.database}, ${k}: \`${s.plan}\``)),
      ]
    : [];
  const lines = [
    `Command: \`${command}\` — total ${totalSeconds.toFixed(0)} s, finished ${new Date().toISOString()}`,
    '',
    `Machine: ${m.cpus} CPUs (${m.cpu}), ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node}; PGlite ${m.pglite} (pglite-socket ${m.pgliteSocket}); pg ${m.pg}; Fastify ${m.fastify}`,
    ...results.map((r) => `- ${r.database}: ${r.version}`),
    '',
    `| | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    row('orgs / people / max depth', (r) => `${f0(g(r).orgs)} / ${f0(g(r).people)} / ${g(r).maxDepth}`),
    row('load method', (r) => (g(r).method === 'copy' ? 'COPY FROM STDIN (pg-copy-streams)' : 'unnest() INSERT, 20k rows each')),
    row('build: orgs', (r) => rate(g(r).orgs, g(r).timings.orgsMs)),
    row('build: people (incl. PII work)', (r) => rate(g(r).people, g(r).timings.peopleMs)),
    row('build: secondary indexes (org + person)', (r) => `${(g(r).timings.indexesMs / 1000).toFixed(1)} s`),
    row('build: analyze', (r) => `${(g(r).timings.analyzeMs / 1000).toFixed(1)} s`),
    row('build: total (incl. 3 accounts)', (r) => `${(g(r).timings.totalMs / 1000).toFixed(1)} s`),
    row('size: org / person (with indexes)', (r) => `${f0(r.sizes.orgBytes / 2 ** 20)} MiB / ${f0(r.sizes.personBytes / 2 ** 20)} MiB`),
    ...orgRows,
    row(
      'PII per row: sensitiveColumns / hashes only',
      (r) =>
        `${f1(g(r).pii.sensitiveColumnsUsPerRow)} µs / ${f1(g(r).pii.hashOnlyUsPerRow)} µs (${g(r).pii.encryptAll ? 'every row encrypted' : `ciphertexts: pool of ${f0(g(r).pii.cipherPool)}`})`,
    ),
    row(
      'load average (1/5/15 min) before / after',
      (r) => `${r.loadAvg.before.map((x) => x.toFixed(1)).join(' ')} / ${r.loadAvg.after.map((x) => x.toFixed(1)).join(' ')}`,
    ),
    '',
    ...orgTail,
    ...membersReport(results),
    '',
    ...volunteersReport(results),
    ...contactsReport(results),
    ...hotlineReport(results),
  ];
  return lines.join('\n');
}

const tAll = performance.now();
const results: DbResult[] = [];
for (const kind of dbs) results.push(await benchOne(kind));
const totalSeconds = (performance.now() - tAll) / 1000;
const m = machine();
const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
const md = report(results, m, command, totalSeconds);
mkdirSync(outDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const name = `${quick ? 'quick' : 'full'}-${[...suites].join('+')}-${dbs.join('-')}-${stamp}`;
writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify({ command, machine: m, totalSeconds, results }, null, 2)}\n`);
writeFileSync(path.join(outDir, `${name}.md`), `${md}\n`);
console.log(`\n${md}\n\nWritten: bench/out/${name}.json and .md`);
