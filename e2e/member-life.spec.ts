import { type APIRequestContext, type Browser, expect, type Page, request, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../server/src/modules/people/id-number.ts';
import { choose, demoPassword, expectAccessible, login, pick } from './helpers';

type Org = { id: number; name: string; kind: string; category: string | null; childCount: number };

async function apiAs(baseURL: string, username: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL });
  const res = await api.post('/api/v1/auth/login', { data: { username, password: demoPassword } });
  expect(res.status()).toBe(200);
  return { api, csrf: (await res.json()).csrfToken };
}

async function children(api: APIRequestContext, id: number): Promise<Org[]> {
  return (await (await api.get(`/api/v1/orgs/${id}/children?limit=200`)).json()).items;
}

/** The first org of a kind (and category) found going down from the caller's root. */
async function findDown(api: APIRequestContext, test: (o: Org) => boolean): Promise<Org> {
  const roots: Org[] = (await (await api.get('/api/v1/orgs/roots')).json()).items;
  const queue = [...roots];
  while (queue.length) {
    const o = queue.shift() as Org;
    if (test(o)) return o;
    if (o.childCount > 0 && o.kind !== 'branch') queue.push(...(await children(api, o.id)));
  }
  throw new Error('no such org');
}

/** A township of the caller's county that has a branch (衡阳县 for hyx). */
async function townshipWithBranch(api: APIRequestContext): Promise<{ township: Org; toBranch: Org }> {
  for (const o of await children(api, (await (await api.get('/api/v1/orgs/roots')).json()).items[0].id)) {
    if (o.category !== 'township' || o.childCount === 0) continue;
    const toBranch = (await children(api, o.id)).find((c) => c.kind === 'branch');
    if (toBranch) return { township: o, toBranch };
  }
  throw new Error('no township with a branch in 衡阳县');
}

async function as(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

test('a member moves from 珠晖区 to 衡阳县: the sender starts it, the receiver approves it', async ({ browser, baseURL }) => {
  const base = baseURL ?? '';
  // Setup through the API: a member in a 珠晖区 branch; a township of 衡阳县 and one of its branches.
  const zh = await apiAs(base, 'zhuhui');
  const fromBranch = await findDown(zh.api, (o) => o.kind === 'branch');
  const name = `转接${Date.now() % 100000}`;
  const created = await zh.api.post('/api/v1/members', {
    headers: { 'x-csrf-token': zh.csrf },
    data: { orgId: fromBranch.id, person: { name, idNumber: makeIdNumber('430405', '2001-04-05', Date.now() % 997, 'F') }, admittedOn: '2016-05-04' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const hy = await apiAs(base, 'hyx');
  const { township, toBranch } = await townshipWithBranch(hy.api);

  // 珠晖区 starts the transfer in the console.
  const sender = await as(browser, 'zhuhui');
  await sender.goto('/member-life/transfers');
  await expect(sender.getByRole('heading', { level: 1, name: '团籍管理' })).toBeVisible();
  await expectAccessible(sender, 'transfers');
  await sender.getByRole('button', { name: '发起转接' }).click();
  const modal = sender.getByRole('dialog');
  await pick(sender, modal.getByLabel('团员'), name, { type: name });
  await choose(sender, modal.getByLabel('转接原因'), '待业');
  await pick(sender, modal.getByLabel('转入组织'), new RegExp(`^${township.name}$`), { type: township.name, shows: township.name });
  await expectAccessible(sender, 'start transfer');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(sender.getByText('操作成功').first()).toBeVisible();
  const outRow = sender.getByRole('row').filter({ hasText: name });
  await expect(outRow).toContainText('待接收');

  // 衡阳县 sees it incoming and approves into one of its branches.
  const receiver = await as(browser, 'hyx');
  await receiver.goto('/member-life/transfers');
  const inRow = receiver.getByRole('row').filter({ hasText: name });
  await expect(inRow).toContainText(township.name);
  await inRow.getByRole('button', { name: /接\s*收/ }).click();
  const approve = receiver.getByRole('dialog');
  await pick(receiver, approve.getByLabel('接收支部'), toBranch.name, { type: toBranch.name, tree: true });
  await approve.getByRole('button', { name: /确\s*定/ }).click();
  await expect(receiver.getByText('操作成功').first()).toBeVisible();
  await choose(receiver, receiver.getByLabel('状态'), '全部');
  await expect(receiver.getByRole('row').filter({ hasText: name })).toContainText('已接收');
  await receiver.screenshot({ path: 'test-results/member-life-transfer.png', fullPage: true });

  // The sender still sees the finished transfer among its outgoing ones.
  await choose(sender, sender.getByLabel('状态'), '全部');
  await sender.getByText('转出', { exact: true }).click();
  await expect(sender.getByRole('row').filter({ hasText: name })).toContainText('已接收');
});

test('衡阳县 asks for a 珠晖区 member by ID number and name; 珠晖区 consents; 衡阳县 approves', async ({ browser, baseURL }) => {
  const base = baseURL ?? '';
  const zh = await apiAs(base, 'zhuhui');
  const fromBranch = await findDown(zh.api, (o) => o.kind === 'branch');
  const name = `申请${Date.now() % 100000}`;
  const idNumber = makeIdNumber('430405', '2001-06-07', (Date.now() + 500) % 997, 'M');
  const created = await zh.api.post('/api/v1/members', {
    headers: { 'x-csrf-token': zh.csrf },
    data: { orgId: fromBranch.id, person: { name, idNumber }, admittedOn: '2016-05-04' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const hy = await apiAs(base, 'hyx');
  const { township, toBranch } = await townshipWithBranch(hy.api);

  // 衡阳县 files the request in the console; it learns nothing about the person yet.
  const receiver = await as(browser, 'hyx');
  await receiver.goto('/member-life/transfers');
  await receiver.getByText('转入申请', { exact: true }).click();
  await receiver.getByRole('button', { name: '申请转入', exact: true }).click();
  const ask = receiver.getByRole('dialog');
  await ask.getByLabel('姓名').fill(name);
  await ask.getByLabel('身份证号').fill(idNumber);
  await choose(receiver, ask.getByLabel('转接原因'), '待业');
  await pick(receiver, ask.getByLabel('申请转入组织'), township.name, { type: township.name, tree: true });
  await expectAccessible(receiver, 'transfer request');
  await ask.getByRole('button', { name: /确\s*定/ }).click();
  await expect(receiver.getByText('已提交申请').first()).toBeVisible();
  const asked = receiver.getByRole('row').filter({ hasText: name });
  await expect(asked).toContainText('待同意');
  await expect(asked).not.toContainText(fromBranch.name);

  // 珠晖区 sees it among the requests about its members and consents.
  const sender = await as(browser, 'zhuhui');
  await sender.goto('/member-life/transfers');
  await sender.getByText('待我方同意', { exact: true }).click();
  const row = sender.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(fromBranch.name);
  await expectAccessible(sender, 'consent requests');
  await row.getByRole('button', { name: `同意转出 ${name}` }).click();
  const consent = sender.getByRole('dialog');
  await expect(consent).toContainText(township.name);
  await consent.getByRole('button', { name: /确\s*定/ }).click();
  await expect(sender.getByText('已生成转接').first()).toBeVisible();

  // 衡阳县 reads the answer, goes to the transfer it started and approves it into a branch.
  await receiver.reload();
  await receiver.getByText('转入申请', { exact: true }).click();
  const answered = receiver.getByRole('row').filter({ hasText: name });
  await expect(answered).toContainText('已同意');
  await answered.getByRole('button', { name: `去接收 ${name}` }).click();
  const inRow = receiver.getByRole('row').filter({ hasText: name });
  await expect(inRow).toContainText('待接收');
  await expect(inRow).toContainText(fromBranch.name);
  await inRow.getByRole('button', { name: /接\s*收/ }).click();
  const approve = receiver.getByRole('dialog');
  await pick(receiver, approve.getByLabel('接收支部'), toBranch.name, { type: toBranch.name, tree: true });
  await approve.getByRole('button', { name: /确\s*定/ }).click();
  await expect(receiver.getByText('操作成功').first()).toBeVisible();
  await choose(receiver, receiver.getByLabel('状态'), '全部');
  await expect(receiver.getByRole('row').filter({ hasText: name })).toContainText('已接收');
});

test('dues, registration and review, leaving and 推优 pages open and are accessible', async ({ page }) => {
  await login(page, 'hyx');
  for (const [tab, text] of [
    ['dues', '各支部欠缴团费人数'],
    ['annual', '各支部完成率'],
    ['leaving', '即将/已经超龄（28 周岁）'],
    ['party', '推优人选（已递交入党申请）'],
  ] as const) {
    await page.goto(`/member-life/${tab}`);
    await expect(page.getByRole('heading', { name: text })).toBeVisible();
    await expectAccessible(page, `member-life ${tab}`);
  }
});

/** A participation sheet in the template's layout. */
async function studySheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学习记录');
  ws.addRow(['姓名', '发展团员编号或身份证号', '完成时间']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('青年大学习: publish an issue, import the participation export (refused with row errors, then added), withdraw', async ({ page, baseURL }) => {
  // A member of 衡阳县 with a development number, through the API.
  const hy = await apiAs(baseURL ?? '', 'hyx');
  const branch = await findDown(hy.api, (o) => o.kind === 'branch');
  const stamp = Date.now() % 100000000;
  const name = `学习${stamp % 100000}`;
  const devNumber = `2016${String(stamp).padStart(8, '0')}`;
  const created = await hy.api.post('/api/v1/members', {
    headers: { 'x-csrf-token': hy.csrf },
    data: {
      orgId: branch.id,
      person: { name, idNumber: makeIdNumber('430421', '2001-06-07', stamp % 997, 'M') },
      admittedOn: '2016-05-04',
      developmentNumber: devNumber,
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  await login(page, 'hyx');
  await page.goto('/member-life/study');
  await expect(page.getByRole('heading', { name: '各支部参学率' })).toBeVisible();
  const issue = `E2E${stamp}期`;
  await page.getByRole('button', { name: '发布期次' }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('期次', { exact: true }).fill(issue);
  await modal.getByLabel('标题', { exact: true }).fill('青年大学习端到端测试');
  await modal.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('操作成功').first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: issue })).toContainText('衡阳县');

  // Import for the new issue: the studying happened today (Beijing time), inside this week's issue.
  await pick(page, page.getByLabel('学习期次'), issue);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const good = [name, devNumber, `${today} 00:00:01`];
  const file = page.locator('input[type=file]');
  await file.setInputFiles({
    name: 'bad.xlsx',
    mimeType: 'application/octet-stream',
    buffer: await studySheet([good, ['错名', devNumber, `${today} 00:00:02`]]),
  });
  const errors = page.getByRole('row').filter({ hasText: '姓名与团员档案不符' });
  await expect(errors).toContainText('3');
  await file.setInputFiles({ name: 'good.xlsx', mimeType: 'application/octet-stream', buffer: await studySheet([good]) });
  await expect(page.getByText('导入成功：新增 1 条学习记录')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: issue })).toContainText('1/');
  await expectAccessible(page, 'member-life study');
  await page.screenshot({ path: 'test-results/member-life-study.png', fullPage: true });

  // Withdrawn after a confirmation, the issue leaves the list.
  // Under load a click can land while the confirmation is still opening: retry until the row is gone.
  await expect(async () => {
    const confirm = page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定/ });
    if ((await confirm.count()) === 0) await page.getByRole('button', { name: `撤回 ${issue}` }).click();
    await confirm.click({ timeout: 3_000 });
    await expect(page.getByRole('row').filter({ hasText: issue })).toHaveCount(0, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
});
