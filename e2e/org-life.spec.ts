import { expect, test } from '@playwright/test';
import { expectAccessible, login } from './helpers';

// A branch secretary records a meeting and sees the branch's compliance change; the county
// admin sees the cadre structure, term warnings and the rating review with its quotas.

async function complianceText(page: import('@playwright/test').Page): Promise<string> {
  await page.getByRole('tab', { name: '落实情况' }).click();
  const summary = page.getByTestId('compliance-summary');
  await expect(summary).toContainText('应开');
  return (await summary.textContent()) ?? '';
}

test('record a meeting and see compliance change', async ({ page }) => {
  await login(page, 'secretary');
  await page.goto('/org-life');
  await expect(page.getByRole('heading', { level: 1, name: '组织生活' })).toBeVisible();
  const before = await complianceText(page);
  const heldBefore = Number(/已开 (\d+)/.exec(before)?.[1]);
  await expectAccessible(page, 'org-life compliance');

  await page.getByRole('tab', { name: '会议记录' }).click();
  await page.getByRole('button', { name: '记录会议' }).click();
  const dialog = page.getByRole('dialog', { name: '记录会议' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('主题').fill('学习习近平总书记关于青年工作的重要思想');
  await dialog.getByLabel('会议记录').fill('全体团员参加，交流学习体会。');
  await expectAccessible(page, 'record meeting dialog');
  await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('cell', { name: '学习习近平总书记关于青年工作的重要思想' })).toBeVisible();
  await expectAccessible(page, 'org-life meetings');

  const after = await complianceText(page);
  expect(Number(/已开 (\d+)/.exec(after)?.[1])).toBe(heldBefore + 1);
  expect(after).not.toBe(before);
});

test('county admin sees cadre structure, term warnings and the rating review', async ({ page }) => {
  await login(page, 'hyx');
  await page.goto('/cadres');
  await expect(page.getByRole('heading', { level: 1, name: '团干部' })).toBeVisible();
  await expect(page.getByText('团干部总数')).toBeVisible();
  await expect(page.getByText('大专以上')).toBeVisible();
  await expectAccessible(page, 'cadres structure');
  await page.getByRole('tab', { name: '换届' }).click();
  await expect(page.getByText(/换届提醒（90 天内到期或已到期）/)).toBeVisible();
  await expect(page.getByRole('columnheader', { name: '新一届委员会' })).toBeVisible();
  await expectAccessible(page, 'cadres elections');

  await page.goto('/rating');
  await page.getByRole('tab', { name: '上级审核' }).click();
  await expect(page.getByText(/五星：已审定 \d+ \/ 上限 \d+/)).toBeVisible();
  await expectAccessible(page, 'rating review');
});
