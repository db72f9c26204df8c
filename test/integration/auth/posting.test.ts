/**
 * Clients for other saved identities (src/main/auth/posting.ts) against the simulator: an OAuth identity that is
 * not the active one is refreshed behind its client like the active one (the rotated refresh token saved first),
 * a refused refresh signs only that identity out, an identity that becomes the active one is not held twice, and a
 * name that is no saved identity is `notFound`. No token reaches anything the window sees.
 */
import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractResult, CoreEvent, IdentityView } from '../../../src/shared/contract/channels';
import { startSimulator } from '../../../src/sim';
import {
  createSessionHarness,
  expectNoSecrets,
  type FakeSecretStore,
  type SessionHarness,
  until,
} from '../../unit/auth/harness';

let h: SessionHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** The operator signs in with Webex (OAuth, saved), then the bot's token is pasted: the bot is the active one. */
async function setup(): Promise<{
  h: SessionHarness;
  store: FakeSecretStore;
  oauth: IdentityView;
  bot: IdentityView;
  client: { clientId: string; clientSecret: string };
}> {
  const x = await createSessionHarness();
  h = x;
  const redirectUri = `http://127.0.0.1:${await freePort()}/oauth/callback`;
  const registered = x.sim.control.registerOAuthClient({ redirectUri });
  await x.ok('session.setOAuthClient', {
    clientId: registered.clientId,
    clientSecret: registered.clientSecret,
    redirectUri,
    apiBaseUrl: x.sim.baseUrl,
  });
  const { opId } = await x.ok('session.startOAuth', { loginHint: 'operator' });
  await until(() => x.opened.length > 0, 'the browser to be opened');
  const first = await request(x.opened.at(-1) as string, { method: 'GET' });
  await first.body.dump();
  const second = await request(String(first.headers.location), { method: 'GET' });
  await second.body.dump();
  let done: Extract<CoreEvent, { type: 'op.done' }> | undefined;
  await until(() => {
    done = x
      .events()
      .find((e): e is Extract<CoreEvent, { type: 'op.done' }> => e.type === 'op.done' && e.opId === opId);
    return done !== undefined;
  }, 'the sign-in to finish');
  const result = done?.result as ContractResult<IdentityView>;
  if (!result.ok) throw new Error(`oauth failed: ${JSON.stringify(result.error)}`);
  const bot = await x.ok('session.signInWithToken', { token: x.sim.tokens.bot ?? '', apiBaseUrl: x.sim.baseUrl });
  expect(x.service.current()?.identity.id).toBe(bot.id);
  return { h: x, store: x.secretStore as FakeSecretStore, oauth: result.value, bot, client: registered };
}

const tokenRequests = (x: SessionHarness) =>
  x.sim.control.requests().filter((r) => r.route === 'POST /access_token').length;

describe('posting as another saved identity', () => {
  it('an OAuth identity posted as is refreshed behind its client; the rotated refresh token is saved first', async () => {
    const { h: x, store, oauth, bot } = await setup();
    const origin = x.sim.origin;
    const accessAccount = `${origin}|${oauth.personId}|access`;
    const refreshAccount = `${origin}|${oauth.personId}|refresh`;
    const oldAccess = store.entries.get(accessAccount) as string;
    const oldRefresh = store.entries.get(refreshAccount) as string;

    const posting = await x.service.postingIdentity(oauth.email.toUpperCase());
    expect(posting.identity).toMatchObject({ id: oauth.id, email: oauth.email, kind: 'person' });
    expect(posting.me.id).toBe(oauth.personId);
    // The same client again, not a second keeper for the same refresh token.
    expect((await x.service.postingIdentity(oauth.id)).client).toBe(posting.client);

    x.sim.control.revokeToken(oldAccess);
    const before = tokenRequests(x);
    const callsBefore = store.calls.length;
    expect((await posting.client.people.me()).id).toBe(oauth.personId);
    expect(tokenRequests(x)).toBe(before + 1);
    expect(store.entries.get(accessAccount)).not.toBe(oldAccess);
    expect(store.entries.get(refreshAccount)).not.toBe(oldRefresh);
    const order = store.calls
      .slice(callsBefore)
      .filter((c) => c.op === 'set')
      .map((c) => c.account.split('|')[2]);
    expect(order).toEqual(['refresh', 'access']);
    // The active identity (the bot) is untouched.
    const state = await x.state();
    expect(state.status).toBe('signedIn');
    expect(state.active?.id).toBe(bot.id);
    expectNoSecrets(x.visible(), [oldAccess, oldRefresh, store.entries.get(accessAccount)]);
  });

  it('a refused refresh signs out only that identity: its calls fail `auth`, the next ask is `notSignedIn`', async () => {
    const { h: x, store, oauth, bot, client } = await setup();
    const origin = x.sim.origin;
    const posting = await x.service.postingIdentity(oauth.id);
    // Someone else spends the refresh token (rotated away), and the access token is revoked.
    const stolen = await request(`${x.sim.baseUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        refresh_token: store.entries.get(`${origin}|${oauth.personId}|refresh`) as string,
      }).toString(),
    });
    expect(stolen.statusCode).toBe(200);
    await stolen.body.dump();
    x.sim.control.revokeToken(store.entries.get(`${origin}|${oauth.personId}|access`) as string);
    await expect(posting.client.people.me()).rejects.toMatchObject({ kind: 'auth', delivery: 'notSent' });
    expect(x.service.current()?.identity.id).toBe(bot.id);
    const state = await x.state();
    expect(state.status).toBe('signedIn');
    expect(state.notice?.kind).not.toBe('expired');
    expect(state.identities.find((i) => i.id === oauth.id)?.signedIn).toBe(false);
    await expect(x.service.postingIdentity(oauth.id)).rejects.toMatchObject({ kind: 'notSignedIn' });
  });

  it('an identity that becomes the active one is used through the active client, not held twice', async () => {
    const { h: x, oauth } = await setup();
    const held = await x.service.postingIdentity(oauth.id);
    await x.ok('session.switchIdentity', { identityId: oauth.id });
    const now = await x.service.postingIdentity(oauth.id);
    expect(now.client).toBe(x.service.current()?.client);
    expect(now.client).not.toBe(held.client);
    // The held client was closed when its identity became the active one.
    await expect(held.client.people.me()).rejects.toBeDefined();
  });

  it('an identity saved for another API address cannot post in these spaces: invalidInput', async () => {
    const { h: x } = await setup();
    const other = await startSimulator({ port: 0, seed: 9, scenario: 'empty', clock: x.clock });
    try {
      const elsewhere = await x.ok('session.signInWithToken', {
        token: other.tokens.operator ?? '',
        apiBaseUrl: other.baseUrl,
      });
      // Back to the bot on the first simulator: the other one is saved, for another origin.
      const bot = (await x.state()).identities.find((i) => i.kind === 'bot' && i.apiBaseUrl === x.sim.baseUrl);
      await x.ok('session.switchIdentity', { identityId: bot?.id ?? '' });
      await expect(x.service.postingIdentity(elsewhere.id)).rejects.toMatchObject({
        kind: 'invalidInput',
        message: expect.stringMatching(/another API address/),
      });
    } finally {
      await x.service.dispose();
      await other.close();
    }
  });

  it('a name that is no saved identity is notFound; a forgotten identity too', async () => {
    const { h: x, oauth } = await setup();
    await expect(x.service.postingIdentity('nobody@example.com')).rejects.toMatchObject({ kind: 'notFound' });
    await x.service.postingIdentity(oauth.id);
    await x.ok('session.signOut', { identityId: oauth.id, forget: true });
    await expect(x.service.postingIdentity(oauth.email)).rejects.toMatchObject({ kind: 'notFound' });
  });
});
