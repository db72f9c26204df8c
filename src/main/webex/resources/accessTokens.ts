import type { ErrorKind } from '../../../shared/errors';
import { accessTokenSchema } from '../schemas';
import type { AccessToken, AuthorizationCodeExchange, CallOptions, RefreshTokenExchange } from '../types';
import { callJson, invalidInput, type ResourceContext } from './common';

export interface AccessTokensApi {
  /** Authorization-code exchange (with the PKCE `codeVerifier` when one was used). */
  get(exchange: AuthorizationCodeExchange, options?: CallOptions): Promise<AccessToken>;
  /** Refresh-token grant. */
  refresh(exchange: RefreshTokenExchange, options?: CallOptions): Promise<AccessToken>;
}

/** The token endpoint answers 400/401 for a bad code, verifier, client or refresh token: all `auth`. */
const tokenStatusKind = (status: number): ErrorKind | undefined =>
  status === 400 || status === 401 ? 'auth' : undefined;

/**
 * `POST /access_token`, form-urlencoded, without `Authorization`. The response holds secrets: callers must not log
 * it. Like every POST it is retried only when it certainly did not reach the server.
 */
export function createAccessTokensApi(ctx: ResourceContext): AccessTokensApi {
  const post = (form: Record<string, string>, options?: CallOptions): Promise<AccessToken> =>
    callJson(
      ctx,
      {
        method: 'POST',
        path: '/access_token',
        route: '/access_token',
        body: { type: 'form', value: form },
        auth: false,
        idempotent: false,
        statusKind: tokenStatusKind,
      },
      accessTokenSchema,
      'access token response',
      options,
    );
  const required = (values: Record<string, string | undefined>): void => {
    const missing = Object.entries(values)
      .filter(([, v]) => typeof v !== 'string' || v === '')
      .map(([k]) => ({ path: k, message: 'required' }));
    if (missing.length > 0) throw invalidInput('POST', '/access_token', 'missing parameters', missing);
  };
  return {
    get: async (x, options) => {
      required({ clientId: x.clientId, clientSecret: x.clientSecret, code: x.code, redirectUri: x.redirectUri });
      const form: Record<string, string> = {
        grant_type: 'authorization_code',
        client_id: x.clientId,
        client_secret: x.clientSecret,
        code: x.code,
        redirect_uri: x.redirectUri,
      };
      if (x.codeVerifier !== undefined) form.code_verifier = x.codeVerifier;
      return post(form, options);
    },
    refresh: async (x, options) => {
      required({ clientId: x.clientId, clientSecret: x.clientSecret, refreshToken: x.refreshToken });
      return post(
        {
          grant_type: 'refresh_token',
          client_id: x.clientId,
          client_secret: x.clientSecret,
          refresh_token: x.refreshToken,
        },
        options,
      );
    },
  };
}
