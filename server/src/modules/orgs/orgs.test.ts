import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildWorld, password } from '../../test/factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
});
afterAll(async () => t?.close());

describe('org tree', () => {
  it('creates a child org and lists it under its parent', async () => {
    const res = await adminA.post('/api/v1/orgs', { parentId: w.townA.id, name: '新建村团支部', kind: 'branch', category: 'village' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.path).toBe(`${w.townA.path}.${created.id}`);
    const list = await adminA.get(`/api/v1/orgs/${w.townA.id}/children`);
    expect(list.json().items.map((o: { name: string }) => o.name)).toContain('新建村团支部');
  });

  it('refuses to move an org under its own descendant, naming the field', async () => {
    const res = await adminA.post(`/api/v1/orgs/${w.townA.id}/move`, { parentId: w.townA.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'orgs.into_own_subtree', field: 'parentId' });
    const res2 = await adminA.request({
      method: 'POST',
      url: `/api/v1/orgs/${w.countyA.id}/move`,
      payload: { parentId: w.townA.id },
      headers: { 'accept-language': 'en-US' },
    });
    expect(res2.statusCode).toBe(422);
    expect(res2.json()).toMatchObject({ code: 'orgs.into_own_subtree', field: 'parentId' });
    // The message follows the caller's language; both are sent.
    expect(res2.json().message).toBe(res2.json().messages['en-US']);
    expect(res2.json().messages['zh-CN']).not.toBe(res2.json().messages['en-US']);
  });

  it('answers 404 for an org in another county', async () => {
    expect((await adminA.get(`/api/v1/orgs/${w.townB.id}`)).statusCode).toBe(404);
    expect((await adminA.post('/api/v1/orgs', { parentId: w.townB.id, name: '越权团支部', kind: 'branch' })).statusCode).toBe(404);
  });
});
