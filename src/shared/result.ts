import type { ContractResult } from './contract/channels';
import type { AppError } from './errors';

/** What every invoke returns. Nothing is thrown across IPC. */
export type Result<T> = ContractResult<T>;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}
