import { REDACTED } from './secrets';
import type { SecretRegistry } from './types';

/** Longer strings are cut (after redaction) so one huge body cannot flood the log. */
export const MAX_STRING_LENGTH = 16_384;
const MAX_DEPTH = 12;

/**
 * Whether a field's value is a credential by its name: anything ending in token, secret, password, authorization,
 * cookie, api key, credential(s), code verifier or private key — any case, `_`/`-` ignored (accessToken,
 * access_token, Client-Secret, set-cookie, …).
 */
export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return /(?:tokens?|secrets?|password|passwd|passphrase|authorization|cookies?|apikey|credentials?|codeverifier|privatekey)$/.test(
    k,
  );
}

const JSON_KEY_VALUE = /(\\?["']([A-Za-z0-9_-]{1,64})\\?["']\s*:\s*\\?["'])([^"'\\]+)/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const BASIC = /\b(Basic)\s+[A-Za-z0-9+/]{8,}=*/g;
const AUTHORIZATION =
  /(\b(?:proxy-)?authorization\\?["']?\s*[:=]\s*\\?["']?)(?!\[REDACTED\])(?:[A-Za-z]+\s+)?[^\s"'\\,;}]+/gi;
const COOKIE_HEADER = /(\b(?:set-)?cookie\s*:\s*)[^\r\n"'\\]+/gi;
const QUERY_SECRET =
  /((?:^|[?&#;,\s])(?:access_token|refresh_token|id_token|client_secret|code_verifier|token|password|secret|api_key|apikey)=)[^&\s"'#\\]+/gi;
const QUERY_CODE = /([?&#]code=)[^&\s"'#\\]+/gi;
/** Webex access/refresh tokens: <≥40 alphanumerics>_<cluster>_<org uuid>. */
const WEBEX_TOKEN =
  /\b[A-Za-z0-9]{40,}_[A-Za-z0-9]{2,8}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

/**
 * Redacts one string: registered secret values, then credential patterns (Bearer/Basic credentials,
 * `Authorization: …`, `Cookie: …`, `access_token=…`-style parameters, `"token": "…"` inside embedded JSON, Webex
 * token shapes, JWTs). Never touches quotes or backslashes, so a serialized JSON line stays valid JSON.
 */
export function redactText(text: string, secrets?: SecretRegistry): string {
  let out = secrets ? secrets.redact(text) : text;
  out = out.replace(JSON_KEY_VALUE, (match, prefix: string, key: string) =>
    isSensitiveKey(key) ? `${prefix}${REDACTED}` : match,
  );
  out = out.replace(BEARER, `$1 ${REDACTED}`);
  out = out.replace(BASIC, `$1 ${REDACTED}`);
  out = out.replace(AUTHORIZATION, `$1${REDACTED}`);
  out = out.replace(COOKIE_HEADER, `$1${REDACTED}`);
  out = out.replace(QUERY_SECRET, `$1${REDACTED}`);
  out = out.replace(QUERY_CODE, `$1${REDACTED}`);
  out = out.replace(WEBEX_TOKEN, REDACTED);
  out = out.replace(JWT, REDACTED);
  return out;
}

/**
 * Deep copy of `value` as plain JSON-able data with every secret redacted: sensitive keys' values replaced, strings
 * redacted with `redactText`, errors serialized (name, message, stack, kind, status, trackingId, code, cause, own
 * fields), cycles and excessive depth cut, binary data summarized.
 */
export function redact(value: unknown, secrets?: SecretRegistry): unknown {
  return walk(value, secrets, new Set<object>(), 0);
}

function walk(value: unknown, secrets: SecretRegistry | undefined, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return truncate(redactText(value, secrets));
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return redactText(value.toString(), secrets);
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'object':
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (ArrayBuffer.isView(object)) return `[Binary ${object.byteLength} bytes]`;
  if (object instanceof ArrayBuffer) return `[Binary ${object.byteLength} bytes]`;

  ancestors.add(object);
  try {
    const next = (v: unknown): unknown => walk(v, secrets, ancestors, depth + 1);
    if (object instanceof Error) return redactEntries(Object.entries(serializeError(object)), next);
    if (Array.isArray(object)) return object.map(next);
    if (object instanceof Map)
      return redactEntries(
        [...object.entries()].map(([k, v]) => [String(k), v]),
        next,
      );
    if (object instanceof Set) return [...object].map(next);
    if (typeof Headers !== 'undefined' && object instanceof Headers) return redactEntries([...object.entries()], next);
    if (object instanceof URL) return next(object.href);
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return next(toJSON.call(object));
    return redactEntries(Object.entries(object), next);
  } finally {
    ancestors.delete(object);
  }
}

function redactEntries(entries: [string, unknown][], next: (v: unknown) => unknown): Record<string, unknown> {
  // Null prototype: a field named `__proto__` stays an ordinary field (docs/security.md).
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, v] of entries) {
    out[key] = isSensitiveKey(key) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : next(v);
  }
  return out;
}

/** An Error as a plain object (not yet redacted). */
function serializeError(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  const extra = error as Error & Record<string, unknown>;
  for (const key of ['kind', 'status', 'trackingId', 'code', 'delivery', 'retryAt']) {
    if (extra[key] !== undefined) out[key] = extra[key];
  }
  for (const [key, v] of Object.entries(error)) {
    if (!(key in out)) out[key] = v;
  }
  if (error.cause !== undefined) out.cause = error.cause;
  if (error instanceof AggregateError) out.errors = error.errors;
  return out;
}

function truncate(text: string): string {
  if (text.length <= MAX_STRING_LENGTH) return text;
  return `${text.slice(0, MAX_STRING_LENGTH)}…[${text.length - MAX_STRING_LENGTH} more chars]`;
}
