import { expect, test } from '@playwright/test';
import { choose, expectAccessible, login, pick } from './helpers';

test('12355: the county admin opens the case list, records a case and works it', async ({ page }) => {
  await login(page, 'hyx');
  await page.goto('/hotline/cases');
  await expect(page.getByRole('heading', { level: 1, name: '12355 个案' })).toBeVisible();
  // the demo year: rows, and the chart of cases by category per month
  await expect(page.getByRole('row').nth(3)).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await expectAccessible(page, '12355 case list');

  await page.getByRole('button', { name: '登记个案' }).click();
  const modal = page.getByRole('dialog');
  await expect(modal).toBeVisible();
  await choose(page, modal.getByLabel('类别', { exact: true }), '心理');
  await choose(page, modal.getByLabel('风险', { exact: true }), '中');
  await modal.getByLabel('来电人姓名').fill('测试来电人');
  await modal.getByLabel('来电人电话').fill('13912345678');
  await modal.getByLabel('情况摘要').fill('期末考试前焦虑失眠（e2e）');
  await expectAccessible(page, 'new case form');
  await modal.getByRole('button', { name: /确\s*定/ }).click();

  // the detail page: the caller masked, the workflow actions offered
  await expect(page.getByRole('heading', { level: 1, name: /12355-\d{4}-\d{6} · 心理/ })).toBeVisible();
  await expect(page.getByText('139****5678')).toBeVisible();
  await expect(page.getByRole('button', { name: '上报督导' })).toBeVisible();
  await expectAccessible(page, 'case detail');
  await page.getByRole('button', { name: '记录会谈' }).click();
  const session = page.getByRole('dialog');
  await session.getByLabel('情况摘要').fill('倾听与放松训练');
  await session.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByRole('cell', { name: '倾听与放松训练' })).toBeVisible();

  await page.goto('/hotline/breaches');
  await expect(page.getByRole('heading', { level: 1, name: '12355 超时预警' })).toBeVisible();
  await expectAccessible(page, 'breach list');
  await page.goto('/hotline/stats');
  await expect(page.getByRole('heading', { level: 1, name: '12355 统计' })).toBeVisible();
  await expectAccessible(page, '12355 figures');
});

test('12355: a youth asks for help from the phone page, anonymously', async ({ page }) => {
  await page.goto('/m/hotline');
  await expect(page.getByRole('heading', { level: 1, name: '12355 青少年服务台' })).toBeVisible();
  await expectAccessible(page, 'phone help page');
  await pick(page, page.getByLabel('向哪个团委求助'), /衡阳县委员会/, { type: '衡阳县', shows: '衡阳县' });
  await choose(page, page.getByLabel('遇到了什么方面的问题'), '家庭');
  await page.getByLabel('说说你的情况').fill('父母总吵架，我不想回家（e2e）');
  await page.getByRole('button', { name: '提交求助' }).click();
  await expect(page.getByText('已收到你的求助')).toBeVisible();
  await expect(page.getByText(/受理编号：12355-\d{4}-\d{6}/)).toBeVisible();
});
