import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../platform/audit/audit.schema.ts';
import { addDays, chinaToday } from '../../platform/dates.ts';
import { putSetting } from '../../platform/settings/settings.ts';
import { buildAccount, buildWorld, password } from '../../test/factories.ts';
import { createTestApp, login, type TestClient } from '../../test/harness.ts';
import { downloadSheet, importAndWait, multipart } from '../../test/xlsx.ts';
import { sensitiveWordsIn } from './youth-voice.rules.ts';
import { tinyPng } from './youth-voice.factories.ts';
import { yvVisit, yvWish } from './youth-voice.schema.ts';

let t: Awaited<ReturnType<typeof createTestApp>>;
let w: Awaited<ReturnType<typeof buildWorld>>;
let adminA: TestClient;
let adminB: TestClient;
let cadreA: TestClient;
let secretaryA: TestClient;
let townWriterId: string;
let ipSeq = 0;
const today = chinaToday();

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.db);
  [adminA, adminB, cadreA, secretaryA] = await Promise.all([
    login(t.app, w.users.adminA, password),
    login(t.app, w.users.adminB, password),
    login(t.app, w.users.cadreA, password),
    login(t.app, w.users.secretaryA, password),
  ]);
  const u = await buildAccount(t.db, 'branch_secretary', w.townA.id, 'yvtownwriter');
  const rows = await t.db.execute<{ id: string }>(`select id from account where username = '${u}'`);
  townWriterId = rows.rows[0]?.id ?? '';
});
afterAll(async () => t?.close());

/** Messages left in the message centre (the notices module's table, read as rows). */
const notices = async (kind: string, accountId?: string) =>
  (await t.db.execute<{ link: string | null }>(sql`select link from notice where kind = ${kind} ${accountId ? sql`and account_id = ${accountId}` : sql``}`))
    .rows;

/** A public request from its own address, so the per-address limit of public writes stays clear. */
const pub = (method: 'GET' | 'POST', url: string, payload?: unknown, ip = `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`) =>
  t.app.inject({ method, url, payload: payload as never, remoteAddress: ip });

const ask = (over: Record<string, unknown> = {}) =>
  pub('POST', '/api/v1/public/youth-voice/questions', {
    orgId: w.townA.id,
    category: 'study',
    title: '助学金怎么申请',
    content: '家里困难，想问问助学金怎么申请？',
    ...over,
  });

const child = { name: '王小明', school: '甲镇中心小学', situation: '父母在外务工，与奶奶同住', guardianPhone: '13912345678' };
const wishBody = (orgId: number, over: Record<string, unknown> = {}) => ({ orgId, wish: '一个新书包', ageBand: '6-11', area: '甲镇', child, ...over });

async function answeredQuestion(answer = '可以向学校资助中心申请国家助学金。') {
  const q = (await ask()).json();
  const a = await adminA.post(`/api/v1/youth-voice/questions/${q.id}/answer`, { answer });
  expect(a.statusCode, a.body).toBe(200);
  return q.id as string;
}

async function publishedWish(orgId = w.branchA.id) {
  const c = await adminA.post('/api/v1/youth-voice/wishes', wishBody(orgId));
  expect(c.statusCode, c.body).toBe(201);
  const id = c.json().id as string;
  expect((await adminA.post(`/api/v1/youth-voice/wishes/${id}/review`, { decision: 'approve' })).statusCode).toBe(200);
  expect((await adminA.post(`/api/v1/youth-voice/wishes/${id}/publish`)).statusCode).toBe(200);
  return id;
}

describe('the sensitive-word rule', () => {
  it('finds listed words case-insensitively, once each', () => {
    expect(sensitiveWordsIn('这不是赌博，也不是赌博', ['赌博', '毒品'])).toEqual(['赌博']);
    expect(sensitiveWordsIn('VPN 翻墙', ['vpn'])).toEqual(['vpn']);
    expect(sensitiveWordsIn('正常回答', ['赌博'])).toEqual([]);
  });
});

describe('青年之声 questions', () => {
  it('a phone visitor asks anonymously; a double submit finds the first; bad input names the field', async () => {
    const key = randomUUID();
    const first = await ask({ submitKey: key, phone: '13800001111' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'received', created: true });
    const again = await ask({ submitKey: key, phone: '13800001111' });
    expect(again.json()).toMatchObject({ id: first.json().id, created: false });
    const [a, b] = await Promise.all([ask({ submitKey: randomUUID().replace(/.$/, '0') }), ask({ submitKey: key })]);
    expect(a.statusCode).toBe(201);
    expect(b.json().id).toBe(first.json().id);

    const empty = await ask({ title: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'validation', field: 'title' });
    expect(empty.json().messages['zh-CN']).toContain('标题');
    const tel = await ask({ phone: '12345' });
    expect(tel.json()).toMatchObject({ code: 'validation', field: 'phone' });
    const named = await ask({ anonymous: false });
    expect(named.json()).toMatchObject({ code: 'validation', field: 'askerName' });
    expect((await ask({ orgId: 99999999 })).statusCode).toBe(404);

    // County A sees it, masked; county B does not.
    const d = await adminA.get(`/api/v1/youth-voice/questions/${first.json().id}`);
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ anonymous: true, askerName: null, askerPhone: '138****1111', status: 'received' });
    expect((await adminB.get(`/api/v1/youth-voice/questions/${first.json().id}`)).statusCode).toBe(404);
    const list = (await adminA.get('/api/v1/youth-voice/questions?status=received&limit=500')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(first.json().id);
    expect((await adminB.get('/api/v1/youth-voice/questions?limit=500')).json().items.map((x: { id: string }) => x.id)).not.toContain(first.json().id);
  });

  it('routes to an org in scope and tells its service accounts; another county’s org is 404', async () => {
    const q = (await ask({ orgId: w.countyA.id })).json();
    const r = await adminA.post(`/api/v1/youth-voice/questions/${q.id}/route`, { orgId: w.townA.id, expert: '李老师' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('routed');
    const got = await notices('youth-voice.question_routed', townWriterId);
    expect(got.length).toBe(1);
    expect(got[0]?.link).toBe(`/youth-voice/questions/${q.id}`);
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/route`, { orgId: w.townB.id })).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/youth-voice/questions/${q.id}`)).json()).toMatchObject({
      orgId: w.townA.id,
      expert: '李老师',
      receivedOrgId: w.countyA.id,
    });
  });

  it('an answer with a listed word is published only after another reviewer approves it', async () => {
    await t.db.transaction((tx) => putSetting(tx, w.countyA.id, 'youthVoice.sensitiveWords', ['网贷', '赌博'], null));
    const words = (await adminA.get(`/api/v1/youth-voice/sensitive-words?orgId=${w.townA.id}`)).json();
    expect(words).toMatchObject({ words: ['网贷', '赌博'], setAt: { orgId: w.countyA.id } });

    const id = await answeredQuestion('不要碰网贷，遇到困难找学校。');
    const d = (await adminA.get(`/api/v1/youth-voice/questions/${id}`)).json();
    expect(d).toMatchObject({ status: 'answered', answerFlags: ['网贷'], needsReview: true });
    const refused = await adminA.post(`/api/v1/youth-voice/questions/${id}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'youth-voice.needs_review', field: 'answer' });
    const queue = (await cadreA.get('/api/v1/youth-voice/moderation')).json();
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(id);
    // The author cannot approve their own answer; the observer and county B cannot either.
    expect((await adminA.post(`/api/v1/youth-voice/questions/${id}/review`, { decision: 'approve' })).json()).toMatchObject({ code: 'youth-voice.own_review' });
    expect((await adminB.post(`/api/v1/youth-voice/questions/${id}/review`, { decision: 'approve' })).statusCode).toBe(404);
    expect((await secretaryA.post(`/api/v1/youth-voice/questions/${id}/review`, { decision: 'approve' })).statusCode).toBe(403);
    const ok = await cadreA.post(`/api/v1/youth-voice/questions/${id}/review`, { decision: 'approve', comment: '提醒性表述，可公开' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await cadreA.get('/api/v1/youth-voice/moderation')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    const pubd = await adminA.post(`/api/v1/youth-voice/questions/${id}/publish`);
    expect(pubd.statusCode, pubd.body).toBe(200);
    // Published twice: refused, the state named.
    expect((await adminA.post(`/api/v1/youth-voice/questions/${id}/publish`)).json()).toMatchObject({ code: 'transition_not_allowed' });

    // A revised answer needs a new review; a clean one publishes at once.
    const id2 = await answeredQuestion('网贷风险很大。');
    expect((await cadreA.post(`/api/v1/youth-voice/questions/${id2}/review`, { decision: 'return', comment: '请改写' })).json().status).toBe('routed');
    expect((await adminA.post(`/api/v1/youth-voice/questions/${id2}/publish`)).json().code).toBe('transition_not_allowed');
    expect((await adminA.post(`/api/v1/youth-voice/questions/${id2}/answer`, { answer: '借贷要谨慎，可咨询 12355。' })).json().flags).toEqual([]);
    expect((await cadreA.post(`/api/v1/youth-voice/questions/${id2}/review`, { decision: 'approve' })).json().code).toBe('youth-voice.nothing_to_review');
    expect((await adminA.post(`/api/v1/youth-voice/questions/${id2}/publish`)).statusCode).toBe(200);

    // The public page shows both, with nothing about the asker.
    const page = await pub('GET', `/api/v1/public/youth-voice/answers?orgId=${w.countyA.id}`);
    expect(page.statusCode).toBe(200);
    const items = page.json().items as Record<string, unknown>[];
    expect(items.map((x) => x.id)).toEqual(expect.arrayContaining([id, id2]));
    for (const x of items) expect(Object.keys(x).sort()).toEqual(['answer', 'category', 'categoryLabel', 'content', 'id', 'orgName', 'publishedAt', 'title']);
    expect((await pub('GET', `/api/v1/public/youth-voice/answers?orgId=${w.countyB.id}`)).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it('refuses moves out of order, and acts on an answered question once per target', async () => {
    const q = (await ask()).json();
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/publish`)).json()).toMatchObject({ code: 'transition_not_allowed' });
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/outcomes`, { kind: 'case', refId: 'C-1' })).json()).toMatchObject({
      code: 'youth-voice.not_answered',
    });
    await adminA.post(`/api/v1/youth-voice/questions/${q.id}/answer`, { answer: '已转 12355 跟进。' });
    const c = await adminA.post(`/api/v1/youth-voice/questions/${q.id}/outcomes`, { kind: 'case', refId: 'C-1' });
    expect(c.statusCode, c.body).toBe(201);
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/outcomes`, { kind: 'case', refId: 'C-1' })).statusCode).toBe(409);
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/outcomes`, { kind: 'suggestion' })).json()).toMatchObject({ field: 'refId' });
    const wish = await adminA.post(`/api/v1/youth-voice/questions/${q.id}/outcomes`, { kind: 'wish', wish: wishBody(w.townA.id) });
    expect(wish.statusCode, wish.body).toBe(201);
    const made = (await adminA.get(`/api/v1/youth-voice/wishes/${wish.json().refId}`)).json();
    expect(made).toMatchObject({ status: 'submitted', questionId: q.id, source: 'question', childName: '王**' });
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/outcomes`, { kind: 'wish', wish: wishBody(w.townA.id) })).statusCode).toBe(409);
    const d = (await adminA.get(`/api/v1/youth-voice/questions/${q.id}`)).json();
    expect(d.outcomes.map((o: { kind: string }) => o.kind).sort()).toEqual(['case', 'wish']);
    expect((await adminA.post(`/api/v1/youth-voice/questions/${q.id}/reject`, { reason: '重复' })).json().code).toBe('transition_not_allowed');
  });

  it('exports the list and pages it with keyset cursors', async () => {
    for (let i = 0; i < 3; i++) await ask({ orgId: w.branchA.id, title: `分页问题${i}` });
    const p1 = (await adminA.get(`/api/v1/youth-voice/questions?orgId=${w.branchA.id}&limit=2&sort=oldest`)).json();
    expect(p1.items.length).toBe(2);
    const p2 = (await adminA.get(`/api/v1/youth-voice/questions?orgId=${w.branchA.id}&limit=2&sort=oldest&cursor=${p1.nextCursor}`)).json();
    expect(p2.items.length).toBe(1);
    expect([...p1.items, ...p2.items].map((x: { title: string }) => x.title)).toEqual(['分页问题0', '分页问题1', '分页问题2']);
    const rows = await downloadSheet(adminA, `/api/v1/youth-voice/questions/export?orgId=${w.branchA.id}`);
    expect(rows[0]?.[0]).toBe('提问时间');
    expect(rows.length).toBe(4);
  });
});

describe('微心愿', () => {
  it('seals the child’s data: masked on lists, full only for a supervisor or the recorder, each view audited, 404 out of scope', async () => {
    const bySecretary = await secretaryA.post('/api/v1/youth-voice/wishes', wishBody(w.branchA.id));
    expect(bySecretary.statusCode, bySecretary.body).toBe(201);
    const mine = bySecretary.json();
    expect(mine).toMatchObject({ childName: '王**', guardianPhone: '139****5678', status: 'submitted', canViewSealed: true });
    expect(JSON.stringify(mine)).not.toContain('王小明');
    const byAdmin = (await adminA.post('/api/v1/youth-voice/wishes', wishBody(w.branchA.id))).json();
    const [row] = await t.db.select().from(yvWish).where(eq(yvWish.id, byAdmin.id));
    expect(row?.sealed).not.toContain('王小明');

    const full = await adminA.get(`/api/v1/youth-voice/wishes/${byAdmin.id}/sealed`);
    expect(full.statusCode).toBe(200);
    expect(full.json()).toMatchObject(child);
    expect((await secretaryA.get(`/api/v1/youth-voice/wishes/${mine.id}/sealed`)).json()).toMatchObject({ name: '王小明' });
    // The secretary sees the admin's wish, masked, but not its sealed data.
    expect((await secretaryA.get(`/api/v1/youth-voice/wishes/${byAdmin.id}`)).json()).toMatchObject({ childName: '王**', canViewSealed: false });
    const no = await secretaryA.get(`/api/v1/youth-voice/wishes/${byAdmin.id}/sealed`);
    expect(no.statusCode).toBe(403);
    expect(no.json().code).toBe('youth-voice.sealed_forbidden');
    expect((await adminB.get(`/api/v1/youth-voice/wishes/${byAdmin.id}/sealed`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/youth-voice/wishes/${byAdmin.id}`)).statusCode).toBe(404);
    const views = await t.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'youth-voice.wish_sealed_viewed'), eq(auditEvent.entityId, byAdmin.id)));
    expect(views.length).toBe(1);
    // The export carries no sealed data, not even masked.
    const sheet = await downloadSheet(adminA, `/api/v1/youth-voice/wishes/export?orgId=${w.branchA.id}`);
    expect(JSON.stringify(sheet)).not.toMatch(/王|139/);
    expect(sheet.length).toBeGreaterThan(2);
    // Bad input names the field.
    const bad = await adminA.post('/api/v1/youth-voice/wishes', wishBody(w.branchA.id, { child: { ...child, guardianPhone: 'abc' } }));
    expect(bad.json()).toMatchObject({ code: 'validation', field: 'child.guardianPhone' });
    expect(bad.json().messages['zh-CN']).toContain('监护人电话');
  });

  it('moves in order only: review, publish, claim, deliver with proof, follow up', async () => {
    const id = (await adminA.post('/api/v1/youth-voice/wishes', wishBody(w.branchA.id))).json().id;
    const early = await adminA.post(`/api/v1/youth-voice/wishes/${id}/publish`);
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('transition_not_allowed');
    expect((await pub('POST', `/api/v1/public/youth-voice/wishes/${id}/claim`, { donorName: '张三', donorPhone: '13700000000' })).statusCode).toBe(404);
    expect((await adminA.post(`/api/v1/youth-voice/wishes/${id}/review`, { decision: 'reject' })).json()).toMatchObject({ field: 'comment' });
    await adminA.post(`/api/v1/youth-voice/wishes/${id}/review`, { decision: 'approve' });
    await adminA.post(`/api/v1/youth-voice/wishes/${id}/publish`);
    expect((await adminA.post(`/api/v1/youth-voice/wishes/${id}/deliver`, { deliveredOn: today, receiverConfirmation: '已收到' })).json().code).toBe(
      'transition_not_allowed',
    );
    const claim = await adminA.post(`/api/v1/youth-voice/wishes/${id}/claim`, { donorKind: 'org', donorName: '某公司团委', donorOrgId: w.townA.id });
    expect(claim.statusCode, claim.body).toBe(200);
    const noProof = await adminA.post(`/api/v1/youth-voice/wishes/${id}/deliver`, { deliveredOn: today, receiverConfirmation: '已收到，谢谢' });
    expect(noProof.json()).toMatchObject({ code: 'youth-voice.proof_missing', field: 'file' });
    // Only photos, within the limit.
    const pdf = multipart(Buffer.from('%PDF-1.4'), 'proof.pdf', 'application/pdf');
    expect((await adminA.request({ method: 'POST', url: `/api/v1/youth-voice/wishes/${id}/proofs`, ...pdf })).json()).toMatchObject({
      code: 'validation',
      field: 'file',
    });
    const big = multipart(Buffer.concat([tinyPng, Buffer.alloc(5 * 1024 * 1024 + 10)]), 'big.png', 'image/png');
    expect((await adminA.request({ method: 'POST', url: `/api/v1/youth-voice/wishes/${id}/proofs`, ...big })).statusCode).toBe(413);
    const png = multipart(tinyPng, 'proof.png', 'image/png');
    const up = await adminA.request({ method: 'POST', url: `/api/v1/youth-voice/wishes/${id}/proofs`, ...png });
    expect(up.statusCode, up.body).toBe(201);
    const file = await adminA.get(`/api/v1/youth-voice/files/${up.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect((await adminB.get(`/api/v1/youth-voice/files/${up.json().id}`)).statusCode).toBe(404);
    expect(
      (await adminA.post(`/api/v1/youth-voice/wishes/${id}/deliver`, { deliveredOn: addDays(today, -400), receiverConfirmation: '已收到' })).json().code,
    ).toBe('youth-voice.before_claim');
    expect(
      (await adminA.post(`/api/v1/youth-voice/wishes/${id}/deliver`, { deliveredOn: addDays(today, 1), receiverConfirmation: '已收到' })).json().code,
    ).toBe('youth-voice.in_future');
    const done = await adminA.post(`/api/v1/youth-voice/wishes/${id}/deliver`, { deliveredOn: today, receiverConfirmation: '孩子奶奶签收' });
    expect(done.json().status).toBe('delivered');
    const fu = await adminA.post(`/api/v1/youth-voice/wishes/${id}/follow-up`, { followedUpOn: today, followUp: '孩子很喜欢新书包' });
    expect(fu.json().status).toBe('followed_up');
    const d = (await adminA.get(`/api/v1/youth-voice/wishes/${id}`)).json();
    expect(d).toMatchObject({ status: 'followed_up', donorKind: 'org', receiverConfirmation: '孩子奶奶签收', proofs: [{ fileName: 'proof.png' }] });
  });

  it('one claim per wish: of two donors at once exactly one wins; a replay by the winner is the same answer', async () => {
    const id = await publishedWish();
    const [a, b] = await Promise.all([
      pub('POST', `/api/v1/public/youth-voice/wishes/${id}/claim`, { donorName: '甲捐赠人', donorPhone: '13700000001' }),
      pub('POST', `/api/v1/public/youth-voice/wishes/${id}/claim`, { donorName: '乙捐赠人', donorPhone: '13700000002' }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes, `${a.body} ${b.body}`).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('youth-voice.already_claimed');
    const winner = a.statusCode === 200 ? { donorName: '甲捐赠人', donorPhone: '13700000001' } : { donorName: '乙捐赠人', donorPhone: '13700000002' };
    const replay = await pub('POST', `/api/v1/public/youth-voice/wishes/${id}/claim`, winner);
    expect(replay.json()).toMatchObject({ status: 'claimed', replay: true });
    const d = (await adminA.get(`/api/v1/youth-voice/wishes/${id}`)).json();
    expect(d).toMatchObject({ status: 'claimed', donorName: winner.donorName, donorPhone: `137****000${winner.donorPhone.slice(-1)}` });
    const [row] = await t.db.select().from(yvWish).where(eq(yvWish.id, id));
    expect(row?.donorPhone).not.toContain('1370000');
    // The org's service accounts are told.
    expect((await notices('youth-voice.wish_claimed')).length).toBeGreaterThan(0);
  });

  it('the public pages: a wish form that lands for review, and a list with no child data', async () => {
    const key = randomUUID();
    const body = { ...wishBody(w.townA.id), submitterName: '刘老师', submitterPhone: '13600000000', submitKey: key };
    const r = await pub('POST', '/api/v1/public/youth-voice/wishes', body);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'submitted', created: true });
    expect((await pub('POST', '/api/v1/public/youth-voice/wishes', body)).json()).toMatchObject({ id: r.json().id, created: false });
    const bad = await pub('POST', '/api/v1/public/youth-voice/wishes', { ...body, submitKey: randomUUID(), child: { ...child, name: '' } });
    expect(bad.json()).toMatchObject({ code: 'validation', field: 'child.name' });
    const id = await publishedWish(w.townA.id);
    const list = await pub('GET', `/api/v1/public/youth-voice/wishes?orgId=${w.countyA.id}&open=true`);
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(r.json().id);
    expect(JSON.stringify(list.json())).not.toMatch(/王小明|王\*\*|1391/);
  });
});

describe('visits and figures', () => {
  async function visits(rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('访问量');
    ws.addRow(['组织', '日期', '访问量']);
    for (const r of rows) ws.addRow(r);
    return importAndWait(adminA, `/api/v1/youth-voice/visits/import/${w.countyA.id}`, Buffer.from(await wb.xlsx.writeBuffer()), { filename: 'v.xlsx' });
  }

  it('imports visits all or nothing, naming each bad row', async () => {
    const bad = await visits([
      ['甲镇团委', '2025-03-01', 100],
      ['乙镇团委', '2025-03-01', 5],
      ['甲镇团委', '2025-02-30', 5],
      ['甲村团支部', '2025-03-01', -3],
      ['甲镇团委', '2025-03-01', 7],
    ]);
    expect(bad.statusCode, bad.body).toBe(422);
    expect((bad.json().errors as { row: number; field: string }[]).map((e) => [e.row, e.field])).toEqual([
      [3, 'org'],
      [4, 'day'],
      [5, 'visits'],
      [6, 'day'],
    ]);
    expect((await t.db.select().from(yvVisit)).length).toBe(0);
    const ok = await visits([
      ['甲镇团委', '2025-03-01', 100],
      [String(w.branchA.id), '2025/3/2', 50],
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 2, updated: 0 });
    expect((await visits([['甲镇团委', '2025-03-01', 120]])).json()).toEqual({ imported: 0, updated: 1 });
    const m = (await adminA.get(`/api/v1/metrics/youth-voice.visits?orgId=${w.countyA.id}&from=2025-03-01&to=2025-03-31&groupBy=month`)).json();
    expect(m.total).toBe(170);
    expect(m.groups).toEqual([expect.objectContaining({ group: '2025-03', value: 170 })]);
    expect((await adminA.get(`/api/v1/metrics/youth-voice.visits?orgId=${w.branchA.id}&from=2025-03-01&to=2025-03-31`)).json().total).toBe(50);
    // County B cannot import into county A.
    expect((await importAndWait(adminB, `/api/v1/youth-voice/visits/import/${w.countyA.id}`, Buffer.from('x'), { filename: 'v.xlsx' })).statusCode).toBe(404);
  });

  it('every figure equals the rows of its drill-down, for the subtree and period asked', async () => {
    const q = `orgId=${w.countyA.id}&from=${addDays(today, -30)}&to=${today}`;
    const keys = ['questionsReceived', 'questionsAnswered', 'actedOn', 'wishesCollected', 'wishesPublished', 'wishesClaimed', 'wishesFulfilled'];
    for (const k of keys) {
      const m = (await adminA.get(`/api/v1/metrics/youth-voice.${k}?${q}`)).json();
      const rows = (await adminA.get(`/api/v1/metrics/youth-voice.${k}/rows?${q}&limit=500`)).json();
      expect(rows.items.length, k).toBe(m.total);
      expect(m.total, k).toBeGreaterThan(0);
      // County B's figures do not count county A's rows.
      expect((await adminB.get(`/api/v1/metrics/youth-voice.${k}?orgId=${w.countyB.id}&from=${addDays(today, -30)}&to=${today}`)).json().total, k).toBe(0);
    }
    const rate = (await adminA.get(`/api/v1/metrics/youth-voice.answerRate?${q}`)).json();
    const received = (await adminA.get(`/api/v1/metrics/youth-voice.questionsReceived?${q}`)).json().total;
    const answered = (await adminA.get(`/api/v1/youth-voice/questions?orgId=${w.countyA.id}&limit=500`))
      .json()
      .items.filter((x: { status: string }) => ['answered', 'published'].includes(x.status)).length;
    expect(rate).toMatchObject({ kind: 'ratio', numerator: answered, denominator: received });
    const byKind = (await adminA.get(`/api/v1/metrics/youth-voice.actedOn?${q}&groupBy=kind`)).json();
    expect(byKind.groups.map((g: { group: string }) => g.group).sort()).toEqual(['case', 'wish']);
  });
});
