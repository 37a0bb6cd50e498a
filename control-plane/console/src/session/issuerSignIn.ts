import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

// Sign-in through the OpenID Connect issuer's own login, when the control plane offers it
// (GET /api/v1/sign-in): the authorization code flow with PKCE as a public client, by oidc-client-ts.
// The issuer sends the browser back to the console's URL with ?code=&state=; the token it then gives
// is kept like an API token, for this tab only.

export interface IssuerOptions {
  issuer: string;
  clientId: string;
  scopes: string;
  bearer: 'access-token' | 'id-token';
}

export interface SignInOptions {
  oidc: IssuerOptions | null;
}

export async function loadSignInOptions(): Promise<SignInOptions> {
  const response = await fetch('/api/v1/sign-in', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) return { oidc: null };
  return (await response.json()) as SignInOptions;
}

function manager(options: IssuerOptions): UserManager {
  const store = new WebStorageStateStore({ store: window.sessionStorage });
  return new UserManager({
    authority: options.issuer,
    client_id: options.clientId,
    redirect_uri: `${window.location.origin}/`,
    scope: options.scopes,
    response_type: 'code',
    userStore: store,
    stateStore: store,
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

/** Leaves for the issuer's login page; `returnTo` is the console's route to come back to. */
export async function startIssuerSignIn(options: IssuerOptions, returnTo: string): Promise<void> {
  await manager(options).signinRedirect({ state: returnTo });
}

/** Whether this page load is the issuer sending the browser back (with a code, or an error). */
export function isIssuerCallback(search: string): boolean {
  const query = new URLSearchParams(search);
  return query.has('state') && (query.has('code') || query.has('error'));
}

/** Exchanges the code for the issuer's tokens and gives the one the control plane takes as a bearer. */
export async function finishIssuerSignIn(options: IssuerOptions): Promise<{ token: string; returnTo: string }> {
  const user = await manager(options).signinRedirectCallback();
  const token = options.bearer === 'id-token' ? user.id_token : user.access_token;
  if (!token) throw new Error(`the issuer gave no ${options.bearer === 'id-token' ? 'ID token' : 'access token'}`);
  const returnTo = typeof user.state === 'string' && user.state.startsWith('#/') ? user.state : '#/runs';
  return { token, returnTo };
}

/** Forgets the issuer's tokens kept for this tab (the issuer's own session is its business). */
export async function forgetIssuerSignIn(options: IssuerOptions): Promise<void> {
  await manager(options).removeUser();
}

export function issuerName(options: IssuerOptions): string {
  try {
    return new URL(options.issuer).host;
  } catch {
    return options.issuer;
  }
}
