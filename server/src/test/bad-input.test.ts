// Input a client can send that the schemas let through but the database cannot take (a malformed
// cursor, an id past bigint, a group value of the wrong type) answers 400, never 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from './factories.ts';
import { createTestApp, login, type TestClient } from './harness.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let adminA: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  const w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
});
afterAll(async () => t?.close());

describe('values the database refuses', () => {
  it.each([
    ['a cursor that is not an id', '/api/v1/volunteers?cursor=abc'],
    ['an org id past bigint', '/api/v1/members?orgId=9223372036854775808'],
    ['a drill-down group of the wrong type', '/api/v1/metrics/volunteers.byLevel/rows?groupBy=level&group=abc'],
    ['an impossible date', '/api/v1/metrics/orgs.count?from=2026-02-30'],
  ])('%s answers 400', async (_what, url) => {
    const res = await adminA.get(url);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation' });
  });

  it('malformed JSON bodies answer 400', async () => {
    for (const payload of ['{bad json', 'null', '[]', '"x"']) {
      const res = await adminA.request({ method: 'POST', url: '/api/v1/people', payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, payload).toBe(400);
    }
  });
});
