import { AppFailure, type AppFailureInit } from '../errors';
import type { ErrorKind } from '../../shared/errors';

export interface WebexApiErrorInit extends AppFailureInit {
  /** HTTP method of the failed call. */
  method?: string;
  /** URL path of the failed call, without the query string (values there can be sensitive). */
  path?: string;
  /** `errors[].description` from the response body. */
  errors?: { description: string }[];
  /** Whether the error was caused by our own wait/attempt bounds (e.g. the rate-limit wait budget). */
  exhausted?: boolean;
}

/**
 * Every failure of the Webex client. `kind` is one of the shared `ErrorKind`s; `delivery` says whether the request
 * may have reached Webex (`unknown`: a POST — or message PUT — whose outcome is unknown; `notSent` otherwise).
 * Holds no token, no request options, no raw undici error: `cause`, if any, is a sanitised `Error`.
 */
export class WebexApiError extends AppFailure {
  readonly method?: string;
  readonly path?: string;
  readonly errors: readonly { description: string }[];

  constructor(kind: ErrorKind, message: string, init: WebexApiErrorInit = {}) {
    super(kind, message, init);
    this.name = 'WebexApiError';
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
    this.errors = init.errors ?? [];
  }

  /** A copy with another delivery (used when the transport knows more than the layer that threw). */
  withDelivery(delivery: 'notSent' | 'unknown'): WebexApiError {
    const init: WebexApiErrorInit = { delivery, errors: [...this.errors] };
    if (this.status !== undefined) init.status = this.status;
    if (this.trackingId !== undefined) init.trackingId = this.trackingId;
    if (this.retryAt !== undefined) init.retryAt = this.retryAt;
    if (this.issues !== undefined) init.issues = this.issues;
    if (this.method !== undefined) init.method = this.method;
    if (this.path !== undefined) init.path = this.path;
    if (this.cause !== undefined) init.cause = this.cause;
    return new WebexApiError(this.kind, this.message, init);
  }
}

/** The error kind for an HTTP error status. */
export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
    case 405:
    case 411:
    case 413:
    case 414:
    case 415:
    case 422:
      return 'invalidInput';
    case 401:
      return 'auth';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
      return 'conflict';
    case 410:
      return 'gone';
    case 423:
      return 'locked';
    case 428:
      return 'unscannable';
    case 429:
      return 'rateLimited';
    default:
      if (status >= 500 && status <= 599) return 'server';
      if (status >= 400 && status <= 499) return 'invalidInput';
      return 'malformed';
  }
}

/** Parsed Webex error body; tolerant of anything (non-JSON, wrong shapes). */
export interface ParsedErrorBody {
  message?: string;
  errors: { description: string }[];
  trackingId?: string;
}

export function parseErrorBody(text: string): ParsedErrorBody {
  const result: ParsedErrorBody = { errors: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return result;
  }
  if (typeof json !== 'object' || json === null) return result;
  const body = json as Record<string, unknown>;
  if (typeof body.message === 'string') result.message = body.message;
  // OAuth endpoints answer { error, error_description }
  else if (typeof body.error_description === 'string') result.message = body.error_description;
  else if (typeof body.error === 'string') result.message = body.error;
  if (typeof body.trackingId === 'string') result.trackingId = body.trackingId;
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (typeof e === 'object' && e !== null && typeof (e as { description?: unknown }).description === 'string') {
        result.errors.push({ description: (e as { description: string }).description });
      }
    }
  }
  return result;
}

/** Makes a plain, token-free `Error` to use as a `cause`, keeping only a name, a code and a redacted message. */
export function sanitisedCause(error: unknown, redact: (s: string) => string): Error {
  const name =
    error instanceof Error || (typeof error === 'object' && error !== null)
      ? String((error as { name?: unknown }).name ?? 'Error')
      : 'Error';
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? redact(error.message) : redact(String(error));
  const cause = new Error(message.slice(0, 500));
  cause.name = redact(name);
  if (typeof code === 'string') Object.defineProperty(cause, 'code', { value: code, enumerable: true });
  // No stack: it would only point into undici internals and may carry option dumps in some runtimes.
  cause.stack = `${cause.name}: ${cause.message}`;
  return cause;
}
