/** Loopback HTTP helpers for the simulator tests (undici `request`, one call = one real request). */
import { request } from 'undici';
import type { Simulator } from '../../../src/sim';

export interface CallOptions {
  token?: string | null;
  json?: unknown;
  body?: string | Buffer | FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
}

/** `path` is relative to /v1 ('/rooms?max=2') or absolute ('http://…'). */
export async function call(sim: Simulator, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const url = path.startsWith('http') ? path : `${sim.baseUrl}${path}`;
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? sim.tokens.operator : opts.token;
  if (token !== null && token !== undefined) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body instanceof FormData) {
    const encoded = new Response(opts.body);
    headers['content-type'] = encoded.headers.get('content-type') as string;
    body = Buffer.from(await encoded.arrayBuffer());
  } else if (opts.body !== undefined) {
    body = opts.body;
  }
  const res = await request(url, { method: method as 'GET', headers, body, signal: opts.signal });
  const text = await res.body.text();
  let parsed: unknown;
  if (text.length > 0 && String(res.headers['content-type'] ?? '').startsWith('application/json'))
    parsed = JSON.parse(text) as unknown;
  return { status: res.statusCode, headers: res.headers, text, body: parsed };
}

/** Narrowing helpers for untyped JSON in assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function items(value: unknown): Record<string, unknown>[] {
  const list = obj(value).items;
  if (!Array.isArray(list)) throw new Error('no items array');
  return list.map(obj);
}

export function str(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`not a string: ${JSON.stringify(value)}`);
  return value;
}

export function header(res: CallResult, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The next-page URL from a Link header, if any. */
export function nextUrl(res: CallResult): string | undefined {
  const link = header(res, 'link');
  return link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
}

/** The standard error body's message, asserting its shape on the way. */
export function errorMessage(res: CallResult): string {
  const b = obj(res.body);
  const message = str(b.message);
  const errors = b.errors;
  if (!Array.isArray(errors) || errors.length !== 1 || obj(errors[0]).description !== message)
    throw new Error(`bad errors: ${res.text}`);
  if (b.trackingId !== header(res, 'trackingid')) throw new Error('trackingId body/header mismatch');
  return message;
}

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const TRACKING = /^ROUTER_[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

export function decodeId(id: string): string {
  return Buffer.from(id, 'base64').toString('utf8');
}
