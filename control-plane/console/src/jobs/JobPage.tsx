import { useState } from 'react';
import { describeError } from '../api/client';
import type { Job, JobVersion, RunPage, SchedulePage } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ScheduleTable } from '../schedules/ScheduleTable';
import { ConfirmDialog, CopyButton, ErrorBanner, OfflineBanner, StateBadge, Time } from '../ui/components';
import { between } from '../ui/format';
import { href, navigate, type Route } from '../ui/router';
import { usePolling } from '../ui/usePolling';
import { useNow, useVisible } from '../ui/useVisible';
import { definitionOf } from './jobForm';
import { concurrency } from './JobsPage';
import { isRequired } from './parameters';
import { RunNowDialog } from './RunNowDialog';

const RUNS_PAGE = 20;

/**
 * One job: its settings and parameters, Run now, its runs, its schedules, and its definition as JSON
 * at any of its versions (`?version=` in the address, so an old version can be linked to).
 */
export function JobPage({ jobId, route }: { jobId: string; route: Route }) {
  const { api, identity } = useSession();
  const visible = useVisible();
  const job = usePolling((signal) => api.get<Job>(`/api/v1/jobs/${jobId}`, signal), [jobId], 5000, visible);
  const current = job.data;
  // the versions change only with the job's version: asked for again then, not polled
  const versions = usePolling((signal) => api.get<{ items: JobVersion[] }>(`/api/v1/jobs/${jobId}/versions`, signal), [jobId, current?.version], 0, false, [jobId]);
  const [runsCursors, setRunsCursors] = useState<string[]>([]);
  const runsCursor = runsCursors[runsCursors.length - 1];
  const runs = usePolling(
    (signal) => api.get<RunPage>(`/api/v1/jobs/${jobId}/runs?${new URLSearchParams({ limit: String(RUNS_PAGE), ...(runsCursor && { cursor: runsCursor }) })}`, signal),
    [jobId, runsCursor],
    3000,
    visible,
  );
  const schedules = usePolling((signal) => api.get<SchedulePage>(`/api/v1/schedules?job=${jobId}&limit=200`, signal), [jobId], 5000, visible);
  const now = useNow(5000, (runs.data?.items ?? []).some((run) => run.endedAt === null));

  const [runNow, setRunNow] = useState<{ version?: number } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!current) {
    return (
      <section>
        <p>
          <a href="#/jobs">← Jobs</a>
        </p>
        <ErrorBanner message={job.error} />
        {!job.error && <p className="muted">Loading job…</p>}
      </section>
    );
  }
  const editable = canEdit(identity, current.workspace);
  const versionItems = versions.data?.items ?? [];

  async function remove() {
    setBusy(true);
    setActionError(null);
    try {
      await api.send('DELETE', `/api/v1/jobs/${jobId}`);
      navigate('#/jobs');
    } catch (failure) {
      // 409 while a run of the job has not ended: the API's message says which and what to do
      setActionError(`The job was not deleted: ${describeError(failure)}`);
      setDeleting(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="job-title" className="job-page">
      <p>
        <a href="#/jobs">← Jobs</a>
      </p>
      <header className="page-header">
        <div>
          <h1 id="job-title">{current.name}</h1>
          <p className="mono muted small">{current.id}</p>
        </div>
        {editable && (
          <div className="actions">
            <button type="button" className="primary" onClick={() => setRunNow({})}>
              Run now
            </button>
            <a className="button" href={`#/jobs/${jobId}/edit`}>
              Edit
            </a>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        )}
      </header>
      <OfflineBanner offline={job.offline} />
      <ErrorBanner message={actionError ?? job.error} />
      {current.description && <p>{current.description}</p>}
      <dl className="facts">
        <dt>Workspace</dt>
        <dd>{current.workspace}</dd>
        <dt>Version</dt>
        <dd>
          {current.version}, saved <Time at={current.updatedAt} />
        </dd>
        <dt>Concurrency</dt>
        <dd>{concurrency(current)}</dd>
        <dt>Created</dt>
        <dd>
          <Time at={current.createdAt} />
        </dd>
        {Object.keys(current.labels).length > 0 && (
          <>
            <dt>Labels</dt>
            <dd className="labels">
              {Object.entries(current.labels).map(([key, value]) => (
                <span key={key} className="label">
                  {key}={value}
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>

      <h2>Parameters</h2>
      {current.parameters.length === 0 ? (
        <p className="muted">None: every run is the template as it is.</p>
      ) : (
        <div className="table-scroll">
          <table className="parameters">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Default</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {current.parameters.map((parameter) => (
                <tr key={parameter.name}>
                  <td className="mono">{`{{${parameter.name}}}`}</td>
                  <td className="mono wrap">{isRequired(parameter) ? <span className="muted">required: no default</span> : parameter.default === '' ? <span className="muted">(empty)</span> : parameter.default}</td>
                  <td>{parameter.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Runs</h2>
      <ErrorBanner message={runs.error} />
      {runs.data && runs.data.items.length === 0 && !runsCursor && <p className="muted">No runs yet.{editable ? ' Run now starts one.' : ''}</p>}
      {runs.data && runs.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Version</th>
                <th scope="col">Started by</th>
                <th scope="col">Submitted</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
                  <td>
                    <a href={`#/runs/${run.id}`}>{run.name}</a>
                    <div className="muted small mono">{run.id.slice(0, 8)}</div>
                  </td>
                  <td>
                    <StateBadge state={run.state} />
                  </td>
                  <td>{run.job?.version ?? ''}</td>
                  <td>
                    {run.job?.scheduleId ? (
                      <>
                        <a href={`#/schedules/${run.job.scheduleId}`}>a schedule</a>
                        {run.job.fireTime && (
                          <div className="muted small">
                            for <Time at={run.job.fireTime} />
                          </div>
                        )}
                      </>
                    ) : (
                      'a start by hand'
                    )}
                  </td>
                  <td>
                    <Time at={run.createdAt} />
                  </td>
                  <td>{between(run.createdAt, run.endedAt, new Date(now))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(runsCursor || runs.data?.nextCursor) && (
        <nav className="pager" aria-label="Pages of the job's runs">
          <button type="button" disabled={!runsCursor} onClick={() => setRunsCursors((stack) => stack.slice(0, -1))}>
            ← Newer
          </button>
          <button type="button" disabled={!runs.data?.nextCursor} onClick={() => setRunsCursors((stack) => [...stack, runs.data!.nextCursor!])}>
            Older →
          </button>
        </nav>
      )}

      <header className="page-header section-header">
        <h2>Schedules</h2>
        {editable && (
          <a className="button" href={href('/schedules/new', { job: jobId })}>
            Add a schedule
          </a>
        )}
      </header>
      <ErrorBanner message={schedules.error} />
      {schedules.data && schedules.data.items.length === 0 && <p className="muted">None: the job runs only when started.</p>}
      {schedules.data && schedules.data.items.length > 0 && <ScheduleTable schedules={schedules.data.items} onChanged={schedules.refresh} />}

      <Definition job={current} versions={versionItems} route={route} onRun={editable ? (version) => setRunNow({ version }) : undefined} />

      <RunNowDialog key={`${current.version}-${runNow?.version ?? ''}`} job={current} versions={versionItems} open={runNow !== null} initialVersion={runNow?.version} onClose={() => setRunNow(null)} />
      <ConfirmDialog open={deleting} title="Delete this job?" confirmLabel={busy ? 'Deleting…' : 'Delete job'} busy={busy} onConfirm={remove} onCancel={() => setDeleting(false)}>
        <p>
          <strong>{current.name}</strong> and its schedules are deleted. Its runs stay, and keep naming it. A job with runs that have not ended cannot be deleted.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The definition of the version in the address (the current one by default), as JSON, and every version. */
function Definition({ job, versions, route, onRun }: { job: Job; versions: JobVersion[]; route: Route; onRun?: (version: number) => void }) {
  const { api } = useSession();
  const asked = Number(route.query.get('version') ?? job.version);
  const viewed = Number.isInteger(asked) && asked >= 1 ? asked : job.version;
  const old = viewed !== job.version;
  // the current version is the job itself; an old one is asked for once
  const version = usePolling((signal) => (old ? api.get<JobVersion>(`/api/v1/jobs/${job.id}/versions/${viewed}`, signal) : Promise.resolve(undefined)), [job.id, viewed], 0, false);
  const shown = old ? version.data : job;
  const json = shown ? JSON.stringify(definitionOf({ ...shown, workspace: job.workspace }), null, 2) : '';
  const at = (number: number) => href(`/jobs/${job.id}`, number === job.version ? {} : { version: String(number) });

  return (
    <>
      <h2 id="definition">Definition</h2>
      {old && (
        <div className="banner warning" role="status">
          This is version {viewed}; the job is at version {job.version}. <a href={at(job.version)}>Show the current version</a>
          {onRun && (
            <>
              {' · '}
              <button type="button" className="link" onClick={() => onRun(viewed)}>
                Run version {viewed}
              </button>
            </>
          )}
        </div>
      )}
      {old && <ErrorBanner message={version.error} />}
      {shown && (
        <div className="definition">
          <div className="actions">
            <span className="muted small">Version {viewed}, as saved; the body of PUT /api/v1/jobs/{job.id}.</span>
            <CopyButton text={json} label="Copy JSON" />
          </div>
          <pre className="json" aria-label={`Definition of version ${viewed}`} tabIndex={0}>
            {json}
          </pre>
        </div>
      )}

      <h2>Versions</h2>
      <div className="table-scroll">
        <table className="versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">
                <span className="visually-hidden">View</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((item) => (
              <tr key={item.version} aria-current={item.version === viewed ? 'true' : undefined}>
                <td>
                  {item.version}
                  {item.version === job.version && <span className="muted small"> (current)</span>}
                </td>
                <td>
                  <Time at={item.createdAt} />
                </td>
                <td className="mono small">{item.createdBy}</td>
                <td>
                  {item.version === viewed ? (
                    <span className="muted small">shown above</span>
                  ) : (
                    <a href={at(item.version)} aria-label={`View version ${item.version}`}>
                      View
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
