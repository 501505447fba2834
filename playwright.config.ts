import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3917);
const dataDir = process.env.E2E_DATA_DIR ?? '/tmp/tuanwu-e2e';

export default defineConfig({
  testDir: 'e2e',
  // Generous: in CI the PostgreSQL suite runs beside these tests on the same two cores.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The product as a user starts it: demo data on a fresh embedded database, the built console.
  webServer: {
    command: `rm -rf ${dataDir} && node bin/ensure-web.js && TUANWU_DATA_DIR=${dataDir} PORT=${port} LOG_LEVEL=warn npx tsx server/src/main.ts serve --demo`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
