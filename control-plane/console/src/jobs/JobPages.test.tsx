import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { ApiClient } from '../api/client';
import type { Identity } from '../api/types';
import { RunPage } from '../runs/RunPage';
import { SessionContext } from '../session/SessionContext';
import { ADMIN, RUN, VIEWER, WORKSPACES, fakeServer, reply, text } from '../testing/fakeServer';
import { parseHash } from '../ui/router';
import { JobFormPage } from './JobFormPage';
import { JobPage } from './JobPage';

const contract = parse(readFileSync(resolve(process.cwd(), '../../api-spec/openapi.yaml'), 'utf8'));
const JOB_ID = '6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f';
const SCHEDULE_ID = '7a1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f';

const JOB = {
  id: JOB_ID,
  workspace: 'default',
  name: 'nightly-sales',
  template: { entrypoint: { pythonFile: 'artifact:sha256:abc/sales_by_region.py' }, args: ['{{input}}', '{{date}}'] },
  parameters: [{ name: 'input', default: 'sales.csv' }, { name: 'date', description: 'the day' }],
  maxConcurrentRuns: 1,
  concurrencyPolicy: 'QUEUE',
  labels: {},
  version: 2,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-02T00:00:00Z',
};
const VERSION = (version: number) => ({ ...JOB, id: undefined, workspace: undefined, version, createdAt: JOB.createdAt, createdBy: 'token:a' });
const SCHEDULE = {
  id: SCHEDULE_ID,
  workspace: 'default',
  job: JOB_ID,
  cron: '30 2 * * *',
  timeZone: 'Europe/Berlin',
  paused: false,
  catchUp: 'LAST',
  parameters: { date: '{{sparkplane.fireDate}}' },
  nextFireTimes: ['2026-12-08T01:30:00Z', '2026-12-09T01:30:00Z'],
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};
const JOB_RUN = { ...RUN, job: { id: JOB_ID, version: 2, scheduleId: SCHEDULE_ID, fireTime: '2026-12-06T01:30:00Z' } };

function jobServer(extra: Record<string, unknown> = {}) {
  return fakeServer({
    [`GET /api/v1/jobs/${JOB_ID}`]: JOB,
    [`GET /api/v1/jobs/${JOB_ID}/versions`]: { items: [VERSION(2), VERSION(1)] },
    [`GET /api/v1/jobs/${JOB_ID}/runs`]: { items: [JOB_RUN], nextCursor: null },
    'GET /api/v1/schedules': { items: [SCHEDULE], nextCursor: null },
    ...extra,
  } as Parameters<typeof fakeServer>[0]);
}

function renderWith(identity: object, page: React.ReactNode) {
  render(<SessionContext.Provider value={{ api: new ApiClient('spk_good'), identity: identity as Identity, signOut: () => {} }}>{page}</SessionContext.Provider>);
}

function field(name: string) {
  return document.querySelector(`[data-field="${name}"]`) as HTMLElement;
}

beforeEach(() => {
  window.location.hash = `#/jobs/${JOB_ID}`;
});

describe("a job's page", () => {
  it('shows a viewer the job, its runs with their schedule, its schedules and versions, and nothing that changes them', async () => {
    jobServer();
    renderWith(VIEWER, <JobPage jobId={JOB_ID} route={parseHash(window.location.hash)} />);
    expect(await screen.findByRole('heading', { name: 'nightly-sales' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'sales by region' })).toHaveAttribute('href', `#/runs/${RUN.id}`);
    expect(screen.getByRole('link', { name: 'a schedule' })).toHaveAttribute('href', `#/schedules/${SCHEDULE_ID}`);
    expect(await screen.findByRole('link', { name: '30 2 * * * (Europe/Berlin)' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'View version 1' })).toHaveAttribute('href', `#/jobs/${JOB_ID}?version=1`);
    expect(screen.getByLabelText('Definition of version 2')).toHaveTextContent('"name": "nightly-sales"');
    for (const name of ['Run now', 'Delete', /^Pause/]) expect(screen.queryByRole('button', { name })).toBeNull();
    for (const name of ['Edit', 'Add a schedule']) expect(screen.queryByRole('link', { name })).toBeNull();
  });

  it('runs the job with its defaults filled in, the required parameter marked, and opens the new run', async () => {
    const { calls } = jobServer({ [`POST /api/v1/jobs/${JOB_ID}/runs`]: reply(201, { ...JOB_RUN, id: '99999999-2222-3333-4444-555555555555' }) });
    renderWith(ADMIN, <JobPage jobId={JOB_ID} route={parseHash(window.location.hash)} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Run now' }));
    const dialog = screen.getByRole('dialog', { hidden: true, name: 'Run nightly-sales' });
    expect(within(dialog).getByLabelText('input')).toHaveValue('sales.csv');
    expect(within(dialog).getByLabelText('date (required)')).toHaveValue('');
    await user.click(within(dialog).getByRole('button', { name: 'Start run', hidden: true }));
    expect(within(field('parameters.date')).getByText('required: the job has no default for it')).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    await user.type(within(dialog).getByLabelText('date (required)'), '2026-12-01');
    await user.click(within(dialog).getByRole('button', { name: 'Start run', hidden: true }));
    await waitFor(() => expect(window.location.hash).toBe('#/runs/99999999-2222-3333-4444-555555555555'));
    const sent = calls.find((call) => call.method === 'POST')!;
    expect(sent.body).toEqual({ parameters: { date: '2026-12-01' } });
    expect(sent.headers.get('Idempotency-Key')).toMatch(/^console-/);
  });

  it("shows the API's field error of a start at its parameter, and a refusal's reason", async () => {
    jobServer({
      [`POST /api/v1/jobs/${JOB_ID}/runs`]: reply(400, {
        type: 'urn:sparkplane:problem:invalid-request',
        title: 'The request is invalid',
        status: 400,
        detail: '1 invalid field',
        errors: [{ field: 'parameters.input', message: 'at most 4096 characters' }],
      }),
    });
    renderWith(ADMIN, <JobPage jobId={JOB_ID} route={parseHash(window.location.hash)} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Run now' }));
    const dialog = screen.getByRole('dialog', { hidden: true, name: 'Run nightly-sales' });
    await user.type(within(dialog).getByLabelText('date (required)'), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Start run', hidden: true }));
    expect(await within(field('parameters.input')).findByText('at most 4096 characters')).toBeInTheDocument();
    expect(within(dialog).getByRole('alert', { hidden: true })).toHaveTextContent('1 invalid field');
  });

  it("says why a job with live runs is not deleted, in the API's words", async () => {
    jobServer({
      [`DELETE /api/v1/jobs/${JOB_ID}`]: reply(409, { type: 'urn:sparkplane:problem:conflict', title: 'Conflict', status: 409, detail: "job 'nightly-sales' has 1 run(s) that have not ended" }),
    });
    renderWith(ADMIN, <JobPage jobId={JOB_ID} route={parseHash(window.location.hash)} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getAllByRole('dialog', { hidden: true }).find((item) => item.textContent?.includes('Delete this job?'))!;
    await user.click(within(dialog).getByRole('button', { name: 'Delete job', hidden: true }));
    expect(await screen.findByText("The job was not deleted: job 'nightly-sales' has 1 run(s) that have not ended")).toBeInTheDocument();
    expect(window.location.hash).toBe(`#/jobs/${JOB_ID}`);
  });
});

describe('the job form', () => {
  it("sends the form as the job's body and shows the API's field errors at their fields", async () => {
    const { calls } = fakeServer({
      'GET /q/openapi?format=json': contract,
      'GET /api/v1/workspaces': WORKSPACES,
      'POST /api/v1/jobs': reply(400, {
        type: 'urn:sparkplane:problem:invalid-request',
        title: 'The request is invalid',
        status: 400,
        detail: '2 invalid fields',
        errors: [
          { field: 'template.args[0]', message: 'names {{day}}, which is not a parameter of the job (it has none)' },
          { field: 'template.entrypoint.pythonFile', message: 'no such file under the allowed roots' },
        ],
      }),
    });
    renderWith(ADMIN, <JobFormPage />);
    const user = userEvent.setup();
    await waitFor(() => expect(calls.some((call) => call.url.startsWith('/q/openapi'))).toBe(true));
    await user.type(screen.getByLabelText('Name'), 'nightly');
    await user.type(screen.getByLabelText('Python file'), '/nowhere/job.py');
    await user.type(screen.getByLabelText('Arguments'), '{{{{day}}');
    await user.click(screen.getByRole('button', { name: 'Save job' }));
    expect(await within(field('args')).findByText(/args\[0\]: names \{\{day\}\}/)).toBeInTheDocument();
    expect(within(field('code')).getByText(/no such file/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('2 invalid fields');
    expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ workspace: 'default', name: 'nightly', template: { entrypoint: { pythonFile: '/nowhere/job.py' }, args: ['{{day}}'] } });
  });

  it('shows a taken name at the name field', async () => {
    fakeServer({
      'GET /q/openapi?format=json': contract,
      'GET /api/v1/workspaces': WORKSPACES,
      // the control plane's shape: a 409 naming the field
      'POST /api/v1/jobs': reply(409, {
        type: 'urn:sparkplane:problem:conflict',
        title: 'Conflict',
        status: 409,
        detail: "workspace 'default' has a job named 'nightly' already",
        errors: [{ field: 'name', message: "workspace 'default' has a job named 'nightly' already" }],
      }),
    });
    renderWith(ADMIN, <JobFormPage />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'nightly');
    await user.type(screen.getByLabelText('Python file'), 'job.py');
    await user.click(screen.getByRole('button', { name: 'Save job' }));
    expect(await within(field('jobName')).findByText("workspace 'default' has a job named 'nightly' already")).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent("has a job named 'nightly' already");
  });

  it("keeps a secret Spark property shown as *** and sends it back, which keeps the stored secret", async () => {
    const secretJob = { ...JOB, template: { ...JOB.template, sparkConf: { 'spark.hadoop.fs.s3a.secret.key': '***', 'spark.sql.shuffle.partitions': '8' } } };
    const { calls } = fakeServer({
      'GET /q/openapi?format=json': contract,
      'GET /api/v1/workspaces': WORKSPACES,
      [`GET /api/v1/jobs/${JOB_ID}`]: secretJob,
      [`PUT /api/v1/jobs/${JOB_ID}`]: { ...secretJob, version: 3 },
    });
    renderWith(ADMIN, <JobFormPage jobId={JOB_ID} />);
    const user = userEvent.setup();
    const conf = (await screen.findByLabelText(/Spark properties/)) as HTMLTextAreaElement;
    expect(conf.value.split('\n')).toContain('spark.hadoop.fs.s3a.secret.key=***');
    expect(screen.queryByText(/Secret Spark properties are never shown/)).toBeNull();
    await waitFor(() => expect(calls.some((call) => call.url.startsWith('/q/openapi'))).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Save a new version' }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PUT')).toBe(true));
    const sent = calls.find((call) => call.method === 'PUT')!.body as { template: { sparkConf: Record<string, string> } };
    expect(sent.template.sparkConf).toEqual({ 'spark.hadoop.fs.s3a.secret.key': '***', 'spark.sql.shuffle.partitions': '8' });
  });

  it("does not name a job's run template for its uploaded code", async () => {
    const ref = `artifact:sha256:${'c'.repeat(64)}/etl.py`;
    const upload = vi.spyOn(ApiClient.prototype, 'upload').mockResolvedValue({ sha256: 'c'.repeat(64), size: 5, workspace: 'default', uri: 's3://artifacts/c', ref, storedBytes: 5 });
    try {
      const { calls } = fakeServer({
        'GET /q/openapi?format=json': contract,
        'GET /api/v1/workspaces': WORKSPACES,
        'POST /api/v1/jobs': { ...JOB, id: JOB_ID },
      });
      renderWith(ADMIN, <JobFormPage />);
      const user = userEvent.setup();
      await waitFor(() => expect(calls.some((call) => call.url.startsWith('/q/openapi'))).toBe(true));
      await user.type(screen.getByLabelText('Name'), 'nightly');
      await user.upload(screen.getByLabelText('Upload the code'), new File(['print'], 'etl.py', { type: 'text/x-python' }));
      await waitFor(() => expect((screen.getByLabelText('Python file') as HTMLInputElement).value).toBe(ref));
      await user.click(screen.getByRole('button', { name: 'Save job' }));
      await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
      const sent = calls.find((call) => call.method === 'POST')!.body as { template: Record<string, unknown> };
      expect(sent.template).toEqual({ entrypoint: { pythonFile: ref } });
      expect(sent.template).not.toHaveProperty('name');
    } finally {
      upload.mockRestore();
    }
  });

  it('edits the whole body as JSON, checked against JobRequest before it is sent', async () => {
    const { calls } = fakeServer({ 'GET /q/openapi?format=json': contract, 'GET /api/v1/workspaces': WORKSPACES });
    renderWith(ADMIN, <JobFormPage />);
    const user = userEvent.setup();
    await waitFor(() => expect(calls.some((call) => call.url.startsWith('/q/openapi'))).toBe(true));
    await user.type(screen.getByLabelText('Name'), 'nightly');
    await user.click(screen.getByRole('radio', { name: 'JSON' }));
    const editor = screen.getByLabelText('Job definition (JSON)');
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({ workspace: 'default', name: 'nightly', template: { entrypoint: { pythonFile: '' } } });
    await user.clear(editor);
    await user.click(editor);
    await user.paste('{"name": "nightly", "template": {"entrypoint": {"pythonFile": "job.py"}}, "maxConcurrentRuns": 0}');
    await user.click(screen.getByRole('button', { name: 'Save job' }));
    expect(await within(field('json')).findByText('maxConcurrentRuns: must be at least 1')).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('tells a viewer it may not change jobs', () => {
    fakeServer({ 'GET /q/openapi?format=json': contract, 'GET /api/v1/workspaces': WORKSPACES });
    renderWith(VIEWER, <JobFormPage />);
    expect(screen.getByText(/may read jobs but not change them/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save job' })).toBeNull();
  });
});

describe("a job's run", () => {
  it('names its job, version and schedule', async () => {
    fakeServer({
      [`GET /api/v1/runs/${RUN.id}`]: JOB_RUN,
      [`GET /api/v1/runs/${RUN.id}/events`]: { items: [] },
      [`GET /api/v1/runs/${RUN.id}/cluster`]: { runId: RUN.id, attempt: 1, status: 'ACTIVE', backend: 'local', autoscaling: RUN.autoscaling, desiredWorkers: 1, aliveWorkers: 1, decommissioningWorkers: 0, endpoints: {} },
      [`GET /api/v1/runs/${RUN.id}/metrics`]: { runId: RUN.id, attempt: 1, items: [] },
      [`GET /api/v1/runs/${RUN.id}/logs`]: text('', { 'Sparkplane-Next-Offset': '0', 'Sparkplane-Log-Complete': 'false' }),
      [`GET /api/v1/jobs/${JOB_ID}`]: JOB,
    });
    renderWith(VIEWER, <RunPage runId={RUN.id} />);
    expect(await screen.findByRole('link', { name: 'nightly-sales' })).toHaveAttribute('href', `#/jobs/${JOB_ID}`);
    expect(screen.getByRole('link', { name: 'version 2' })).toHaveAttribute('href', `#/jobs/${JOB_ID}?version=2`);
    expect(screen.getByRole('link', { name: 'its schedule' })).toHaveAttribute('href', `#/schedules/${SCHEDULE_ID}`);
  });
});
