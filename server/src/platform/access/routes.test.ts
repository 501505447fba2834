// The route walker: reads the OpenAPI document and checks every operation's access decision,
// so a new route is covered the moment it is registered.
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessGrant } from './access.schema.ts';
import { rolePermissions, type Permission } from './roles.ts';
import { account } from '../auth/auth.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { orgLifeFixtures } from '../../modules/org-life/test-factories.ts';
import { makeIdNumber } from '../../modules/people/index.ts';
import { volunteerFixtures } from '../../test/volunteers.factories.ts';
import { hoursFixtures } from '../../modules/volunteer-hours/volunteer-hours.factories.ts';
import { memberLifeFixtures } from '../../modules/member-life/member-life.factories.ts';
import { studyFixtures } from '../../modules/study/study.factories.ts';
import { linkFixtures } from '../../modules/people/links.factories.ts';
import { importFixtures } from '../imports/imports.factories.ts';
import { youthVoiceFixtures } from '../../modules/youth-voice/youth-voice.factories.ts';
import { contactWorkFixtures } from '../../modules/contact-work/contact-work.factories.ts';
import { hotlineFixtures } from '../../modules/hotline/hotline.factories.ts';
import { createPii } from '../pii.ts';

type Access = { public?: true; self?: true; permission?: Permission; entity?: string; entities?: Record<string, string> };
type Param = { name: string; in: string };
type Op = { method: string; path: string; access: Access | undefined; pathParams: string[]; queryParams: string[] };

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
/** One account with committee_admin grants on county A and on county B: two disjoint subtrees. */
let bothCounties: TestClient;
let observerA: TestClient;
let ops: Op[];
/** Ids of entities inside county A (adminA's scope) and inside county B (outside it). */
let inScope: Record<string, string>;
let outOfScope: Record<string, string>;

const methods = ['get', 'post', 'put', 'patch', 'delete'];
const label = (op: Op) => `${op.method} ${op.path}`;

function bindings(a: Access | undefined): Record<string, string> {
  if (!a) return {};
  return { ...(a.entity ? { id: a.entity } : {}), ...(a.entities ?? {}) };
}

/** The URL with each path param filled: bound params from `ids`, the rest with a placeholder. */
function urlOf(op: Op, ids: Record<string, string>): string {
  const bound = bindings(op.access);
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const entity = bound[name];
    const v = entity ? ids[entity] : undefined;
    return encodeURIComponent(v ?? (name === 'key' ? 'orgs.count' : '00000000-0000-7000-8000-000000000000'));
  });
}

function requestOf(op: Op, url: string): InjectOptions {
  const withBody = op.method === 'POST' || op.method === 'PATCH' || op.method === 'PUT';
  return { method: op.method as InjectOptions['method'], url, ...(withBody ? { payload: {} } : {}) };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  observerA = await login(t.app, w.users.observerA, password);
  adminB = await login(t.app, w.users.adminB, password);
  const both = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'bothcounties', { role: 'committee_admin', orgId: w.countyB.id });
  bothCounties = await login(t.app, both, password);

  const personA = await adminA.post('/api/v1/people', { orgId: w.townA.id, name: '甲某', gender: 'F', birthDate: '2000-01-01' });
  const personB = await adminB.post('/api/v1/people', { orgId: w.townB.id, name: '乙某', gender: 'M', birthDate: '2000-01-01' });
  expect(personA.statusCode).toBe(201);
  expect(personB.statusCode).toBe(201);
  const accountOf = async (username: string) => {
    const [a] = await t.db.select().from(account).where(eq(account.username, username));
    if (!a) throw new Error(`no account ${username}`);
    const [g] = await t.db.select().from(accessGrant).where(eq(accessGrant.accountId, a.id));
    if (!g) throw new Error(`no grant for ${username}`);
    return { id: a.id, grantId: g.id };
  };
  // cadreA lives in county A, so adminA may manage it (never its own account: some rules refuse self).
  const cadreA = await accountOf(w.users.cadreA);
  const b = await accountOf(w.users.adminB);
  inScope = { org: String(w.townA.id), person: personA.json().id, account: cadreA.id, grant: cadreA.grantId };
  outOfScope = { org: String(w.townB.id), person: personB.json().id, account: b.id, grant: b.grantId };
  Object.assign(inScope, await volunteerFixtures(t.db, w.townA.id));
  Object.assign(outOfScope, await volunteerFixtures(t.db, w.townB.id));
  Object.assign(inScope, await hoursFixtures(t.db, w.townA.id, inScope.volunteer ?? ''));
  Object.assign(outOfScope, await hoursFixtures(t.db, w.townB.id, outOfScope.volunteer ?? ''));
  // members: a member and an open application in each county's branch
  for (const [client, branch, scope, n] of [
    [adminA, w.branchA, inScope, 1],
    [adminB, w.branchB, outOfScope, 2],
  ] as const) {
    const m = await client.post('/api/v1/members', {
      orgId: branch.id,
      person: { name: `团员${n}`, idNumber: makeIdNumber('430421', '2000-01-01', n * 2, 'F') },
      admittedOn: '2016-05-04',
    });
    const a = await client.post('/api/v1/member-applications', {
      orgId: branch.id,
      person: { name: `申请${n}`, idNumber: makeIdNumber('430421', '2009-01-01', n * 2 + 1, 'M') },
      appliedOn: '2025-01-10',
    });
    expect(m.statusCode, m.body).toBe(201);
    expect(a.statusCode, a.body).toBe(201);
    scope.member = m.json().id;
    scope.memberApplication = a.json().application.id;
  }
  Object.assign(inScope, await memberLifeFixtures(t.db, w.branchA.id, inScope.member ?? '', w.townA.id));
  Object.assign(outOfScope, await memberLifeFixtures(t.db, w.branchB.id, outOfScope.member ?? '', w.townB.id));
  Object.assign(inScope, await orgLifeFixtures(t.db, w.branchA.id));
  Object.assign(outOfScope, await orgLifeFixtures(t.db, w.branchB.id));
  Object.assign(inScope, await studyFixtures(t.db, w.townA.id));
  Object.assign(outOfScope, await studyFixtures(t.db, w.townB.id));
  // link requests belong, for access, to the org keeping the person they ask for
  Object.assign(inScope, await linkFixtures(t.db, personA.json().id, w.townB.id));
  Object.assign(outOfScope, await linkFixtures(t.db, personB.json().id, w.townA.id));
  Object.assign(inScope, await importFixtures(t.db, w.townA.id));
  Object.assign(outOfScope, await importFixtures(t.db, w.townB.id));
  Object.assign(inScope, await youthVoiceFixtures(t.db, w.townA.id, createPii(t.config.dataKey)));
  Object.assign(outOfScope, await youthVoiceFixtures(t.db, w.townB.id, createPii(t.config.dataKey)));
  Object.assign(inScope, await contactWorkFixtures(t.db, w.townA.id));
  Object.assign(outOfScope, await contactWorkFixtures(t.db, w.townB.id));
  Object.assign(inScope, await hotlineFixtures(t.db, w.townA.id));
  Object.assign(outOfScope, await hotlineFixtures(t.db, w.townB.id));

  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json() as { paths: Record<string, Record<string, { 'x-access'?: Access; parameters?: Param[] }>> };
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => methods.includes(m))
      .map(([m, op]) => ({
        method: m.toUpperCase(),
        path,
        access: op['x-access'],
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
  );
});
afterAll(async () => t?.close());

const api = () => ops.filter((op) => op.path.startsWith('/api/v1/'));
const guarded = () => api().filter((op) => op.access && !op.access.public);

describe('the route walker', () => {
  it('sees the API: known operations are in the document', () => {
    const names = api().map(label);
    for (const known of [
      'POST /api/v1/auth/login',
      'GET /api/v1/orgs/{id}',
      'POST /api/v1/orgs/{id}/import',
      'GET /api/v1/people/{id}/sensitive',
      'POST /api/v1/accounts/{id}/grants/{grantId}/revoke',
      'GET /api/v1/audit',
      'GET /api/v1/metrics/{key}/rows',
    ]) {
      expect(names).toContain(known);
    }
    expect(api().length).toBeGreaterThan(30);
  });

  it('every operation declares x-access', () => {
    const missing = api()
      .filter((op) => !op.access || !(op.access.public || op.access.self || op.access.permission))
      .map(label);
    expect(missing, `operations without an access decision: ${missing.join(', ')}`).toEqual([]);
  });

  it('every id-like path param of a permission route is bound to an entity, and every entity is known to this test', () => {
    const problems: string[] = [];
    for (const op of guarded()) {
      if (!op.access?.permission) continue;
      const bound = bindings(op.access);
      for (const p of op.pathParams) {
        if ((p === 'id' || p.endsWith('Id')) && !bound[p]) problems.push(`${label(op)}: {${p}} is not bound to an entity`);
      }
      for (const [p, entity] of Object.entries(bound)) {
        if (!op.pathParams.includes(p)) problems.push(`${label(op)}: binds {${p}} which is not a path param`);
        if (!(entity in outOfScope)) problems.push(`${label(op)}: entity '${entity}' has no out-of-scope id in this test; add one`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('anonymous callers get 401 everywhere except public operations', async () => {
    const wrong: string[] = [];
    for (const op of guarded()) {
      const res = await t.app.inject(requestOf(op, urlOf(op, outOfScope)));
      if (res.statusCode !== 401 || res.json().code !== 'unauthenticated') wrong.push(`${label(op)} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a forged or unknown session cookie is anonymous too', async () => {
    const wrong: string[] = [];
    for (const op of guarded()) {
      const res = await t.app.inject({ ...requestOf(op, urlOf(op, inScope)), cookies: { tw_session: 'not-a-session' } });
      if (res.statusCode !== 401) wrong.push(`${label(op)} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the observer gets 403 on every operation whose permission it lacks', async () => {
    const lacking = guarded().filter((op) => op.access?.permission && !rolePermissions.observer.includes(op.access.permission));
    expect(lacking.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const op of lacking) {
      // In-scope ids: the 403 must come from the permission, not from the scope.
      const res = await observerA.request(requestOf(op, urlOf(op, inScope)));
      if (res.statusCode !== 403 || res.json().code !== 'forbidden') wrong.push(`${label(op)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a committee admin of county A gets 404 for every entity that lives in county B', async () => {
    const bound = guarded().filter((op) => op.access?.permission && Object.keys(bindings(op.access)).length > 0);
    expect(bound.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const op of bound) {
      const perm = op.access?.permission;
      if (!perm || !rolePermissions.committee_admin.includes(perm)) continue;
      const res = await adminA.request(requestOf(op, urlOf(op, outOfScope)));
      if (res.statusCode !== 404 || res.json().code !== 'not_found') wrong.push(`${label(op)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      // Each bound param on its own: one out-of-scope id among in-scope ones is enough for 404.
      const params = Object.entries(bindings(op.access));
      if (params.length > 1) {
        for (const [, entity] of params) {
          const mixed = { ...inScope, [entity]: outOfScope[entity] ?? '' };
          const r = await adminA.request(requestOf(op, urlOf(op, mixed)));
          if (r.statusCode !== 404) wrong.push(`${label(op)} with only ${entity} out of scope → ${r.statusCode}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('ids that do not exist or are malformed answer 404 like out-of-scope ones', async () => {
    const missing = { org: '999999999', person: '01890000-0000-7000-8000-000000000000', account: '01890000-0000-7000-8000-000000000000', grant: 'x' };
    const wrong: string[] = [];
    for (const op of guarded().filter((o) => o.method === 'GET' && Object.keys(bindings(o.access)).length > 0)) {
      const res = await adminA.request(requestOf(op, urlOf(op, missing)));
      if (res.statusCode !== 404) wrong.push(`${label(op)} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('the same reads succeed with ids inside county A, so the 404s mean something', async () => {
    expect((await adminA.get(`/api/v1/orgs/${w.townA.id}`)).statusCode).toBe(200);
    const wrong: string[] = [];
    for (const op of guarded().filter((o) => o.method === 'GET' && Object.keys(bindings(o.access)).length > 0)) {
      const res = await adminA.request(requestOf(op, urlOf(op, inScope)));
      if (res.statusCode !== 200) wrong.push(`${label(op)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('an orgId query parameter outside the caller scope answers 404', async () => {
    const withOrgId = guarded().filter((op) => op.method === 'GET' && op.queryParams.includes('orgId') && op.access?.permission);
    expect(withOrgId.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const op of withOrgId) {
      const url = urlOf(op, inScope);
      const out = await adminA.get(`${url}?orgId=${w.townB.id}`);
      if (out.statusCode !== 404) wrong.push(`${label(op)}?orgId=<county B> → ${out.statusCode}`);
      const ok = await adminA.get(`${url}?orgId=${w.townA.id}`);
      if (ok.statusCode !== 200) wrong.push(`${label(op)}?orgId=<county A> → ${ok.statusCode} ${ok.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('an account with grants on two disjoint subtrees sees exactly the union of both, on every list and figure', async () => {
    type Listing = { items?: unknown[] };
    const key = (item: unknown) => {
      const o = item as Record<string, unknown>;
      return typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : JSON.stringify(item);
    };
    const lists = guarded().filter((op) => op.method === 'GET' && op.pathParams.length === 0 && op.access?.permission);
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const op of lists) {
      const [a, b, both] = await Promise.all([adminA.get(op.path), adminB.get(op.path), bothCounties.get(op.path)]);
      if (a.statusCode !== 200 || b.statusCode !== 200 || !a.headers['content-type']?.toString().includes('json')) continue;
      const [la, lb, lboth] = [a.json() as Listing, b.json() as Listing, both.json() as Listing];
      if (!Array.isArray(la.items) || !Array.isArray(lb.items)) continue;
      checked.push(label(op));
      const expected = new Set([...la.items, ...lb.items].map(key));
      const got = new Set((lboth.items ?? []).map(key));
      if (both.statusCode !== 200 || got.size !== expected.size || [...expected].some((k) => !got.has(k))) {
        wrong.push(`${label(op)}: A ${la.items.length} + B ${lb.items.length}, both ${both.statusCode} ${lboth.items?.length ?? both.body.slice(0, 80)}`);
      }
    }
    // Every figure: the total over both counties is the sum of each county's (they are disjoint).
    const metrics = (await adminA.get('/api/v1/metrics')).json() as { items: { key: string; kind: 'sum' | 'ratio' }[] };
    type Figure = { total: number; numerator?: number; denominator?: number };
    for (const m of metrics.items) {
      const url = `/api/v1/metrics/${encodeURIComponent(m.key)}?from=2000-01-01&to=2030-12-31`;
      const [a, b, both] = await Promise.all([adminA.get(url), adminB.get(url), bothCounties.get(url)]);
      checked.push(`metric ${m.key}`);
      if (a.statusCode !== 200 || b.statusCode !== 200 || both.statusCode !== 200) {
        wrong.push(`metric ${m.key}: ${a.statusCode}/${b.statusCode}/${both.statusCode}`);
        continue;
      }
      const [fa, fb, fboth] = [a.json() as Figure, b.json() as Figure, both.json() as Figure];
      const same =
        m.kind === 'ratio'
          ? fboth.numerator === (fa.numerator ?? 0) + (fb.numerator ?? 0) && fboth.denominator === (fa.denominator ?? 0) + (fb.denominator ?? 0)
          : Math.abs(fboth.total - (fa.total + fb.total)) < 1e-9;
      if (!same) wrong.push(`metric ${m.key}: A ${JSON.stringify(fa)} B ${JSON.stringify(fb)} both ${JSON.stringify(fboth)}`);
    }
    expect(checked.length).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });
});
