/**
 * The sign-in service (docs/architecture.md §2, docs/security.md “Token custody”): composes the parts of sign-in
 * by concern —
 *
 * - identity records (records.ts): saved identities, ephemeral ones, the OAuth client settings;
 * - token custody (custody.ts): secrets in the SecretVault, registered with the log redactor;
 * - the active identity's runtime (runtime.ts): TokenKeeper, client, ActiveSession, listeners;
 * - the ways in (ways-in/): pasted token, OAuth with PKCE, environment token, demo workspace — sharing sign-in.ts;
 * - identity operations (identity-ops.ts): switch, sign out, move, restore;
 * - other saved identities to post as (posting.ts): their own TokenKeeper and client, never the window's;
 * - the session view (session-view.ts) and its one publish step; the thin handlers (handlers.ts).
 *
 * Custody: tokens, refresh tokens and client secrets are registered with the log redactor the moment they are
 * known, live in main only (the SecretStore, and the TokenKeeper of the active identity), and never appear in a
 * result, an event or an error.
 *
 * A token lost mid-session (401 that a refresh cannot cure) does not tear anything down: `current()` keeps
 * returning the same session (same client, same folder) with `identity.signedIn: false`, the state says
 * `reauthRequired` with one notice, and API calls fail fast with `auth` until the operator signs in again as the
 * same identity — which swaps the tokens under the same client, so the open space and watch state carry on.
 */
import { createTokenCustody } from './custody';
import { createSessionHandlers } from './handlers';
import { createIdentityOps } from './identity-ops';
import { createPostingIdentities } from './posting';
import { createIdentityRecords } from './records';
import { createActiveIdentity } from './runtime';
import { SecretVault } from './secret-store/vault';
import { createSessionPublisher, sessionState } from './session-view';
import { createSignIn } from './sign-in';
import type { SessionService, SessionServiceDeps } from './types';
import { createSerialQueue, type WayInContext } from './ways-in/context';
import { closeDemo } from './ways-in/demo';
import { createEnvWayIn } from './ways-in/env';
import { createOAuthWayIn } from './ways-in/oauth';

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const { hub, clock, logger, secrets, store } = deps;
  let disposed = false;

  const records = createIdentityRecords(store);
  const vault = new SecretVault({
    keychain: deps.secretStore,
    logger,
    warn: (message) => deps.warn('keychain', message),
    onChange: () => publisher.publish(),
  });
  const custody = createTokenCustody({ vault, secrets, warn: (message) => deps.warn('keychain', message) });
  const runtime = createActiveIdentity({
    clock,
    logger,
    secrets,
    store,
    ...(deps.dispatcherFactory ? { dispatcherFactory: deps.dispatcherFactory } : {}),
    custody,
    records,
    changed: () => publisher.publish(),
  });
  const signIn = createSignIn({ clock, logger, confirm: deps.confirm, records, custody, runtime });
  const ctx: WayInContext = {
    clock,
    logger,
    secrets,
    records,
    custody,
    runtime,
    signIn,
    serial: createSerialQueue(),
    publish: () => publisher.publish(),
  };
  const env = createEnvWayIn(ctx, deps.env);
  const oauth = createOAuthWayIn(ctx, { ops: deps.ops, openExternal: deps.openExternal });
  const identities = createIdentityOps(ctx);
  const posting = createPostingIdentities({
    clock,
    logger,
    secrets,
    custody,
    records,
    runtime,
    changed: () => publisher.publish(),
  });

  const state = () => {
    const active = runtime.current();
    return sessionState({
      ...(active
        ? {
            active: {
              record: active.record,
              needsReauth: active.keeper.needsReauth,
              ...(active.alert ? { alert: active.alert } : {}),
            },
          }
        : {}),
      identities: records.list(active?.record),
      secretBackend: vault.view(),
      oauthClient: records.oauthView(),
      envTokenAvailable: env.available,
    });
  };
  const publisher = createSessionPublisher(hub, state);

  return {
    handlers: createSessionHandlers({
      hub,
      ctx,
      identities,
      oauth,
      env,
      vault,
      ...(deps.startDemo ? { startDemo: deps.startDemo } : {}),
      state,
    }),
    current: () => runtime.current()?.session,
    onChange: (listener) => runtime.onChange(listener),
    postingIdentity: (ref) => posting.get(ref),
    async start() {
      try {
        await records.open();
        await vault.probe();
        await ctx.serial(() => identities.restore());
      } finally {
        publisher.publish();
      }
    },
    async dispose() {
      if (disposed) return;
      await oauth.dispose();
      await posting.dispose();
      await ctx.serial(async () => {
        await runtime.stop();
        for (const e of records.ephemeral.values()) if (e.demo) await closeDemo(ctx, e.demo);
        records.ephemeral.clear();
      });
      disposed = true;
      publisher.close();
      runtime.dispose();
    },
  };
}
