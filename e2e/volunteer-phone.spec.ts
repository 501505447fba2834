import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { makeIdNumber } from '../server/src/modules/people/id-number.ts';
import { demoPassword, expectAccessible, login, registerVolunteerOnPhone } from './helpers';

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** A signed-in API client (session cookie + CSRF), for the steps a test only needs to set up. */
async function apiAs(baseURL: string, username: string): Promise<{ ctx: APIRequestContext; csrf: string; orgId: number }> {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.post('/api/v1/auth/login', { data: { username, password: demoPassword } });
  expect(res.ok()).toBe(true);
  const me = await res.json();
  return { ctx, csrf: me.csrfToken, orgId: me.grants[0].orgId };
}

async function tokenOnScreen(lead: Page, shiftId: string, kind: 'in' | 'out'): Promise<string> {
  await lead.goto(`/volunteer-hours/checkin?shiftId=${shiftId}&kind=${kind}`);
  const token = lead.getByTestId('checkin-token');
  await expect(token).toHaveText(/^TW1\./);
  await expect(lead.getByRole('img', { name: /二维码/ })).toBeVisible();
  return (await token.textContent()) ?? '';
}

test('a volunteer signs up on the phone, checks in and out with the lead’s code, sees hours; a certificate verifies', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const base = baseURL ?? '';
  const lead = await apiAs(base, 'hyx');
  const start = new Date(Date.now() + 10 * 60_000);
  const title = `E2E护河行动${Date.now() % 100000}`;
  const created = await lead.ctx.post('/api/v1/volunteer-activities', {
    headers: { 'x-csrf-token': lead.csrf },
    data: {
      orgId: lead.orgId,
      title,
      serviceContent: '河道巡查',
      place: '湘江边',
      shifts: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString(), capacity: 5 }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const activity = await created.json();
  const shiftId: string = activity.shifts[0].id;
  expect((await lead.ctx.post(`/api/v1/volunteer-activities/${activity.id}/publish`, { headers: { 'x-csrf-token': lead.csrf }, data: {} })).status()).toBe(200);

  // The volunteer's phone: register with a real name at the county.
  const volCtx = await browser.newContext({ ...phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const vol = await volCtx.newPage();
  await vol.goto('/m/volunteer');
  await expect(vol.getByRole('heading', { level: 1, name: '志愿服务' })).toBeVisible();
  await expectAccessible(vol, 'volunteer registration');
  await registerVolunteerOnPhone(vol, {
    username: `e2evol${Date.now() % 1_000_000}`,
    name: '周青青',
    idNumber: makeIdNumber('430421', '1999-08-08', Date.now() % 997, 'F'),
  });

  // Sign up for the shift.
  const card = vol.locator('.ant-card', { hasText: title });
  await card.getByRole('button', { name: /报名/ }).first().click();
  await expect(card.getByText('已报名')).toBeVisible();
  // the toast fades in and out (axe would measure it half transparent): check once it is gone
  await expect(vol.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await vol.mouse.move(0, 0);
  await vol.waitForTimeout(300);
  await expectAccessible(vol, 'volunteer activities');

  // The lead's screen in another browser context shows the rotating code.
  const leadCtx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const leadPage = await leadCtx.newPage();
  await login(leadPage, 'hyx');
  const tokenIn = await tokenOnScreen(leadPage, shiftId, 'in');
  await expectAccessible(leadPage, 'check-in screen');

  await vol.getByRole('tab', { name: '扫码' }).click();
  await vol.getByLabel('签到码').fill(tokenIn);
  await vol.getByRole('button', { name: /提\s*交/ }).click();
  await expect(vol.getByRole('status')).toContainText(`已签到：${title}`);
  await expectAccessible(vol, 'volunteer scan');

  // Checking out, the volunteer types the 6-digit code shown beside the QR instead of the token.
  await tokenOnScreen(leadPage, shiftId, 'out');
  const shortOut = (await leadPage.getByTestId('checkin-short-code').textContent()) ?? '';
  expect(shortOut).toMatch(/^\d{3} \d{3}$/);
  await vol.getByLabel('签到码').fill(shortOut);
  await vol.getByRole('button', { name: /提\s*交/ }).click();
  // The shift has not begun: the pair covers none of it, so it is recorded but earns nothing.
  await expect(vol.getByRole('status')).toContainText('已签退');
  await expect(vol.getByRole('status')).toContainText('不计时长');

  // Hours entered by hand by the lead and approved by a colleague show apart from tracked ones.
  const volunteerId: string = (await (await volCtx.request.get('/api/v1/self/volunteer')).json()).volunteer.id;
  const claim = await lead.ctx.post('/api/v1/volunteer-hours/claims', {
    headers: { 'x-csrf-token': lead.csrf },
    data: { volunteerId, shiftId, hours: 1.5, reason: '签到设备故障，现场核实' },
  });
  expect(claim.status(), await claim.text()).toBe(201);
  const cadre = await apiAs(base, 'cadre');
  const approved = await cadre.ctx.post(`/api/v1/volunteer-hours/claims/${(await claim.json()).id}/approve`, {
    headers: { 'x-csrf-token': cadre.csrf },
    data: {},
  });
  expect(approved.status()).toBe(200);

  await vol.getByRole('tab', { name: '我的' }).click();
  await vol.reload();
  await vol.getByRole('tab', { name: '我的' }).click();
  const records = vol.locator('.ant-card', { hasText: '服务记录' });
  await expect(records.getByText('扫码记录').first()).toBeVisible();
  await expect(records.getByText('在岗不足规定比例，不计时长')).toBeVisible();
  await expect(records.getByText('补录（已审核）')).toBeVisible();
  await expect(vol.getByText('1.5').first()).toBeVisible();
  await expectAccessible(vol, 'my hours');

  // The org that recorded the hours issues a certificate; anyone can verify its code.
  const issued = await lead.ctx.post('/api/v1/volunteer-hours/certificates', {
    headers: { 'x-csrf-token': lead.csrf },
    data: { volunteerId, orgId: lead.orgId, responsiblePerson: '刘书记', contact: '0734-1234567' },
  });
  expect(issued.status(), await issued.text()).toBe(201);
  const code: string = (await issued.json()).fields.verifyCode;
  await vol.reload();
  await vol.getByRole('tab', { name: '我的' }).click();
  await expect(vol.getByRole('button', { name: '下载 PDF' })).toBeVisible();

  const anon = await browser.newContext({ ...phone, locale: 'zh-CN' });
  const verify = await anon.newPage();
  await verify.goto('/verify');
  await verify.getByLabel('验证码').fill(code);
  await verify.getByRole('button', { name: /核\s*验/ }).click();
  await expect(verify.getByText('证明有效')).toBeVisible();
  await expect(verify.getByText('周青青')).toBeVisible();
  await expect(verify.getByText('刘书记')).toBeVisible();
  await expectAccessible(verify, 'certificate verification');
  await verify.goto('/verify/ABCDEFGHJKMN');
  await expect(verify.getByText(/不存在|not found/)).toBeVisible();

  await Promise.all([volCtx.close(), leadCtx.close(), anon.close(), lead.ctx.dispose(), cadre.ctx.dispose()]);
});
