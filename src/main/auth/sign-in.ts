/**
 * What every way in shares: checking and agreeing to an API address, asking Webex who a token belongs to, and
 * establishing the identity (saved with its secrets, or held in memory) as the active one.
 */
import type { IdentityView, SignInMethod } from '../../shared/contract/channels';
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { Logger } from '../log/types';
import type { Confirm } from '../platform';
import { resolveApiBaseUrl } from './base-url';
import type { TokenCustody } from './custody';
import { iso, storedExpiry, withExpiry } from './expiry';
import { identityIdFor, identityKindOf, viewOf, type IdentityRecord } from './identities';
import type { Ephemeral, IdentityRecords } from './records';
import type { TokenSet } from './refresh';
import type { ActiveIdentity } from './runtime';
import { originOf } from './secret-store/accounts';
import { whoIs, type Me } from './token-auth';
import type { DemoWorkspace } from './types';

export interface EstablishInput {
  method: SignInMethod;
  apiBaseUrl: string;
  me: Me;
  tokens: TokenSet;
  /** Saved identity with secrets in the vault (token, OAuth), or used for this run only (env, demo). */
  persisted: boolean;
  demo?: DemoWorkspace;
  oauthClientId?: string;
  /** OAuth: the scopes asked for (saved with the identity). */
  scopes?: readonly string[];
}

export interface SignIn {
  /** GET /people/me with a token that is not (yet) anyone's session. */
  identify(apiBaseUrl: string, token: string, source: 'token' | 'env' | 'demo' | 'oauth'): Promise<Me>;
  /** Checks an API base URL and, for an origin not used before, asks the operator (docs/security.md). */
  apiBase(raw: string | undefined): Promise<string>;
  /** Saves (or holds in memory) the identity and its tokens and makes it the active one. */
  establish(input: EstablishInput): Promise<IdentityView>;
}

export interface SignInDeps {
  clock: Clock;
  logger: Logger;
  confirm: Confirm;
  records: IdentityRecords;
  custody: TokenCustody;
  runtime: ActiveIdentity;
}

export function createSignIn(deps: SignInDeps): SignIn {
  const { clock, logger, records, custody, runtime } = deps;
  /** Origins the operator agreed to in this run (saved identities and the OAuth client count as agreed). */
  const agreed = new Set<string>();

  const identify: SignIn['identify'] = async (apiBaseUrl, token, source) => {
    const probe = runtime.makeClient(apiBaseUrl, { getToken: async () => token });
    try {
      return await whoIs(probe, source);
    } finally {
      await probe.close();
    }
  };

  const apiBase: SignIn['apiBase'] = async (raw) => {
    const base = await resolveApiBaseUrl(
      raw,
      deps.confirm,
      (origin) => agreed.has(origin) || records.usesOrigin(origin),
    );
    agreed.add(originOf(base));
    return base;
  };

  const establish: SignIn['establish'] = async (input) => {
    const { me, tokens } = input;
    const origin = originOf(input.apiBaseUrl);
    const id = identityIdFor(origin, me.id);
    const now = iso(clock.now());
    const base: IdentityRecord = {
      id,
      personId: me.id,
      displayName: me.displayName,
      email: me.emails[0] ?? '',
      kind: identityKindOf(me.type),
      personType: me.type,
      apiBaseUrl: input.apiBaseUrl,
      method: input.method,
      demo: input.demo !== undefined,
      persisted: input.persisted,
      signedIn: true,
      lastActiveAt: now,
    };
    if (me.orgId !== undefined) base.orgId = me.orgId;
    if (input.scopes !== undefined) base.scopes = [...input.scopes];
    const record = withExpiry(base, tokens);

    if (input.persisted) {
      if (input.method !== 'token' && input.method !== 'oauth')
        throw new AppFailure('internal', 'Only token and OAuth identities are saved.');
      await custody.saveTokens(record, tokens, { replaceRefresh: true });
      records.ephemeral.delete(id);
      const previous = records.stored(id);
      records.saveActive(
        storedExpiry(
          {
            id,
            personId: me.id,
            displayName: record.displayName,
            email: record.email,
            kind: record.kind,
            personType: me.type,
            apiBaseUrl: input.apiBaseUrl,
            method: input.method,
            signedIn: true,
            addedAt: previous?.addedAt ?? now,
            lastActiveAt: now,
            ...(me.orgId !== undefined ? { orgId: me.orgId } : {}),
            ...(input.oauthClientId !== undefined ? { oauthClientId: input.oauthClientId } : {}),
            ...(input.scopes !== undefined ? { scopes: [...input.scopes] } : {}),
          },
          tokens,
        ),
      );
    } else {
      const entry: Ephemeral = { record, tokens, me };
      if (input.demo) entry.demo = input.demo;
      records.ephemeral.set(id, entry);
    }

    await runtime.activate(record, tokens, me, input.oauthClientId);
    logger.info('signed in', {
      method: input.method,
      identityId: id,
      personType: me.type,
      demo: record.demo,
      persisted: input.persisted,
      backend: input.persisted ? custody.vault.view().kind : 'memory',
    });
    return viewOf(runtime.current()?.record ?? record);
  };

  return { identify, apiBase, establish };
}
