import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../../modules.ts';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { exampleModule } from './index.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;

beforeAll(async () => {
  t = await createTestApp({}, { modules: [...modules, exampleModule] });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
});
afterAll(async () => t?.close());

describe('the example module of docs/adding-a-module.md', () => {
  it('lists only branches in the caller scope, and another county answers 404', async () => {
    const res = await adminA.get('/api/v1/example/branches');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([{ id: w.branchA.id, name: w.branchA.name }]);
    const other = await adminA.get(`/api/v1/example/branches?orgId=${w.countyB.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('not_found');
  });

  it('answers its own error code naming the field, at the edges of the league age', async () => {
    expect((await adminA.post('/api/v1/example/age-check', { birthDate: '2012-06-01', on: '2026-06-01' })).json()).toEqual({ age: 14 });
    const young = await adminA.post('/api/v1/example/age-check', { birthDate: '2012-06-02', on: '2026-06-01' });
    expect(young.statusCode).toBe(422);
    expect(young.json()).toMatchObject({ code: 'example.under_age', field: 'birthDate' });
    // born on 29 February: 28 on 1 March of a common year, not on 28 February
    expect((await adminA.post('/api/v1/example/age-check', { birthDate: '2000-02-29', on: '2028-02-28' })).json()).toEqual({ age: 27 });
    const old = await adminA.post('/api/v1/example/age-check', { birthDate: '2000-02-29', on: '2028-02-29' });
    expect(old.json()).toMatchObject({ code: 'example.over_age', field: 'birthDate' });
    expect(old.json().messages['zh-CN']).toContain('28');
  });

  it('contributes a figure through the registry, equal to its list and traceable to its rows', async () => {
    const figure = await adminA.get('/api/v1/metrics/example.branches');
    expect(figure.statusCode).toBe(200);
    expect(figure.json().total).toBe(1);
    const rows = await adminA.get('/api/v1/metrics/example.branches/rows');
    expect(rows.json().items).toEqual([{ id: w.branchA.id, name: w.branchA.name }]);
  });

  it('is tagged with its name in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/example/branches'].get.tags).toEqual(['example']);
  });
});
