/**
 * The one closed set of error kinds (docs/architecture.md §4). Every failure that crosses the bridge is an `AppError` of one
 * of these kinds; the renderer turns kind + details into words through one table (src/renderer/src/errors).
 */
import type { ContractError } from './contract/channels';

/** A failure as plain JSON data. `message` is a redacted diagnostic, not UI copy. Declared in the contract. */
export type AppError = ContractError;
export type ErrorKind = AppError['kind'];
export type Delivery = NonNullable<AppError['delivery']>;
export type AppErrorIssue = NonNullable<AppError['issues']>[number];

export const ERROR_KINDS = [
  'auth',
  'forbidden',
  'notFound',
  'conflict',
  'gone',
  'locked',
  'unscannable',
  'rateLimited',
  'server',
  'network',
  'timeout',
  'malformed',
  'cancelled',
  'invalidInput',
  'notSignedIn',
  'keychainUnavailable',
  'storage',
  'configInvalid',
  'internal',
] as const satisfies readonly ErrorKind[];

type MissingKinds = Exclude<ErrorKind, (typeof ERROR_KINDS)[number]>;
export const ERROR_KINDS_COMPLETE: MissingKinds extends never ? true : MissingKinds = true;

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorKind(v.kind) && typeof v.message === 'string';
}

/** Exhaustiveness guard for switches over closed unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
