import type { z } from 'zod';
import type { AppErrorIssue } from '../../shared/errors';
import type { DocumentSpec } from './types';

export type DecodeProblem = 'corrupt' | 'invalid' | 'futureVersion';

export type DecodeResult<T> =
  { ok: true; value: T; fromVersion: number } | { ok: false; kind: DecodeProblem; message: string };

/** Document envelope on disk. */
export interface Envelope {
  schemaVersion: number;
  data: unknown;
}

export function encodeDocument(schemaVersion: number, data: unknown): string {
  const envelope: Envelope = { schemaVersion, data };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/**
 * Parses a stored document, migrates it forward step by step and validates it against the current schema.
 * Pure: never throws (a throwing migration makes the document `invalid`).
 */
export function decodeDocument<T>(spec: DocumentSpec<T>, text: string): DecodeResult<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: 'corrupt', message: `Not valid JSON (${describe(e)}).` };
  }
  if (!isEnvelope(parsed)) {
    return { ok: false, kind: 'invalid', message: 'Not a { schemaVersion, data } document.' };
  }
  const fromVersion = parsed.schemaVersion;
  if (fromVersion > spec.schemaVersion) {
    return {
      ok: false,
      kind: 'futureVersion',
      message: `Written by a newer version of the app (schema ${fromVersion}; this version reads up to ${spec.schemaVersion}).`,
    };
  }
  let data = parsed.data;
  for (let v = fromVersion; v < spec.schemaVersion; v++) {
    const step = spec.migrations?.[v];
    if (!step) return { ok: false, kind: 'invalid', message: `No migration from schema version ${v}.` };
    try {
      data = step(data);
    } catch (e) {
      return { ok: false, kind: 'invalid', message: `Migration from schema version ${v} failed (${describe(e)}).` };
    }
  }
  const result = spec.schema.safeParse(data);
  if (!result.success) {
    return {
      ok: false,
      kind: 'invalid',
      message: `Does not match schema version ${spec.schemaVersion}: ${formatIssues(toIssues(result.error))}.`,
    };
  }
  return { ok: true, value: result.data, fromVersion };
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    'data' in v && typeof v.schemaVersion === 'number' && Number.isSafeInteger(v.schemaVersion) && v.schemaVersion >= 0
  );
}

export function toIssues(error: z.ZodError): AppErrorIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.'),
    message: issue.message,
  }));
}

export function formatIssues(issues: AppErrorIssue[], max = 3): string {
  const shown = issues.slice(0, max).map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`));
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}

export function describe(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
