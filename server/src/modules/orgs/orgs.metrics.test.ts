import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let observerA: TestClient;
/** A subtree of known shape: root (committee) → 2 general branches → 3 branches, with fixed dates. */
let root: { id: number; path: string };
const period = 'from=2024-01-01&to=2024-12-31';

type Metric = { total: number; groups: { group: string | null; label: string; value: number }[] };

async function make(parentId: number, name: string, kind: string, establishedOn: string, category?: string) {
  const res = await adminA.post('/api/v1/orgs', { parentId, name, kind, establishedOn, ...(category ? { category } : {}) });
  if (res.statusCode !== 201) throw new Error(`${name}: ${res.body}`);
  return res.json() as { id: number; path: string };
}
const metric = async (c: TestClient, key: string, q: string): Promise<Metric> => {
  const res = await c.get(`/api/v1/metrics/${key}?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
async function rows(key: string, q: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await adminA.get(`/api/v1/metrics/${key}/rows?${q}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    out.push(...res.json().items);
    cursor = res.json().nextCursor;
    if (!cursor) break;
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  observerA = await login(t.app, w.users.observerA, password);
  root = await make(w.townA.id, '指标根团委', 'committee', '2018-01-01', 'township');
  const g1 = await make(root.id, '指标团总支一', 'general_branch', '2019-06-01', 'school_middle');
  const g2 = await make(root.id, '指标团总支二', 'general_branch', '2024-03-01', 'school_middle');
  await make(g1.id, '指标团支部一', 'branch', '2024-05-04', 'village');
  await make(g1.id, '指标团支部二', 'branch', '2023-05-04');
  await make(g2.id, '指标团支部三', 'branch', '2025-02-02', 'village');
});
afterAll(async () => t?.close());

describe('metrics', () => {
  it('lists orgs.count and orgs.created with their dimensions', async () => {
    const res = await observerA.get('/api/v1/metrics');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; dimensions: { key: string }[] }[];
    const keys = items.map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['orgs.count', 'orgs.created']));
    expect(items.find((m) => m.key === 'orgs.count')?.dimensions.map((d) => d.key)).toEqual(['kind', 'category']);
  });

  it('counts the orgs existing at the end of the period, and groups that sum to the total', async () => {
    // At the end of 2024: root, both general branches, branches one and two (three is from 2025).
    const total = await metric(adminA, 'orgs.count', `orgId=${root.id}&${period}`);
    expect(total.total).toBe(5);
    const byKind = await metric(adminA, 'orgs.count', `orgId=${root.id}&${period}&groupBy=kind`);
    expect(byKind.total).toBe(5);
    expect(byKind.groups.reduce((s, g) => s + g.value, 0)).toBe(5);
    expect(Object.fromEntries(byKind.groups.map((g) => [g.group, g.value]))).toEqual({ committee: 1, general_branch: 2, branch: 2 });
    expect(byKind.groups.find((g) => g.group === 'branch')?.label).toBe('团支部');
    const byCategory = await metric(adminA, 'orgs.count', `orgId=${root.id}&${period}&groupBy=category`);
    expect(byCategory.groups.reduce((s, g) => s + g.value, 0)).toBe(5);
    expect(byCategory.groups.find((g) => g.group === null)?.label).toBe('未分类');
    // The whole county, grouped, also sums to its total.
    const county = await metric(adminA, 'orgs.count', `orgId=${w.countyA.id}&${period}&groupBy=kind`);
    expect(county.groups.reduce((s, g) => s + g.value, 0)).toBe(county.total);
    const earlier = await metric(adminA, 'orgs.count', `orgId=${root.id}&from=2019-01-01&to=2019-12-31`);
    expect(earlier.total).toBe(2);
  });

  it('orgs.created counts the orgs established in the period', async () => {
    expect((await metric(adminA, 'orgs.created', `orgId=${root.id}&${period}`)).total).toBe(2);
    expect((await metric(adminA, 'orgs.created', `orgId=${root.id}&from=2023-01-01&to=2025-12-31`)).total).toBe(4);
  });

  it('lists the orgs behind each group; their number equals the group value', async () => {
    for (const groupBy of ['kind', 'category']) {
      const m = await metric(adminA, 'orgs.count', `orgId=${root.id}&${period}&groupBy=${groupBy}`);
      for (const g of m.groups) {
        const q = `orgId=${root.id}&${period}&groupBy=${groupBy}${g.group === null ? '' : `&group=${g.group}`}`;
        const behind = await rows('orgs.count', q);
        expect(behind, `${groupBy}=${g.group}`).toHaveLength(g.value);
        expect(new Set(behind.map((r) => r.id)).size).toBe(g.value);
        for (const r of behind) expect(String(r.path).startsWith(root.path)).toBe(true);
      }
    }
    const all = await rows('orgs.count', `orgId=${root.id}&${period}`);
    expect(all).toHaveLength(5);
  });

  it('answers 404 for a subtree the caller cannot see, and names bad parameters', async () => {
    expect((await adminA.get(`/api/v1/metrics/orgs.count?orgId=${w.townB.id}&${period}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/metrics/orgs.count/rows?orgId=${w.townB.id}&${period}`)).statusCode).toBe(404);
    expect((await observerA.get(`/api/v1/metrics/orgs.count?orgId=${w.city.id}&${period}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/metrics/no.such.metric?${period}`)).statusCode).toBe(404);
    const badGroup = await adminA.get(`/api/v1/metrics/orgs.count?${period}&groupBy=colour`);
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.json().field).toBe('groupBy');
    const backwards = await adminA.get('/api/v1/metrics/orgs.count?from=2024-12-31&to=2024-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().field).toBe('from');
  });

  it('without orgId, counts the caller’s own scope', async () => {
    const own = await metric(observerA, 'orgs.count', period);
    const county = await metric(adminA, 'orgs.count', `orgId=${w.countyA.id}&${period}`);
    expect(own.total).toBe(county.total);
  });

  it('a closed org stops counting after its close date', async () => {
    const leaf = await make(root.id, '将撤销团支部', 'branch', '2020-01-01');
    expect((await adminA.post(`/api/v1/orgs/${leaf.id}/close`, { reason: '测试' })).statusCode).toBe(200);
    // Pin the close date instead of reading the clock.
    await t.db.update(org).set({ statusOn: '2024-06-30' }).where(eq(org.id, leaf.id));
    const before = await metric(adminA, 'orgs.count', `orgId=${root.id}&from=2024-01-01&to=2024-06-29`);
    const onDay = await metric(adminA, 'orgs.count', `orgId=${root.id}&from=2024-01-01&to=2024-06-30`);
    const after = await metric(adminA, 'orgs.count', `orgId=${root.id}&${period}`);
    // On 2024-06-29: the five orgs of the first test (all established by then) plus the leaf.
    expect(before.total).toBe(6);
    // Closed on 2024-06-30: it no longer exists at the end of that day, nor of the year.
    expect(onDay.total).toBe(5);
    expect(after.total).toBe(5);
    const ids = (await rows('orgs.count', `orgId=${root.id}&${period}`)).map((r) => r.id);
    expect(ids).not.toContain(leaf.id);
    expect((await rows('orgs.count', `orgId=${root.id}&from=2024-01-01&to=2024-06-29`)).map((r) => r.id)).toContain(leaf.id);
  });
});
