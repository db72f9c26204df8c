/** Writing responses the way the real service does (webex-api.md §1, §5, §12). */
import type { ServerResponse } from 'node:http';
import { ApiError, MSG } from '../core/errors';
import type { ApiResponse } from './types';

export const JSON_TYPE = 'application/json;charset=UTF-8';

const NULL_RE = /[:[,]null[,\]}]/;

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(stripNulls);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
    return out;
  }
  return value;
}

/**
 * JSON.stringify with the final guard: absent fields are omitted, never null. The cheap check only re-serializes
 * when a `null` token may be present (a string containing ":null," re-serializes to the same text).
 */
export function guardedStringify(value: unknown): string {
  const s = JSON.stringify(value) ?? '{}';
  return NULL_RE.test(s) ? (JSON.stringify(stripNulls(value)) ?? '{}') : s;
}

export function guardText(text: string): string {
  return NULL_RE.test(text) ? guardedStringify(JSON.parse(text) as unknown) : text;
}

export function errorBody(message: string, trackingId: string): { message: string; errors: { description: string }[]; trackingId: string } {
  return { message, errors: [{ description: message }], trackingId };
}

/** Any thrown value → the standard error response (unknown exceptions → 500 with a body, never a crash). */
export function errorResponse(e: unknown, trackingId: string): ApiResponse {
  if (e instanceof ApiError) return { status: e.status, json: errorBody(e.message, trackingId), headers: { ...e.headers } };
  return { status: 500, json: errorBody(MSG.internal, trackingId) };
}

export interface Prepared {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer | string | undefined;
}

/** Headers and body for a response (without writing it), so faults can truncate or replace the body. */
export function prepare(result: ApiResponse, trackingId: string): Prepared {
  const headers: Record<string, string | number> = { TrackingID: trackingId, 'Cache-Control': 'no-cache', ...result.headers };
  if (result.raw) {
    headers['Content-Type'] = result.raw.contentType;
    headers['Content-Length'] = result.raw.data.length;
    return { status: result.status, headers, body: result.raw.data };
  }
  if (result.jsonText === undefined && result.json === undefined) {
    // 204 and redirects: no body at all.
    if (result.status !== 204) headers['Content-Length'] = 0;
    return { status: result.status, headers, body: undefined };
  }
  const text = result.jsonText !== undefined ? guardText(result.jsonText) : guardedStringify(result.json);
  headers['Content-Type'] = JSON_TYPE;
  headers['Content-Length'] = Buffer.byteLength(text, 'utf8');
  return { status: result.status, headers, body: text };
}

export function write(res: ServerResponse, prepared: Prepared, head: boolean): void {
  res.writeHead(prepared.status, prepared.headers);
  if (head || prepared.body === undefined) res.end();
  else res.end(prepared.body);
}
