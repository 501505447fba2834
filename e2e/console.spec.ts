import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, login, settle } from './helpers.ts';

test('sign in, see the dashboard with figures and charts', async ({ page }) => {
  await page.goto('/login');
  await expectAccessible(page, 'login');
  await login(page, 'hengyang');
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('团组织数').first()).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
  await expectAccessible(page, 'dashboard');
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(/用户名/).fill('hengyang');
  await page.getByLabel(/密码/).fill('wrong-password-1');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();
});

test('browse the org tree lazily and search it', async ({ page }) => {
  await login(page, 'hengyang');
  await page.goto('/orgs');
  await expect(page.getByRole('heading', { level: 1, name: '组织' })).toBeVisible();
  // The city's children load when the node opens.
  const tree = page.getByRole('tree');
  await tree.getByText('共青团衡阳市委员会').click();
  await expect(page.getByRole('heading', { name: '共青团衡阳市委员会' })).toBeVisible();
  // the city's admin may change the tree (the observer test below sees none of these)
  await expect(page.getByRole('button', { name: '新增下级', exact: true })).toBeVisible();
  await page.getByRole('link', { name: '共青团衡阳市衡阳县委员会' }).click();
  await expect(page.getByRole('heading', { name: '共青团衡阳市衡阳县委员会' })).toBeVisible();
  await expectAccessible(page, 'org detail');
  await settle(page);
  await page.getByPlaceholder(/搜索/).fill('衡州路');
  // Typing searches as you go; Enter would pick the first result before the test could.
  await page.locator('.ant-select-item-option', { hasText: '衡州路街道团工委' }).click();
  await expect(page.getByRole('heading', { name: '衡州路街道团工委' })).toBeVisible();
  await page.screenshot({ path: 'test-results/orgs.png', fullPage: true });
  await expectAccessible(page, 'org tree');
});

test('a county admin sees only the county', async ({ page }) => {
  await login(page, 'zhuhui');
  await page.goto('/orgs');
  const tree = page.getByRole('tree');
  await expect(tree.getByText('共青团衡阳市珠晖区委员会')).toBeVisible();
  await expect(tree.getByText('共青团衡阳市委员会', { exact: true })).toHaveCount(0);
  const res = await page.request.get('/api/v1/orgs/2');
  expect(res.status()).toBe(404);
});

test('switch the language to English and back', async ({ page }) => {
  await login(page, 'hengyang');
  await chooseLanguage(page, 'English');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('League organizations').first()).toBeVisible();
  await expectAccessible(page, 'dashboard (en)');
  await chooseLanguage(page, '中文');
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
});

test('accounts, audit and my account pages', async ({ page }) => {
  await login(page, 'hengyang');
  for (const [path, title] of [
    ['/accounts', '账号与授权'],
    ['/audit', '审计日志'],
    ['/me', '个人设置'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole('table').first()).toBeVisible();
    await expectAccessible(page, title);
  }
  await page.goto('/audit');
  await expect(page.getByText('auth.login').first()).toBeVisible();
});

test('the read-only observer sees no Accounts or Audit menu, is refused those pages, and gets no write buttons', async ({ page }) => {
  await login(page, 'observer');
  const menu = page.getByRole('menu').first();
  await expect(menu.getByText('组织', { exact: true })).toBeVisible();
  await expect(menu.getByText('账号与授权')).toHaveCount(0);
  await expect(menu.getByText('审计日志')).toHaveCount(0);
  await page.goto('/accounts');
  await expect(page.getByText('没有访问权限')).toBeVisible();
  await page.goto('/orgs');
  await page.getByRole('tree').getByText('共青团衡阳市委员会').click();
  await expect(page.getByRole('heading', { name: '共青团衡阳市委员会' })).toBeVisible();
  for (const name of ['编辑', '新增下级', '调整隶属', '合并到', '撤销']) await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expectAccessible(page, 'observer org page');
});
