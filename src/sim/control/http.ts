/**
 * The HTTP control API under /_sim (only when a control secret is configured; requests must carry
 * `X-Sim-Control: <secret>` — the server answers 404 without a secret and 401 on a wrong one).
 *
 *   GET    /_sim/identities                    → { tokens, people }
 *   POST   /_sim/post          { as, roomId?|toPersonEmail?|toPersonId?, text?, markdown?, parentId?, files? }
 *                                               files: [url] or [{ name, contentType?, base64 }] → Message
 *   PUT    /_sim/messages/{id} { as, text?|markdown? } → Message
 *   DELETE /_sim/messages/{id}?as=…             → 204
 *   GET    /_sim/messages?roomId=…             → { items } (newest first)
 *   POST   /_sim/rooms         { as, title, teamId? } → Room
 *   GET    /_sim/rooms?as=…                    → { items };   GET /_sim/rooms/find?title=… → Room | 404
 *   POST   /_sim/memberships   { roomId, identity, isModerator? } → Membership
 *   DELETE /_sim/memberships?roomId=…&identity=… → 204
 *   GET|PUT|DELETE /_sim/faults  (PUT body: FaultConfig)
 *   PUT    /_sim/rate-limits   RateLimitConfig;  DELETE /_sim/rate-limits → off
 *   POST   /_sim/tokens        { identity, expiresInMs?, scopes? } → { token }
 *   POST   /_sim/tokens/expire { token };  POST /_sim/tokens/revoke { token }
 *   POST   /_sim/oauth/clients { redirectUri, clientId?, clientSecret?, accessTokenTtlSec?, refreshTokenTtlSec? }
 *   GET    /_sim/driver → { running };  POST /_sim/driver/step → { items };  POST /_sim/driver/start|stop
 *   GET    /_sim/posted → { items };  GET /_sim/requests → { items };  GET /_sim/stats;  DELETE /_sim/stats
 *   PUT    /_sim/skew { ms };  GET /_sim/time → { now, iso, skewMs }
 */
import { ApiError, MSG } from '../core/errors';
import { validateFaultConfig } from '../core/faults';
import { validateRateLimitConfig } from '../core/rateLimits';
import { iso } from '../core/time';
import type { World } from '../core/world';
import type { ControlHandler } from '../http/server';
import type { ApiResponse } from '../http/types';
import type { OAuthClientInput, PostBody, SimControl, SimFile, Simulator } from '../types';

function parseJsonBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (body.length === 0) return {};
  if (!(contentType ?? '').toLowerCase().startsWith('application/json')) {
    throw new ApiError(415, `Content type '${contentType ?? 'text/plain'}' not supported`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, MSG.malformedJson);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, MSG.bodyNotObject);
  return value as Record<string, unknown>;
}

function reqStr(obj: Record<string, unknown>, key: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '') throw new ApiError(400, `${key} is required.`);
  return v;
}

function optStr(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, `${key} must be a string.`);
  return v;
}

function optNum(obj: Record<string, unknown>, key: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiError(400, `${key} must be a number.`);
  return v;
}

function toPostBody(b: Record<string, unknown>): PostBody {
  const body: PostBody = {};
  for (const key of ['roomId', 'toPersonId', 'toPersonEmail', 'text', 'markdown', 'parentId'] as const) {
    const v = optStr(b, key);
    if (v !== undefined) body[key] = v;
  }
  if (b.files !== undefined) {
    if (!Array.isArray(b.files)) throw new ApiError(400, 'files must be an array.');
    body.files = b.files.map((f: unknown): string | SimFile => {
      if (typeof f === 'string') return f;
      if (typeof f !== 'object' || f === null) throw new ApiError(400, 'files items must be URLs or { name, base64 }.');
      const o = f as Record<string, unknown>;
      const file: SimFile = { name: reqStr(o, 'name'), data: Buffer.from(reqStr(o, 'base64'), 'base64') };
      const ct = optStr(o, 'contentType');
      if (ct !== undefined) file.contentType = ct;
      return file;
    });
  }
  return body;
}

function typeError(e: unknown): never {
  if (e instanceof TypeError) throw new ApiError(400, e.message);
  throw e;
}

const ok = (json: unknown): ApiResponse => ({ status: 200, json });
const noContent: ApiResponse = { status: 204 };

export function createControlHttp(
  control: SimControl,
  world: World,
  identities: () => Pick<Simulator, 'tokens' | 'people'>,
): ControlHandler {
  const handleSync = (
    method: string,
    path: string,
    query: URLSearchParams,
    raw: Buffer,
    contentType: string | undefined,
  ): ApiResponse => {
    const body = method === 'GET' || method === 'DELETE' ? {} : parseJsonBody(raw, contentType);
    const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const msgMatch = /^\/messages\/([^/]+)$/.exec(p);
    if (msgMatch) {
      let id = msgMatch[1] as string;
      try {
        id = decodeURIComponent(id);
      } catch {
        throw new ApiError(400, MSG.badId);
      }
      if (method === 'PUT') {
        const edit: { text?: string; markdown?: string } = {};
        const text = optStr(body, 'text');
        const markdown = optStr(body, 'markdown');
        if (text !== undefined) edit.text = text;
        if (markdown !== undefined) edit.markdown = markdown;
        return ok(control.editMessage(reqStr(body, 'as'), id, edit));
      }
      if (method === 'DELETE') {
        control.deleteMessage(query.get('as') ?? '', id);
        return noContent;
      }
    }
    switch (`${method} ${p}`) {
      case 'GET /identities':
        return ok(identities());
      case 'POST /post':
        return ok(control.post(reqStr(body, 'as'), toPostBody(body)));
      case 'GET /messages':
        return ok({ items: control.messages(query.get('roomId') ?? '') });
      case 'POST /rooms': {
        const input: { title: string; teamId?: string } = { title: reqStr(body, 'title') };
        const teamId = optStr(body, 'teamId');
        if (teamId !== undefined) input.teamId = teamId;
        return ok(control.createRoom(reqStr(body, 'as'), input));
      }
      case 'GET /rooms':
        return ok({ items: control.rooms(query.get('as') ?? '') });
      case 'GET /rooms/find': {
        const room = control.findRoom(query.get('title') ?? '');
        if (!room) throw new ApiError(404, MSG.roomNotFound);
        return ok(room);
      }
      case 'POST /memberships':
        return ok(
          control.addMember(reqStr(body, 'roomId'), reqStr(body, 'identity'), {
            isModerator: body.isModerator === true,
          }),
        );
      case 'DELETE /memberships':
        control.removeMember(query.get('roomId') ?? '', query.get('identity') ?? '');
        return noContent;
      case 'GET /faults':
        return ok(control.getFaults());
      case 'PUT /faults':
        try {
          control.setFaults(validateFaultConfig(body));
        } catch (e) {
          typeError(e);
        }
        return ok(control.getFaults());
      case 'DELETE /faults':
        control.clearFaults();
        return noContent;
      case 'PUT /rate-limits':
        try {
          control.setRateLimits(validateRateLimitConfig(body));
        } catch (e) {
          typeError(e);
        }
        return noContent;
      case 'DELETE /rate-limits':
        control.setRateLimits(false);
        return noContent;
      case 'POST /tokens': {
        const expiresInMs = optNum(body, 'expiresInMs');
        const scopes = body.scopes;
        if (scopes !== undefined && (!Array.isArray(scopes) || !scopes.every((x) => typeof x === 'string')))
          throw new ApiError(400, 'scopes must be an array of strings.');
        return ok({
          token: control.issueToken(reqStr(body, 'identity'), {
            ...(expiresInMs === undefined ? {} : { expiresInMs }),
            ...(scopes === undefined ? {} : { scopes: scopes as string[] }),
          }),
        });
      }
      case 'POST /tokens/expire':
        control.expireToken(reqStr(body, 'token'));
        return noContent;
      case 'POST /tokens/revoke':
        control.revokeToken(reqStr(body, 'token'));
        return noContent;
      case 'POST /oauth/clients': {
        const input: OAuthClientInput = { redirectUri: reqStr(body, 'redirectUri') };
        const clientId = optStr(body, 'clientId');
        const clientSecret = optStr(body, 'clientSecret');
        const access = optNum(body, 'accessTokenTtlSec');
        const refresh = optNum(body, 'refreshTokenTtlSec');
        if (clientId !== undefined) input.clientId = clientId;
        if (clientSecret !== undefined) input.clientSecret = clientSecret;
        if (access !== undefined) input.accessTokenTtlSec = access;
        if (refresh !== undefined) input.refreshTokenTtlSec = refresh;
        return ok(control.registerOAuthClient(input));
      }
      case 'GET /driver':
        return ok({ running: control.driver.running });
      case 'POST /driver/step':
        return ok({ items: control.driver.step() });
      case 'POST /driver/start':
        control.driver.start();
        return ok({ running: control.driver.running });
      case 'POST /driver/stop':
        control.driver.stop();
        return ok({ running: control.driver.running });
      case 'GET /posted':
        return ok({ items: control.posted() });
      case 'GET /requests':
        return ok({ items: control.requests() });
      case 'GET /stats':
        return ok(control.stats());
      case 'DELETE /stats':
        control.resetStats();
        return noContent;
      case 'PUT /skew':
        control.setSkew(optNum(body, 'ms') ?? 0);
        return noContent;
      case 'GET /time': {
        const now = control.serverNow();
        return ok({ now, iso: iso(now), skewMs: world.skewMs });
      }
      default:
        throw new ApiError(404, MSG.notFound);
    }
  };
  return {
    handle(method, path, query, raw, contentType) {
      try {
        return Promise.resolve(handleSync(method, path, query, raw, contentType));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
}
