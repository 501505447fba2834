import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export const demoPassword = 'tuanwu2026';

/** What the browser refused under the server's Content-Security-Policy, per page (see expectAccessible). */
const cspViolations = new WeakMap<Page, string[]>();

function watchCsp(page: Page): void {
  if (cspViolations.has(page)) return;
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) seen.push(msg.text());
  });
}

export async function login(page: Page, username: string, password = demoPassword): Promise<void> {
  watchCsp(page);
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
  await settle(page);
}

/**
 * Waits until the page's requests are done and antd's open/close animations have finished:
 * a half-faded modal or a closing dropdown makes axe report contrast and naming failures that a
 * person never sees, and a re-rendering dropdown detaches the option a test is about to click.
 */
export async function settle(page: Page): Promise<void> {
  // The pointer stays where the last click was: move it off so no hover colours are judged.
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page
    .waitForFunction(
      () =>
        !document.querySelector(
          '[class*="-appear-active"], [class*="-enter-active"], [class*="-leave-active"], [class*="-leave-start"], .ant-btn-loading, .ant-wave',
        ),
      null,
      { timeout: 5000 },
    )
    .catch(() => {});
}

/** No serious or critical axe-core violations on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await settle(page);
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} ${n.failureSummary?.split('\n').at(-1) ?? ''}`)
        .slice(0, 3)
        .join(' | ')}`,
  );
  expect(summary, `axe violations on ${name}`).toEqual([]);
  // The console works under the CSP it is served with: nothing it needs was refused.
  expect(cspViolations.get(page) ?? [], `CSP violations on ${name}`).toEqual([]);
}

/**
 * Picks an option of an antd select or tree select, retrying until the box shows it: under load
 * a dropdown still fading in, re-rendering its search results, or a stale one closing can swallow
 * a click. `type` searches first; `shows` is the text the box shows once chosen (default: `option`).
 */
export async function pick(page: Page, box: Locator, option: string | RegExp, opts: { type?: string; tree?: boolean; shows?: string } = {}): Promise<void> {
  const shows = opts.shows ?? (typeof option === 'string' ? option : undefined);
  if (shows === undefined) throw new Error('pick: say what the box shows for a RegExp option');
  const select = box.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
  const item = opts.tree ? '.ant-select-tree-node-content-wrapper' : '.ant-select-item-option';
  await expect(async () => {
    if (opts.type !== undefined) await box.fill(opts.type);
    else await box.click();
    const hit = page.locator(`.ant-select-dropdown:visible ${item}`).filter({ hasText: option }).first();
    await expect(hit).toBeVisible({ timeout: 5000 });
    await settle(page);
    await hit.click();
    await expect(select).toContainText(shows, { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await settle(page);
}

/** Takes the option of a plain select whose text is exactly `option`. */
export async function choose(page: Page, box: Locator, option: string): Promise<void> {
  await pick(page, box, new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), { shows: option });
}

/** The language switch in the header (an antd Select). */
export async function chooseLanguage(page: Page, label: '中文' | 'English'): Promise<void> {
  await settle(page);
  await page.getByRole('combobox', { name: /语言|language/i }).click();
  await page.locator('.ant-select-item-option', { hasText: label }).click();
}

/** On the phone's /m/volunteer page: registers a real-name volunteer at 衡阳县 and waits for the activities. */
export async function registerVolunteerOnPhone(vol: Page, p: { username: string; name: string; idNumber: string }): Promise<void> {
  await vol.getByLabel('用户名').fill(p.username);
  await vol.getByLabel('密码').fill('Volunteer-2026');
  await vol.getByLabel('真实姓名').fill(p.name);
  await vol.getByLabel('身份证号').fill(p.idNumber);
  await pick(vol, vol.getByRole('combobox', { name: '注册组织' }), '衡阳县', { type: '衡阳县' });
  await vol.getByRole('checkbox').check();
  await vol.getByRole('button', { name: /注\s*册/ }).click();
  await expect(vol.getByRole('tab', { name: '活动' })).toBeVisible();
}
