/**
 * The HTTP pipeline: tracking id → route → faults (latency, pre-processing faults) → auth → per-token rate limit →
 * body → handler → post-processing faults → response. Every response carries a TrackingID; every failure is a
 * standard error body; nothing thrown escapes (500 with a body).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError, MSG } from '../core/errors';
import type { FaultDecision, FaultEngine } from '../core/faults';
import { trackingId as newTrackingId } from '../core/ids';
import type { Rng } from '../core/rng';
import type { RequestLog } from '../core/stats';
import type { FaultKind } from '../types';
import { parseBody } from './body';
import { errorBody, errorResponse, prepare, write, type Prepared } from './respond';
import { missingScope, missingScopeMessage } from '../core/scopes';
import { Router } from './router';
import type { ApiRequest, ApiResponse, Route, SimContext } from './types';

/** Bodies above this are refused (attachments are limited to 100 MB, §6). */
const MAX_BODY_BYTES = 110 * 1024 * 1024;

export interface ControlHandler {
  handle(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Buffer,
    contentType: string | undefined,
  ): Promise<ApiResponse>;
}

export interface ServerDeps {
  ctx: SimContext;
  routes: Route[];
  faults: FaultEngine;
  log: RequestLog;
  trackingRng: Rng;
  /** Aborted when the simulator closes (ends latency sleeps). */
  closeSignal: AbortSignal;
  controlSecret: string | undefined;
  control: ControlHandler;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'The request body is too large.'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

const HTML_BODY =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

export function createSimServer(deps: ServerDeps): Server {
  const router = new Router(deps.routes);
  const { ctx, faults, log } = deps;

  const record = (
    method: string,
    path: string,
    query: URLSearchParams,
    status: number,
    route: string,
    trackingId: string,
    fault?: FaultKind,
  ): void => {
    const entry = {
      method,
      path,
      query: Object.fromEntries(query),
      status,
      at: ctx.world.clock.now(),
      route,
      trackingId,
    } as Parameters<RequestLog['record']>[0];
    if (fault) entry.fault = fault;
    log.record(entry);
  };

  const handleControl = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
    trackingId: string,
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    let result: ApiResponse;
    if (deps.controlSecret === undefined) {
      await readBody(req).catch(() => Buffer.alloc(0));
      result = { status: 404, json: errorBody(MSG.notFound, trackingId) };
    } else if (!secretMatches(req.headers['x-sim-control'], deps.controlSecret)) {
      await readBody(req).catch(() => Buffer.alloc(0));
      result = { status: 401, json: errorBody('A valid X-Sim-Control header is required.', trackingId) };
    } else {
      try {
        const body = await readBody(req);
        result = await deps.control.handle(method, path, query, body, req.headers['content-type']);
      } catch (e) {
        if (!(e instanceof ApiError)) ctx.logger.error('sim control failed', { error: String(e) });
        result = errorResponse(e, trackingId);
      }
    }
    write(res, prepare(result, trackingId), method === 'HEAD');
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const trackingId = newTrackingId(deps.trackingRng);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const qAt = url.indexOf('?');
    const rawPath = qAt >= 0 ? url.slice(0, qAt) : url;
    const query = new URLSearchParams(qAt >= 0 ? url.slice(qAt + 1) : '');

    if (rawPath === '/_sim' || rawPath.startsWith('/_sim/')) {
      await handleControl(req, res, rawPath.slice('/_sim'.length) || '/', query, trackingId);
      return;
    }

    let path: string | undefined;
    if (rawPath.startsWith('/v1/')) {
      path = rawPath.slice(3);
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    }
    const match = path === undefined ? ({ kind: 'none' } as const) : router.match(method, path);
    const template =
      match.kind === 'ok' ? match.route.template : match.kind === 'method' ? match.template : '(unknown)';
    const routeKey = `${method} ${template}`;

    const decision: FaultDecision | undefined = faults.decide(method, template);
    if (decision && decision.latencyMs > 0) {
      try {
        await ctx.world.clock.sleep(decision.latencyMs, deps.closeSignal);
      } catch {
        req.socket.destroy();
        return;
      }
    }
    if (decision?.pre === 'resetBefore') {
      record(method, rawPath, query, 0, routeKey, trackingId, 'resetBefore');
      req.socket.destroy();
      return;
    }
    if (decision?.pre === 'hang') {
      // Never answered; the socket is destroyed when the client gives up or the simulator closes.
      record(method, rawPath, query, 0, routeKey, trackingId, 'hang');
      req.resume();
      return;
    }

    let result: ApiResponse;
    let fault: FaultKind | undefined = decision && decision.latencyMs > 0 ? 'latency' : undefined;
    try {
      const raw = await readBody(req);
      if (decision?.pre === 'rateLimit') {
        fault = 'rateLimit';
        throw new ApiError(429, MSG.rateLimited, { 'Retry-After': decision.retryAfter });
      }
      if (decision?.pre === 'error') {
        fault = 'error';
        throw new ApiError(decision.errorStatus, decision.errorStatus === 503 ? 'Service Unavailable' : MSG.internal);
      }
      if (match.kind === 'none') throw new ApiError(404, MSG.notFound);
      if (match.kind === 'method') throw new ApiError(405, MSG.methodNotAllowed, { Allow: match.allowed.join(', ') });
      const route = match.route;
      const apiReq: ApiRequest = {
        method,
        path: path as string,
        query,
        headers: req.headers,
        params: match.params,
        body: { kind: 'none' },
        caller: undefined as unknown as ApiRequest['caller'],
        token: '',
      };
      if (route.auth) {
        const who = ctx.auth.authenticate(req.headers.authorization);
        if (!who) throw new ApiError(401, MSG.unauthorized);
        apiReq.caller = who.person;
        apiReq.token = who.token;
        const retryAfter = ctx.rateLimiter.checkToken(who.token, ctx.world.clock.now());
        if (retryAfter !== undefined) throw new ApiError(429, MSG.rateLimited, { 'Retry-After': retryAfter });
        const lacking = missingScope(who.scopes, routeKey);
        if (lacking !== undefined) throw new ApiError(403, missingScopeMessage(lacking));
      }
      apiReq.body = await parseBody(route.body, method, req.headers['content-type'], raw);
      result = await route.handler(apiReq, ctx);
    } catch (e) {
      if (!(e instanceof ApiError))
        ctx.logger.error('sim request failed', { route: routeKey, error: e instanceof Error ? e.stack : String(e) });
      result = errorResponse(e, trackingId);
    }

    const prepared: Prepared = prepare(result, trackingId);
    if (decision?.post === 'resetAfter') {
      record(method, rawPath, query, 0, routeKey, trackingId, 'resetAfter');
      req.socket.destroy();
      return;
    }
    if (decision?.post === 'truncate' && prepared.body !== undefined && method !== 'HEAD') {
      record(method, rawPath, query, prepared.status, routeKey, trackingId, 'truncate');
      const full = Buffer.isBuffer(prepared.body) ? prepared.body : Buffer.from(prepared.body, 'utf8');
      res.writeHead(prepared.status, prepared.headers);
      res.write(full.subarray(0, Math.max(1, Math.floor(full.length / 2))), () => {
        setImmediate(() => req.socket.destroy());
      });
      return;
    }
    if (decision?.post === 'nonJson') {
      fault = 'nonJson';
      prepared.body = HTML_BODY;
      prepared.headers['Content-Type'] = 'text/html';
      prepared.headers['Content-Length'] = Buffer.byteLength(HTML_BODY);
    }
    record(method, rawPath, query, prepared.status, routeKey, trackingId, fault);
    write(res, prepared, method === 'HEAD');
  };

  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    handleApi(req, res).catch((e: unknown) => {
      ctx.logger.error('sim pipeline failed', { error: e instanceof Error ? e.stack : String(e) });
      if (!res.headersSent) {
        try {
          write(
            res,
            prepare({ status: 500, json: errorBody(MSG.internal, 'ROUTER_INTERNAL') }, 'ROUTER_INTERNAL'),
            false,
          );
          return;
        } catch {
          // fall through
        }
      }
      req.socket.destroy();
    });
  });
  // Unparseable HTTP never reaches a handler; it still gets a standard error body and a TrackingID.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tracking = newTrackingId(deps.trackingRng);
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify(errorBody(tooLarge ? 'Request header fields too large.' : 'Bad request.', tracking));
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\nTrackingID: ${tracking}\r\n` +
        `Content-Type: application/json;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  return server;
}
