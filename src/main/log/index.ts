export { createFileLogger, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, type FileLoggerOptions } from './file-logger';
export { createSecretRegistry, MIN_SECRET_LENGTH, REDACTED } from './secrets';
export { isSensitiveKey, redact, redactText } from './redact';
export {
  LOG_LEVELS,
  nullLogger,
  type FileLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  type SecretRegistry,
} from './types';
