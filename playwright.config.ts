import { chromium, defineConfig } from '@playwright/test';
import { chromiumExecutable } from './tests/support/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4329);
const base = process.env.BASE_PATH ?? '/';
const executablePath = chromiumExecutable(() => chromium.executablePath());

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  ...(process.env.CI ? { workers: 2 } : {}),
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'reports/e2e-junit.xml' }]] : 'list',
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}${base}`,
    locale: 'ko-KR',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      // This machine has no internet: keep Chromium from phoning home at every start.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    // Serves the built dist/ (npm test builds first); loopback only.
    command: `npx astro preview --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
