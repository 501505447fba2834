// Issue 4 figures: volunteers and the hours ledger on the generated province. Generation runs
// inside the database (INSERT … SELECT over generate_series), the same on both databases; the
// figures go through the metric the dashboards read, the ranking query, and a burst of real
// check-ins through the phone's scan endpoint with signed QR tokens.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from '../server/src/platform/auth/password.ts';
import type { Database } from '../server/src/db/client.ts';
import { createCheckinSigner, topVolunteers, windowOf } from '../server/src/modules/volunteer-hours/index.ts';
import { subtrees } from '../server/src/platform/access/scope.ts';
import { evaluate, getMetric } from '../server/src/platform/metrics/registry.ts';
import type { Progress } from './generate.ts';
import type { SuiteContext } from './members.ts';
import {
  type Cell,
  capturingDb,
  concurrent,
  dropIndexes,
  rebuildIndexes,
  explain,
  f0,
  f1,
  insertRows,
  lat,
  ms,
  request,
  secs,
  serial,
  sqlUuid7,
  type Stats,
  type Throughput,
} from './lib.ts';

export type VolunteersGen = {
  volunteers: number;
  activities: number;
  hourEntries: number;
  reversals: number;
  firstDay: string;
  lastDay: string;
  /** rows of the monthly rollups (per volunteer, per org) */
  rollupRows: { volunteerMonths: number; orgMonths: number };
  timings: { volunteersMs: number; activitiesMs: number; entriesMs: number; rollupMs: number; indexesMs: number; analyzeMs: number; totalMs: number };
};

const tables = ['volunteer', 'activity', 'shift', 'hour_entry', 'hour_month', 'hour_org_month', 'hour_volunteer_year'];
const firstDay = '2024-01-01';
const days = 1064; // 2024-01-01 … 2026-11-29

/**
 * `volunteers` volunteers from the people on file (in a random order of people, so every city
 * has its share), one activity with one shift per org, and `entries` ledger entries spread evenly
 * over 2024-01-01 … 2026-11-29 in time order (ids time-ordered like uuidv7), each for a volunteer
 * drawn with a skew (k = V·u^1.5: a few volunteers serve far more often), recorded by the
 * volunteer's org. 1 in 8 is hand-entered; 1 in 1,000 reverses the entry before it.
 */
export async function generateVolunteers(d: Database, opts: { volunteers: number; entries: number }, progress: Progress): Promise<VolunteersGen> {
  const tStart = performance.now();
  const q = (text: string, params: unknown[] = []) => d.pool.query(text, params);
  const defs: string[] = [];
  for (const t of tables) defs.push(...(await dropIndexes(d, t, true)));

  let t0 = performance.now();
  progress(0, 1, 'volunteers');
  await q('drop table if exists bench_vol');
  await q(
    `create table bench_vol as
      select k, ${sqlUuid7('1420070400000 + k::int8 * 300000', `'v' || k`)} as id, person_id, org_id
      from (select (row_number() over (order by md5(id::text)))::int as k, id as person_id, org_id from person) s where k <= $1`,
    [opts.volunteers],
  );
  await q('alter table bench_vol add primary key (k)');
  const vh = (salt: string, mod: number) => `(abs(hashtext(v.k::text || '${salt}')) % ${mod})`;
  await q(`insert into volunteer (id, person_id, org_id, number, status, registered_on, status_on)
    select v.id, v.person_id, v.org_id, '430000' || (2015 + ${vh('y', 11)})::text || lpad(v.k::text, 8, '0'),
      case when ${vh('s', 100)} < 2 then 'suspended' when ${vh('s', 100)} < 3 then 'left' else 'active' end,
      make_date(2015 + ${vh('y', 11)}, 1, 1) + ${vh('d', 360)}, null
    from bench_vol v`);
  progress(1, 1, 'volunteers');
  const volunteersMs = ms(t0);

  t0 = performance.now();
  const actId = (orgExpr: string) => `('00000000-0000-7000-8000-' || lpad(to_hex(${orgExpr}), 12, '0'))::uuid`;
  const shiftId = (orgExpr: string) => `('00000000-0000-7000-9000-' || lpad(to_hex(${orgExpr}), 12, '0'))::uuid`;
  await q(`insert into activity (id, org_id, title, service_content, place, status)
    select ${actId('o.id')}, o.id, o.name || '志愿服务', '社区服务与环境整治', o.name, 'closed' from org o`);
  await q(`insert into shift (id, activity_id, org_id, starts_at, ends_at, capacity)
    select ${shiftId('o.id')}, ${actId('o.id')}, o.id, timestamptz '2025-06-07 09:00+08', timestamptz '2025-06-07 12:00+08', 50 from org o`);
  const activitiesMs = ms(t0);

  t0 = performance.now();
  const V = opts.volunteers;
  const N = opts.entries;
  const batch = 1_000_000;
  // j: the entry a row describes (a reversal describes the one before it).
  const jh = (salt: string, mod: number) => `(abs(hashtext(j::text || '${salt}')) % ${mod})`;
  for (let lo = 1; lo <= N; lo += batch) {
    const hi = Math.min(N, lo + batch - 1);
    await q(
      `insert into hour_entry (id, volunteer_id, org_id, source, activity_id, shift_id, service_date, minutes, present_minutes, scheduled_minutes, reverses_id, reason, created_at)
      select ${sqlUuid7(`1704038400000 + i::int8 * ${Math.floor((days * 86_400_000) / N)}`, `'h' || i`)},
        v.id, v.org_id, case when ${jh('m', 8)} = 0 then 'manual' else 'tracked' end,
        ${actId('v.org_id')}, case when ${jh('m', 8)} = 0 then null else ${shiftId('v.org_id')} end,
        date '${firstDay}' + (j::int8 * ${days} / ${N + 1})::int,
        case when rev then -1 else 1 end * 30 * (1 + ${jh('n', 12)}),
        case when not rev and ${jh('m', 8)} <> 0 then 30 * (1 + ${jh('n', 12)}) + ${jh('p', 30)} end,
        case when not rev and ${jh('m', 8)} <> 0 then 180 end,
        case when rev then ${sqlUuid7(`1704038400000 + j::int8 * ${Math.floor((days * 86_400_000) / N)}`, `'h' || j`)} end,
        case when rev then '重复记录' end,
        timestamptz '${firstDay} 20:00+08' + (i::int8 * ${days} / ${N + 1}) * interval '1 day'
      from (select i, case when i % 1000 = 999 then i - 1 else i end as j, i % 1000 = 999 as rev from generate_series($1::int, $2::int) i) g
      join bench_vol v on v.k = 1 + floor(${V} * power(((abs(hashtext(j::text || 'v')) % 1000000) / 1e6)::float8, 1.5::float8))::int`,
      [lo, hi],
    );
    progress(hi, N, 'hour entries');
  }
  const entriesMs = ms(t0);

  // The monthly rollups, filled from the ledger as migration 0006 backfills them (the services
  // keep them in step with every insert; the generator writes the ledger in bulk, so fills after).
  t0 = performance.now();
  progress(0, 3, 'hour rollups');
  await q('truncate hour_month, hour_org_month, hour_volunteer_year');
  await q(`insert into hour_month (volunteer_id, org_id, month, source, minutes, entries)
    select volunteer_id, org_id, date_trunc('month', service_date)::date, source, sum(minutes)::int, count(*)::int
    from hour_entry group by 1, 2, 3, 4 order by 2, 3, 1, 4`);
  progress(1, 3, 'hour rollups');
  await q(`insert into hour_org_month (org_id, month, source, minutes, entries)
    select org_id, month, source, sum(minutes), sum(entries)::int from hour_month group by 1, 2, 3 order by 1, 2, 3`);
  progress(2, 3, 'hour rollups');
  await q(`insert into hour_volunteer_year (volunteer_id, year, minutes)
    select volunteer_id, extract(year from month)::int, sum(minutes)::int from hour_month group by 1, 2`);
  progress(3, 3, 'hour rollups');
  const rollupMs = ms(t0);

  t0 = performance.now();
  await rebuildIndexes(d, defs, progress, 'volunteer indexes');
  const indexesMs = ms(t0);
  t0 = performance.now();
  for (const t of tables) await q(`analyze ${t}`);
  await q('drop table bench_vol');
  const analyzeMs = ms(t0);
  const c = (
    await d.pool.query<{ v: number; a: number; e: number; r: number; lo: string; hi: string; vm: number; om: number }>(
      `select (select count(*) from volunteer)::int as v, (select count(*) from activity)::int as a, (select count(*) from hour_entry)::int as e,
        (select count(*) from hour_entry where reverses_id is not null)::int as r,
        (select min(service_date)::text from hour_entry) as lo, (select max(service_date)::text from hour_entry) as hi,
        (select count(*) from hour_month)::int as vm, (select count(*) from hour_org_month)::int as om`,
    )
  ).rows[0];
  return {
    volunteers: c?.v ?? 0,
    activities: c?.a ?? 0,
    hourEntries: c?.e ?? 0,
    reversals: c?.r ?? 0,
    firstDay: c?.lo ?? '',
    lastDay: c?.hi ?? '',
    rollupRows: { volunteerMonths: c?.vm ?? 0, orgMonths: c?.om ?? 0 },
    timings: { volunteersMs, activitiesMs, entriesMs, rollupMs, indexesMs, analyzeMs, totalMs: ms(tStart) },
  };
}

export type QueryFigure = { label: string; fn: Stats; http: Stats | null; route?: string; noJit: Stats | null; value: string; plan: string };

export type BurstResult = {
  volunteers: number;
  concurrency: number;
  preparedMs: number;
  burst: Throughput;
  acceptedPerSecond: number;
  withinAMinute: number;
  /** rows for the shift after the burst and after the resends */
  rows: { scans: number; distinctVolunteers: number; audits: number };
  resend: { sent: number; replayed: number; other: string[] };
  newIdSameVolunteer: { sent: number; refused: number; other: string[] };
  race: { pairs: number; bothOk: number; firstAnswers: number; replayedAnswers: number; other: string[] };
  rowsAfter: { scans: number; distinctVolunteers: number; audits: number };
  expectedRows: number;
};

export type VolunteersResult = {
  generate: VolunteersGen;
  sizes: { volunteerBytes: number; hourEntryBytes: number; hourMonthBytes?: number; hourOrgMonthBytes?: number };
  queries: QueryFigure[];
  burst: BurstResult;
};

export async function benchVolunteers(ctx: SuiteContext, vGen: VolunteersGen, dataKey: Buffer, log: (s: string) => void): Promise<VolunteersResult> {
  const { d, gen, api, admin, quick } = ctx;
  const a = gen.anchors;
  const sizeRow = (
    await d.pool.query<{ v: number; e: number; m: number; om: number }>(
      `select pg_total_relation_size('volunteer')::int8 as v, pg_total_relation_size('hour_entry')::int8 as e,
        pg_total_relation_size('hour_month')::int8 as m, pg_total_relation_size('hour_org_month')::int8 as om`,
    )
  ).rows[0];
  const metric = getMetric('volunteerHours.total');
  if (!metric) throw new Error('metric volunteerHours.total is not registered');
  const cap = capturingDb(d);
  const year = { from: '2025-01-01', to: '2025-12-31' };
  const queries: QueryFigure[] = [];
  const runs = quick ? 5 : 10;
  const maxMs = quick ? 10_000 : 30_000;

  for (const [label, o] of [
    ['city', a.city],
    ['county', a.county],
    ['province', a.root],
  ] as const) {
    const mctx = (db: typeof d.db) => ({ db, scope: subtrees([o.path]), from: year.from, to: year.to, lang: 'zh-CN' as const });
    cap.reset();
    const v = await evaluate(metric, mctx(cap.db), null);
    const main = cap.main();
    const plan = await explain(d, main.sql, main.params, true);
    const fn = await serial(runs, () => evaluate(metric, mctx(d.db), null), 1, maxMs);
    const http = await serial(
      runs,
      async () => {
        const r = await api.get(admin, `/api/v1/metrics/volunteerHours.total?orgId=${o.id}&from=${year.from}&to=${year.to}`, 300_000);
        if (r.status !== 200) throw new Error(`metric: ${r.status} ${r.body.slice(0, 200)}`);
      },
      1,
      maxMs,
    );
    const nj = ctx.noJit;
    const noJit = nj ? await serial(runs, () => evaluate(metric, mctx(nj.db), null), 1, maxMs) : null;
    queries.push({
      label: `hours total (volunteerHours.total), ${label} subtree, 2025`,
      fn,
      http,
      route: 'GET /metrics/volunteerHours.total',
      noJit,
      value: `${f0(v.total)} h`,
      plan,
    });
    log(`  hours total ${label} 2025: ${f0(v.total)} h; fn p50 ${fn.p50} ms; HTTP p50 ${http.p50} ms`);
  }

  // Top 100 volunteers by hours served in 2025, recorded within a subtree: the route's query
  // (topVolunteers: whole months from the hour_month rollup, partial months from the ledger).
  for (const [label, o] of [
    ['city', a.city],
    ['province', a.root],
  ] as const) {
    cap.reset();
    const top = await topVolunteers(cap.db, [o.path], year.from, year.to, 100);
    const main = cap.main();
    const plan = await explain(d, main.sql, main.params, true);
    const fn = await serial(runs, () => topVolunteers(d.db, [o.path], year.from, year.to, 100), 1, maxMs);
    const http = await serial(
      runs,
      async () => {
        const r = await api.get(admin, `/api/v1/volunteer-hours/ranking?orgId=${o.id}&from=${year.from}&to=${year.to}&limit=100`, 300_000);
        if (r.status !== 200) throw new Error(`ranking: ${r.status} ${r.body.slice(0, 200)}`);
      },
      1,
      maxMs,
    );
    const nj = ctx.noJit;
    const noJit = nj ? await serial(runs, () => topVolunteers(nj.db, [o.path], year.from, year.to, 100), 1, maxMs) : null;
    queries.push({
      noJit,
      label: `top-100 volunteers by hours (topVolunteers), ${label} subtree, 2025`,
      fn,
      http,
      route: 'GET /volunteer-hours/ranking',
      value: `#1 ${f1((top[0]?.minutes ?? 0) / 60)} h, #100 ${f1((top.at(-1)?.minutes ?? 0) / 60)} h`,
      plan,
    });
    log(`  ranking ${label}: fn p50 ${fn.p50} ms; HTTP p50 ${http.p50} ms`);
  }

  const burst = await scanBurst(ctx, dataKey, quick ? 1_000 : 10_000, quick ? 50 : 200, log);
  return {
    generate: vGen,
    sizes: { volunteerBytes: sizeRow?.v ?? 0, hourEntryBytes: sizeRow?.e ?? 0, hourMonthBytes: sizeRow?.m ?? 0, hourOrgMonthBytes: sizeRow?.om ?? 0 },
    queries,
    burst,
  };
}

/**
 * `n` volunteers of the sample city, confirmed on one shift happening now, each with a phone
 * session, scan the check-in code at once through POST /self/volunteer-scans. Then proof: rows
 * counted, a sample resent with the same clientScanId (must replay, not count), the same
 * volunteers with a new clientScanId (must be refused), and `racePairs` volunteers sending the
 * same scan twice at the same moment (one row each).
 */
async function scanBurst(ctx: SuiteContext, dataKey: Buffer, n: number, racePairs: number, log: (s: string) => void): Promise<BurstResult> {
  const { d, gen, api } = ctx;
  const conc = Math.max(1, ctx.scanConcurrency);
  const t0 = performance.now();
  const county = gen.anchors.county;
  const activityId = randomUUID();
  const shiftId = randomUUID();
  const now = Date.now();
  await d.pool.query(
    `insert into activity (id, org_id, title, service_content, place, status) values ($1, $2, '全省志愿服务集中签到压测', '大型活动志愿服务', '体育中心', 'published')`,
    [activityId, county.id],
  );
  await d.pool.query(`insert into shift (id, activity_id, org_id, starts_at, ends_at, capacity) values ($1, $2, $3, $4, $5, $6)`, [
    shiftId,
    activityId,
    county.id,
    new Date(now - 30 * 60_000),
    new Date(now + 3 * 3600_000),
    n + racePairs,
  ]);
  const vols = (
    await d.pool.query<{ id: string; person_id: string; org_id: number }>(
      `select v.id, v.person_id, v.org_id from volunteer v join org o on o.id = v.org_id
        where o.path <@ $1::ltree and v.status = 'active' order by v.id limit $2`,
      [gen.anchors.city.path, n + racePairs],
    )
  ).rows;
  if (vols.length < n + racePairs) throw new Error(`only ${vols.length} active volunteers in the city`);
  // Confirmed places, phone accounts and live sessions (as if each phone had signed in earlier).
  const hash = await hashPassword('bench-phone-pass-1');
  const signups: Cell[][] = [];
  const accounts: Cell[][] = [];
  const sessions: Cell[][] = [];
  const phones = vols.map((v, i) => {
    const accountId = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    signups.push([randomUUID(), shiftId, v.id, county.id, 'confirmed']);
    accounts.push([accountId, `bench_phone_${i}`, `压测志愿者${i}`, v.org_id, v.person_id, hash]);
    sessions.push([randomUUID(), createHash('sha256').update(token).digest('base64url'), accountId, csrf, new Date(now + 24 * 3600_000).toISOString()]);
    return { volunteerId: v.id, cookie: `tw_session=${token}`, csrf, ip: `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}` };
  });
  await insertRows(d, 'signup', ['id', 'shift_id', 'volunteer_id', 'org_id', 'status'], ['uuid', 'uuid', 'uuid', 'int8', 'text'], signups);
  await insertRows(
    d,
    'account',
    ['id', 'username', 'display_name', 'org_id', 'person_id', 'password_hash'],
    ['uuid', 'text', 'text', 'int8', 'uuid', 'text'],
    accounts,
  );
  await insertRows(d, 'session', ['id', 'token_hash', 'account_id', 'csrf_token', 'expires_at'], ['uuid', 'text', 'uuid', 'text', 'timestamptz'], sessions);
  const preparedMs = ms(t0);

  const signer = createCheckinSigner(dataKey);
  const sent = new Map<number, string>();
  const scan = (i: number, clientScanId: string, body?: string) => {
    const p = phones[i];
    if (!p) throw new Error(`no phone ${i}`);
    const at = new Date();
    const b = body ?? JSON.stringify({ token: signer.sign(shiftId, 'in', windowOf(at)), clientScanId, scannedAt: at.toISOString() });
    return {
      body: b,
      res: request(
        api.agent,
        api.port,
        'POST',
        '/api/v1/self/volunteer-scans',
        { cookie: p.cookie, 'x-csrf-token': p.csrf, 'x-forwarded-for': p.ip, 'content-type': 'application/json' },
        b,
        120_000,
      ),
    };
  };
  log(`  scan burst: ${n} volunteers ready in ${secs(preparedMs)}; ${conc} in flight …`);
  const times: number[] = [];
  const tb = performance.now();
  const burst = await concurrent(
    n,
    conc,
    15 * 60_000,
    async (i) => {
      const s = scan(i, randomUUID());
      const r = await s.res;
      times.push(performance.now() - tb);
      if (r.status !== 200) return `${r.status} ${r.body.slice(0, 150)}`;
      const j = JSON.parse(r.body) as { replayed: boolean };
      if (j.replayed) return 'replayed on first send';
      sent.set(i, s.body);
      return true;
    },
    0,
  );
  const count = async () =>
    (
      await d.pool.query<{ scans: number; vols: number; audits: number }>(
        `select count(*)::int as scans, count(distinct volunteer_id)::int as vols,
          (select count(*)::int from audit_event a where a.action = 'volunteer.checked_in' and a.entity_id in (select id::text from volunteer_scan where shift_id = $1)) as audits
        from volunteer_scan where shift_id = $1`,
        [shiftId],
      )
    ).rows[0] ?? { scans: 0, vols: 0, audits: 0 };
  const c1 = await count();
  log(`  scan burst: ${burst.n - burst.errors} accepted of ${burst.n} in ${burst.seconds} s; rows ${JSON.stringify(c1)}`);

  // Resends of accepted scans (same clientScanId): must answer the first result, replayed.
  const sample = [...sent.keys()].filter((_, k) => k % Math.max(1, Math.floor(sent.size / 500)) === 0).slice(0, 500);
  const resend = { sent: 0, replayed: 0, other: [] as string[] };
  const fresh = { sent: 0, refused: 0, other: [] as string[] };
  for (const i of sample) {
    const body = sent.get(i) ?? '';
    const r = await scan(i, '', body).res;
    resend.sent++;
    if (r.status === 200 && (JSON.parse(r.body) as { replayed: boolean }).replayed) resend.replayed++;
    else if (resend.other.length < 3) resend.other.push(`${r.status} ${r.body.slice(0, 120)}`);
    // The same volunteer scanning again (a new clientScanId): already checked in.
    const r2 = await scan(i, randomUUID()).res;
    fresh.sent++;
    if (r2.status === 422) fresh.refused++;
    else if (fresh.other.length < 3) fresh.other.push(`${r2.status} ${r2.body.slice(0, 120)}`);
  }
  // Twins at the same moment: the same scan posted twice concurrently, for fresh volunteers.
  const race = { pairs: racePairs, bothOk: 0, firstAnswers: 0, replayedAnswers: 0, other: [] as string[] };
  for (let k = 0; k < racePairs; k += conc) {
    await Promise.all(
      Array.from({ length: Math.min(conc, racePairs - k) }, async (_, m) => {
        const i = n + k + m;
        const first = scan(i, randomUUID());
        const twin = scan(i, '', first.body);
        const rs = await Promise.all([first.res, twin.res]);
        if (rs.every((r) => r.status === 200)) race.bothOk++;
        for (const r of rs) {
          if (r.status !== 200) {
            if (race.other.length < 3) race.other.push(`${r.status} ${r.body.slice(0, 120)}`);
          } else if ((JSON.parse(r.body) as { replayed: boolean }).replayed) race.replayedAnswers++;
          else race.firstAnswers++;
        }
      }),
    );
  }
  const c2 = await count();
  const expectedRows = n - burst.errors + racePairs;
  log(
    `  resend: ${resend.replayed}/${resend.sent} replayed; new id refused ${fresh.refused}/${fresh.sent}; race ${JSON.stringify(race)}; rows ${JSON.stringify(c2)}`,
  );
  return {
    volunteers: n,
    concurrency: conc,
    preparedMs,
    burst,
    acceptedPerSecond: Math.round(((burst.n - burst.errors) / burst.seconds) * 10) / 10,
    withinAMinute: times.filter((t) => t <= 60_000).length,
    rows: { scans: c1.scans, distinctVolunteers: c1.vols, audits: c1.audits },
    resend,
    newIdSameVolunteer: fresh,
    race,
    rowsAfter: { scans: c2.scans, distinctVolunteers: c2.vols, audits: c2.audits },
    expectedRows,
  };
}

export function volunteersReport(results: { database: string; volunteers?: VolunteersResult }[]): string[] {
  const rs = results.filter((r): r is { database: string; volunteers: VolunteersResult } => !!r.volunteers);
  if (!rs.length) return [];
  const row = (label: string, f: (m: VolunteersResult) => string) => `| ${label} | ${rs.map((r) => f(r.volunteers)).join(' | ')} |`;
  const g = (m: VolunteersResult) => m.generate;
  const mib = (b: number) => `${f0(b / 2 ** 20)} MiB`;
  const first = rs[0]?.volunteers;
  const b = (m: VolunteersResult) => m.burst;
  return [
    '### Issue 4: volunteers',
    '',
    `| | ${rs.map((r) => r.database).join(' | ')} |`,
    `|---|${rs.map(() => '---').join('|')}|`,
    row(
      'volunteers / activities / hour entries (reversals), service dates',
      (m) => `${f0(g(m).volunteers)} / ${f0(g(m).activities)} / ${f0(g(m).hourEntries)} (${f0(g(m).reversals)}), ${g(m).firstDay} … ${g(m).lastDay}`,
    ),
    row(
      'build: volunteers / activities / hour entries / rollups / indexes / analyze',
      (m) =>
        `${secs(g(m).timings.volunteersMs)} / ${secs(g(m).timings.activitiesMs)} / ${secs(g(m).timings.entriesMs)} (${f0(g(m).hourEntries / (g(m).timings.entriesMs / 1000))} rows/s) / ${secs(g(m).timings.rollupMs ?? 0)} / ${secs(g(m).timings.indexesMs)} / ${secs(g(m).timings.analyzeMs)}`,
    ),
    row(
      'size: volunteer / hour_entry / hour_month / hour_org_month (with indexes; rollup rows)',
      (m) =>
        `${mib(m.sizes.volunteerBytes)} / ${mib(m.sizes.hourEntryBytes)} / ${mib(m.sizes.hourMonthBytes ?? 0)} / ${mib(m.sizes.hourOrgMonthBytes ?? 0)} (${f0(g(m).rollupRows?.volunteerMonths ?? 0)} / ${f0(g(m).rollupRows?.orgMonths ?? 0)})`,
    ),
    ...(first?.queries ?? []).flatMap((q, i) => [
      row(`${q.label}: query, serial, p50 / p99`, (m) => {
        const x = m.queries[i];
        return x ? `${lat(x.fn)} (n=${x.fn.n}; ${x.value})` : '';
      }),
      ...(q.noJit
        ? [
            row(`${q.label}: same, server with jit = off, serial, p50 / p99`, (m) => {
              const x = m.queries[i]?.noJit;
              return x ? `${lat(x)} (n=${x.n})` : '—';
            }),
          ]
        : []),
      ...(q.http
        ? [
            row(`${q.label}: ${q.route ?? 'HTTP'}, serial, p50 / p99`, (m) => {
              const x = m.queries[i]?.http;
              return x ? `${lat(x)} (n=${x.n})` : '';
            }),
          ]
        : []),
    ]),
    row(
      'check-in burst: volunteers / in flight / preparing (signups, accounts, sessions)',
      (m) => `${f0(b(m).volunteers)} / ${b(m).concurrency} / ${secs(b(m).preparedMs)}`,
    ),
    row(
      'check-in burst: POST /self/volunteer-scans, accepted/s (p50 / p99)',
      (m) =>
        `${f0(b(m).acceptedPerSecond)}/s (${lat(b(m).burst)}), ${f0(b(m).burst.n - b(m).burst.errors)} accepted in ${f1(b(m).burst.seconds)} s, ${b(m).burst.errors} errors`,
    ),
    row('check-in burst: answered within the first minute', (m) => `${f0(b(m).withinAMinute)} of ${f0(b(m).volunteers)}`),
    row(
      'proof: rows for the shift after the burst (scans / distinct volunteers / audit events)',
      (m) => `${f0(b(m).rows.scans)} / ${f0(b(m).rows.distinctVolunteers)} / ${f0(b(m).rows.audits)}`,
    ),
    row('proof: same clientScanId resent → replayed (not counted)', (m) => `${b(m).resend.replayed} of ${b(m).resend.sent}`),
    row('proof: same volunteer, new clientScanId → 422 already checked in', (m) => `${b(m).newIdSameVolunteer.refused} of ${b(m).newIdSameVolunteer.sent}`),
    row(
      'proof: twin scans posted at the same moment → first / replayed answers',
      (m) => `${b(m).race.pairs} pairs: ${b(m).race.firstAnswers} first, ${b(m).race.replayedAnswers} replayed, ${b(m).race.bothOk} pairs both 200`,
    ),
    row(
      'proof: rows after all resends (scans / distinct volunteers / audit events) vs expected',
      (m) => `${f0(b(m).rowsAfter.scans)} / ${f0(b(m).rowsAfter.distinctVolunteers)} / ${f0(b(m).rowsAfter.audits)} vs ${f0(b(m).expectedRows)}`,
    ),
    '',
    'Query plans (EXPLAIN ANALYZE, one run):',
    ...rs.flatMap((r) => r.volunteers.queries.map((q) => `- ${r.database}, ${q.label}: \`${q.plan}\``)),
    '',
    'Errors seen (samples):',
    ...rs.flatMap((r) => {
      const x = r.volunteers.burst;
      return [
        ...(x.burst.errors ? [`- ${r.database}, burst: ${x.burst.errors} × ${x.burst.errorSamples.map((e) => `\`${e}\``).join('; ')}`] : []),
        ...(x.resend.other.length ? [`- ${r.database}, resend: ${x.resend.other.map((e) => `\`${e}\``).join('; ')}`] : []),
        ...(x.newIdSameVolunteer.other.length ? [`- ${r.database}, new id: ${x.newIdSameVolunteer.other.map((e) => `\`${e}\``).join('; ')}`] : []),
        ...(x.race.other.length ? [`- ${r.database}, race: ${x.race.other.map((e) => `\`${e}\``).join('; ')}`] : []),
      ];
    }),
  ];
}
