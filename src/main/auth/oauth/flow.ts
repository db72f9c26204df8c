import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { AppFailure } from '../../errors';
import type { Logger } from '../../log/types';
import type { SecretRegistry } from '../../log';
import type { OpenExternal } from '../../platform';
import { buildAuthorizeUrl, createPkcePair, type AccessToken, type WebexClient } from '../../webex';
import type { TokenSet } from '../refresh';
import { startCallbackServer } from './pkce-server';
import { OAUTH_SCOPES, type LoopbackRedirect } from './redirect';

/** How long the app waits for the browser to come back. */
export const OAUTH_BROWSER_TIMEOUT_MS = 5 * 60_000;

export interface OAuthFlowInput {
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirect: LoopbackRedirect;
  loginHint?: string;
}

export interface OAuthFlowDeps {
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  openExternal: OpenExternal;
  /** A client for the API base URL (its token endpoint needs no access token). */
  client: WebexClient;
  timeoutMs?: number;
}

export interface OAuthFlowContext {
  signal: AbortSignal;
  progress(message: string): void;
}

/** The tokens of a grant (code exchange or refresh); a refresh answer without a new refresh token keeps the old one. */
export function tokenSetFromGrant(grant: AccessToken, now: number, previous?: TokenSet): TokenSet {
  const set: TokenSet = {
    accessToken: grant.access_token,
    obtainedAt: now,
    expiresAt: now + grant.expires_in * 1000,
  };
  const refreshToken = grant.refresh_token ?? previous?.refreshToken;
  if (refreshToken !== undefined) set.refreshToken = refreshToken;
  if (grant.refresh_token !== undefined && grant.refresh_token_expires_in !== undefined) {
    set.refreshExpiresAt = now + grant.refresh_token_expires_in * 1000;
  } else if (grant.refresh_token === undefined && previous?.refreshExpiresAt !== undefined) {
    set.refreshExpiresAt = previous.refreshExpiresAt;
  }
  return set;
}

/** Registers every secret of a grant with the log redactor, before anything else touches it. */
export function registerGrant(secrets: SecretRegistry, grant: AccessToken): void {
  secrets.add(grant.access_token);
  if (grant.refresh_token !== undefined) secrets.add(grant.refresh_token);
}

/** Explains a refused token request in words an operator can act on. */
export function tokenEndpointFailure(e: unknown, what: 'code' | 'refresh'): unknown {
  if (!(e instanceof AppFailure) || e.kind !== 'auth') return e;
  const init = {
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.trackingId ? { trackingId: e.trackingId } : {}),
    cause: e,
  };
  if (e.status === 401) {
    return new AppFailure(
      'auth',
      'Webex did not accept the integration’s client id and secret. Check them and sign in again.',
      init,
    );
  }
  return new AppFailure(
    'auth',
    what === 'code'
      ? 'Webex refused the sign-in code. Check that the redirect URI is registered with the integration exactly as shown, then sign in again.'
      : 'Webex refused to renew the sign-in: sign in again.',
    init,
  );
}

/**
 * One OAuth authorization-code round trip with PKCE (docs/webex-api.md Appendix C): binds the redirect URI's port on
 * 127.0.0.1, opens the system browser at `{base}/authorize` with a random `state` and an S256 challenge, waits
 * (cancellable, with a timeout) for the browser to come back with the matching `state`, and exchanges the code with
 * its verifier. The loopback server is closed whatever happens. Returns the new tokens (already registered with
 * the log redactor); the caller stores them.
 */
export async function runOAuthFlow(
  input: OAuthFlowInput,
  deps: OAuthFlowDeps,
  ctx: OAuthFlowContext,
): Promise<TokenSet> {
  const { clock, logger, secrets } = deps;
  const pkce = createPkcePair();
  const state = randomBytes(24).toString('base64url');
  secrets.add(pkce.verifier);
  secrets.add(input.clientSecret);

  if (ctx.signal.aborted) throw new AppFailure('cancelled', 'The sign-in was cancelled.');
  const server = await startCallbackServer(input.redirect, state, logger);
  const waiting = new AbortController();
  const stopWaiting = (): void => waiting.abort();
  ctx.signal.addEventListener('abort', stopWaiting, { once: true });
  try {
    const url = buildAuthorizeUrl({
      baseUrl: input.apiBaseUrl,
      clientId: input.clientId,
      redirectUri: input.redirect.uri,
      scope: OAUTH_SCOPES,
      state,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      ...(input.loginHint !== undefined ? { loginHint: input.loginHint } : {}),
    });
    logger.info('oauth sign-in started', { port: server.port, loginHint: input.loginHint !== undefined });
    ctx.progress('Waiting for the browser…');
    await deps.openExternal(url);

    const timeoutMs = deps.timeoutMs ?? OAUTH_BROWSER_TIMEOUT_MS;
    const timedOut = clock.sleep(timeoutMs, waiting.signal).then(
      () => {
        throw new AppFailure(
          'timeout',
          `No answer from the browser within ${Math.round(timeoutMs / 60_000)} minutes. Start the sign-in again.`,
        );
      },
      () => {
        throw new AppFailure('cancelled', 'The sign-in was cancelled.');
      },
    );
    timedOut.catch(() => undefined);
    const { code } = await Promise.race([server.outcome, timedOut]);
    secrets.add(code);

    ctx.progress('Exchanging the code…');
    let grant: AccessToken;
    try {
      grant = await deps.client.accessTokens.get(
        {
          clientId: input.clientId,
          clientSecret: input.clientSecret,
          code,
          redirectUri: input.redirect.uri,
          codeVerifier: pkce.verifier,
        },
        { signal: ctx.signal },
      );
    } catch (e) {
      throw tokenEndpointFailure(e, 'code');
    }
    registerGrant(secrets, grant);
    return tokenSetFromGrant(grant, clock.now());
  } finally {
    ctx.signal.removeEventListener('abort', stopWaiting);
    waiting.abort();
    await server.close();
  }
}
