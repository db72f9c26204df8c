import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, createPkcePair, pkceChallenge } from '../../../src/main/webex';

describe('buildAuthorizeUrl', () => {
  it('builds {base}/authorize with every OAuth + PKCE parameter, spaces as %20', () => {
    const url = buildAuthorizeUrl({
      clientId: 'C123',
      redirectUri: 'http://127.0.0.1:53682/callback',
      scope: ['spark:rooms_read', 'spark:messages_write'],
      state: 's t&a=te',
      codeChallenge: 'abc-_',
      loginHint: 'op@example.com',
    });
    expect(url.startsWith('https://webexapis.com/v1/authorize?')).toBe(true);
    expect(url).toContain('scope=spark%3Arooms_read%20spark%3Amessages_write');
    const q = new URL(url).searchParams;
    expect(Object.fromEntries(q)).toEqual({
      client_id: 'C123',
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:53682/callback',
      scope: 'spark:rooms_read spark:messages_write',
      state: 's t&a=te',
      code_challenge: 'abc-_',
      code_challenge_method: 'S256',
      login_hint: 'op@example.com',
    });
  });

  it('uses the given base URL and omits PKCE/login_hint when not given', () => {
    const url = new URL(
      buildAuthorizeUrl({
        baseUrl: 'http://127.0.0.1:9/v1/',
        clientId: 'c',
        redirectUri: 'r',
        scope: 'spark:all',
        state: 's',
      }),
    );
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9/v1/authorize');
    expect(url.searchParams.has('code_challenge')).toBe(false);
    expect(url.searchParams.has('login_hint')).toBe(false);
  });
});

describe('PKCE', () => {
  it('makes a 43-char base64url verifier and its S256 challenge', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.method).toBe('S256');
    const expected = createHash('sha256').update(pair.verifier).digest('base64url');
    expect(pair.challenge).toBe(expected);
    // RFC 7636 appendix B
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
