/** Typed access to query parameters and bodies for route handlers; bad input → ApiError 400. */
import { ApiError } from '../core/errors';
import type { Body } from './types';

export function queryString(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : v;
}

export interface MaxRule {
  default: number;
  /** Largest allowed value. */
  limit: number;
  /** 'reject' → 400 outside 1..limit (List Rooms: "must be between 1 and 1000, inclusive"); 'clamp' → silently clamped (D-basics). */
  overflow: 'reject' | 'clamp';
}

export function maxParam(q: URLSearchParams, rule: MaxRule): number {
  const raw = q.get('max');
  if (raw === null || raw === '') return rule.default;
  if (!/^-?\d+$/.test(raw.trim())) throw new ApiError(400, `Invalid max value '${raw}'.`);
  const n = Number.parseInt(raw, 10);
  if (n < 1 || (n > rule.limit && rule.overflow === 'reject')) {
    throw new ApiError(400, `max must be between 1 and ${rule.limit}, inclusive.`);
  }
  return Math.min(n, rule.limit);
}

export function jsonBody(body: Body): Record<string, unknown> {
  if (body.kind === 'json') return body.value;
  if (body.kind === 'form') {
    const out = Object.create(null) as Record<string, unknown>; // form field names are the client's
    for (const [k, v] of body.fields) out[k] = v.length === 1 ? v[0] : v;
    return out;
  }
  return {};
}

export function str(obj: Record<string, unknown>, name: string): string | undefined {
  const v = obj[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, `${name} must be a string.`);
  return v;
}

export function requiredStr(obj: Record<string, unknown>, name: string, message = `${name} is required.`): string {
  const v = str(obj, name);
  if (v === undefined || v.trim() === '') throw new ApiError(400, message);
  return v;
}

export function bool(obj: Record<string, unknown>, name: string): boolean | undefined {
  const v = obj[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new ApiError(400, `${name} must be a boolean.`);
}
