import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/client';
import { isTerminal, type Cluster, type MetricSeries, type Run, type RunEvent, type StagedFile } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ConfirmDialog, ErrorBanner, OfflineBanner, StateBadge, Time } from '../ui/components';
import { between, bytes } from '../ui/format';
import { href, navigate } from '../ui/router';
import { usePolling } from '../ui/usePolling';
import { LogView } from './LogView';
import { MetricsChart } from './MetricsChart';
import { TimelineChart } from './TimelineChart';

/** Everything about one run, refreshed live until it ends. */
export function RunPage({ runId }: { runId: string }) {
  const { api, identity } = useSession();
  const run = usePolling((signal) => api.get<Run>(`/api/v1/runs/${runId}`, signal), [runId], 2000);
  const ended = run.data ? isTerminal(run.data.state) : false;
  const attempt = run.data?.attempt;

  const [events, setEvents] = useState<RunEvent[]>([]);
  const lastEvent = useRef(0);
  useEffect(() => {
    setEvents([]);
    lastEvent.current = 0;
  }, [runId]);
  usePolling(
    async (signal) => {
      const page = await api.get<{ items: RunEvent[] }>(`/api/v1/runs/${runId}/events?after=${lastEvent.current}`, signal);
      if (page.items.length > 0) {
        lastEvent.current = page.items[page.items.length - 1].id;
        setEvents((known) => [...known, ...page.items.filter((event) => event.id > (known[known.length - 1]?.id ?? 0))]);
      }
      return page.items.length;
    },
    [runId],
    2000,
    !ended || events.length === 0,
  );
  const cluster = usePolling((signal) => api.get<Cluster>(`/api/v1/runs/${runId}/cluster`, signal), [runId], 3000, !ended);
  const metrics = usePolling(
    (signal) => api.get<MetricSeries>(`/api/v1/runs/${runId}/metrics${attempt ? `?attempt=${attempt}` : ''}`, signal),
    [runId, attempt],
    3000,
    !ended,
  );
  const staged = usePolling(
    (signal) => api.get<{ items: StagedFile[] }>(`/api/v1/runs/${runId}/staging${attempt ? `?attempt=${attempt}` : ''}`, signal),
    [runId, attempt, ended],
    10000,
    ended,
  );

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ended]);

  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!run.data) {
    return (
      <section>
        <p>
          <a href="#/runs">← Runs</a>
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
        <a href="#/runs">← Runs</a>
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
        <dt>Backend</dt>
        <dd>{current.backend}</dd>
        <dt>Submitted</dt>
        <dd>
          <Time at={current.createdAt} />
        </dd>
        <dt>Duration</dt>
        <dd>{between(current.createdAt, current.endedAt, new Date(now))}</dd>
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
      <TimelineChart run={current} now={now} />

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
      <LogView runId={runId} attempts={current.attempts.map((item) => item.attempt)} current={current.attempt} />

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
      <MetricsChart points={metrics.data?.items ?? []} />

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
      <StagedFiles runId={runId} attempt={current.attempt} files={staged.data?.items} error={staged.error} ended={ended} />

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

function StagedFiles({ runId, attempt, files, error, ended }: { runId: string; attempt: number; files: StagedFile[] | undefined; error: string | null; ended: boolean }) {
  const { api } = useSession();
  const [failure, setFailure] = useState<string | null>(null);
  if (!ended) return <p className="muted">The driver log, Spark event log and outputs are copied to staging when the attempt ends.</p>;
  if (error) return <ErrorBanner message={error} />;
  if (!files) return <p className="muted">Loading…</p>;
  if (files.length === 0) return <p className="muted">Nothing was staged for this attempt.</p>;

  async function open(file: StagedFile) {
    setFailure(null);
    try {
      const blob = await api.download(`/api/v1/runs/${runId}/staging/content?${new URLSearchParams({ path: file.path, attempt: String(attempt) })}`);
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
      <ErrorBanner message={failure} />
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
    </>
  );
}
