import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, errorMessage, obj, str } from './helpers';

const UNAUTHORIZED = 'The request requires a valid access token set in the Authorization request header.';

describe('access tokens (docs/webex-api.md §1, §5)', () => {
  let sim: Simulator;
  const clock = new ManualClock();

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'empty', clock });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('401 with the real text for a missing, unknown or non-Bearer token', async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${sim.tokens.operator}` },
      { authorization: `${sim.tokens.operator}` },
    ];
    for (const headers of variants) {
      const res = await call(sim, 'GET', '/people/me', { token: null, headers });
      expect(res.status).toBe(401);
      expect(errorMessage(res)).toBe(UNAUTHORIZED);
    }
  });

  it('expires issued tokens on the clock, and on expireToken/revokeToken', async () => {
    const short = sim.control.issueToken('operator', { expiresInMs: 60_000 });
    expect((await call(sim, 'GET', '/people/me', { token: short })).status).toBe(200);
    await clock.advance(60_000);
    expect((await call(sim, 'GET', '/people/me', { token: short })).status).toBe(401);

    const a = sim.control.issueToken('bot');
    expect(obj((await call(sim, 'GET', '/people/me', { token: a })).body).type).toBe('bot');
    sim.control.expireToken(a);
    expect((await call(sim, 'GET', '/people/me', { token: a })).status).toBe(401);
    const b = sim.control.issueToken('operator');
    sim.control.revokeToken(b);
    expect((await call(sim, 'GET', '/people/me', { token: b })).status).toBe(401);
    expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
  });
});

describe('OAuth with PKCE (docs/webex-api.md §2.8, Appendix C)', () => {
  let sim: Simulator;
  const clock = new ManualClock();
  const redirectUri = 'http://127.0.0.1:53682/callback';
  let client: { clientId: string; clientSecret: string };
  const verifier = 'v'.repeat(20) + '-._~abcdefghijklmnopqrstuvwxyz0123456789';
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'demo', clock, rateLimits: false });
    client = sim.control.registerOAuthClient({ redirectUri, accessTokenTtlSec: 3600, refreshTokenTtlSec: 86_400 });
  });
  afterAll(async () => {
    await sim.close();
  });

  const authorize = async (params: Record<string, string>) => {
    const qs = new URLSearchParams(params).toString();
    const res = await request(`${sim.baseUrl}/authorize?${qs}`, { method: 'GET' });
    const text = await res.body.text();
    return { status: res.statusCode, location: res.headers.location as string | undefined, text };
  };
  const token = async (form: Record<string, string>) => {
    const res = await call(sim, 'POST', '/access_token', {
      token: null,
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return res;
  };
  const baseAuth = () => ({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'spark:all',
    state: 'xyz 1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const codeFrom = (location: string | undefined): string => {
    const u = new URL(str(location));
    expect(`${u.origin}${u.pathname}`).toBe(redirectUri);
    expect(u.searchParams.get('state')).toBe('xyz 1');
    return str(u.searchParams.get('code'));
  };

  it('auto-approves as login_hint, exchanges the code once (PKCE checked) and the token works', async () => {
    const auth = await authorize({ ...baseAuth(), login_hint: 'sam' });
    expect(auth.status).toBe(302);
    const code = codeFrom(auth.location);
    const wrongVerifier = await token({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
      redirect_uri: redirectUri,
      code_verifier: 'nope',
    });
    expect(wrongVerifier.status).toBe(400);
    expect(errorMessage(wrongVerifier)).toContain('invalid_grant');

    const auth2 = await authorize({ ...baseAuth(), login_hint: sim.people.sam?.email ?? '' });
    const code2 = codeFrom(auth2.location);
    const ok = await token({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code: code2,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
    const t = obj(ok.body);
    expect(Object.keys(t).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'refresh_token_expires_in',
      'token_type',
    ]);
    expect([t.expires_in, t.refresh_token_expires_in, t.token_type]).toEqual([3600, 86_400, 'Bearer']);
    expect(obj((await call(sim, 'GET', '/people/me', { token: str(t.access_token) })).body).displayName).toBe(
      'Sam Rivera',
    );
    const reuse = await token({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code: code2,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(reuse.status).toBe(400);
    await clock.advance(3600_000);
    expect((await call(sim, 'GET', '/people/me', { token: str(t.access_token) })).status).toBe(401);
  });

  it('refuses a redirect_uri that is not exactly the registered one, and unknown clients, without redirecting', async () => {
    for (const uri of [`${redirectUri}/`, 'http://127.0.0.1:53682/callback?x=1', 'http://localhost:53682/callback']) {
      const res = await authorize({ ...baseAuth(), redirect_uri: uri });
      expect(res.status).toBe(400);
      expect(res.location).toBeUndefined();
    }
    const unknown = await authorize({ ...baseAuth(), client_id: 'Cnope' });
    expect(unknown.status).toBe(400);
    expect(unknown.location).toBeUndefined();
  });

  it('rejects expired codes, wrong secrets and non-S256 challenges', async () => {
    const code = codeFrom((await authorize(baseAuth())).location);
    const badSecret = await token({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: 'wrong',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(badSecret.status).toBe(401);
    await clock.advance(5 * 60_000 + 1);
    const expired = await token({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(expired.status).toBe(400);
    const plain = await authorize({ ...baseAuth(), code_challenge_method: 'plain' });
    expect(plain.status).toBe(302);
    expect(new URL(str(plain.location)).searchParams.get('error')).toBe('invalid_request');
  });

  it('rotates refresh tokens; the old one is refused afterwards', async () => {
    const code = codeFrom((await authorize({ ...baseAuth(), login_hint: 'operator' })).location);
    const first = obj(
      (
        await token({
          grant_type: 'authorization_code',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        })
      ).body,
    );
    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: str(first.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    const second = obj(refreshed.body);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(obj((await call(sim, 'GET', '/people/me', { token: str(second.access_token) })).body).id).toBe(
      sim.people.operator?.id,
    );
    const old = await token({
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: str(first.refresh_token),
    });
    expect(old.status).toBe(400);
    expect(errorMessage(old)).toContain('invalid_grant');
    const again = await token({
      grant_type: 'refresh_token',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      refresh_token: str(second.refresh_token),
    });
    expect(again.status).toBe(200);
    expect(
      (await token({ grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret })).status,
    ).toBe(400);
  });
});
