/** The session service with a fake keychain, the simulator and a ManualClock: pasted tokens, env, keychain trouble. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActiveSession } from '../../../src/main/auth';
import { AppFailure } from '../../../src/main/errors';
import { createSessionHarness, expectNoSecrets, FakeSecretStore, type SessionHarness } from './harness';

const HOUR = 3_600_000;
let h: SessionHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const meRequests = (x: SessionHarness): number =>
  x.sim.control.requests().filter((r) => r.route === 'GET /people/me').length;

describe('paste a token', () => {
  it('personal token: validated with GET /people/me, saved to the keychain under origin|person|access, estimated 12 h expiry', async () => {
    h = await createSessionHarness();
    const store = h.secretStore as FakeSecretStore;
    const token = h.sim.tokens.operator as string;
    const view = await h.ok('session.signInWithToken', { token, apiBaseUrl: h.sim.baseUrl });
    const person = h.sim.people.operator;
    expect(view).toMatchObject({
      personId: person?.id,
      displayName: 'Dana Ops',
      email: person?.email,
      kind: 'person',
      method: 'token',
      demo: false,
      signedIn: true,
      persisted: true,
      apiBaseUrl: h.sim.baseUrl,
      tokenExpiryEstimated: true,
      tokenExpiresAt: new Date(h.clock.now() + 12 * HOUR).toISOString(),
    });
    expect(meRequests(h)).toBe(1);
    expect(store.accounts()).toEqual([`${h.sim.origin}|${person?.id}|access`]);
    expect(store.entries.get(`${h.sim.origin}|${person?.id}|access`)).toBe(token);
    const state = await h.state();
    expect(state.status).toBe('signedIn');
    expect(state.active?.id).toBe(view.id);
    expect(state.notice).toBeUndefined();
    // The loopback simulator is not the default host: confirmed once in a native dialog.
    expect(h.confirms).toHaveLength(1);
    // The current session is usable by the rest of the core.
    const current = h.service.current() as ActiveSession;
    expect(current.identity.id).toBe(view.id);
    expect(current.dir).toBe(h.store.identityDir(h.sim.origin, view.personId));
    expect((await current.client.people.me()).id).toBe(person?.id);
    expectNoSecrets(h.visible(), [token]);
    expect(
      h.logs.some((l) => l.msg === 'signed in' && l.fields.method === 'token' && l.fields.personType === 'person'),
    ).toBe(true);
  });

  it('warns before the estimated expiry (30 min, on the clock); the first 401 → reauthRequired with ONE notice', async () => {
    h = await createSessionHarness();
    const token = h.sim.control.issueToken('operator');
    await h.ok('session.signInWithToken', { token, apiBaseUrl: h.sim.baseUrl });
    let changes: (ActiveSession | undefined)[] = [];
    h.service.onChange((s) => changes.push(s));
    await h.clock.advance(11.5 * HOUR);
    let state = await h.state();
    expect(state.status).toBe('signedIn');
    expect(state.notice).toMatchObject({ kind: 'expiresSoon' });
    expect(state.notice?.message).toMatch(/expires in about 30 minutes/);

    h.sim.control.expireToken(token);
    const client = (h.service.current() as ActiveSession).client;
    const before = meRequests(h);
    await expect(client.people.me()).rejects.toMatchObject({ kind: 'auth' });
    await expect(client.rooms.list().toArray()).rejects.toMatchObject({ kind: 'auth' });
    await expect(client.people.me()).rejects.toMatchObject({ kind: 'auth' });
    expect(meRequests(h) - before).toBe(1); // later calls fail fast, no loop
    state = await h.state();
    expect(state.status).toBe('reauthRequired');
    expect(state.active?.signedIn).toBe(false);
    expect(state.notice).toMatchObject({ kind: 'expired' });
    expect(state.notice?.message).toMatch(/Paste a new token/);
    // It promises only what exists and survives a re-sign-in: drafts are kept per identity (src/main/spaces).
    expect(state.notice?.message).toMatch(/watched spaces, alert rules and drafts are kept/);
    expect(state.notice?.message).not.toMatch(/outbox/i);
    const expiredNotices = h.events().filter((e) => e.type === 'session.changed' && e.state.notice?.kind === 'expired');
    expect(expiredNotices.length).toBeGreaterThanOrEqual(1);
    expect(new Set(expiredNotices.map((e) => (e.type === 'session.changed' ? e.state.notice?.at : '')))).toHaveProperty(
      'size',
      1,
    );
    // The session is not torn down: same client, same folder, identity flagged.
    expect(changes).toHaveLength(1);
    expect(changes[0]?.client).toBe(client);
    expect(changes[0]?.identity.signedIn).toBe(false);

    // Pasting a new token for the same person keeps the same client (open space, drafts, outbox carry on).
    changes = [];
    const fresh = h.sim.control.issueToken('operator');
    await h.ok('session.signInWithToken', { token: fresh, apiBaseUrl: h.sim.baseUrl });
    expect((await h.state()).status).toBe('signedIn');
    expect(h.service.current()?.client).toBe(client);
    expect((await client.people.me()).id).toBe(h.sim.people.operator?.id);
    expect(changes.map((c) => c?.identity.signedIn)).toEqual([true]);
  });

  it('bot token: no expiry, the bot-visibility notice, kind bot', async () => {
    h = await createSessionHarness();
    const view = await h.ok('session.signInWithToken', {
      token: h.sim.tokens.bot as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    expect(view.kind).toBe('bot');
    expect(view.tokenExpiresAt).toBeUndefined();
    const state = await h.state();
    expect(state.notice?.kind).toBe('botVisibility');
    expect(state.notice?.message).toMatch(/only when they mention it.*mentionedPeople=me/);
    await h.clock.advance(48 * HOUR);
    expect((await h.state()).notice?.kind).toBe('botVisibility');
  });

  it('a wrong token → auth error in clear words, nothing saved, still signed out', async () => {
    h = await createSessionHarness();
    const store = h.secretStore as FakeSecretStore;
    const wrong = 'WRONG-token-0123456789abcdef';
    const result = await h.invoke('session.signInWithToken', { token: wrong, apiBaseUrl: h.sim.baseUrl });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('auth');
    expect(result.error.message).toMatch(/did not accept this token.*Nothing was saved/);
    expect(store.accounts()).toEqual([]);
    const state = await h.state();
    expect(state.status).toBe('signedOut');
    expect(state.identities).toEqual([]);
    await h.store.flush();
    expectNoSecrets(h.visible(), [wrong]);
  });

  it('a declined confirmation for a non-default host → cancelled, no request sent', async () => {
    h = await createSessionHarness({ confirmAnswer: false });
    const result = await h.invoke('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(meRequests(h)).toBe(0);
  });

  it('a plain-http non-loopback base URL is refused (configInvalid) before any dialog', async () => {
    h = await createSessionHarness();
    const result = await h.invoke('session.signInWithToken', {
      token: 'abcd1234',
      apiBaseUrl: 'http://webex.example.test/v1',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'configInvalid' } });
    expect(h.confirms).toEqual([]);
  });
});

describe('environment token', () => {
  it('is offered, used and NEVER persisted: no keychain write, no identity on disk', async () => {
    const base = await createSessionHarness();
    const token = base.sim.tokens.operator as string;
    const sim = base.sim;
    await base.close({ keepSim: true });
    h = await createSessionHarness({
      simulator: sim,
      env: { WEBEX_TEAMS_ACCESS_TOKEN: token, WEBEX_API_BASE_URL: sim.baseUrl },
    });
    const store = h.secretStore as FakeSecretStore;
    expect((await h.state()).envTokenAvailable).toBe(true);
    const view = await h.ok('session.useEnvToken');
    expect(view).toMatchObject({ method: 'env', persisted: false, signedIn: true, kind: 'person' });
    expect(store.calls.filter((c) => c.op === 'set' && !c.account.startsWith('probe|'))).toEqual([]);
    await h.store.flush();
    const { readFile } = await import('node:fs/promises');
    const onDisk = await readFile(`${h.dataDir}/identities.json`, 'utf8').catch(() => '');
    expect(onDisk).not.toContain(view.personId);
    expectNoSecrets(h.visible() + onDisk, [token]);
    await h.close();
    h = undefined;
    await sim.close();
  });

  it('without the variable the state says so and the call is refused', async () => {
    h = await createSessionHarness();
    expect((await h.state()).envTokenAvailable).toBe(false);
    expect(await h.invoke('session.useEnvToken')).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });
});

describe('keychain unavailable', () => {
  it('the state says so plainly, a warning is raised, sign-in is refused until session-only secrets are chosen', async () => {
    const store = new FakeSecretStore();
    store.failure = new AppFailure(
      'keychainUnavailable',
      'The system keychain could not save a secret: Cannot autolaunch D-Bus without X11 $DISPLAY.',
    );
    h = await createSessionHarness({ secretStore: store });
    let state = await h.state();
    expect(state.secretBackend).toMatchObject({ kind: 'none', keychainAvailable: false });
    expect(state.secretBackend.detail).toMatch(/D-Bus/);
    expect(h.warnings).toHaveLength(1);
    expect(h.warnings[0]).toMatch(/keychain is not available.*session only/);

    const refused = await h.invoke('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'keychainUnavailable' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/session only/);
    expect(meRequests(h)).toBe(0);

    const backend = await h.ok('session.useSessionOnlySecrets');
    expect(backend).toMatchObject({ kind: 'memory', keychainAvailable: false });
    const view = await h.ok('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    expect(view.signedIn).toBe(true);
    state = await h.state();
    expect(state.secretBackend.kind).toBe('memory');
    expect(store.entries.size).toBe(0);
    expect(h.warnings).toHaveLength(1); // one warning, not one per call
  });

  it('no keychain configured at all: memory for this session, said plainly, sign-in works', async () => {
    h = await createSessionHarness({ secretStore: 'none' });
    const state = await h.state();
    expect(state.secretBackend).toMatchObject({ kind: 'memory', keychainAvailable: false });
    expect(state.secretBackend.detail).toMatch(/session only/);
    expect(
      (await h.ok('session.signInWithToken', { token: h.sim.tokens.operator as string, apiBaseUrl: h.sim.baseUrl }))
        .signedIn,
    ).toBe(true);
  });
});

describe('identities: restore, switch, sign out, base URL', () => {
  it('restores the last active identity at start from its secrets, without a network call', async () => {
    const first = await createSessionHarness();
    const store = first.secretStore as FakeSecretStore;
    const sim = first.sim;
    const view = await first.ok('session.signInWithToken', {
      token: sim.tokens.operator as string,
      apiBaseUrl: sim.baseUrl,
    });
    await first.close({ keepSim: true, keepDir: true });
    const before = meRequests(first);

    h = await createSessionHarness({ simulator: sim, secretStore: store, dataDir: first.dataDir, clock: first.clock });
    const state = await h.state();
    expect(state.status).toBe('signedIn');
    expect(state.active).toMatchObject({
      id: view.id,
      displayName: 'Dana Ops',
      signedIn: true,
      tokenExpiresAt: view.tokenExpiresAt,
    });
    expect(meRequests(h)).toBe(before);
    expect(h.confirms).toEqual([]); // the origin of a saved identity is trusted
    await h.close();
    h = undefined;
    const { rm } = await import('node:fs/promises');
    await rm(first.dataDir, { recursive: true, force: true });
    await sim.close();
  });

  it('an identity whose secrets are gone is listed as signed out', async () => {
    const first = await createSessionHarness();
    const store = first.secretStore as FakeSecretStore;
    const sim = first.sim;
    const view = await first.ok('session.signInWithToken', {
      token: sim.tokens.operator as string,
      apiBaseUrl: sim.baseUrl,
    });
    await first.close({ keepSim: true, keepDir: true });
    store.entries.clear();
    h = await createSessionHarness({ simulator: sim, secretStore: store, dataDir: first.dataDir });
    const state = await h.state();
    expect(state.status).toBe('signedOut');
    expect(state.identities).toEqual([expect.objectContaining({ id: view.id, signedIn: false, persisted: true })]);
    expect(await h.invoke('session.switchIdentity', { identityId: view.id })).toMatchObject({
      ok: false,
      error: { kind: 'notSignedIn' },
    });
    await h.close();
    h = undefined;
    const { rm } = await import('node:fs/promises');
    await rm(first.dataDir, { recursive: true, force: true });
    await sim.close();
  });

  it('switches between saved identities; the state always names who is active', async () => {
    h = await createSessionHarness();
    const dana = await h.ok('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    const bot = await h.ok('session.signInWithToken', { token: h.sim.tokens.bot as string, apiBaseUrl: h.sim.baseUrl });
    expect((await h.state()).active?.id).toBe(bot.id);
    const seen: (string | undefined)[] = [];
    h.service.onChange((s) => seen.push(s?.identity.displayName));
    const back = await h.ok('session.switchIdentity', { identityId: dana.id });
    expect(back.id).toBe(dana.id);
    const state = await h.state();
    expect(state.active?.id).toBe(dana.id);
    expect(state.identities.map((i) => i.displayName).sort()).toEqual(['AlertBot', 'Dana Ops']);
    expect(state.identities.every((i) => i.signedIn)).toBe(true);
    expect(seen).toEqual(['Dana Ops']);
    expect((await h.service.current()?.client.people.me())?.id).toBe(h.sim.people.operator?.id);
  });

  it('sign-out removes the secrets from the keychain; forget also removes the saved identity', async () => {
    h = await createSessionHarness();
    const store = h.secretStore as FakeSecretStore;
    const view = await h.ok('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    let state = await h.ok('session.signOut', {});
    expect(state.status).toBe('signedOut');
    expect(state.active).toBeUndefined();
    expect(state.identities).toEqual([expect.objectContaining({ id: view.id, signedIn: false })]);
    expect(store.accounts()).toEqual([]);
    expect(h.service.current()).toBeUndefined();
    state = await h.ok('session.signOut', { identityId: view.id, forget: true });
    expect(state.identities).toEqual([]);
  });

  it('changing the API base URL signs that identity out (secrets removed) and moves it to the new origin', async () => {
    h = await createSessionHarness();
    const store = h.secretStore as FakeSecretStore;
    const view = await h.ok('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    const state = await h.ok('session.setApiBaseUrl', {
      identityId: view.id,
      apiBaseUrl: 'https://api.example.test/v1',
    });
    expect(state.status).toBe('signedOut');
    expect(store.accounts()).toEqual([]);
    expect(state.identities).toEqual([
      expect.objectContaining({ apiBaseUrl: 'https://api.example.test/v1', signedIn: false, personId: view.personId }),
    ]);
    expect(state.identities[0]?.id).not.toBe(view.id);
    expect(h.confirms.at(-1)?.message).toContain('https://api.example.test');
  });
});

describe('custody', () => {
  it('no result, event or log entry carries a token (the canary is handed to the logger never)', async () => {
    h = await createSessionHarness();
    const canary = h.sim.control.issueToken('operator');
    await h.ok('session.signInWithToken', { token: `  Bearer ${canary}  `, apiBaseUrl: h.sim.baseUrl });
    await h.ok('session.switchIdentity', { identityId: (await h.state()).active?.id as string });
    h.sim.control.revokeToken(canary);
    await expect(h.service.current()?.client.people.me()).rejects.toMatchObject({ kind: 'auth' });
    await h.ok('session.signOut', {});
    expect(h.secrets.redact(`x ${canary} y`)).toBe('x [REDACTED] y');
    expectNoSecrets(h.visible(), [canary]);
  });
});
