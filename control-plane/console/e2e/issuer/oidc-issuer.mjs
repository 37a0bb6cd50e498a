// An OpenID Connect issuer for the console's end-to-end tests: node-oidc-provider (a certified
// OpenID Provider implementation) on loopback, with its development login pages, one public
// client for the console (authorization code with PKCE), JWT access tokens for the audience
// `sparkplane` that carry the account's groups, and CORS for the console's origin. Started by
// tests/.../ConsoleEndToEndIT: ISSUER_PORT, CONSOLE_URL.
import Provider from 'oidc-provider';

const port = Number(process.env.ISSUER_PORT);
const consoleUrl = process.env.CONSOLE_URL.replace(/\/$/, '');
const issuer = `http://127.0.0.1:${port}`;

// who may sign in, and the groups Sparkplane's sparkplane.auth.oidc.group-roles maps to roles
const groups = { ann: ['platform'], val: ['analysts'] };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'sparkplane-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [`${consoleUrl}/`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  clientBasedCORS: (ctx, origin) => origin === consoleUrl,
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: id }) }),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:sparkplane:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'api', audience: 'sparkplane', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  extraTokenClaims: (ctx, token) => (token.kind === 'AccessToken' ? { groups: groups[token.accountId] ?? [] } : undefined),
  // the development interactions ask for consent on every sign-in; the console's client is first-party
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope('urn:sparkplane:api', 'api');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(`issuer ${issuer} ready`));
