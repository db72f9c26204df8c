import type { IdentityView, OAuthClientView, SessionState, SignInMethod } from '../../shared/contract/channels';
import { AppFailure } from '../errors';
import { DEFAULT_API_BASE_URL, baseUrlString, checkBaseUrl } from '../net';
import type { Doc } from '../store';
import { createWebexClient, type AccessToken, type WebexAuth, type WebexClient } from '../webex';
import { resolveApiBaseUrl } from './base-url';
import {
  byRecency,
  DEFAULT_REDIRECT_URI,
  identitiesDocSpec,
  identityIdFor,
  identityKindOf,
  oauthClientView,
  recordFromStored,
  viewOf,
  type IdentitiesDoc,
  type IdentityRecord,
  type StoredIdentity,
} from './identities';
import { registerGrant, runOAuthFlow, tokenEndpointFailure, tokenSetFromGrant } from './oauth/flow';
import { parseRedirectUri } from './oauth/redirect';
import { TokenKeeper, type ReauthReason, type TokenSet } from './refresh';
import { clientSecretAccount, originOf, tokenAccount } from './secret-store/accounts';
import { SecretVault } from './secret-store/vault';
import { cleanToken, ENV_BASE_URL_VARIABLE, envToken, PERSONAL_TOKEN_LIFETIME_MS, whoIs, type Me } from './token-auth';
import type { ActiveSession, DemoWorkspace, SessionService, SessionServiceDeps } from './types';

type Notice = NonNullable<SessionState['notice']>;

/** A signed-in identity at work: its tokens, its client, what the rest of the core sees. */
interface Runtime {
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

/** Identities used but never saved: the environment token and the demo workspace. Memory only. */
interface Ephemeral {
  record: IdentityRecord;
  tokens: TokenSet;
  me: Me;
  demo?: DemoWorkspace;
}

interface EstablishInput {
  method: SignInMethod;
  apiBaseUrl: string;
  me: Me;
  tokens: TokenSet;
  /** Saved identity with secrets in the vault (token, OAuth), or used for this run only (env, demo). */
  persisted: boolean;
  demo?: DemoWorkspace;
  oauthClientId?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function reauthMessage(record: IdentityRecord, reason: ReauthReason): string {
  const who = record.displayName;
  const keep = 'Your spaces, drafts and outbox are kept.';
  switch (reason) {
    case 'rejected':
      return record.method === 'token' && record.kind === 'person'
        ? `Webex no longer accepts the token of ${who}: personal tokens expire after about 12 hours. Paste a new token to continue. ${keep}`
        : `Webex no longer accepts the token of ${who}. Sign in again to continue. ${keep}`;
    case 'rejectedAfterRefresh':
    case 'refreshRefused':
      return `Webex refused to renew the sign-in of ${who}. Sign in with Webex again to continue. ${keep}`;
    case 'refreshExpired':
      return `The sign-in of ${who} has run out (the refresh token expired). Sign in with Webex again to continue. ${keep}`;
    case 'noRefreshToken':
      return `The sign-in of ${who} cannot be renewed. Sign in again to continue. ${keep}`;
  }
}

function standingNotice(record: IdentityRecord): Notice | undefined {
  if (record.demo) {
    return {
      kind: 'demo',
      message: 'Demo workspace: simulated spaces and people served by the built-in simulator. Nothing reaches Webex.',
    };
  }
  if (record.kind === 'bot') {
    return {
      kind: 'botVisibility',
      message: `${record.displayName} is a bot: it sees group-room messages only when they mention it, so group spaces are polled with mentionedPeople=me.`,
    };
  }
  return undefined;
}

/** Runs mutations of the session one after another (sign-in, switch, sign-out never interleave). */
function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * The sign-in service (issue 6): secret custody, saved identities, the four ways in (pasted token, OAuth with PKCE,
 * environment token, demo workspace), token refresh and re-sign-in, and the session slice of the contract.
 *
 * Custody: tokens, refresh tokens and client secrets are registered with the log redactor the moment they are
 * known, live in main only (the SecretStore, and the TokenKeeper of the active identity), and never appear in a
 * result, an event or an error.
 *
 * A token lost mid-session (401 that a refresh cannot cure) does not tear anything down: `current()` keeps
 * returning the same session (same client, same folder) with `identity.signedIn: false`, the state says
 * `reauthRequired` with one notice, and API calls fail fast with `auth` until the operator signs in again as the
 * same identity — which swaps the tokens under the same client, so the open space, drafts and outbox stay.
 */
export function createSessionService(deps: SessionServiceDeps): SessionService {
  const { hub, clock, logger, secrets, store } = deps;
  const serial = createSerialQueue();
  const listeners = new Set<(active: ActiveSession | undefined) => void>();
  const ephemeral = new Map<string, Ephemeral>();
  const trustedOrigins = new Set<string>();
  const envValue = envToken(deps.env);
  if (envValue !== undefined) secrets.add(envValue);

  let doc: Doc<IdentitiesDoc> | undefined;
  let docLoading: Promise<Doc<IdentitiesDoc>> | undefined;
  let active: Runtime | undefined;
  let disposed = false;
  let oauthRun: { opId: string; done: Promise<void> } | undefined;

  const vault = new SecretVault({
    keychain: deps.secretStore,
    logger,
    warn: (message) => deps.warn('keychain', message),
    onChange: () => emit(),
  });

  // ------------------------------------------------------------------------------------------ state and events

  const openDoc = (): Promise<Doc<IdentitiesDoc>> => {
    docLoading ??= store.open(identitiesDocSpec).then(
      (d) => {
        doc = d;
        return d;
      },
      (e: unknown) => {
        docLoading = undefined;
        throw e;
      },
    );
    return docLoading;
  };
  const data = (): IdentitiesDoc => doc?.get() ?? identitiesDocSpec.defaults();
  const updateDoc = (fn: (current: IdentitiesDoc) => IdentitiesDoc): void => {
    if (!doc) throw new AppFailure('internal', 'The identities document is not loaded.');
    doc.update(fn);
  };
  const stored = (id: string): StoredIdentity | undefined => data().identities.find((i) => i.id === id);
  const updateStored = (id: string, fn: (s: StoredIdentity) => StoredIdentity | undefined): void => {
    updateDoc((d) => ({
      ...d,
      identities: d.identities.flatMap((s) => {
        if (s.id !== id) return [s];
        const next = fn(s);
        return next ? [next] : [];
      }),
    }));
  };

  const records = (): IdentityRecord[] => {
    const out = new Map<string, IdentityRecord>();
    for (const s of data().identities) out.set(s.id, recordFromStored(s));
    for (const [id, e] of ephemeral) out.set(id, e.record);
    if (active) out.set(active.record.id, active.record);
    return [...out.values()].sort(byRecency);
  };

  const oauthView = (): OAuthClientView => {
    const settings = data().oauthClient;
    return oauthClientView(
      settings
        ? { clientId: settings.clientId, redirectUri: settings.redirectUri, apiBaseUrl: settings.apiBaseUrl }
        : undefined,
      settings?.secretSaved ?? false,
      DEFAULT_API_BASE_URL,
    );
  };

  const state = (): SessionState => {
    const s: SessionState = {
      status: !active ? 'signedOut' : active.keeper.needsReauth ? 'reauthRequired' : 'signedIn',
      identities: records().map(viewOf),
      secretBackend: vault.view(),
      oauthClient: oauthView(),
      envTokenAvailable: envValue !== undefined,
    };
    if (active) {
      s.active = viewOf(active.record);
      const notice = active.alert ?? standingNotice(active.record);
      if (notice) s.notice = { ...notice };
    }
    return s;
  };

  const emit = (): void => {
    if (disposed) return;
    hub.emit({ type: 'session.changed', state: state() });
  };

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

  // ------------------------------------------------------------------------------------------ clients

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

  /** GET /people/me with a token that is not (yet) anyone's session. */
  const identify = async (
    apiBaseUrl: string,
    token: string,
    source: 'token' | 'env' | 'demo' | 'oauth',
  ): Promise<Me> => {
    const probe = makeClient(apiBaseUrl, { getToken: async () => token });
    try {
      return await whoIs(probe, source);
    } finally {
      await probe.close();
    }
  };

  const isTrusted = (origin: string): boolean =>
    trustedOrigins.has(origin) ||
    data().identities.some((s) => originOf(s.apiBaseUrl) === origin) ||
    (data().oauthClient !== undefined && originOf(data().oauthClient?.apiBaseUrl ?? DEFAULT_API_BASE_URL) === origin);

  const apiBase = async (raw: string | undefined): Promise<string> => {
    const base = await resolveApiBaseUrl(raw, deps.confirm, isTrusted);
    trustedOrigins.add(originOf(base));
    return base;
  };

  const requireStorage = (): void => {
    if (!vault.canStore) {
      throw new AppFailure(
        'keychainUnavailable',
        `The system keychain is not available${vault.view().detail ? ` (${vault.view().detail?.replace(/\.$/, '')})` : ''}, so the sign-in cannot be saved. Choose “Keep secrets for this session only” to sign in without it.`,
      );
    }
  };

  // ------------------------------------------------------------------------------------------ secrets

  const saveTokens = async (
    record: Pick<IdentityRecord, 'apiBaseUrl' | 'personId'>,
    tokens: TokenSet,
  ): Promise<void> => {
    const origin = originOf(record.apiBaseUrl);
    // The rotating refresh token first: once Webex has issued a new one, the old one is spent.
    if (tokens.refreshToken !== undefined) {
      await vault.set(tokenAccount(origin, record.personId, 'refresh'), tokens.refreshToken);
    }
    await vault.set(tokenAccount(origin, record.personId, 'access'), tokens.accessToken);
  };

  const removeTokens = async (
    record: Pick<IdentityRecord, 'apiBaseUrl' | 'personId' | 'displayName'>,
  ): Promise<void> => {
    const origin = originOf(record.apiBaseUrl);
    const a = await vault.delete(tokenAccount(origin, record.personId, 'access'));
    const r = await vault.delete(tokenAccount(origin, record.personId, 'refresh'));
    if (a.keychainFailed || r.keychainFailed) {
      deps.warn(
        'keychain',
        `The secrets of ${record.displayName} could not be removed from the system keychain (it is not available). Remove the entries of service “webex-ops-console” by hand if this computer is shared.`,
      );
    }
  };

  const readTokens = async (s: StoredIdentity): Promise<TokenSet | undefined> => {
    const origin = originOf(s.apiBaseUrl);
    const accessToken = await vault.get(tokenAccount(origin, s.personId, 'access'));
    if (accessToken === undefined) return undefined;
    secrets.add(accessToken);
    const refreshToken =
      s.method === 'oauth' ? await vault.get(tokenAccount(origin, s.personId, 'refresh')) : undefined;
    if (refreshToken !== undefined) secrets.add(refreshToken);
    const tokens: TokenSet = {
      accessToken,
      obtainedAt: Date.parse(s.tokenObtainedAt ?? s.lastActiveAt ?? s.addedAt),
    };
    if (s.tokenExpiresAt !== undefined) tokens.expiresAt = Date.parse(s.tokenExpiresAt);
    if (s.tokenExpiryEstimated) tokens.estimated = true;
    if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
    if (s.refreshExpiresAt !== undefined) tokens.refreshExpiresAt = Date.parse(s.refreshExpiresAt);
    return tokens;
  };

  const readClientSecret = async (apiBaseUrl: string, clientId: string): Promise<string | undefined> => {
    const secret = await vault.get(clientSecretAccount(originOf(apiBaseUrl), clientId));
    if (secret !== undefined) secrets.add(secret);
    return secret;
  };

  // ------------------------------------------------------------------------------------------ runtimes

  const expiryFields = (tokens: TokenSet): Pick<IdentityRecord, 'tokenExpiresAt' | 'tokenExpiryEstimated'> => {
    const out: Pick<IdentityRecord, 'tokenExpiresAt' | 'tokenExpiryEstimated'> = {};
    if (tokens.expiresAt !== undefined) {
      out.tokenExpiresAt = iso(tokens.expiresAt);
      out.tokenExpiryEstimated = tokens.estimated === true;
    }
    return out;
  };

  const withExpiry = (record: IdentityRecord, tokens: TokenSet): IdentityRecord => {
    const next: IdentityRecord = { ...record };
    delete next.tokenExpiresAt;
    delete next.tokenExpiryEstimated;
    return { ...next, ...expiryFields(tokens) };
  };

  const storedExpiry = (s: StoredIdentity, tokens: TokenSet): StoredIdentity => {
    const next: StoredIdentity = { ...s, tokenObtainedAt: iso(tokens.obtainedAt) };
    delete next.tokenExpiresAt;
    delete next.tokenExpiryEstimated;
    delete next.refreshExpiresAt;
    if (tokens.expiresAt !== undefined) {
      next.tokenExpiresAt = iso(tokens.expiresAt);
      next.tokenExpiryEstimated = tokens.estimated === true;
    }
    if (tokens.refreshExpiresAt !== undefined) next.refreshExpiresAt = iso(tokens.refreshExpiresAt);
    return next;
  };

  const refreshGrant = (record: IdentityRecord, oauthClientId: string) => {
    let clientSecret: string | undefined;
    let previous: TokenSet | undefined;
    return {
      remember(tokens: TokenSet): void {
        previous = tokens;
      },
      async refresh(refreshToken: string, signal: AbortSignal, client: WebexClient): Promise<TokenSet> {
        clientSecret ??= await readClientSecret(record.apiBaseUrl, oauthClientId);
        if (clientSecret === undefined) {
          throw new AppFailure('auth', 'The integration’s client secret is no longer saved: sign in with Webex again.');
        }
        let grant: AccessToken;
        try {
          grant = await client.accessTokens.refresh(
            { clientId: oauthClientId, clientSecret, refreshToken },
            { signal },
          );
        } catch (e) {
          throw tokenEndpointFailure(e, 'refresh');
        }
        registerGrant(secrets, grant);
        const next = tokenSetFromGrant(grant, clock.now(), previous);
        previous = next;
        return next;
      },
    };
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
    client: () => WebexClient | undefined,
  ): TokenKeeper => {
    const grant =
      oauthClientId !== undefined && tokens.refreshToken !== undefined
        ? refreshGrant(record, oauthClientId)
        : undefined;
    grant?.remember(tokens);
    const mine = (): Runtime | undefined =>
      active?.record.id === record.id && active.keeper === keeper ? active : undefined;
    const keeper: TokenKeeper = new TokenKeeper({
      clock,
      logger: logger.child({ identityId: record.id }),
      initial: tokens,
      ...(grant
        ? {
            refresh: (refreshToken: string, signal: AbortSignal) => {
              const c = client();
              if (!c) throw new AppFailure('internal', 'No client for the refresh.');
              return grant.refresh(refreshToken, signal, c);
            },
          }
        : {}),
      persist: async (next) => {
        if (!record.persisted) {
          const e = ephemeral.get(record.id);
          if (e) e.tokens = next;
          return;
        }
        await saveTokens(record, next);
        if (stored(record.id)) updateStored(record.id, (s) => storedExpiry(s, next));
      },
      onRefreshed: (next) => {
        const runtime = mine();
        if (!runtime) return;
        runtime.record = withExpiry(runtime.record, next);
        touch(runtime);
        emit();
      },
      onReauthRequired: (reason) => {
        const runtime = mine();
        if (!runtime) return;
        runtime.record = { ...runtime.record, signedIn: false };
        runtime.alert = { kind: 'expired', message: reauthMessage(runtime.record, reason), at: iso(clock.now()) };
        if (record.persisted && stored(record.id)) updateStored(record.id, (s) => ({ ...s, signedIn: false }));
        logger.warn('sign-in required again', { identityId: record.id, method: record.method, reason });
        touch(runtime);
        notify();
        emit();
      },
      onExpiresSoon: (expiresAt) => {
        const runtime = mine();
        if (!runtime || keeper.needsReauth) return;
        const passed = clock.now() >= expiresAt;
        runtime.alert = {
          kind: 'expiresSoon',
          message: passed
            ? `The pasted token of ${record.displayName} has probably expired (personal tokens last about 12 hours). Paste a new token when Webex refuses it.`
            : `The pasted token of ${record.displayName} expires in about ${Math.max(1, Math.round((expiresAt - clock.now()) / 60_000))} minutes (estimated: personal tokens last 12 hours). Paste a new token to keep working.`,
          at: iso(expiresAt),
        };
        emit();
      },
    });
    return keeper;
  };

  const activate = async (record: IdentityRecord, tokens: TokenSet, me: Me, oauthClientId?: string): Promise<void> => {
    const origin = originOf(record.apiBaseUrl);
    // Signed in again as the identity already at work: new tokens under the same client and folder, so the open
    // space, drafts and outbox carry on.
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
      emit();
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
    const dir = store.identityDir(origin, record.personId);
    const runtime: Runtime = {
      record: runtimeRecord,
      keeper: createKeeper(record, tokens, oauthClientId, () => client),
      client,
      me,
      apiOrigin: origin,
      dir,
      session: { identity: viewOf(runtimeRecord), client, me, apiOrigin: origin, dir },
    };
    const preset = ephemeral.get(record.id)?.demo?.preset;
    if (preset) runtime.session.preset = preset;
    holder.runtime = runtime;
    active = runtime;
    runtime.keeper.start();
    notify();
    emit();
  };

  const deactivate = async (): Promise<void> => {
    const previous = active;
    if (!previous) return;
    active = undefined;
    await stopRuntime(previous);
    notify();
  };

  // ------------------------------------------------------------------------------------------ sign-in

  const establish = async (input: EstablishInput): Promise<IdentityView> => {
    const { me, tokens } = input;
    const origin = originOf(input.apiBaseUrl);
    const id = identityIdFor(origin, me.id);
    const now = iso(clock.now());
    const base: IdentityRecord = {
      id,
      personId: me.id,
      displayName: me.displayName,
      email: me.emails[0] ?? '',
      kind: identityKindOf(me.type),
      personType: me.type,
      apiBaseUrl: input.apiBaseUrl,
      method: input.method,
      demo: input.demo !== undefined,
      persisted: input.persisted,
      signedIn: true,
      lastActiveAt: now,
    };
    if (me.orgId !== undefined) base.orgId = me.orgId;
    const record = withExpiry(base, tokens);

    if (input.persisted) {
      if (input.method !== 'token' && input.method !== 'oauth')
        throw new AppFailure('internal', 'Only token and OAuth identities are saved.');
      const method = input.method;
      await saveTokens(record, tokens);
      if (tokens.refreshToken === undefined) {
        await vault.delete(tokenAccount(origin, me.id, 'refresh'));
      }
      ephemeral.delete(id);
      const previous = stored(id);
      const next: StoredIdentity = storedExpiry(
        {
          id,
          personId: me.id,
          displayName: record.displayName,
          email: record.email,
          kind: record.kind,
          personType: me.type,
          apiBaseUrl: input.apiBaseUrl,
          method,
          signedIn: true,
          addedAt: previous?.addedAt ?? now,
          lastActiveAt: now,
          ...(me.orgId !== undefined ? { orgId: me.orgId } : {}),
          ...(input.oauthClientId !== undefined ? { oauthClientId: input.oauthClientId } : {}),
        },
        tokens,
      );
      updateDoc((d) => ({
        ...d,
        identities: previous ? d.identities.map((s) => (s.id === id ? next : s)) : [...d.identities, next],
        activeId: id,
      }));
    } else {
      const entry: Ephemeral = { record, tokens, me };
      if (input.demo) entry.demo = input.demo;
      ephemeral.set(id, entry);
    }

    await activate(record, tokens, me, input.oauthClientId);
    logger.info('signed in', {
      method: input.method,
      identityId: id,
      personType: me.type,
      demo: record.demo,
      persisted: input.persisted,
      backend: input.persisted ? vault.view().kind : 'memory',
    });
    return viewOf(active?.record ?? record);
  };

  const signOutIdentity = async (id: string, forget: boolean): Promise<void> => {
    const record = records().find((r) => r.id === id);
    if (!record) throw new AppFailure('notFound', 'That identity is not known.');
    if (active?.record.id === id) {
      await deactivate();
      if (data().activeId === id) updateDoc((d) => ({ ...d, activeId: undefined }));
    }
    const e = ephemeral.get(id);
    if (e) {
      ephemeral.delete(id);
      if (e.demo) {
        try {
          await e.demo.close();
        } catch (err) {
          logger.warn('closing the demo workspace failed', { error: err });
        }
      }
    }
    if (record.persisted) {
      await removeTokens(record);
      if (forget) {
        updateStored(id, () => undefined);
        if (data().activeId === id) updateDoc((d) => ({ ...d, activeId: undefined }));
      } else {
        updateStored(id, (s) => {
          const next: StoredIdentity = { ...s, signedIn: false };
          delete next.tokenExpiresAt;
          delete next.tokenExpiryEstimated;
          delete next.tokenObtainedAt;
          delete next.refreshExpiresAt;
          return next;
        });
      }
    }
    logger.info('signed out', { identityId: id, method: record.method, forget });
  };

  const restore = async (): Promise<void> => {
    const id = data().activeId;
    const s = id === undefined ? undefined : stored(id);
    if (!s) return;
    if (!s.signedIn) {
      logger.info('last identity is signed out', { identityId: s.id });
      return;
    }
    let tokens: TokenSet | undefined;
    try {
      tokens = await readTokens(s);
    } catch (e) {
      logger.warn('could not read the saved sign-in', {
        identityId: s.id,
        kind: e instanceof AppFailure ? e.kind : 'internal',
      });
      return;
    }
    if (!tokens) {
      updateStored(s.id, (x) => ({ ...x, signedIn: false }));
      logger.info('saved sign-in has no secrets any more', { identityId: s.id });
      return;
    }
    const me: Me = { id: s.personId, emails: s.email ? [s.email] : [], displayName: s.displayName, type: s.personType };
    if (s.orgId !== undefined) me.orgId = s.orgId;
    await activate(recordFromStored(s), tokens, me, s.oauthClientId);
    logger.info('sign-in restored', { identityId: s.id, method: s.method, personType: s.personType });
  };

  // ------------------------------------------------------------------------------------------ handlers

  const handlers: SessionService['handlers'] = {
    'session.snapshot': async () => {
      hub.flush();
      return { seq: hub.seq, data: state() };
    },

    'session.signInWithToken': async ({ token, apiBaseUrl }) => {
      const value = cleanToken(token);
      secrets.add(value);
      return serial(async () => {
        await openDoc();
        const base = await apiBase(apiBaseUrl);
        requireStorage();
        const me = await identify(base, value, 'token');
        const now = clock.now();
        const tokens: TokenSet =
          identityKindOf(me.type) === 'bot'
            ? { accessToken: value, obtainedAt: now }
            : { accessToken: value, obtainedAt: now, expiresAt: now + PERSONAL_TOKEN_LIFETIME_MS, estimated: true };
        return establish({ method: 'token', apiBaseUrl: base, me, tokens, persisted: true });
      });
    },

    'session.setOAuthClient': async ({ clientId, clientSecret, redirectUri, apiBaseUrl }) => {
      if (clientSecret !== undefined) secrets.add(clientSecret);
      return serial(async () => {
        await openDoc();
        const previous = data().oauthClient;
        const redirect = parseRedirectUri(redirectUri ?? previous?.redirectUri ?? DEFAULT_REDIRECT_URI);
        const base = await apiBase(apiBaseUrl ?? previous?.apiBaseUrl);
        const origin = originOf(base);
        const sameClient =
          previous !== undefined && previous.clientId === clientId && originOf(previous.apiBaseUrl) === origin;
        let secretSaved = sameClient ? previous.secretSaved : false;
        if (clientSecret !== undefined) {
          requireStorage();
          await vault.set(clientSecretAccount(origin, clientId), clientSecret);
          secretSaved = true;
        }
        if (previous && !sameClient) {
          const stillUsed = data().identities.some(
            (s) => s.oauthClientId === previous.clientId && originOf(s.apiBaseUrl) === originOf(previous.apiBaseUrl),
          );
          if (!stillUsed) await vault.delete(clientSecretAccount(originOf(previous.apiBaseUrl), previous.clientId));
        }
        updateDoc((d) => ({
          ...d,
          oauthClient: { clientId, redirectUri: redirect.uri, apiBaseUrl: base, secretSaved },
        }));
        logger.info('oauth client saved', { redirectPort: redirect.port, secretChanged: clientSecret !== undefined });
        emit();
        return oauthView();
      });
    },

    'session.startOAuth': async ({ loginHint }) => {
      await openDoc();
      const settings = data().oauthClient;
      if (!settings) {
        throw new AppFailure('invalidInput', 'Enter the integration’s client id and secret first.', {
          issues: [{ path: 'clientId', message: 'Enter the integration’s client id and secret first.' }],
        });
      }
      if (!settings.secretSaved) {
        throw new AppFailure('invalidInput', 'Enter the integration’s client secret.', {
          issues: [{ path: 'clientSecret', message: 'Enter the integration’s client secret.' }],
        });
      }
      const redirect = parseRedirectUri(settings.redirectUri);
      requireStorage();

      // One browser sign-in at a time: a new one replaces a waiting one (and waits for its port to be free).
      const previousRun = oauthRun;
      if (previousRun) deps.ops.cancel(previousRun.opId);
      let finished: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        finished = resolve;
      });
      const started = deps.ops.start('session.oauth', async ({ signal, progress }) => {
        try {
          if (previousRun) await previousRun.done;
          const clientSecret = await readClientSecret(settings.apiBaseUrl, settings.clientId);
          if (clientSecret === undefined) {
            updateDoc((d) => (d.oauthClient ? { ...d, oauthClient: { ...d.oauthClient, secretSaved: false } } : d));
            emit();
            throw new AppFailure(
              'invalidInput',
              'The integration’s client secret is no longer saved: enter it again.',
              {
                issues: [{ path: 'clientSecret', message: 'Enter the client secret again.' }],
              },
            );
          }
          const client = makeClient(settings.apiBaseUrl);
          let tokens: TokenSet;
          try {
            tokens = await runOAuthFlow(
              {
                apiBaseUrl: settings.apiBaseUrl,
                clientId: settings.clientId,
                clientSecret,
                redirect,
                ...(loginHint !== undefined ? { loginHint } : {}),
              },
              { clock, logger, secrets, openExternal: deps.openExternal, client },
              { signal, progress: (message) => progress(message) },
            );
          } finally {
            await client.close();
          }
          const me = await identify(settings.apiBaseUrl, tokens.accessToken, 'oauth');
          if (signal.aborted) throw new AppFailure('cancelled', 'The sign-in was cancelled.');
          return await serial(() =>
            establish({
              method: 'oauth',
              apiBaseUrl: settings.apiBaseUrl,
              me,
              tokens,
              persisted: true,
              oauthClientId: settings.clientId,
            }),
          );
        } finally {
          finished();
        }
      });
      oauthRun = { opId: started.opId, done };
      void done.then(() => {
        if (oauthRun?.opId === started.opId) oauthRun = undefined;
      });
      return started;
    },

    'session.useEnvToken': async () => {
      if (envValue === undefined) {
        throw new AppFailure('invalidInput', 'No token is set in WEBEX_ACCESS_TOKEN or WEBEX_TEAMS_ACCESS_TOKEN.');
      }
      return serial(async () => {
        await openDoc();
        const base = await apiBase(deps.env[ENV_BASE_URL_VARIABLE]);
        const me = await identify(base, envValue, 'env');
        return establish({
          method: 'env',
          apiBaseUrl: base,
          me,
          tokens: { accessToken: envValue, obtainedAt: clock.now() },
          persisted: false,
        });
      });
    },

    'session.startDemo': async () => {
      const startDemo = deps.startDemo;
      if (!startDemo) throw new AppFailure('configInvalid', 'The demo workspace is not available in this build.');
      return serial(async () => {
        await openDoc();
        const running = [...ephemeral.values()].find((e) => e.demo !== undefined);
        if (running) {
          await activate(running.record, running.tokens, running.me);
          return viewOf(running.record);
        }
        const demo = await startDemo();
        try {
          const token = demo.tokens.operator;
          if (token === undefined)
            throw new AppFailure('configInvalid', 'The demo workspace has no operator identity.');
          secrets.add(token);
          const me = await identify(demo.baseUrl, token, 'demo');
          return await establish({
            method: 'demo',
            apiBaseUrl: baseUrlString(checkBaseUrl(demo.baseUrl)),
            me,
            tokens: { accessToken: token, obtainedAt: clock.now() },
            persisted: false,
            demo,
          });
        } catch (e) {
          if (![...ephemeral.values()].some((x) => x.demo === demo)) await demo.close();
          throw e;
        }
      });
    },

    'session.switchIdentity': async ({ identityId }) =>
      serial(async () => {
        await openDoc();
        if (active?.record.id === identityId && !active.keeper.needsReauth) return viewOf(active.record);
        const e = ephemeral.get(identityId);
        if (e) {
          const record = { ...e.record, lastActiveAt: iso(clock.now()) };
          e.record = record;
          await activate(record, e.tokens, e.me);
          logger.info('switched identity', { identityId, method: record.method });
          return viewOf(active?.record ?? record);
        }
        const s = stored(identityId);
        if (!s) throw new AppFailure('notFound', 'That identity is not known.');
        const signedOut = (): AppFailure =>
          new AppFailure('notSignedIn', `${s.displayName} is signed out: sign in again to use this identity.`);
        if (!s.signedIn) throw signedOut();
        const tokens = await readTokens(s);
        if (!tokens) {
          updateStored(s.id, (x) => ({ ...x, signedIn: false }));
          emit();
          throw signedOut();
        }
        const now = iso(clock.now());
        updateStored(s.id, (x) => ({ ...x, lastActiveAt: now }));
        updateDoc((d) => ({ ...d, activeId: s.id }));
        const me: Me = {
          id: s.personId,
          emails: s.email ? [s.email] : [],
          displayName: s.displayName,
          type: s.personType,
        };
        if (s.orgId !== undefined) me.orgId = s.orgId;
        await activate({ ...recordFromStored(s), lastActiveAt: now }, tokens, me, s.oauthClientId);
        logger.info('switched identity', { identityId, method: s.method });
        return viewOf(active?.record ?? recordFromStored(s));
      }),

    'session.signOut': async ({ identityId, forget }) =>
      serial(async () => {
        await openDoc();
        const id = identityId ?? active?.record.id;
        if (id !== undefined) await signOutIdentity(id, forget === true);
        emit();
        return state();
      }),

    'session.setApiBaseUrl': async ({ identityId, apiBaseUrl }) =>
      serial(async () => {
        await openDoc();
        const record = records().find((r) => r.id === identityId);
        if (!record) throw new AppFailure('notFound', 'That identity is not known.');
        if (record.demo) throw new AppFailure('invalidInput', 'The demo workspace’s address cannot be changed.');
        const base = await apiBase(apiBaseUrl);
        if (base === record.apiBaseUrl) return state();
        // Secrets are bound to the origin they were obtained for: a new address means signing in again.
        await signOutIdentity(identityId, !record.persisted);
        if (record.persisted) {
          const newId = identityIdFor(originOf(base), record.personId);
          updateDoc((d) => {
            const old = d.identities.find((s) => s.id === identityId);
            if (!old) return d;
            const moved: StoredIdentity = { ...old, id: newId, apiBaseUrl: base, signedIn: false };
            const others = d.identities.filter((s) => s.id !== identityId && s.id !== newId);
            return { ...d, identities: [...others, moved], ...(d.activeId === identityId ? { activeId: newId } : {}) };
          });
        }
        logger.info('api base url changed', { identityId, origin: originOf(base) });
        emit();
        return state();
      }),

    'session.useSessionOnlySecrets': async () => {
      const view = vault.useSessionOnly();
      emit();
      return view;
    },
  };

  return {
    handlers,
    current: () => active?.session,
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async start() {
      await openDoc();
      await vault.probe();
      await serial(restore);
      emit();
    },
    async dispose() {
      if (disposed) return;
      const run = oauthRun;
      if (run) {
        deps.ops.cancel(run.opId);
        await run.done;
      }
      await serial(async () => {
        const previous = active;
        active = undefined;
        if (previous) await stopRuntime(previous);
        for (const e of ephemeral.values()) {
          if (!e.demo) continue;
          try {
            await e.demo.close();
          } catch (err) {
            logger.warn('closing the demo workspace failed', { error: err });
          }
        }
        ephemeral.clear();
      });
      disposed = true;
      listeners.clear();
    },
  };
}
