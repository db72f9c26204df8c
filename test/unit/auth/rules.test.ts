import { describe, expect, it } from 'vitest';
import {
  cleanToken,
  clientSecretAccount,
  DEFAULT_REDIRECT_URI,
  envToken,
  identityIdFor,
  parseRedirectUri,
  resolveApiBaseUrl,
  tokenAccount,
} from '../../../src/main/auth';
import { AppFailure } from '../../../src/main/errors';
import { identityDir } from '../../../src/main/store';
import type { ConfirmRequest } from '../../../src/main/platform';

async function failureOf(p: Promise<unknown> | (() => unknown)): Promise<AppFailure> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure);
    return e as AppFailure;
  }
  throw new Error('expected a failure');
}

describe('API base URL rule', () => {
  const asked: ConfirmRequest[] = [];
  const yes = async (r: ConfirmRequest) => (asked.push(r), true);
  const no = async (r: ConfirmRequest) => (asked.push(r), false);
  const untrusted = () => false;

  it('defaults to https://webexapis.com/v1 and never asks about the default host', async () => {
    asked.length = 0;
    expect(await resolveApiBaseUrl(undefined, no, untrusted)).toBe('https://webexapis.com/v1');
    expect(await resolveApiBaseUrl('  ', no, untrusted)).toBe('https://webexapis.com/v1');
    expect(await resolveApiBaseUrl('https://webexapis.com/v1/', no, untrusted)).toBe('https://webexapis.com/v1');
    expect(asked).toEqual([]);
  });

  it('https anywhere and http on loopback only (configInvalid otherwise)', async () => {
    expect(await resolveApiBaseUrl('https://api.example.test/v1', yes, untrusted)).toBe('https://api.example.test/v1');
    expect(await resolveApiBaseUrl('http://127.0.0.1:7777/v1', yes, untrusted)).toBe('http://127.0.0.1:7777/v1');
    expect((await failureOf(resolveApiBaseUrl('http://api.example.test/v1', yes, untrusted))).kind).toBe(
      'configInvalid',
    );
    expect((await failureOf(resolveApiBaseUrl('ftp://webexapis.com/v1', yes, untrusted))).kind).toBe('configInvalid');
    expect((await failureOf(resolveApiBaseUrl('https://u:p@webexapis.com/v1', yes, untrusted))).kind).toBe(
      'configInvalid',
    );
  });

  it('a non-default host is confirmed in a dialog opened by main; declined → cancelled', async () => {
    asked.length = 0;
    const e = await failureOf(resolveApiBaseUrl('https://api.example.test/v1', no, untrusted));
    expect(e.kind).toBe('cancelled');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain('https://api.example.test');
    expect(asked[0]?.detail).toMatch(/token will be sent/);
  });

  it('an origin already trusted (a saved identity uses it) is not asked again', async () => {
    asked.length = 0;
    expect(await resolveApiBaseUrl('https://api.example.test/v1', no, (o) => o === 'https://api.example.test')).toBe(
      'https://api.example.test/v1',
    );
    expect(asked).toEqual([]);
  });
});

describe('redirect URI', () => {
  it('the default is a fixed loopback URI with an explicit port', () => {
    expect(DEFAULT_REDIRECT_URI).toBe('http://127.0.0.1:53682/oauth/callback');
    expect(parseRedirectUri(DEFAULT_REDIRECT_URI)).toEqual({
      uri: DEFAULT_REDIRECT_URI,
      host: '127.0.0.1',
      port: 53682,
      path: '/oauth/callback',
    });
  });

  it('keeps the exact string (sent as registered) and binds 127.0.0.1 for localhost too', () => {
    expect(parseRedirectUri(' http://localhost:50000/cb ')).toMatchObject({
      uri: 'http://localhost:50000/cb',
      host: '127.0.0.1',
      port: 50000,
    });
  });

  it.each([
    ['https://127.0.0.1:53682/cb', /http:\/\/127\.0\.0\.1/],
    ['http://example.com:53682/cb', /127\.0\.0\.1/],
    ['http://127.0.0.1/cb', /port/],
    ['http://127.0.0.1:1000/cb', /between 1024/],
    ['http://127.0.0.1:53682/cb?x=1', /query/],
    ['not a url', /valid URL/],
  ])('refuses %s (configInvalid)', async (uri, words) => {
    const e = await failureOf(() => parseRedirectUri(uri));
    expect(e.kind).toBe('configInvalid');
    expect(e.message).toMatch(words);
    expect(e.issues?.[0]?.path).toBe('redirectUri');
  });
});

describe('tokens and accounts', () => {
  it('a pasted token is trimmed and loses a leading "Bearer "', () => {
    expect(cleanToken('  Bearer abcDEF_123-x  ')).toBe('abcDEF_123-x');
    expect(cleanToken('abc')).toBe('abc');
  });

  it('a token with inner whitespace is refused without echoing it', async () => {
    const e = await failureOf(() => cleanToken('abcd efgh-secret'));
    expect(e.kind).toBe('invalidInput');
    expect(e.message).not.toContain('efgh-secret');
  });

  it('the environment token comes from WEBEX_ACCESS_TOKEN, else WEBEX_TEAMS_ACCESS_TOKEN', () => {
    expect(envToken({})).toBeUndefined();
    expect(envToken({ WEBEX_ACCESS_TOKEN: '  ' })).toBeUndefined();
    expect(envToken({ WEBEX_TEAMS_ACCESS_TOKEN: 'old-1' })).toBe('old-1');
    expect(envToken({ WEBEX_ACCESS_TOKEN: 'new-1', WEBEX_TEAMS_ACCESS_TOKEN: 'old-1' })).toBe('new-1');
  });

  it('keychain accounts name the API origin and the identity, so secrets are bound to their origin', () => {
    expect(tokenAccount('https://webexapis.com', 'P1', 'access')).toBe('https://webexapis.com|P1|access');
    expect(tokenAccount('https://webexapis.com', 'P1', 'refresh')).toBe('https://webexapis.com|P1|refresh');
    expect(clientSecretAccount('https://webexapis.com', 'C1')).toBe('https://webexapis.com|oauth-client|C1');
  });

  it('the identity id is the store folder name: sha256(apiOrigin + personId)', () => {
    expect(`identities/${identityIdFor('https://webexapis.com/v1', 'P1')}`).toBe(
      identityDir('https://webexapis.com', 'P1'),
    );
    expect(identityIdFor('http://127.0.0.1:1/v1', 'P1')).not.toBe(identityIdFor('https://webexapis.com', 'P1'));
  });
});
