/**
 * What an OAuth identity may do (docs/webex-api.md Appendix C). The console saves the scopes it asked for with each
 * identity; one signed in before a feature needed more gets "sign in again to allow …" — a `forbidden` AppError with
 * `missingScopes` — instead of a bare 403 when it first uses that feature.
 */
import { AppFailure } from '../errors';
import { WebexApiError } from '../webex';
import type { ActiveSession } from './types';

/** The scope that grants everything. */
export const ALL_SCOPES = 'spark:all';

/** Whether the session may use `scope`: always for unscoped tokens (personal, bot, environment, demo). */
export function hasScope(session: Pick<ActiveSession, 'grantedScopes'>, scope: string): boolean {
  const granted = session.grantedScopes;
  return granted === undefined || granted.includes(scope) || granted.includes(ALL_SCOPES);
}

/** Words for the window and the log: "sign in again to allow creating spaces (spark:rooms_write)". */
export function missingScopeFailure(scope: string, what: string, cause?: unknown): AppFailure {
  const init: ConstructorParameters<typeof AppFailure>[2] = { missingScopes: [scope], cause };
  if (cause instanceof WebexApiError) {
    if (cause.status !== undefined) init.status = cause.status;
    if (cause.trackingId !== undefined) init.trackingId = cause.trackingId;
  }
  return new AppFailure(
    'forbidden',
    `This sign-in does not allow ${what}: sign in again to allow ${what} (${scope}).`,
    init,
  );
}

/**
 * Runs a Webex call that needs `scope`. A 403 for an identity whose saved scopes lack it becomes the
 * "sign in again to allow …" failure; everything else passes through unchanged.
 */
export async function withScope<T>(
  session: Pick<ActiveSession, 'grantedScopes'>,
  scope: string,
  what: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof WebexApiError && e.status === 403 && !hasScope(session, scope))
      throw missingScopeFailure(scope, what, e);
    throw e;
  }
}
