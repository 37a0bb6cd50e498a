// The runs page's first page, cold: time from navigation to 50 rendered rows, in a fresh browser
// context each round, beside the API call that page makes (GET /api/v1/runs?limit=50) timed from the
// same page. Prints one JSON line. Run by tests/.../ConsoleRunsPageBenchmark (./sparkplane bench).
import { chromium } from '@playwright/test';

const url = process.env.SPARKPLANE_CONSOLE_URL;
const token = process.env.SPARKPLANE_ADMIN_TOKEN;
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const browser = await chromium.launch({
  executablePath: process.env.SPARKPLANE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page_ms = [];
const api_ms = [];
for (let round = -2; round < rounds; round++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  // signed in already, as a reload of a signed-in tab is
  await context.addInitScript((secret) => sessionStorage.setItem('sparkplane.token', secret), token);
  const page = await context.newPage();
  await page.goto(`${url}/#/runs`, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.querySelectorAll('table.runs tbody tr').length >= 50, null, { polling: 'raf', timeout: 30_000 });
  // performance.now() counts from the navigation's start
  const rendered = await page.evaluate(() => performance.now());
  const api = await page.evaluate(async (secret) => {
    const start = performance.now();
    const response = await fetch('/api/v1/runs?limit=50', { headers: { Authorization: `Bearer ${secret}` }, cache: 'no-store' });
    await response.json();
    return performance.now() - start;
  }, token);
  if (round >= 0) {
    page_ms.push(rendered);
    api_ms.push(api);
  }
  await context.close();
}
await browser.close();
console.log(JSON.stringify({ page_ms, api_ms }));
