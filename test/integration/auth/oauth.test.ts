/**
 * OAuth with PKCE against the simulator over real loopback HTTP: the authorize URL the app opens is followed by
 * the test (as the browser would, without following the redirect automatically), the sim's redirect is delivered
 * to the app's loopback callback, the code is exchanged; then refresh, rotation and revocation on a ManualClock.
 */
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractResult, CoreEvent, IdentityView } from '../../../src/shared/contract/channels';
import { OAUTH_SCOPES, type ActiveSession } from '../../../src/main/auth';
import { identitiesDocSpec } from '../../../src/main/auth/identities';
import { LEGACY_OAUTH_SCOPES } from '../../../src/main/auth/oauth/redirect';
import {
  createSessionHarness,
  expectNoSecrets,
  type FakeSecretStore,
  until,
  type HarnessOptions,
  type SessionHarness,
} from '../../unit/auth/harness';

const MIN = 60_000;
let h: SessionHarness | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

interface Setup {
  h: SessionHarness;
  store: FakeSecretStore;
  redirectUri: string;
  port: number;
  clientId: string;
  clientSecret: string;
}

async function setup(
  options: {
    accessTokenTtlSec?: number;
    refreshTokenTtlSec?: number;
    appRedirectUri?: (uri: string) => string;
  } & HarnessOptions = {},
): Promise<Setup> {
  const harness = await createSessionHarness(options);
  h = harness;
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
  const registered = harness.sim.control.registerOAuthClient({
    redirectUri,
    ...(options.accessTokenTtlSec !== undefined ? { accessTokenTtlSec: options.accessTokenTtlSec } : {}),
    ...(options.refreshTokenTtlSec !== undefined ? { refreshTokenTtlSec: options.refreshTokenTtlSec } : {}),
  });
  const view = await harness.ok('session.setOAuthClient', {
    clientId: registered.clientId,
    clientSecret: registered.clientSecret,
    redirectUri: options.appRedirectUri ? options.appRedirectUri(redirectUri) : redirectUri,
    apiBaseUrl: harness.sim.baseUrl,
  });
  expect(view).toEqual({
    clientId: registered.clientId,
    redirectUri: options.appRedirectUri ? options.appRedirectUri(redirectUri) : redirectUri,
    defaultRedirectUri: 'http://127.0.0.1:53682/oauth/callback',
    apiBaseUrl: harness.sim.baseUrl,
    hasSecret: true,
  });
  return { h: harness, store: harness.secretStore as FakeSecretStore, redirectUri, port, ...registered };
}

async function opDone(x: SessionHarness, opId: string): Promise<ContractResult<IdentityView>> {
  let done: Extract<CoreEvent, { type: 'op.done' }> | undefined;
  await until(() => {
    done = x
      .events()
      .find((e): e is Extract<CoreEvent, { type: 'op.done' }> => e.type === 'op.done' && e.opId === opId);
    return done !== undefined;
  }, `op ${opId} to finish`);
  if (!done) throw new Error('unreachable');
  return done.result;
}

/** What the browser does: GET the authorize URL (no automatic redirect), then GET the Location it answers with. */
async function browse(
  authorizeUrl: string,
): Promise<{ location: string; status: number; body: string; headers: Record<string, unknown> }> {
  const first = await request(authorizeUrl, { method: 'GET' });
  await first.body.dump();
  expect(first.statusCode).toBe(302);
  const location = String(first.headers.location);
  const second = await request(location, { method: 'GET' });
  return { location, status: second.statusCode, body: await second.body.text(), headers: second.headers };
}

async function signIn(s: Setup, loginHint?: string): Promise<{ view: IdentityView; authorizeUrl: URL }> {
  const before = s.h.opened.length;
  const { opId } = await s.h.ok('session.startOAuth', loginHint ? { loginHint } : {});
  await until(() => s.h.opened.length > before, 'the browser to be opened');
  const authorizeUrl = new URL(s.h.opened.at(-1) as string);
  const page = await browse(authorizeUrl.href);
  expect(page.status).toBe(200);
  expect(page.body).toContain('You can close this window');
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  const result = await opDone(s.h, opId);
  if (!result.ok) throw new Error(`oauth failed: ${JSON.stringify(result.error)}`);
  return { view: result.value, authorizeUrl };
}

const accessTokenRequests = (x: SessionHarness): number =>
  x.sim.control.requests().filter((r) => r.route === 'POST /access_token').length;

/** Spends a refresh token at the simulator's token endpoint directly, as another holder of it would. */
function refreshDirectly(
  s: { h: { sim: { baseUrl: string } }; clientId: string; clientSecret: string },
  token: string,
) {
  return request(`${s.h.sim.baseUrl}/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: s.clientId,
      client_secret: s.clientSecret,
      refresh_token: token,
    }).toString(),
  });
}

describe('OAuth round trip', () => {
  it('authorize with state + S256 challenge + exact redirect URI, callback on loopback, code exchange, identity saved', async () => {
    const s = await setup();
    const progress: string[] = [];
    const { view, authorizeUrl } = await signIn(s);
    for (const e of s.h.events()) if (e.type === 'op.progress') progress.push(e.message);
    expect(progress).toEqual(['Waiting for the browser…', 'Exchanging the code…']);

    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${s.h.sim.baseUrl}/authorize`);
    const q = authorizeUrl.searchParams;
    expect(q.get('client_id')).toBe(s.clientId);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(s.redirectUri);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(q.get('scope')).toContain('spark:messages_write');

    expect(view).toMatchObject({
      method: 'oauth',
      kind: 'person',
      displayName: 'Dana Ops',
      signedIn: true,
      persisted: true,
    });
    expect(view.tokenExpiryEstimated).toBe(false);
    expect(Date.parse(view.tokenExpiresAt as string)).toBe(s.h.clock.now() + 1_209_600_000);
    const origin = s.h.sim.origin;
    expect(s.store.accounts().sort()).toEqual(
      [
        `${origin}|oauth-client|${s.clientId}`,
        `${origin}|${view.personId}|access`,
        `${origin}|${view.personId}|refresh`,
      ].sort(),
    );
    // Refresh token stored before the access token.
    const sets = s.store.calls
      .filter((c) => c.op === 'set' && c.account.includes(view.personId))
      .map((c) => c.account.split('|')[2]);
    expect(sets).toEqual(['refresh', 'access']);
    expect((await s.h.state()).status).toBe('signedIn');
    expect((await s.h.service.current()?.client.people.me())?.id).toBe(s.h.sim.people.operator?.id);
    // The scopes asked for (spaces and teams included) are granted and saved with the session's identity.
    expect(q.get('scope')?.split(' ')).toEqual([...OAUTH_SCOPES]);
    expect(s.h.service.current()?.grantedScopes).toEqual([...OAUTH_SCOPES]);
    const saved = (await s.h.store.open(identitiesDocSpec)).get().identities.find((i) => i.id === view.id);
    expect(saved?.scopes).toEqual([...OAUTH_SCOPES]);

    // Custody: the client secret and the tokens appear nowhere the renderer or the log can see.
    const secrets = [s.clientSecret, ...s.store.entries.values()];
    expectNoSecrets(s.h.visible(), secrets);
  });

  it('after a restart the saved scopes come back; an identity saved before scopes were recorded gets the older set', async () => {
    const s = await setup();
    const { view } = await signIn(s);
    const first = s.h;
    await first.close({ keepSim: true, keepDir: true });
    const again = await createSessionHarness({
      simulator: first.sim,
      secretStore: s.store,
      dataDir: first.dataDir,
      clock: first.clock,
    });
    h = again;
    expect(again.service.current()?.identity.id).toBe(view.id);
    expect(again.service.current()?.grantedScopes).toEqual([...OAUTH_SCOPES]);

    // identities.json as the previous version wrote it: no `scopes`.
    const doc = await again.store.open(identitiesDocSpec);
    doc.update((d) => ({ ...d, identities: d.identities.map(({ scopes: _scopes, ...rest }) => rest) }));
    await again.close({ keepSim: true, keepDir: true });
    const legacy = await createSessionHarness({
      simulator: first.sim,
      secretStore: s.store,
      dataDir: first.dataDir,
      clock: first.clock,
    });
    h = legacy;
    expect(legacy.service.current()?.grantedScopes).toEqual([...LEGACY_OAUTH_SCOPES]);
    await legacy.close({ keepSim: true });
    h = undefined;
    await first.sim.close();
    await rm(first.dataDir, { recursive: true, force: true });
  });

  it('login_hint picks the person the browser signs in as', async () => {
    const s = await setup({ sim: { scenario: 'demo', rateLimits: false } });
    const sam = s.h.sim.people.sam;
    const { view, authorizeUrl } = await signIn(s, sam?.email);
    expect(authorizeUrl.searchParams.get('login_hint')).toBe(sam?.email);
    expect(view.personId).toBe(sam?.id);
    expect(view.displayName).toBe(sam?.displayName);
  });

  it('the redirect URI must match the registered one exactly: a trailing slash is refused by /authorize (no redirect)', async () => {
    const s = await setup({ appRedirectUri: (uri) => `${uri}/` });
    const { opId } = await s.h.ok('session.startOAuth', {});
    await until(() => s.h.opened.length > 0, 'the browser');
    const answer = await request(s.h.opened[0] as string, { method: 'GET' });
    expect(answer.statusCode).toBe(400);
    expect(await answer.body.text()).toMatch(/redirect_uri/);
    s.h.ops.cancel(opId);
    expect(await opDone(s.h, opId)).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect((await s.h.state()).status).toBe('signedOut');
  });

  it('a state mismatch is refused: the flow fails with auth and nothing is exchanged', async () => {
    const s = await setup();
    const { opId } = await s.h.ok('session.startOAuth', {});
    await until(() => s.h.opened.length > 0, 'the browser');
    const forged = await request(`${s.redirectUri}?code=stolen-code-123&state=not-the-state`, { method: 'GET' });
    expect(forged.statusCode).toBe(400);
    expect(await forged.body.text()).toContain('Sign-in not completed');
    const result = await opDone(s.h, opId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth' } });
    if (!result.ok) expect(result.error.message).toMatch(/state mismatch/);
    expect(accessTokenRequests(s.h)).toBe(0);
  });

  it('a taken port → configInvalid naming the port; the browser is never opened', async () => {
    const s = await setup();
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(s.port, '127.0.0.1', resolve));
    const { opId } = await s.h.ok('session.startOAuth', {});
    const result = await opDone(s.h, opId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'configInvalid' } });
    if (!result.ok) expect(result.error.message).toContain(`Port ${s.port}`);
    expect(s.h.opened).toEqual([]);
  });

  it('cancel closes the loopback server and finishes with cancelled; the port is free again', async () => {
    const s = await setup();
    const { opId } = await s.h.ok('session.startOAuth', {});
    await until(() => s.h.opened.length > 0, 'the browser');
    expect(s.h.ops.cancel(opId)).toBe(true);
    expect(await opDone(s.h, opId)).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    const again = createServer();
    servers.push(again);
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(s.port, '127.0.0.1', resolve);
    });
    expect(again.listening).toBe(true);
  });

  it('waiting for the browser times out after 5 minutes (on the clock)', async () => {
    const s = await setup();
    const { opId } = await s.h.ok('session.startOAuth', {});
    await until(() => s.h.opened.length > 0, 'the browser');
    await s.h.clock.advance(5 * MIN);
    const result = await opDone(s.h, opId);
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('a second sign-in replaces a waiting one (same port)', async () => {
    const s = await setup();
    const first = await s.h.ok('session.startOAuth', {});
    await until(() => s.h.opened.length === 1, 'the browser');
    const second = await s.h.ok('session.startOAuth', {});
    expect(await opDone(s.h, first.opId)).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await until(() => s.h.opened.length === 2, 'the browser again');
    await browse(s.h.opened[1] as string);
    expect(await opDone(s.h, second.opId)).toMatchObject({ ok: true });
  });

  it('startOAuth without a saved client or secret is refused at once (invalidInput)', async () => {
    h = await createSessionHarness();
    expect(await h.invoke('session.startOAuth', {})).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    await h.ok('session.setOAuthClient', { clientId: 'C123', apiBaseUrl: h.sim.baseUrl });
    const refused = await h.invoke('session.startOAuth', {});
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalidInput', issues: [{ path: 'clientSecret' }] } });
    expect((await h.state()).oauthClient).toMatchObject({ clientId: 'C123', hasSecret: false });
  });
});

describe('refresh, rotation, revocation', () => {
  it('refreshes before expiry on the clock; the rotated refresh token is stored first; the old one is refused by Webex', async () => {
    const s = await setup({ accessTokenTtlSec: 3600 });
    const { view } = await signIn(s);
    const origin = s.h.sim.origin;
    const refreshAccount = `${origin}|${view.personId}|refresh`;
    const accessAccount = `${origin}|${view.personId}|access`;
    const oldRefresh = s.store.entries.get(refreshAccount) as string;
    const oldAccess = s.store.entries.get(accessAccount) as string;
    const callsBefore = s.store.calls.length;

    await s.h.clock.advance(48 * MIN - 1);
    expect(accessTokenRequests(s.h)).toBe(1);
    await s.h.clock.advance(1);
    await until(() => s.store.entries.get(accessAccount) !== oldAccess, 'the refreshed token to be stored');
    expect(accessTokenRequests(s.h)).toBe(2);
    const newRefresh = s.store.entries.get(refreshAccount) as string;
    expect(newRefresh).not.toBe(oldRefresh);
    const order = s.store.calls
      .slice(callsBefore)
      .filter((c) => c.op === 'set')
      .map((c) => c.account.split('|')[2]);
    expect(order).toEqual(['refresh', 'access']);
    await until(() => s.h.service.current()?.identity.tokenExpiresAt !== view.tokenExpiresAt, 'the new expiry');
    expect(Date.parse(s.h.service.current()?.identity.tokenExpiresAt as string)).toBe(s.h.clock.now() + 3_600_000);

    // The spent refresh token is refused (rotation).
    const reuse = await refreshDirectly(s, oldRefresh);
    expect(reuse.statusCode).toBe(400);
    await reuse.body.dump();
    expect((await s.h.service.current()?.client.people.me())?.id).toBe(view.personId);
    expectNoSecrets(s.h.visible(), [oldRefresh, newRefresh, oldAccess, s.clientSecret]);
  });

  it('revoked access token → 401 → one refresh → the call succeeds', async () => {
    const s = await setup();
    const { view } = await signIn(s);
    const access = s.store.entries.get(`${s.h.sim.origin}|${view.personId}|access`) as string;
    s.h.sim.control.revokeToken(access);
    const session = s.h.service.current() as ActiveSession;
    expect((await session.client.people.me()).id).toBe(view.personId);
    expect(accessTokenRequests(s.h)).toBe(2);
    expect((await s.h.state()).status).toBe('signedIn');
  });

  it('revoked access token and a refresh token that was rotated away → refresh refused → reauthRequired, one notice', async () => {
    const s = await setup();
    const { view } = await signIn(s);
    const origin = s.h.sim.origin;
    const access = s.store.entries.get(`${origin}|${view.personId}|access`) as string;
    const refresh = s.store.entries.get(`${origin}|${view.personId}|refresh`) as string;
    // Someone else spends the refresh token (e.g. a copy of this machine's keychain).
    const stolen = await refreshDirectly(s, refresh);
    expect(stolen.statusCode).toBe(200);
    await stolen.body.dump();
    s.h.sim.control.revokeToken(access);

    const session = s.h.service.current() as ActiveSession;
    await expect(session.client.people.me()).rejects.toMatchObject({ kind: 'auth' });
    await expect(session.client.people.me()).rejects.toMatchObject({ kind: 'auth' });
    expect(accessTokenRequests(s.h)).toBe(3); // code exchange, the thief, ONE refresh attempt
    const state = await s.h.state();
    expect(state.status).toBe('reauthRequired');
    expect(state.notice).toMatchObject({ kind: 'expired' });
    expect(state.notice?.message).toMatch(/Sign in with Webex again/);
    expect(s.h.service.current()?.client).toBe(session.client);

    // Signing in again as the same person restores the same session.
    await signIn(s);
    expect((await s.h.state()).status).toBe('signedIn');
    expect(s.h.service.current()?.client).toBe(session.client);
    expect((await session.client.people.me()).id).toBe(view.personId);
  });

  it('refresh token expired → reauthRequired without asking Webex; a 401 then does not refresh', async () => {
    const s = await setup({ accessTokenTtlSec: 3600, refreshTokenTtlSec: 600 });
    await signIn(s);
    await s.h.clock.advance(48 * MIN);
    await until(() => s.h.service.current()?.identity.signedIn === false, 'reauthRequired');
    expect(accessTokenRequests(s.h)).toBe(1);
    const state = await s.h.state();
    expect(state.status).toBe('reauthRequired');
    expect(state.notice?.message).toMatch(/refresh token expired/);
  });
});
