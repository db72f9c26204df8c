import { z } from 'zod';
import type { IdentityKind, IdentityView, OAuthClientView, SignInMethod } from '../../shared/contract/channels';
import { identityDir, type DocumentSpec } from '../store';

/** The fixed default redirect URI, shown to the operator so they can register it with their integration. */
import { DEFAULT_REDIRECT_URI } from '../../shared/defaults';

export { DEFAULT_REDIRECT_URI };

const isoTime = z.iso.datetime({ offset: true });

/** A saved identity. No secret is ever stored here: tokens live in the SecretStore only. */
export const storedIdentitySchema = z.object({
  /** sha256(apiOrigin + personId), hex — equals the identity's store folder name. */
  id: z.string().regex(/^[0-9a-f]{64}$/),
  personId: z.string().min(1),
  displayName: z.string(),
  email: z.string(),
  kind: z.enum(['person', 'bot']),
  /** The Webex person type as reported (person, bot or appuser). */
  personType: z.enum(['person', 'bot', 'appuser']),
  orgId: z.string().optional(),
  apiBaseUrl: z.string().min(1),
  method: z.enum(['token', 'oauth']),
  /** Whether secrets were saved for it and not removed since (verified when it is used). */
  signedIn: z.boolean(),
  addedAt: isoTime,
  lastActiveAt: isoTime.optional(),
  tokenExpiresAt: isoTime.optional(),
  tokenExpiryEstimated: z.boolean().optional(),
  /** When the access token was obtained (drives the refresh schedule). */
  tokenObtainedAt: isoTime.optional(),
  refreshExpiresAt: isoTime.optional(),
  /** The integration whose client secret refreshes this identity's tokens. */
  oauthClientId: z.string().optional(),
  /** OAuth: the scopes asked for at the last sign-in (absent: signed in before they were saved — the legacy set). */
  scopes: z.array(z.string().max(200)).max(100).optional(),
});
export type StoredIdentity = z.infer<typeof storedIdentitySchema>;

export const oauthClientSettingsSchema = z.object({
  clientId: z.string().min(1),
  redirectUri: z.string().min(1),
  apiBaseUrl: z.string().min(1),
  /** Whether the client secret was saved to the SecretStore (verified when it is used). Never the secret. */
  secretSaved: z.boolean(),
});
export type OAuthClientSettings = z.infer<typeof oauthClientSettingsSchema>;

export const identitiesDocSchema = z.object({
  identities: z.array(storedIdentitySchema),
  /** The identity that was active last (restored at start). */
  activeId: z.string().optional(),
  oauthClient: oauthClientSettingsSchema.optional(),
});
export type IdentitiesDoc = z.infer<typeof identitiesDocSchema>;

export const IDENTITIES_FILE = 'identities.json';

export const identitiesDocSpec: DocumentSpec<IdentitiesDoc> = {
  file: IDENTITIES_FILE,
  schemaVersion: 1,
  schema: identitiesDocSchema,
  defaults: () => ({ identities: [] }),
};

/** sha256(apiOrigin + personId) hex: the identity id and its store folder name (store.identityDir). */
export function identityIdFor(apiOrigin: string, personId: string): string {
  return identityDir(apiOrigin, personId).slice('identities/'.length);
}

export function identityKindOf(personType: 'person' | 'bot' | 'appuser'): IdentityKind {
  return personType === 'bot' ? 'bot' : 'person';
}

/** What an identity looks like in the session state (plain data, no secret). */
export interface IdentityRecord {
  id: string;
  personId: string;
  displayName: string;
  email: string;
  kind: IdentityKind;
  personType: 'person' | 'bot' | 'appuser';
  orgId?: string;
  apiBaseUrl: string;
  method: SignInMethod;
  demo: boolean;
  persisted: boolean;
  signedIn: boolean;
  lastActiveAt?: string;
  tokenExpiresAt?: string;
  tokenExpiryEstimated?: boolean;
  /** OAuth: the scopes asked for at sign-in (StoredIdentity.scopes). */
  scopes?: string[];
}

export function viewOf(record: IdentityRecord): IdentityView {
  const view: IdentityView = {
    id: record.id,
    personId: record.personId,
    displayName: record.displayName,
    email: record.email,
    kind: record.kind,
    apiBaseUrl: record.apiBaseUrl,
    method: record.method,
    demo: record.demo,
    signedIn: record.signedIn,
    persisted: record.persisted,
  };
  if (record.orgId !== undefined) view.orgId = record.orgId;
  if (record.tokenExpiresAt !== undefined) view.tokenExpiresAt = record.tokenExpiresAt;
  if (record.tokenExpiryEstimated !== undefined) view.tokenExpiryEstimated = record.tokenExpiryEstimated;
  return view;
}

export function recordFromStored(stored: StoredIdentity): IdentityRecord {
  const record: IdentityRecord = {
    id: stored.id,
    personId: stored.personId,
    displayName: stored.displayName,
    email: stored.email,
    kind: stored.kind,
    personType: stored.personType,
    apiBaseUrl: stored.apiBaseUrl,
    method: stored.method,
    demo: false,
    persisted: true,
    signedIn: stored.signedIn,
  };
  if (stored.orgId !== undefined) record.orgId = stored.orgId;
  if (stored.lastActiveAt !== undefined) record.lastActiveAt = stored.lastActiveAt;
  if (stored.tokenExpiresAt !== undefined) record.tokenExpiresAt = stored.tokenExpiresAt;
  if (stored.tokenExpiryEstimated !== undefined) record.tokenExpiryEstimated = stored.tokenExpiryEstimated;
  if (stored.scopes !== undefined) record.scopes = [...stored.scopes];
  return record;
}

export function oauthClientView(
  settings: Pick<OAuthClientSettings, 'clientId' | 'redirectUri' | 'apiBaseUrl'> | undefined,
  hasSecret: boolean,
  defaultApiBaseUrl: string,
): OAuthClientView {
  return {
    clientId: settings?.clientId ?? '',
    redirectUri: settings?.redirectUri ?? DEFAULT_REDIRECT_URI,
    defaultRedirectUri: DEFAULT_REDIRECT_URI,
    apiBaseUrl: settings?.apiBaseUrl ?? defaultApiBaseUrl,
    hasSecret,
  };
}

/** Most recently active first; never-active ones by name. */
export function byRecency(a: IdentityRecord, b: IdentityRecord): number {
  const la = a.lastActiveAt ?? '';
  const lb = b.lastActiveAt ?? '';
  if (la !== lb) return la < lb ? 1 : -1;
  return a.displayName.localeCompare(b.displayName);
}
