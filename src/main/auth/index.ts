/**
 * Sign-in and token custody (issue 6): secret stores (OS keychain via keytar, memory for this session only),
 * saved identities, the four ways in (pasted token, OAuth with PKCE, environment token, demo workspace), refresh
 * and re-sign-in. Plain Node — no Electron import (a safeStorage backend can implement `SecretStore` later).
 */
export { createSessionService } from './service';
export { sessionKey } from './session-key';
export {
  createKeytarSecretStore,
  loadKeytar,
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  type KeytarLike,
  type KeytarSecretStoreOptions,
} from './secret-store/keytar';
export { createMemorySecretStore } from './secret-store/memory';
export {
  DEFAULT_KEYCHAIN_SERVICE,
  PROBE_ACCOUNT,
  clientSecretAccount,
  originOf,
  tokenAccount,
  type TokenSlot,
} from './secret-store/accounts';
export { SecretVault } from './secret-store/vault';
export {
  DEFAULT_REDIRECT_URI,
  IDENTITIES_FILE,
  identitiesDocSpec,
  identityIdFor,
  type StoredIdentity,
} from './identities';
export { OAUTH_SCOPES, parseRedirectUri, type LoopbackRedirect } from './oauth/redirect';
export { OAUTH_BROWSER_TIMEOUT_MS } from './oauth/flow';
export { TokenKeeper, refreshDueAt, type ReauthReason, type TokenKeeperOptions, type TokenSet } from './refresh';
export { resolveApiBaseUrl } from './base-url';
export {
  ENV_TOKEN_VARIABLES,
  ENV_BASE_URL_VARIABLE,
  PERSONAL_TOKEN_LIFETIME_MS,
  cleanToken,
  envToken,
} from './token-auth';
export type {
  ActiveSession,
  DemoWorkspace,
  PostingIdentity,
  SecretStore,
  SessionChannel,
  SessionService,
  SessionServiceDeps,
  StartDemo,
} from './types';
