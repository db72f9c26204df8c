import { createHash } from 'node:crypto';
import path from 'node:path';
import { AppFailure } from '../errors';

/**
 * Resolves a '/'-separated path relative to the data folder. Absolute paths and paths that leave the folder are
 * programming errors (no file name ever comes from the renderer), reported as `internal`.
 */
export function resolveInside(dataDir: string, relative: string): string {
  if (relative.length === 0 || path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw new AppFailure('internal', `Store path must be relative to the data folder: ${JSON.stringify(relative)}`);
  }
  const absolute = path.resolve(dataDir, relative);
  if (!absolute.startsWith(dataDir + path.sep)) {
    throw new AppFailure('internal', `Store path leaves the data folder: ${JSON.stringify(relative)}`);
  }
  return absolute;
}

/**
 * 'identities/<sha256(apiOrigin + personId) hex>'. The origin is normalized with the WHATWG URL parser first
 * (`https://webexapis.com/` and `https://webexapis.com/v1` both mean `https://webexapis.com`), so one identity never
 * ends up with two folders; for a proper origin the hash is exactly sha256(apiOrigin + personId).
 */
export function identityDir(apiOrigin: string, personId: string): string {
  let origin: string;
  try {
    origin = new URL(apiOrigin).origin;
  } catch {
    throw new AppFailure('invalidInput', 'The API origin is not a valid URL.');
  }
  if (origin === 'null') throw new AppFailure('invalidInput', 'The API origin has no http(s) origin.');
  if (personId.length === 0) throw new AppFailure('invalidInput', 'The person id is empty.');
  const hash = createHash('sha256')
    .update(origin + personId, 'utf8')
    .digest('hex');
  return `identities/${hash}`;
}

/** A file-name-safe UTC timestamp: 20260105T090000123Z. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}
