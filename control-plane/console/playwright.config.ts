import { defineConfig } from '@playwright/test';

// The end-to-end tests drive Debian's chromium (installed by ./sparkplane's own steps; Playwright's
// own browser download is never used) against a packaged control plane that
// tests/.../ConsoleEndToEndIT starts and names in SPARKPLANE_CONSOLE_URL.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'target/playwright',
  use: {
    baseURL: process.env.SPARKPLANE_CONSOLE_URL ?? 'http://127.0.0.1:8080',
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.SPARKPLANE_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
