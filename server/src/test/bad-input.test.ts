// Input a client can send that must be refused before it reaches the database (a forged cursor, an
// id past int32 or bigint, an impossible date, a value beside an enum, a malformed or oversized body):
// 400 (413 for size) naming the field, in Chinese by default, never 500 and never ajv's raw words.
import type { FastifyRequest, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDatabaseRefusal } from '../platform/validation.ts';
import { multipart } from './fuzz.arbitraries.ts';
import { buildWorld, password } from './factories.ts';
import { createTestApp, login, type TestClient } from './harness.ts';
import { volunteerFixtures } from './volunteers.factories.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  adminA = await login(t.app, w.users.adminA, password);
});
afterAll(async () => t?.close());

type Problem = { status: number; code: string; field?: string; message: string; messages: { 'zh-CN': string; 'en-US': string } };

/** The answer is `status` naming `field`, its message in Chinese (the default language) containing `says`. */
function refused(res: LightMyRequestResponse, field: string, says: string | RegExp, status = 400): Problem {
  expect(res.statusCode, res.body).toBe(status);
  const p = res.json() as Problem;
  expect(p.field, res.body).toBe(field);
  expect(p.message, res.body).toBe(p.messages['zh-CN']);
  expect(p.message, res.body).toMatch(/[\u4e00-\u9fa5]/);
  expect(p.message, res.body).toMatch(says);
  for (const m of Object.values(p.messages)) expect(m, res.body).not.toMatch(/must be null|must match|must be equal to/);
  return p;
}

const postJson = (url: string, payload: string | object) =>
  adminA.request({
    method: 'POST',
    url,
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': 'application/json' },
  });

describe('page cursors', () => {
  it('a garbage cursor answers 400 naming the cursor', async () => {
    refused(await adminA.get('/api/v1/volunteers?cursor=abc'), 'cursor', '分页游标');
    refused(await adminA.get('/api/v1/members?cursor=!!!'), 'cursor', '分页游标');
  });

  it('a well-formed cursor this server did not sign answers 400 naming the cursor', async () => {
    const body = Buffer.from(JSON.stringify(['00000000-0000-7000-8000-000000000000'])).toString('base64url');
    const forged = `${body}.${'A'.repeat(16)}`;
    for (const url of ['/api/v1/members', '/api/v1/volunteers', '/api/v1/people', '/api/v1/audit']) {
      refused(await adminA.get(`${url}?cursor=${forged}`), 'cursor', '分页游标');
    }
    refused(await adminA.get(`/api/v1/metrics/orgs.count/rows?cursor=${forged}`), 'cursor', '分页游标');
  });

  it('a cursor handed out by one list pages it on', async () => {
    for (const name of ['甲某', '乙某']) {
      const res = await postJson('/api/v1/people', { orgId: w.townA.id, name, gender: 'F', birthDate: '2000-01-01' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const first = await adminA.get(`/api/v1/people?orgId=${w.townA.id}&limit=1`);
    const next = (first.json() as { nextCursor: string | null }).nextCursor;
    expect(next).toMatch(/^[\w-]+\.[\w-]{16}$/);
    expect((await adminA.get(`/api/v1/people?orgId=${w.townA.id}&limit=1&cursor=${next}`)).statusCode).toBe(200);
  });
});

describe('integers', () => {
  it('an integer past int32 answers 400 naming the field', async () => {
    refused(await adminA.get('/api/v1/members?orgId=2147483648'), 'orgId', '不能大于 2147483647');
    refused(await postJson('/api/v1/people', { orgId: 2_147_483_648, name: '张三' }), 'orgId', '不能大于 2147483647');
  });

  it('an integer past 2^63 answers 400 naming the field', async () => {
    refused(await adminA.get('/api/v1/members?orgId=9223372036854775808'), 'orgId', '不能大于');
    refused(await postJson('/api/v1/people', '{"orgId": 9223372036854775808, "name": "张三"}'), 'orgId', '不能大于');
  });
});

describe('dates', () => {
  it.each([
    ['a day past the month', '2026-02-30'],
    ['the 29th of February of a common year', '2026-02-29'],
    ['year 0', '0000-01-01'],
  ])('%s (%s) answers 400 naming the field', async (_what, date) => {
    refused(await adminA.get(`/api/v1/metrics/orgs.count?from=${date}`), 'from', '存在的日期');
    refused(await postJson('/api/v1/people', { orgId: w.townA.id, name: '张三', gender: 'F', birthDate: date }), 'birthDate', /日期/);
  });
});

describe('values beside a list', () => {
  it('a status not in its enum answers 400 naming it with the values allowed', async () => {
    refused(await adminA.get('/api/v1/members?status=nonsense'), 'status', '可选值');
  });

  it('a drill-down group of the wrong type answers 400 naming the group', async () => {
    refused(await adminA.get('/api/v1/metrics/volunteers.byLevel/rows?groupBy=level&group=abc'), 'group', /[\u4e00-\u9fa5]/);
  });
});

describe('bodies', () => {
  it('malformed JSON answers 400 naming the body', async () => {
    refused(await postJson('/api/v1/people', '{bad json'), 'body', '不是有效的 JSON');
    for (const payload of ['null', '[]', '"x"']) refused(await postJson('/api/v1/people', payload), 'body', '应为对象');
  });

  it('a JSON body over 1 MB answers 413 naming the body and its limit', async () => {
    const p = refused(await postJson('/api/v1/people', { orgId: w.townA.id, name: '张三', address: 'x'.repeat(1_100_000) }), 'body', '1 MB', 413);
    expect(p.messages['en-US']).toContain('1 MB');
  });

  it('an upload over 10 MB answers 413 naming the file and its limit', async () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const body = multipart('big', [{ name: 'file', filename: 'big.xlsx', type: xlsx, data: Buffer.alloc(11 * 1024 * 1024, 1) }]);
    const res = await adminA.request({
      method: 'POST',
      url: `/api/v1/members/import/${w.branchA.id}`,
      payload: body,
      headers: { 'content-type': 'multipart/form-data; boundary=big' },
    });
    const p = refused(res, 'file', '10 MB', 413);
    expect(p.messages['en-US']).toContain('10 MB');
  });
});

// Finding 6: `<` was refused in a person's name and a meeting's topic, accepted in an org's or a team's name.
describe('labels (names, titles, topics)', () => {
  it('refuse angle brackets everywhere, naming the field', async () => {
    const cases: [string, object, string][] = [
      ['/api/v1/orgs', { parentId: w.townA.id, name: '<b>甲村</b>团支部', kind: 'branch', category: 'village' }, 'name'],
      ['/api/v1/orgs', { parentId: w.townA.id, name: '甲村团支部', shortName: '甲<村', kind: 'branch', category: 'village' }, 'shortName'],
      ['/api/v1/volunteer-teams', { orgId: w.townA.id, name: '<script>队', kind: 'community', foundedOn: '2024-01-01' }, 'name'],
      ['/api/v1/people', { orgId: w.townA.id, name: '张<三' }, 'name'],
    ];
    for (const [url, body, field] of cases) {
      const res = await postJson(url, body);
      const p = refused(res, field, /尖括号/);
      expect(p.messages['en-US']).toMatch(/angle brackets/);
    }
  });
});

describe("a person's name", () => {
  it('is labelled 姓名, never an org name, when it is wrong', async () => {
    for (const res of [
      await postJson('/api/v1/people', { orgId: w.townA.id, name: '张'.repeat(101) }),
      await postJson('/api/v1/people', { orgId: w.townA.id, name: '<b>张三</b>' }),
      await postJson('/api/v1/members', { orgId: w.branchA.id, person: { name: '' }, admittedOn: '2016-05-04' }),
      await postJson('/api/v1/transfer-requests', { idNumber: '110101200001010011', name: 12345, toOrgId: w.branchA.id, reason: 'work' }),
    ]) {
      const p = refused(res, res.json().field, '姓名');
      expect(p.field).toMatch(/^(person\.)?name$/);
      expect(p.message).not.toContain('名称');
    }
  });

  it.each([
    ['a number', 12345],
    ['a list', ['张三']],
  ])('as %s in a JSON body answers 400 naming the name', async (_what, name) => {
    refused(await postJson('/api/v1/people', { orgId: w.townA.id, name }), 'name', '姓名');
    refused(await postJson('/api/v1/members', { orgId: w.branchA.id, person: { name }, admittedOn: '2016-05-04' }), 'person.name', '姓名');
  });
});

describe('the reasons told', () => {
  it('never say "must be null" for a value of a field that may be null', async () => {
    refused(await postJson('/api/v1/people', { orgId: w.townA.id, name: '张三', ethnicity: 5 }), 'ethnicity', '应为文本');
    refused(await postJson('/api/v1/people', { orgId: w.townA.id, name: '张三', ethnicity: 'x'.repeat(21) }), 'ethnicity', '最多 20 个字');
    const en = await adminA.request({
      method: 'POST',
      url: '/api/v1/people',
      payload: { orgId: w.townA.id, name: '张三', phone: ['1'] },
      headers: { 'accept-language': 'en-US' },
    });
    expect(en.statusCode).toBe(400);
    expect((en.json() as Problem).message).not.toMatch(/null/);
  });
});

describe('fields a body does not name', () => {
  it('are dropped: a team cannot be moved to another org, nor given another id, by a PATCH', async () => {
    const { volunteerTeam: team } = await volunteerFixtures(t.db, w.townA.id);
    const res = await adminA.request({
      method: 'PATCH',
      url: `/api/v1/volunteer-teams/${team}`,
      payload: { description: '改过', orgId: w.townB.id, id: '00000000-0000-7000-8000-000000000000' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: team, orgId: w.townA.id, description: '改过' });
  });
});

describe('a value the database refuses (the net under the schemas)', () => {
  const request = (input: { params?: object; query?: object; body?: unknown }) =>
    ({ params: {}, query: {}, body: undefined, routeOptions: { schema: {} }, ...input }) as unknown as FastifyRequest;

  it('is told as 400 naming the field that carried it', () => {
    const err = Object.assign(new Error('query failed'), { cause: { code: '22P02', message: 'invalid input syntax for type uuid: "abc"' } });
    const e = fromDatabaseRefusal(err, request({ query: { orgId: 1 }, body: { person: { personId: 'abc' } } }));
    expect(e).toMatchObject({ status: 400, code: 'validation', field: 'person.personId' });
    expect(e?.messages['zh-CN']).toContain('人员（person.personId）');
  });

  it('names the request when no field holds the value, and is not used for other errors', () => {
    const err = { code: '22003', message: 'integer out of range' };
    expect(fromDatabaseRefusal(err, request({ query: { orgId: 1 } }))).toMatchObject({ status: 400, field: 'request' });
    expect(fromDatabaseRefusal({ code: '23503', message: 'foreign key' }, request({}))).toBeNull();
    expect(fromDatabaseRefusal(new Error('boom'), request({}))).toBeNull();
  });
});
