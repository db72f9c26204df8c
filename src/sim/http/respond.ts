/** Writing responses the way the real service does (docs/webex-api.md §1, §5, §12). */
import type { ServerResponse } from 'node:http';
import { ApiError, MSG } from '../core/errors';
import { guardedStringify, guardText } from '../core/guard';
import type { ApiResponse } from './types';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function errorBody(
  message: string,
  trackingId: string,
): { message: string; errors: { description: string }[]; trackingId: string } {
  return { message, errors: [{ description: message }], trackingId };
}

/** Any thrown value → the standard error response (unknown exceptions → 500 with a body, never a crash). */
export function errorResponse(e: unknown, trackingId: string): ApiResponse {
  if (e instanceof ApiError)
    return { status: e.status, json: errorBody(e.message, trackingId), headers: { ...e.headers } };
  return { status: 500, json: errorBody(MSG.internal, trackingId) };
}

const ITEMS_OPEN = Buffer.from('{"items":[');
const ITEMS_CLOSE = Buffer.from(']}');
const COMMA = 0x2c;

/** `{"items":[a,b,…]}` from item bytes, copied once into one buffer. */
export function joinItems(items: Buffer[]): Buffer {
  let length = ITEMS_OPEN.length + ITEMS_CLOSE.length + Math.max(0, items.length - 1);
  for (const item of items) length += item.length;
  const out = Buffer.allocUnsafe(length);
  let at = ITEMS_OPEN.copy(out, 0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[at++] = COMMA;
    at += (items[i] as Buffer).copy(out, at);
  }
  ITEMS_CLOSE.copy(out, at);
  return out;
}

export interface Prepared {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer | string | undefined;
}

/** Headers and body for a response (without writing it), so faults can truncate or replace the body. */
export function prepare(result: ApiResponse, trackingId: string): Prepared {
  const headers: Record<string, string | number> = {
    TrackingID: trackingId,
    'Cache-Control': 'no-cache',
    ...result.headers,
  };
  if (result.raw) {
    headers['Content-Type'] = result.raw.contentType;
    headers['Content-Length'] = result.raw.data.length;
    return { status: result.status, headers, body: result.raw.data };
  }
  if (result.jsonItems) {
    const body = joinItems(result.jsonItems);
    headers['Content-Type'] = JSON_TYPE;
    headers['Content-Length'] = body.length;
    return { status: result.status, headers, body };
  }
  if (result.jsonText === undefined && result.json === undefined) {
    // 204 and redirects: no body at all.
    if (result.status !== 204) headers['Content-Length'] = 0;
    return { status: result.status, headers, body: undefined };
  }
  let text: string;
  if (result.jsonText !== undefined) text = guardText(result.jsonText);
  else text = guardedStringify(result.json);
  const body = Buffer.from(text, 'utf8');
  headers['Content-Type'] = JSON_TYPE;
  headers['Content-Length'] = body.length;
  return { status: result.status, headers, body };
}

export function write(res: ServerResponse, prepared: Prepared, head: boolean): void {
  res.writeHead(prepared.status, prepared.headers);
  if (head || prepared.body === undefined) res.end();
  else res.end(prepared.body);
}
