import { describe, expect, it } from 'vitest';
import { issuerName, isIssuerCallback } from './issuerSignIn';

describe('the issuer sign-in', () => {
  it.each([
    ['?code=abc&state=xyz', true],
    ['?error=access_denied&state=xyz', true],
    ['?code=abc', false],
    ['?state=xyz', false],
    ['', false],
  ])('%s is a return from the issuer: %s', (search, callback) => expect(isIssuerCallback(search)).toBe(callback));

  it('names the issuer by its host', () => {
    expect(issuerName({ issuer: 'https://login.example.com/realms/data', clientId: 'c', scopes: 'openid', bearer: 'access-token' })).toBe('login.example.com');
  });
});
