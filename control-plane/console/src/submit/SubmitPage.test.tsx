import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiClient } from '../api/client';
import type { Identity } from '../api/types';
import { SessionContext } from '../session/SessionContext';
import { ADMIN, RUN, VIEWER, WORKSPACES, fakeServer, reply } from '../testing/fakeServer';
import { parseHash } from '../ui/router';
import { SubmitPage } from './SubmitPage';

const contract = parse(readFileSync(resolve(process.cwd(), '../../api-spec/openapi.yaml'), 'utf8'));

function renderPage(identity: Identity, hash = '#/submit') {
  render(
    <SessionContext.Provider value={{ api: new ApiClient('spk_good'), identity, signOut: () => {} }}>
      <SubmitPage route={parseHash(hash)} />
    </SessionContext.Provider>,
  );
}

function field(name: string) {
  return document.querySelector(`[data-field="${name}"]`) as HTMLElement;
}

describe('the submit form', () => {
  it('checks the body against the served contract before sending anything', async () => {
    const { calls } = fakeServer({ 'GET /q/openapi?format=json': contract, 'GET /api/v1/workspaces': WORKSPACES });
    renderPage(ADMIN as Identity);
    const user = userEvent.setup();
    await waitFor(() => expect(calls.some((call) => call.url.startsWith('/q/openapi'))).toBe(true));
    await user.type(screen.getByLabelText('Python file'), 'job.py');
    await user.type(screen.getByLabelText('Executor memory'), 'lots');
    await user.type(screen.getByLabelText('Spark properties'), 'spark.master=local');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await within(field('executorMemory')).findByText(/does not match/)).toBeInTheDocument();
    expect(within(field('sparkConf')).getByText(/sparkConf.spark.master: is set by Sparkplane/)).toBeInTheDocument();
    expect(screen.getByLabelText('Executor memory')).toHaveAttribute('aria-invalid', 'true');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it("shows the API's field errors beside their fields", async () => {
    const { calls } = fakeServer({
      'GET /q/openapi?format=json': contract,
      'GET /api/v1/workspaces': WORKSPACES,
      'POST /api/v1/runs': reply(400, {
        type: 'about:blank',
        title: 'The request is invalid',
        status: 400,
        detail: '2 invalid fields',
        errors: [
          { field: 'entrypoint.pythonFile', message: 'no such file under the allowed roots' },
          { field: 'autoscaling.maxExecutors', message: 'must be at most 8 on backend local' },
        ],
      }),
    });
    renderPage(ADMIN as Identity);
    const user = userEvent.setup();
    await waitFor(() => expect(calls.some((call) => call.url.startsWith('/q/openapi'))).toBe(true));
    await user.type(screen.getByLabelText('Python file'), '/nowhere/job.py');
    await user.type(screen.getByLabelText('Max executors'), '50');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await within(field('code')).findByText(/no such file under the allowed roots/)).toBeInTheDocument();
    expect(within(field('maxExecutors')).getByText(/must be at most 8 on backend local/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('2 invalid fields');
    const sent = calls.find((call) => call.method === 'POST')!;
    expect(sent.body).toEqual({ workspace: 'default', entrypoint: { pythonFile: '/nowhere/job.py' }, autoscaling: { maxExecutors: 50 } });
    expect(sent.headers.get('Idempotency-Key')).toMatch(/^console-/);
  });

  it('fills the form from a run to resubmit it', async () => {
    fakeServer({ 'GET /q/openapi?format=json': contract, 'GET /api/v1/workspaces': WORKSPACES, [`GET /api/v1/runs/${RUN.id}`]: RUN });
    renderPage(ADMIN as Identity, `#/submit?from=${RUN.id}`);
    expect(await screen.findByDisplayValue('artifact:sha256:abc/sales_by_region.py')).toBeInTheDocument();
    expect(screen.getByLabelText('Arguments')).toHaveValue('sales.csv\nout');
    expect(screen.getByRole('heading', { name: 'Resubmit a run' })).toBeInTheDocument();
  });

  it('tells a viewer it may not submit', () => {
    fakeServer({});
    renderPage(VIEWER as Identity);
    expect(screen.getByText(/may read runs but not submit them/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
  });
});
