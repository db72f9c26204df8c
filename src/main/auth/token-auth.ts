import { AppFailure } from '../errors';
import type { Person, WebexClient } from '../webex';
import type { ActiveSession } from './types';

/** Personal access tokens from the developer portal last 12 hours (docs/webex-api.md §1); the API does not say. */
export const PERSONAL_TOKEN_LIFETIME_MS = 12 * 60 * 60_000;

/** The environment variables a token may come from, in order of preference. */
export const ENV_TOKEN_VARIABLES = ['WEBEX_ACCESS_TOKEN', 'WEBEX_TEAMS_ACCESS_TOKEN'] as const;
/** Optional API base URL for the environment token (default https://webexapis.com/v1). */
export const ENV_BASE_URL_VARIABLE = 'WEBEX_API_BASE_URL';

export type Me = ActiveSession['me'];

/**
 * A pasted token as the operator meant it: surrounding whitespace and a leading "Bearer " removed. Whitespace or
 * control characters inside are refused (`invalidInput`) — the message never echoes the value.
 */
export function cleanToken(raw: string): string {
  const token = raw.trim().replace(/^bearer\s+/i, '');
  if (token === '')
    throw new AppFailure('invalidInput', 'Paste an access token.', {
      issues: [{ path: 'token', message: 'Paste an access token.' }],
    });
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    const message = 'The token contains spaces or line breaks: copy it again, in one piece.';
    throw new AppFailure('invalidInput', message, { issues: [{ path: 'token', message }] });
  }
  return token;
}

/** The environment token, if one is set (trimmed; empty counts as unset). */
export function envToken(env: Record<string, string | undefined>): string | undefined {
  for (const name of ENV_TOKEN_VARIABLES) {
    const value = env[name]?.trim();
    if (value) return value.replace(/^bearer\s+/i, '');
  }
  return undefined;
}

export function meOf(person: Person): Me {
  const me: Me = { id: person.id, emails: [...person.emails], displayName: person.displayName, type: person.type };
  if (person.orgId) me.orgId = person.orgId;
  return me;
}

/**
 * Who a token belongs to: `GET /people/me` through `client`. A refused token (401) becomes an `auth` failure in
 * plain words; other failures (network, timeout, server) keep their kind.
 */
export async function whoIs(
  client: WebexClient,
  source: 'token' | 'env' | 'demo' | 'oauth',
  signal?: AbortSignal,
): Promise<Me> {
  try {
    return meOf(await client.people.me(signal ? { signal } : undefined));
  } catch (e) {
    if (e instanceof AppFailure && e.kind === 'auth') {
      const init = {
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.trackingId ? { trackingId: e.trackingId } : {}),
      };
      const message =
        source === 'env'
          ? 'Webex did not accept the token in WEBEX_ACCESS_TOKEN: it may have expired or be for another API address.'
          : source === 'oauth'
            ? 'Webex did not accept the token it just issued. Try signing in again.'
            : source === 'demo'
              ? 'The demo workspace did not accept its own token.'
              : 'Webex did not accept this token. Check that you copied all of it, that it has not expired (personal tokens last 12 hours) and that it is for this API address. Nothing was saved.';
      throw new AppFailure('auth', message, init);
    }
    throw e;
  }
}
