/** Way in 1: a pasted personal access token (estimated 12 h lifetime) or bot token, saved to the keychain. */
import type { IdentityView, SignInWithTokenInput } from '../../../shared/contract/channels';
import { identityKindOf } from '../identities';
import type { TokenSet } from '../refresh';
import { cleanToken, PERSONAL_TOKEN_LIFETIME_MS } from '../token-auth';
import type { WayInContext } from './context';

/** A bot token does not expire; a personal one lasts about 12 hours from when it was pasted (estimated). */
export function pastedTokenSet(token: string, personType: 'person' | 'bot' | 'appuser', now: number): TokenSet {
  return identityKindOf(personType) === 'bot'
    ? { accessToken: token, obtainedAt: now }
    : { accessToken: token, obtainedAt: now, expiresAt: now + PERSONAL_TOKEN_LIFETIME_MS, estimated: true };
}

export function signInWithToken(ctx: WayInContext, { token, apiBaseUrl }: SignInWithTokenInput): Promise<IdentityView> {
  const value = cleanToken(token);
  ctx.secrets.add(value);
  return ctx.serial(async () => {
    await ctx.records.open();
    const base = await ctx.signIn.apiBase(apiBaseUrl);
    ctx.custody.requireStorage();
    const me = await ctx.signIn.identify(base, value, 'token');
    const tokens = pastedTokenSet(value, me.type, ctx.clock.now());
    return ctx.signIn.establish({ method: 'token', apiBaseUrl: base, me, tokens, persisted: true });
  });
}
