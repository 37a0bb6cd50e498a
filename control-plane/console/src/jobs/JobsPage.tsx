import { useState } from 'react';
import type { Job, JobPage, RunPage, Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ErrorBanner, OfflineBanner, StateBadge, Time } from '../ui/components';
import { usePolling } from '../ui/usePolling';
import { useVisible } from '../ui/useVisible';

// A page of jobs is small: each row's latest run is one more request (an index lookup on the server,
// a 304 when unchanged), which the API offers no cheaper way to get.
const PAGE_SIZE = 25;

/** Saved jobs, newest first, with their latest run; editors make new ones here. */
export function JobsPage() {
  const { api, identity } = useSession();
  const visible = useVisible();
  const [workspace, setWorkspace] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(workspace && { workspace }), ...(cursor && { cursor }) }).toString();
  const jobs = usePolling((signal) => api.get<JobPage>(`/api/v1/jobs?${query}`, signal), [query], 5000, visible);
  const workspaces = usePolling((signal) => api.get<{ items: Workspace[] }>('/api/v1/workspaces', signal), [], 60000);
  const items = jobs.data?.items ?? [];
  const ids = items.map((job) => job.id).join(',');
  const latest = usePolling(
    async (signal) => {
      const pages = await Promise.all(items.map((job) => api.get<RunPage>(`/api/v1/jobs/${job.id}/runs?limit=1`, signal).catch(() => null)));
      return Object.fromEntries(items.map((job, index) => [job.id, pages[index]?.items[0] ?? null]));
    },
    [ids],
    5000,
    visible && items.length > 0,
  );

  return (
    <section aria-labelledby="jobs-title">
      <header className="page-header">
        <h1 id="jobs-title">Jobs</h1>
        {canEdit(identity) && (
          <a className="button primary" href="#/jobs/new">
            New job
          </a>
        )}
      </header>
      <div className="filters">
        <div className="inline-form">
          <label htmlFor="jobs-workspace">Workspace</label>
          <select
            id="jobs-workspace"
            value={workspace}
            onChange={(event) => {
              setCursors([]);
              setWorkspace(event.target.value);
            }}
          >
            <option value="">all</option>
            {(workspaces.data?.items ?? []).map((item) => (
              <option key={item.id} value={item.id}>
                {item.displayName ? `${item.displayName} (${item.id})` : item.id}
              </option>
            ))}
          </select>
        </div>
        <a href="#/schedules">All schedules</a>
      </div>
      <OfflineBanner offline={jobs.offline} />
      <ErrorBanner message={jobs.error} />
      {!jobs.data && !jobs.error && <p className="muted">Loading jobs…</p>}
      {jobs.data && items.length === 0 && (
        <div className="empty" role="status">
          {workspace || cursor ? (
            <p>No jobs here.</p>
          ) : (
            <>
              <p>
                <strong>No jobs yet.</strong> A job is a saved run with parameters, to run again by hand or on a schedule.
              </p>
              <p>{canEdit(identity) ? <a href="#/jobs/new">Save a first job</a> : 'An editor can save one.'}</p>
            </>
          )}
        </div>
      )}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="jobs">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Workspace</th>
                <th scope="col">Version</th>
                <th scope="col">Concurrency</th>
                <th scope="col">Latest run</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {items.map((job) => (
                <JobRow key={job.id} job={job} latest={latest.data?.[job.id]} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursor || jobs.data?.nextCursor) && (
        <nav className="pager" aria-label="Pages of jobs">
          <button type="button" disabled={!cursor} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
            ← Newer
          </button>
          <button type="button" disabled={!jobs.data?.nextCursor} onClick={() => setCursors((stack) => [...stack, jobs.data!.nextCursor!])}>
            Older →
          </button>
        </nav>
      )}
    </section>
  );
}

function JobRow({ job, latest }: { job: Job; latest: RunPage['items'][number] | null | undefined }) {
  return (
    <tr data-job-id={job.id}>
      <td>
        <a href={`#/jobs/${job.id}`}>{job.name}</a>
        {job.description && <div className="muted small">{job.description}</div>}
      </td>
      <td>{job.workspace}</td>
      <td>{job.version}</td>
      <td>{concurrency(job)}</td>
      <td>
        {latest === undefined ? (
          <span className="muted">…</span>
        ) : latest === null ? (
          <span className="muted">never run</span>
        ) : (
          <a href={`#/runs/${latest.id}`} className="plain">
            <StateBadge state={latest.state} /> <Time at={latest.createdAt} />
          </a>
        )}
      </td>
      <td>
        <Time at={job.updatedAt} />
      </td>
    </tr>
  );
}

/** "1 at a time, queue", as the job's settings say it. */
export function concurrency(job: Pick<Job, 'maxConcurrentRuns' | 'concurrencyPolicy'>): string {
  const policy = { QUEUE: 'queue the rest', SKIP: 'skip the rest', CANCEL_OLDEST: 'cancel the oldest' }[job.concurrencyPolicy] ?? job.concurrencyPolicy;
  return `${job.maxConcurrentRuns} at a time, ${policy}`;
}
