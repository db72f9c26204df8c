import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/main/errors';
import { createSecretRegistry, isSensitiveKey, redact, redactText, REDACTED } from '../../../src/main/log';

const WEBEX_TOKEN =
  'ZDI3MGEyYzQtNmFlNS00NDNhLWFlNzAtZGVhMjE1YjIwMmEwNjQwMjA0ZjYtY2Jh_PF84_1eb65fdf-9643-417f-9974-ad72cae0e10f';

describe('secret registry', () => {
  it('replaces every occurrence of registered secrets, longest first', () => {
    const secrets = createSecretRegistry();
    secrets.add('abcd1234');
    secrets.add('abcd1234-refresh');
    expect(secrets.redact('a=abcd1234 b=abcd1234-refresh c=abcd1234')).toBe(
      `a=${REDACTED} b=${REDACTED} c=${REDACTED}`,
    );
  });

  it('also catches the JSON-escaped and URL-encoded forms', () => {
    const secrets = createSecretRegistry();
    const secret = 'pa"ss/wo rd\\x';
    secrets.add(secret);
    expect(secrets.redact(JSON.stringify({ v: secret }))).not.toContain('wo rd');
    expect(secrets.redact(`?s=${encodeURIComponent(secret)}`)).toBe(`?s=${REDACTED}`);
  });

  it('forgets removed secrets and ignores empty or very short ones', () => {
    const secrets = createSecretRegistry();
    secrets.add('');
    secrets.add('abc');
    secrets.add('token-1234');
    secrets.remove('token-1234');
    expect(secrets.redact('abc token-1234')).toBe('abc token-1234');
  });
});

describe('isSensitiveKey', () => {
  it.each([
    'token',
    'accessToken',
    'access_token',
    'refresh_token',
    'refreshToken',
    'secret',
    'clientSecret',
    'client_secret',
    'password',
    'Authorization',
    'authorization',
    'cookie',
    'Set-Cookie',
    'TOKEN',
    'botToken',
    'apiKey',
    'code_verifier',
  ])('%s is sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['tokenType', 'expiresIn', 'personId', 'message', 'status', 'refreshTokenExpiresAt', 'kind'])(
    '%s is not sensitive',
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});

describe('redactText', () => {
  it.each([
    ['Bearer credentials', 'sent Authorization: Bearer CANARYabc123', 'CANARYabc123'],
    ['lower-case bearer', 'header bearer CANARY.x-y_z~1', 'CANARY.x-y_z~1'],
    ['a raw Authorization header', 'Authorization: CANARY999', 'CANARY999'],
    ['Authorization as JSON text', '{"Authorization":"CANARY77"}', 'CANARY77'],
    ['Basic credentials', 'Basic Q0FOQVJZOnNlY3JldA==', 'Q0FOQVJZOnNlY3JldA=='],
    ['a Cookie header', 'Cookie: session=CANARYcookie; other=1', 'CANARYcookie'],
    ['a token in a query string', 'GET /cb?code=CANARYcode&state=s1', 'CANARYcode'],
    ['an access_token form field', 'grant_type=refresh_token&refresh_token=CANARYrt&client_id=c', 'CANARYrt'],
    ['a client_secret form field', 'client_id=x&client_secret=CANARYcs', 'CANARYcs'],
    ['a token inside an embedded JSON body', 'body={"access_token":"CANARYat","expires_in":3600}', 'CANARYat'],
    ['an escaped JSON body', '{\\"refresh_token\\":\\"CANARYesc\\"}', 'CANARYesc'],
    ['a Webex-shaped token', `token is ${WEBEX_TOKEN} ok`, WEBEX_TOKEN],
    ['a JWT', 'id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.c2lnbmF0dXJlMTIz end', 'eyJzdWIiOiJDQU5BUlkifQ'],
  ])('redacts %s', (_label, input, canary) => {
    const out = redactText(input);
    expect(out).not.toContain(canary);
    expect(out).toContain(REDACTED);
  });

  it('leaves ordinary text and Webex ids alone', () => {
    const text = 'room Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0 has 3 messages';
    expect(redactText(text)).toBe(text);
    expect(redactText('authorization failed for user')).toBe('authorization failed for user');
  });

  it('keeps a serialized JSON line valid JSON', () => {
    const line = JSON.stringify({
      msg: 'Authorization: Bearer abc.def',
      body: '{"token":"xyz","n":1}',
      q: 'https://h/cb?code=zzz&x=1',
      cookie: 'Cookie: a=b; c=d',
    });
    expect(() => JSON.parse(redactText(line)) as unknown).not.toThrow();
  });

  it('is idempotent', () => {
    const once = redactText('Authorization: Bearer abc and token=xyz');
    expect(redactText(once)).toBe(once);
  });
});

describe('redact (deep)', () => {
  it('replaces values of sensitive keys at any depth, keeping booleans and absent values', () => {
    const out = redact({
      user: 'ann',
      token: 'CANARY1',
      nested: { access_token: 'CANARY2', list: [{ clientSecret: 'CANARY3' }], hasToken: true, password: null },
      headers: { Authorization: 'Bearer CANARY4', accept: 'application/json' },
    });
    expect(out).toEqual({
      user: 'ann',
      token: REDACTED,
      nested: { access_token: REDACTED, list: [{ clientSecret: REDACTED }], hasToken: true, password: null },
      headers: { Authorization: REDACTED, accept: 'application/json' },
    });
  });

  it('redacts registered secrets in any string, including keys’ values that look harmless', () => {
    const secrets = createSecretRegistry();
    secrets.add('CANARY-registered-1234');
    expect(redact({ note: 'x CANARY-registered-1234 y', arr: ['CANARY-registered-1234'] }, secrets)).toEqual({
      note: `x ${REDACTED} y`,
      arr: [REDACTED],
    });
  });

  it('serializes errors (name, message, stack, kind, status, trackingId, cause) and redacts them', () => {
    const secrets = createSecretRegistry();
    secrets.add('CANARY-in-error');
    const cause = new Error('socket said Bearer CANARYcause');
    const failure = new AppFailure('server', 'upstream failed CANARY-in-error', {
      status: 502,
      trackingId: 'ROUTER_1',
      cause,
    });
    const out = redact({ error: failure }, secrets) as { error: Record<string, unknown> };
    expect(out.error).toMatchObject({ name: 'AppFailure', kind: 'server', status: 502, trackingId: 'ROUTER_1' });
    expect(out.error.message).toBe(`upstream failed ${REDACTED}`);
    expect(typeof out.error.stack).toBe('string');
    expect(JSON.stringify(out)).not.toContain('CANARY');
    expect((out.error.cause as Record<string, unknown>).message).toBe(`socket said Bearer ${REDACTED}`);
  });

  it('survives cycles, deep nesting, binary, Map, Set, Date, bigint, functions and Headers', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) {
      const next: Record<string, unknown> = {};
      deep.next = next;
      deep = next;
    }
    const out = redact({
      cyclic,
      root,
      bin: Buffer.from('CANARYbin'),
      map: new Map([['token', 'CANARYmap']]),
      set: new Set(['a']),
      date: new Date(0),
      big: 10n,
      fn: function named() {},
      headers: new Headers({ authorization: 'Bearer CANARYheader', accept: 'x' }),
    });
    const text = JSON.stringify(out);
    expect(text).toContain('[Circular]');
    expect(text).toContain('[Truncated]');
    expect(text).not.toContain('CANARY');
    expect(out).toMatchObject({
      bin: '[Binary 9 bytes]',
      map: { token: REDACTED },
      set: ['a'],
      date: '1970-01-01T00:00:00.000Z',
      big: '10',
      fn: '[Function named]',
      headers: { authorization: REDACTED, accept: 'x' },
    });
  });

  it('keeps shared (non-cyclic) references', () => {
    const shared = { a: 1 };
    expect(redact({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });

  it('cuts very long strings after redacting them', () => {
    const out = redact('x'.repeat(20_000)) as string;
    expect(out.length).toBeLessThan(17_000);
    expect(out).toContain('more chars');
  });
});
