// The fuzz test: walks every operation of /api/openapi.json and sends generated requests — valid
// ones drawn from the schemas, and mutations of them (wrong types, out-of-range and past-64-bit
// numbers, impossible dates, long and odd strings, nulls, missing and extra fields, malformed JSON,
// wrong content types, broken uploads) — as the platform admin, a county admin, a volunteer on the
// phone and an anonymous caller. Any answer of 500 or above fails, naming the route, the input and
// the seed. Replay: FUZZ_SEED=<seed> [FUZZ_ONLY='POST /api/v1/people'] npx vitest run server/src/test/fuzz.test.ts
// (FUZZ_RUNS=<factor> sends more, FUZZ_LOG=error prints the server's own error log, FUZZ_VERBOSE=1 every
// request and answer, FUZZ_UNREACHED=1 the operations that never answered 2xx).
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentTypes,
  hostileCursors,
  hostilePathValues,
  type JsonSchema,
  type Known,
  multipart,
  multipartBodies,
  mutated,
  rawBodies,
  validValue,
  invalidValue,
} from './fuzz.arbitraries.ts';
import { makeIdNumber } from '../modules/people/index.ts';
import { buildFuzzWorld, type Caller } from './fuzz.world.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20_260_805);
const only = process.env.FUZZ_ONLY;
const factor = Number(process.env.FUZZ_RUNS ?? 1);
/** Requests per operation for each caller: the signed-in ones reach the rules, the others the gates. */
const runsFor: Record<string, number> = { 'platform admin': 24, 'county A admin': 24, volunteer: 4, anonymous: 4 };
/** A request that has not answered by then counts as a failure too. */
const answerWithinMs = 15_000;

type Param = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema };
type Access = { public?: true; self?: true; permission?: string; entity?: string; entities?: Record<string, string> };
type Operation = {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  'x-access'?: Access;
};
type Op = { method: string; path: string; label: string; params: Param[]; body: JsonSchema | null; upload: boolean; access: Access };
type Sent = { method: InjectOptions['method']; url: string; headers: Record<string, string>; payload?: string | Buffer; shown: string };

let world: Awaited<ReturnType<typeof buildFuzzWorld>>;
let ops: Op[];
let known: Known & { byName: Record<string, unknown[]> };

/** Each operation and caller has its own seed, so a new route does not change the others' inputs. */
function seedOf(label: string): number {
  let h = seed | 0;
  for (const ch of label) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}

function entitiesOf(a: Access): Record<string, string> {
  return { ...(a.entity ? { id: a.entity } : {}), ...(a.entities ?? {}) };
}

beforeAll(async () => {
  world = await buildFuzzWorld();
  const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m) && path.startsWith('/api/v1/'))
      .map(([m, op]) => {
        const method = m.toUpperCase();
        const json = op.requestBody?.content?.['application/json']?.schema ?? null;
        // uploads declare no JSON body: their handlers read request.file()
        const upload = method === 'POST' && !json && /\/(import|files)(\/|$)/.test(path);
        return { method, path, label: `${method} ${path}`, params: op.parameters ?? [], body: json, upload, access: op['x-access'] ?? {} };
      }),
  );
  const metrics = (await world.callers[0]?.client?.get('/api/v1/metrics'))?.json() as { items: { key: string; dimensions: { key: string }[] }[] };
  const settings = (await world.callers[0]?.client?.get(`/api/v1/orgs/${world.w.townA.id}/settings`))?.json() as { items?: { key: string }[] } | undefined;
  const w = world.w;
  known = {
    orgIds: [w.province.id, w.city.id, w.countyA.id, w.countyB.id, w.townA.id, w.townB.id, w.branchA.id, w.branchB.id],
    uuids: [...Object.values(world.inScope), ...Object.values(world.outOfScope)].filter((v) => /^[0-9a-f-]{36}$/.test(v)),
    byName: {
      key: [...metrics.items.map((m) => m.key), ...(settings?.items ?? []).map((s) => s.key)],
      groupBy: [...new Set(metrics.items.flatMap((m) => m.dimensions.map((d) => d.key)))],
      group: ['1', '2', 'abc', 'true', '', '2024', 'null', '9223372036854775808', '1.5', 'township'],
      username: [w.users.platform, w.users.adminA, 'nobody'],
      year: [2024, 2025, 2026, 0, -1, 1899, 10_000],
      cursor: [...hostileCursors],
      ...entityIds(),
      // ID numbers that pass the checks, of people of league age: new ones, and the fixtures' (reused or refused)
      idNumber: [
        ...Array.from({ length: 24 }, (_, i) =>
          makeIdNumber('430421', `20${String(i % 10).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 10}`, 100 + i, i % 2 ? 'M' : 'F'),
        ),
        makeIdNumber('430421', '2000-01-01', 2, 'F'),
        makeIdNumber('430421', '2009-01-01', 3, 'M'),
      ],
    },
  };
}, 300_000);
/** `personId`, `teamId`, `memberIds` …: the ids of the fixtures, in scope and out of it, for the fields that name them. */
function entityIds(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [entity, id] of Object.entries(world.inScope)) {
    if (!/^[0-9a-f-]{36}$/.test(id)) continue;
    const short = entity.replace(/^(volunteer|member)([A-Z])/, (_, _p: string, c: string) => c.toLowerCase());
    const ids = [id, world.outOfScope[entity]].filter((v): v is string => !!v);
    for (const name of new Set([entity, short])) for (const n of [`${name}Id`, `${name}Ids`]) out[n] = ids;
  }
  return out;
}

afterAll(async () => {
  await world?.app.close();
  await world?.database.close();
});

/**
 * A query of valid values (each parameter present or not), as often as not with one of them broken,
 * and now and then a malformed extra: a list is reached with all its filters as often as it is refused.
 */
function queryString(op: Op): fc.Arbitrary<string> {
  const query = op.params.filter((p) => p.in === 'query');
  const valid = fc.tuple(...query.map((p) => fc.option(validValue(p.schema ?? {}, p.name, known), { nil: undefined, freq: 2 })));
  const broken = query.length ? fc.oneof(fc.constant(-1), fc.nat({ max: query.length - 1 })) : fc.constant(-1);
  const extra = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('orgId=1&orgId=2', '%zz=1', 'a[b]=1', '__proto__=x', 'limit=', 'cursor=', `orgId=${'9'.repeat(30)}`) },
  );
  return fc.tuple(valid, broken, extra).chain(([values, at, x]) => {
    const p = query[at];
    const withBroken = p ? invalidValue(p.schema ?? {}).map((bad) => values.map((v, i) => (i === at ? bad : v))) : fc.constant(values);
    return withBroken.map((vs) => [...vs.flatMap((v, i) => (v === undefined ? [] : encodeQuery(query[i]?.name ?? '', v))), ...(x ? [x] : [])].join('&'));
  });
}

/** Percent-encoding that also takes lone surrogates (sent as the bytes of U+FFFD, as a browser would). */
function pct(text: string): string {
  return [...Buffer.from(text)]
    .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
    .join('');
}

function encodeQuery(name: string, v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => `${name}=${pct(typeof x === 'object' ? JSON.stringify(x) : String(x))}`);
  const text = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return [`${name}=${pct(text)}`];
}

function pathOf(op: Op): fc.Arbitrary<string> {
  const bound = entitiesOf(op.access);
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const values = names.map((name) => {
    const entity = bound[name];
    const schema = op.params.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
    const ids = entity ? [world.inScope[entity], world.outOfScope[entity]].filter((v): v is string => !!v) : [];
    // an entity this test has no row of (a module's newest) still gets ids of the right form
    const good: fc.Arbitrary<unknown> = ids.length ? fc.constantFrom(...ids) : validValue(schema, name, known);
    return fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom(...hostilePathValues) });
  });
  return fc.tuple(...values).map((vs) => {
    let i = 0;
    return op.path.replace(/\{(\w+)\}/g, () => {
      const v = String(vs[i++]);
      // hostile path values may already be escapes (%00, %zz): send those as they are
      return /%[0-9a-z]{2}/i.test(v) ? v : pct(v);
    });
  });
}

type Body = { payload?: string | Buffer; type?: string; shown: string };

function bodyOf(op: Op): fc.Arbitrary<Body> {
  const json = (text: string, type: string | undefined = 'application/json'): Body => ({ payload: text, type, shown: `${type} ${text.slice(0, 300)}` });
  const raw = fc.constantFrom(...rawBodies).map((t) => json(t));
  const wrongType = fc.tuple(fc.constantFrom(...contentTypes), fc.constantFrom('{}', '{"a":1}', 'a=1&b=2', '<x/>')).map(([type, t]) => json(t, type));
  const uploads = fc.constantFrom(...multipartBodies).map((m): Body => ({ payload: m.body, type: m.type, shown: `${m.type} (${m.body.length} bytes)` }));
  const workbooks = fc.constantFrom(...Object.entries(world.templates)).map(([name, xlsx]): Body => {
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return {
      payload: multipart('wb', [{ name: 'file', filename: `${name}.xlsx`, type, data: xlsx }]),
      type: 'multipart/form-data; boundary=wb',
      shown: `the ${name} template with hostile rows`,
    };
  });
  if (op.body) {
    const schema = op.body;
    const generated = mutated(schema, known).map((v) => json(JSON.stringify(v) ?? 'null'));
    const otherType = fc.tuple(validValue(schema, '', known), fc.constantFrom(...contentTypes)).map(([v, type]) => json(JSON.stringify(v) ?? '', type));
    return fc.oneof({ weight: 8, arbitrary: generated }, { weight: 2, arbitrary: raw }, { weight: 1, arbitrary: otherType }, { weight: 1, arbitrary: uploads });
  }
  if (op.upload)
    return fc.oneof({ weight: 3, arbitrary: uploads }, { weight: 2, arbitrary: workbooks }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: wrongType });
  if (op.method === 'GET' || op.method === 'DELETE') {
    return fc.oneof({ weight: 6, arbitrary: fc.constant<Body>({ shown: '(none)' }) }, { weight: 1, arbitrary: raw });
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Body>({ shown: '(none)' }) },
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: uploads },
  );
}

function requestOf(op: Op): fc.Arbitrary<Sent> {
  const ip = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `10.${a}.${b}.9`);
  const lang = fc.constantFrom('zh-CN', 'en-US', 'xx', '*');
  return fc.tuple(pathOf(op), queryString(op), bodyOf(op), ip, lang).map(([path, q, body, from, l]) => {
    const url = q ? `${path}?${q}` : path;
    const headers: Record<string, string> = { 'x-forwarded-for': from, 'accept-language': l };
    if (body.type) headers['content-type'] = body.type;
    return { method: op.method as InjectOptions['method'], url, headers, payload: body.payload, shown: `${op.method} ${url} body: ${body.shown}` };
  });
}

async function send(caller: Caller, req: Sent): Promise<LightMyRequestResponse | 'no answer'> {
  const opts: InjectOptions = { method: req.method, url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) };
  const pending = caller.client ? caller.client.request(opts) : world.app.inject(opts);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'no answer'>((resolve) => {
    timer = setTimeout(() => resolve('no answer'), answerWithinMs);
  });
  try {
    return await Promise.race([pending, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Page cursors the app handed out: well-formed ones, sent back to other lists. */
function remember(res: LightMyRequestResponse): void {
  if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('json')) return;
  const next = (res.json() as { nextCursor?: unknown }).nextCursor;
  const cursors = known.byName.cursor;
  if (typeof next === 'string' && cursors && cursors.length < 60 && !cursors.includes(next)) cursors.push(next);
}

describe('the fuzz test', () => {
  it('no generated request to any operation answers 5xx', async () => {
    expect(ops.length).toBeGreaterThan(150);
    const started = Date.now();
    const failures: string[] = [];
    let sent = 0;
    /** answers by status, and the operations that answered 2xx at least once: how deep the inputs reach */
    const byStatus = new Map<string, number>();
    const reached = new Set<string>();
    for (const op of ops) {
      if (only && !op.label.includes(only)) continue;
      for (const caller of world.callers) {
        const opSeed = seedOf(`${op.label} ${caller.name}`);
        const numRuns = Math.max(1, Math.round((runsFor[caller.name] ?? 2) * factor));
        const requests = fc.sample(requestOf(op), { seed: opSeed, numRuns });
        let lostSession = false;
        for (const [i, req] of requests.entries()) {
          const res = await send(caller, req);
          sent++;
          const status = res === 'no answer' ? 'no answer' : res.statusCode;
          byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
          if (typeof status === 'number' && status < 300) reached.add(op.label);
          if (res === 'no answer' || res.statusCode >= 500) {
            const answer = res === 'no answer' ? `no answer in ${answerWithinMs} ms` : `${res.statusCode} ${res.body.slice(0, 200)}`;
            failures.push(`${op.label} as ${caller.name} (FUZZ_SEED=${seed}, run ${i} of seed ${opSeed}): ${req.shown.slice(0, 600)} → ${answer}`);
          } else remember(res);
          if (process.env.FUZZ_UNNAMED && res !== 'no answer' && res.statusCode === 400 && (res.json() as { field?: string }).field === 'request') {
            console.info(`UNNAMED ${op.label} as ${caller.name}: ${req.shown.slice(0, 300)} → ${res.body.slice(0, 200)}`);
          }
          if (process.env.FUZZ_VERBOSE)
            console.info(`${caller.name}: ${req.shown.slice(0, 300)} → ${status} ${res === 'no answer' ? '' : res.body.slice(0, 160)}`);
          if (status === 401 && caller.client) lostSession = true;
        }
        // a generated logout or session revocation ends the caller's session: sign in again
        if (lostSession && (await caller.client?.get('/api/v1/auth/me'))?.statusCode === 401) caller.client = await caller.relogin();
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const tally = [...byStatus].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`);
    const covered = only ? ops.filter((op) => op.label.includes(only)).length : ops.length;
    console.info(
      `fuzz: ${sent} requests to ${covered} operations in ${seconds} s (FUZZ_SEED=${seed}); answers ${tally.join(', ')}; ${reached.size} operations answered 2xx`,
    );
    if (process.env.FUZZ_UNREACHED)
      console.info(
        `never 2xx: ${ops
          .filter((op) => !reached.has(op.label))
          .map((op) => op.label)
          .join('; ')}`,
      );
    expect(failures, `${failures.length} answers of 5xx:\n${failures.join('\n')}`).toEqual([]);
  }, 900_000);
});
