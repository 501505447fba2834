import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './helpers';

test('volunteer pages: list, groups and overview are accessible', async ({ page }) => {
  await login(page, 'hengyang');
  await page.goto('/volunteers');
  await expect(page.getByRole('heading', { level: 1, name: '志愿者' })).toBeVisible();
  await expect(page.getByRole('row').nth(3)).toBeVisible();
  await expectAccessible(page, 'volunteers list');
  await page.getByRole('button', { name: '注册志愿者' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByText(/未满 14 周岁不能注册/)).toBeVisible();
  await expectAccessible(page, 'register form');
  await page.keyboard.press('Escape');

  await page.goto('/volunteer-groups');
  await expect(page.getByRole('heading', { level: 1, name: '队伍、站点与项目' })).toBeVisible();
  await expect(page.getByText('青年突击队').first()).toBeVisible();
  await expectAccessible(page, 'teams');
  await page.getByRole('tab', { name: '主题项目' }).click();
  await expect(page.getByText('河小青·护河行动')).toBeVisible();
  await expectAccessible(page, 'projects');

  await page.goto('/volunteer-dashboard');
  await expect(page.getByRole('heading', { level: 1, name: '志愿服务概览' })).toBeVisible();
  await expect(page.getByText('注册志愿者').first()).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await expectAccessible(page, 'volunteer overview');
});

test('create an activity with a recurring service day in the console, publish it and fill a roster', async ({ page }) => {
  await login(page, 'hyx');
  await page.goto('/volunteer-activities');
  await expect(page.getByRole('heading', { level: 1, name: '志愿活动' })).toBeVisible();
  await expectAccessible(page, 'activities list');
  await page.getByRole('button', { name: '新建活动' }).click();
  const modal = page.getByRole('dialog');
  await expect(modal).toBeVisible();
  await modal.getByLabel('活动名称').fill('蒸水河护河行动（e2e）');
  await modal.getByLabel('服务内容').fill('巡河、劝导');
  // One shift typed in would need the range picker; this one is a recurring service day instead.
  await modal.getByRole('button', { name: '删除此班次' }).click();
  await modal.getByRole('checkbox', { name: '周期性服务日' }).check();
  const from = modal.getByLabel('起始日期');
  await from.click();
  await from.fill('2030-03-01');
  await from.press('Enter');
  await modal.getByLabel('活动名称').click();
  await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  await expectAccessible(page, 'activity form');
  await modal.getByRole('button', { name: /确\s*定/ }).click();

  await expect(page.getByRole('heading', { level: 1, name: '蒸水河护河行动（e2e）' })).toBeVisible();
  // 1st and 3rd Saturdays of March, April and May 2030
  await expect(page.getByRole('row').filter({ hasText: '2030-03-02' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '2030-05-18' })).toBeVisible();
  await expectAccessible(page, 'activity detail');
  await page
    .getByRole('button', { name: '发 布' })
    .or(page.getByRole('button', { name: '发布' }))
    .click();
  await expect(page.getByRole('button', { name: '结束活动' })).toBeVisible();

  await page.getByRole('row').filter({ hasText: '2030-03-02' }).getByRole('button', { name: '名单' }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('已报/名额: 0/10')).toBeVisible();
  const picker = drawer.getByRole('combobox', { name: '选择志愿者' });
  await picker.click();
  await picker.fill('李');
  const option = page.locator('.ant-select-item-option').first();
  await expect(option).toBeVisible();
  const picked = (await option.innerText()).split('（')[0] ?? '';
  await option.click();
  await expect(drawer.getByRole('row').filter({ hasText: picked })).toContainText('已确认');
  await expect(drawer.getByText('已报/名额: 1/10')).toBeVisible();
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
  await expectAccessible(page, 'roster');
});
