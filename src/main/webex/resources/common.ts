import type { AppErrorIssue } from '../../../shared/errors';
import { WebexApiError } from '../errors';
import { createPaged, type Paged } from '../paged';
import { buildUrl } from '../query';
import { readJsonBody, validate } from '../responses';
import type { ResponseSchema } from '../schemas';
import type { HttpMethod, RequestBody, RequestSpec, Transport } from '../transport';
import type { CallOptions, ListOptions } from '../types';

export interface ResourceContext {
  transport: Transport;
}

export interface CallSpec {
  method: HttpMethod;
  /** Encoded path relative to the base URL, e.g. `/rooms/Y2lz…`. */
  path: string;
  /** Path template for events and messages, e.g. `/rooms/{roomId}`. */
  route: string;
  query?: object;
  body?: RequestBody;
  idempotent?: boolean;
  auth?: boolean;
  statusKind?: RequestSpec['statusKind'];
}

function requestSpec(ctx: ResourceContext, spec: CallSpec, options: CallOptions | undefined): RequestSpec {
  const request: RequestSpec = {
    method: spec.method,
    url: buildUrl(ctx.transport.baseUrl, spec.path, spec.query),
    route: spec.route,
  };
  if (spec.body !== undefined) request.body = spec.body;
  if (spec.idempotent !== undefined) request.idempotent = spec.idempotent;
  if (spec.auth !== undefined) request.auth = spec.auth;
  if (spec.statusKind !== undefined) request.statusKind = spec.statusKind;
  if (options?.signal !== undefined) request.signal = options.signal;
  if (options?.retry !== undefined) request.retry = options.retry;
  return request;
}

/** One call answered with a JSON object validated by `schema`. */
export function callJson<T>(
  ctx: ResourceContext,
  spec: CallSpec,
  schema: ResponseSchema<T>,
  what: string,
  options?: CallOptions,
): Promise<T> {
  return ctx.transport.execute(requestSpec(ctx, spec, options), async (res) =>
    validate(schema, await readJsonBody(res.body), what),
  );
}

/** One call answered with no content (DELETE → 204). */
export function callNoContent(ctx: ResourceContext, spec: CallSpec, options?: CallOptions): Promise<void> {
  return ctx.transport.execute(requestSpec(ctx, spec, options), async (res) => {
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
  });
}

/** A paged list. */
export function list<T>(
  ctx: ResourceContext,
  path: string,
  route: string,
  query: object,
  schema: ResponseSchema<T>,
  what: string,
  options?: ListOptions,
): Paged<T> {
  return createPaged({
    transport: ctx.transport,
    url: buildUrl(ctx.transport.baseUrl, path, query),
    route,
    schema,
    what,
    ...(options?.limit !== undefined ? { limit: options.limit } : {}),
    ...(options?.signal !== undefined ? { signal: options.signal } : {}),
    ...(options?.retry !== undefined ? { retry: options.retry } : {}),
  });
}

/** A local validation failure: nothing was sent. */
export function invalidInput(
  method: HttpMethod,
  route: string,
  message: string,
  issues: AppErrorIssue[] = [],
): WebexApiError {
  return new WebexApiError('invalidInput', `${method} ${route}: ${message}`, {
    delivery: 'notSent',
    method,
    issues,
  });
}

/** Rejects empty ids before they turn into a request for a collection. */
export function requireId(method: HttpMethod, route: string, name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInput(method, route, `${name} is required`, [{ path: name, message: 'required' }]);
  }
}
