import { useState, type FormEvent } from 'react';
import { describeError, fieldErrorsOf } from '../api/client';
import type { Quotas, Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { ErrorBanner, OfflineBanner, Time } from '../ui/components';
import { usePolling } from '../ui/usePolling';

const QUOTAS: { key: keyof Quotas; label: string; usage: (workspace: Workspace) => number }[] = [
  { key: 'maxActiveRuns', label: 'Active runs', usage: (workspace) => workspace.usage.activeRuns },
  { key: 'maxQueuedRuns', label: 'Queued runs', usage: (workspace) => workspace.usage.queuedRuns },
  { key: 'maxExecutors', label: 'Executors', usage: (workspace) => workspace.usage.executors },
];

/** Workspaces with what they use against their quotas; admins create them and change quotas. */
export function WorkspacesPage() {
  const { api, identity } = useSession();
  const workspaces = usePolling((signal) => api.get<{ items: Workspace[] }>('/api/v1/workspaces', signal), [], 5000);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="workspaces-title">
      <header className="page-header">
        <h1 id="workspaces-title">Workspaces</h1>
      </header>
      <OfflineBanner offline={workspaces.offline} />
      <ErrorBanner message={workspaces.error} />
      <div className="cards">
        {(workspaces.data?.items ?? []).map((workspace) => (
          <article key={workspace.id} className="card" aria-labelledby={`ws-${workspace.id}`}>
            <h2 id={`ws-${workspace.id}`}>
              {workspace.displayName ?? workspace.id} {workspace.displayName && <span className="muted mono small">{workspace.id}</span>}
            </h2>
            <dl className="facts">
              <dt>Staging</dt>
              <dd className="mono wrap">{workspace.stagingLocation}</dd>
              <dt>Default engine</dt>
              <dd>{workspace.defaultBackend ?? "the control plane's"}</dd>
              <dt>Created</dt>
              <dd>
                <Time at={workspace.createdAt} />
              </dd>
            </dl>
            <table className="quotas">
              <thead>
                <tr>
                  <th scope="col">Use</th>
                  <th scope="col">Now</th>
                  <th scope="col">Quota</th>
                </tr>
              </thead>
              <tbody>
                {QUOTAS.map((quota) => {
                  const limit = workspace.quotas[quota.key];
                  const used = quota.usage(workspace);
                  return (
                    <tr key={quota.key}>
                      <th scope="row">{quota.label}</th>
                      <td>
                        {used}
                        {limit !== null && limit > 0 && <meter min={0} max={limit} value={Math.min(used, limit)} aria-label={`${quota.label} ${used} of ${limit}`} />}
                      </td>
                      <td>{limit ?? 'no limit'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {identity.admin &&
              (editing === workspace.id ? (
                <QuotaForm
                  workspace={workspace}
                  onDone={() => {
                    setEditing(null);
                    workspaces.refresh();
                  }}
                />
              ) : (
                <button type="button" onClick={() => setEditing(workspace.id)}>
                  Change quotas
                </button>
              ))}
          </article>
        ))}
      </div>
      {identity.admin && <CreateWorkspace onCreated={workspaces.refresh} />}
      {!identity.admin && <p className="muted">Only an admin creates workspaces and changes their quotas.</p>}
      <p>
        <a href="#/runs">Runs by workspace</a> filter with the workspace menu.
      </p>
    </section>
  );
}

function QuotaForm({ workspace, onDone }: { workspace: Workspace; onDone: () => void }) {
  const { api } = useSession();
  const [values, setValues] = useState<Record<keyof Quotas, string>>({
    maxActiveRuns: workspace.quotas.maxActiveRuns?.toString() ?? '',
    maxQueuedRuns: workspace.quotas.maxQueuedRuns?.toString() ?? '',
    maxExecutors: workspace.quotas.maxExecutors?.toString() ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    const quotas: Record<string, number | null> = {};
    for (const [key, value] of Object.entries(values)) quotas[key] = value.trim() === '' ? null : Number(value);
    try {
      await api.send('PATCH', `/api/v1/workspaces/${workspace.id}`, { quotas });
      onDone();
    } catch (failure) {
      const fields = Object.entries(fieldErrorsOf(failure));
      setError(fields.length ? fields.map(([field, message]) => `${field}: ${message}`).join('; ') : describeError(failure));
    }
  }
  return (
    <form onSubmit={save} className="inline-form wrap-form" aria-label={`Quotas of ${workspace.id}`}>
      {QUOTAS.map((quota) => (
        <label key={quota.key}>
          {quota.label}
          <input
            type="number"
            min={0}
            value={values[quota.key]}
            placeholder="no limit"
            onChange={(event) => setValues((current) => ({ ...current, [quota.key]: event.target.value }))}
          />
        </label>
      ))}
      <button type="submit" className="primary">
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function CreateWorkspace({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const [id, setId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  async function create(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setError(null);
    try {
      await api.send('POST', '/api/v1/workspaces', { id, ...(displayName.trim() && { displayName: displayName.trim() }) });
      setId('');
      setDisplayName('');
      onCreated();
    } catch (failure) {
      setErrors(fieldErrorsOf(failure));
      setError(describeError(failure));
    }
  }
  return (
    <form onSubmit={create} className="card" aria-labelledby="create-workspace">
      <h2 id="create-workspace">New workspace</h2>
      <ErrorBanner message={error} />
      <div className="field">
        <label htmlFor="workspace-id">Id</label>
        <input id="workspace-id" value={id} onChange={(event) => setId(event.target.value)} placeholder="analytics" aria-invalid={errors.id ? true : undefined} />
        {errors.id && <div className="field-error">{errors.id}</div>}
        <div className="help">Lower-case letters, digits and dashes; fixed once created.</div>
      </div>
      <div className="field">
        <label htmlFor="workspace-name">Display name</label>
        <input id="workspace-name" value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
        {errors.displayName && <div className="field-error">{errors.displayName}</div>}
      </div>
      <button type="submit" className="primary">
        Create
      </button>
    </form>
  );
}
