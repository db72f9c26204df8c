/**
 * Keychain account names. Every secret is bound to the API origin it was obtained for (docs/security.md): the account
 * starts with the origin, so a token for one deployment is never sent to another.
 *
 *   <apiOrigin>|<personId>|access          the identity's access token
 *   <apiOrigin>|<personId>|refresh         its OAuth refresh token
 *   <apiOrigin>|oauth-client|<clientId>    the integration's client secret
 */
export type TokenSlot = 'access' | 'refresh';

export const DEFAULT_KEYCHAIN_SERVICE = 'webex-ops-console';

/** The account that a reachability probe writes and deletes again. */
export const PROBE_ACCOUNT = 'probe|webex-ops-console';

export function originOf(apiBaseUrl: string): string {
  return new URL(apiBaseUrl).origin;
}

export function tokenAccount(apiOrigin: string, personId: string, slot: TokenSlot): string {
  return `${apiOrigin}|${personId}|${slot}`;
}

export function clientSecretAccount(apiOrigin: string, clientId: string): string {
  return `${apiOrigin}|oauth-client|${clientId}`;
}
