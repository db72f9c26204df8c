import { randomBytes } from 'node:crypto';
import { createRealClock, type Clock } from '../clock';
import { redact, redactText } from './redact';
import { RotatingFileSink } from './sink';
import { LOG_LEVELS, type FileLogger, type LogFields, type Logger, type LogLevel, type SecretRegistry } from './types';

export interface FileLoggerOptions {
  /** The log folder: `<dataDir>/logs`. Created on the first write. */
  dir: string;
  /** Lowest level written; default 'info'. */
  level?: LogLevel;
  clock?: Clock;
  /** Rotate main.log before it would exceed this many bytes; default 5 MB. */
  maxBytes?: number;
  /** Rotated files kept (main.log.1 … main.log.N); default 3. */
  maxFiles?: number;
  /** Runtime secrets to redact; the auth code registers every token and client secret here. */
  secrets?: SecretRegistry;
  /** Also print each (redacted) line to stdout (debug, info) or stderr (warn, error). */
  alsoConsole?: boolean;
  /** Where the logger's own I/O failure is reported, once; default process.stderr. */
  stderr?: (text: string) => void;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 3;

/** Keys every entry has; a field or binding with one of these names is written as `_<name>`. */
const RESERVED = new Set(['time', 'level', 'msg']);

/**
 * JSON-lines logger: `{ time, level, msg, ...bindings, ...fields }` per line in `<dir>/main.log`. Redaction happens
 * at the sink: fields and bindings are deep-redacted and the serialized line is redacted once more right before it
 * is queued for writing. Logging never throws into the caller.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const clock = options.clock ?? createRealClock();
  const secrets = options.secrets;
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  const iso = (): string => new Date(clock.now()).toISOString();
  let threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  let closed = false;
  let formatFailureReported = false;

  const sink = new RotatingFileSink({
    dir: options.dir,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
    now: iso,
    onFirstError: (error) => {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      const detail = redactText(error instanceof Error ? error.message : String(error), secrets);
      stderr(
        `[log] cannot write ${sink.file}${typeof code === 'string' ? ` (${code})` : ''}: ${detail}; log entries are being lost\n`,
      );
    },
  });

  const emit = (level: LogLevel, bindings: LogFields, msg: string, fields: LogFields | undefined): void => {
    if (closed || LOG_LEVELS.indexOf(level) < threshold) return;
    try {
      const line = `${format(level, bindings, msg, fields)}\n`;
      sink.write(line);
      if (options.alsoConsole) {
        if (level === 'warn' || level === 'error') process.stderr.write(line);
        else process.stdout.write(line);
      }
    } catch (e) {
      if (!formatFailureReported) {
        formatFailureReported = true;
        stderr(
          `[log] could not format a log entry: ${redactText(e instanceof Error ? e.message : String(e), secrets)}\n`,
        );
      }
    }
  };

  const format = (level: LogLevel, bindings: LogFields, msg: string, fields: LogFields | undefined): string => {
    const record: Record<string, unknown> = { time: iso(), level, msg: redactText(String(msg), secrets) };
    const put = (source: LogFields | undefined): void => {
      if (!source) return;
      const clean = redact(source, secrets);
      if (typeof clean !== 'object' || clean === null) return;
      for (const [key, value] of Object.entries(clean)) record[RESERVED.has(key) ? `_${key}` : key] = value;
    };
    put(bindings);
    put(fields);
    // The last step before bytes: redact the serialized line itself.
    return redactText(JSON.stringify(record), secrets);
  };

  const make = (bindings: LogFields): Logger => ({
    debug: (msg, fields) => emit('debug', bindings, msg, fields),
    info: (msg, fields) => emit('info', bindings, msg, fields),
    warn: (msg, fields) => emit('warn', bindings, msg, fields),
    error: (msg, fields) => emit('error', bindings, msg, fields),
    child: (more) => make({ ...bindings, ...more }),
  });

  const root = make({});
  return {
    ...root,
    file: sink.file,
    flush: () => sink.flush(),
    async close() {
      closed = true;
      await sink.close();
    },
    setLevel(level) {
      threshold = LOG_LEVELS.indexOf(level);
    },
    reportInternal(error, context) {
      const correlationId = randomBytes(4).toString('hex');
      emit('error', {}, 'internal error', { correlationId, context, error });
      return correlationId;
    },
  };
}
