import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/client';
import type { Job, Schedule, ScheduleEvent } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ConfirmDialog, ErrorBanner, OfflineBanner, Time } from '../ui/components';
import { navigate } from '../ui/router';
import { usePolling } from '../ui/usePolling';
import { useVisible } from '../ui/useVisible';
import { browserTimeZone, describeWhen, timeIn } from './scheduleForm';
import { ScheduleState, usePauseResume } from './ScheduleTable';

const EVENTS_PAGE = 500;
/** The events shown: the newest ones (a schedule every minute has thousands). */
const EVENTS_SHOWN = 200;

const CATCH_UP: Record<string, string> = {
  NONE: 'NONE: fire times missed while no replica was up start nothing',
  LAST: 'LAST: the latest missed fire time starts a run',
  ALL: 'ALL: the latest missed fire times start runs, oldest first',
};

/** One schedule: when it fires next (in its zone and the browser's), what happened at each fire time, pause, resume, change, delete. */
export function SchedulePage({ scheduleId }: { scheduleId: string }) {
  const { api, identity } = useSession();
  const visible = useVisible();
  const schedule = usePolling((signal) => api.get<Schedule>(`/api/v1/schedules/${scheduleId}`, signal), [scheduleId], 5000, visible);
  const jobId = schedule.data?.job;
  const job = usePolling((signal) => (jobId ? api.get<Job>(`/api/v1/jobs/${jobId}`, signal) : Promise.resolve(undefined)), [jobId], 0, false);

  // events, fetched after the last one known, every page of them; shown newest first
  const [events, setEvents] = useState<ScheduleEvent[]>([]);
  const lastEvent = useRef(0);
  useEffect(() => {
    setEvents([]);
    lastEvent.current = 0;
  }, [scheduleId]);
  usePolling(
    async (signal) => {
      for (;;) {
        const page = await api.get<{ items: ScheduleEvent[] }>(`/api/v1/schedules/${scheduleId}/events?after=${lastEvent.current}&limit=${EVENTS_PAGE}`, signal);
        if (page.items.length > 0) {
          const after = lastEvent.current;
          lastEvent.current = page.items[page.items.length - 1].id;
          setEvents((known) => [...known, ...page.items.filter((event) => event.id > after)].slice(-EVENTS_SHOWN));
        }
        if (page.items.length < EVENTS_PAGE) return page.items.length;
      }
    },
    [scheduleId],
    5000,
    visible,
  );

  const [actionError, setActionError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const pause = usePauseResume(() => schedule.refresh());

  if (!schedule.data) {
    return (
      <section>
        <p>
          <a href="#/schedules">← Schedules</a>
        </p>
        <ErrorBanner message={schedule.error} />
        {!schedule.error && <p className="muted">Loading schedule…</p>}
      </section>
    );
  }
  const current = schedule.data;
  const editable = canEdit(identity, current.workspace);
  const jobName = job.data?.name ?? current.job.slice(0, 8);

  async function remove() {
    setActionError(null);
    try {
      await api.send('DELETE', `/api/v1/schedules/${scheduleId}`);
      navigate(`#/jobs/${current.job}`);
    } catch (failure) {
      setActionError(describeError(failure));
      setDeleting(false);
    }
  }

  return (
    <section aria-labelledby="schedule-title" className="schedule-page">
      <p>
        <a href={`#/jobs/${current.job}`}>← {jobName}</a> · <a href="#/schedules">Schedules</a>
      </p>
      <header className="page-header">
        <div>
          <h1 id="schedule-title">
            <span className="mono">{describeWhen(current)}</span>
          </h1>
          <p className="muted small">
            Schedule <span className="mono">{current.id}</span> of <a href={`#/jobs/${current.job}`}>{jobName}</a>
          </p>
        </div>
        {editable && (
          <div className="actions">
            <button type="button" className={current.paused ? 'primary' : undefined} onClick={() => pause.toggle(current)} disabled={pause.busy !== null}>
              {current.paused ? 'Resume' : 'Pause'}
            </button>
            <a className="button" href={`#/schedules/${scheduleId}/edit`}>
              Edit
            </a>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        )}
      </header>
      <OfflineBanner offline={schedule.offline} />
      <ErrorBanner message={actionError ?? pause.error ?? schedule.error} />
      <div className="run-state" aria-live="polite">
        <ScheduleState schedule={current} />
        {current.description && <span className="message">{current.description}</span>}
      </div>
      <dl className="facts">
        <dt>Job</dt>
        <dd>
          <a href={`#/jobs/${current.job}`}>{jobName}</a>
          {job.data && <span className="muted"> (version {job.data.version}: each fire time runs the current version)</span>}
        </dd>
        <dt>Workspace</dt>
        <dd>{current.workspace}</dd>
        {current.cron ? (
          <>
            <dt>Cron</dt>
            <dd className="mono">{current.cron}</dd>
            <dt>Time zone</dt>
            <dd>{current.timeZone}</dd>
          </>
        ) : (
          <>
            <dt>Interval</dt>
            <dd>
              <span className="mono">{current.interval}</span> ({describeWhen(current)})
            </dd>
            <dt>From</dt>
            <dd>
              <Time at={current.startAt} />
            </dd>
          </>
        )}
        <dt>Catch-up</dt>
        <dd>
          {CATCH_UP[current.catchUp] ?? current.catchUp}
          {current.maxCatchUpRuns !== undefined && `, at most ${current.maxCatchUpRuns}`}
        </dd>
        <dt>Parameters</dt>
        <dd className="labels">
          {Object.keys(current.parameters).length === 0 ? (
            <span className="muted">the job's defaults</span>
          ) : (
            Object.entries(current.parameters).map(([key, value]) => (
              <span key={key} className="label mono">
                {key}={value}
              </span>
            ))
          )}
        </dd>
        <dt>Last fire time</dt>
        <dd>
          <Time at={current.lastFireTime} />
          {current.lastRunId && (
            <>
              {' '}
              <a href={`#/runs/${current.lastRunId}`}>its run</a>
            </>
          )}
        </dd>
        <dt>Created</dt>
        <dd>
          <Time at={current.createdAt} />
        </dd>
        <dt>Changed</dt>
        <dd>
          <Time at={current.updatedAt} />
        </dd>
      </dl>

      <h2>Next fire times</h2>
      {current.nextFireTimes.length === 0 ? (
        <p className="muted">{current.paused ? 'None while paused. Resumed, it fires from the next fire time after then; those missed while paused are not made up.' : 'None: the expression matches no date to come.'}</p>
      ) : (
        <ol className="fire-times" aria-label="Next fire times">
          {current.nextFireTimes.map((at) => (
            <li key={at}>
              <Time at={at} />
              {current.timeZone && current.timeZone !== browserTimeZone() && <span className="muted"> · {timeIn(at, current.timeZone)}</span>}
            </li>
          ))}
        </ol>
      )}

      <h2>Events</h2>
      {events.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="events schedule-events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Fire time</th>
                <th scope="col">Run</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {[...events].reverse().map((event) => (
                <tr key={event.id} className={`event-${event.type.toLowerCase()}`}>
                  <td>
                    <Time at={event.at} />
                  </td>
                  <td>
                    <span className={`state state-event-${event.type.toLowerCase()}`}>{event.type}</span>
                  </td>
                  <td>
                    <Time at={event.fireTime} />
                  </td>
                  <td>{event.runId ? <a href={`#/runs/${event.runId}`}>{event.runId.slice(0, 8)}</a> : ''}</td>
                  <td>{event.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ConfirmDialog open={deleting} title="Delete this schedule?" confirmLabel="Delete schedule" onConfirm={remove} onCancel={() => setDeleting(false)}>
        <p>No more runs of {jobName} start at its fire times. The runs it started stay.</p>
      </ConfirmDialog>
    </section>
  );
}
