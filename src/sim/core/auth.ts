/**
 * Access tokens and the OAuth 2 authorization-code flow with PKCE (docs/webex-api.md §1, §2.8, Appendix C).
 * Bearer only; unknown, expired or revoked tokens are refused (401). Refresh tokens rotate: a used one is refused.
 * An integration's tokens carry the scopes asked for at authorize (required; the server checks them per route,
 * scopes.ts); personal and bot tokens are not scoped.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { OAuthClientInput } from '../types';
import { ApiError } from './errors';
import { uuidV4 } from './ids';
import type { PersonRec } from './model';
import { createRng, type Rng } from './rng';
import { parseScopes } from './scopes';
import type { World } from './world';

interface TokenRec {
  person: PersonRec;
  /** Server time (ms) after which the token is refused; undefined = never. */
  expiresAt: number | undefined;
  revoked: boolean;
  /** Scopes granted to an integration's token (scopes.ts); undefined for personal and bot tokens (not scoped). */
  scopes: ReadonlySet<string> | undefined;
}

interface ClientRec {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accessTtlSec: number;
  refreshTtlSec: number;
}

interface CodeRec {
  clientId: string;
  person: PersonRec;
  redirectUri: string;
  challenge: string | undefined;
  expiresAt: number;
  used: boolean;
  scopes: ReadonlySet<string>;
}

interface RefreshRec {
  clientId: string;
  person: PersonRec;
  expiresAt: number;
  used: boolean;
  scopes: ReadonlySet<string>;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  token_type: 'Bearer';
}

/** Authorization codes are short-lived (5 minutes) and single use. */
export const CODE_TTL_MS = 5 * 60_000;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(status: number, code: string, description: string): ApiError {
  // Shape: the standard error body; the text carries the OAuth error code like the real idbroker answer does.
  return new ApiError(status, `(${code}) ${description}`);
}

export class AuthStore {
  private readonly tokens = new Map<string, TokenRec>();
  private readonly clients = new Map<string, ClientRec>();
  private readonly codes = new Map<string, CodeRec>();
  private readonly refreshTokens = new Map<string, RefreshRec>();
  private readonly rng: Rng;

  constructor(private readonly world: World) {
    this.rng = createRng(world.seed, 'tokens');
  }

  /** Token strings shaped like real ones: base64(uuid + 12 chars) + `_PF84_` + org uuid. */
  private newSecret(): string {
    const raw = `${uuidV4(this.rng)}${uuidV4(this.rng).slice(0, 12)}`;
    return `${Buffer.from(raw, 'utf8').toString('base64').replace(/=+$/, '')}_PF84_${this.world.orgUuid}`;
  }

  issue(person: PersonRec, expiresInMs?: number, scopes?: ReadonlySet<string>): string {
    const token = this.newSecret();
    this.tokens.set(token, {
      person,
      expiresAt: expiresInMs === undefined ? undefined : this.world.now() + expiresInMs,
      revoked: false,
      scopes,
    });
    return token;
  }

  /** The caller for an Authorization header, or undefined (→ 401). */
  authenticate(
    header: string | undefined,
  ): { person: PersonRec; token: string; scopes: ReadonlySet<string> | undefined } | undefined {
    if (!header) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return undefined;
    const token = m[1] as string;
    const rec = this.tokens.get(token);
    if (!rec || rec.revoked) return undefined;
    if (rec.expiresAt !== undefined && this.world.now() >= rec.expiresAt) return undefined;
    return { person: rec.person, token, scopes: rec.scopes };
  }

  expire(token: string): void {
    const rec = this.tokens.get(token);
    if (!rec) throw new ApiError(404, 'Unknown token.');
    rec.expiresAt = this.world.now();
  }

  revoke(token: string): void {
    const rec = this.tokens.get(token);
    if (!rec) throw new ApiError(404, 'Unknown token.');
    rec.revoked = true;
  }

  registerClient(input: OAuthClientInput): { clientId: string; clientSecret: string } {
    if (typeof input.redirectUri !== 'string' || !URL.canParse(input.redirectUri))
      throw new ApiError(400, 'redirectUri must be an absolute URL.');
    const clientId = input.clientId ?? `C${this.rng.hex(64)}`;
    const clientSecret = input.clientSecret ?? this.rng.hex(64);
    this.clients.set(clientId, {
      clientId,
      clientSecret,
      redirectUri: input.redirectUri,
      accessTtlSec: input.accessTokenTtlSec ?? 1_209_600,
      refreshTtlSec: input.refreshTokenTtlSec ?? 7_776_000,
    });
    return { clientId, clientSecret };
  }

  /**
   * GET /v1/authorize — auto-approves as `login_hint` (identity key or email; default: the 'operator' identity).
   * Unknown client or a redirect_uri that is not EXACTLY the registered one → 400 without redirect.
   * Returns the Location to redirect to.
   */
  authorize(q: URLSearchParams): string {
    const clientId = q.get('client_id') ?? '';
    const client = this.clients.get(clientId);
    if (!client) throw new ApiError(400, 'Invalid client_id: the client is not registered.');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (redirectUri !== client.redirectUri)
      throw new ApiError(400, 'Invalid redirect_uri: it does not match the registered redirect URI.');
    const state = q.get('state');
    const redirect = (params: Record<string, string>): string => {
      const u = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
      if (state !== null) u.searchParams.append('state', state);
      return u.toString();
    };
    if (q.get('response_type') !== 'code') return redirect({ error: 'unsupported_response_type' });
    const challenge = q.get('code_challenge') ?? undefined;
    const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : undefined);
    if (challenge !== undefined && method !== 'S256') {
      return redirect({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    }
    const scopes = parseScopes(q.get('scope'));
    if (scopes.size === 0) return redirect({ error: 'invalid_scope', error_description: 'scope is required' });
    const hint = q.get('login_hint') ?? 'operator';
    const person = this.world.resolvePerson(hint);
    if (!person) return redirect({ error: 'access_denied', error_description: 'unknown login_hint' });
    const code = this.newSecret();
    this.codes.set(code, {
      clientId,
      person,
      redirectUri,
      challenge,
      expiresAt: this.world.now() + CODE_TTL_MS,
      used: false,
      scopes,
    });
    return redirect({ code });
  }

  /** POST /v1/access_token (form-urlencoded). */
  exchange(form: Map<string, string>): TokenResponse {
    const grantType = form.get('grant_type');
    const clientId = form.get('client_id') ?? '';
    const client = this.clients.get(clientId);
    if (!client || !safeEqual(form.get('client_secret') ?? '', client.clientSecret)) {
      throw oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    const now = this.world.now();
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.clientId !== clientId)
        throw oauthError(400, 'invalid_grant', 'The authorization code is invalid.');
      if (code.used) throw oauthError(400, 'invalid_grant', 'The authorization code has already been used.');
      if (now >= code.expiresAt) throw oauthError(400, 'invalid_grant', 'The authorization code has expired.');
      if ((form.get('redirect_uri') ?? '') !== code.redirectUri)
        throw oauthError(400, 'invalid_grant', 'redirect_uri does not match.');
      if (code.challenge !== undefined) {
        const verifier = form.get('code_verifier') ?? '';
        const computed = createHash('sha256').update(verifier).digest('base64url');
        if (verifier === '' || !safeEqual(computed, code.challenge))
          throw oauthError(400, 'invalid_grant', 'PKCE verification failed.');
      }
      code.used = true;
      return this.grant(client, code.person, now + client.refreshTtlSec * 1000, code.scopes);
    }
    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      const rec = this.refreshTokens.get(token);
      if (!rec || rec.clientId !== clientId) throw oauthError(400, 'invalid_grant', 'The refresh token is invalid.');
      if (rec.used) throw oauthError(400, 'invalid_grant', 'The refresh token has already been used.');
      if (now >= rec.expiresAt) throw oauthError(400, 'invalid_grant', 'The refresh token has expired.');
      rec.used = true;
      // Rotation: a new refresh token with the remaining lifetime of the old one.
      return this.grant(client, rec.person, rec.expiresAt, rec.scopes);
    }
    throw oauthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grantType ?? '(missing)'}`);
  }

  private grant(
    client: ClientRec,
    person: PersonRec,
    refreshExpiresAt: number,
    scopes: ReadonlySet<string>,
  ): TokenResponse {
    const now = this.world.now();
    const access = this.issue(person, client.accessTtlSec * 1000, scopes);
    const refresh = this.newSecret();
    this.refreshTokens.set(refresh, {
      clientId: client.clientId,
      person,
      expiresAt: refreshExpiresAt,
      used: false,
      scopes,
    });
    return {
      access_token: access,
      expires_in: client.accessTtlSec,
      refresh_token: refresh,
      refresh_token_expires_in: Math.max(0, Math.floor((refreshExpiresAt - now) / 1000)),
      token_type: 'Bearer',
    };
  }
}
