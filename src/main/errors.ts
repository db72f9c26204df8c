import type { AppError, AppErrorIssue, Delivery, ErrorKind } from '../shared/errors';

export interface AppFailureInit {
  status?: number;
  trackingId?: string;
  retryAt?: string;
  delivery?: Delivery;
  issues?: AppErrorIssue[];
  missingScopes?: string[];
  requiresModerator?: boolean;
  cause?: unknown;
}

/**
 * The error the core throws. It carries an `AppError` that can cross the bridge as is. Subclasses (for example
 * `WebexApiError`) add detail for the main process; `toAppError()` keeps only plain, redacted data.
 */
export class AppFailure extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly trackingId?: string;
  readonly retryAt?: string;
  readonly delivery?: Delivery;
  readonly issues?: AppErrorIssue[];
  readonly missingScopes?: string[];
  readonly requiresModerator?: boolean;

  constructor(kind: ErrorKind, message: string, init: AppFailureInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AppFailure';
    this.kind = kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.trackingId !== undefined) this.trackingId = init.trackingId;
    if (init.retryAt !== undefined) this.retryAt = init.retryAt;
    if (init.delivery !== undefined) this.delivery = init.delivery;
    if (init.issues !== undefined) this.issues = init.issues;
    if (init.missingScopes !== undefined) this.missingScopes = [...init.missingScopes];
    if (init.requiresModerator !== undefined) this.requiresModerator = init.requiresModerator;
  }

  toAppError(): AppError {
    const error: AppError = { kind: this.kind, message: this.message };
    if (this.status !== undefined) error.status = this.status;
    if (this.trackingId !== undefined) error.trackingId = this.trackingId;
    if (this.retryAt !== undefined) error.retryAt = this.retryAt;
    if (this.delivery !== undefined) error.delivery = this.delivery;
    if (this.issues !== undefined) error.issues = this.issues.map((i) => ({ path: i.path, message: i.message }));
    if (this.missingScopes !== undefined) error.missingScopes = [...this.missingScopes];
    if (this.requiresModerator !== undefined) error.requiresModerator = this.requiresModerator;
    return error;
  }
}

export function isAbortError(e: unknown): boolean {
  return (
    (e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException)) &&
    (e as Error).name === 'AbortError'
  );
}

/** Something to record an unexpected error with; returns the correlation id of the log entry. */
export type InternalErrorReporter = (error: unknown, context: string) => string;

/**
 * Turns any thrown value into an `AppError`. Known failures keep their kind; aborts become `cancelled`; anything
 * else is an `internal` error, reported (so the log has the stack) under a correlation id the UI can show.
 */
export function toAppError(e: unknown, report?: InternalErrorReporter, context = 'unexpected error'): AppError {
  if (e instanceof AppFailure) return e.toAppError();
  if (isAbortError(e)) return { kind: 'cancelled', message: 'The operation was cancelled.' };
  const error: AppError = { kind: 'internal', message: 'An unexpected error occurred in the main process.' };
  if (report) error.correlationId = report(e, context);
  return error;
}
