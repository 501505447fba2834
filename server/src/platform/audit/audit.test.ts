import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from './audit.schema.ts';
import { account } from '../auth/auth.schema.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildWorld, password } from '../../test/factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;

type Event = { id: number; action: string; entity: string; entityId: string; orgId: number | null; actorUsername: string | null; requestId: string | null };

async function eventCount(): Promise<number> {
  const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvent);
  return r?.n ?? 0;
}
async function all(c: TestClient, query = ''): Promise<Event[]> {
  const out: Event[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = query ? '&' : '';
    const res = await c.get(`/api/v1/audit?limit=100${sep}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode).toBe(200);
    const page = res.json() as { items: Event[]; nextCursor: string | null };
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  // Some activity on both sides.
  for (const [c, parentId, name] of [
    [adminA, w.townA.id, '审计甲团支部'],
    [adminB, w.townB.id, '审计乙团支部'],
  ] as const) {
    expect((await c.post('/api/v1/orgs', { parentId, name, kind: 'branch' })).statusCode).toBe(201);
    expect((await c.post('/api/v1/people', { orgId: parentId, name: '审计人', gender: 'F', birthDate: '2001-01-01' })).statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

describe('audit events are written with the change', () => {
  it('a successful create writes one event with actor, request id and org', async () => {
    const res = await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '有审计团支部', kind: 'branch' });
    const id = String(res.json().id);
    const events = await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'org.created', entity: 'org', actorUsername: w.users.adminA, orgId: res.json().id, orgPath: res.json().path });
    expect(events[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('failed creates write none: validation, conflict, scope', async () => {
    const n = await eventCount();
    expect((await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '<x>', kind: 'branch' })).statusCode).toBe(400);
    expect((await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: w.branchA.name, kind: 'branch' })).statusCode).toBe(409);
    expect((await adminA.post('/api/v1/orgs', { parentId: w.townB.id, name: '越界审计团支部', kind: 'branch' })).statusCode).toBe(404);
    expect((await adminA.post('/api/v1/people', { orgId: w.townA.id, name: '坏身份证', idNumber: '123' })).statusCode).toBe(400);
    expect(await eventCount()).toBe(n);
  });

  it('a change that fails after writing its first event rolls the event back with it', async () => {
    // The account row and its 'account.created' event are written before the grant is refused.
    const n = await eventCount();
    const res = await adminA.post('/api/v1/accounts', {
      username: 'halfmade',
      displayName: '半成品',
      orgId: w.townA.id,
      password: 'Good-pass-2026',
      role: 'platform_admin',
      grantOrgId: w.townA.id,
    });
    expect(res.statusCode).toBe(422);
    expect(await eventCount()).toBe(n);
    expect(await t.db.select().from(account).where(eq(account.username, 'halfmade'))).toHaveLength(0);
  });

  it('a change writes its event: update, close, person update', async () => {
    const o = (await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '多事团支部', kind: 'branch' })).json();
    await adminA.patch(`/api/v1/orgs/${o.id}`, { shortName: '多事' });
    await adminA.post(`/api/v1/orgs/${o.id}/close`, { reason: '测试' });
    const p = (await adminA.post('/api/v1/people', { orgId: w.townA.id, name: '改名人', gender: 'M', birthDate: '2000-02-02' })).json();
    await adminA.patch(`/api/v1/people/${p.id}`, { name: '已改名人' });
    const orgActions = (
      await t.db
        .select()
        .from(auditEvent)
        .where(eq(auditEvent.entityId, String(o.id)))
    ).map((e) => e.action);
    expect(orgActions).toEqual(['org.created', 'org.updated', 'org.closed']);
    const personActions = (await t.db.select().from(auditEvent).where(eq(auditEvent.entityId, p.id))).map((e) => e.action);
    expect(personActions).toEqual(['person.created', 'person.updated']);
  });
});

describe('GET /audit', () => {
  it('is scoped: county A admin never sees county B events; the city admin sees both', async () => {
    const seenByA = await all(adminA);
    expect(seenByA.length).toBeGreaterThan(3);
    const { rows } = await t.database.pool.query('select id from audit_event where org_path <@ $1::ltree', [w.countyB.path]);
    const bIds = new Set(rows.map((r: { id: number }) => Number(r.id)));
    expect(bIds.size).toBeGreaterThan(0);
    expect(seenByA.filter((e) => bIds.has(e.id))).toEqual([]);
    expect(seenByA.some((e) => e.actorUsername === w.users.adminB)).toBe(false);
    const { rows: outside } = await t.database.pool.query('select id from audit_event where org_path is null or not org_path <@ $1::ltree', [w.countyA.path]);
    const outsideIds = new Set(outside.map((r: { id: number }) => Number(r.id)));
    expect(seenByA.filter((e) => outsideIds.has(e.id))).toEqual([]);
    const seenByCity = await all(await login(t.app, w.users.cityAdmin, password));
    const cityIds = new Set(seenByCity.map((e) => e.id));
    expect([...bIds].every((id) => cityIds.has(id))).toBe(true);
    expect(seenByA.every((e) => cityIds.has(e.id))).toBe(true);
  });

  it('pages without duplicates', async () => {
    const one = await all(adminA);
    const paged: Event[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Event[]; nextCursor: string | null } = (
        await adminA.get(`/api/v1/audit?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      ).json();
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((e) => e.id)).toEqual(one.map((e) => e.id));
  });

  it('filters by action, entity, entity id and org', async () => {
    const created = await all(adminA, 'action=org.created');
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((e) => e.action === 'org.created')).toBe(true);
    const orgActions = await all(adminA, 'action=org.');
    expect(new Set(orgActions.map((e) => e.action))).toEqual(new Set(['org.created', 'org.updated', 'org.closed']));
    const people = await all(adminA, 'entity=person');
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((e) => e.entity === 'person')).toBe(true);
    const wildcard = await all(adminA, `action=${encodeURIComponent('%')}`);
    expect(wildcard).toEqual([]);
    const one = created[0];
    const byId = await all(adminA, `entity=org&entityId=${one?.entityId}`);
    expect(byId.map((e) => e.id)).toContain(one?.id);
    expect(byId.every((e) => e.entityId === one?.entityId)).toBe(true);
    const inTown = await all(adminA, `orgId=${w.townA.id}`);
    expect(inTown.length).toBeGreaterThan(0);
    expect((await adminA.get(`/api/v1/audit?orgId=${w.townB.id}`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/audit?orgId=${w.townA.id}`)).statusCode).toBe(404);
  });

  it('is refused to the observer, who lacks audit.read', async () => {
    const observer = await login(t.app, w.users.observerA, password);
    expect((await observer.get('/api/v1/audit')).statusCode).toBe(403);
  });
});
