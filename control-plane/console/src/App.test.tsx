import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { ADMIN, RUN, VIEWER, WORKSPACES, fakeServer, reply, text } from './testing/fakeServer';

beforeEach(() => {
  window.location.hash = '#/runs';
});

function server(identity: object, runs: object[] = [RUN], run: object = RUN) {
  return fakeServer({
    'GET /api/v1/identity': (call) => (call.headers.get('Authorization') === 'Bearer spk_good' ? { body: identity } : { status: 401, body: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'unknown token' } }),
    'GET /api/v1/sign-in': { oidc: null },
    'GET /api/v1/runs': { items: runs, nextCursor: null },
    'GET /api/v1/workspaces': WORKSPACES,
    [`GET /api/v1/runs/${RUN.id}`]: run,
    [`GET /api/v1/runs/${RUN.id}/events`]: { items: [] },
    [`GET /api/v1/runs/${RUN.id}/cluster`]: { runId: RUN.id, attempt: 1, status: 'ACTIVE', backend: 'local', autoscaling: RUN.autoscaling, desiredWorkers: 1, aliveWorkers: 1, decommissioningWorkers: 0, endpoints: {} },
    [`GET /api/v1/runs/${RUN.id}/metrics`]: { runId: RUN.id, attempt: 1, items: [] },
    [`GET /api/v1/runs/${RUN.id}/logs`]: text('INFO starting\nrevenue by region\n', { 'Sparkplane-Next-Offset': '34', 'Sparkplane-Log-Complete': 'true' }),
    [`POST /api/v1/runs/${RUN.id}/cancel`]: reply(202, { ...RUN, state: 'CANCELLING' }),
  });
}

async function signIn(token = 'spk_good') {
  const user = userEvent.setup();
  render(<App />);
  await user.type(screen.getByLabelText('API token'), token);
  await user.click(screen.getByRole('button', { name: /^Sign in$/ }));
  return user;
}

describe('the console', () => {
  it('refuses a bad token with a message and keeps nothing', async () => {
    server(ADMIN);
    await signIn('spk_bad');
    expect(await screen.findByRole('alert')).toHaveTextContent('not valid');
    expect(sessionStorage.getItem('sparkplane.token')).toBeNull();
  });

  it('signs in, keeps the token for the tab, lists runs and signs out', async () => {
    server(ADMIN);
    const user = await signIn();
    const row = await screen.findByRole('link', { name: 'sales by region' });
    expect(row).toHaveAttribute('href', `#/runs/${RUN.id}`);
    expect(sessionStorage.getItem('sparkplane.token')).toBe('spk_good');
    expect(screen.getByRole('link', { name: 'Submit' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('API token')).toBeInTheDocument();
    expect(sessionStorage.getItem('sparkplane.token')).toBeNull();
  });

  it('shows a viewer no submit, cancel, resubmit or audit', async () => {
    server(VIEWER);
    await signIn();
    await screen.findByRole('link', { name: 'sales by region' });
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(nav).queryByRole('link', { name: 'Submit' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Audit' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Submit a run' })).toBeNull();
    window.location.hash = `#/runs/${RUN.id}`;
    expect(await screen.findByRole('heading', { name: 'sales by region' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resubmit' })).toBeNull();
  });

  it("offers the issuer's login when the control plane has one, beside the token", async () => {
    fakeServer({ 'GET /api/v1/sign-in': { oidc: { issuer: 'https://login.example.com/realms/data', clientId: 'sparkplane-console', scopes: 'openid', bearer: 'access-token' } } });
    render(<App />);
    expect(await screen.findByRole('button', { name: 'Sign in with login.example.com' })).toBeInTheDocument();
    expect(screen.getByLabelText('API token')).toBeInTheDocument();
  });

  it('offers only the token without an issuer', async () => {
    const { calls } = server(ADMIN);
    render(<App />);
    await waitFor(() => expect(calls.some((call) => call.url === '/api/v1/sign-in')).toBe(true));
    expect(screen.queryByRole('button', { name: /Sign in with/ })).toBeNull();
  });

  it('pages older and back newer, and a reload keeps the way back', async () => {
    const run = (n: number) => ({ ...RUN, id: `${n}9999999-2222-3333-4444-555555555555`, name: `run on page ${n}` });
    fakeServer({
      'GET /api/v1/sign-in': { oidc: null },
      'GET /api/v1/identity': ADMIN,
      'GET /api/v1/workspaces': WORKSPACES,
      'GET /api/v1/runs': (call) =>
        call.url.includes('cursor=c3')
          ? { body: { items: [run(3)], nextCursor: null } }
          : call.url.includes('cursor=c2')
            ? { body: { items: [run(2)], nextCursor: 'c3' } }
            : { body: { items: [run(1)], nextCursor: 'c2' } },
    });
    sessionStorage.setItem('sparkplane.token', 'spk_good');
    const user = userEvent.setup();
    const first = render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Older →' }));
    await screen.findByRole('link', { name: 'run on page 2' });
    await user.click(screen.getByRole('button', { name: 'Older →' }));
    await screen.findByRole('link', { name: 'run on page 3' });
    first.unmount();
    // a reload on page 3: Newer goes to page 2, not to the first
    render(<App />);
    await screen.findByRole('link', { name: 'run on page 3' });
    await user.click(screen.getByRole('button', { name: '← Newer' }));
    expect(await screen.findByRole('link', { name: 'run on page 2' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '← Newer' }));
    expect(await screen.findByRole('link', { name: 'run on page 1' })).toBeInTheDocument();
    expect(window.location.hash).toBe('#/runs');
  });

  it('says how to submit a first run when there is none', async () => {
    server(ADMIN, []);
    await signIn();
    expect(await screen.findByText('No runs yet.')).toBeInTheDocument();
    expect(screen.getByText(/sparkplane runs submit/)).toBeInTheDocument();
  });

  it("links a run to its application's page on the History Server, and shows no link without one", async () => {
    const page = 'http://127.0.0.1:18080/history/app-20261207104512-0000/';
    const linked = {
      ...RUN,
      historyUrl: page,
      attempts: [{ ...RUN.attempts[0], sparkAppId: 'app-20261207104512-0000', historyUrl: page }],
    };
    server(ADMIN, [linked], linked);
    window.location.hash = `#/runs/${RUN.id}`;
    await signIn();
    const link = await screen.findByRole('link', { name: 'History Server' });
    expect(link).toHaveAttribute('href', page);
    expect(link).toHaveAttribute('target', '_blank');
    expect(screen.getByText('app-20261207104512-0000')).toBeInTheDocument();
  });

  it('shows no History Server link for a run without one', async () => {
    server(ADMIN);
    window.location.hash = `#/runs/${RUN.id}`;
    await signIn();
    expect(await screen.findByRole('heading', { name: 'sales by region' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'History Server' })).toBeNull();
    expect(screen.queryByText('Spark UI')).toBeNull();
  });

  it('cancels a run only after a confirmation', async () => {
    const { calls } = server(ADMIN);
    window.location.hash = `#/runs/${RUN.id}`;
    const user = await signIn();
    await user.click(await screen.findByRole('button', { name: 'Cancel run' }));
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    const dialog = screen.getByRole('dialog', { hidden: true });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel run', hidden: true }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.url.endsWith('/cancel'))).toBe(true));
  });
});
