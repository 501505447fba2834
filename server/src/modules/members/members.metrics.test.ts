import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { makeIdNumber } from '../people/index.ts';
import { member } from './members.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let cityAdmin: TestClient;
let seq = 700;
function idNo(birth: string): string {
  seq += 2;
  return makeIdNumber('430421', birth, seq, 'F');
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
  cityAdmin = await login(t.app, w.users.cityAdmin, password);
  const school = await buildOrg(t.db, w.countyA, { name: '甲县二中团委', category: 'school_middle' });
  const cls = await buildOrg(t.db, school, { name: '初三（1）班团支部', kind: 'branch', category: 'school_middle' });
  const add = async (orgId: number, admittedOn: string, over: Record<string, unknown> = {}) => {
    const res = await adminA.post('/api/v1/members', {
      orgId,
      person: { name: '某某', idNumber: idNo('2002-01-01'), phone: '13800000000', ...((over.person as object) ?? {}) },
      admittedOn,
      developmentNumber: admittedOn >= '2017-01-01' ? `${admittedOn.slice(0, 4)}${String(seq).padStart(8, '0')}` : null,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  await add(w.branchA.id, '2016-05-04'); // before 2017: no number needed, complete
  await add(w.branchA.id, '2024-05-04', { person: { phone: null } }); // no phone: incomplete
  const left = await add(w.branchA.id, '2024-06-01');
  await add(cls.id, '2024-07-01');
  await add(cls.id, '2025-03-01');
  await t.db.update(member).set({ status: 'left', leftOn: '2025-02-01', leftReason: 'voluntary' }).where(eq(member.id, left));
  await adminA.post('/api/v1/member-applications', { orgId: w.branchA.id, person: { name: '申请', idNumber: idNo('2009-05-05') }, appliedOn: '2025-01-10' });
});
afterAll(async () => t?.close());

const metric = (key: string, q: string) => adminA.get(`/api/v1/metrics/${key}?orgId=${w.countyA.id}&${q}`);

describe('member figures', () => {
  it('members.count: on the rolls at the period end, by status then, with drill-down rows', async () => {
    expect((await metric('members.count', 'from=2024-01-01&to=2024-12-31')).json().total).toBe(4);
    const byStatus = (await metric('members.count', 'from=2025-01-01&to=2025-12-31&groupBy=status')).json();
    expect(Object.fromEntries(byStatus.groups.map((g: { group: string; value: number }) => [g.group, g.value]))).toEqual({ active: 4, left: 1 });
    expect((await metric('members.count', 'from=2025-01-01&to=2025-12-31')).json().total).toBe(4);
    const rows = (await adminA.get(`/api/v1/metrics/members.count/rows?orgId=${w.countyA.id}&from=2025-01-01&to=2025-12-31&groupBy=status&group=left`)).json();
    expect(rows.items).toHaveLength(1);
  });

  it('members.admitted: admissions in the period by org category', async () => {
    const r = (await metric('members.admitted', 'from=2024-01-01&to=2024-12-31&groupBy=category')).json();
    expect(r.total).toBe(3);
    expect(Object.fromEntries(r.groups.map((g: { group: string; value: number }) => [g.group, g.value]))).toEqual({ village: 2, school_middle: 1 });
    const rows = (
      await adminA.get(`/api/v1/metrics/members.admitted/rows?orgId=${w.countyA.id}&from=2024-01-01&to=2024-12-31&groupBy=category&group=school_middle`)
    ).json();
    expect(rows.items.map((i: { orgName: string }) => i.orgName)).toEqual(['初三（1）班团支部']);
  });

  it('members.development: open applications by stage', async () => {
    const r = (await metric('members.development', 'from=2025-01-01&to=2025-12-31&groupBy=stage')).json();
    expect(r.groups).toEqual([{ group: 'applied', label: '已递交入团申请', value: 1 }]);
    expect((await metric('members.development', 'from=2024-01-01&to=2024-12-31')).json().total).toBe(0);
  });

  it('members.recordCompleteness: share of complete active records; rows list the incomplete ones', async () => {
    const r = (await metric('members.recordCompleteness', 'from=2025-01-01&to=2025-12-31')).json();
    expect(r.total).toBe(75);
    const rows = (await adminA.get(`/api/v1/metrics/members.recordCompleteness/rows?orgId=${w.countyA.id}&from=2025-01-01&to=2025-12-31`)).json();
    expect(rows.items).toHaveLength(1);
    expect(rows.items[0].phone).toBe('缺');
    // County B has no members: 0, not a division by zero.
    expect((await cityAdmin.get(`/api/v1/metrics/members.recordCompleteness?orgId=${w.countyB.id}`)).json().total).toBe(0);
  });
});
