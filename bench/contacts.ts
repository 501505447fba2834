// Contact work ("1+100", 下沉走访, 意见建议, 议案, 手拉手) at province scale: one full-time cadre per
// org with children, each branch's youths in its parent's cadre's book, `logs` contact logs over
// 2024-01-01 … 2026-11-29 (5,000,000 by default), and suggestions, visits, reports, proposals and
// pairings in proportion. Generation runs inside the database (INSERT … SELECT over
// generate_series), the same on both databases; the figures go through the metrics registry the
// dashboards read (and the HTTP route for the city), for a city-year and the province-year.
import type { Database } from '../server/src/db/client.ts';
import { subtrees } from '../server/src/platform/access/scope.ts';
import { evaluate, getMetric } from '../server/src/platform/metrics/registry.ts';
import type { Progress } from './generate.ts';
import type { SuiteContext } from './members.ts';
import { capturingDb, dropIndexes, explain, f0, f1, lat, ms, rebuildIndexes, secs, serial, sqlUuid7, type Stats } from './lib.ts';

export type ContactsGen = {
  cadres: number;
  contacts: number;
  logs: number;
  suggestions: number;
  visits: number;
  reports: number;
  proposals: number;
  pairings: number;
  timings: { cadresMs: number; contactsMs: number; logsMs: number; othersMs: number; indexesMs: number; totalMs: number };
};

const tables = ['cw_contact', 'cw_contact_log', 'cw_suggestion', 'cw_visit', 'cw_report', 'cw_proposal', 'cw_pairing'];
const firstDay = '2024-01-01';
const days = 1064; // 2024-01-01 … 2026-11-29

export async function generateContacts(d: Database, opts: { logs: number }, progress: Progress): Promise<ContactsGen> {
  const tStart = performance.now();
  const q = (text: string, params: unknown[] = []) => d.pool.query(text, params);
  const N = opts.logs;
  const defs: string[] = [];
  for (const t of tables) defs.push(...(await dropIndexes(d, t, true)));

  // Cadres: a person and a full-time post for every org that has children.
  let t0 = performance.now();
  progress(0, 1, 'contact cadres');
  await q('drop table if exists bench_cw_cadre');
  await q(
    `create table bench_cw_cadre as
      select o.id as org_id, ${sqlUuid7('1577836800000 + o.id::int8', `'cp' || o.id`)} as person_id, ${sqlUuid7('1577836800000 + o.id::int8', `'cc' || o.id`)} as cadre_id
      from org o where exists (select 1 from org c where c.parent_id = o.id)`,
  );
  await q(`insert into person (id, org_id, name, gender, birth_date)
    select person_id, org_id, '干部' || org_id, case when org_id % 2 = 0 then 'M' else 'F' end, date '1990-01-01' + (org_id % 3000)::int from bench_cw_cadre`);
  await q(`insert into cadre (id, person_id, org_id, post, kind, term_start)
    select cadre_id, person_id, org_id, 'member', 'full_time', date '2023-01-01' from bench_cw_cadre`);
  progress(1, 1, 'contact cadres');
  const cadresMs = ms(t0);

  // Contacts: each branch's youths, in the book of its parent's cadre; about three logs a youth.
  t0 = performance.now();
  const branches = Number(
    (await q(`select count(*)::int as n from org b join bench_cw_cadre c on c.org_id = b.parent_id where b.kind = 'branch'`)).rows[0]?.n ?? 0,
  );
  const perBranch = Math.max(1, Math.ceil(N / 3 / Math.max(1, branches)));
  await q('drop table if exists bench_cw_contact');
  await q(
    `create table bench_cw_contact as
      select (row_number() over (order by b.id, g))::int as k, b.id as org_id, c.cadre_id, c.person_id as cadre_person_id, g
      from org b join bench_cw_cadre c on c.org_id = b.parent_id cross join generate_series(1, $1::int) g
      where b.kind = 'branch'`,
    [perBranch],
  );
  await q(`alter table bench_cw_contact add column id uuid`);
  await q(`update bench_cw_contact set id = ${sqlUuid7('1577836800000 + k::int8', `'ct' || k`)}`);
  await q('alter table bench_cw_contact add primary key (k)');
  await q(`insert into cw_contact (id, org_id, cadre_id, cadre_person_id, name, phone_masked, kind)
    select id, org_id, cadre_id, cadre_person_id, '青年' || k, '138****' || lpad((k % 10000)::text, 4, '0'),
      (array['student','worker','farmer','enterprise','freelance','civil_servant','unemployed','other'])[1 + k % 8]
    from bench_cw_contact`);
  const contacts = Number((await q('select count(*)::int as n from bench_cw_contact')).rows[0]?.n ?? 0);
  progress(1, 1, 'contacts');
  const contactsMs = ms(t0);

  // Logs: spread evenly over the days, each for a contact drawn by hash.
  t0 = performance.now();
  const batch = 1_000_000;
  const ih = (salt: string, mod: number) => `(abs(hashtext(i::text || '${salt}')) % ${mod})`;
  for (let lo = 1; lo <= N && contacts > 0; lo += batch) {
    const hi = Math.min(N, lo + batch - 1);
    await q(
      `insert into cw_contact_log (id, request_id, org_id, contact_id, cadre_person_id, contacted_on, way, topic)
      select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / N)}`, `'l' || i`)},
        ${sqlUuid7(`1704038400000 + i::int8`, `'r' || i`)},
        c.org_id, c.id, c.cadre_person_id, date '${firstDay}' + (i::int8 * ${days} / ${N + 1})::int,
        (array['face','phone','wechat','visit','activity','other'])[1 + ${ih('w', 6)}], '了解青年需求'
      from generate_series($1::int, $2::int) i join bench_cw_contact c on c.k = 1 + ${ih('c', contacts)}`,
      [lo, hi],
    );
    progress(hi, N, 'contact logs');
  }
  const logsMs = ms(t0);

  // The rest in proportion to the logs, on orgs drawn by hash; ~95% of suggestions resolved.
  t0 = performance.now();
  await q('drop table if exists bench_cw_org');
  await q('create table bench_cw_org as select (row_number() over (order by id))::int as k, id from org');
  await q('alter table bench_cw_org add primary key (k)');
  const orgCount = Number((await q('select count(*)::int as n from bench_cw_org')).rows[0]?.n ?? 1);
  const S = Math.ceil(N / 25);
  const V = Math.ceil(N / 50);
  const R = Math.ceil(N / 2000);
  const P = Math.ceil(N / 500);
  const PR = Math.ceil(N / 100);
  const on = (n: number) => `date '${firstDay}' + (i::int8 * ${days} / ${n + 1})::int`;
  const org = `(select id from bench_cw_org where k = 1 + ${ih('o', orgCount)})`;
  await q(
    `insert into cw_suggestion (id, org_id, source, title, content, received_on, state, outcome, settled_on, followed_up_on)
    select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / S)}`, `'s' || i`)}, ${org},
      (array['youth','contact','youth_voice','meeting','visit','other'])[1 + ${ih('s', 6)}], '意见建议', '内容', ${on(S)},
      case when ${ih('r', 100)} < 95 then (case when ${ih('f', 100)} < 96 then 'followed_up' else 'resolved' end)
           when ${ih('r', 100)} < 98 then 'explained' else 'assigned' end,
      case when ${ih('r', 100)} < 95 then 'resolved' when ${ih('r', 100)} < 98 then 'explained' end,
      case when ${ih('r', 100)} < 98 then ${on(S)} + 5 end,
      case when ${ih('r', 100)} < 95 and ${ih('f', 100)} < 96 then ${on(S)} + 10 end
    from generate_series(1, $1::int) i`,
    [S],
  );
  await q(
    `insert into cw_visit (id, org_id, visited_on, visitors, topic)
    select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / V)}`, `'v' || i`)}, ${org}, ${on(V)}, '团干部', '下沉走访'
    from generate_series(1, $1::int) i`,
    [V],
  );
  await q(
    `insert into cw_report (id, org_id, title, authors, written_on)
    select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / R)}`, `'p' || i`)}, ${org}, '调研报告', '调研组', ${on(R)}
    from generate_series(1, $1::int) i`,
    [R],
  );
  await q(
    `insert into cw_proposal (id, org_id, channel, title, proposer, submitted_on, state)
    select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / P)}`, `'q' || i`)}, ${org},
      (array['league_deputy','youth_federation','npc','cppcc'])[1 + ${ih('ch', 4)}], '提案', '代表', ${on(P)},
      (array['submitted','accepted','answered','answered','not_accepted'])[1 + ${ih('st', 5)}]
    from generate_series(1, $1::int) i`,
    [P],
  );
  await q(
    `insert into cw_pairing (id, org_id, kind, side_a, side_b, started_on, status, ended_on)
    select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / PR)}`, `'a' || i`)}, ${org},
      (array['org_org','person_person','org_person'])[1 + ${ih('k', 3)}], '甲方', '乙方', ${on(PR)},
      case when ${ih('e', 10)} = 0 then 'ended' else 'active' end, case when ${ih('e', 10)} = 0 then ${on(PR)} + 180 end
    from generate_series(1, $1::int) i`,
    [PR],
  );
  const othersMs = ms(t0);

  t0 = performance.now();
  await rebuildIndexes(d, defs, progress, 'contact indexes');
  // vacuum too: a steady-state table (autovacuum has run) answers the figures from index-only scans
  for (const t of [...tables, 'cadre', 'person']) await q(`vacuum (analyze) ${t}`);
  await q('drop table bench_cw_cadre');
  await q('drop table bench_cw_contact');
  await q('drop table bench_cw_org');
  const indexesMs = ms(t0);
  const c = (await q(`select (select count(*) from cadre where kind = 'full_time')::int as cadres, (select count(*) from cw_contact_log)::int as logs`))
    .rows[0] as { cadres: number; logs: number } | undefined;
  return {
    cadres: c?.cadres ?? 0,
    contacts,
    logs: c?.logs ?? 0,
    suggestions: S,
    visits: V,
    reports: R,
    proposals: P,
    pairings: PR,
    timings: { cadresMs, contactsMs, logsMs, othersMs, indexesMs, totalMs: ms(tStart) },
  };
}

export type ContactFigure = { key: string; scope: string; fn: Stats; http: Stats | null; value: string; plan: string };
export type ContactsResult = { generate: ContactsGen; sizes: { logBytes: number; contactBytes: number }; figures: ContactFigure[] };

export const contactMetricKeys = [
  'contact-work.orgsVisited',
  'contact-work.reports',
  'contact-work.youthsContacted',
  'contact-work.contactLogs',
  'contact-work.suggestions',
  'contact-work.followedUp',
  'contact-work.resolutionRate',
  'contact-work.cadresAtTarget',
  'contact-work.targetCompletion',
  'contact-work.proposals',
  'contact-work.pairings',
] as const;

/** Each contact-work figure for the sample city and the province, 2025: the registry's compute, and the city's HTTP route. */
export async function benchContacts(ctx: SuiteContext, gen: ContactsGen, log: (s: string) => void): Promise<ContactsResult> {
  const { d, api, admin, quick } = ctx;
  const a = ctx.gen.anchors;
  const cap = capturingDb(d);
  const year = { from: '2025-01-01', to: '2025-12-31' };
  const runs = quick ? 5 : 10;
  const maxMs = quick ? 10_000 : 60_000;
  const sizeRow = (
    await d.pool.query<{ l: number; c: number }>(`select pg_total_relation_size('cw_contact_log')::int8 as l, pg_total_relation_size('cw_contact')::int8 as c`)
  ).rows[0];
  const figures: ContactFigure[] = [];
  for (const key of contactMetricKeys) {
    const metric = getMetric(key);
    if (!metric) throw new Error(`metric ${key} is not registered`);
    for (const [label, o] of [
      ['city', a.city],
      ['province', a.root],
    ] as const) {
      const mctx = (db: typeof d.db) => ({ db, scope: subtrees([o.path]), from: year.from, to: year.to, lang: 'zh-CN' as const });
      cap.reset();
      const v = await evaluate(metric, mctx(cap.db), null);
      const main = cap.main();
      const plan = main.sql ? await explain(d, main.sql, main.params, true) : '';
      const fn = await serial(runs, () => evaluate(metric, mctx(d.db), null), 1, maxMs);
      const http =
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
      figures.push({ key, scope: label, fn, http, value, plan });
      log(`  ${key} ${label} 2025: ${value}; fn p50 ${fn.p50} ms${http ? `; HTTP p50 ${http.p50} ms` : ''}`);
    }
  }
  return { generate: gen, sizes: { logBytes: sizeRow?.l ?? 0, contactBytes: sizeRow?.c ?? 0 }, figures };
}

export function contactsReport(results: { database: string; contacts?: ContactsResult }[]): string[] {
  const rs = results.filter((r): r is { database: string; contacts: ContactsResult } => !!r.contacts);
  if (!rs.length) return [];
  const row = (label: string, f: (m: ContactsResult) => string) => `| ${label} | ${rs.map((r) => f(r.contacts)).join(' | ')} |`;
  const g = (m: ContactsResult) => m.generate;
  const mib = (b: number) => `${f0(b / 2 ** 20)} MiB`;
  const first = rs[0]?.contacts;
  return [
    '### Contact work ("1+100", suggestions, proposals, pairings)',
    '',
    `| | ${rs.map((r) => r.database).join(' | ')} |`,
    `|---|${rs.map(() => '---').join('|')}|`,
    row('cadres / contacts / contact logs / suggestions / visits / reports / proposals / pairings', (m) =>
      [g(m).cadres, g(m).contacts, g(m).logs, g(m).suggestions, g(m).visits, g(m).reports, g(m).proposals, g(m).pairings].map(f0).join(' / '),
    ),
    row(
      'build: cadres / contacts / logs / others / indexes+analyze',
      (m) =>
        `${secs(g(m).timings.cadresMs)} / ${secs(g(m).timings.contactsMs)} / ${secs(g(m).timings.logsMs)} (${f0(g(m).logs / Math.max(0.001, g(m).timings.logsMs / 1000))} rows/s) / ${secs(g(m).timings.othersMs)} / ${secs(g(m).timings.indexesMs)}`,
    ),
    row('size: cw_contact_log / cw_contact (with indexes)', (m) => `${mib(m.sizes.logBytes)} / ${mib(m.sizes.contactBytes)}`),
    ...(first?.figures ?? []).map((f, i) =>
      row(`${f.key}, ${f.scope}-year 2025: compute p50 / p99${f.http ? ' (HTTP p50 / p99)' : ''}`, (m) => {
        const x = m.figures[i];
        return x ? `${lat(x.fn)}${x.http ? ` (${lat(x.http)})` : ''}; ${x.value}` : '';
      }),
    ),
    '',
  ];
}
