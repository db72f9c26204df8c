/**
 * The session slice is published by one step at the end of every operation (recompute, diff, emit): the window's
 * copy — the last `session.changed` event — never drifts from `session.snapshot`, whatever path an operation takes
 * (success, failure half-way, a timer firing), and nothing is emitted when nothing changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src/shared/contract/channels';
import { AppFailure } from '../../../src/main/errors';
import { createSessionHarness, type FakeSecretStore, type SessionHarness } from './harness';

const HOUR = 3_600_000;
let h: SessionHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The session state the window holds: the last session.changed event. */
function windowCopy(x: SessionHarness): SessionState | undefined {
  const changes = x.events().flatMap((e) => (e.type === 'session.changed' ? [e.state] : []));
  return changes.at(-1);
}

async function expectInSync(x: SessionHarness, step: string): Promise<void> {
  const copy = windowCopy(x);
  const snapshot = (await x.invoke('session.snapshot')) as { ok: true; value: { data: SessionState } };
  expect(copy, step).toEqual(snapshot.value.data);
}

describe('the session slice: one publish step per operation', () => {
  it('the window copy equals the snapshot after every operation, including ones that fail half-way', async () => {
    h = await createSessionHarness();
    const store = h.secretStore as FakeSecretStore;
    await expectInSync(h, 'start');

    const dana = await h.ok('session.signInWithToken', {
      token: h.sim.tokens.operator as string,
      apiBaseUrl: h.sim.baseUrl,
    });
    await expectInSync(h, 'sign in (token)');
    const bot = await h.ok('session.signInWithToken', { token: h.sim.tokens.bot as string, apiBaseUrl: h.sim.baseUrl });
    await expectInSync(h, 'sign in (bot)');
    expect((await h.invoke('session.signInWithToken', { token: 'wrong-token', apiBaseUrl: h.sim.baseUrl })).ok).toBe(
      false,
    );
    await expectInSync(h, 'failed sign in');

    await h.ok('session.switchIdentity', { identityId: dana.id });
    await expectInSync(h, 'switch');
    await h.ok('session.setOAuthClient', { clientId: 'C1', clientSecret: 'secret-1', apiBaseUrl: h.sim.baseUrl });
    await expectInSync(h, 'oauth client');

    // The bot's secrets vanish behind our back: switching to it fails, and marks it signed out on the way.
    const botAccess = store.accounts().filter((a) => a.includes(`|${h?.sim.people.bot?.id}|`));
    expect(botAccess.length).toBeGreaterThan(0);
    for (const account of botAccess) store.entries.delete(account);
    expect(await h.invoke('session.switchIdentity', { identityId: bot.id })).toMatchObject({
      ok: false,
      error: { kind: 'notSignedIn' },
    });
    await expectInSync(h, 'failed switch');
    expect((await h.state()).identities.find((i) => i.id === bot.id)?.signedIn).toBe(false);

    // Timers: the expiry warning, then a rejected token.
    await h.clock.advance(11.5 * HOUR);
    await expectInSync(h, 'expiry warning');
    expect((await h.state()).notice?.kind).toBe('expiresSoon');
    h.sim.control.expireToken(h.sim.tokens.operator as string);
    await expect(h.service.current()?.client.people.me()).rejects.toMatchObject({ kind: 'auth' });
    await expectInSync(h, 'token rejected');
    expect((await h.state()).status).toBe('reauthRequired');
    store.failure = new AppFailure('keychainUnavailable', 'keyring locked');
    await h.ok('session.useSessionOnlySecrets');
    await expectInSync(h, 'session-only secrets');
    store.failure = undefined;

    await h.ok('session.signOut', {});
    await expectInSync(h, 'sign out');
    await h.ok('session.signOut', { identityId: dana.id, forget: true });
    await expectInSync(h, 'forget');
  });

  it('emits nothing when an operation changes nothing', async () => {
    h = await createSessionHarness();
    await h.ok('session.signInWithToken', { token: h.sim.tokens.operator as string, apiBaseUrl: h.sim.baseUrl });
    const before = h.events().filter((e) => e.type === 'session.changed').length;
    const active = (await h.state()).active?.id as string;
    await h.ok('session.switchIdentity', { identityId: active }); // already active
    await h.ok('session.snapshot');
    expect(h.events().filter((e) => e.type === 'session.changed')).toHaveLength(before);
  });
});
