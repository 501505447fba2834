import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, login } from './helpers';

test('the hours ranking tab: a table, the period, an Excel export, in both languages', async ({ page }) => {
  await login(page, 'hyx');
  await page.goto('/volunteer-hours');
  await page.getByRole('tab', { name: '时长排行' }).click();
  for (const header of ['名次', '志愿者', '志愿者编号', '注册组织', '时长（小时）', '星级']) {
    await expect(page.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  }
  await expect(page.getByText(/统计期间：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /导出 Excel|导出/ }).click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
  await expectAccessible(page, 'hours ranking');
  await chooseLanguage(page, 'English');
  await page.getByRole('tab', { name: 'Ranking' }).click();
  await expect(page.getByRole('columnheader', { name: 'Registered at' })).toBeVisible();
});
