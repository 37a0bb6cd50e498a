import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/client';
import { isTerminal, type Cluster, type Job, type MetricPoint, type MetricSeries, type Run, type RunEvent, type RunJob, type StagedFile } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ConfirmDialog, ErrorBanner, OfflineBanner, StateBadge, Time } from '../ui/components';
import { between, bytes } from '../ui/format';
import { href, navigate } from '../ui/router';
import { usePolling } from '../ui/usePolling';
import { useNow, useVisible } from '../ui/useVisible';
import { LogView } from './LogView';
import { MetricsChart } from './MetricsChart';
import { TimelineChart } from './TimelineChart';

const EVENTS_PAGE = 500;
const METRICS_PAGE = 3600;

/** Everything about one run, refreshed live until it ends. */
export function RunPage({ runId }: { runId: string }) {
  const { api, identity } = useSession();
  const visible = useVisible();
  const [ended, setEnded] = useState(false);
  const run = usePolling((signal) => api.get<Run>(`/api/v1/runs/${runId}`, signal), [runId], 2000, visible && !ended);
  useEffect(() => setEnded(run.data ? isTerminal(run.data.state) : false), [run.data]);
  const attempt = run.data?.attempt;

  // events, oldest first, fetched after the last one known; every page of them, once more after the end
  const [events, setEvents] = useState<RunEvent[]>([]);
  const lastEvent = useRef(0);
  useEffect(() => {
    setEvents([]);
    lastEvent.current = 0;
  }, [runId]);
  usePolling(
    async (signal) => {
      for (;;) {
        const page = await api.get<{ items: RunEvent[] }>(`/api/v1/runs/${runId}/events?after=${lastEvent.current}&limit=${EVENTS_PAGE}`, signal);
        if (page.items.length > 0) {
          const after = lastEvent.current;
          lastEvent.current = page.items[page.items.length - 1].id;
          setEvents((known) => [...known, ...page.items.filter((event) => event.id > after)]);
        }
        if (page.items.length < EVENTS_PAGE) return page.items.length;
      }
    },
    [runId, ended],
    2000,
    visible && !ended,
  );
  const cluster = usePolling((signal) => api.get<Cluster>(`/api/v1/runs/${runId}/cluster`, signal), [runId, ended], 3000, visible && !ended, [runId]);

  // the attempt's metric points, appended after the last one known (a long run has many thousands)
  const [points, setPoints] = useState<MetricPoint[]>([]);
  const lastPoint = useRef<{ key: string; at: string | null }>({ key: '', at: null });
  usePolling(
    async (signal) => {
      if (!attempt) return 0;
      const key = `${runId}/${attempt}`;
      if (lastPoint.current.key !== key) {
        lastPoint.current = { key, at: null };
        setPoints([]);
      }
      for (;;) {
        const after = lastPoint.current.at ? `&after=${encodeURIComponent(lastPoint.current.at)}` : '';
        const series = await api.get<MetricSeries>(`/api/v1/runs/${runId}/metrics?attempt=${attempt}&limit=${METRICS_PAGE}${after}`, signal);
        if (series.items.length === 0) return 0;
        lastPoint.current.at = series.items[series.items.length - 1].at;
        setPoints((known) => (lastPoint.current.key === key ? [...known, ...series.items] : known));
        if (series.items.length < METRICS_PAGE) return series.items.length;
      }
    },
    [runId, attempt, ended],
    3000,
    visible && !ended,
  );

  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!run.data) {
    return (
      <section>
        <p>
          <a href={lastRunsView()}>← Runs</a>
        </p>
        <ErrorBanner message={run.error} />
        {!run.error && <p className="muted">Loading run…</p>}
      </section>
    );
  }
  const current = run.data;
  const editable = canEdit(identity, current.workspace);

  async function cancel() {
    setCancelling(true);
    setActionError(null);
    try {
      await api.send('POST', `/api/v1/runs/${runId}/cancel`);
      setConfirming(false);
      run.refresh();
    } catch (failure) {
      setActionError(describeError(failure));
      setConfirming(false);
    } finally {
      setCancelling(false);
    }
  }

  const decisions = events.filter((event) => event.type === 'CLUSTER_RESIZED' || event.type === 'CLUSTER_REPAIRED');
  const entrypoint = 'pythonFile' in current.entrypoint ? current.entrypoint.pythonFile : `${current.entrypoint.jar} (${current.entrypoint.mainClass})`;

  return (
    <section aria-labelledby="run-title" className="run-page">
      <p>
        <a href={lastRunsView()}>← Runs</a>
      </p>
      <header className="page-header">
        <div>
          <h1 id="run-title">{current.name}</h1>
          <p className="mono muted small">{current.id}</p>
        </div>
        <div className="actions">
          {editable && !isTerminal(current.state) && current.state !== 'CANCELLING' && (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Cancel run
            </button>
          )}
          {editable && (
            <button type="button" onClick={() => navigate(href('/submit', { from: current.id }))}>
              Resubmit
            </button>
          )}
        </div>
      </header>
      <OfflineBanner offline={run.offline} />
      <ErrorBanner message={actionError ?? run.error} />
      <div className="run-state" aria-live="polite">
        <StateBadge state={current.state} />
        {current.reason && <span className="reason">{current.reason}</span>}
        {current.message && <span className="message">{current.message}</span>}
      </div>
      <dl className="facts">
        <dt>Workspace</dt>
        <dd>{current.workspace}</dd>
        {current.job && <JobFacts job={current.job} />}
        <dt>Backend</dt>
        <dd>{current.backend}</dd>
        <dt>Submitted</dt>
        <dd>
          <Time at={current.createdAt} />
        </dd>
        <dt>Duration</dt>
        <dd>
          <Elapsed from={current.createdAt} to={current.endedAt} />
        </dd>
        {current.historyUrl && (
          <>
            <dt>Spark UI</dt>
            <dd>
              <a href={current.historyUrl} target="_blank" rel="noopener noreferrer">
                History Server
              </a>{' '}
              <span className="mono muted small">{current.attempts.filter((item) => item.historyUrl === current.historyUrl).pop()?.sparkAppId}</span>
            </dd>
          </>
        )}
        <dt>Entrypoint</dt>
        <dd className="mono wrap">{entrypoint}</dd>
        {current.args.length > 0 && (
          <>
            <dt>Arguments</dt>
            <dd className="mono wrap">{current.args.join(' ')}</dd>
          </>
        )}
        <dt>Resources</dt>
        <dd>
          driver {current.resources.driver.cores} core{current.resources.driver.cores > 1 ? 's' : ''} {current.resources.driver.memory}, executors{' '}
          {current.resources.executor.cores} core{current.resources.executor.cores > 1 ? 's' : ''} {current.resources.executor.memory}
        </dd>
        <dt>Autoscaling</dt>
        <dd>
          {current.autoscaling.policy}, {current.autoscaling.minExecutors} to {current.autoscaling.maxExecutors} executors
        </dd>
        {Object.keys(current.labels).length > 0 && (
          <>
            <dt>Labels</dt>
            <dd className="labels">
              {Object.entries(current.labels).map(([key, value]) => (
                <a key={key} className="label" href={href('/runs', { label: `${key}=${value}` })}>
                  {key}={value}
                </a>
              ))}
            </dd>
          </>
        )}
      </dl>

      <h2>Timeline</h2>
      <LiveTimeline run={current} live={!isTerminal(current.state)} />

      <h2>Attempts</h2>
      {current.attempts.length === 0 ? (
        <p className="muted">Waiting in the queue for an engine cluster.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">State</th>
                <th scope="col">Provisioning</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
                <th scope="col">Exit</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {current.attempts.map((item) => (
                <tr key={item.attempt}>
                  <td>{item.attempt}</td>
                  <td>
                    <StateBadge state={item.state} />
                  </td>
                  <td>
                    <Time at={item.provisioningAt} />
                  </td>
                  <td>
                    <Time at={item.startedAt} />
                  </td>
                  <td>
                    <Time at={item.endedAt} />
                  </td>
                  <td>{item.exitCode ?? '–'}</td>
                  <td>
                    {item.reason ?? ''} {item.message && <span className="muted">{item.message}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Driver log</h2>
      <LogView runId={runId} attemptCount={Math.max(current.attempt, current.attempts.length)} current={current.attempt} />

      <h2>Executors and backlog</h2>
      {cluster.data && (
        <p className="muted">
          Cluster {cluster.data.clusterName ?? '(not created yet)'}: {cluster.data.status.toLowerCase()}, {cluster.data.aliveWorkers} alive of{' '}
          {cluster.data.desiredWorkers} wanted
          {cluster.data.decommissioningWorkers > 0 ? `, ${cluster.data.decommissioningWorkers} draining` : ''}.
          {cluster.data.endpoints.masterUi && !ended && (
            <>
              {' '}
              Spark master UI: <span className="mono">{cluster.data.endpoints.masterUi}</span>
            </>
          )}
        </p>
      )}
      <MetricsChart points={points} />

      <h2>Autoscaler decisions</h2>
      {decisions.length === 0 ? (
        <p className="muted">{cluster.data?.lastDecision ?? 'No resize so far.'}</p>
      ) : (
        <ol className="decisions">
          {decisions.map((event) => (
            <li key={event.id}>
              <Time at={event.at} /> <span className="muted">attempt {event.attempt}</span> {event.message}
            </li>
          ))}
        </ol>
      )}

      <h2>Staged files</h2>
      <StagedFiles runId={runId} attempts={current.attempts.map((item) => ({ attempt: item.attempt, ended: item.endedAt !== null }))} current={current.attempt} />

      <h2>Events</h2>
      <div className="table-scroll">
        <table className="events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Attempt</th>
              <th scope="col">Event</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td>
                  <Time at={event.at} />
                </td>
                <td>{event.attempt ?? ''}</td>
                <td>{event.type === 'STATE_CHANGED' ? `${event.fromState ?? '–'} → ${event.toState}` : event.type}</td>
                <td>
                  {event.reason && <strong>{event.reason} </strong>}
                  {event.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <ConfirmDialog
        open={confirming}
        title="Cancel this run?"
        confirmLabel={cancelling ? 'Cancelling…' : 'Cancel run'}
        busy={cancelling}
        onConfirm={cancel}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <strong>{current.name}</strong> stops: its driver and executors are shut down and its engine cluster is torn down. Its log and events stay.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The saved job a run was started from, at its version, and the schedule and fire time that started it. */
function JobFacts({ job }: { job: RunJob }) {
  const { api } = useSession();
  // the job's name, asked for once; a deleted job is still linked, by its id
  const saved = usePolling((signal) => api.get<Job>(`/api/v1/jobs/${job.id}`, signal), [job.id], 0, false);
  const name = saved.data?.name ?? (saved.error ? `${job.id.slice(0, 8)} (deleted)` : job.id.slice(0, 8));
  return (
    <>
      <dt>Job</dt>
      <dd>
        <a href={`#/jobs/${job.id}`}>{name}</a>{' '}
        <a href={href(`/jobs/${job.id}`, { version: String(job.version) })} className="muted">
          version {job.version}
        </a>
      </dd>
      <dt>Started by</dt>
      <dd>
        {job.scheduleId ? (
          <>
            <a href={`#/schedules/${job.scheduleId}`}>its schedule</a>
            {job.fireTime && (
              <>
                {' '}
                for the fire time <Time at={job.fireTime} />
              </>
            )}
          </>
        ) : (
          'a start by hand (Run now or the API)'
        )}
      </dd>
    </>
  );
}

/** Where the runs list was left, filters and page included, to go back to it. */
function lastRunsView(): string {
  return sessionStorage.getItem('sparkplane.runsView') ?? '#/runs';
}

function Elapsed({ from, to }: { from: string; to: string | null }) {
  const now = useNow(1000, to === null);
  return <>{between(from, to, new Date(now))}</>;
}

function LiveTimeline({ run, live }: { run: Run; live: boolean }) {
  const now = useNow(1000, live);
  return <TimelineChart run={run} now={now} />;
}

const STAGED_TRIES = 12;

/** What an ended attempt left in staging, each file downloadable; the attempt to show is picked. */
function StagedFiles({ runId, attempts, current }: { runId: string; attempts: { attempt: number; ended: boolean }[]; current: number }) {
  const { api } = useSession();
  const [chosen, setChosen] = useState(current);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => setChosen(current), [current]);
  const ended = attempts.find((item) => item.attempt === chosen)?.ended ?? false;
  // the files arrive as the attempt ends: ask until they are there, a few times at most (state, not a
  // ref: an unchanged answer is the same object and renders nothing, so only this count stops the polling)
  const [tries, setTries] = useState(0);
  const [found, setFound] = useState(false);
  useEffect(() => {
    setTries(0);
    setFound(false);
  }, [runId, chosen]);
  const staged = usePolling(
    async (signal) => {
      const page = await api.get<{ items: StagedFile[] }>(`/api/v1/runs/${runId}/staging?attempt=${chosen}`, signal);
      setTries((count) => count + 1);
      if (page.items.length > 0) setFound(true);
      return page;
    },
    [runId, chosen, ended],
    5000,
    ended && !found && tries < STAGED_TRIES,
    [runId, chosen],
  );
  const files = ended ? staged.data?.items : undefined;
  const settled = files !== undefined && (files.length > 0 || tries >= STAGED_TRIES);

  async function open(file: StagedFile) {
    setFailure(null);
    try {
      const blob = await api.download(`/api/v1/runs/${runId}/staging/content?${new URLSearchParams({ path: file.path, attempt: String(chosen) })}`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.path.split('/').pop() ?? 'file';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (problem) {
      setFailure(describeError(problem));
    }
  }

  return (
    <>
      {attempts.length > 1 && (
        <label>
          Attempt{' '}
          <select value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
            {attempts.map((item) => (
              <option key={item.attempt} value={item.attempt}>
                {item.attempt}
              </option>
            ))}
          </select>
        </label>
      )}
      <ErrorBanner message={failure ?? (ended ? staged.error : null)} />
      {!ended && <p className="muted">The driver log, Spark event log and outputs are copied to staging when the attempt ends.</p>}
      {ended && files === undefined && <p className="muted">Loading…</p>}
      {ended && files !== undefined && files.length === 0 && <p className="muted">{settled ? 'Nothing was staged for this attempt.' : 'Waiting for the files…'}</p>}
      {files && files.length > 0 && (
        <ul className="staged">
          {files.map((file) => (
            <li key={file.path}>
              <button type="button" className="link" onClick={() => open(file)}>
                {file.path}
              </button>{' '}
              <span className="muted">{bytes(file.size)}</span> <span className="mono muted small wrap">{file.uri}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
