// 12355 at province scale: `cases` cases (1,000,000 by default) over 2025, owned by the orgs with
// children (committees), with sessions, referrals, closures and satisfaction in proportion, and
// group work. Generation runs inside the database (INSERT … SELECT over generate_series), the same
// on both databases. Measured: a county's case list over HTTP (p50/p99, req/s) next to the same SQL
// through the driver; the hourly SLA-breach job (first run and the idempotent second run); and the
// hotline figures through the metrics registry for a city-year and the province-year.
import type { Database } from '../server/src/db/client.ts';
import { listCases, markBreaches } from '../server/src/modules/hotline/index.ts';
import { subtrees } from '../server/src/platform/access/scope.ts';
import { evaluate, getMetric } from '../server/src/platform/metrics/registry.ts';
import type { Progress } from './generate.ts';
import type { SuiteContext } from './members.ts';
import {
  capturingDb,
  concurrent,
  dropIndexes,
  explain,
  f0,
  f1,
  lat,
  ms,
  rebuildIndexes,
  secs,
  serial,
  sqlUuid7,
  type Stats,
  type Throughput,
  thr,
} from './lib.ts';

export type HotlineGen = {
  cases: number;
  sessions: number;
  referrals: number;
  lectures: number;
  open: number;
  timings: { casesMs: number; othersMs: number; indexesMs: number; totalMs: number };
};

const tables = ['hotline_case', 'hotline_session', 'hotline_referral', 'hotline_lecture'];
const year = { from: '2025-01-01', to: '2025-12-31' };

export async function generateHotline(d: Database, opts: { cases: number }, progress: Progress): Promise<HotlineGen> {
  const tStart = performance.now();
  const q = (text: string, params: unknown[] = []) => d.pool.query(text, params);
  const defs: string[] = [];
  for (const t of tables) defs.push(...(await dropIndexes(d, t, true)));
  const N = opts.cases;

  // Owners: every org with children (committees and working committees), numbered for a skewed pick.
  let t0 = performance.now();
  progress(0, 1, 'hotline cases');
  await q('drop table if exists bench_hl_org');
  await q(
    `create table bench_hl_org as select (row_number() over (order by id))::int as k, id from org o where exists (select 1 from org c where c.parent_id = o.id)`,
  );
  await q('alter table bench_hl_org add primary key (k)');
  const owners = Number((await q('select count(*)::int as n from bench_hl_org')).rows[0]?.n ?? 1);
  const h = (salt: string, mod: number) => `(abs(hashtext(g::text || '${salt}')) % ${mod})`;
  // Spread over 2025 in time order; closed but for the last 1% (the year's last days), open for the breach job.
  await q(
    `insert into hotline_case (id, org_id, number, channel, category, subcategory, risk, status, anonymous, caller_name_masked, caller_phone_masked,
        caller_phone_hash, caller_minor, caller_age, summary, received_at, received_on, first_response_at, first_response_due_at, resolution_due_at,
        counsellor_id, outcome, closed_at, closed_on, resolution_met, satisfaction, satisfaction_at, handler_ids)
     select ${sqlUuid7('1735660800000 + (g::int8 * 31536000000 / $1)', "'hc' || g")}, o.id, '12355-B-' || lpad(g::text, 8, '0'),
       (array['phone','phone','phone','web','mobile','walk_in','referral_in'])[1 + ${h('ch', 7)}],
       (array['心理','心理','心理','心理','学业','家庭','法律','就业','权益','其他'])[1 + ${h('ca', 10)}], null,
       (array['low','low','low','low','low','medium','medium','medium','high','critical'])[1 + ${h('r', 10)}],
       case when g::float8 <= $1 * 0.99 then 'closed' else (array['new','active','waiting'])[1 + ${h('o', 3)}] end,
       ${h('a', 10)} < 3, case when ${h('a', 10)} < 3 then null else '王*' end, case when ${h('a', 10)} < 3 then null else '138****' || lpad(${h('p', 10000)}::text, 4, '0') end,
       case when ${h('a', 10)} < 3 then null else 'h' || ${h('p2', 400000)} end, ${h('m', 10)} < 6, 12 + ${h('age', 14)}, '压测个案',
       t.at, (t.at at time zone 'Asia/Shanghai')::date, t.at, t.at + interval '4 hours', t.at + interval '5 days',
       null, case when g::float8 <= $1 * 0.99 then 'resolved' end,
       case when g::float8 <= $1 * 0.99 then t.at + (${h('d', 96)} || ' hours')::interval end,
       case when g::float8 <= $1 * 0.99 then ((t.at + (${h('d', 96)} || ' hours')::interval) at time zone 'Asia/Shanghai')::date end,
       case when g::float8 <= $1 * 0.99 then ${h('d', 96)} < 88 end,
       case when g::float8 <= $1 * 0.99 and ${h('s', 100)} < 60 then 3 + ${h('sc', 3)} end,
       case when g::float8 <= $1 * 0.99 and ${h('s', 100)} < 60 then t.at + interval '5 days' end, '{}'::uuid[]
     from generate_series(1, $1) g
       cross join lateral (select timestamptz '2025-01-01 00:00+08' + (g::float8 / $1) * interval '365 days' as at) t
       join bench_hl_org o on o.k = 1 + (floor(${owners}::float8 * power(((abs(hashtext(g::text || 'org')) % 100000) / 100000.0), 1.3)))::int`,
    [N],
  );
  progress(1, 1, 'hotline cases');
  const casesMs = ms(t0);

  t0 = performance.now();
  progress(0, 1, 'hotline sessions, referrals, lectures');
  await q(`insert into hotline_session (id, case_id, org_id, kind, held_at, held_on, minutes, form, summary)
    select gen_random_uuid(), c.id, c.org_id, 'session', c.received_at + interval '1 hour', c.received_on, 30, 'phone', '会谈'
    from hotline_case c where c.status <> 'new' and abs(hashtext(c.id::text)) % 10 < 8`);
  await q(`insert into hotline_referral (id, case_id, org_id, agency, receiving_party, referred_on, receipt, status, confirmed_on)
    select gen_random_uuid(), c.id, c.org_id, (array['110','12345','12348','12338','school','hospital'])[1 + abs(hashtext(c.id::text || 'ag')) % 6], '接收方', c.received_on, '回执', 'confirmed', c.received_on
    from hotline_case c where c.status = 'closed' and abs(hashtext(c.id::text || 'rf')) % 100 < 5`);
  await q(
    `insert into hotline_lecture (id, org_id, kind, title, held_on, reach, reach_unit)
    select gen_random_uuid(), o.id, case when g % 5 = 0 then 'group_counselling' else 'lecture' end, '讲座', date '2025-01-01' + (g % 365), 30 + g % 300, 'people'
    from generate_series(1, greatest(1, $1 / 50)) g join bench_hl_org o on o.k = 1 + g % ${owners}`,
    [N],
  );
  const othersMs = ms(t0);
  progress(1, 1, 'hotline sessions, referrals, lectures');

  t0 = performance.now();
  await rebuildIndexes(d, defs, progress, 'hotline indexes');
  // vacuum too: the visibility map lets the figures read the covering index alone, as autovacuum keeps it in production
  for (const t of tables) await q(`vacuum analyze ${t}`);
  await q('drop table bench_hl_org');
  const indexesMs = ms(t0);
  const c = (
    await q(`select (select count(*) from hotline_case)::int as cases, (select count(*) from hotline_session)::int as sessions,
      (select count(*) from hotline_referral)::int as referrals, (select count(*) from hotline_lecture)::int as lectures,
      (select count(*) from hotline_case where status <> 'closed')::int as open`)
  ).rows[0] as { cases: number; sessions: number; referrals: number; lectures: number; open: number };
  return { ...c, timings: { casesMs, othersMs, indexesMs, totalMs: ms(tStart) } };
}

export type HotlineFigure = { key: string; scope: string; fn: Stats; http: Stats | null; value: string; plan: string };
export type HotlineResult = {
  generate: HotlineGen;
  sizes: { caseBytes: number };
  list: { http: Stats; sql: Stats; burst: Throughput; plan: string; rows: number };
  job: { firstMs: number; marked: number; secondMs: number };
  figures: HotlineFigure[];
};

export const hotlineMetricKeys = [
  'hotline.cases',
  'hotline.callers',
  'hotline.consultations',
  'hotline.slaMetRate',
  'hotline.satisfaction',
  'hotline.referrals',
  'hotline.lectures',
  'hotline.lectureReach',
] as const;

export async function benchHotline(ctx: SuiteContext, gen: HotlineGen, log: (s: string) => void): Promise<HotlineResult> {
  const { d, api, admin, actor, quick, concurrency } = ctx;
  const a = ctx.gen.anchors;
  const runs = quick ? 10 : 50;
  const maxMs = quick ? 10_000 : 60_000;
  const sizeRow = (await d.pool.query<{ c: number }>(`select pg_total_relation_size('hotline_case')::int8 as c`)).rows[0];

  // A county's case list: the first page, newest first, over HTTP and as the same SQL through the driver.
  const cap = capturingDb(d);
  cap.reset();
  const page = await listCases(cap.db, actor, { orgId: a.county.id, limit: 50 });
  const main = cap.main();
  const plan = main.sql ? await explain(d, main.sql, main.params, true) : '';
  const url = `/api/v1/hotline/cases?orgId=${a.county.id}&limit=50`;
  const http = await serial(
    runs,
    async () => {
      const r = await api.get(admin, url, 60_000);
      if (r.status !== 200) throw new Error(`case list: ${r.status} ${r.body.slice(0, 200)}`);
    },
    3,
    maxMs,
  );
  const sqlStats = await serial(runs, () => d.pool.query(main.sql, main.params), 3, maxMs);
  const burst = await concurrent(quick ? 200 : 2000, concurrency, maxMs, async () => (await api.get(admin, url, 60_000)).status === 200 || 'not 200');
  log(`  hotline case list (county): HTTP p50 ${f1(http.p50)} ms, SQL p50 ${f1(sqlStats.p50)} ms, ${thr(burst)}; ${page.items.length} rows`);

  // The hourly SLA job after two days without a run: the first run marks the open cases past due
  // (those received before 2025-12-29); the second, at the same hour, finds nothing to do.
  const now = new Date('2026-01-03T00:00:00+08:00');
  let t0 = performance.now();
  const first = await markBreaches(d.db, now);
  const firstMs = ms(t0);
  t0 = performance.now();
  await markBreaches(d.db, now);
  const secondMs = ms(t0);
  log(`  SLA job: first run ${secs(firstMs)} (${first.firstResponse + first.resolution} marks), second ${secs(secondMs)}`);

  const figures: HotlineFigure[] = [];
  for (const key of hotlineMetricKeys) {
    const metric = getMetric(key);
    if (!metric) throw new Error(`metric ${key} is not registered`);
    for (const [label, o] of [
      ['city', a.city],
      ['province', a.root],
    ] as const) {
      const mctx = (db: typeof d.db) => ({ db, scope: subtrees([o.path]), from: year.from, to: year.to, lang: 'zh-CN' as const });
      cap.reset();
      const v = await evaluate(metric, mctx(cap.db), null);
      const m = cap.main();
      const figPlan = m.sql ? await explain(d, m.sql, m.params, true) : '';
      const fn = await serial(runs, () => evaluate(metric, mctx(d.db), null), 1, maxMs);
      const figHttp =
        label === 'city'
          ? await serial(
              runs,
              async () => {
                const r = await api.get(admin, `/api/v1/metrics/${key}?orgId=${o.id}&from=${year.from}&to=${year.to}`, 300_000);
                if (r.status !== 200) throw new Error(`${key}: ${r.status} ${r.body.slice(0, 200)}`);
              },
              1,
              maxMs,
            )
          : null;
      const value = v.kind === 'ratio' ? `${f1(v.total)}% (${f0(v.numerator ?? 0)}/${f0(v.denominator ?? 0)})` : f0(v.total);
      figures.push({ key, scope: label, fn, http: figHttp, value, plan: figPlan });
      log(`  ${key} ${label} 2025: ${value}; fn p50 ${f1(fn.p50)} ms${figHttp ? `; HTTP p50 ${f1(figHttp.p50)} ms` : ''}`);
    }
  }
  return {
    generate: gen,
    sizes: { caseBytes: sizeRow?.c ?? 0 },
    list: { http, sql: sqlStats, burst, plan, rows: page.items.length },
    job: { firstMs, marked: first.firstResponse + first.resolution, secondMs },
    figures,
  };
}

export function hotlineReport(results: { database: string; hotline?: HotlineResult }[]): string[] {
  const rs = results.filter((r): r is { database: string; hotline: HotlineResult } => !!r.hotline);
  if (!rs.length) return [];
  const row = (label: string, f: (m: HotlineResult) => string) => `| ${label} | ${rs.map((r) => f(r.hotline)).join(' | ')} |`;
  const g = (m: HotlineResult) => m.generate;
  const first = rs[0]?.hotline;
  return [
    '### 12355 hotline',
    '',
    `| | ${rs.map((r) => r.database).join(' | ')} |`,
    `|---|${rs.map(() => '---').join('|')}|`,
    row('cases / open / sessions / referrals / lectures', (m) => [g(m).cases, g(m).open, g(m).sessions, g(m).referrals, g(m).lectures].map(f0).join(' / ')),
    row(
      'build: cases / others / indexes+analyze',
      (m) =>
        `${secs(g(m).timings.casesMs)} (${f0(g(m).cases / Math.max(0.001, g(m).timings.casesMs / 1000))} rows/s) / ${secs(g(m).timings.othersMs)} / ${secs(g(m).timings.indexesMs)}`,
    ),
    row('size: hotline_case (with indexes)', (m) => `${f0(m.sizes.caseBytes / 2 ** 20)} MiB`),
    row('county case list, first page: HTTP p50 / p99 (SQL through the driver)', (m) => `${lat(m.list.http)} (${lat(m.list.sql)})`),
    row('county case list: throughput', (m) => thr(m.list.burst)),
    row('SLA job: first run (marks) / second run', (m) => `${secs(m.job.firstMs)} (${f0(m.job.marked)}) / ${secs(m.job.secondMs)}`),
    ...(first?.figures ?? []).map((f, i) =>
      row(`${f.key}, ${f.scope}-year 2025: compute p50 / p99${f.http ? ' (HTTP p50 / p99)' : ''}`, (m) => {
        const x = m.figures[i];
        return x ? `${lat(x.fn)}${x.http ? ` (${lat(x.http)})` : ''}; ${x.value}` : '';
      }),
    ),
    '',
  ];
}
