import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildAccount, buildOrg, buildWorld, password } from '../../test/factories.ts';
import { person } from '../people/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;

type Org = { id: number; path: string; depth: number; parentId: number | null; name: string; status: string };

async function create(parentId: number, name: string, kind = 'committee', c: TestClient = adminA): Promise<Org> {
  const res = await c.post('/api/v1/orgs', { parentId, name, kind });
  if (res.statusCode !== 201) throw new Error(`create ${name}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const get = async (id: number): Promise<Org> => (await adminA.get(`/api/v1/orgs/${id}`)).json();
const events = (entityId: number, action: string) =>
  t.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.entityId, String(entityId)), eq(auditEvent.action, action)));

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
});
afterAll(async () => t?.close());

describe('update', () => {
  it('updates fields and records before and after', async () => {
    const o = await create(w.townA.id, '待改名团委');
    const res = await adminA.patch(`/api/v1/orgs/${o.id}`, { name: '已改名团委', shortName: '改名', category: 'street', divisionCode: '430102001' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '已改名团委', shortName: '改名', category: 'street', categoryLabel: '街道', divisionCode: '430102001' });
    const [e] = await events(o.id, 'org.updated');
    expect(e?.before).toMatchObject({ name: '待改名团委' });
    expect(e?.after).toMatchObject({ name: '已改名团委' });
  });

  it('refuses a sibling’s name, a bad division code and a future establishment date, naming the field', async () => {
    const o = await create(w.townA.id, '改名冲突团委');
    const dup = await adminA.patch(`/api/v1/orgs/${o.id}`, { name: w.branchA.name });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('name');
    const code = await adminA.patch(`/api/v1/orgs/${o.id}`, { divisionCode: '4301' });
    expect(code.statusCode).toBe(400);
    expect(code.json().field).toBe('divisionCode');
    const future = await adminA.patch(`/api/v1/orgs/${o.id}`, { establishedOn: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('establishedOn');
  });

  it('a branch cannot have sub-organizations', async () => {
    const res = await adminA.post('/api/v1/orgs', { parentId: w.branchA.id, name: '支部下的团委', kind: 'committee' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'orgs.parent_is_branch', field: 'parentId' });
  });
});

describe('close', () => {
  it('is refused while active children remain, then closes leaf first, and a closed org cannot be edited', async () => {
    const parent = await create(w.townA.id, '待撤销团委');
    const child = await create(parent.id, '待撤销团支部', 'branch');
    const refused = await adminA.post(`/api/v1/orgs/${parent.id}/close`, { reason: '机构调整' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'orgs.active_children', field: 'id' });
    expect((await get(parent.id)).status).toBe('active');
    const closedChild = await adminA.post(`/api/v1/orgs/${child.id}/close`, { reason: '机构调整' });
    expect(closedChild.statusCode).toBe(200);
    expect(closedChild.json()).toMatchObject({ status: 'closed', statusLabel: '已撤销' });
    expect(closedChild.json().statusOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await adminA.post(`/api/v1/orgs/${parent.id}/close`, {})).statusCode).toBe(200);
    const again = await adminA.post(`/api/v1/orgs/${parent.id}/close`, {});
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'orgs.not_active', field: 'status' });
    const edit = await adminA.patch(`/api/v1/orgs/${child.id}`, { name: '复活团支部' });
    expect(edit.statusCode).toBe(422);
    expect(edit.json()).toMatchObject({ code: 'orgs.not_active', field: 'status' });
    expect(await events(child.id, 'org.closed')).toHaveLength(1);
    // Its name is free again among active siblings.
    expect((await adminA.post('/api/v1/orgs', { parentId: parent.parentId, name: '待撤销团委', kind: 'committee' })).statusCode).toBe(201);
  });

  it('the root cannot be closed, even by the platform admin', async () => {
    const platform = await login(t.app, w.users.platform, password);
    const leaf = await buildOrg(t.db, w.province, { name: '省直属团支部', kind: 'branch' });
    expect(leaf.parentId).toBe(w.province.id);
    const res = await platform.post(`/api/v1/orgs/${w.province.id}/close`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'orgs.root_fixed', field: 'id' });
    expect((await platform.get(`/api/v1/orgs/${w.province.id}`)).json().status).toBe('active');
  });
});

describe('merge', () => {
  it('moves children and people into the target, marks the org merged and records it', async () => {
    const from = await create(w.townA.id, '被合并团委');
    const into = await create(w.townA.id, '合并目标团委');
    const child = await create(from.id, '随迁团支部', 'branch');
    const p = await adminA.post('/api/v1/people', { orgId: from.id, name: '随迁人', gender: 'F', birthDate: '2001-01-01' });
    expect(p.statusCode).toBe(201);
    const res = await adminA.post(`/api/v1/orgs/${from.id}/merge`, { intoId: into.id, reason: '撤并' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'merged', mergedIntoId: into.id });
    const movedChild = await get(child.id);
    expect(movedChild.parentId).toBe(into.id);
    expect(movedChild.path).toBe(`${into.path}.${child.id}`);
    const [row] = await t.db.select().from(person).where(eq(person.id, p.json().id));
    expect(row?.orgId).toBe(into.id);
    const [merged] = await events(from.id, 'org.merged');
    expect(merged?.after).toMatchObject({ status: 'merged', intoId: into.id, children: 1, people: 1 });
    expect(await events(child.id, 'org.moved')).toHaveLength(1);
    // A merged org takes no more children, and cannot be merged again.
    const late = await adminA.post('/api/v1/orgs', { parentId: from.id, name: '迟到团支部', kind: 'branch' });
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({ code: 'org_inactive', field: 'parentId' });
    const twice = await adminA.post(`/api/v1/orgs/${from.id}/merge`, { intoId: into.id });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'orgs.not_active', field: 'status' });
  });

  it('refuses to merge into its own descendant or into an org outside scope', async () => {
    const top = await create(w.townA.id, '上层团委');
    const below = await create(top.id, '下层团委');
    const self = await adminA.post(`/api/v1/orgs/${top.id}/merge`, { intoId: below.id });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toMatchObject({ code: 'orgs.into_own_subtree', field: 'intoId' });
    expect((await adminA.post(`/api/v1/orgs/${top.id}/merge`, { intoId: w.townB.id })).statusCode).toBe(404);
    expect((await get(top.id)).status).toBe('active');
  });
});

describe('move', () => {
  it('rewrites the path and depth of every descendant', async () => {
    const m = await create(w.townA.id, '搬迁团委');
    const m1 = await create(m.id, '搬迁团总支', 'general_branch');
    const m2 = await create(m1.id, '搬迁团支部', 'branch');
    const dest = await create(w.countyA.id, '新上级团工委', 'working_committee');
    const res = await adminA.post(`/api/v1/orgs/${m.id}/move`, { parentId: dest.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ parentId: dest.id, path: `${dest.path}.${m.id}`, depth: dest.depth + 1 });
    const g = await get(m2.id);
    expect(g.path).toBe(`${dest.path}.${m.id}.${m1.id}.${m2.id}`);
    expect(g.depth).toBe(dest.depth + 3);
    expect((await get(m1.id)).path).toBe(`${dest.path}.${m.id}.${m1.id}`);
    // No row anywhere still carries the old prefix.
    const stale = await t.database.pool.query('select count(*)::int as n from org where path <@ $1::ltree', [`${w.townA.path}.${m.id}`]);
    expect(stale.rows[0].n).toBe(0);
    const ancestors = (await adminA.get(`/api/v1/orgs/${m2.id}/ancestors`)).json().items.map((o: Org) => o.id);
    expect(ancestors).toEqual([w.countyA.id, dest.id, m.id, m1.id, m2.id]);
  });

  it('names the rule when a kind change, a merge into a branch or a root move is refused', async () => {
    const parent = await create(w.townA.id, '有下级团委');
    await create(parent.id, '其下团支部', 'branch');
    const toBranch = await adminA.patch(`/api/v1/orgs/${parent.id}`, { kind: 'branch' });
    expect(toBranch.statusCode).toBe(422);
    expect(toBranch.json()).toMatchObject({ code: 'orgs.has_children', field: 'kind' });
    const intoBranch = await adminA.post(`/api/v1/orgs/${parent.id}/merge`, { intoId: w.branchA.id });
    expect(intoBranch.statusCode).toBe(422);
    expect(intoBranch.json()).toMatchObject({ code: 'orgs.children_into_branch', field: 'intoId' });
    const platform = await login(t.app, w.users.platform, password);
    const root = await platform.post(`/api/v1/orgs/${w.province.id}/move`, { parentId: w.city.id });
    expect(root.statusCode).toBe(422);
    expect(root.json()).toMatchObject({ code: 'orgs.root_fixed', field: 'parentId' });
  });

  it('refuses to move into another county', async () => {
    const o = await create(w.townA.id, '不许越界团委');
    expect((await adminA.post(`/api/v1/orgs/${o.id}/move`, { parentId: w.townB.id })).statusCode).toBe(404);
    expect((await get(o.id)).parentId).toBe(w.townA.id);
  });
});

describe('names', () => {
  it('refuses markup, naming the field', async () => {
    for (const name of ['<script>alert(1)</script>团委', '<b>粗体</b>团支部', '团委>']) {
      const res = await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name, kind: 'branch' });
      expect(res.statusCode, name).toBe(400);
      expect(res.json().field).toBe('name');
    }
  });

  it('stores SQL metacharacters verbatim and the org table survives', async () => {
    const name = `O'Brien"; drop table org;-- 团支部`;
    const res = await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name, kind: 'branch' });
    expect(res.statusCode).toBe(201);
    expect((await get(res.json().id)).name).toBe(name);
    const [row] = await t.db.select().from(org).where(eq(org.id, res.json().id));
    expect(row?.name).toBe(name);
    const found = await adminA.get(`/api/v1/orgs/search?q=${encodeURIComponent(`O'Brien"; drop`)}`);
    expect(found.json().items.map((o: Org) => o.name)).toEqual([name]);
    const { rows } = await t.database.pool.query("select to_regclass('public.org') is not null as present, (select count(*)::int from org) as n");
    expect(rows[0].present).toBe(true);
    expect(rows[0].n).toBeGreaterThan(8);
  });

  it('treats % and _ in a search as plain text', async () => {
    await create(w.townA.id, '百分之百_团委');
    const pct = (await adminA.get(`/api/v1/orgs/search?q=${encodeURIComponent('%')}`)).json().items;
    expect(pct).toEqual([]);
    const underscore = (await adminA.get(`/api/v1/orgs/search?q=${encodeURIComponent('百_团')}`)).json().items.map((o: Org) => o.name);
    expect(underscore).toEqual(['百分之百_团委']);
  });
});

describe('double submit', () => {
  it('concurrent identical creates make one org; the others get 409', async () => {
    // Several rounds of several requests, so that the race is actually run, not just a lucky order.
    for (let round = 0; round < 5; round++) {
      const body = { parentId: w.townA.id, name: `连点多次团支部${round}`, kind: 'branch' };
      const results = await Promise.all([1, 2, 3, 4].map(() => adminA.post('/api/v1/orgs', body)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
      for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().field).toBe('name');
      const rows = await t.db
        .select()
        .from(org)
        .where(and(eq(org.parentId, w.townA.id), eq(org.name, body.name)));
      expect(rows).toHaveLength(1);
      expect(await events(rows[0]?.id ?? 0, 'org.created')).toHaveLength(1);
    }
  });
});

describe('search and paging', () => {
  it('search finds by name within the caller scope only', async () => {
    const a = (await adminA.get(`/api/v1/orgs/search?q=${encodeURIComponent('镇团委')}`)).json().items.map((o: Org) => o.id);
    expect(a).toContain(w.townA.id);
    expect(a).not.toContain(w.townB.id);
    const b = (await adminB.get(`/api/v1/orgs/search?q=${encodeURIComponent('甲')}`)).json().items;
    expect(b).toEqual([]);
    const one = (await adminA.get(`/api/v1/orgs/search?q=${encodeURIComponent('甲村')}`)).json().items;
    expect(one).toHaveLength(1);
    expect(one[0].pathNames).toContain('甲镇团委');
  });

  it('pages children by keyset: no duplicates, none missing', async () => {
    const parent = await create(w.townA.id, '分页母团委');
    const made: number[] = [];
    for (let i = 0; i < 13; i++) made.push((await create(parent.id, `分页子团支部${String(i).padStart(2, '0')}`, 'branch')).id);
    // Division codes change the sort order for some of them: paging must still be exact.
    await adminA.patch(`/api/v1/orgs/${made[3]}`, { divisionCode: '430102001001' });
    await adminA.patch(`/api/v1/orgs/${made[9]}`, { divisionCode: '430102001000' });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await adminA.get(`/api/v1/orgs/${parent.id}/children?limit=5${q}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: Org[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(13);
    expect(new Set(seen)).toEqual(new Set(made));
    expect((await adminA.get(`/api/v1/orgs/${w.townA.id}/children?cursor=not-a-cursor`)).statusCode).toBe(400);
  });
});

describe('an account with grants on two separate counties', () => {
  it('sees the union of both subtrees in its roots and searches', async () => {
    const username = await buildAccount(t.db, 'committee_admin', w.countyA.id, 'orgstwocounties', { role: 'observer', orgId: w.countyB.id });
    const both = await login(t.app, username, password);
    const roots = (await both.get('/api/v1/orgs/roots')).json().items.map((o: Org) => o.id);
    expect(roots.sort()).toEqual([w.countyA.id, w.countyB.id].sort());
    const towns = (await both.get(`/api/v1/orgs/search?q=${encodeURIComponent('镇团委')}`)).json().items.map((o: Org) => o.id);
    expect(towns).toEqual(expect.arrayContaining([w.townA.id, w.townB.id]));
    expect((await both.get(`/api/v1/orgs/${w.townB.id}/ancestors`)).json().items.map((o: Org) => o.id)).toEqual([w.countyB.id, w.townB.id]);
    // Reading county B is granted, writing there is not.
    expect((await both.post('/api/v1/orgs', { parentId: w.townB.id, name: '只读县新团支部', kind: 'branch' })).statusCode).toBe(404);
  });
});
