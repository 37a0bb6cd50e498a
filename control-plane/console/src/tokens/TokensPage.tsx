import { useState, type FormEvent } from 'react';
import { describeError, fieldErrorsOf } from '../api/client';
import type { CreatedToken, Role, Token, Workspace } from '../api/types';
import { useSession } from '../session/SessionContext';
import { ConfirmDialog, CopyButton, ErrorBanner, OfflineBanner, Time } from '../ui/components';
import { usePolling } from '../ui/usePolling';

/** API tokens: an admin sees and makes them all; anyone sees and may revoke the token it signed in with. */
export function TokensPage() {
  const { api, identity, signOut } = useSession();
  const tokens = usePolling((signal) => api.get<{ items: Token[] }>('/api/v1/tokens', signal), [], 10000);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedToken | null>(null);

  async function revoke() {
    if (!revoking) return;
    setError(null);
    try {
      await api.send('DELETE', `/api/v1/tokens/${revoking.id}`);
      const self = revoking.id === identity.tokenId;
      setRevoking(null);
      if (self) signOut();
      else tokens.refresh();
    } catch (failure) {
      setError(describeError(failure));
      setRevoking(null);
    }
  }

  return (
    <section aria-labelledby="tokens-title">
      <header className="page-header">
        <h1 id="tokens-title">API tokens</h1>
      </header>
      <OfflineBanner offline={tokens.offline} />
      <ErrorBanner message={error ?? tokens.error} />
      {created && (
        <div className="banner success secret" role="status">
          <p>
            <strong>Token “{created.name}” created.</strong> Copy its secret now: it is never shown again.
          </p>
          <div className="with-picker">
            <input readOnly value={created.secret} aria-label="The new token's secret" className="mono" onFocus={(event) => event.target.select()} />
            <CopyButton text={created.secret} />
          </div>
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Role</th>
              <th scope="col">Workspaces</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(tokens.data?.items ?? []).map((token) => (
              <tr key={token.id}>
                <td>
                  {token.name}
                  {token.id === identity.tokenId && <span className="muted small"> (this session)</span>}
                  {token.description && <div className="muted small">{token.description}</div>}
                </td>
                <td className="mono">{token.prefix}…</td>
                <td>{token.role}</td>
                <td>{token.role === 'admin' ? 'all' : token.workspaces.join(', ')}</td>
                <td>
                  <Time at={token.createdAt} />
                </td>
                <td>
                  <Time at={token.lastUsedAt} />
                </td>
                <td>{token.expiresAt ? <Time at={token.expiresAt} /> : 'never'}</td>
                <td>
                  <button type="button" className="danger" onClick={() => setRevoking(token)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {identity.admin ? (
        <CreateToken
          onCreated={(token) => {
            setCreated(token);
            tokens.refresh();
          }}
        />
      ) : (
        <p className="muted">Only an admin creates tokens. You may revoke the one you signed in with.</p>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        confirmLabel="Revoke"
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
      >
        <p>
          Every client using <strong>{revoking?.name}</strong> ({revoking?.prefix}…) is refused from now on.
          {revoking?.id === identity.tokenId && ' It is the token of this session: you will be signed out.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}

const EXPIRIES: { label: string; seconds: number | null }[] = [
  { label: 'never', seconds: null },
  { label: '1 day', seconds: 86400 },
  { label: '30 days', seconds: 30 * 86400 },
  { label: '90 days', seconds: 90 * 86400 },
  { label: '1 year', seconds: 365 * 86400 },
];

function CreateToken({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { api } = useSession();
  const workspaces = usePolling((signal) => api.get<{ items: Workspace[] }>('/api/v1/workspaces', signal), [], 60000);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [chosen, setChosen] = useState<string[]>(['default']);
  const [expiry, setExpiry] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setError(null);
    const body: Record<string, unknown> = { name, role };
    if (role !== 'admin') body.workspaces = chosen;
    if (EXPIRIES[expiry].seconds) body.expiresInSeconds = EXPIRIES[expiry].seconds;
    try {
      const token = await api.send<CreatedToken>('POST', '/api/v1/tokens', body);
      setName('');
      onCreated(token);
    } catch (failure) {
      setErrors(fieldErrorsOf(failure));
      setError(describeError(failure));
    }
  }

  return (
    <form onSubmit={create} className="card" aria-labelledby="create-token">
      <h2 id="create-token">New token</h2>
      <ErrorBanner message={error} />
      <div className="field">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="ci-pipeline" aria-invalid={errors.name ? true : undefined} />
        {errors.name && <div className="field-error">{errors.name}</div>}
      </div>
      <div className="field">
        <label htmlFor="token-role">Role</label>
        <select id="token-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          <option value="viewer">viewer: reads runs</option>
          <option value="editor">editor: submits, cancels, uploads</option>
          <option value="admin">admin: everything</option>
        </select>
      </div>
      {role !== 'admin' && (
        <fieldset className="field">
          <legend>Workspaces</legend>
          <div className="chips">
            {(workspaces.data?.items ?? []).map((workspace) => (
              <label key={workspace.id} className="chip">
                <input
                  type="checkbox"
                  checked={chosen.includes(workspace.id)}
                  onChange={() => setChosen((current) => (current.includes(workspace.id) ? current.filter((item) => item !== workspace.id) : [...current, workspace.id]))}
                />
                {workspace.id}
              </label>
            ))}
          </div>
          {errors.workspaces && <div className="field-error">{errors.workspaces}</div>}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="token-expiry">Expires</label>
        <select id="token-expiry" value={expiry} onChange={(event) => setExpiry(Number(event.target.value))}>
          {EXPIRIES.map((option, index) => (
            <option key={option.label} value={index}>
              {option.label === 'never' ? 'never' : `in ${option.label}`}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary">
        Create token
      </button>
    </form>
  );
}
