import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient } from './api/client';
import type { Identity } from './api/types';
import { AuditPage } from './audit/AuditPage';
import { RunPage } from './runs/RunPage';
import { RunsPage } from './runs/RunsPage';
import { SessionContext } from './session/SessionContext';
import { SignIn } from './session/SignIn';
import { canEdit, describeIdentity } from './session/permissions';
import { forgetToken, storedToken, storeToken } from './session/tokenStore';
import { SubmitPage } from './submit/SubmitPage';
import { TokensPage } from './tokens/TokensPage';
import { useRoute } from './ui/router';
import { WorkspacesPage } from './workspaces/WorkspacesPage';

export function App() {
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const route = useRoute();

  const signOut = useCallback((why?: string) => {
    forgetToken();
    setToken(null);
    setIdentity(null);
    setNotice(why);
  }, []);

  const api = useMemo(() => (token ? new ApiClient(token, () => signOut('The token stopped working (revoked or expired); sign in again.')) : null), [token, signOut]);

  // a token kept from earlier in this tab is checked again on reload
  useEffect(() => {
    if (!api || identity) return;
    api.get<Identity>('/api/v1/identity').then(setIdentity, () => undefined);
  }, [api, identity]);

  if (!api || !token) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(signedIn, who) => {
          storeToken(signedIn);
          setToken(signedIn);
          setIdentity(who);
          setNotice(undefined);
        }}
      />
    );
  }
  if (!identity) return <p className="muted loading">Signing in…</p>;

  const [section, id] = route.path;
  let page;
  if (section === 'runs' && id) page = <RunPage runId={id} />;
  else if (section === 'submit') page = <SubmitPage route={route} />;
  else if (section === 'workspaces') page = <WorkspacesPage />;
  else if (section === 'tokens') page = <TokensPage />;
  else if (section === 'audit') page = <AuditPage />;
  else page = <RunsPage route={route} />;

  const current = section ?? 'runs';
  const link = (to: string, label: string) => (
    <a href={`#/${to}`} aria-current={current === to ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <SessionContext.Provider value={{ api, identity, signOut: () => signOut() }}>
      <a className="skip" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href="#/runs">
          <img src="/favicon.svg" alt="" width={22} height={22} /> Sparkplane
        </a>
        <nav aria-label="Sections">
          {link('runs', 'Runs')}
          {canEdit(identity) && link('submit', 'Submit')}
          {link('workspaces', 'Workspaces')}
          {link('tokens', 'Tokens')}
          {identity.admin && link('audit', 'Audit')}
        </nav>
        <div className="who">
          <span className="muted small" title={identity.subject}>
            {describeIdentity(identity)}
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </SessionContext.Provider>
  );
}
