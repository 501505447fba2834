import { type APIRequestContext, expect, request, test } from '@playwright/test';
import { makeIdNumber } from '../server/src/modules/people/id-number.ts';
import { demoPassword, expectAccessible, login } from './helpers';

async function apiAs(baseURL: string, username: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL });
  const res = await api.post('/api/v1/auth/login', { data: { username, password: demoPassword } });
  expect(res.status()).toBe(200);
  return { api, csrf: (await res.json()).csrfToken };
}

// Issue 8, finding 3: 珠晖区 registering a 衡阳县 person as its volunteer learns nothing about them;
// 衡阳县 sees the link request and accepts it.
test('a person kept by another county: the form says a link request was sent; the keeper accepts it', async ({ browser, baseURL }) => {
  const hy = await apiAs(baseURL ?? '', 'hyx');
  const root = (await (await hy.api.get('/api/v1/orgs/roots')).json()).items[0] as { id: number };
  const kept = `衡阳人${Date.now() % 100000}`;
  const idNumber = makeIdNumber('110101', '2000-03-04', (Date.now() + 7) % 997, 'F');
  const created = await hy.api.post('/api/v1/people', { headers: { 'x-csrf-token': hy.csrf }, data: { orgId: root.id, name: kept, idNumber } });
  expect(created.status(), await created.text()).toBe(201);

  const zh = await (await browser.newContext()).newPage();
  await login(zh, 'zhuhui');
  await zh.goto('/volunteers');
  await zh.getByRole('button', { name: '注册志愿者' }).click();
  const form = zh.getByRole('dialog');
  await form.getByLabel('姓名', { exact: true }).fill('王某某');
  await form.getByLabel('身份证号').fill(idNumber);
  await form.getByRole('button', { name: /确\s*定|OK/ }).click();
  const notice = zh.getByRole('dialog').filter({ hasText: '已发送关联申请' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('该身份证号已由其他组织登记');
  await expect(notice).not.toContainText(kept);
  await expectAccessible(zh, 'link requested notice');

  const keeper = await (await browser.newContext()).newPage();
  await login(keeper, 'hyx');
  await keeper.goto('/link-requests');
  await expect(keeper.getByRole('heading', { level: 1, name: '人员关联申请' })).toBeVisible();
  const row = keeper.getByRole('row').filter({ hasText: kept });
  await expect(row).toContainText('王某某');
  await expect(row).toContainText('与档案姓名不一致');
  await expect(row).toContainText('注册日期：');
  await expectAccessible(keeper, 'link requests');
  await row.getByRole('button', { name: /同\s*意/ }).click();
  await keeper
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /同\s*意/ })
    .click();
  await expect(keeper.getByText('已同意关联申请')).toBeVisible();
});
