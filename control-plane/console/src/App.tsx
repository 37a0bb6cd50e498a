import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient, describeError } from './api/client';
import type { Identity } from './api/types';
import { AuditPage } from './audit/AuditPage';
import { JobFormPage } from './jobs/JobFormPage';
import { JobPage } from './jobs/JobPage';
import { JobsPage } from './jobs/JobsPage';
import { RunPage } from './runs/RunPage';
import { RunsPage } from './runs/RunsPage';
import { ScheduleFormPage } from './schedules/ScheduleFormPage';
import { SchedulePage } from './schedules/SchedulePage';
import { SchedulesPage } from './schedules/SchedulesPage';
import { SessionContext } from './session/SessionContext';
import { SignIn } from './session/SignIn';
import { finishIssuerSignIn, forgetIssuerSignIn, isIssuerCallback, loadSignInOptions, type SignInOptions } from './session/issuerSignIn';
import { canEdit, describeIdentity } from './session/permissions';
import { forgetToken, storedToken, storeToken } from './session/tokenStore';
import { SubmitPage } from './submit/SubmitPage';
import { WarmPoolsPage } from './pools/WarmPoolsPage';
import { TokensPage } from './tokens/TokensPage';
import { PageBoundary } from './ui/PageBoundary';
import { useRoute } from './ui/router';
import { WorkspacesPage } from './workspaces/WorkspacesPage';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const TITLES: Record<string, string> = { runs: 'Runs', jobs: 'Jobs', schedules: 'Schedules', submit: 'Submit a run', workspaces: 'Workspaces', pools: 'Warm pools', tokens: 'API tokens', audit: 'Audit' };

function NotFound({ what }: { what: string }) {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no {what}. <a href="#/runs">Back to the runs</a>
      </p>
    </section>
  );
}

export function App() {
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [returning, setReturning] = useState(() => isIssuerCallback(window.location.search));
  const route = useRoute();

  useEffect(() => {
    loadSignInOptions().then(setOptions, () => setOptions({ oidc: null }));
  }, []);

  const signOut = useCallback(
    (why?: string) => {
      forgetToken();
      if (options?.oidc) forgetIssuerSignIn(options.oidc).catch(() => undefined);
      setToken(null);
      setIdentity(null);
      setNotice(why);
    },
    [options],
  );

  const api = useMemo(() => (token ? new ApiClient(token, () => signOut('The sign-in stopped working (expired or revoked); sign in again.')) : null), [token, signOut]);

  // back from the issuer's login: exchange the code, check the token, keep it for the tab
  useEffect(() => {
    if (!returning || !options) return;
    const back = (route: string) => window.history.replaceState(null, '', `/${route}`);
    if (!options.oidc) {
      back('#/runs');
      setReturning(false);
      return;
    }
    finishIssuerSignIn(options.oidc)
      .then(async ({ token: signedIn, returnTo }) => {
        const who = await new ApiClient(signedIn).get<Identity>('/api/v1/identity');
        storeToken(signedIn);
        back(returnTo);
        setToken(signedIn);
        setIdentity(who);
        setNotice(undefined);
      })
      .catch((failure) => {
        back('#/runs');
        setNotice(`The sign-in through the issuer failed: ${describeError(failure)}`);
      })
      .finally(() => setReturning(false));
  }, [returning, options]);

  // a token kept from earlier in this tab is checked again on reload (a 401 signs out; else retried)
  const [identityError, setIdentityError] = useState<string | null>(null);
  useEffect(() => {
    if (!api || identity) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () =>
      api.get<Identity>('/api/v1/identity').then(
        (who) => !stopped && setIdentity(who),
        (failure) => {
          if (stopped) return;
          setIdentityError(describeError(failure));
          timer = setTimeout(check, 3000);
        },
      );
    check();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, identity]);

  // a new page: its title, and the keyboard's focus on its content
  const [section, id, action] = route.path;
  useEffect(() => {
    document.title = `${TITLES[section ?? 'runs'] ?? 'Sparkplane'}${id && ID.test(id) ? ` ${id.slice(0, 8)}` : ''} · Sparkplane`;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [section, id]);

  if (returning) return <p className="muted loading">Signing in…</p>;
  if (!api || !token) {
    return (
      <SignIn
        notice={notice}
        issuer={options?.oidc}
        onSignedIn={(signedIn, who) => {
          storeToken(signedIn);
          setToken(signedIn);
          setIdentity(who);
          setNotice(undefined);
        }}
      />
    );
  }
  if (!identity) {
    return (
      <div className="loading">
        <p className="muted">Signing in…</p>
        {identityError && (
          <>
            <p role="alert">The control plane did not answer ({identityError}); trying again.</p>
            <button type="button" onClick={() => signOut()}>
              Sign out
            </button>
          </>
        )}
      </div>
    );
  }

  let page;
  if (section === 'runs' && id) page = ID.test(id) ? <RunPage key={id} runId={id} /> : <NotFound what={`run ${id}`} />;
  else if (section === 'jobs' && id === 'new') page = <JobFormPage />;
  else if (section === 'jobs' && id && action === 'edit') page = ID.test(id) ? <JobFormPage key={id} jobId={id} /> : <NotFound what={`job ${id}`} />;
  else if (section === 'jobs' && id) page = ID.test(id) && !action ? <JobPage key={id} jobId={id} route={route} /> : <NotFound what={`job ${id}`} />;
  else if (section === 'jobs') page = <JobsPage />;
  else if (section === 'schedules' && id === 'new') page = <ScheduleFormPage route={route} />;
  else if (section === 'schedules' && id && action === 'edit') page = ID.test(id) ? <ScheduleFormPage key={id} scheduleId={id} route={route} /> : <NotFound what={`schedule ${id}`} />;
  else if (section === 'schedules' && id) page = ID.test(id) && !action ? <SchedulePage key={id} scheduleId={id} /> : <NotFound what={`schedule ${id}`} />;
  else if (section === 'schedules') page = <SchedulesPage />;
  else if (section === 'submit') page = <SubmitPage route={route} />;
  else if (section === 'workspaces') page = <WorkspacesPage />;
  else if (section === 'pools') page = <WarmPoolsPage />;
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
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href="#/runs">
          <img src="/favicon.svg" alt="" width={22} height={22} /> Sparkplane
        </a>
        <nav aria-label="Sections">
          {link('runs', 'Runs')}
          {link('jobs', 'Jobs')}
          {link('schedules', 'Schedules')}
          {canEdit(identity) && link('submit', 'Submit')}
          {link('workspaces', 'Workspaces')}
          {link('pools', 'Warm pools')}
          {link('tokens', 'Tokens')}
          {identity.admin && link('audit', 'Audit')}
        </nav>
        <div className="who">
          <span className="muted small" title={identity.subject}>
            {identity.tokenId ? '' : `${identity.subject.replace(/^oidc:/, '')}: `}
            {describeIdentity(identity)}
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PageBoundary key={route.path.join('/')}>{page}</PageBoundary>
      </main>
    </SessionContext.Provider>
  );
}
