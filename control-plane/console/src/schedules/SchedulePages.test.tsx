import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import type { Identity } from '../api/types';
import { SessionContext } from '../session/SessionContext';
import { ADMIN, VIEWER, fakeServer, reply } from '../testing/fakeServer';
import { parseHash } from '../ui/router';
import { ScheduleFormPage } from './ScheduleFormPage';
import { SchedulePage } from './SchedulePage';

const JOB_ID = '6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f';
const SCHEDULE_ID = '7a1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f';
const RUN_ID = '11111111-2222-3333-4444-555555555555';
const JOB = { id: JOB_ID, workspace: 'default', name: 'nightly-sales', template: { entrypoint: { pythonFile: 'job.py' } }, parameters: [{ name: 'date' }, { name: 'input', default: 'sales.csv' }], maxConcurrentRuns: 1, concurrencyPolicy: 'SKIP', labels: {}, version: 1, createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z' };
const SCHEDULE = {
  id: SCHEDULE_ID,
  workspace: 'default',
  job: JOB_ID,
  cron: '30 2 * * *',
  timeZone: 'Asia/Tokyo',
  paused: false,
  catchUp: 'LAST',
  parameters: { date: '{{sparkplane.fireDate}}' },
  nextFireTimes: ['2026-12-07T17:30:00Z', '2026-12-08T17:30:00Z', '2026-12-09T17:30:00Z', '2026-12-10T17:30:00Z', '2026-12-11T17:30:00Z'],
  lastFireTime: '2026-12-06T17:30:00Z',
  lastRunId: RUN_ID,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
};
const EVENTS = [
  { id: 1, type: 'CREATED', message: 'created', at: '2026-12-01T00:00:00Z' },
  { id: 2, type: 'MISSED', fireTime: '2026-12-02T17:30:00Z', message: '2 fire times passed while no replica was up (catchUp LAST)', at: '2026-12-04T17:31:00Z' },
  { id: 3, type: 'FIRED', fireTime: '2026-12-04T17:30:00Z', runId: RUN_ID, message: 'started a run', at: '2026-12-04T17:31:00Z' },
  { id: 4, type: 'SKIPPED', fireTime: '2026-12-05T17:30:00Z', message: "job 'nightly-sales' has 1 run(s) that have not ended", at: '2026-12-05T17:30:01Z' },
  { id: 5, type: 'FAILED', fireTime: '2026-12-06T17:30:00Z', message: 'the queue of workspace default is full', at: '2026-12-06T17:30:01Z' },
];

function renderWith(identity: object, page: React.ReactNode) {
  render(<SessionContext.Provider value={{ api: new ApiClient('spk_good'), identity: identity as Identity, signOut: () => {} }}>{page}</SessionContext.Provider>);
}

function field(name: string) {
  return document.querySelector(`[data-field="${name}"]`) as HTMLElement;
}

describe("a schedule's page", () => {
  it('shows its next fire times in its zone too, and its events newest first, a fired one with its run', async () => {
    fakeServer({ [`GET /api/v1/schedules/${SCHEDULE_ID}`]: SCHEDULE, [`GET /api/v1/schedules/${SCHEDULE_ID}/events`]: { items: EVENTS }, [`GET /api/v1/jobs/${JOB_ID}`]: JOB });
    renderWith(VIEWER, <SchedulePage scheduleId={SCHEDULE_ID} />);
    const times = within(await screen.findByRole('list', { name: 'Next fire times' })).getAllByRole('listitem');
    expect(times).toHaveLength(5);
    expect(times[0]).toHaveTextContent('in Asia/Tokyo');
    expect(times[0]).toHaveTextContent(/02:30/);
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows.map((row) => row.querySelector('.state')?.textContent)).toEqual(['FAILED', 'SKIPPED', 'FIRED', 'MISSED', 'CREATED']);
    expect(within(rows[2]).getByRole('link', { name: RUN_ID.slice(0, 8) })).toHaveAttribute('href', `#/runs/${RUN_ID}`);
    expect(rows[1]).toHaveTextContent('has 1 run(s) that have not ended');
    expect(screen.getByRole('link', { name: 'its run' })).toHaveAttribute('href', `#/runs/${RUN_ID}`);
    for (const name of ['Pause', 'Resume', 'Delete']) expect(screen.queryByRole('button', { name })).toBeNull();
  });

  it('pauses it for an editor, and says that nothing fires while paused', async () => {
    const { calls } = fakeServer({
      [`GET /api/v1/schedules/${SCHEDULE_ID}`]: () => ({ body: calls.some((item) => item.method === 'POST') ? { ...SCHEDULE, paused: true, nextFireTimes: [] } : SCHEDULE }),
      [`POST /api/v1/schedules/${SCHEDULE_ID}/pause`]: { ...SCHEDULE, paused: true, nextFireTimes: [] },
      [`GET /api/v1/schedules/${SCHEDULE_ID}/events`]: { items: [] },
      [`GET /api/v1/jobs/${JOB_ID}`]: JOB,
    });
    renderWith(ADMIN, <SchedulePage scheduleId={SCHEDULE_ID} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(await screen.findByText(/None while paused/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resume' })).toBeInTheDocument();
  });
});

describe('the schedule form', () => {
  it("makes a schedule of the job in the address, its required parameter marked; the API's errors at their fields", async () => {
    const { calls } = fakeServer({
      [`GET /api/v1/jobs/${JOB_ID}`]: JOB,
      'POST /api/v1/schedules': reply(400, { type: 'urn:sparkplane:problem:invalid-request', title: 'Invalid', status: 400, detail: '1 invalid field', errors: [{ field: 'cron', message: 'not a cron expression of five fields' }] }),
    });
    renderWith(ADMIN, <ScheduleFormPage route={parseHash(`#/schedules/new?job=${JOB_ID}`)} />);
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Schedule nightly-sales' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Cron expression'), '61 * * * *');
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Asia/Tokyo');
    await user.click(screen.getByRole('button', { name: 'Create schedule' }));
    expect(within(field('parameters.date')).getByText('required: the job has no default for it')).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    await user.type(screen.getByLabelText('date (required)'), '{{{{sparkplane.fireDate}}');
    await user.click(screen.getByRole('button', { name: 'Create schedule' }));
    expect(await within(field('cron')).findByText('not a cron expression of five fields')).toBeInTheDocument();
    await waitFor(() =>
      expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ job: JOB_ID, cron: '61 * * * *', timeZone: 'Asia/Tokyo', paused: false, parameters: { date: '{{sparkplane.fireDate}}' } }),
    );
  });
});
