import type { InternalErrorReporter } from '../errors';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

/**
 * Structured logger. Messages are short constant strings; details go in `fields`. Redaction happens at the sink
 * (src/main/log), so callers never need to scrub — but they must never put a secret in `msg` on purpose.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every entry (e.g. `{ component: 'watch' }`). */
  child(bindings: LogFields): Logger;
}

/** A logger that drops everything: the default where a caller passes none. */
export const nullLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => nullLogger,
};

/** The order levels filter in: a logger at `info` drops `debug`. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Secret values known at runtime (access and refresh tokens, client secrets). The auth code registers each one as
 * soon as it has it; the log sink replaces every occurrence with `[REDACTED]`.
 */
export interface SecretRegistry {
  add(secret: string): void;
  remove(secret: string): void;
  /** Replaces every registered secret in `text` (also in its JSON-escaped form). */
  redact(text: string): string;
}

/** A logger writing JSON lines to `<dir>/main.log`, with rotation and redaction at the sink. */
export interface FileLogger extends Logger {
  /** Absolute path of the current log file. */
  readonly file: string;
  /** Resolves when every entry logged before the call is written and synced (never rejects). */
  flush(): Promise<void>;
  /** Flushes and closes the file; later entries are dropped. */
  close(): Promise<void>;
  /** Changes the level from now on. */
  setLevel(level: LogLevel): void;
  /** Logs an unexpected error with its stack at `error` level; returns the entry's correlation id (8 hex chars). */
  reportInternal: InternalErrorReporter;
}
