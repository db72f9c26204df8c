import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_API_BASE_URL, checkBaseUrl } from '../net/baseUrl';

export interface AuthorizeUrlParams {
  /** API base URL (default https://webexapis.com/v1); the URL is `{base}/authorize`. */
  baseUrl?: string;
  clientId: string;
  redirectUri: string;
  /** Space-separated string or a list. */
  scope: string | readonly string[];
  state: string;
  /** PKCE S256 challenge (see `createPkcePair`). */
  codeChallenge?: string;
  codeChallengeMethod?: 'S256';
  /** Pre-fills the e-mail on Webex's sign-in page. */
  loginHint?: string;
}

/**
 * Builds the OAuth authorization URL: client_id, response_type=code, redirect_uri, scope, state, and with PKCE
 * code_challenge + code_challenge_method=S256, optional login_hint. Encoded with %20 for spaces (not `+`).
 */
export function buildAuthorizeUrl(params: AuthorizeUrlParams): string {
  const base = checkBaseUrl(params.baseUrl ?? DEFAULT_API_BASE_URL);
  const scope = typeof params.scope === 'string' ? params.scope.trim() : params.scope.join(' ');
  const pairs: [string, string][] = [
    ['client_id', params.clientId],
    ['response_type', 'code'],
    ['redirect_uri', params.redirectUri],
    ['scope', scope],
    ['state', params.state],
  ];
  if (params.codeChallenge !== undefined) {
    pairs.push(['code_challenge', params.codeChallenge]);
    pairs.push(['code_challenge_method', params.codeChallengeMethod ?? 'S256']);
  }
  if (params.loginHint !== undefined) pairs.push(['login_hint', params.loginHint]);
  const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${base.href.replace(/\/+$/, '')}/authorize?${query}`;
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 challenge of a PKCE verifier. */
export function pkceChallenge(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** A fresh PKCE pair: a 43-character base64url verifier (32 random bytes) and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string; method: 'S256' } {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}
