import { type APIRequestContext, type Browser, expect, type Locator, type Page, request, test } from '@playwright/test';
import { choose, demoPassword, expectAccessible, login, pick, settle } from './helpers';

const shots = process.env.E2E_SHOTS ?? 'test-results';

type Grant = { orgId: number; orgName: string };
type Person = { id: string; name: string; orgName: string };

async function apiAs(baseURL: string, username: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  const res = await api.post('/api/v1/auth/login', { data: { username, password: demoPassword } });
  expect(res.status()).toBe(200);
  return api;
}

async function as(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, username);
  return page;
}

/** The demo secretary's branch (a 衡阳县 village branch with about 20 members). */
async function secretaryBranch(baseURL: string): Promise<Grant> {
  const api = await apiAs(baseURL, 'secretary');
  const me = await (await api.get('/api/v1/auth/me')).json();
  return me.grants[0] as Grant;
}

async function pickOrg(page: Page, input: Locator, name: string): Promise<void> {
  await pick(page, input, name, { type: name, tree: true });
}

async function pickPerson(page: Page, input: Locator, p: Person): Promise<void> {
  const select = input.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]");
  const option = page
    .locator('.ant-select-item-option')
    .filter({ hasText: `${p.name}（${p.orgName}` })
    .first();
  // The result list re-renders as the search settles: retry until the choice shows in the select.
  await expect(async () => {
    await input.fill(p.name);
    await expect(option).toBeVisible({ timeout: 5000 });
    await settle(page);
    await option.click({ timeout: 3000 });
    await expect(select).toContainText(p.name, { timeout: 2000 });
  }).toPass({ timeout: 45_000 });
}

/** The committee-size notice the server reports for a branch of 7+ members with fewer than 3 on its committee. */
async function expectSizeWarning(page: Page, shot: string): Promise<void> {
  const warn = page.getByRole('alert').filter({ hasText: '请注意以下提示' });
  await expect(warn).toContainText('应设支部委员会');
  await settle(page);
  await page.screenshot({ path: `${shots}/${shot}`, fullPage: true });
  await warn.getByRole('button', { name: '关闭提示' }).click();
  await expect(warn).toHaveCount(0);
}

test.describe.configure({ timeout: 240_000 });

test('the branch proposes its annual review and 衡阳县 approves it', async ({ browser, baseURL }) => {
  const branch = await secretaryBranch(baseURL ?? '');
  // The demo has last year's and some of this year's reviews: propose one for the year before last.
  const year = String(Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) - 2);
  const secretary = await as(browser, 'secretary');
  await secretary.goto('/member-life/annual');
  await expect(secretary.getByRole('heading', { name: '教育评议（支部提交、上级审批）' })).toBeVisible();
  await secretary.getByLabel('年度').fill(year);
  await settle(secretary);
  await secretary.getByRole('button', { name: '提交评议结果' }).click();
  const dialog = secretary.getByRole('dialog');
  const rows = dialog.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  const n = await rows.count();
  expect(n).toBeGreaterThan(3);
  await expect(dialog.getByText(`参评 ${n} 人`)).toBeVisible();
  await rows.first().getByText('优秀', { exact: true }).click();
  await expect(dialog.getByText(/当前 1 人/)).toBeVisible();

  // Too few present: the server refuses and its own message is shown.
  await dialog.getByLabel('实到人数').fill('1');
  await dialog.getByRole('button', { name: '提交评议结果' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: '评议会到会人数须达到应到人数的三分之二' })).toBeVisible();
  await dialog.getByLabel('实到人数').fill(String(n));
  await settle(secretary);
  await secretary.screenshot({ path: `${shots}/review-propose.png`, fullPage: true });
  await expectAccessible(secretary, 'review proposal');
  await dialog.getByRole('button', { name: '提交评议结果' }).click();
  await expect(secretary.getByText('评议结果已提交，待上级审批')).toBeVisible();
  const reviews = (p: Page) => p.locator('.ant-card').filter({ has: p.getByRole('heading', { name: '教育评议（支部提交、上级审批）' }) });
  const mine = reviews(secretary).getByRole('row').filter({ hasText: branch.orgName });
  await expect(mine).toContainText('支部已提交');
  // The branch cannot approve its own review.
  await expect(mine.getByRole('button', { name: /批\s*准/ })).toHaveCount(0);

  const county = await as(browser, 'hyx');
  await county.goto('/member-life/annual');
  await county.getByLabel('年度').fill(year);
  await settle(county);
  const row = reviews(county).getByRole('row').filter({ hasText: branch.orgName });
  await expect(row).toContainText('支部已提交');
  await row.getByRole('button', { name: /详\s*情/ }).click();
  const detail = county.getByRole('dialog');
  await expect(detail.getByText('支部提交')).toBeVisible();
  await expect(detail.getByText('优秀', { exact: true })).toBeVisible();
  await settle(county);
  await county.screenshot({ path: `${shots}/review-detail.png`, fullPage: true });
  await expectAccessible(county, 'review detail');
  await detail.getByRole('button', { name: /Close|关闭/ }).click();
  await settle(county);
  await row.getByRole('button', { name: /批\s*准/ }).click();
  await expect(row).toContainText('上级已批准');
  await county.screenshot({ path: `${shots}/annual-approved.png`, fullPage: true });
  await expectAccessible(county, 'annual page');
});

test('衡阳县 records a cadre, edits and ends it, records an election and declares a cohort', async ({ browser, baseURL }) => {
  const base = baseURL ?? '';
  const branch = await secretaryBranch(base);
  const hy = await apiAs(base, 'hyx');
  const people: Person[] = (await (await hy.get(`/api/v1/people?orgId=${branch.orgId}&limit=100`)).json()).items;
  const cadres: { personId: string }[] = (await (await hy.get(`/api/v1/cadres?orgId=${branch.orgId}&status=active&limit=100`)).json()).items;
  const busy = new Set(cadres.map((c) => c.personId));
  // Distinct names keep the picker's choice unambiguous.
  const free = people.filter((p, i) => !busy.has(p.id) && people.findIndex((q) => q.name === p.name) === i);
  expect(free.length).toBeGreaterThan(3);
  const [one, two, three] = free as [Person, Person, Person];

  const page = await as(browser, 'hyx');
  await page.goto(`/cadres?org=${branch.orgId}`);
  await expect(page.getByRole('heading', { level: 1, name: '团干部' })).toBeVisible();
  await page.getByRole('tab', { name: '干部名单' }).click();
  await page.getByRole('button', { name: '新增团干部' }).click();
  const form = page.getByRole('dialog');
  await pickPerson(page, form.getByLabel('人员'), one);
  await pickOrg(page, form.getByLabel('任职组织'), branch.orgName);
  await choose(page, form.getByLabel('职务'), '委员');
  await form.getByText('兼职', { exact: true }).click();
  await form.getByLabel('任职开始').fill('2025-01-02');
  await form.getByLabel('任职开始').press('Enter');
  await settle(page);
  await page.screenshot({ path: `${shots}/cadre-form.png`, fullPage: true });
  await expectAccessible(page, 'cadre form');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存').first()).toBeVisible();
  await expectSizeWarning(page, 'cadre-warnings.png');
  const row = page.getByRole('row').filter({ hasText: one.name });
  await expect(row).toContainText('委员');
  await expect(row).toContainText('2025-01-02');

  // Edit: the post becomes 组织委员.
  await row.getByRole('button', { name: `修改任职 ${one.name}` }).click();
  const edit = page.getByRole('dialog').filter({ hasText: '修改任职' });
  await choose(page, edit.getByLabel('职务'), '组织委员');
  await edit.getByRole('button', { name: /保\s*存/ }).click();
  await expect(row).toContainText('组织委员');

  // End the post with a reason.
  await row.getByRole('button', { name: `离任 ${one.name}` }).click();
  const end = page.getByRole('dialog').filter({ hasText: '办理离任' });
  await choose(page, end.getByLabel('离任原因'), '工作调动');
  await settle(page);
  await expectAccessible(page, 'end cadre');
  await end.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByRole('row').filter({ hasText: one.name })).toHaveCount(0);
  await choose(page, page.getByLabel('状态').first(), '已离任');
  await expect(page.getByRole('row').filter({ hasText: one.name })).toContainText('工作调动');
  await settle(page);
  await page.screenshot({ path: `${shots}/cadres-list.png`, fullPage: true });
  await expectAccessible(page, 'cadres list');

  // Election: two secretaries are refused with the server's message, then the committee is fixed.
  await page.getByRole('tab', { name: '换届' }).click();
  await page.getByRole('button', { name: '记录换届' }).click();
  const el = page.getByRole('dialog').filter({ hasText: '记录换届选举' });
  await pickOrg(page, el.getByLabel('换届组织'), branch.orgName);
  await pickPerson(page, el.getByLabel('人员 1'), two);
  await el.getByRole('button', { name: '添加人员' }).click();
  await pickPerson(page, el.getByLabel('人员 2'), three);
  await choose(page, el.getByLabel('职务 2'), '书记');
  await el.getByRole('button', { name: /保\s*存/ }).click();
  await expect(el.getByRole('alert').filter({ hasText: '新一届委员会须有且只有一名书记' })).toBeVisible();
  await choose(page, el.getByLabel('职务 2'), '副书记');
  await settle(page);
  await page.screenshot({ path: `${shots}/election-form.png`, fullPage: true });
  await expectAccessible(page, 'election form');
  await el.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText(/换届已记录，任期至/)).toBeVisible();
  await expectSizeWarning(page, 'election-warnings.png');
  const elRow = page.getByRole('row').filter({ hasText: `${two.name}（书记）` });
  await expect(elRow).toContainText(branch.orgName);
  await expect(elRow).toContainText(`${three.name}（副书记）`);
  await page.getByText('本期换届', { exact: true }).click();
  await expect(elRow).toBeVisible();
  await settle(page);
  await page.screenshot({ path: `${shots}/elections.png`, fullPage: true });
  await expectAccessible(page, 'elections');

  // The new committee is in post.
  await page.getByRole('tab', { name: '干部名单' }).click();
  await choose(page, page.getByLabel('状态').first(), '在任');
  await expect(page.getByRole('row').filter({ hasText: two.name })).toContainText('书记');

  // Cohort and quota for the branch.
  await page.goto(`/development?org=${branch.orgId}`);
  await page.getByRole('button', { name: '发展指标' }).click();
  const cohort = page.getByRole('dialog').filter({ hasText: '年级人数与发展指标' });
  await cohort.getByLabel('年级人数').fill('40');
  await cohort.getByRole('button', { name: '保存年级人数' }).click();
  await expect(cohort.getByText('发展比例上限')).toBeVisible();
  await expect(cohort.getByRole('cell', { name: '40', exact: true })).toBeVisible();
  await settle(page);
  await page.screenshot({ path: `${shots}/cohort.png`, fullPage: true });
  await expectAccessible(page, 'cohort');
});
