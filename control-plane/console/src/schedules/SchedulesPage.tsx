import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { Job, SchedulePage, Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ErrorBanner, OfflineBanner } from '../ui/components';
import { usePolling } from '../ui/usePolling';
import { useVisible } from '../ui/useVisible';
import { ScheduleTable } from './ScheduleTable';

const PAGE_SIZE = 50;

/** Every schedule the caller sees, newest first, with its job, next and last fire time. */
export function SchedulesPage() {
  const { api, identity } = useSession();
  const visible = useVisible();
  const [workspace, setWorkspace] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(workspace && { workspace }), ...(cursor && { cursor }) }).toString();
  const schedules = usePolling((signal) => api.get<SchedulePage>(`/api/v1/schedules?${query}`, signal), [query], 5000, visible);
  const workspaces = usePolling((signal) => api.get<{ items: Workspace[] }>('/api/v1/workspaces', signal), [], 60000);
  const items = schedules.data?.items ?? [];
  const names = useJobNames(api, items.map((schedule) => schedule.job));

  return (
    <section aria-labelledby="schedules-title">
      <header className="page-header">
        <h1 id="schedules-title">Schedules</h1>
        {canEdit(identity) && (
          <a className="button primary" href="#/schedules/new">
            New schedule
          </a>
        )}
      </header>
      <div className="filters">
        <div className="inline-form">
          <label htmlFor="schedules-workspace">Workspace</label>
          <select
            id="schedules-workspace"
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
      </div>
      <OfflineBanner offline={schedules.offline} />
      <ErrorBanner message={schedules.error} />
      {!schedules.data && !schedules.error && <p className="muted">Loading schedules…</p>}
      {schedules.data && items.length === 0 && (
        <div className="empty" role="status">
          <p>
            <strong>No schedules{workspace || cursor ? ' here' : ' yet'}.</strong> A schedule starts runs of a saved job on a cron expression in a time zone, or every interval.
          </p>
          <p>
            <a href="#/jobs">Jobs</a> have theirs on their pages.
          </p>
        </div>
      )}
      {items.length > 0 && <ScheduleTable schedules={items} jobNames={names} onChanged={schedules.refresh} />}
      {(cursor || schedules.data?.nextCursor) && (
        <nav className="pager" aria-label="Pages of schedules">
          <button type="button" disabled={!cursor} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
            ← Newer
          </button>
          <button type="button" disabled={!schedules.data?.nextCursor} onClick={() => setCursors((stack) => [...stack, schedules.data!.nextCursor!])}>
            Older →
          </button>
        </nav>
      )}
    </section>
  );
}

/** The names of these jobs, each asked for once (a schedule names its job by id only). */
export function useJobNames(api: ApiClient, ids: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const wanted = [...new Set(ids)].filter((id) => !(id in names)).sort().join(',');
  useEffect(() => {
    if (!wanted) return;
    let stopped = false;
    Promise.all(
      wanted.split(',').map((id) =>
        api.get<Job>(`/api/v1/jobs/${id}`).then(
          (job) => [id, job.name] as const,
          // a deleted job's schedules are gone with it; a job not found is shown by its id
          () => [id, `${id.slice(0, 8)} (not found)`] as const,
        ),
      ),
    ).then((found) => !stopped && setNames((known) => ({ ...known, ...Object.fromEntries(found) })));
    return () => {
      stopped = true;
    };
  }, [api, wanted]);
  return names;
}
