/**
 * The OAuth refresh grant of one saved identity (docs/security.md “Token custody”): the integration's client secret
 * read from the vault once, the rotated tokens registered with the log redactor and returned as the next TokenSet.
 * Shared by the active identity's runtime and the clients of other identities posted as (posting.ts).
 */
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { SecretRegistry } from '../log';
import type { AccessToken, WebexClient } from '../webex';
import type { TokenCustody } from './custody';
import type { IdentityRecord } from './identities';
import { registerGrant, tokenEndpointFailure, tokenSetFromGrant } from './oauth/flow';
import type { TokenSet } from './refresh';

export type RefreshGrant = (refreshToken: string, signal: AbortSignal, client: WebexClient) => Promise<TokenSet>;

export interface RefreshGrantDeps {
  clock: Clock;
  secrets: SecretRegistry;
  custody: TokenCustody;
}

export function createRefreshGrant(
  deps: RefreshGrantDeps,
  record: Pick<IdentityRecord, 'apiBaseUrl'>,
  oauthClientId: string,
  initial: TokenSet,
): RefreshGrant {
  let clientSecret: string | undefined;
  let previous = initial;
  return async (refreshToken, signal, client) => {
    clientSecret ??= await deps.custody.readClientSecret(record.apiBaseUrl, oauthClientId);
    if (clientSecret === undefined) {
      throw new AppFailure('auth', 'The integration’s client secret is no longer saved: sign in with Webex again.');
    }
    let grant: AccessToken;
    try {
      grant = await client.accessTokens.refresh({ clientId: oauthClientId, clientSecret, refreshToken }, { signal });
    } catch (e) {
      throw tokenEndpointFailure(e, 'refresh');
    }
    registerGrant(deps.secrets, grant);
    previous = tokenSetFromGrant(grant, deps.clock.now(), previous);
    return previous;
  };
}
