import { useState } from 'react';
import { describeError } from '../api/client';
import type { WarmPool } from '../api/types';
import { useSession } from '../session/SessionContext';
import { ConfirmDialog, ErrorBanner, OfflineBanner, Time } from '../ui/components';
import { usePolling } from '../ui/usePolling';

/**
 * Warm pools: engine clusters of a workspace and profile started before their runs, with what each
 * holds now (polled, as clusters start and runs take them). An admin deletes those made through the
 * API; pools are made with the CLI, Terraform or the API (docs/warm-pools.md).
 */
export function WarmPoolsPage() {
  const { api, identity } = useSession();
  const pools = usePolling((signal) => api.get<{ items: WarmPool[] }>('/api/v1/warm-pools', signal), [], 5000);
  const [deleting, setDeleting] = useState<WarmPool | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    if (!deleting) return;
    setError(null);
    try {
      await api.send('DELETE', `/api/v1/warm-pools/${encodeURIComponent(deleting.name)}`);
      pools.refresh();
    } catch (failure) {
      setError(describeError(failure));
    }
    setDeleting(null);
  }

  const items = pools.data?.items ?? [];
  return (
    <section aria-labelledby="pools-title">
      <header className="page-header">
        <h1 id="pools-title">Warm pools</h1>
      </header>
      <OfflineBanner offline={pools.offline} />
      <ErrorBanner message={error ?? pools.error} />
      {pools.data && items.length === 0 && (
        <p className="muted">
          No warm pool. Make one with <code>sparkplane warm-pools create NAME -w WORKSPACE --backend PROFILE</code>, Terraform&apos;s{' '}
          <code>sparkplane_warm_pool</code> or <code>POST /api/v1/warm-pools</code>.
        </p>
      )}
      {items.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Workspace</th>
                <th scope="col">Profile</th>
                <th scope="col">Ready</th>
                <th scope="col">Starting</th>
                <th scope="col">Size</th>
                <th scope="col">Hits</th>
                <th scope="col">Misses</th>
                <th scope="col">Shapes</th>
                <th scope="col">Idle TTL</th>
                <th scope="col">Last demand</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((pool) => (
                <tr key={pool.name}>
                  <td>
                    {pool.name}
                    {pool.source === 'configuration' && <div className="muted small">from the configuration</div>}
                  </td>
                  <td>{pool.workspace}</td>
                  <td>{pool.profile}</td>
                  <td>{pool.status.ready}</td>
                  <td>{pool.status.starting}</td>
                  <td>
                    {pool.size}
                    {pool.status.idle && <div className="muted small">idle: stopped until a run comes</div>}
                  </td>
                  <td>{pool.status.hits}</td>
                  <td>{pool.status.misses}</td>
                  <td className="small">
                    driver {pool.resources.driver.cores} × {pool.resources.driver.memory}, {pool.workers} × executor {pool.resources.executor.cores} ×{' '}
                    {pool.resources.executor.memory}
                  </td>
                  <td className="mono">{pool.idleTtl}</td>
                  <td>{pool.status.lastDemandAt ? <Time at={pool.status.lastDemandAt} /> : 'none yet'}</td>
                  <td>
                    {identity.admin && pool.source === 'api' && (
                      <button type="button" className="danger" onClick={() => setDeleting(pool)}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={deleting !== null} title="Delete this warm pool?" confirmLabel="Delete" onConfirm={remove} onCancel={() => setDeleting(null)}>
        <p>
          Its idle warm clusters are stopped within seconds; a run that took one keeps it. Runs of <strong>{deleting?.workspace}</strong> then
          start cold.
        </p>
      </ConfirmDialog>
    </section>
  );
}
