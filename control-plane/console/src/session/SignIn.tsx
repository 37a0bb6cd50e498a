import { useState, type FormEvent } from 'react';
import { ApiClient, ApiError, describeError } from '../api/client';
import type { Identity } from '../api/types';
import { issuerName, startIssuerSignIn, type IssuerOptions } from './issuerSignIn';

/**
 * Sign-in with an API token: checked against GET /api/v1/identity before it is kept (for this tab
 * only). A first start's admin token is in the control plane's home, which the demo prints.
 */
export function SignIn({ onSignedIn, notice, issuer }: { onSignedIn: (token: string, identity: Identity) => void; notice?: string; issuer?: IssuerOptions | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Paste an API token.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const identity = await new ApiClient(candidate).get<Identity>('/api/v1/identity');
      onSignedIn(candidate, identity);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? 'This token is not valid: it is unknown, revoked or expired.' : describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Sparkplane</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {issuer && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => startIssuerSignIn(issuer, window.location.hash.startsWith('#/') ? window.location.hash : '#/runs').catch((failure) => setError(describeError(failure)))}
            >
              Sign in with {issuerName(issuer)}
            </button>
            <p className="or">or with an API token</p>
          </>
        )}
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="spk_…"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'token-error token-help' : 'token-help'}
          autoFocus
        />
        {error && (
          <p id="token-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <p id="token-help" className="help">
          The token is kept for this tab only. On a first start the control plane writes an admin token to{' '}
          <code>~/.sparkplane/admin-token</code> (or <code>$SPARKPLANE_HOME/admin-token</code>); <code>./sparkplane demo</code> prints where. Make
          narrower ones under Tokens.
        </p>
        <button type="submit" className={issuer ? undefined : 'primary'} disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
