import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import { ADMIN, VIEWER, WORKSPACES, fakeServer, reply } from '../testing/fakeServer';

const SHAPES = { driver: { cores: 1, memory: '1g' }, executor: { cores: 2, memory: '2g' } };
const API_POOL = {
  name: 'etl-hot', workspace: 'default', profile: 'local', size: 2, idleTtl: 'PT1H', workers: 1, resources: SHAPES, source: 'api',
  status: { starting: 1, ready: 1, hits: 7, misses: 2, lastDemandAt: '2026-12-07T10:00:00Z', idle: false },
};
const CONFIGURED_POOL = {
  ...API_POOL, name: 'nightly', source: 'configuration',
  status: { starting: 0, ready: 0, hits: 0, misses: 0, lastDemandAt: null, idle: true },
};

beforeEach(() => {
  window.location.hash = '#/pools';
});

function server(identity: object, pools: object[]) {
  return fakeServer({
    'GET /api/v1/identity': identity,
    'GET /api/v1/sign-in': { oidc: null },
    'GET /api/v1/workspaces': WORKSPACES,
    'GET /api/v1/warm-pools': { items: pools },
    'DELETE /api/v1/warm-pools/etl-hot': reply(204),
  });
}

async function signIn() {
  const user = userEvent.setup();
  render(<App />);
  await user.type(screen.getByLabelText('API token'), 'spk_good');
  await user.click(screen.getByRole('button', { name: /^Sign in$/ }));
  return user;
}

describe('the warm pools page', () => {
  it('shows what each pool holds now, and which come from the configuration', async () => {
    server(ADMIN, [API_POOL, CONFIGURED_POOL]);
    await signIn();

    const row = (await screen.findByRole('cell', { name: /^etl-hot/ })).closest('tr')!;
    const cells = within(row).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells.slice(1, 8)).toEqual(['default', 'local', '1', '1', '2', '7', '2']);
    expect(within(row).getByText(/1 × executor 2 × 2g/)).toBeInTheDocument();
    const configured = screen.getByRole('cell', { name: /^nightly/ }).closest('tr')!;
    expect(within(configured).getByText('from the configuration')).toBeInTheDocument();
    expect(within(configured).getByText(/idle: stopped until a run comes/)).toBeInTheDocument();
    expect(within(configured).queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('deletes a pool of the API only after a confirmation', async () => {
    const { calls } = server(ADMIN, [API_POOL]);
    const user = await signIn();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(calls.some((call) => call.method === 'DELETE')).toBe(false);
    const dialog = screen.getByRole('dialog', { hidden: true });
    await user.click(within(dialog).getByRole('button', { name: 'Delete', hidden: true }));
    await waitFor(() => expect(calls.some((call) => call.method === 'DELETE' && call.url.endsWith('/api/v1/warm-pools/etl-hot'))).toBe(true));
  });

  it('offers a viewer no delete', async () => {
    server(VIEWER, [API_POOL]);
    await signIn();
    await screen.findByRole('cell', { name: /^etl-hot/ });
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('says how to make a pool when there is none', async () => {
    server(ADMIN, []);
    await signIn();
    expect(await screen.findByText(/No warm pool\. Make one with/)).toBeInTheDocument();
  });
});
