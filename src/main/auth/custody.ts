/**
 * Token custody: the tokens, refresh tokens and client secrets of saved identities in the SecretVault (OS keychain,
 * or memory for this session), registered with the log redactor the moment they are read. Nothing here keeps a
 * secret in a field; no secret leaves through a result, an event or an error (docs/security.md).
 */
import { AppFailure } from '../errors';
import type { SecretRegistry } from '../log';
import type { IdentityRecord, StoredIdentity } from './identities';
import type { TokenSet } from './refresh';
import { clientSecretAccount, originOf, tokenAccount } from './secret-store/accounts';
import type { SecretVault } from './secret-store/vault';

type Holder = Pick<IdentityRecord, 'apiBaseUrl' | 'personId'>;

export interface TokenCustody {
  readonly vault: SecretVault;
  /** Throws `keychainUnavailable` (in words the operator can act on) when nothing can be saved. */
  requireStorage(): void;
  /** Saves an identity's tokens; a saved refresh token is removed when `tokens` has none. */
  saveTokens(holder: Holder, tokens: TokenSet, options?: { replaceRefresh?: boolean }): Promise<void>;
  /** Removes an identity's tokens; warns when the keychain could not be reached to do so. */
  removeTokens(holder: Holder & Pick<IdentityRecord, 'displayName'>): Promise<void>;
  /** A saved identity's tokens with their timing, or undefined when the access token is gone. */
  readTokens(s: StoredIdentity): Promise<TokenSet | undefined>;
  readClientSecret(apiBaseUrl: string, clientId: string): Promise<string | undefined>;
  saveClientSecret(apiBaseUrl: string, clientId: string, secret: string): Promise<void>;
  deleteClientSecret(apiBaseUrl: string, clientId: string): Promise<void>;
}

export interface TokenCustodyDeps {
  vault: SecretVault;
  secrets: SecretRegistry;
  /** Raises a keychain warning in the window. */
  warn(message: string): void;
}

export function createTokenCustody({ vault, secrets, warn }: TokenCustodyDeps): TokenCustody {
  return {
    vault,
    requireStorage() {
      if (vault.canStore) return;
      const detail = vault.view().detail;
      throw new AppFailure(
        'keychainUnavailable',
        `The system keychain is not available${detail ? ` (${detail.replace(/\.$/, '')})` : ''}, so the sign-in cannot be saved. Choose “Keep secrets for this session only” to sign in without it.`,
      );
    },

    async saveTokens(holder, tokens, options = {}) {
      const origin = originOf(holder.apiBaseUrl);
      // The rotating refresh token first: once Webex has issued a new one, the old one is spent.
      if (tokens.refreshToken !== undefined) {
        await vault.set(tokenAccount(origin, holder.personId, 'refresh'), tokens.refreshToken);
      }
      await vault.set(tokenAccount(origin, holder.personId, 'access'), tokens.accessToken);
      if (options.replaceRefresh && tokens.refreshToken === undefined) {
        await vault.delete(tokenAccount(origin, holder.personId, 'refresh'));
      }
    },

    async removeTokens(holder) {
      const origin = originOf(holder.apiBaseUrl);
      const a = await vault.delete(tokenAccount(origin, holder.personId, 'access'));
      const r = await vault.delete(tokenAccount(origin, holder.personId, 'refresh'));
      if (a.keychainFailed || r.keychainFailed) {
        warn(
          `The secrets of ${holder.displayName} could not be removed from the system keychain (it is not available). Remove the entries of service “webex-ops-console” by hand if this computer is shared.`,
        );
      }
    },

    async readTokens(s) {
      const origin = originOf(s.apiBaseUrl);
      const accessToken = await vault.get(tokenAccount(origin, s.personId, 'access'));
      if (accessToken === undefined) return undefined;
      secrets.add(accessToken);
      const refreshToken =
        s.method === 'oauth' ? await vault.get(tokenAccount(origin, s.personId, 'refresh')) : undefined;
      if (refreshToken !== undefined) secrets.add(refreshToken);
      const tokens: TokenSet = {
        accessToken,
        obtainedAt: Date.parse(s.tokenObtainedAt ?? s.lastActiveAt ?? s.addedAt),
      };
      if (s.tokenExpiresAt !== undefined) tokens.expiresAt = Date.parse(s.tokenExpiresAt);
      if (s.tokenExpiryEstimated) tokens.estimated = true;
      if (refreshToken !== undefined) tokens.refreshToken = refreshToken;
      if (s.refreshExpiresAt !== undefined) tokens.refreshExpiresAt = Date.parse(s.refreshExpiresAt);
      return tokens;
    },

    async readClientSecret(apiBaseUrl, clientId) {
      const secret = await vault.get(clientSecretAccount(originOf(apiBaseUrl), clientId));
      if (secret !== undefined) secrets.add(secret);
      return secret;
    },

    async saveClientSecret(apiBaseUrl, clientId, secret) {
      secrets.add(secret);
      await vault.set(clientSecretAccount(originOf(apiBaseUrl), clientId), secret);
    },

    async deleteClientSecret(apiBaseUrl, clientId) {
      await vault.delete(clientSecretAccount(originOf(apiBaseUrl), clientId));
    },
  };
}
