import type { ErrorKind } from '../../shared/errors';
import type { RetryReason } from './events';

/** What a thrown transport error means for retrying and delivery. */
export interface FailureClass {
  kind: ErrorKind;
  /** The request certainly was not processed by the server (nothing, or nothing usable, reached it). */
  notSent: boolean;
  /** Worth another attempt (subject to the method's rules). */
  transient: boolean;
  reason: RetryReason;
  /** Short, token-free description for messages. */
  description: string;
  code?: string;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const c = codeOf(inner);
      if (c) return c;
    }
  }
  if (e.cause !== undefined && e.cause !== error) return codeOf(e.cause);
  return undefined;
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NODATA',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'EHOSTDOWN',
]);

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/** Classifies an error thrown by undici `request()` or while reading a response body. */
export function classifyTransportError(error: unknown): FailureClass {
  const code = codeOf(error);
  const base = code === undefined ? {} : { code };
  if (code !== undefined && CONNECT_FAILURES.has(code)) {
    const dns = code.startsWith('EAI_') || code === 'ENOTFOUND';
    return {
      ...base,
      kind: 'network',
      notSent: true,
      transient: true,
      reason: 'network',
      description: dns ? `DNS lookup failed (${code})` : `connection failed (${code})`,
    };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return {
      ...base,
      kind: 'timeout',
      notSent: true,
      transient: true,
      reason: 'timeout',
      description: 'connect timeout',
    };
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    return {
      ...base,
      kind: 'network',
      notSent: true,
      transient: false,
      reason: 'network',
      description: `TLS handshake failed (${code})`,
    };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return {
      ...base,
      kind: 'timeout',
      notSent: false,
      transient: true,
      reason: 'timeout',
      description: 'no response headers in time',
    };
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      ...base,
      kind: 'timeout',
      notSent: false,
      transient: true,
      reason: 'timeout',
      description: 'response body stalled',
    };
  }
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return {
      ...base,
      kind: 'malformed',
      notSent: false,
      transient: true,
      reason: 'truncated',
      description: 'response body truncated',
    };
  }
  if (code !== undefined && code.startsWith('HPE_')) {
    return {
      ...base,
      kind: 'malformed',
      notSent: false,
      transient: true,
      reason: 'network',
      description: `invalid HTTP response (${code})`,
    };
  }
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') {
    return {
      ...base,
      kind: 'invalidInput',
      notSent: true,
      transient: false,
      reason: 'network',
      description: 'request body length changed while sending (file modified?)',
    };
  }
  if (
    code === 'UND_ERR_INVALID_ARG' ||
    code === 'UND_ERR_NOT_SUPPORTED' ||
    code === 'ERR_INVALID_ARG_TYPE' ||
    code === 'ERR_INVALID_CHAR' ||
    code === 'ERR_INVALID_URL'
  ) {
    return {
      ...base,
      kind: 'internal',
      notSent: true,
      transient: false,
      reason: 'network',
      description: `invalid request (${code})`,
    };
  }
  if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') {
    return {
      ...base,
      kind: 'network',
      notSent: false,
      transient: false,
      reason: 'network',
      description: 'client closed',
    };
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
    return {
      ...base,
      kind: 'network',
      notSent: false,
      transient: true,
      reason: 'network',
      description: `connection reset (${code})`,
    };
  }
  return {
    ...base,
    kind: 'network',
    notSent: false,
    transient: true,
    reason: 'network',
    description: code ? `network error (${code})` : 'network error',
  };
}
