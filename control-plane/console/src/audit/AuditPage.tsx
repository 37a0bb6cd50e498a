import { useState, type FormEvent } from 'react';
import type { AuditPage as Page } from '../api/types';
import { useSession } from '../session/SessionContext';
import { ErrorBanner, OfflineBanner, Time } from '../ui/components';
import { usePolling } from '../ui/usePolling';

/** Every mutating call, newest first, for admins; filters as the API has them. */
export function AuditPage() {
  const { api, identity } = useSession();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = new URLSearchParams({ ...filters, ...(cursor && { cursor }), limit: '100' }).toString();
  const audit = usePolling((signal) => api.get<Page>(`/api/v1/audit?${query}`, signal), [query], 5000, identity.admin);

  if (!identity.admin) {
    return (
      <section>
        <h1>Audit</h1>
        <p>The audit log is for admins.</p>
      </section>
    );
  }

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const key of ['action', 'workspace', 'outcome', 'subject']) {
      const value = data.get(key)?.toString().trim();
      if (value) next[key] = value;
    }
    setCursors([]);
    setFilters(next);
  }

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit</h1>
      <form className="filters inline-form wrap-form" onSubmit={apply}>
        <label>
          Action <input name="action" placeholder="runs.submit" defaultValue={filters.action} />
        </label>
        <label>
          Workspace <input name="workspace" defaultValue={filters.workspace} />
        </label>
        <label>
          Subject <input name="subject" placeholder="token:…" defaultValue={filters.subject} />
        </label>
        <label>
          Outcome{' '}
          <select name="outcome" defaultValue={filters.outcome ?? ''}>
            <option value="">any</option>
            <option value="succeeded">succeeded</option>
            <option value="refused">refused</option>
            <option value="failed">failed</option>
            <option value="interrupted">interrupted</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <OfflineBanner offline={audit.offline} />
      <ErrorBanner message={audit.error} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Subject</th>
              <th scope="col">Action</th>
              <th scope="col">Object</th>
              <th scope="col">Workspace</th>
              <th scope="col">Status</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.items ?? []).map((record) => (
              <tr key={record.id} className={`outcome-${record.outcome}`}>
                <td>
                  <Time at={record.at} />
                </td>
                <td className="mono small">{record.subject}</td>
                <td>{record.action}</td>
                <td className="mono small">
                  {record.objectType} {record.objectId ?? ''}
                </td>
                <td>{record.workspace ?? ''}</td>
                <td>
                  {record.status} {record.outcome}
                </td>
                <td className="mono small">{record.sourceAddress ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages of the audit log">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          ← Newer
        </button>
        <button type="button" disabled={!audit.data?.nextCursor} onClick={() => setCursors((stack) => [...stack, audit.data!.nextCursor!])}>
          Older →
        </button>
      </nav>
    </section>
  );
}
