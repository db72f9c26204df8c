import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { Clock } from '../clock';
import type { Logger } from '../log/types';
import { isLoopbackHost } from '../net/loopback';
import type { Timeouts } from '../net/timeouts';
import type { Delivery, ErrorKind } from '../../shared/errors';
import { isPrintableAscii } from '../../shared/ids';
import { isAbortError } from '../errors';
import { backoffDelayMs } from './backoff';
import { classifyTransportError } from './classify';
import { WebexApiError, kindForStatus, parseErrorBody, sanitisedCause, type WebexApiErrorInit } from './errors';
import type { RetryReason, WebexClientEvent } from './events';
import { RateLimitGate, type GateTicket } from './gate';
import { Redactor } from './redact';
import { MalformedResponse } from './responses';
import { parseRetryAfterMs } from './retryAfter';
import { formatWebexTimestamp } from './time';
import type { CallRetry } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';

export type RequestBody =
  | { type: 'json'; value: unknown }
  | { type: 'form'; value: Record<string, string> }
  /** A body that can be produced again for another attempt (multipart upload from disk). */
  | { type: 'stream'; contentType: string; length: number; open(): Readable };

export interface RequestSpec {
  method: HttpMethod;
  url: URL;
  /** Path template relative to the base URL, for events and messages (e.g. `/rooms/{roomId}`). */
  route: string;
  body?: RequestBody;
  /** Send `Authorization: Bearer` (default true). */
  auth?: boolean;
  /**
   * Whether the outcome of a repeat is the same as of one request. Default: GET, HEAD, DELETE, PUT — a POST never
   * is, and a PUT on a message is not either (the 10-edit limit); the caller says so.
   */
  idempotent?: boolean;
  /** 423 Locked (file being scanned) → wait `Retry-After` and repeat, within the wait budget. */
  waitOnLocked?: boolean;
  /** Follow redirects (contents only): https or loopback targets; Authorization dropped across origins. */
  followRedirects?: boolean;
  /** Accept header (default application/json). */
  accept?: string;
  /** Error kind override for some statuses (e.g. OAuth token endpoint: 400 → auth). */
  statusKind?: (status: number) => ErrorKind | undefined;
  signal?: AbortSignal;
  /** The caller's tighter retry budget for this call (see CallRetry). */
  retry?: CallRetry;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  /** The URL that answered (after redirects). */
  url: URL;
  trackingId?: string;
}

export interface TokenSource {
  getToken(): Promise<string>;
  onUnauthorized?(rejected: string): Promise<boolean>;
}

export interface RetryPolicy {
  /** Attempts for transient failures (network, timeouts, 502/503/504), first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Bound on the total time one call may wait for rate-limit pauses (and 423 locks). */
  maxRateLimitWaitMs: number;
  random: () => number;
}

export interface TransportDeps {
  baseUrl: URL;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  emit: (event: WebexClientEvent) => void;
  tokens?: TokenSource;
  userAgent: string;
  timeouts: Timeouts;
  retry: RetryPolicy;
  /** Prefix of the `TrackingID` request header; a per-client UUID and a counter are appended. */
  trackingPrefix?: string;
}

const MAX_REDIRECTS = 5;

/** The client's policy narrowed by a call's budget (a call can only ask for fewer attempts and shorter waits). */
function effectivePolicy(policy: RetryPolicy, call: CallRetry | undefined): RetryPolicy {
  if (call === undefined) return policy;
  const attempts = call.maxAttempts;
  const wait = call.maxRateLimitWaitMs;
  return {
    ...policy,
    maxAttempts:
      typeof attempts === 'number' && Number.isFinite(attempts) && attempts >= 1
        ? Math.min(policy.maxAttempts, Math.floor(attempts))
        : policy.maxAttempts,
    maxRateLimitWaitMs:
      typeof wait === 'number' && Number.isFinite(wait) && wait >= 0
        ? Math.min(policy.maxRateLimitWaitMs, wait)
        : policy.maxRateLimitWaitMs,
  };
}
const MAX_ERROR_BODY_CHARS = 64 * 1024;

function headerString(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0];
  return value;
}

async function safeText(body: TransportResponse['body']): Promise<string> {
  try {
    const text = await body.text();
    return text.length > MAX_ERROR_BODY_CHARS ? text.slice(0, MAX_ERROR_BODY_CHARS) : text;
  } catch {
    return '';
  }
}

async function discard(body: TransportResponse['body']): Promise<void> {
  try {
    await body.dump({ limit: 256 * 1024 });
  } catch {
    // a body we do not need failing to drain changes nothing
  }
}

function isAllowedTarget(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * The client's HTTP core: one `execute` per API call, with authentication, the shared rate-limit gate, retries by
 * the delivery rules (docs/outbox.md), 401 refresh, explicit timeouts, redirects (contents only), tracking ids,
 * events and token-free errors.
 */
export class Transport {
  readonly gate: RateLimitGate;
  private readonly redactor = new Redactor();
  private readonly clientId = randomUUID();
  private counter = 0;

  constructor(private readonly deps: TransportDeps) {
    this.gate = new RateLimitGate(deps.clock, (e) => this.emit(e));
  }

  get baseUrl(): URL {
    return this.deps.baseUrl;
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  emit(event: WebexClientEvent): void {
    try {
      this.deps.emit(event);
    } catch {
      this.deps.logger.warn('webex event listener threw', { event: event.type });
    }
  }

  private nextTrackingId(): string {
    this.counter += 1;
    return `${this.deps.trackingPrefix ?? 'webex-ops-console'}_${this.clientId}_${this.counter}`;
  }

  private async getToken(spec: RequestSpec): Promise<string> {
    const source = this.deps.tokens;
    if (!source) {
      throw this.error(spec, spec.url, 'notSignedIn', 'No access token: not signed in.', { delivery: 'notSent' });
    }
    let token: string;
    try {
      token = await source.getToken();
    } catch (e) {
      if (e instanceof WebexApiError) throw e.withDelivery('notSent');
      if (isAbortError(e)) throw this.cancelled(spec, spec.url, 'notSent');
      const kind: ErrorKind = typeof e === 'object' && e !== null && 'kind' in e ? this.kindOf(e) : 'auth';
      throw this.error(spec, spec.url, kind, 'Could not get an access token.', {
        delivery: 'notSent',
        cause: sanitisedCause(e, (s) => this.redact(s)),
      });
    }
    if (typeof token !== 'string' || token === '') {
      throw this.error(spec, spec.url, 'notSignedIn', 'No access token: not signed in.', { delivery: 'notSent' });
    }
    this.redactor.remember(token);
    // From the environment, the keychain or a token endpoint: one that no HTTP header can carry is refused here,
    // typed, rather than failing inside undici (UND_ERR_INVALID_ARG → internal).
    if (!isPrintableAscii(token)) {
      throw this.error(spec, spec.url, 'auth', 'The access token contains characters no token has.', {
        delivery: 'notSent',
      });
    }
    return token;
  }

  private kindOf(e: object): ErrorKind {
    const kind = (e as { kind?: unknown }).kind;
    const known: ErrorKind[] = ['keychainUnavailable', 'notSignedIn', 'auth', 'storage', 'cancelled'];
    return known.find((k) => k === kind) ?? 'auth';
  }

  error(spec: RequestSpec, url: URL, kind: ErrorKind, message: string, init: WebexApiErrorInit = {}): WebexApiError {
    return new WebexApiError(kind, this.redact(message), {
      ...init,
      method: spec.method,
      path: url.pathname,
    });
  }

  private cancelled(spec: RequestSpec, url: URL, delivery: Delivery): WebexApiError {
    return this.error(spec, url, 'cancelled', `${spec.method} ${spec.route} was cancelled.`, { delivery });
  }

  private async backoff(
    spec: RequestSpec,
    url: URL,
    retry: number,
    attempt: number,
    reason: RetryReason,
  ): Promise<void> {
    const { baseDelayMs, maxDelayMs, random } = this.deps.retry;
    const delayMs = backoffDelayMs(retry, baseDelayMs, maxDelayMs, random);
    this.emit({ type: 'retry', method: spec.method, route: spec.route, reason, attempt, delayMs });
    this.deps.logger.info('webex retry', { method: spec.method, route: spec.route, reason, attempt, delayMs });
    if (delayMs > 0) await this.sleep(spec, url, delayMs);
  }

  private async sleep(spec: RequestSpec, url: URL, ms: number): Promise<void> {
    try {
      await this.deps.clock.sleep(ms, spec.signal);
    } catch (e) {
      if (spec.signal?.aborted || isAbortError(e)) throw this.cancelled(spec, url, 'notSent');
      throw e;
    }
  }

  private requestEvent(
    spec: RequestSpec,
    started: number,
    attempt: number,
    status: number | undefined,
    errorKind?: ErrorKind,
    trackingId?: string,
  ): void {
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    const event: WebexClientEvent = { type: 'request', method: spec.method, route: spec.route, durationMs, attempt };
    if (status !== undefined) event.status = status;
    if (errorKind !== undefined) event.errorKind = errorKind;
    this.emit(event);
    const fields: Record<string, unknown> = { method: spec.method, route: spec.route, status, durationMs, attempt };
    if (trackingId) fields.trackingId = trackingId;
    if (errorKind) fields.errorKind = errorKind;
    this.deps.logger.debug('webex request', fields);
  }

  private buildBody(spec: RequestSpec, headers: Record<string, string>): string | Readable | undefined {
    const body = spec.body;
    if (!body) return undefined;
    switch (body.type) {
      case 'json':
        headers['content-type'] = 'application/json;charset=utf-8';
        return JSON.stringify(body.value);
      case 'form':
        headers['content-type'] = 'application/x-www-form-urlencoded';
        return new URLSearchParams(body.value).toString();
      case 'stream':
        headers['content-type'] = body.contentType;
        headers['content-length'] = String(body.length);
        return body.open();
    }
  }

  /**
   * Performs the call and hands a 2xx response to `read` (which consumes or returns the body). Errors thrown by
   * `read` are mapped too: `MalformedResponse` → `malformed`; transport errors while reading → retried for
   * idempotent calls, else `delivery: 'unknown'` (the server answered 2xx: it processed the request).
   */
  async execute<T>(spec: RequestSpec, read: (response: TransportResponse) => Promise<T>): Promise<T> {
    const { method } = spec;
    const idempotent =
      spec.idempotent ?? (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'PUT');
    const failedDelivery: Delivery = idempotent ? 'notSent' : 'unknown';
    const policy = effectivePolicy(this.deps.retry, spec.retry);
    let url = spec.url;
    let sendAuth = spec.auth !== false;
    let attempt = 0;
    let transientFailures = 0;
    let redirects = 0;
    let waitedMs = 0;
    let refreshed = false;
    let unknownOutcome = false;
    let last429: { trackingId?: string; errors: { description: string }[]; message?: string } | undefined;

    for (;;) {
      if (spec.signal?.aborted) throw this.cancelled(spec, url, 'notSent');

      let ticket: GateTicket;
      try {
        const gate = await this.gate.acquire(spec.signal, Math.max(0, policy.maxRateLimitWaitMs - waitedMs));
        waitedMs += gate.waitedMs;
        if (!gate.ok) {
          const retryAt = formatWebexTimestamp(gate.until);
          const init: WebexApiErrorInit = { delivery: 'notSent', retryAt, errors: last429?.errors ?? [] };
          if (last429) init.status = 429;
          if (last429?.trackingId) init.trackingId = last429.trackingId;
          throw this.error(
            spec,
            url,
            'rateLimited',
            `${method} ${spec.route}: rate limited by Webex until ${retryAt} (waited ${waitedMs} ms of at most ${policy.maxRateLimitWaitMs} ms).`,
            init,
          );
        }
        ticket = gate.ticket;
      } catch (e) {
        if (e instanceof WebexApiError) throw e;
        if (spec.signal?.aborted || isAbortError(e)) throw this.cancelled(spec, url, 'notSent');
        throw e;
      }

      let token: string | undefined;
      try {
        if (sendAuth) token = await this.getToken(spec);
      } catch (e) {
        ticket.release('failed');
        throw e;
      }

      attempt += 1;
      const trackingHeader = this.nextTrackingId();
      const headers: Record<string, string> = {
        accept: spec.accept ?? 'application/json',
        'user-agent': this.deps.userAgent,
        trackingid: trackingHeader,
      };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let started = performance.now();
      let response: Dispatcher.ResponseData;
      try {
        const body = this.buildBody(spec, headers);
        started = performance.now();
        response = await request(url, {
          dispatcher: this.deps.dispatcher,
          method,
          headers,
          body: body ?? null,
          signal: spec.signal ?? null,
          headersTimeout: this.deps.timeouts.headersMs,
          bodyTimeout: this.deps.timeouts.bodyMs,
        });
      } catch (e) {
        ticket.release('failed');
        if (spec.signal?.aborted) {
          this.requestEvent(spec, started, attempt, undefined, 'cancelled');
          throw this.cancelled(spec, url, failedDelivery);
        }
        const c = classifyTransportError(e);
        this.requestEvent(spec, started, attempt, undefined, c.kind);
        if (!c.notSent) unknownOutcome = true;
        const retryable = c.transient && (c.notSent || idempotent);
        if (retryable && transientFailures + 1 < policy.maxAttempts) {
          transientFailures += 1;
          await this.backoff(spec, url, transientFailures, attempt, c.reason);
          continue;
        }
        throw this.error(spec, url, c.kind, `${method} ${spec.route} failed: ${c.description}.`, {
          delivery: c.notSent ? 'notSent' : failedDelivery,
          cause: sanitisedCause(e, (s) => this.redact(s)),
        });
      }

      const status = response.statusCode;
      const trackingId = headerString(response.headers['trackingid']);
      this.requestEvent(spec, started, attempt, status, undefined, trackingId);
      const res: TransportResponse = { status, headers: response.headers, body: response.body, url };
      if (trackingId !== undefined) res.trackingId = trackingId;

      if (status === 429) {
        const parsed = parseErrorBody(await safeText(response.body));
        const retryAfterMs = parseRetryAfterMs(response.headers['retry-after']);
        this.gate.pause(retryAfterMs);
        ticket.release('rateLimited');
        last429 = { errors: parsed.errors };
        const tid = parsed.trackingId ?? trackingId;
        if (tid !== undefined) last429.trackingId = tid;
        if (parsed.message !== undefined) last429.message = parsed.message;
        this.emit({ type: 'retry', method, route: spec.route, reason: 'rateLimited', attempt, delayMs: retryAfterMs });
        this.deps.logger.info('webex rate limited', { method, route: spec.route, retryAfterMs, trackingId: tid });
        continue;
      }
      ticket.release('ok');

      if (status === 423 && spec.waitOnLocked) {
        const parsed = parseErrorBody(await safeText(response.body));
        const ms = parseRetryAfterMs(response.headers['retry-after']);
        if (waitedMs + ms > policy.maxRateLimitWaitMs) {
          const init: WebexApiErrorInit = {
            status,
            delivery: 'notSent',
            retryAt: formatWebexTimestamp(this.deps.clock.now() + ms),
            errors: parsed.errors,
          };
          const tid = parsed.trackingId ?? trackingId;
          if (tid !== undefined) init.trackingId = tid;
          throw this.error(
            spec,
            url,
            'locked',
            `${method} ${spec.route}: the file is locked (423)${parsed.message ? `: ${parsed.message}` : ''}.`,
            init,
          );
        }
        this.emit({ type: 'retry', method, route: spec.route, reason: 'locked', attempt, delayMs: ms });
        const before = this.deps.clock.now();
        await this.sleep(spec, url, ms);
        waitedMs += Math.max(ms, this.deps.clock.now() - before);
        continue;
      }

      if (status === 401 && token !== undefined && !refreshed && this.deps.tokens?.onUnauthorized) {
        const text = await safeText(response.body);
        refreshed = true;
        let renewed: boolean;
        try {
          renewed = (await this.deps.tokens.onUnauthorized(token)) === true;
        } catch {
          renewed = false;
        }
        if (renewed) {
          this.emit({ type: 'retry', method, route: spec.route, reason: 'unauthorized', attempt, delayMs: 0 });
          continue;
        }
        throw this.statusError(spec, url, status, text, trackingId, 'notSent');
      }

      if (
        (status === 502 || status === 503 || status === 504) &&
        idempotent &&
        transientFailures + 1 < policy.maxAttempts
      ) {
        unknownOutcome = true;
        await discard(response.body);
        transientFailures += 1;
        await this.backoff(spec, url, transientFailures, attempt, 'server');
        continue;
      }

      if (status === 404 && method === 'DELETE' && unknownOutcome) {
        // An earlier attempt may have deleted it: done.
        return await read(res);
      }

      if (status >= 300 && status < 400) {
        const location = headerString(response.headers.location);
        await discard(response.body);
        if (!spec.followRedirects || location === undefined) {
          throw this.error(spec, url, 'malformed', `${method} ${spec.route}: unexpected redirect (${status}).`, {
            status,
            delivery: failedDelivery,
            ...(trackingId !== undefined ? { trackingId } : {}),
          });
        }
        let target: URL;
        try {
          target = new URL(location, url);
        } catch {
          throw this.error(spec, url, 'malformed', `${method} ${spec.route}: invalid redirect location.`, {
            status,
            delivery: 'notSent',
          });
        }
        if (!isAllowedTarget(target) || redirects >= MAX_REDIRECTS) {
          throw this.error(
            spec,
            url,
            'malformed',
            `${method} ${spec.route}: refused redirect (${redirects >= MAX_REDIRECTS ? 'too many' : 'insecure target'}).`,
            { status, delivery: 'notSent' },
          );
        }
        redirects += 1;
        if (target.origin !== url.origin) sendAuth = false;
        url = target;
        res.url = url;
        continue;
      }

      if (status >= 200 && status < 300) {
        try {
          return await read(res);
        } catch (e) {
          if (e instanceof WebexApiError) throw e;
          if (e instanceof MalformedResponse) {
            const init: WebexApiErrorInit = { status, delivery: failedDelivery, issues: e.issues };
            if (trackingId !== undefined) init.trackingId = trackingId;
            throw this.error(spec, url, 'malformed', `${method} ${spec.route}: ${e.message}.`, init);
          }
          if (spec.signal?.aborted) throw this.cancelled(spec, url, failedDelivery);
          const c = classifyTransportError(e);
          unknownOutcome = true;
          if (c.transient && idempotent && transientFailures + 1 < policy.maxAttempts) {
            transientFailures += 1;
            await this.backoff(spec, url, transientFailures, attempt, c.reason);
            continue;
          }
          // A stalled body is a timeout; a body cut short (reset, length mismatch, parser error) is malformed.
          const kind: ErrorKind = c.kind === 'timeout' ? 'timeout' : 'malformed';
          const init: WebexApiErrorInit = {
            status,
            delivery: failedDelivery,
            cause: sanitisedCause(e, (s) => this.redact(s)),
          };
          if (trackingId !== undefined) init.trackingId = trackingId;
          throw this.error(
            spec,
            url,
            kind,
            `${method} ${spec.route}: reading the response failed: ${c.description}.`,
            init,
          );
        }
      }

      const text = await safeText(response.body);
      throw this.statusError(spec, url, status, text, trackingId, status >= 500 ? failedDelivery : 'notSent');
    }
  }

  private statusError(
    spec: RequestSpec,
    url: URL,
    status: number,
    bodyText: string,
    headerTrackingId: string | undefined,
    delivery: Delivery,
  ): WebexApiError {
    const parsed = parseErrorBody(bodyText);
    const kind = spec.statusKind?.(status) ?? kindForStatus(status);
    const trackingId = parsed.trackingId ?? headerTrackingId;
    const detail = parsed.message ?? parsed.errors[0]?.description;
    const message = `${spec.method} ${spec.route} failed with ${status}${detail ? `: ${detail}` : ''}${
      trackingId ? ` [Tracking ID: ${trackingId}]` : ''
    }`;
    const init: WebexApiErrorInit = { status, delivery, errors: parsed.errors };
    if (trackingId !== undefined) init.trackingId = trackingId;
    return this.error(spec, url, kind, message, init);
  }
}
