import { expect, test } from '@playwright/test';
import { expectAccessible, login, settle } from './helpers';

// The demo's cadre (衡阳县团委) has a contact book (seeded): a contact logged on the phone page in a
// few taps shows in the console's contact logs and in the youth's last-contact date.
test('a cadre logs a contact from the phone page and sees it in the console', async ({ page }) => {
  const topic = `e2e 了解就业需求 ${Date.now()}`;
  await login(page, 'cadre');
  await page.goto('/m/contact-work');
  await expect(page.getByRole('heading', { level: 1, name: '记录联系' })).toBeVisible();
  await expect(page.getByText(/今年已联系 \d+ \/ \d+ 名/)).toBeVisible();
  await expectAccessible(page, 'contact log phone page');

  const box = page.getByRole('combobox', { name: '选择联系青年' });
  let youth = '';
  await expect(async () => {
    await box.click();
    const first = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await expect(first).toBeVisible({ timeout: 5000 });
    youth = ((await first.textContent()) ?? '').replace(/（.*$/, '').trim();
    await first.click();
    // the select shows the chosen youth (antd's own class names change between versions)
    await expect(box.locator("xpath=ancestor::*[contains(concat(' ', @class, ' '), ' ant-select ')][1]")).toContainText(youth, { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await settle(page);
  await page.getByRole('radio', { name: /微\s*信/ }).click();
  await page.getByRole('textbox', { name: '主题' }).fill(topic);
  await page.getByRole('button', { name: /提\s*交/ }).click();
  await expect(page.getByText(`已记录：${youth}`)).toBeVisible();
  await expectAccessible(page, 'contact logged');

  await page.goto('/contact-work?tab=logs');
  await expect(page.getByRole('heading', { level: 1, name: '联系青年' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: topic })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: topic })).toContainText(youth);
  await expectAccessible(page, 'contact logs');

  await page.goto('/contact-work?tab=mine');
  await expect(page.getByRole('row').filter({ hasText: youth }).first()).toBeVisible();
  await expectAccessible(page, 'my contact book');
});
