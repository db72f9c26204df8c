/** Token expiry as it is shown (IdentityRecord) and saved (StoredIdentity). Pure. */
import type { IdentityRecord, StoredIdentity } from './identities';
import type { TokenSet } from './refresh';
import type { Me } from './token-auth';

export const iso = (ms: number): string => new Date(ms).toISOString();

type ExpiryFields = Pick<IdentityRecord, 'tokenExpiresAt' | 'tokenExpiryEstimated'>;

export function expiryFields(tokens: TokenSet): ExpiryFields {
  const out: ExpiryFields = {};
  if (tokens.expiresAt !== undefined) {
    out.tokenExpiresAt = iso(tokens.expiresAt);
    out.tokenExpiryEstimated = tokens.estimated === true;
  }
  return out;
}

/** The record with the expiry of `tokens` (none when they do not expire). */
export function withExpiry(record: IdentityRecord, tokens: TokenSet): IdentityRecord {
  const next: IdentityRecord = { ...record };
  delete next.tokenExpiresAt;
  delete next.tokenExpiryEstimated;
  return { ...next, ...expiryFields(tokens) };
}

/** The saved identity with the timing of `tokens` (obtained, expiry, refresh expiry). */
export function storedExpiry(s: StoredIdentity, tokens: TokenSet): StoredIdentity {
  const next: StoredIdentity = { ...s, tokenObtainedAt: iso(tokens.obtainedAt) };
  delete next.tokenExpiresAt;
  delete next.tokenExpiryEstimated;
  delete next.refreshExpiresAt;
  if (tokens.expiresAt !== undefined) {
    next.tokenExpiresAt = iso(tokens.expiresAt);
    next.tokenExpiryEstimated = tokens.estimated === true;
  }
  if (tokens.refreshExpiresAt !== undefined) next.refreshExpiresAt = iso(tokens.refreshExpiresAt);
  return next;
}

/** A saved identity after sign-out: kept, flagged, without token timing. */
export function signedOutStored(s: StoredIdentity): StoredIdentity {
  const next: StoredIdentity = { ...s, signedIn: false };
  delete next.tokenExpiresAt;
  delete next.tokenExpiryEstimated;
  delete next.tokenObtainedAt;
  delete next.refreshExpiresAt;
  return next;
}

/** Who a saved identity is, without a network call. */
export function meFromStored(s: StoredIdentity): Me {
  const me: Me = { id: s.personId, emails: s.email ? [s.email] : [], displayName: s.displayName, type: s.personType };
  if (s.orgId !== undefined) me.orgId = s.orgId;
  return me;
}
