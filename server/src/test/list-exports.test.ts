// The Excel downloads beside the member and organizational-life lists: the list's filters and
// the caller's scope, a header row in the caller's language, one row per listed item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberLifeFixtures } from '../modules/member-life/member-life.factories.ts';
import { buildMember, buildPerson, orgLifeFixtures } from '../modules/org-life/test-factories.ts';
import { makeIdNumber } from '../modules/people/index.ts';
import { buildWorld, password } from './factories.ts';
import { createTestApp, login, type TestClient } from './harness.ts';
import { downloadSheet as sheet } from './xlsx.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  adminB = await login(t.app, w.users.adminB, password);
  await orgLifeFixtures(t.db, w.branchA.id);
  await orgLifeFixtures(t.db, w.branchB.id);
});
afterAll(async () => t?.close());

describe('list downloads', () => {
  it('cadres: the status filter, Chinese and English headers, another county not listed', async () => {
    const p = await buildPerson(t.db, w.branchA.id, { name: '干部甲', education: '大学本科', politicalStatus: '中共党员' });
    const made = await adminA.post('/api/v1/cadres', { personId: p.id, orgId: w.branchA.id, post: 'secretary', kind: 'full_time', termStart: '2024-01-01' });
    expect(made.statusCode, made.body).toBe(201);
    const rows = await sheet(adminA, '/api/v1/cadres/export?status=active');
    expect(rows[0]?.slice(0, 3)).toEqual(['姓名', '性别', '出生日期']);
    const mine = rows.find((r) => r[0] === '干部甲');
    expect(mine).toBeDefined();
    expect(mine?.slice(4, 9)).toEqual(['大学本科', '中共党员', '甲村团支部', '书记', '专职']);
    // Only county A's cadres: the fixtures' one and ours.
    expect(rows.length - 1).toBe(2);
    expect((await sheet(adminA, '/api/v1/cadres/export', 'en-US'))[0]?.[0]).toBe('Name');
    expect((await adminA.get(`/api/v1/cadres/export?orgId=${w.branchB.id}`)).statusCode).toBe(404);
  });

  it('meetings: the period filter and scope', async () => {
    const rows = await sheet(adminA, '/api/v1/meetings/export?from=2024-01-01&to=2024-12-31');
    expect(rows[0]?.slice(0, 4)).toEqual(['日期', '团组织', '类型', '主题']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([['2024-03-01', '甲村团支部', '路由测试']]);
    expect((await sheet(adminA, '/api/v1/meetings/export?from=2025-01-01&to=2025-12-31')).length).toBe(1);
    expect((await adminB.get(`/api/v1/meetings/export?orgId=${w.branchA.id}`)).statusCode).toBe(404);
  });

  it('transfers: outgoing for the sender, incoming for the receiver', async () => {
    const m = await buildMember(t.db, w.branchA.id);
    await memberLifeFixtures(t.db, w.branchA.id, m.id, w.branchB.id);
    const out = await sheet(adminA, '/api/v1/transfers/export?direction=outgoing');
    expect(out[0]?.slice(0, 3)).toEqual(['姓名', '转出组织', '转入组织']);
    expect(out.length - 1).toBe(1);
    expect(out[1]?.[0]).toBe(m.person.name);
    const incoming = await sheet(adminB, '/api/v1/transfers/export?direction=incoming');
    expect(incoming.slice(1).map((r) => r[0])).toEqual([m.person.name]);
    expect((await sheet(adminA, '/api/v1/transfers/export?direction=incoming')).length).toBe(1);
  });

  it('development: applications of the subtree with their stage', async () => {
    const res = await adminA.post('/api/v1/member-applications', {
      orgId: w.branchA.id,
      person: { name: '申请人甲', idNumber: makeIdNumber('430421', '2008-06-01', 7, 'M') },
      appliedOn: '2025-01-10',
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await sheet(adminA, '/api/v1/member-applications/export');
    expect(rows[0]?.slice(0, 5)).toEqual(['姓名', '性别', '出生日期', '所在团组织', '所处阶段']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5]])).toEqual([['申请人甲', '男', '2008-06-01', '甲村团支部', '2025-01-10']]);
    expect((await adminB.get(`/api/v1/member-applications/export?orgId=${w.branchA.id}`)).statusCode).toBe(404);
  });
});
