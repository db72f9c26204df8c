import { AppFailure } from '../../errors';

/**
 * Scopes the console asks for at sign-in (docs/webex-api.md Appendix C): reading and sending, members, and — for
 * war rooms and teams — creating spaces and using teams. Saved with the identity (identities.ts `scopes`).
 */
export const OAUTH_SCOPES = [
  'spark:rooms_read',
  'spark:rooms_write',
  'spark:messages_read',
  'spark:messages_write',
  'spark:memberships_read',
  'spark:memberships_write',
  'spark:people_read',
  'spark:teams_read',
  'spark:teams_write',
  'spark:team_memberships_read',
  'spark:team_memberships_write',
] as const;

/** What the console asked for before scopes were saved with identities: assumed for identities without `scopes`. */
export const LEGACY_OAUTH_SCOPES = [
  'spark:rooms_read',
  'spark:messages_read',
  'spark:messages_write',
  'spark:memberships_read',
  'spark:memberships_write',
  'spark:people_read',
] as const;

export interface LoopbackRedirect {
  /** The URI exactly as registered with the integration and sent in the authorize request. */
  uri: string;
  /** Always bound on 127.0.0.1. */
  host: '127.0.0.1';
  port: number;
  /** The path the browser comes back to. */
  path: string;
}

function invalid(message: string): AppFailure {
  return new AppFailure('configInvalid', message, { issues: [{ path: 'redirectUri', message }] });
}

/**
 * The redirect URI must be a loopback `http:` URL with an explicit port — `http://127.0.0.1:<port>/<path>` (or
 * `localhost`, which is bound on 127.0.0.1 too) — without query, fragment or credentials, because the app binds
 * exactly that port and path to receive the code. Returns it unchanged (the authorize request must carry exactly the
 * registered string) together with what to bind.
 */
export function parseRedirectUri(raw: string): LoopbackRedirect {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('The redirect URI is not a valid URL.');
  }
  if (url.protocol !== 'http:') {
    throw invalid(
      'The redirect URI must start with http://127.0.0.1:<port>/ (the app receives the code on this computer).',
    );
  }
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw invalid('The redirect URI must point to 127.0.0.1 (this computer).');
  }
  if (url.port === '')
    throw invalid('The redirect URI must name a port, for example http://127.0.0.1:53682/oauth/callback.');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw invalid('The redirect URI must not contain credentials, a query or a fragment.');
  }
  const port = Number(url.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw invalid('The redirect URI port must be between 1024 and 65535.');
  }
  return { uri: text, host: '127.0.0.1', port, path: url.pathname };
}
