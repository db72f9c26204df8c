/**
 * The session channels, thin: each one calls one operation and ends in the session view's publish step, whether the
 * operation succeeded or failed half-way — so the window's copy of the slice never drifts from the snapshot.
 */
import { snapshotOf } from '../events/snapshot';
import type { EventHub } from '../events/hub';
import type { SessionState } from '../../shared/contract/channels';
import type { IdentityOps } from './identity-ops';
import type { SecretVault } from './secret-store/vault';
import type { SessionService, StartDemo } from './types';
import type { WayInContext } from './ways-in/context';
import { startDemo } from './ways-in/demo';
import type { EnvWayIn } from './ways-in/env';
import type { OAuthWayIn } from './ways-in/oauth';
import { signInWithToken } from './ways-in/token';

export interface SessionHandlerDeps {
  hub: Pick<EventHub, 'flush' | 'seq'>;
  ctx: WayInContext;
  identities: IdentityOps;
  oauth: OAuthWayIn;
  env: EnvWayIn;
  vault: SecretVault;
  startDemo?: StartDemo;
  state(): SessionState;
}

/** Runs an operation, then publishes the session slice (also when the operation failed). */
export function publishing<A extends unknown[], R>(
  publish: () => void,
  operation: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await operation(...args);
    } finally {
      publish();
    }
  };
}

export function createSessionHandlers(deps: SessionHandlerDeps): SessionService['handlers'] {
  const { ctx, identities, state } = deps;
  const op = <A extends unknown[], R>(operation: (...args: A) => Promise<R>) => publishing(ctx.publish, operation);
  /** Opens identities.json first and runs after every mutation queued before it. */
  const queued = <T>(task: () => Promise<T>): Promise<T> =>
    ctx.serial(async () => {
      await ctx.records.open();
      return task();
    });

  return {
    'session.snapshot': async () => snapshotOf(deps.hub, state),
    'session.signInWithToken': op((input) => signInWithToken(ctx, input)),
    'session.setOAuthClient': op((input) => deps.oauth.setClient(input)),
    'session.startOAuth': op((input) => deps.oauth.start(input)),
    'session.useEnvToken': op(() => deps.env.use()),
    'session.startDemo': op(() => startDemo(ctx, deps.startDemo)),
    'session.switchIdentity': op(({ identityId }) => queued(() => identities.switchTo(identityId))),
    'session.signOut': op(({ identityId, forget }) =>
      queued(async () => {
        const id = identityId ?? ctx.runtime.current()?.record.id;
        if (id !== undefined) await identities.signOut(id, forget === true);
        return state();
      }),
    ),
    'session.setApiBaseUrl': op(({ identityId, apiBaseUrl }) =>
      queued(async () => {
        await identities.setApiBaseUrl(identityId, apiBaseUrl);
        return state();
      }),
    ),
    'session.useSessionOnlySecrets': op(async () => deps.vault.useSessionOnly()),
  };
}
