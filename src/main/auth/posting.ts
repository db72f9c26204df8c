/**
 * Clients for other saved identities to post as (a runbook's `postAs`, e.g. the team's bot; docs/outbox.md,
 * docs/security.md “Token custody”). Main reads the identity's tokens from the SecretVault (registered with the log
 * redactor), keeps them in a TokenKeeper of its own — refreshed like the active identity's when they are OAuth — and
 * hands the core an authenticated client. Nothing here reaches the window: no token, no client.
 *
 * A refused token (401 that a refresh cannot cure) is that identity's problem, not the session's: its calls fail
 * with `auth`, the saved identity is marked signed out (the operator signs in as it again), and the active identity
 * carries on. An identity that becomes the active one stops being held here (one TokenKeeper per identity), and one
 * signed out or forgotten is dropped the next time it is asked for.
 */
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { SecretRegistry } from '../log';
import type { Logger } from '../log/types';
import type { TokenCustody } from './custody';
import { meFromStored, storedExpiry, withExpiry } from './expiry';
import { recordFromStored, viewOf, type StoredIdentity } from './identities';
import type { IdentityRecords } from './records';
import { TokenKeeper } from './refresh';
import { createRefreshGrant } from './refresh-grant';
import type { ActiveIdentity } from './runtime';
import { originOf } from './secret-store/accounts';
import type { PostingIdentity } from './types';

export interface PostingIdentitiesDeps {
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  custody: TokenCustody;
  records: IdentityRecords;
  runtime: ActiveIdentity;
  /** What the window shows may have changed (an identity was marked signed out): the session's publish step. */
  changed(): void;
}

export interface PostingIdentities {
  /**
   * The identity `ref` names (its id, or its email, case aside) with a client to post as it. The active identity
   * is returned as it is. Fails with `notFound` (no such saved identity), `invalidInput` (saved for another API
   * address than the active identity's), `notSignedIn` (signed out, or its token is no longer in the keychain) or
   * the keychain's own failure.
   */
  get(ref: string): Promise<PostingIdentity>;
  /** Closes every client held (shutdown). */
  dispose(): Promise<void>;
}

interface Held {
  posting: PostingIdentity;
  keeper: TokenKeeper;
}

export function createPostingIdentities(deps: PostingIdentitiesDeps): PostingIdentities {
  const { clock, logger, custody, records, runtime } = deps;
  const held = new Map<string, Held>();
  const opening = new Map<string, Promise<PostingIdentity>>();
  let disposed = false;

  const release = (id: string): void => {
    const h = held.get(id);
    if (!h) return;
    held.delete(id);
    h.keeper.dispose();
    h.posting.client.close().catch((e: unknown) => logger.warn('closing a client failed', { error: e }));
  };

  // One TokenKeeper per identity: the active runtime's wins (two keepers would spend each other's refresh token).
  const unsubscribe = runtime.onChange((active) => {
    if (active) release(active.identity.id);
  });

  const find = (ref: string): StoredIdentity => {
    const lower = ref.trim().toLowerCase();
    const matches = records.data().identities.filter((s) => s.id === ref || s.email.toLowerCase() === lower);
    const activeOrigin = runtime.current()?.apiOrigin;
    const s = matches.find((m) => originOf(m.apiBaseUrl) === activeOrigin) ?? matches[0];
    if (!s) {
      throw new AppFailure(
        'notFound',
        `No saved identity "${ref}" to post as: sign in as it once (it is then saved), or change the runbook's postAs.`,
      );
    }
    if (activeOrigin !== undefined && originOf(s.apiBaseUrl) !== activeOrigin) {
      throw new AppFailure(
        'invalidInput',
        `${s.displayName} is saved for another API address (${originOf(s.apiBaseUrl)}): it cannot post in these spaces.`,
      );
    }
    return s;
  };

  const signedOut = (s: StoredIdentity): AppFailure =>
    new AppFailure('notSignedIn', `${s.displayName} is signed out: sign in as it again to post as it.`);

  const open = async (s: StoredIdentity): Promise<PostingIdentity> => {
    const tokens = await custody.readTokens(s);
    if (!tokens) {
      records.updateStored(s.id, (x) => ({ ...x, signedIn: false }));
      deps.changed();
      throw signedOut(s);
    }
    if (disposed) throw new AppFailure('notSignedIn', 'The app is shutting down.');
    const record = withExpiry(recordFromStored(s), tokens);
    const grant =
      s.oauthClientId !== undefined && tokens.refreshToken !== undefined
        ? createRefreshGrant({ clock, secrets: deps.secrets, custody }, record, s.oauthClientId, tokens)
        : undefined;
    const log = logger.child({ identityId: s.id, postingAs: true });
    const holder: { keeper?: TokenKeeper } = {};
    const client = runtime.makeClient(s.apiBaseUrl, {
      getToken: () =>
        holder.keeper ? holder.keeper.getToken() : Promise.reject(new AppFailure('notSignedIn', 'Not signed in.')),
      onUnauthorized: async (rejected) => (await holder.keeper?.onUnauthorized(rejected)) ?? false,
    });
    const keeper = new TokenKeeper({
      clock,
      logger: log,
      initial: tokens,
      ...(grant ? { refresh: (refreshToken: string, signal: AbortSignal) => grant(refreshToken, signal, client) } : {}),
      persist: async (next) => {
        await custody.saveTokens(s, next);
        if (records.stored(s.id)) records.updateStored(s.id, (x) => storedExpiry(x, next));
      },
      onRefreshed: () => deps.changed(),
      onReauthRequired: (reason) => {
        // This identity's calls now fail with `auth`; the active identity's session is untouched.
        if (records.stored(s.id)) records.updateStored(s.id, (x) => ({ ...x, signedIn: false }));
        log.warn('the identity posted as must sign in again', { reason });
        deps.changed();
      },
    });
    holder.keeper = keeper;
    keeper.start();
    const posting: PostingIdentity = { identity: viewOf(record), me: meFromStored(s), client };
    held.set(s.id, { posting, keeper });
    return posting;
  };

  return {
    async get(ref) {
      if (disposed) throw new AppFailure('notSignedIn', 'The app is shutting down.');
      const active = runtime.current();
      if (active && (ref === active.record.id || ref.trim().toLowerCase() === active.record.email.toLowerCase())) {
        return { identity: active.session.identity, me: active.me, client: active.client };
      }
      const s = find(ref);
      if (active?.record.id === s.id)
        return { identity: active.session.identity, me: active.me, client: active.client };
      const h = held.get(s.id);
      if (h && s.signedIn && !h.keeper.needsReauth) return h.posting;
      // Signed out, forgotten and saved again, or signed in again after its token was refused: start afresh.
      release(s.id);
      if (!s.signedIn) throw signedOut(s);
      let pending = opening.get(s.id);
      if (!pending) {
        pending = open(s).finally(() => opening.delete(s.id));
        opening.set(s.id, pending);
      }
      return pending;
    },

    async dispose() {
      disposed = true;
      unsubscribe();
      await Promise.allSettled([...opening.values()]);
      for (const id of [...held.keys()]) release(id);
    },
  };
}
