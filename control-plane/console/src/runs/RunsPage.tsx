import { useEffect, useState, type FormEvent } from 'react';
import { RUN_STATES, type RunPage, type Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { canEdit } from '../session/permissions';
import { ErrorBanner, OfflineBanner, StateBadge, Time } from '../ui/components';
import { between } from '../ui/format';
import { href, navigate, type Route } from '../ui/router';
import { usePolling } from '../ui/usePolling';
import { useNow, useVisible } from '../ui/useVisible';

const PAGE_SIZE = 50;

/** The query of GET /api/v1/runs for the filters in the route. */
export function runsQuery(route: Route): string {
  const params = new URLSearchParams();
  route.query.getAll('state').forEach((state) => params.append('state', state));
  route.query.getAll('label').forEach((label) => params.append('label', label));
  const workspace = route.query.get('workspace');
  if (workspace) params.set('workspace', workspace);
  const cursor = route.query.get('cursor');
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(PAGE_SIZE));
  return params.toString();
}

/** Runs, newest first, filtered by state, labels and workspace; refreshed every 2 s without a reload. */
export function RunsPage({ route }: { route: Route }) {
  const { api, identity } = useSession();
  const query = runsQuery(route);
  const visible = useVisible();
  const runs = usePolling((signal) => api.get<RunPage>(`/api/v1/runs?${query}`, signal), [query], 2000, visible);
  const workspaces = usePolling((signal) => api.get<{ items: Workspace[] }>('/api/v1/workspaces', signal), [], 30000);
  // the cursors of the newer pages, kept for the tab per filter, so that a reload on page 3 still goes back
  const filterKey = `sparkplane.runsPages:${route.query.getAll('state').join(',')}|${route.query.getAll('label').join(',')}|${route.query.get('workspace') ?? ''}`;
  const [previous, setPreviousState] = useState<string[]>(() => JSON.parse(sessionStorage.getItem(filterKey) ?? '[]') as string[]);
  const setPrevious = (next: string[] | ((stack: string[]) => string[])) =>
    setPreviousState((stack) => {
      const value = typeof next === 'function' ? next(stack) : next;
      sessionStorage.setItem(filterKey, JSON.stringify(value));
      return value;
    });
  const now = useNow(5000, (runs.data?.items ?? []).some((run) => run.endedAt === null));
  useEffect(() => {
    sessionStorage.setItem('sparkplane.runsView', href('/runs', Object.fromEntries([...new Set(route.query.keys())].map((key) => [key, route.query.getAll(key)]))));
  }, [route]);

  const states = route.query.getAll('state');
  const labels = route.query.getAll('label');
  const [labelText, setLabelText] = useState(labels.join(', '));
  useEffect(() => setLabelText(labels.join(', ')), [labels.join(', ')]); // eslint-disable-line react-hooks/exhaustive-deps
  const workspace = route.query.get('workspace') ?? '';
  const cursor = route.query.get('cursor') ?? undefined;
  const filtered = states.length > 0 || labels.length > 0 || workspace !== '';

  function applyFilters(next: { state?: string[]; label?: string[]; workspace?: string }) {
    setPrevious([]);
    navigate(href('/runs', { state: next.state ?? states, label: next.label ?? labels, workspace: next.workspace ?? workspace }));
  }

  function toggleState(state: string) {
    applyFilters({ state: states.includes(state) ? states.filter((item) => item !== state) : [...states, state] });
  }

  function submitLabels(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    applyFilters({ label: labelText.split(',').map((item) => item.trim()).filter(Boolean) });
  }

  function page(to: string | undefined, back: boolean) {
    setPrevious((stack) => (back ? stack.slice(0, -1) : [...stack, cursor ?? '']));
    navigate(href('/runs', { state: states, label: labels, workspace, cursor: to }));
  }

  const items = runs.data?.items ?? [];
  return (
    <section aria-labelledby="runs-title">
      <header className="page-header">
        <h1 id="runs-title">Runs</h1>
        {canEdit(identity) && (
          <a className="button primary" href="#/submit">
            Submit a run
          </a>
        )}
      </header>
      <div className="filters">
        <fieldset>
          <legend>State</legend>
          <div className="chips">
            {RUN_STATES.map((state) => (
              <label key={state} className="chip">
                <input type="checkbox" checked={states.includes(state)} onChange={() => toggleState(state)} />
                {state.replace('_', ' ').toLowerCase()}
              </label>
            ))}
          </div>
        </fieldset>
        <form onSubmit={submitLabels} className="inline-form">
          <label htmlFor="label-filter">Labels</label>
          <input id="label-filter" name="labels" placeholder="team=data, env=prod" value={labelText} onChange={(event) => setLabelText(event.target.value)} />
          <button type="submit">Filter</button>
        </form>
        <div className="inline-form">
          <label htmlFor="workspace-filter">Workspace</label>
          <select id="workspace-filter" value={workspace} onChange={(event) => applyFilters({ workspace: event.target.value })}>
            <option value="">all</option>
            {(workspaces.data?.items ?? []).map((item) => (
              <option key={item.id} value={item.id}>
                {item.displayName ? `${item.displayName} (${item.id})` : item.id}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <a href="#/runs" onClick={() => setPrevious([])}>
            Clear filters
          </a>
        )}
      </div>
      <OfflineBanner offline={runs.offline} />
      <ErrorBanner message={runs.error} />
      {runs.data && items.length === 0 && (
        <div className="empty" role="status">
          {filtered || cursor ? (
            <p>No runs match these filters.</p>
          ) : (
            <>
              <p>
                <strong>No runs yet.</strong>
              </p>
              <p>
                {canEdit(identity) ? (
                  <>
                    <a href="#/submit">Submit a first run</a> from the form, or from a terminal:
                  </>
                ) : (
                  'An editor can submit one from the console or a terminal:'
                )}
              </p>
              <pre>./sparkplane runs submit --wait --follow --files examples/data/sales.csv examples/jobs/sales_by_region.py sales.csv sales-out</pre>
            </>
          )}
        </div>
      )}
      {!runs.data && !runs.error && <p className="muted">Loading runs…</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="runs">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Workspace</th>
                <th scope="col">Submitted</th>
                <th scope="col">Duration</th>
                <th scope="col">Attempt</th>
                <th scope="col">Labels</th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
                  <td>
                    <a href={`#/runs/${run.id}`}>{run.name}</a>
                    <div className="muted small mono">{run.id.slice(0, 8)}</div>
                  </td>
                  <td>
                    <StateBadge state={run.state} />
                  </td>
                  <td>{run.workspace}</td>
                  <td>
                    <Time at={run.createdAt} />
                  </td>
                  <td>{between(run.createdAt, run.endedAt, new Date(now))}</td>
                  <td>{run.attempt}</td>
                  <td className="labels">
                    {Object.entries(run.labels).map(([key, value]) => (
                      <span key={key} className="label">
                        {key}={value}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursor || runs.data?.nextCursor) && (
      <nav className="pager" aria-label="Pages of runs">
        <button type="button" disabled={!cursor} onClick={() => page(previous[previous.length - 1] || undefined, true)}>
          ← Newer
        </button>
        <button type="button" disabled={!runs.data?.nextCursor} onClick={() => page(runs.data?.nextCursor ?? undefined, false)}>
          Older →
        </button>
      </nav>
      )}
    </section>
  );
}
