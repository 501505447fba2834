import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { defineSetting, getSetting } from './settings.ts';

const trainingMonths = defineSetting({
  key: 'test.trainingMonths',
  label: { 'zh-CN': '培养期（月）', 'en-US': 'Training months' },
  schema: Type.Integer({ minimum: 3, maximum: 6 }),
  default: 3,
});

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let cityAdmin: TestClient;
let adminA: TestClient;
let observer: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  cityAdmin = await login(t.app, w.users.cityAdmin, password);
  adminA = await login(t.app, w.users.adminA, password);
  observer = await login(t.app, w.users.observerA, password);
});
afterAll(async () => t?.close());

describe('per-subtree settings', () => {
  it('uses the default until someone sets a value, then the nearest ancestor wins', async () => {
    expect(await getSetting(t.db, w.branchA.path, trainingMonths)).toBe(3);
    expect((await cityAdmin.request({ method: 'PUT', url: `/api/v1/orgs/${w.city.id}/settings/test.trainingMonths`, payload: { value: 4 } })).statusCode).toBe(
      204,
    );
    expect(await getSetting(t.db, w.branchA.path, trainingMonths)).toBe(4);
    expect((await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyA.id}/settings/test.trainingMonths`, payload: { value: 6 } })).statusCode).toBe(
      204,
    );
    expect(await getSetting(t.db, w.branchA.path, trainingMonths)).toBe(6);
    expect(await getSetting(t.db, w.branchB.path, trainingMonths)).toBe(4);

    const list = await adminA.get(`/api/v1/orgs/${w.branchA.id}/settings`);
    const item = list.json().items.find((s: { key: string }) => s.key === 'test.trainingMonths');
    expect(item).toMatchObject({ value: 6, default: 3, source: { orgId: w.countyA.id } });

    expect((await adminA.post(`/api/v1/orgs/${w.countyA.id}/settings/test.trainingMonths/reset`)).statusCode).toBe(204);
    expect(await getSetting(t.db, w.branchA.path, trainingMonths)).toBe(4);
  });

  it('refuses values outside the rule, naming the field, and keeps scope and permission', async () => {
    const bad = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyA.id}/settings/test.trainingMonths`, payload: { value: 12 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('value');
    const other = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyB.id}/settings/test.trainingMonths`, payload: { value: 5 } });
    expect(other.statusCode).toBe(404);
    const ro = await observer.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyA.id}/settings/test.trainingMonths`, payload: { value: 5 } });
    expect(ro.statusCode).toBe(403);
    const unknown = await adminA.request({ method: 'PUT', url: `/api/v1/orgs/${w.countyA.id}/settings/no.such`, payload: { value: 5 } });
    expect(unknown.statusCode).toBe(404);
  });

  it('audits every change', async () => {
    const res = await cityAdmin.get(`/api/v1/audit?entity=setting`);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('setting.changed');
    expect(actions).toContain('setting.reset');
  });
});
