import { type Browser, devices, expect, type Locator, type Page, test } from '@playwright/test';
import { makeIdNumber } from '../server/src/modules/people/id-number.ts';
import { expectAccessible, login, pick, registerVolunteerOnPhone, settle } from './helpers';

const zh = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/** Local time in Shanghai (UTC+8, no daylight saving) as the console's pickers show it. */
function shanghai(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Opens a plain select and takes its first option. */
async function chooseFirst(page: Page, box: Locator): Promise<void> {
  await box.click();
  const first = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
  await expect(first).toBeVisible();
  await settle(page);
  await first.click();
  await settle(page);
}

/** A new volunteer on their own phone: a real-name account at the county, then a place on the shift. */
async function volunteerSignsUp(browser: Browser, name: string, birth: string, title: string): Promise<{ vol: Page; number: string }> {
  const ctx = await browser.newContext({ ...devices['iPhone 13'], ...zh });
  const vol = await ctx.newPage();
  await vol.goto('/m/volunteer');
  await expect(vol.getByRole('heading', { level: 1, name: '志愿服务' })).toBeVisible();
  await registerVolunteerOnPhone(vol, { username: `flow${Date.now() % 10_000_000}`, name, idNumber: makeIdNumber('430421', birth, Date.now() % 997, 'M') });

  const card = vol.locator('.ant-card', { hasText: title });
  await card.getByRole('button', { name: /报名/ }).first().click();
  await expect(card.getByText('已报名')).toBeVisible();
  // The number the volunteer is known by in the console (names repeat).
  await vol.getByRole('tab', { name: '我的' }).click();
  const shown = vol.getByText(/志愿者编号：\d+/);
  await expect(shown).toBeVisible();
  const number = /(\d+)/.exec((await shown.textContent()) ?? '')?.[1] ?? '';
  await vol.getByRole('tab', { name: '扫码' }).click();
  return { vol, number };
}

/** The lead's check-in screen, switched to check-in or check-out: the code as text under the QR image. */
async function codeOnScreen(lead: Page, kind: '签到' | '签退'): Promise<string> {
  await lead.locator('.ant-segmented-item', { hasText: kind }).click();
  await expect(lead.getByRole('img', { name: new RegExp(`${kind}二维码`) })).toBeVisible();
  const token = lead.getByTestId('checkin-token');
  await expect(token).not.toBeEmpty();
  return (await token.textContent()) ?? '';
}

async function scan(vol: Page, code: string, expected: string): Promise<void> {
  await vol.getByLabel('签到码').fill(code);
  await vol.getByRole('button', { name: /提\s*交/ }).click();
  await expect(vol.getByRole('status')).toContainText(expected);
}

test('volunteer service end to end: activity, two phones, check-in and out, the ledger, a certificate that verifies', async ({ browser, page }) => {
  // Five browsers and a dozen forms: slow on a loaded machine.
  test.setTimeout(420_000);
  const suffix = Date.now() % 100_000;
  const title = `衡阳县护河志愿行动${suffix}`;
  const nameA = '司马青禾';
  const nameB = '司马青苗';

  // The county admin creates and publishes an activity with one shift starting soon.
  await login(page, 'hyx');
  await page.goto('/volunteer-activities');
  await page.getByRole('button', { name: '新建活动' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('活动名称').fill(title);
  await form.getByLabel('服务内容').fill('河道巡查、文明劝导');
  const start = new Date(Date.now() + 20 * 60_000);
  const range = form.locator('.ant-picker-range input');
  await range.nth(0).click();
  await range.nth(0).fill(shanghai(start));
  await range.nth(0).press('Enter');
  await range.nth(1).fill(shanghai(new Date(start.getTime() + 2 * 3600_000)));
  await range.nth(1).press('Enter');
  await form.getByLabel('活动名称').click();
  await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  await form.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: /^发\s*布$/ }).click();
  await expect(page.getByRole('button', { name: '结束活动' })).toBeVisible();

  // Two volunteers register and sign up, each on their own phone.
  const first = await volunteerSignsUp(browser, nameA, '2000-03-12', title);
  const second = await volunteerSignsUp(browser, nameB, '1998-11-05', title);
  const phones = [first.vol, second.vol];
  await expectAccessible(phones[0] as Page, 'volunteer scan tab');

  // The lead's check-in screen: pick the activity and its shift, show the code.
  await page.goto('/volunteer-hours/checkin');
  await pick(page, page.locator('#checkin-activity'), title, { type: title });
  await chooseFirst(page, page.locator('#checkin-shift'));
  for (const vol of phones) await scan(vol, await codeOnScreen(page, '签到'), `已签到：${title}`);
  await expectAccessible(page, 'check-in screen');
  // The shift has not begun: the pair is recorded but covers none of it, so it earns nothing yet.
  for (const vol of phones) await scan(vol, await codeOnScreen(page, '签退'), '不计时长');

  // Both pairs are in the ledger.
  await page.goto('/volunteer-hours');
  await page.getByRole('tab', { name: '时长台账' }).click();
  for (const name of [nameA, nameB]) {
    await expect(page.getByRole('row').filter({ hasText: name }).filter({ hasText: title })).toContainText('不计时长');
  }

  // One volunteer's phone died mid-shift: the admin enters the hours by hand, choosing from lists.
  await page.getByRole('tab', { name: '补录审核' }).click();
  await page.getByRole('button', { name: '补录时长' }).click();
  const claim = page.getByRole('dialog');
  await pick(page, claim.getByLabel('活动'), title, { type: title });
  await chooseFirst(page, claim.getByLabel('时段'));
  await pick(page, claim.getByLabel('志愿者'), `${nameA}（${first.number}）`, { type: first.number });
  await claim.getByLabel('时长（小时）').fill('1.5');
  await claim.getByLabel('原因').fill('手机没电，现场负责人核实');
  await settle(page);
  await expectAccessible(page, 'hand entry form');
  await claim.getByRole('button', { name: /确\s*定/ }).click();
  await expect(claim).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: nameA }).filter({ hasText: title })).toContainText('待审核');

  // A colleague approves it (nobody approves their own entry).
  const cadreCtx = await browser.newContext(zh);
  const cadre = await cadreCtx.newPage();
  await login(cadre, 'cadre');
  await cadre.goto('/volunteer-hours');
  await cadre
    .getByRole('row')
    .filter({ hasText: nameA })
    .filter({ hasText: title })
    .getByRole('button', { name: /通\s*过/ })
    .click();
  await cadre
    .getByRole('dialog')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(cadre.getByRole('row').filter({ hasText: title })).toHaveCount(0);

  await page.getByRole('tab', { name: '时长台账' }).click();
  await page.reload();
  await page.getByRole('tab', { name: '时长台账' }).click();
  await expect(page.getByRole('row').filter({ hasText: nameA }).filter({ hasText: title }).filter({ hasText: '补录' })).toContainText('1.5');
  await expectAccessible(page, 'hours ledger');

  // The county that recorded the hours issues the certificate.
  await page.getByRole('tab', { name: '服务证明' }).click();
  await page.getByRole('button', { name: '出具证明' }).click();
  const issue = page.getByRole('dialog');
  await expect(issue.getByLabel('出具组织')).toBeVisible();
  await pick(page, issue.getByLabel('志愿者'), `${nameA}（${first.number}）`, { type: nameA });
  await issue.getByLabel('负责人').fill('刘书记');
  await issue.getByLabel('联系方式').fill('0734-1234567');
  await settle(page);
  await expectAccessible(page, 'certificate form');
  await issue.getByRole('button', { name: /确\s*定/ }).click();
  await expect(issue).toBeHidden();
  // Newest first.
  const cert = page.getByRole('row').filter({ hasText: nameA }).first();
  const codeCell = cert.getByRole('cell').filter({ hasText: /^[A-Z0-9]{12}$/ });
  await expect(codeCell).toBeVisible();
  const code = (await codeCell.textContent()) ?? '';

  // Anyone can check it on the public page.
  const anonCtx = await browser.newContext({ ...devices['iPhone 13'], ...zh });
  const anon = await anonCtx.newPage();
  await anon.goto('/verify');
  await anon.getByLabel('验证码').fill(code);
  await anon.getByRole('button', { name: /核\s*验/ }).click();
  await expect(anon.getByText('证明有效')).toBeVisible();
  await expect(anon.getByText(nameA)).toBeVisible();
  await expect(anon.getByText(first.number)).toBeVisible();
  await expect(anon.getByRole('row').filter({ hasText: '合计' })).toContainText('1.5 h');
  await expectAccessible(anon, 'certificate verification');

  await Promise.all([cadreCtx.close(), anonCtx.close(), ...phones.map((p) => p.context().close())]);
});
