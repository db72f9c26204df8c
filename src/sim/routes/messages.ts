/**
 * Messages (docs/webex-api.md §2.3, §3, §6): list (newest first, beforeMessage cursor, bot rules), direct list,
 * create (JSON, multipart, urlencoded), get, edit, delete.
 */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import { nextLink } from '../core/link';
import type { MessageRec, PersonRec, RoomRec } from '../core/model';
import {
  deleteMessage,
  editMessage,
  mentions,
  messageForMember,
  postMessage,
  roomForMember,
  type FileInput,
  type PostInput,
} from '../core/ops';
import { directMessageJson, messageJson, messageJsonBytes } from '../core/serialize';
import { parseIso } from '../core/time';
import { jsonBody, maxParam, queryString, str } from '../http/params';
import type { ApiRequest, ApiResponse, Route, SimContext } from '../http/types';
import type { CardAttachment } from '../types';

/** GET /messages/direct has no paging; only the newest 50 come back (I#151, §2.3). */
const DIRECT_LIMIT = 50;

function rateLimitRoom(ctx: SimContext, room: RoomRec): void {
  const retryAfter = ctx.rateLimiter.checkRoomRead(room.uuid, ctx.world.clock.now());
  if (retryAfter !== undefined) throw new ApiError(429, MSG.rateLimited, { 'Retry-After': retryAfter });
}

/** Only `me` or the caller's own id (with or without padding) may be given (§2.3). */
function parseMentionedPeople(req: ApiRequest): string[] | undefined {
  const raw = req.query
    .getAll('mentionedPeople')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (raw.length === 0) return undefined;
  for (const value of raw) {
    if (value === 'me') continue;
    const parsed = parseId(value);
    if (parsed.kind === 'ok' && parsed.id.type === 'PEOPLE' && parsed.id.local === req.caller.uuid) continue;
    throw new ApiError(400, MSG.mentionedPeopleMeOnly);
  }
  return raw;
}

/** The last index whose message was created strictly before `ms` (messages are in creation order). */
function lastIndexBefore(messages: MessageRec[], ms: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((messages[mid] as MessageRec).created < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function isBotHidden(caller: PersonRec, msg: MessageRec): boolean {
  // §2.3: a bot cannot read a group-room message that does not mention it (its own are fine).
  return caller.type === 'bot' && msg.room.type === 'group' && msg.person !== caller && !mentions(msg, caller);
}

function listMessages(req: ApiRequest, ctx: SimContext): ApiResponse {
  const q = req.query;
  const roomId = queryString(q, 'roomId');
  if (roomId === undefined) throw new ApiError(400, MSG.roomIdRequired);
  const room = roomForMember(ctx.world, req.caller, roomId);
  const mentioned = parseMentionedPeople(req);
  const max = maxParam(q, { default: 50, limit: mentioned ? 100 : 1000, overflow: 'clamp' });
  if (req.caller.type === 'bot' && room.type === 'group' && !mentioned) throw new ApiError(403, MSG.botListForbidden);
  rateLimitRoom(ctx, room);

  let parent: MessageRec | undefined;
  const parentId = queryString(q, 'parentId');
  if (parentId !== undefined) {
    const parsed = parseId(parentId);
    if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
    parent = parsed.kind === 'ok' && parsed.id.type === 'MESSAGE' ? ctx.world.messages.get(parsed.id.local) : undefined;
    if (!parent || parent.room !== room) return { status: 200, jsonText: '{"items":[]}' };
  }

  const msgs = room.messages;
  let idx = msgs.length - 1;
  const beforeMessage = queryString(q, 'beforeMessage');
  if (beforeMessage !== undefined) {
    // I#70: paging may 404 when the cursor message is gone.
    const parsed = parseId(beforeMessage);
    const cursor =
      parsed.kind === 'ok' && parsed.id.type === 'MESSAGE' ? ctx.world.messages.get(parsed.id.local) : undefined;
    if (!cursor || cursor.deleted || cursor.room !== room) throw new ApiError(404, MSG.messageNotFound);
    idx = cursor.index - 1;
  }
  const before = queryString(q, 'before');
  if (before !== undefined) {
    const ms = parseIso(before);
    if (ms === undefined) throw new ApiError(400, `Invalid before value '${before}': expected an ISO-8601 timestamp.`);
    idx = Math.min(idx, lastIndexBefore(msgs, ms));
  }

  const apiBase = ctx.apiBase();
  const items: MessageRec[] = [];
  let more = false;
  for (let i = idx; i >= 0; i--) {
    const m = msgs[i] as MessageRec;
    if (m.deleted) continue;
    if (parent && m.parent !== parent) continue;
    if (mentioned && !mentions(m, req.caller)) continue;
    if (items.length === max) {
      more = true;
      break;
    }
    items.push(m);
  }
  const headers: Record<string, string> = {};
  const oldest = items[items.length - 1];
  if (more && oldest) {
    const pairs: [string, string][] = [['roomId', roomId]];
    if (parentId !== undefined) pairs.push(['parentId', parentId]);
    if (mentioned && !ctx.dropMentionedPeopleInNextLinks) pairs.push(['mentionedPeople', mentioned.join(',')]);
    pairs.push(['max', String(max)], ['beforeMessage', oldest.id]);
    headers.Link = nextLink(ctx.origin(), '/v1/messages', pairs);
  }
  return { status: 200, jsonItems: items.map((m) => messageJsonBytes(m, apiBase)), headers };
}

function listDirect(req: ApiRequest, ctx: SimContext): ApiResponse {
  const q = req.query;
  const personId = queryString(q, 'personId');
  const personEmail = queryString(q, 'personEmail');
  let other: PersonRec | undefined;
  if (personId !== undefined) {
    const parsed = parseId(personId);
    if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
    other = parsed.kind === 'ok' && parsed.id.type === 'PEOPLE' ? ctx.world.people.get(parsed.id.local) : undefined;
  } else if (personEmail !== undefined) {
    other = ctx.world.peopleByEmail.get(personEmail.toLowerCase());
  } else {
    throw new ApiError(400, MSG.personRequired);
  }
  if (!other) throw new ApiError(404, MSG.personNotFound);
  const room = ctx.world.rooms.get(ctx.world.directRoomUuid(req.caller, other));
  if (!room || !room.members.has(req.caller.uuid)) return { status: 200, jsonText: '{"items":[]}' };
  rateLimitRoom(ctx, room);
  let parent: MessageRec | undefined;
  const parentId = queryString(q, 'parentId');
  if (parentId !== undefined) {
    const parsed = parseId(parentId);
    if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
    parent = parsed.kind === 'ok' && parsed.id.type === 'MESSAGE' ? ctx.world.messages.get(parsed.id.local) : undefined;
    if (!parent || parent.room !== room) return { status: 200, jsonText: '{"items":[]}' };
  }
  const apiBase = ctx.apiBase();
  const items: unknown[] = [];
  for (let i = room.messages.length - 1; i >= 0 && items.length < DIRECT_LIMIT; i--) {
    const m = room.messages[i] as MessageRec;
    if (m.deleted || (parent && m.parent !== parent)) continue;
    items.push(directMessageJson(m, apiBase));
  }
  return { status: 200, json: { items } };
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ApiError(400, `${name} must be an array of strings.`);
  }
  return value;
}

function urlFile(url: string): FileInput {
  if (!/^https?:\/\/\S+$/i.test(url)) throw new ApiError(400, `Invalid file URL: ${url}`);
  return { kind: 'url', url };
}

function cardAttachments(value: unknown): CardAttachment[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ApiError(400, 'attachments must be an array.');
  return value.map((a: unknown) => {
    if (typeof a !== 'object' || a === null) throw new ApiError(400, 'attachments items must be objects.');
    const { contentType, content } = a as Record<string, unknown>;
    if (contentType !== 'application/vnd.microsoft.card.adaptive') {
      throw new ApiError(400, "attachments contentType must be 'application/vnd.microsoft.card.adaptive'.");
    }
    if (typeof content !== 'object' || content === null || Array.isArray(content))
      throw new ApiError(400, 'attachments content must be an object.');
    return { contentType, content: content as Record<string, unknown> };
  });
}

/** Builds the create input from a JSON or form body. */
export function postInputFrom(req: ApiRequest): PostInput {
  const b = jsonBody(req.body);
  const input: PostInput = {};
  for (const key of ['roomId', 'toPersonId', 'toPersonEmail', 'text', 'markdown', 'parentId'] as const) {
    const v = str(b, key);
    if (v !== undefined) input[key] = v;
  }
  const urls = stringList(b.files, 'files') ?? [];
  const uploads = req.body.kind === 'form' ? req.body.files : [];
  const files: FileInput[] = [
    ...urls.map(urlFile),
    ...uploads.map((f): FileInput => ({ kind: 'upload', name: f.name, contentType: f.contentType, data: f.data })),
  ];
  if (files.length > 0) input.files = files;
  const attachments = req.body.kind === 'json' ? cardAttachments(b.attachments) : undefined;
  if (attachments) input.attachments = attachments;
  return input;
}

export const messageRoutes: Route[] = [
  { method: 'GET', template: '/messages', auth: true, body: 'none', handler: listMessages },
  { method: 'GET', template: '/messages/direct', auth: true, body: 'none', handler: listDirect },
  {
    method: 'POST',
    template: '/messages',
    auth: true,
    body: 'message',
    handler: (req, ctx) => {
      const result = postMessage(ctx.world, req.caller, postInputFrom(req), {
        onStored: (msg) => ctx.recordPosted(msg, 'rest'),
      });
      const extras: { toPersonId?: string; toPersonEmail?: string } = {};
      if (result.toPersonId !== undefined) extras.toPersonId = result.toPersonId;
      if (result.toPersonEmail !== undefined) extras.toPersonEmail = result.toPersonEmail;
      return { status: 200, json: messageJson(result.message, ctx.apiBase(), extras) };
    },
  },
  {
    method: 'GET',
    template: '/messages/{messageId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const msg = messageForMember(ctx.world, req.caller, req.params.messageId ?? '');
      if (isBotHidden(req.caller, msg)) throw new ApiError(404, MSG.messageNotFound);
      return { status: 200, json: messageJson(msg, ctx.apiBase()) };
    },
  },
  {
    method: 'PUT',
    template: '/messages/{messageId}',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const msg = messageForMember(ctx.world, req.caller, req.params.messageId ?? '');
      if (isBotHidden(req.caller, msg)) throw new ApiError(404, MSG.messageNotFound);
      const b = jsonBody(req.body);
      const input: { roomId?: string; text?: string; markdown?: string } = {};
      for (const key of ['roomId', 'text', 'markdown'] as const) {
        const v = str(b, key);
        if (v !== undefined) input[key] = v;
      }
      if (b.html !== undefined) throw new ApiError(400, 'Unable to edit message: remove the html field.');
      editMessage(ctx.world, req.caller, msg, input);
      return { status: 200, json: messageJson(msg, ctx.apiBase()) };
    },
  },
  {
    method: 'DELETE',
    template: '/messages/{messageId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const msg = messageForMember(ctx.world, req.caller, req.params.messageId ?? '');
      if (isBotHidden(req.caller, msg)) throw new ApiError(404, MSG.messageNotFound);
      deleteMessage(ctx.world, req.caller, msg);
      return { status: 204 };
    },
  },
];
