import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdersOf } from '../../platform/access/scope.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { notify } from './index.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;

const idOf = async (username: string) => {
  const [row] = await t.db.select({ id: account.id }).from(account).where(eq(account.username, username));
  if (!row) throw new Error(username);
  return row.id;
};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
});
afterAll(async () => t?.close());

describe('the message centre', () => {
  it('shows each account only its own messages, newest first, with the unread count', async () => {
    const a = await idOf(w.users.adminA);
    const b = await idOf(w.users.adminB);
    await t.db.transaction(async (tx) => {
      await notify(tx, { accountIds: [a, a], kind: 'test.first', title: { 'zh-CN': '第一条', 'en-US': 'First' }, link: '/x/1' });
      await notify(tx, { accountIds: [a, b], kind: 'test.second', title: { 'zh-CN': '第二条', 'en-US': 'Second' } });
    });
    const mine = (await adminA.get('/api/v1/me/notices')).json();
    // the same account named twice gets one message
    expect(mine.items.map((n: { kind: string }) => n.kind)).toEqual(['test.second', 'test.first']);
    expect(mine.unread).toBe(2);
    expect(mine.items[1]).toMatchObject({ title: { 'zh-CN': '第一条' }, link: '/x/1', readAt: null });
    expect((await adminB.get('/api/v1/me/notices')).json().items).toHaveLength(1);
  });

  it('a message written in a transaction that fails is not delivered', async () => {
    const a = await idOf(w.users.adminA);
    await expect(
      t.db.transaction(async (tx) => {
        await notify(tx, { accountIds: [a], kind: 'test.rolled_back', title: { 'zh-CN': '不应出现', 'en-US': 'Never' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const kinds = (await adminA.get('/api/v1/me/notices')).json().items.map((n: { kind: string }) => n.kind);
    expect(kinds).not.toContain('test.rolled_back');
  });

  it('marks read its own messages only: another account’s id answers 404 and stays unread', async () => {
    const theirs = (await adminB.get('/api/v1/me/notices')).json().items[0].id;
    expect((await adminA.post(`/api/v1/me/notices/${theirs}/read`)).statusCode).toBe(404);
    expect((await adminB.get('/api/v1/me/notices/unread-count')).json().unread).toBe(1);

    const first = (await adminA.get('/api/v1/me/notices')).json().items[0].id;
    expect((await adminA.post(`/api/v1/me/notices/${first}/read`)).statusCode).toBe(204);
    expect((await adminA.post(`/api/v1/me/notices/${first}/read`)).statusCode).toBe(204);
    expect((await adminA.get('/api/v1/me/notices/unread-count')).json().unread).toBe(1);
    expect((await adminA.get('/api/v1/me/notices?unread=true')).json().items).toHaveLength(1);
    expect((await adminA.post('/api/v1/me/notices/read-all')).json().marked).toBe(1);
    expect((await adminA.get('/api/v1/me/notices/unread-count')).json().unread).toBe(0);
    expect((await adminA.post('/api/v1/me/notices/not-a-uuid/read')).statusCode).toBe(400);
  });

  it('pages with a signed cursor', async () => {
    const page = (await adminA.get('/api/v1/me/notices?limit=1')).json();
    expect(page.items).toHaveLength(1);
    const next = (await adminA.get(`/api/v1/me/notices?limit=1&cursor=${page.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(page.items[0].id);
    expect((await adminA.get('/api/v1/me/notices?cursor=abc.def')).statusCode).toBe(400);
  });

  it('finds whom to tell: the holders of a permission over an org, or only the nearest level', async () => {
    const ids = Object.fromEntries(await Promise.all(Object.entries(w.users).map(async ([k, u]) => [k, await idOf(u)] as const)));
    const all = await holdersOf(t.db, 'service.write', w.branchA.path);
    expect(new Set(all)).toEqual(new Set([ids.secretaryA, ids.adminA, ids.cadreA, ids.cityAdmin]));
    expect(await holdersOf(t.db, 'service.write', w.branchA.path, { nearest: true })).toEqual([ids.secretaryA]);
    expect(new Set(await holdersOf(t.db, 'service.supervise', w.branchA.path, { nearest: true }))).toEqual(new Set([ids.adminA, ids.cadreA]));
    expect(await holdersOf(t.db, 'service.write', w.branchB.path)).not.toContain(ids.adminA);
  });
});
