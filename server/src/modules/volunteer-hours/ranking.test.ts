import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { buildVolunteer } from '../../test/volunteers.factories.ts';
import { recordHours } from './volunteer-hours.factories.ts';
import { topVolunteers } from './volunteer-hours.queries.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let cityAdmin: TestClient;
const vA: { id: string; number: string }[] = [];
let vB: { id: string; number: string };

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password, { ip: '10.4.0.1' });
  adminB = await login(t.app, w.users.adminB, password, { ip: '10.4.0.2' });
  cityAdmin = await login(t.app, w.users.cityAdmin, password, { ip: '10.4.0.3' });
  for (let i = 0; i < 5; i++) vA.push(await buildVolunteer(t.db, i % 2 ? w.townA.id : w.branchA.id));
  vB = await buildVolunteer(t.db, w.townB.id);
  const h = (v: { id: string }, orgId: number, serviceDate: string, hours: number) => ({ volunteerId: v.id, orgId, serviceDate, minutes: hours * 60 });
  const [a0, a1, a2, a3, a4] = vA as [(typeof vA)[0], (typeof vA)[0], (typeof vA)[0], (typeof vA)[0], (typeof vA)[0]];
  const entries = await recordHours(t.db, [
    h(a0, w.townA.id, '2025-03-05', 2),
    h(a0, w.branchA.id, '2025-04-20', 3), // 5 h over two orgs of the county
    h(a1, w.townA.id, '2025-03-10', 3),
    h(a2, w.branchA.id, '2025-03-31', 3), // ties with a1
    h(a3, w.townA.id, '2025-05-02', 1),
    h(a4, w.townA.id, '2025-03-03', 4), // reversed below: not ranked
    h(vB, w.townB.id, '2025-03-15', 10),
    h(a1, w.townB.id, '2025-03-16', 6), // served in county B too: counts only there
  ]);
  const rev = entries.find((e) => e.volunteerId === a4.id);
  if (rev)
    await recordHours(t.db, [{ volunteerId: rev.volunteerId, orgId: rev.orgId, serviceDate: rev.serviceDate, minutes: -rev.minutes, reversesId: rev.id }]);
});
afterAll(async () => t?.close());

const q = 'from=2025-01-01&to=2025-12-31';

describe('volunteer ranking', () => {
  it('ranks hours recorded in the caller’s subtree, ties sharing a place in a stable order', async () => {
    const res = await adminA.get(`/api/v1/volunteer-hours/ranking?${q}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2025-01-01', to: '2025-12-31' });
    const [a0, a1, a2, a3] = vA as [(typeof vA)[0], (typeof vA)[0], (typeof vA)[0], (typeof vA)[0]];
    // a1 and a2 tie at 3 h: volunteer id order (registration order), both second
    const tied = [a1, a2].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(body.items.map((r: { number: string; rank: number; hours: number }) => [r.number, r.rank, r.hours])).toEqual([
      [a0.number, 1, 5],
      [tied[0]?.number, 2, 3],
      [tied[1]?.number, 2, 3],
      [a3.number, 4, 1],
    ]);
    // only name, volunteer number, org name, hours and star level
    expect(Object.keys(body.items[0]).sort()).toEqual(['hours', 'name', 'number', 'orgName', 'rank', 'starLevel']);
    expect(body.items[0]).toMatchObject({ starLevel: 0, orgName: w.branchA.name });
    // the same data ranks the same every time
    expect((await adminA.get(`/api/v1/volunteer-hours/ranking?${q}`)).json()).toEqual(body);
  });

  it('a county admin sees only the county; another county’s org answers 404', async () => {
    const b = (await adminB.get(`/api/v1/volunteer-hours/ranking?${q}`)).json();
    expect(b.items.map((r: { number: string; hours: number }) => [r.number, r.hours])).toEqual([
      [vB.number, 10],
      [vA[1]?.number, 6],
    ]);
    expect((await adminB.get(`/api/v1/volunteer-hours/ranking?orgId=${w.townA.id}&${q}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/volunteer-hours/ranking?orgId=${w.countyB.id}&${q}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/volunteer-hours/ranking?orgId=${w.city.id}&${q}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/volunteer-hours/ranking?orgId=999999&${q}`)).statusCode).toBe(404);
    // the city sees both counties, a1's hours summed across them
    const city = (await cityAdmin.get(`/api/v1/volunteer-hours/ranking?orgId=${w.city.id}&${q}`)).json();
    expect(city.items.slice(0, 2).map((r: { number: string; hours: number }) => [r.number, r.hours])).toEqual([
      [vB.number, 10],
      [vA[1]?.number, 9],
    ]);
  });

  it('takes partial months from the ledger, a limit, and refuses a reversed period', async () => {
    const march = (await adminA.get('/api/v1/volunteer-hours/ranking?from=2025-03-06&to=2025-04-30&limit=2')).json();
    expect(march.items.map((r: { hours: number }) => r.hours)).toEqual([3, 3]);
    const april = (await adminA.get(`/api/v1/volunteer-hours/ranking?orgId=${w.branchA.id}&from=2025-04-01&to=2025-04-30`)).json();
    expect(april.items.map((r: { number: string; hours: number }) => [r.number, r.hours])).toEqual([[vA[0]?.number, 3]]);
    const bad = await adminA.get('/api/v1/volunteer-hours/ranking?from=2025-05-01&to=2025-04-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('from');
  });

  it('exports the same ranking to Excel, in the caller’s scope', async () => {
    const res = await adminA.get(`/api/v1/volunteer-hours/ranking/export?${q}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('志愿者时长排行-2025-01-01-2025-12-31');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]?.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    expect(rows[0]).toEqual(['名次', '姓名', '志愿者编号', '注册组织', '时长（小时）', '星级']);
    expect(rows.slice(1).map((r) => r[2])).toEqual(
      (await adminA.get(`/api/v1/volunteer-hours/ranking?${q}`)).json().items.map((r: { number: string }) => r.number),
    );
    expect((await adminB.get(`/api/v1/volunteer-hours/ranking/export?orgId=${w.townA.id}`)).statusCode).toBe(404);
  });
});

describe('topVolunteers', () => {
  it('walking volunteers by year total finds the same top N as summing everyone, at any batch size', async () => {
    for (const [from, to] of [
      ['2025-01-01', '2025-12-31'],
      ['2025-03-01', '2025-03-31'],
      ['2025-03-06', '2025-04-30'],
      ['2025-04-01', '2025-12-31'],
    ] as const) {
      for (const paths of [[w.city.path], [w.countyA.path], [w.townA.path], [w.countyB.path], [w.townA.path, w.townB.path]]) {
        for (const limit of [1, 2, 3, 10]) {
          const whole = await topVolunteers(t.db, paths, from, to, limit, { batch: 1, batches: 0 });
          for (const batch of [1, 2, 3, 500]) {
            expect({ from, to, paths, limit, batch, top: await topVolunteers(t.db, paths, from, to, limit, { batch, batches: 100 }) }).toEqual({
              from,
              to,
              paths,
              limit,
              batch,
              top: whole,
            });
          }
        }
      }
    }
  });
});
