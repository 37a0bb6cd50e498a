import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

// The console against the real, packaged control plane (embedded PostgreSQL, local backend, real
// PySpark). Screenshots go to SPARKPLANE_SCREENSHOTS for docs/console.md.

const root = process.env.SPARKPLANE_ROOT ?? resolve(process.cwd(), '../..');
const adminToken = process.env.SPARKPLANE_ADMIN_TOKEN ?? '';
const origin = new URL(process.env.SPARKPLANE_CONSOLE_URL ?? 'http://127.0.0.1:8080').origin;
const screenshots = process.env.SPARKPLANE_SCREENSHOTS ?? resolve(process.cwd(), 'target/screenshots');
mkdirSync(screenshots, { recursive: true });
// names of this run of the tests, so that a control plane used before does not confuse them
const stamp = Date.now().toString(36);
const exampleRun = `sales by region (console ${stamp})`;
const sleepingRun = `sleeps (to cancel ${stamp})`;
const sleepingJob = `sleeps ${stamp}`;

test.describe.configure({ mode: 'serial' });

async function signIn(page: Page, token: string) {
  await page.goto('/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

async function shoot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage });
}

test('nothing is loaded from elsewhere, and the page is under a strict CSP', async ({ page }) => {
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin && !request.url().startsWith('data:')) foreign.push(request.url());
  });
  page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  await expect(page.getByRole('heading', { name: 'Sign in to Sparkplane' })).toBeVisible();
  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});

test('a bad token is refused with a message', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('API token').fill('spk_not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxxxx');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('not valid');
});

test('an admin submits the example job from the form and watches it succeed live', async ({ page }) => {
  await signIn(page, adminToken);
  await shoot(page, 'runs-empty');
  await page.getByRole('link', { name: 'Submit', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Submit a run' })).toBeVisible();

  await page.getByLabel('Upload the code').setInputFiles(resolve(root, 'examples/jobs/sales_by_region.py'));
  await expect(page.getByLabel('Python file', { exact: true })).toHaveValue(/^artifact:sha256:[0-9a-f]{64}\/sales_by_region\.py$/);
  await page.getByLabel('Upload files for the job').setInputFiles(resolve(root, 'examples/data/sales.csv'));
  await expect(page.getByLabel('Files', { exact: true })).toHaveValue(/sales\.csv$/);
  await page.getByLabel('Name', { exact: true }).fill(exampleRun);
  await page.getByLabel('Arguments', { exact: true }).fill('sales.csv\nsales-report');
  await page.getByLabel('Labels', { exact: true }).fill(`example=sales-by-region\nsurface=console\ne2e=${stamp}`);
  await shoot(page, 'submit-form');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();

  await expect(page.getByRole('heading', { name: exampleRun })).toBeVisible();
  const runUrl = page.url();
  expect(runUrl).toMatch(/#\/runs\/[0-9a-f-]{36}$/);
  // the state changes on the page as it happens, without a reload
  await expect(page.locator('.run-state .state')).toHaveText(/RUNNING|SUCCEEDED/, { timeout: 120_000 });
  await expect(page.locator('.run-state .state')).toHaveText('SUCCEEDED', { timeout: 180_000 });
  expect(page.url()).toBe(runUrl);

  const log = page.getByLabel('Driver log of attempt 1');
  await expect(log).toContainText('RESULT region=east orders=1035', { timeout: 30_000 });
  await expect(page.locator('[data-log-status]')).toHaveAttribute('data-log-status', 'complete');
  await page.getByPlaceholder('Search the log').fill('RESULT region=');
  await expect(page.getByText(/\d+ matching lines?/)).toBeVisible();
  await expect(log.locator('mark').first()).toHaveText('RESULT region=');
  await page.getByPlaceholder('Search the log').fill('');

  await expect(page.getByRole('img', { name: /Timeline of 1 attempt/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'driver.log' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: /^eventlog\// }).first()).toBeVisible();
  await shoot(page, 'run-succeeded', true);

  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByRole('button', { name: 'driver.log' }).click();
  expect((await download).suggestedFilename()).toBe('driver.log');

  // the runs list shows it, and filters by its label
  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await page.getByLabel('Labels', { exact: true }).fill(`e2e=${stamp}`);
  await page.getByLabel('Labels', { exact: true }).press('Enter');
  await expect(page.getByRole('link', { name: exampleRun })).toBeVisible();
  await expect(page.locator('table.runs tbody tr')).toHaveCount(1);
  await shoot(page, 'runs');
});

test('an admin saves a job with parameters, makes it a new version, and schedules it: paused, resumed, next fire times', async ({ page }) => {
  await signIn(page, adminToken);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('link', { name: 'New job' }).click();
  await expect(page.getByRole('heading', { name: 'New job' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(sleepingJob);
  // a local file: the control plane ConsoleEndToEndIT starts allows the repository as an input root
  await page.getByLabel('Python file', { exact: true }).fill(resolve(root, 'tests/src/test/resources/jobs/sleeps.py'));
  await page.getByLabel('Run name', { exact: true }).fill(sleepingRun);
  await page.getByLabel('Arguments', { exact: true }).fill('{{seconds}}');
  await page.getByLabel('Run labels', { exact: true }).fill(`e2e=${stamp}\nreason={{reason}}`);
  await page.getByRole('button', { name: 'Add a parameter' }).click();
  await page.getByLabel('Parameter 1 name').fill('seconds');
  await page.getByLabel('Parameter 1 default').fill('600');
  await page.getByRole('button', { name: 'Add a parameter' }).click();
  await page.getByLabel('Parameter 2 name').fill('reason');
  await page.locator('[data-field="parameter.1"]').getByLabel('required').check();
  // the same job as the body of POST /api/v1/jobs, and back
  await page.getByRole('radio', { name: 'JSON' }).check();
  await expect(page.getByLabel('Job definition (JSON)')).toHaveValue(/"args": \[\s*"\{\{seconds\}\}"\s*\]/);
  await page.getByRole('radio', { name: 'Form' }).check();
  await expect(page.getByLabel('Parameter 2 name')).toHaveValue('reason');
  await page.getByRole('button', { name: 'Save job' }).click();

  await expect(page.getByRole('heading', { name: sleepingJob })).toBeVisible();
  const jobUrl = page.url();
  expect(jobUrl).toMatch(/#\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('cell', { name: '{{reason}}' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'required: no default' })).toBeVisible();

  // a change makes version 2; version 1 stays readable
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Parameter 1 default')).toHaveValue('600');
  await page.getByLabel('Description', { exact: true }).fill('Sleeps, to be cancelled.');
  await page.getByRole('button', { name: 'Save a new version' }).click();
  await expect(page.getByText('Sleeps, to be cancelled.').first()).toBeVisible();
  await expect(page.locator('table.versions tbody tr')).toHaveCount(2);
  await page.getByRole('link', { name: 'View version 1' }).click();
  await expect(page.getByText('This is version 1; the job is at version 2.')).toBeVisible();
  await expect(page.getByLabel('Definition of version 1')).not.toContainText('Sleeps, to be cancelled.');
  await expect(page.getByLabel('Definition of version 1')).toContainText('"name": "reason"');

  // a schedule: a cron expression read in Berlin; its next five fire times, none while paused
  await page.getByRole('link', { name: 'Add a schedule' }).click();
  await page.getByLabel('Cron expression', { exact: true }).fill('30 2 * * *');
  await page.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
  await page.getByLabel('reason (required)').fill('scheduled');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await expect(page.getByRole('heading', { name: '30 2 * * * (Europe/Berlin)' })).toBeVisible();
  const fireTimes = page.getByRole('list', { name: 'Next fire times' }).getByRole('listitem');
  await expect(fireTimes).toHaveCount(5);
  const first = await fireTimes.first().locator('time').getAttribute('datetime');
  expect(new Date(first!).toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' })).toBe('02:30');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.run-state .state')).toHaveText('PAUSED');
  await expect(page.getByText(/None while paused/)).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.run-state .state')).toHaveText('ACTIVE');
  await expect(fireTimes).toHaveCount(5);
  await expect(page.locator('table.schedule-events')).toContainText('RESUMED');
  await expect(page.locator('table.schedule-events')).toContainText('PAUSED');
  await shoot(page, 'schedule', true);

  // the job's page lists it; paused there, it stays paused for the rest of the suite (no run at 02:30)
  await page.getByRole('link', { name: `← ${sleepingJob}` }).click();
  await page.getByRole('button', { name: 'Pause 30 2 * * * (Europe/Berlin)' }).click();
  await expect(page.locator('table.schedules .state')).toHaveText('PAUSED');
  await shoot(page, 'job', true);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Jobs' }).click();
  const row = page.getByRole('row', { name: new RegExp(sleepingJob) });
  await expect(row).toContainText('never run');
  await expect(row.getByRole('cell', { name: '2', exact: true })).toBeVisible();
  await shoot(page, 'jobs');
});

test("a job's run, started with Run now, is cancelled from its page, by keyboard, after a confirmation", async ({ page, request }) => {
  await signIn(page, adminToken);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('link', { name: sleepingJob }).click();
  await page.getByRole('button', { name: 'Run now' }).click();
  const runNow = page.getByRole('dialog', { name: `Run ${sleepingJob}` });
  await expect(runNow.getByLabel('seconds')).toHaveValue('600');
  await runNow.getByRole('button', { name: 'Start run' }).click();
  await expect(runNow.getByText('required: the job has no default for it')).toBeVisible();
  await runNow.getByLabel('reason (required)').fill('cancel-test');
  await shoot(page, 'run-now');
  await runNow.getByRole('button', { name: 'Start run' }).click();

  // the new run's page, naming its job and version
  await expect(page.getByRole('heading', { name: sleepingRun })).toBeVisible();
  const runUrl = page.url();
  const runId = runUrl.split('/').pop()!;
  await expect(page.getByRole('link', { name: sleepingJob })).toBeVisible();
  await expect(page.getByRole('link', { name: 'version 2' })).toBeVisible();
  await expect(page.locator('.labels')).toContainText('reason=cancel-test');

  // a job with a run that has not ended is not deleted: the API's reason is shown
  await page.getByRole('link', { name: sleepingJob }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this job?' }).getByRole('button', { name: 'Delete job' }).click();
  await expect(page.getByRole('alert')).toContainText(/not deleted: .*not ended/);
  await page.locator(`tr[data-run-id="${runId}"]`).getByRole('link', { name: sleepingRun }).click();
  await expect(page.locator('.run-state .state')).toHaveText('RUNNING', { timeout: 120_000 });

  const cancel = page.getByRole('button', { name: 'Cancel run' });
  await cancel.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const before = await request.get(`/api/v1/runs/${runId}`, { headers: { Authorization: `Bearer ${adminToken}` } });
  expect((await before.json()).state).toBe('RUNNING');

  await cancel.click();
  await dialog.getByRole('button', { name: 'Cancel run' }).click();
  await expect(page.locator('.run-state .state')).toHaveText(/CANCELLING|CANCELLED/);
  await expect(page.locator('.run-state .state')).toHaveText('CANCELLED', { timeout: 90_000 });
  await expect(page.locator('.run-state .reason')).toHaveText('CANCELLED_BY_USER');
  await expect(page.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
});

test('a viewer sees no button it may not use, and the server refuses it anyway', async ({ browser, request }) => {
  const created = await request.post('/api/v1/tokens', {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { name: 'console viewer', role: 'viewer', workspaces: ['default'] },
  });
  expect(created.status()).toBe(201);
  const viewer = (await created.json()).secret as string;
  // a browser far from UTC: times are shown in its zone
  const page = await (await browser.newContext({ timezoneId: 'Pacific/Auckland', locale: 'en-US' })).newPage();
  await signIn(page, viewer);
  await expect(page.getByText('viewer in default')).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Runs' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Submit' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Submit a run' })).toHaveCount(0);

  await page.getByRole('link', { name: exampleRun }).click();
  await expect(page.locator('.run-state .state')).toHaveText('SUCCEEDED');
  const runId = page.url().split('/').pop()!;
  const createdAt = (await (await request.get(`/api/v1/runs/${runId}`, { headers: { Authorization: `Bearer ${viewer}` } })).json()).createdAt as string;
  const submitted = page.locator('time').first();
  await expect(submitted).toHaveAttribute('datetime', createdAt);
  const inAuckland = new Date(createdAt).toLocaleString('en-US', { timeZone: 'Pacific/Auckland', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  await expect(submitted).toContainText(inAuckland);
  await expect(page.getByRole('button', { name: 'Resubmit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await shoot(page, 'viewer-run');

  // a job and its schedule: read, not changed
  await page.goto('/#/jobs');
  await expect(page.getByRole('link', { name: 'New job' })).toHaveCount(0);
  await page.getByRole('link', { name: sleepingJob }).click();
  await expect(page.getByRole('heading', { name: sleepingJob })).toBeVisible();
  await expect(page.locator('table.schedules .state')).toHaveText('PAUSED');
  for (const name of ['Run now', 'Delete', 'Resume 30 2 * * * (Europe/Berlin)']) await expect(page.getByRole('button', { name })).toHaveCount(0);
  for (const name of ['Edit', 'Add a schedule']) await expect(page.getByRole('link', { name })).toHaveCount(0);

  await page.goto('/#/submit');
  await expect(page.getByText(/may read runs but not submit them/)).toBeVisible();
  await page.goto('/#/tokens');
  await expect(page.getByRole('heading', { name: 'New token' })).toHaveCount(0);

  const refused = await request.post('/api/v1/runs', {
    headers: { Authorization: `Bearer ${viewer}` },
    data: { entrypoint: { pythonFile: resolve(root, 'examples/jobs/sales_by_region.py') } },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()['content-type']).toContain('application/problem+json');
});

test('an admin makes a token, sees its secret once, and revokes it', async ({ page }) => {
  await signIn(page, adminToken);
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.getByLabel('Name', { exact: true }).fill(`console-made-${stamp}`);
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByLabel("The new token's secret");
  await expect(secret).toHaveValue(/^spk_/);
  await shoot(page, 'token-created');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(secret).toHaveCount(0);
  const row = page.getByRole('row', { name: new RegExp(`console-made-${stamp}`) });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`console-made-${stamp}`) })).toHaveCount(0);

  await page.getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('cell', { name: 'tokens.revoke' }).first()).toBeVisible();
  await page.getByRole('link', { name: 'Workspaces' }).click();
  await expect(page.getByRole('heading', { name: /default/ })).toBeVisible();
  await shoot(page, 'workspaces');
});

test("a person signs in through the issuer's own login, as the groups its token carries allow", async ({ browser, request }) => {
  const options = await (await request.get('/api/v1/sign-in')).json();
  expect(options.oidc, 'ConsoleEndToEndIT starts the control plane with an issuer for the console').not.toBeNull();
  const page = await (await browser.newContext()).newPage();
  await page.goto('/#/runs');
  await page.getByRole('button', { name: /^Sign in with / }).click();
  // the issuer's own login page (node-oidc-provider's development one)
  await page.waitForURL((url) => url.origin === new URL(options.oidc.issuer).origin);
  await page.locator('input[name="login"]').fill('val');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  // back on the console, signed in as the issuer's account with the role its group maps to
  await expect(page.getByText('val: viewer in default')).toBeVisible();
  expect(new URL(page.url()).search, 'the code is gone from the address').toBe('');
  await expect(page.getByRole('link', { name: exampleRun })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Submit' })).toHaveCount(0);
  const token = await page.evaluate(() => sessionStorage.getItem('sparkplane.token'));
  expect(token?.split('.')).toHaveLength(3);
  const submitted = await request.post('/api/v1/runs', {
    headers: { Authorization: `Bearer ${token}` },
    data: { entrypoint: { pythonFile: resolve(root, 'examples/jobs/sales_by_region.py') } },
  });
  expect(submitted.status(), 'the issuer identity is a viewer: the API refuses its submit').toBe(403);
  await shoot(page, 'signed-in-through-the-issuer');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: /^Sign in with / })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('sparkplane.token'))).toBeNull();
});

test('at 390 px wide the runs and a run still work', async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  await signIn(page, adminToken);
  await expect(page.getByRole('link', { name: exampleRun })).toBeVisible();
  // nothing wider than the screen but the tables, which scroll inside their box
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shoot(page, 'runs-390');
  await page.getByRole('link', { name: exampleRun }).click();
  await expect(page.locator('.run-state .state')).toHaveText('SUCCEEDED');
  // measured with everything shown: the staged files' long names and the log
  await expect(page.getByRole('button', { name: /^eventlog\// }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-log-status]')).toHaveAttribute('data-log-status', 'complete');
  const runOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(runOverflow).toBeLessThanOrEqual(0);
  await shoot(page, 'run-390');
});
