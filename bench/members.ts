// Issue 3 figures: league members on the generated province. Generation runs inside the
// database (INSERT … SELECT over the people already there), the same on both databases; the
// figures go through the API's own query functions, the raw SQL they emit, and the HTTP API.
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import type { Database } from '../server/src/db/client.ts';
import { arrearsByBranch, rebuildPaidMonths } from '../server/src/modules/member-life/index.ts';
import { arrearsList } from '../server/src/modules/member-life/index.ts';
import { listApplications } from '../server/src/modules/members/index.ts';
import { listMembers } from '../server/src/modules/members/index.ts';
import { subtrees } from '../server/src/platform/access/scope.ts';
import { chinaToday } from '../server/src/platform/dates.ts';
import { makeIdNumber } from '../server/src/modules/people/index.ts';
import type { Actor } from '../server/src/platform/access/scope.ts';
import type { GenerateResult, Progress } from './generate.ts';
import {
  type Api,
  type ApiSession,
  capturingDb,
  concurrent,
  dropIndexes,
  rebuildIndexes,
  explain,
  f0,
  f1,
  lat,
  ms,
  request,
  secs,
  serial,
  sqlUuid7,
  type Stats,
  type Throughput,
  thr,
} from './lib.ts';

export type MembersGen = {
  members: number;
  active: number;
  applications: number;
  openApplications: number;
  duesEntries: number;
  timings: { membersMs: number; applicationsMs: number; duesMs: number; indexesMs: number; analyzeMs: number; totalMs: number };
};

const tables = ['member', 'member_application', 'dues_entry', 'dues_paid_year'];

/**
 * Members from the people on file: 1 in 20 people are applicants still in development (open
 * stages), the others members of a branch (people kept at a committee go to a branch below it).
 * About 3 % have left. Admitted at 14–17 (+ up to 300 days), development numbers since 2017, an
 * 'inducted' application for each of those. Dues this year: 30 % paid nothing, 25 % paid the
 * whole year at once, 25 % paid January–September in two entries, 20 % month by month up to a
 * random month; half also paid last year; 1 % of the monthly entries reversed. The paid-months
 * rollup (dues_paid_year) is rebuilt from that ledger.
 */
export async function generateMembers(d: Database, asOf: string, progress: Progress): Promise<MembersGen> {
  const tStart = performance.now();
  const q = (text: string, params: unknown[] = []) => d.pool.query(text, params);
  const defs: string[] = [];
  for (const t of tables) defs.push(...(await dropIndexes(d, t, true)));

  let t0 = performance.now();
  progress(0, 1, 'members');
  await q('drop table if exists bench_branch_of');
  // Where people kept at a committee belong: the first branch below it.
  await q(`create table bench_branch_of as
    select o.id as org_id,
      coalesce(case when o.kind in ('branch', 'temp_branch') then o.id end,
        -- id + 0: keeps the planner off a primary-key walk in id order (slow for deep orgs)
        (select min(b.id + 0) from org b where b.path <@ o.path and b.kind = 'branch'), o.id) as branch_id
    from org o`);
  await q('alter table bench_branch_of add primary key (org_id)');
  const h = (salt: string, mod: number) => `(abs(hashtext(p.id::text || '${salt}')) % ${mod})`;
  const admitted = `least(p.birth_date + make_interval(years => 14 + ${h('a', 4)}) + ${h('b', 300)} * interval '1 day', $1::date - 1)::date`;
  await q(
    `insert into member (id, person_id, org_id, development_number, admitted_on, status, left_on, left_reason, league_post, dues_category, monthly_income_fen)
    select id, person_id, org_id,
      case when admitted_on >= date '2017-01-01' then extract(year from admitted_on)::int::text || lpad(k::text, 8, '0') end,
      admitted_on,
      case when gone then 'left' else 'active' end,
      case when gone then least(admitted_on + 1500, $1::date - 1) end,
      case when gone then (array['age', 'voluntary', 'lapse', 'party'])[1 + ${h('r', 4)}] end,
      case when ${h('p', 100)} < 3 then '团支部书记' end,
      cat, case when cat = 'salaried' then 150000 + ${h('i', 20)} * 50000 end
    from (
      select ${sqlUuid7(`1735689600000 + ${h('t', 31536000)}::int8 * 1000`, `p.id::text || 'm'`)} as id, p.id as person_id, b.branch_id as org_id,
        ${admitted} as admitted_on, ${h('g', 100)} < 3 as gone,
        row_number() over (order by p.id) as k,
        case
          when o.category like 'school%' then 'student'
          when o.category = 'village' then (array['farmer', 'farmer', 'farmer', 'other'])[1 + ${h('c', 4)}]
          when o.category in ('enterprise_state', 'enterprise_private', 'government') then 'salaried'
          else (array['salaried', 'salaried', 'unemployed', 'low_income', 'other'])[1 + ${h('c', 5)}]
        end as cat
      from person p join bench_branch_of b on b.org_id = p.org_id join org o on o.id = b.branch_id
      where ${h('x', 20)} <> 0
    ) p`,
    [asOf],
  );
  progress(1, 1, 'members');
  const membersMs = ms(t0);

  t0 = performance.now();
  progress(0, 1, 'applications');
  await q(`insert into member_application (id, person_id, org_id, stage, applied_on, activist_on, candidate_on, reviewed_on, vote_on, approved_on, ceremony_on, lesson_hours, member_id)
    select ${sqlUuid7(`extract(epoch from m.admitted_on - 200)::int8 * 1000`, `m.id::text || 'a'`)}, m.person_id, m.org_id, 'inducted',
      m.admitted_on - 200, m.admitted_on - 150, m.admitted_on - 60, m.admitted_on - 20, m.admitted_on - 5, m.admitted_on, m.admitted_on + 30, 8, m.id
    from member m where m.development_number is not null`);
  const stages = `(array['applied', 'applied', 'applied', 'applied', 'activist', 'activist', 'activist', 'candidate', 'candidate', 'reviewed', 'voted'])`;
  await q(
    `insert into member_application (id, person_id, org_id, stage, applied_on, activist_on, candidate_on, lesson_hours)
    select ${sqlUuid7(`1735689600000 + ${h('t', 31536000)}::int8 * 1000`, `p.id::text || 'o'`)}, p.id, b.branch_id, s.stage,
      $1::date - 300 + ${h('d', 60)}, case when s.stage <> 'applied' then $1::date - 200 end,
      case when s.stage in ('candidate', 'reviewed', 'voted') then $1::date - 100 end, ${h('l', 9)}
    from person p join bench_branch_of b on b.org_id = p.org_id
      cross join lateral (select ${stages}[1 + ${h('s', 11)}] as stage) s
    where ${h('x', 20)} = 0`,
    [asOf],
  );
  progress(1, 1, 'applications');
  const applicationsMs = ms(t0);

  t0 = performance.now();
  progress(0, 1, 'dues');
  const year = Number(asOf.slice(0, 4));
  const mh = (salt: string, mod: number) => `(abs(hashtext(m.id::text || '${salt}')) % ${mod})`;
  // Entries as (first month offset in the year, months, year); one row per entry.
  await q(
    `insert into dues_entry (member_id, org_id, from_month, to_month, amount_fen, paid_on, method)
    select m.id, m.org_id, make_date(e.y, e.m0, 1), (make_date(e.y, e.m0, 1) + make_interval(months => e.n - 1))::date,
      std * e.n, least(make_date(e.y, e.m0, 1) + 5, $1::date), (array['cash', 'wechat', 'alipay', 'bank'])[1 + ${mh('w', 4)}]
    from (
      select m.*, case
          when m.dues_category in ('student', 'unemployed', 'low_income', 'other') then 20
          when m.dues_category = 'farmer' then 50
          when m.monthly_income_fen < 200000 then 300
          else least(floor(m.monthly_income_fen / 50000) * 100, 2000)::int end as std,
        ${mh('b', 100)} as b, 1 + ${mh('k', 11)} as k
      from member m where m.status = 'active'
    ) m
    cross join lateral (
      select ${year} as y, 1 as m0, 12 as n where m.b between 30 and 54
      union all select ${year}, 1, 6 where m.b between 55 and 79
      union all select ${year}, 7, 3 where m.b between 55 and 79
      union all select ${year}, g, 1 from generate_series(1, least(m.k, ${Number(asOf.slice(5, 7))})) g where m.b >= 80
      union all select ${year - 1}, 1, 12 where ${mh('y', 2)} = 0
    ) e`,
    [asOf],
  );
  // Corrections: 1 % of this year's monthly entries reversed (those months fall back into arrears).
  await q(
    `insert into dues_entry (member_id, org_id, from_month, to_month, amount_fen, paid_on, method, reverses_id, reason)
    select member_id, org_id, from_month, to_month, -amount_fen, least(paid_on + 30, $1::date), method, id, '录入错误'
    from dues_entry where id % 100 = 7 and from_month = to_month and from_month >= $2::date`,
    [asOf, `${year}-01-01`],
  );
  // The paid-months rollup the arrears read, derived from the ledger as the app keeps it.
  await rebuildPaidMonths(d.db);
  progress(1, 1, 'dues');
  const duesMs = ms(t0);

  t0 = performance.now();
  await rebuildIndexes(d, defs, progress, 'member indexes');
  const indexesMs = ms(t0);
  t0 = performance.now();
  for (const t of tables) await q(`analyze ${t}`);
  await q('drop table bench_branch_of');
  const analyzeMs = ms(t0);

  const c = (
    await d.pool.query<{ m: number; a: number; apps: number; open: number; dues: number }>(
      `select (select count(*) from member)::int as m, (select count(*) from member where status = 'active')::int as a,
        (select count(*) from member_application)::int as apps,
        (select count(*) from member_application where stage in ('applied', 'activist', 'candidate', 'reviewed', 'voted'))::int as open,
        (select count(*) from dues_entry)::int as dues`,
    )
  ).rows[0];
  return {
    members: c?.m ?? 0,
    active: c?.a ?? 0,
    applications: c?.apps ?? 0,
    openApplications: c?.open ?? 0,
    duesEntries: c?.dues ?? 0,
    timings: { membersMs, applicationsMs, duesMs, indexesMs, analyzeMs, totalMs: ms(tStart) },
  };
}

export type ListFigure = {
  label: string;
  url: string;
  rows: number;
  /** the query function the route calls, one at a time */
  fn: Stats;
  /** the query function on the server with jit = off */
  noJit: Stats | null;
  rawSql: Throughput;
  http: Throughput;
  plan: string;
};

export type MembersResult = {
  generate: MembersGen;
  sizes: { memberBytes: number; applicationBytes: number; duesBytes: number };
  lists: ListFigure[];
  arrearsByBranch: { fn: Stats; noJit: Stats | null; http: Stats; branches: number; members: number; inArrears: number; arrearsMonths: number; plan: string };
  import: {
    rows: number;
    fileBytes: number;
    buildMs: number;
    ms: number;
    rowsPerSecond: number;
    status: number;
    answer: string;
    landed: { members: number; people: number; inBranches: number };
  };
};

export type SuiteContext = {
  d: Database;
  gen: GenerateResult;
  api: Api;
  /** the province admin, signed in */
  admin: ApiSession;
  actor: Actor;
  quick: boolean;
  concurrency: number;
  /** in flight during the check-in burst */
  scanConcurrency: number;
  /** the server with JIT compilation off, for comparison (null on the embedded database) */
  noJit: Database | null;
};

export async function benchMembers(ctx: SuiteContext, memberGen: MembersGen, log: (s: string) => void): Promise<MembersResult> {
  const { d, gen, api, admin, actor, quick, concurrency } = ctx;
  const today = chinaToday();
  const cap = capturingDb(d);
  const a = gen.anchors;
  const sizeRow = (
    await d.pool.query<{ m: number; a: number; e: number }>(
      `select pg_total_relation_size('member')::int8 as m, pg_total_relation_size('member_application')::int8 as a, pg_total_relation_size('dues_entry')::int8 as e`,
    )
  ).rows[0];
  // The branch with the most members in the sample county.
  const branch =
    (
      await d.pool.query<{ id: number }>(
        `select m.org_id as id from member m join org o on o.id = m.org_id where o.path <@ $1::ltree and m.status = 'active'
          group by m.org_id order by count(*) desc limit 1`,
        [a.county.path],
      )
    ).rows[0]?.id ?? a.county.id;

  type Case = { label: string; url: string; run: (db: typeof d.db) => Promise<unknown[]>; check: (n: number) => boolean };
  const lm = (f: Parameters<typeof listMembers>[2]) => (db: typeof d.db) => listMembers(db, actor, f, today);
  const page = { after: null, limit: 51 };
  const cases: Case[] = [
    {
      label: 'members: county subtree, active, age 18–22',
      url: `/api/v1/members?orgId=${a.county.id}&status=active&ageMin=18&ageMax=22&limit=50`,
      run: lm({ orgId: a.county.id, status: 'active', ageMin: 18, ageMax: 22, ...page }),
      check: (n) => n > 0,
    },
    {
      label: 'members: city subtree, active, age 25–27',
      url: `/api/v1/members?orgId=${a.city.id}&status=active&ageMin=25&ageMax=27&limit=50`,
      run: lm({ orgId: a.city.id, status: 'active', ageMin: 25, ageMax: 27, ...page }),
      check: (n) => n > 0,
    },
    {
      label: 'members: one branch, active',
      url: `/api/v1/members?orgId=${branch}&status=active&limit=50`,
      run: lm({ orgId: branch, status: 'active', ...page }),
      check: (n) => n > 0,
    },
    {
      label: 'members: whole province, left',
      url: '/api/v1/members?status=left&limit=50',
      run: lm({ status: 'left', ...page }),
      check: (n) => n > 0,
    },
    {
      label: 'arrears: county subtree (GET /dues/arrears)',
      url: `/api/v1/dues/arrears?orgId=${a.county.id}&limit=100`,
      run: (db) => arrearsList(db, subtrees([a.county.path]), today, { after: null, limit: 101 }),
      check: (n) => n > 0,
    },
    {
      label: 'applications: city subtree, stage candidate',
      url: `/api/v1/member-applications?orgId=${a.city.id}&stage=candidate&limit=50`,
      run: (db) => listApplications(db, actor, { orgId: a.city.id, stage: 'candidate', ...page }),
      check: (n) => n > 0,
    },
  ];

  const lists: ListFigure[] = [];
  const count = quick ? 400 : 3_000;
  const maxMs = quick ? 4_000 : 15_000;
  for (const c of cases) {
    cap.reset();
    const rows = (await c.run(cap.db)).length;
    const { sql, params } = cap.main();
    const plan = await explain(d, sql, params, true);
    const fn = await serial(quick ? 30 : 100, () => c.run(d.db), 3, maxMs);
    const nj = ctx.noJit;
    const noJit = nj ? await serial(quick ? 30 : 100, () => c.run(nj.db), 3, maxMs) : null;
    const rawSql = await concurrent(count, concurrency, maxMs, async () => {
      const r = await d.pool.query(sql, params);
      return c.check(r.rowCount ?? 0) || `no rows`;
    });
    const http = await concurrent(count, concurrency, maxMs, async () => {
      const r = await api.get(admin, c.url, 60_000);
      if (r.status !== 200) return `${r.status} ${r.body.slice(0, 150)}`;
      return c.check((JSON.parse(r.body) as { items: unknown[] }).items.length) || 'no items';
    });
    lists.push({ label: c.label, url: c.url, rows, fn, noJit, rawSql, http, plan });
    log(`  ${c.label}: ${rows} rows; fn p50 ${fn.p50} ms; raw SQL ${rawSql.rps} req/s; HTTP ${http.rps} req/s (p50 ${http.p50} ms)`);
  }

  // Arrears per branch for a whole city.
  cap.reset();
  const byBranch = await arrearsByBranch(cap.db, subtrees([a.city.path]), today);
  const bq = cap.main();
  const bPlan = await explain(d, bq.sql, bq.params, true);
  const bFn = await serial(quick ? 3 : 10, () => arrearsByBranch(d.db, subtrees([a.city.path]), today), 1, 120_000);
  const njb = ctx.noJit;
  const bNoJit = njb ? await serial(quick ? 3 : 10, () => arrearsByBranch(njb.db, subtrees([a.city.path]), today), 1, 120_000) : null;
  const bHttp = await serial(
    quick ? 3 : 10,
    async () => {
      const r = await api.get(admin, `/api/v1/dues/arrears/by-branch?orgId=${a.city.id}`, 300_000);
      if (r.status !== 200) throw new Error(`arrears by branch: ${r.status} ${r.body.slice(0, 200)}`);
    },
    1,
    120_000,
  );
  const sum = (k: 'members' | 'in_arrears' | 'arrears_months') => byBranch.reduce((s, r) => s + Number(r[k]), 0);
  log(`  arrears by branch (city): ${byBranch.length} branches; fn p50 ${bFn.p50} ms, HTTP p50 ${bHttp.p50} ms`);

  const imp = await importBench(ctx, quick ? 5_000 : 50_000, log);
  return {
    generate: memberGen,
    sizes: { memberBytes: sizeRow?.m ?? 0, applicationBytes: sizeRow?.a ?? 0, duesBytes: sizeRow?.e ?? 0 },
    lists,
    arrearsByBranch: {
      fn: bFn,
      noJit: bNoJit,
      http: bHttp,
      branches: byBranch.length,
      members: sum('members'),
      inArrears: sum('in_arrears'),
      arrearsMonths: sum('arrears_months'),
      plan: bPlan,
    },
    import: imp,
  };
}

const surnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘'];
const given = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鑫鹏宇浩然子轩欣怡思雨'];

/** The console's import: the template from the API, filled with `n` rows for the county's branches, posted as a file. */
async function importBench(ctx: SuiteContext, n: number, log: (s: string) => void): Promise<MembersResult['import']> {
  const { d, gen, api, admin } = ctx;
  const county = gen.anchors.county;
  const branches = (await d.pool.query<{ id: number }>(`select id from org where path <@ $1::ltree and kind = 'branch' order by id`, [county.path])).rows.map(
    (r) => r.id,
  );
  let t0 = performance.now();
  const tplBytes = await fetchBytes(api, admin, '/api/v1/members/import-template');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tplBytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('template has no sheet');
  ws.spliceRows(2, ws.actualRowCount); // the example row
  const numbers: string[] = [];
  const day0 = Date.UTC(2006, 0, 1);
  for (let i = 0; i < n; i++) {
    const birth = new Date(day0 + (i % 1826) * 86_400_000).toISOString().slice(0, 10);
    const gender = i % 2 ? 'M' : 'F';
    const idNumber = makeIdNumber('439901', birth, Math.floor(i / 1826) * 2 + (gender === 'M' ? 1 : 0), gender);
    const admitted = new Date(Date.parse(birth) + (15 * 365 + (i % 200)) * 86_400_000).toISOString().slice(0, 10);
    const devNo = `${admitted.slice(0, 4)}${String(90_000_000 + i)}`;
    numbers.push(devNo);
    ws.addRow([
      `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`,
      idNumber,
      `139${String(10_000_000 + i).padStart(8, '0')}`,
      admitted,
      devNo,
      String(branches[i % branches.length]),
      '',
    ]);
  }
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const buildMs = ms(t0);
  const before = (await d.pool.query<{ m: number; p: number }>('select (select count(*) from member)::int as m, (select count(*) from person)::int as p'))
    .rows[0];
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  log(`  import: ${n} rows, file ${f0(file.length / 1024)} KiB (built in ${secs(buildMs)}); posting …`);
  t0 = performance.now();
  const r = await request(
    api.agent,
    api.port,
    'POST',
    `/api/v1/members/import/${county.id}`,
    { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'x-forwarded-for': '10.255.0.1', 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    30 * 60_000,
  );
  // The upload answers 202 with an import run; the import is done when the run is.
  let answer = r.body;
  let status = r.status;
  if (r.status === 202) {
    const id = (JSON.parse(r.body) as { id: string }).id;
    for (;;) {
      const run = await fetch(`http://127.0.0.1:${api.port}/api/v1/imports/${id}`, { headers: { cookie: admin.cookie, 'x-forwarded-for': '10.255.0.1' } });
      const body = (await run.json()) as { status: string; result: unknown; error: { status: number } | null };
      if (body.status === 'done' || body.status === 'failed') {
        answer = JSON.stringify(body.status === 'done' ? body.result : body.error);
        status = body.status === 'done' ? 200 : (body.error?.status ?? 500);
        break;
      }
      await new Promise((res) => setTimeout(res, 200));
    }
  }
  const took = ms(t0);
  const after = (await d.pool.query<{ m: number; p: number }>('select (select count(*) from member)::int as m, (select count(*) from person)::int as p'))
    .rows[0];
  const inBranches = (
    await d.pool.query<{ n: number }>(
      `select count(*)::int as n from member m join org o on o.id = m.org_id
        where m.development_number = any($1::text[]) and m.status = 'active' and o.path <@ $2::ltree and o.kind = 'branch'`,
      [numbers, county.path],
    )
  ).rows[0]?.n;
  const landed = { members: (after?.m ?? 0) - (before?.m ?? 0), people: (after?.p ?? 0) - (before?.p ?? 0), inBranches: inBranches ?? 0 };
  log(`  import: ${status} in ${secs(took)} (${f0(n / (took / 1000))} rows/s); landed ${JSON.stringify(landed)}`);
  return {
    rows: n,
    fileBytes: file.length,
    buildMs,
    ms: took,
    rowsPerSecond: Math.round(n / (took / 1000)),
    status,
    answer: answer.slice(0, 300),
    landed,
  };
}

async function fetchBytes(api: Api, s: ApiSession, url: string): Promise<Buffer> {
  const res = await fetch(`http://127.0.0.1:${api.port}${url}`, { headers: { cookie: s.cookie, 'x-forwarded-for': '10.255.0.1' } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

export function membersReport(results: { database: string; members?: MembersResult }[]): string[] {
  const rs = results.filter((r): r is { database: string; members: MembersResult } => !!r.members);
  if (!rs.length) return [];
  const row = (label: string, f: (m: MembersResult) => string) => `| ${label} | ${rs.map((r) => f(r.members)).join(' | ')} |`;
  const first = rs[0]?.members;
  const g = (m: MembersResult) => m.generate;
  const mib = (b: number) => `${f0(b / 2 ** 20)} MiB`;
  return [
    '### Issue 3: members',
    '',
    `| | ${rs.map((r) => r.database).join(' | ')} |`,
    `|---|${rs.map(() => '---').join('|')}|`,
    row(
      'members (active) / applications (open) / dues entries',
      (m) => `${f0(g(m).members)} (${f0(g(m).active)}) / ${f0(g(m).applications)} (${f0(g(m).openApplications)}) / ${f0(g(m).duesEntries)}`,
    ),
    row(
      'build: members / applications / dues / indexes / analyze',
      (m) =>
        `${secs(g(m).timings.membersMs)} / ${secs(g(m).timings.applicationsMs)} / ${secs(g(m).timings.duesMs)} / ${secs(g(m).timings.indexesMs)} / ${secs(g(m).timings.analyzeMs)}`,
    ),
    row('size: member / member_application / dues_entry', (m) => `${mib(m.sizes.memberBytes)} / ${mib(m.sizes.applicationBytes)} / ${mib(m.sizes.duesBytes)}`),
    ...(first?.lists ?? []).flatMap((c, i) => [
      row(`${c.label}: query function, serial, p50 / p99`, (m) => {
        const x = m.lists[i];
        return x ? `${lat(x.fn)} (${x.rows} rows, n=${x.fn.n})` : '';
      }),
      row(`${c.label}: query function, server with jit = off, serial, p50 / p99`, (m) => {
        const x = m.lists[i]?.noJit;
        return x ? lat(x) : '—';
      }),
      row(`${c.label}: same SQL via pg, ${rs[0]?.members.lists[i]?.rawSql.concurrency} in flight`, (m) => {
        const x = m.lists[i];
        return x ? thr(x.rawSql) : '';
      }),
      row(`${c.label}: HTTP, ${rs[0]?.members.lists[i]?.http.concurrency} in flight`, (m) => {
        const x = m.lists[i];
        return x ? thr(x.http) : '';
      }),
    ]),
    row(
      'arrears by branch, whole city: arrearsByBranch, serial, p50 / p99',
      (m) => `${lat(m.arrearsByBranch.fn)} (n=${m.arrearsByBranch.fn.n}; ${f0(m.arrearsByBranch.branches)} branches, ${f0(m.arrearsByBranch.members)} members)`,
    ),
    row(
      'arrears by branch, whole city: GET /dues/arrears/by-branch, serial, p50 / p99',
      (m) => `${lat(m.arrearsByBranch.http)} (n=${m.arrearsByBranch.http.n})`,
    ),
    row(
      'arrears by branch, whole city: in arrears / months owed',
      (m) =>
        `${f0(m.arrearsByBranch.inArrears)} members (${f1((100 * m.arrearsByBranch.inArrears) / (m.arrearsByBranch.members || 1))} %) / ${f0(m.arrearsByBranch.arrearsMonths)} months`,
    ),
    row('import: rows / file size / building the file', (m) => `${f0(m.import.rows)} / ${f0(m.import.fileBytes / 1024)} KiB / ${secs(m.import.buildMs)}`),
    row(
      'import: POST /members/import/:orgId (county), run followed to its end → answer, time, rows/s',
      (m) => `${m.import.status} \`${m.import.answer.slice(0, 60)}\`, ${secs(m.import.ms)}, ${f0(m.import.rowsPerSecond)} rows/s`,
    ),
    row(
      'import: landed (new members / new people / active in the county’s branches, by development number)',
      (m) => `${f0(m.import.landed.members)} / ${f0(m.import.landed.people)} / ${f0(m.import.landed.inBranches)}`,
    ),
    '',
    'Query plans (EXPLAIN ANALYZE, one run):',
    ...rs.flatMap((r) => [
      ...r.members.lists.map((c) => `- ${r.database}, ${c.label}: \`${c.plan}\``),
      `- ${r.database}, arrears by branch (city): \`${r.members.arrearsByBranch.plan}\``,
    ]),
    '',
    'Errors seen (samples):',
    ...rs.flatMap((r) =>
      r.members.lists.flatMap((c) =>
        [
          ['SQL', c.rawSql],
          ['HTTP', c.http],
        ].flatMap(([k, t]) => {
          const x = t as Throughput;
          return x.errors ? [`- ${r.database}, ${c.label}, ${k}: ${x.errors} × ${x.errorSamples.map((e) => `\`${e}\``).join('; ')}`] : [];
        }),
      ),
    ),
  ];
}
