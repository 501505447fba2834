import { expect, test } from '@playwright/test';
import { expectAccessible, login, pick, settle } from './helpers';

// 青年之声 and 微心愿: a phone visitor (no sign-in) asks the 衡阳县 committee a question and browses
// the published wishes; the county admin finds the question in the console and answers it.
test('a phone visitor asks; the county admin answers in the console; the visitor browses wishes', async ({ browser, page }) => {
  const title = `e2e 提问 ${Date.now()}`;
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const visitor = await phone.newPage();
  await visitor.goto('/m/youth-voice');
  await expect(visitor.getByRole('heading', { level: 1, name: '青年之声' })).toBeVisible();
  await pick(visitor, visitor.getByRole('combobox', { name: '向哪个团组织提问' }), '共青团衡阳市衡阳县委员会', { type: '衡阳县' });
  await visitor.getByLabel('标题').fill(title);
  await visitor.getByLabel('问题内容').fill('想了解返乡创业有哪些贷款扶持？');
  await expectAccessible(visitor, 'phone: ask');
  await visitor.getByRole('button', { name: /提\s*交/ }).click();
  await expect(visitor.getByText('已收到您的问题')).toBeVisible();

  await login(page, 'hyx');
  await page.goto('/youth-voice');
  await expect(page.getByRole('heading', { level: 1, name: '青年之声' })).toBeVisible();
  await expect(page.getByRole('row').nth(3)).toBeVisible();
  await expectAccessible(page, 'question list');
  await page.getByLabel('关键词').fill(title);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectAccessible(page, 'question detail');
  await page.getByRole('button', { name: /回\s*答/ }).click();
  const modal = page.getByRole('dialog');
  await modal.getByLabel('回答').fill('可申请青年创业小额贷款，团县委可协助对接银行。');
  await expectAccessible(page, 'answer form');
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('已回答').first()).toBeVisible();
  await page.getByRole('button', { name: /公\s*开/ }).click();
  await expect(page.getByText('已公开').first()).toBeVisible();
  await settle(page);

  await page.goto('/youth-voice/wishes');
  await expect(page.getByRole('heading', { level: 1, name: '微心愿' })).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  await expectAccessible(page, 'wish list');

  await visitor.getByRole('tab', { name: '问答' }).click();
  await expect(visitor.getByText(title)).toBeVisible();
  await visitor.getByRole('tab', { name: '微心愿' }).click();
  await expect(visitor.getByRole('button', { name: '我来认领' }).first()).toBeVisible();
  await expectAccessible(visitor, 'phone: wishes');
  // Nothing on the public list names a child.
  await expect(visitor.getByText(/\*\*/)).toHaveCount(0);
  await phone.close();
});
