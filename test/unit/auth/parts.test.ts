/** The session service's parts on their own: expiry, notices, the session view and its publisher, records, custody. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreEvent, SessionState } from '../../../src/shared/contract/channels';
import { sessionKey } from '../../../src/main/auth';
import { createTokenCustody } from '../../../src/main/auth/custody';
import { meFromStored, signedOutStored, storedExpiry, withExpiry } from '../../../src/main/auth/expiry';
import { publishing } from '../../../src/main/auth/handlers';
import { identityIdFor, type IdentityRecord, type StoredIdentity } from '../../../src/main/auth/identities';
import { expiresSoonNotice, KEPT_ON_RESIGN_IN, reauthMessage } from '../../../src/main/auth/notices';
import { createIdentityRecords } from '../../../src/main/auth/records';
import type { ReauthReason } from '../../../src/main/auth/refresh';
import { SecretVault } from '../../../src/main/auth/secret-store/vault';
import { createSessionPublisher, sessionState } from '../../../src/main/auth/session-view';
import { pastedTokenSet } from '../../../src/main/auth/ways-in/token';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { createSecretRegistry, nullLogger } from '../../../src/main/log';
import { createStore, type Store } from '../../../src/main/store';
import { makeTempDir, removeDir } from '../store/helpers';
import { FakeSecretStore } from './harness';

const T0 = Date.UTC(2026, 0, 5, 9);
const ORIGIN = 'https://webexapis.com';
const stored = (over: Partial<StoredIdentity> = {}): StoredIdentity => ({
  id: identityIdFor(ORIGIN, 'P1'),
  personId: 'P1',
  displayName: 'Dana Ops',
  email: 'dana@example.com',
  kind: 'person',
  personType: 'person',
  apiBaseUrl: `${ORIGIN}/v1`,
  method: 'token',
  signedIn: true,
  addedAt: new Date(T0).toISOString(),
  ...over,
});
const record = (over: Partial<IdentityRecord> = {}): IdentityRecord => ({
  id: 'id-1',
  personId: 'P1',
  displayName: 'Dana Ops',
  email: 'dana@example.com',
  kind: 'person',
  personType: 'person',
  apiBaseUrl: `${ORIGIN}/v1`,
  method: 'token',
  demo: false,
  persisted: true,
  signedIn: true,
  ...over,
});

describe('expiry', () => {
  it('shows, saves and clears token timing', () => {
    const personal = pastedTokenSet('t', 'person', T0);
    expect(personal).toEqual({ accessToken: 't', obtainedAt: T0, expiresAt: T0 + 12 * 3_600_000, estimated: true });
    expect(pastedTokenSet('t', 'bot', T0)).toEqual({ accessToken: 't', obtainedAt: T0 });
    const shown = withExpiry(record(), personal);
    expect(shown).toMatchObject({ tokenExpiresAt: '2026-01-05T21:00:00.000Z', tokenExpiryEstimated: true });
    expect(withExpiry(shown, { accessToken: 'b', obtainedAt: T0 })).not.toHaveProperty('tokenExpiresAt');

    const saved = storedExpiry(stored(), { ...personal, refreshExpiresAt: T0 + 1000 });
    expect(saved).toMatchObject({
      tokenObtainedAt: '2026-01-05T09:00:00.000Z',
      tokenExpiresAt: '2026-01-05T21:00:00.000Z',
      refreshExpiresAt: '2026-01-05T09:00:01.000Z',
    });
    const out = signedOutStored(saved);
    expect(out.signedIn).toBe(false);
    for (const key of ['tokenObtainedAt', 'tokenExpiresAt', 'tokenExpiryEstimated', 'refreshExpiresAt'])
      expect(out).not.toHaveProperty(key);
    expect(meFromStored(stored({ orgId: 'O1' }))).toEqual({
      id: 'P1',
      emails: ['dana@example.com'],
      displayName: 'Dana Ops',
      type: 'person',
      orgId: 'O1',
    });
  });
});

describe('notices', () => {
  it('every re-sign-in message says what is kept, and promises nothing that does not exist yet', () => {
    const reasons: ReauthReason[] = [
      'rejected',
      'rejectedAfterRefresh',
      'refreshRefused',
      'refreshExpired',
      'noRefreshToken',
    ];
    for (const reason of reasons) {
      const message = reauthMessage(record(), reason);
      expect(message, reason).toContain('Dana Ops');
      expect(message, reason).toContain(KEPT_ON_RESIGN_IN);
      // Drafts are kept per identity in main (src/main/spaces/drafts.ts); the outbox is not promised.
      expect(message, reason).toMatch(/drafts are kept/);
      expect(message, reason).not.toMatch(/outbox/i);
    }
    expect(reauthMessage(record(), 'rejected')).toMatch(/personal tokens expire/);
    expect(reauthMessage(record({ kind: 'bot' }), 'rejected')).not.toMatch(/personal tokens/);
  });

  it('warns in minutes before the estimated expiry, and says so once it has passed', () => {
    expect(expiresSoonNotice('Dana', T0 + 30 * 60_000, T0).message).toMatch(/in about 30 minutes/);
    expect(expiresSoonNotice('Dana', T0 + 10_000, T0).message).toMatch(/in about 1 minutes/);
    expect(expiresSoonNotice('Dana', T0, T0 + 1).message).toMatch(/has probably expired/);
    expect(expiresSoonNotice('Dana', T0, T0).at).toBe('2026-01-05T09:00:00.000Z');
  });
});

describe('session view', () => {
  const base = {
    identities: [record()],
    secretBackend: { kind: 'keytar' as const, keychainAvailable: true },
    oauthClient: { clientId: '', redirectUri: 'r', defaultRedirectUri: 'r', apiBaseUrl: 'a', hasSecret: false },
    envTokenAvailable: false,
  };

  it('derives status and notice from the active identity', () => {
    expect(sessionState(base)).toMatchObject({ status: 'signedOut', identities: [{ id: 'id-1' }] });
    expect(sessionState(base)).not.toHaveProperty('active');
    expect(sessionState({ ...base, active: { record: record(), needsReauth: false } }).status).toBe('signedIn');
    const bot = sessionState({ ...base, active: { record: record({ kind: 'bot' }), needsReauth: false } });
    expect(bot.notice?.kind).toBe('botVisibility');
    const alert = { kind: 'expired' as const, message: 'm', at: 'x' };
    const stale = sessionState({ ...base, active: { record: record({ kind: 'bot' }), needsReauth: true, alert } });
    expect(stale).toMatchObject({ status: 'reauthRequired', notice: alert });
  });

  it('the publisher emits only when the slice changed, and nothing once closed', () => {
    const events: CoreEvent[] = [];
    let state: SessionState = sessionState(base);
    const publisher = createSessionPublisher({ emit: (e) => events.push(e) }, () => state);
    publisher.publish();
    publisher.publish();
    expect(events).toHaveLength(1);
    state = sessionState({ ...base, envTokenAvailable: true });
    publisher.publish();
    expect(events.map((e) => e.type === 'session.changed' && e.state.envTokenAvailable)).toEqual([false, true]);
    publisher.close();
    state = sessionState(base);
    publisher.publish();
    expect(events).toHaveLength(2);
  });

  it('an operation publishes whether it succeeds or fails', async () => {
    let published = 0;
    const ok = publishing(
      () => published++,
      async (x: number) => x * 2,
    );
    const bad = publishing(
      () => published++,
      async () => {
        throw new AppFailure('notFound', 'nope');
      },
    );
    expect(await ok(2)).toBe(4);
    await expect(bad()).rejects.toMatchObject({ kind: 'notFound' });
    expect(published).toBe(2);
  });

  it('keys a session by identity and folder', () => {
    const identity = { id: 'a' } as Parameters<typeof sessionKey>[0]['identity'];
    expect(sessionKey({ identity, dir: 'identities/a' })).toBe('a|identities/a');
    expect(sessionKey({ identity, dir: 'identities/b' })).not.toBe(sessionKey({ identity, dir: 'identities/a' }));
  });
});

describe('identity records', () => {
  let dir: string;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    if (dir) await removeDir(dir);
  });

  it('lists saved, ephemeral and the live active record, most recent first; saves and clears the active one', async () => {
    dir = await makeTempDir('ops-auth-records-');
    store = createStore({ dataDir: dir, clock: new ManualClock(T0) });
    const records = createIdentityRecords(store);
    expect(records.list()).toEqual([]); // defaults before loading
    await records.open();
    expect(() => records.update((d) => d)).not.toThrow();

    const dana = stored({ lastActiveAt: '2026-01-05T09:00:00.000Z' });
    records.saveActive(dana);
    const bot = stored({ id: identityIdFor(ORIGIN, 'B1'), personId: 'B1', displayName: 'Bot', kind: 'bot' });
    records.saveActive({ ...bot, lastActiveAt: '2026-01-05T10:00:00.000Z' });
    expect(records.data().activeId).toBe(bot.id);
    expect(records.list().map((r) => r.displayName)).toEqual(['Bot', 'Dana Ops']);

    records.ephemeral.set('env', {
      record: record({
        id: 'env',
        displayName: 'Env',
        persisted: false,
        method: 'env',
        lastActiveAt: '2026-01-05T11:00:00.000Z',
      }),
      tokens: { accessToken: 't', obtainedAt: T0 },
      me: meFromStored(dana),
    });
    const live = {
      ...records.list().find((r) => r.id === dana.id),
      lastActiveAt: '2026-01-05T12:00:00.000Z',
      signedIn: false,
    } as IdentityRecord;
    expect(records.list(live).map((r) => [r.displayName, r.signedIn])).toEqual([
      ['Dana Ops', false],
      ['Env', true],
      ['Bot', true],
    ]);

    records.updateStored(dana.id, () => undefined);
    expect(records.stored(dana.id)).toBeUndefined();
    records.clearActive('someone else');
    expect(records.data().activeId).toBe(bot.id);
    records.clearActive(bot.id);
    expect(records.data().activeId).toBeUndefined();
    expect(records.usesOrigin(ORIGIN)).toBe(true);
    expect(records.usesOrigin('http://127.0.0.1:1')).toBe(false);
  });
});

describe('token custody', () => {
  const setup = (keychain: FakeSecretStore | undefined) => {
    const warnings: string[] = [];
    const secrets = createSecretRegistry();
    const vault = new SecretVault({ keychain, logger: nullLogger, warn: () => undefined, onChange: () => undefined });
    return { warnings, secrets, custody: createTokenCustody({ vault, secrets, warn: (m) => warnings.push(m) }) };
  };

  it('saves tokens under origin|person, drops a stale refresh token, reads them back registered with the redactor', async () => {
    const keychain = new FakeSecretStore();
    const { custody, secrets } = setup(keychain);
    const holder = { apiBaseUrl: `${ORIGIN}/v1`, personId: 'P1' };
    await custody.saveTokens(holder, { accessToken: 'acc-1', refreshToken: 'ref-1', obtainedAt: T0 });
    expect(keychain.accounts().sort()).toEqual([`${ORIGIN}|P1|access`, `${ORIGIN}|P1|refresh`].sort());
    await custody.saveTokens(holder, { accessToken: 'acc-2', obtainedAt: T0 }, { replaceRefresh: true });
    expect(keychain.accounts()).toEqual([`${ORIGIN}|P1|access`]);

    const read = await custody.readTokens(stored({ tokenObtainedAt: new Date(T0).toISOString() }));
    expect(read).toEqual({ accessToken: 'acc-2', obtainedAt: T0 });
    expect(secrets.redact('x acc-2 y')).toBe('x [REDACTED] y');
    expect(await custody.readTokens(stored({ personId: 'nobody' }))).toBeUndefined();
  });

  it('requires storage in words the operator can act on, and warns when secrets cannot be removed', async () => {
    const keychain = new FakeSecretStore();
    const { custody, warnings } = setup(keychain);
    keychain.failure = new AppFailure('keychainUnavailable', 'The keyring is locked.');
    await expect(custody.readClientSecret(`${ORIGIN}/v1`, 'C1')).rejects.toMatchObject({ kind: 'keychainUnavailable' });
    expect(() => custody.requireStorage()).toThrow(/Keep secrets for this session only/);
    await custody.removeTokens({ apiBaseUrl: `${ORIGIN}/v1`, personId: 'P1', displayName: 'Dana Ops' });
    expect(warnings).toEqual([expect.stringContaining('The secrets of Dana Ops could not be removed')]);
  });
});
