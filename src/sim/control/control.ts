/**
 * The in-process control surface (SimControl). Posting goes through the same ops as POST /v1/messages, so
 * validation, html, mentions and lastActivity all apply. Failures throw ApiError (status + real text).
 */
import type { AuthStore } from '../core/auth';
import { ApiError, MSG } from '../core/errors';
import type { FaultEngine } from '../core/faults';
import type { MessageRec, PersonRec } from '../core/model';
import {
  addMember,
  createGroupRoom,
  deleteMessage,
  editMessage,
  messageForMember,
  postMessage,
  removeMember,
  type FileInput,
  type PostInput,
} from '../core/ops';
import type { RateLimiter } from '../core/rateLimits';
import { messageJson, membershipJson, personJson, roomJson } from '../core/serialize';
import type { RequestLog } from '../core/stats';
import type { World } from '../core/world';
import { parseId } from '../core/ids';
import { teamForMember } from '../routes/rooms';
import type {
  FaultConfig,
  OAuthClientInput,
  PostBody,
  PostedRecord,
  RateLimitConfig,
  SimControl,
  SimDriver,
  SimStats,
  WebexMembership,
  WebexMessage,
  WebexPerson,
  WebexRoom,
  RequestRecord,
} from '../types';

export interface ControlDeps {
  world: World;
  auth: AuthStore;
  faults: FaultEngine;
  rateLimiter: RateLimiter;
  log: RequestLog;
  posted: PostedRecord[];
  apiBase(): string;
  recordPosted(msg: MessageRec, via: PostedRecord['via']): void;
  driver(): SimDriver;
}

export function resolveIdentity(world: World, identity: string): PersonRec {
  const person = world.resolvePerson(identity);
  if (!person) throw new ApiError(404, `Unknown identity '${identity}'.`);
  return person;
}

function toPostInput(body: PostBody): PostInput {
  const input: PostInput = {};
  for (const key of ['roomId', 'toPersonId', 'toPersonEmail', 'text', 'markdown', 'parentId'] as const) {
    const v = body[key];
    if (v !== undefined) input[key] = v;
  }
  if (body.files) {
    input.files = body.files.map((f): FileInput =>
      typeof f === 'string'
        ? { kind: 'url', url: f }
        : {
            kind: 'upload',
            name: f.name,
            contentType: f.contentType ?? 'application/octet-stream',
            data: typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : Buffer.from(f.data),
          },
    );
  }
  if (body.attachments) input.attachments = body.attachments;
  return input;
}

export function roomById(world: World, roomId: string): NonNullable<ReturnType<World['rooms']['get']>> {
  const parsed = parseId(roomId);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  const room = parsed.kind === 'ok' && parsed.id.type === 'ROOM' ? world.rooms.get(parsed.id.local) : undefined;
  if (!room) throw new ApiError(404, MSG.roomNotFound);
  return room;
}

/** Posts as `person` through the REST create path, recorded as 'control'; used by control.post and the live driver. */
export function makePostAs(
  deps: Pick<ControlDeps, 'world' | 'apiBase' | 'recordPosted'>,
): (person: PersonRec, input: PostInput) => WebexMessage {
  return (person, input) => {
    const result = postMessage(deps.world, person, input, { onStored: (msg) => deps.recordPosted(msg, 'control') });
    const extras: { toPersonId?: string; toPersonEmail?: string } = {};
    if (result.toPersonId !== undefined) extras.toPersonId = result.toPersonId;
    if (result.toPersonEmail !== undefined) extras.toPersonEmail = result.toPersonEmail;
    return messageJson(result.message, deps.apiBase(), extras);
  };
}

export function createControl(deps: ControlDeps): SimControl {
  const { world } = deps;
  const postAs = makePostAs(deps);

  const control: SimControl = {
    post: (as, body) => postAs(resolveIdentity(world, as), toPostInput(body)),
    editMessage(as, id, body) {
      const person = resolveIdentity(world, as);
      const msg = messageForMember(world, person, id);
      const input: { roomId: string; text?: string; markdown?: string } = { roomId: msg.room.id };
      if (body.text !== undefined) input.text = body.text;
      if (body.markdown !== undefined) input.markdown = body.markdown;
      editMessage(world, person, msg, input);
      return messageJson(msg, deps.apiBase());
    },
    deleteMessage(as, id) {
      const person = resolveIdentity(world, as);
      deleteMessage(world, person, messageForMember(world, person, id));
    },
    createRoom(as, body): WebexRoom {
      const person = resolveIdentity(world, as);
      if (typeof body.title !== 'string' || body.title.trim() === '') throw new ApiError(400, MSG.titleEmpty);
      const team = body.teamId ? teamForMember(world, person, body.teamId) : undefined;
      return roomJson(createGroupRoom(world, person, { title: body.title, team }), person, world.orgId);
    },
    addMember(roomId, identity, options = {}): WebexMembership {
      const room = roomById(world, roomId);
      const person = resolveIdentity(world, identity);
      return membershipJson(addMember(world, room, person, options.isModerator ?? false), world.orgId);
    },
    removeMember(roomId, identity) {
      const room = roomById(world, roomId);
      const person = resolveIdentity(world, identity);
      const m = room.members.get(person.uuid);
      if (!m) throw new ApiError(404, MSG.notParticipant);
      removeMember(world, m);
    },
    setFaults: (faults: FaultConfig) => deps.faults.set(faults),
    getFaults: () => deps.faults.get(),
    clearFaults: () => deps.faults.clear(),
    setRateLimits: (config: RateLimitConfig | false) => deps.rateLimiter.configure(config),
    expireToken: (token) => deps.auth.expire(token),
    revokeToken: (token) => deps.auth.revoke(token),
    issueToken: (identityKey, options = {}) =>
      deps.auth.issue(
        resolveIdentity(world, identityKey),
        options.expiresInMs,
        options.scopes === undefined ? undefined : new Set(options.scopes),
      ),
    registerOAuthClient: (input: OAuthClientInput) => deps.auth.registerClient(input),
    get driver(): SimDriver {
      return deps.driver();
    },
    posted: () => deps.posted.map((p) => ({ ...p })),
    stats: (): SimStats => deps.log.stats(),
    resetStats: () => deps.log.reset(),
    requests: (): RequestRecord[] => deps.log.list(),
    rooms(as) {
      const person = resolveIdentity(world, as);
      return world.roomView(person, 'lastactivity', undefined, undefined).map((r) => roomJson(r, person, world.orgId));
    },
    findRoom(title) {
      for (const room of world.rooms.values()) {
        if (room.type === 'group' && room.title === title) return roomJson(room, undefined, world.orgId);
      }
      return undefined;
    },
    messages(roomId) {
      const room = roomById(world, roomId);
      const out: WebexMessage[] = [];
      for (let i = room.messages.length - 1; i >= 0; i--) {
        const m = room.messages[i] as MessageRec;
        if (!m.deleted) out.push(messageJson(m, deps.apiBase()));
      }
      return out;
    },
    person: (identity): WebexPerson => personJson(resolveIdentity(world, identity), world.orgId),
    setSkew(ms) {
      if (!Number.isFinite(ms)) throw new ApiError(400, 'skew must be a finite number of milliseconds.');
      world.skewMs = ms;
    },
    serverNow: () => world.now(),
  };
  return control;
}
