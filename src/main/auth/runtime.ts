/**
 * The active identity's runtime: its TokenKeeper (refresh, expiry warnings, re-sign-in), its authenticated client
 * and the ActiveSession the rest of the core works with. Listeners hear when the active identity changes; every
 * change of what the window shows ends in `changed()` (the session view's publish step).
 */
import { AppFailure } from '../errors';
import type { Clock } from '../clock';
import type { SecretRegistry } from '../log';
import type { Logger } from '../log/types';
import type { DispatcherFactory } from '../net';
import type { Store } from '../store';
import { createWebexClient, type WebexAuth, type WebexClient } from '../webex';
import type { TokenCustody } from './custody';
import { iso, storedExpiry, withExpiry } from './expiry';
import { viewOf, type IdentityRecord } from './identities';
import { expiresSoonNotice, reauthMessage, type Notice } from './notices';
import { LEGACY_OAUTH_SCOPES } from './oauth/redirect';
import type { IdentityRecords } from './records';
import { createRefreshGrant } from './refresh-grant';
import { TokenKeeper, type TokenSet } from './refresh';
import { originOf } from './secret-store/accounts';
import type { Me } from './token-auth';
import type { ActiveSession } from './types';

/** A signed-in identity at work: its tokens, its client, what the rest of the core sees. */
export interface Runtime {
  record: IdentityRecord;
  keeper: TokenKeeper;
  client: WebexClient;
  me: Me;
  apiOrigin: string;
  dir: string;
  session: ActiveSession;
  /** Expiry warnings and re-sign-in prompts; shown before the identity's standing notice. */
  alert?: Notice;
}

export interface ActiveIdentityDeps {
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  store: Pick<Store, 'identityDir'>;
  dispatcherFactory?: DispatcherFactory;
  custody: TokenCustody;
  records: IdentityRecords;
  /** What the window shows may have changed: recompute the session slice, diff, emit. */
  changed(): void;
}

export interface ActiveIdentity {
  current(): Runtime | undefined;
  onChange(listener: (active: ActiveSession | undefined) => void): () => void;
  /** A client for `apiBaseUrl` (through the proxy-aware dispatcher), authenticated by `auth` if given. */
  makeClient(apiBaseUrl: string, auth?: WebexAuth): WebexClient;
  /**
   * Puts an identity to work. The same identity again (a re-sign-in) gets new tokens under the same client and
   * folder, so the open space and what hangs on it carry on; another one replaces the runtime.
   */
  activate(record: IdentityRecord, tokens: TokenSet, me: Me, oauthClientId?: string): Promise<void>;
  /** Stops the active identity and tells listeners. */
  deactivate(): Promise<void>;
  /** Stops the active identity without telling anyone (shutdown). */
  stop(): Promise<void>;
  dispose(): void;
}

export function createActiveIdentity(deps: ActiveIdentityDeps): ActiveIdentity {
  const { clock, logger, custody, records } = deps;
  const listeners = new Set<(active: ActiveSession | undefined) => void>();
  let active: Runtime | undefined;

  const notify = (): void => {
    const session = active?.session;
    for (const listener of [...listeners]) {
      try {
        listener(session);
      } catch (e) {
        logger.error('session listener failed', { error: e });
      }
    }
  };

  /** Refreshes the ActiveSession object after the identity view changed (without telling listeners). */
  const touch = (runtime: Runtime): void => {
    runtime.session = { ...runtime.session, identity: viewOf(runtime.record) };
  };

  const makeClient = (apiBaseUrl: string, auth?: WebexAuth): WebexClient => {
    const dispatcher = deps.dispatcherFactory?.(originOf(apiBaseUrl));
    return createWebexClient({
      baseUrl: apiBaseUrl,
      clock,
      logger,
      ...(dispatcher ? { dispatcher } : {}),
      ...(auth ? { auth } : {}),
    });
  };

  const stopRuntime = async (runtime: Runtime): Promise<void> => {
    runtime.keeper.dispose();
    try {
      await runtime.client.close();
    } catch (e) {
      logger.warn('closing a client failed', { error: e });
    }
  };

  /** A TokenKeeper for one identity's tokens; its callbacks act only while it is the active runtime's keeper. */
  const createKeeper = (
    record: IdentityRecord,
    tokens: TokenSet,
    oauthClientId: string | undefined,
    client: () => WebexClient,
  ): TokenKeeper => {
    const grant =
      oauthClientId !== undefined && tokens.refreshToken !== undefined
        ? createRefreshGrant({ clock, secrets: deps.secrets, custody }, record, oauthClientId, tokens)
        : undefined;
    /** Runs `fn` on the runtime this keeper belongs to (if it still is the active one), then publishes. */
    const onMine =
      <A extends unknown[]>(fn: (runtime: Runtime, ...args: A) => void) =>
      (...args: A): void => {
        if (active?.record.id !== record.id || active.keeper !== keeper) return;
        fn(active, ...args);
        deps.changed();
      };
    const keeper: TokenKeeper = new TokenKeeper({
      clock,
      logger: logger.child({ identityId: record.id }),
      initial: tokens,
      ...(grant
        ? { refresh: (refreshToken: string, signal: AbortSignal) => grant(refreshToken, signal, client()) }
        : {}),
      persist: async (next) => {
        if (!record.persisted) {
          const e = records.ephemeral.get(record.id);
          if (e) e.tokens = next;
          return;
        }
        await custody.saveTokens(record, next);
        if (records.stored(record.id)) records.updateStored(record.id, (s) => storedExpiry(s, next));
      },
      onRefreshed: onMine((runtime, next: TokenSet) => {
        runtime.record = withExpiry(runtime.record, next);
        touch(runtime);
      }),
      onReauthRequired: onMine((runtime, reason) => {
        runtime.record = { ...runtime.record, signedIn: false };
        runtime.alert = { kind: 'expired', message: reauthMessage(runtime.record, reason), at: iso(clock.now()) };
        if (record.persisted && records.stored(record.id)) {
          records.updateStored(record.id, (s) => ({ ...s, signedIn: false }));
        }
        logger.warn('sign-in required again', { identityId: record.id, method: record.method, reason });
        touch(runtime);
        notify();
      }),
      onExpiresSoon: onMine((runtime, expiresAt: number) => {
        if (keeper.needsReauth) return;
        runtime.alert = expiresSoonNotice(record.displayName, expiresAt, clock.now());
      }),
    });
    return keeper;
  };

  return {
    current: () => active,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    makeClient,

    async activate(record, tokens, me, oauthClientId) {
      const origin = originOf(record.apiBaseUrl);
      if (active && active.record.id === record.id) {
        const runtime = active;
        const old = runtime.keeper;
        runtime.record = withExpiry({ ...record, signedIn: true }, tokens);
        delete runtime.alert;
        runtime.me = me;
        runtime.keeper = createKeeper(record, tokens, oauthClientId, () => runtime.client);
        old.dispose();
        runtime.session = { ...runtime.session, identity: viewOf(runtime.record), me };
        runtime.keeper.start();
        notify();
        return;
      }
      const previous = active;
      active = undefined;
      if (previous) await stopRuntime(previous);

      const holder: { runtime?: Runtime } = {};
      const client = makeClient(record.apiBaseUrl, {
        getToken: () => {
          const keeper = holder.runtime?.keeper;
          return keeper ? keeper.getToken() : Promise.reject(new AppFailure('notSignedIn', 'Not signed in.'));
        },
        onUnauthorized: async (rejected) => (await holder.runtime?.keeper.onUnauthorized(rejected)) ?? false,
      });
      const runtimeRecord = withExpiry(record, tokens);
      const dir = deps.store.identityDir(origin, record.personId);
      const runtime: Runtime = {
        record: runtimeRecord,
        keeper: createKeeper(record, tokens, oauthClientId, () => client),
        client,
        me,
        apiOrigin: origin,
        dir,
        session: { identity: viewOf(runtimeRecord), client, me, apiOrigin: origin, dir },
      };
      const preset = records.ephemeral.get(record.id)?.demo?.preset;
      if (preset) runtime.session.preset = preset;
      if (record.method === 'oauth') runtime.session.grantedScopes = record.scopes ?? [...LEGACY_OAUTH_SCOPES];
      holder.runtime = runtime;
      active = runtime;
      runtime.keeper.start();
      notify();
    },

    async deactivate() {
      const previous = active;
      if (!previous) return;
      active = undefined;
      await stopRuntime(previous);
      notify();
    },

    async stop() {
      const previous = active;
      active = undefined;
      if (previous) await stopRuntime(previous);
    },

    dispose() {
      listeners.clear();
    },
  };
}
