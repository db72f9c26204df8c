/**
 * Shapes of the ids and secrets that cross the bridge (docs/security.md): checked at the schema, so a malformed id
 * or token is `invalidInput` before it reaches any code (a lookup, `encodeURIComponent`, an HTTP header).
 *
 * - Webex ids (rooms, messages, people, orgs) are base64 (usually unpadded, sometimes URL-safe) of a Hydra URI
 *   `ciscospark://<cluster>/<TYPE>/<local>` (docs/webex-api.md §7). Nothing else is ever a Webex id, so names such
 *   as `__proto__` or `constructor` are refused here — the collections behind them are Maps besides.
 * - Local ids are made by the app: identity ids (sha256 hex), op ids (uuids), rule and warning ids (uuids or
 *   `source-n`): printable ASCII of a bounded length.
 * - Tokens, client ids and client secrets travel in HTTP headers and form bodies: printable ASCII, no spaces.
 */

export const WEBEX_ID_MAX = 512;
export const LOCAL_ID_MAX = 200;

const BASE64_ID_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HYDRA_PREFIX = 'ciscospark://';
const LOCAL_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const IDENTITY_ID_RE = /^[0-9a-f]{64}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRINTABLE_ASCII_RE = /^[\x21-\x7e]+$/;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** base64 (standard or URL-safe, padded or not) decoded as a binary string; undefined when it is not base64. */
function decodeBase64(value: string): string | undefined {
  const standard = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (standard.length % 4 === 1) return undefined;
  try {
    return atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return undefined;
  }
}

/** A Webex (Hydra) id: base64 of `ciscospark://cluster/TYPE/local`. */
export function isWebexId(value: string): boolean {
  if (value.length < 8 || value.length > WEBEX_ID_MAX || !BASE64_ID_RE.test(value)) return false;
  const decoded = decodeBase64(value);
  if (decoded === undefined || !decoded.startsWith(HYDRA_PREFIX)) return false;
  const segments = decoded.slice(HYDRA_PREFIX.length).split('/');
  return segments.length >= 3 && segments.every((s, i) => i >= 2 || s.length > 0) && (segments[2] ?? '') !== '';
}

/**
 * Names every object answers to. Id-keyed collections are Maps or null-prototype objects whatever the id; refusing
 * these names as local ids as well keeps them out of logs, files and the window (defence in depth).
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  'prototype',
]);

/** An id the app made itself (rule, warning): starts alphanumeric, then letters, digits and `._:-`. */
export function isLocalId(value: string): boolean {
  return value.length > 0 && value.length <= LOCAL_ID_MAX && LOCAL_ID_RE.test(value) && !RESERVED_NAMES.has(value);
}

/** A local identity id: sha256(apiOrigin + personId), lowercase hex (store.identityDir). */
export function isIdentityId(value: string): boolean {
  return IDENTITY_ID_RE.test(value);
}

/** An op id (a random uuid). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Printable ASCII without spaces (tokens, client ids, client secrets). */
export function isPrintableAscii(value: string): boolean {
  return PRINTABLE_ASCII_RE.test(value);
}

/** True when the string holds a UTF-16 surrogate without its pair (not encodable as UTF-8, URIs or headers). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE_RE.test(value);
}
