/**
 * Webex refusals turned into errors the window can explain (docs/architecture.md §4): a missing OAuth scope
 * ("sign in again to allow …", src/main/auth/scopes.ts), a membership change in a locked space by someone who does
 * not moderate it, a space or message that is gone.
 */
import type { ActiveSession } from '../auth/types';
import { withScope } from '../auth/scopes';
import { AppFailure, type AppFailureInit } from '../errors';
import { WebexApiError } from '../webex';

function initFrom(e: WebexApiError): AppFailureInit {
  const init: AppFailureInit = { cause: e };
  if (e.status !== undefined) init.status = e.status;
  if (e.trackingId !== undefined) init.trackingId = e.trackingId;
  return init;
}

/**
 * A membership change that needs `scope`. A 403 the missing scope explains says so; another 403 in a locked space
 * (`isLocked` is asked only then) is a moderator refusal; anything else passes through unchanged.
 */
export async function moderatedCall<T>(
  session: Pick<ActiveSession, 'grantedScopes'>,
  scope: string,
  what: string,
  run: () => Promise<T>,
  isLocked: () => Promise<boolean>,
): Promise<T> {
  try {
    return await withScope(session, scope, what, run);
  } catch (e) {
    if (e instanceof WebexApiError && e.status === 403 && (await isLocked().catch(() => false))) {
      throw new AppFailure('forbidden', `Only a moderator of this space may do this (${what}).`, {
        ...initFrom(e),
        requiresModerator: true,
      });
    }
    throw e;
  }
}

/** A 404 on `what` (a space deleted meanwhile, a message removed) with words that say which. */
export async function orGone<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof WebexApiError && e.kind === 'notFound')
      throw new AppFailure('notFound', `${what} no longer exists, or this identity cannot see it.`, initFrom(e));
    throw e;
  }
}
