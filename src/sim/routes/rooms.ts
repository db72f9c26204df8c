/** Rooms (docs/webex-api.md §2.2): list (teamId, type, sortBy, max 1–1000), create, get, update, delete. */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import { decodeCursor, encodeCursor } from '../core/link';
import type { RoomRec, TeamRec } from '../core/model';
import { createGroupRoom, removeMember, roomForMember, touchRoom } from '../core/ops';
import { roomJson, roomJsonBytes } from '../core/serialize';
import { compareRoomKey, roomSortKey, type RoomSort } from '../core/world';
import type { World } from '../core/world';
import { listLink } from '../http/paging';
import { bool, jsonBody, maxParam, queryString, str } from '../http/params';
import type { ApiResponse, Route } from '../http/types';
import type { PersonRec } from '../core/model';

const SORTS: ReadonlySet<string> = new Set(['id', 'lastactivity', 'created']);

function badEnum(value: string): ApiError {
  // real (EMU) text for a bad room type, §5
  return new ApiError(
    400,
    `Can not construct instance of HydraRoomType from String value '${value}': value not one of declared Enum instance names: [direct, group]`,
  );
}

/** A team the caller belongs to, by id (garbage → 400; unknown or not a member → 404). */
export function teamForMember(world: World, person: PersonRec, teamId: string): TeamRec {
  const parsed = parseId(teamId);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  const team = parsed.kind === 'ok' && parsed.id.type === 'TEAM' ? world.teams.get(parsed.id.local) : undefined;
  if (!team || !team.members.has(person.uuid)) throw new ApiError(404, MSG.teamNotFound);
  return team;
}

function firstAfter(view: RoomRec[], sort: RoomSort, key: number | string, id: string): number {
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const r = view[mid] as RoomRec;
    if (compareRoomKey(sort, roomSortKey(r, sort), r.id, key, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function listRooms(req: Parameters<Route['handler']>[0], ctx: Parameters<Route['handler']>[1]): ApiResponse {
  const q = req.query;
  const max = maxParam(q, { default: 100, limit: 1000, overflow: 'reject' });
  const type = queryString(q, 'type');
  if (type !== undefined && type !== 'direct' && type !== 'group') throw badEnum(type);
  const sortBy = queryString(q, 'sortBy');
  if (sortBy !== undefined && !SORTS.has(sortBy))
    throw new ApiError(400, `Invalid sortBy value '${sortBy}': expected id, lastactivity or created.`);
  const teamId = queryString(q, 'teamId');
  const orgPublic = queryString(q, 'orgPublicSpaces');
  if (orgPublic === 'true' && (teamId !== undefined || type !== undefined || sortBy !== undefined)) {
    throw new ApiError(400, 'orgPublicSpaces cannot be combined with teamId, type or sortBy.');
  }
  let teamUuid: string | undefined;
  if (teamId !== undefined) {
    const parsed = parseId(teamId);
    if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
    teamUuid = parsed.kind === 'ok' && parsed.id.type === 'TEAM' ? parsed.id.local : '-';
  }
  const sort: RoomSort = orgPublic === 'true' ? 'created' : ((sortBy as RoomSort | undefined) ?? 'id');
  let view: RoomRec[];
  if (orgPublic === 'true') {
    view = [...ctx.world.rooms.values()]
      .filter((r) => r.isPublic)
      .sort((a, b) => compareRoomKey('created', a.created, a.id, b.created, b.id));
  } else {
    view = ctx.world.roomView(req.caller, sort, teamUuid, type as 'direct' | 'group' | undefined);
  }
  let start = 0;
  const cursor = queryString(q, 'cursor');
  if (cursor !== undefined) {
    const parts = decodeCursor(cursor);
    if (!parts || parts.length !== 2) throw new ApiError(400, 'Invalid cursor.');
    const key = sort === 'id' ? (parts[0] as string) : Number(parts[0]);
    start = firstAfter(view, sort, key, parts[1] as string);
  }
  const end = Math.min(view.length, start + max);
  const parts: Buffer[] = [];
  for (let i = start; i < end; i++) parts.push(roomJsonBytes(view[i] as RoomRec, req.caller, ctx.world.orgId));
  const headers: Record<string, string> = {};
  if (end < view.length) {
    const last = view[end - 1] as RoomRec;
    headers.Link = listLink(ctx.origin(), req.path, q, max, encodeCursor([roomSortKey(last, sort), last.id]));
  }
  return { status: 200, jsonItems: parts, headers };
}

export const roomRoutes: Route[] = [
  { method: 'GET', template: '/rooms', auth: true, body: 'none', handler: listRooms },
  {
    method: 'POST',
    template: '/rooms',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const b = jsonBody(req.body);
      const title = str(b, 'title');
      if (title === undefined || title.trim() === '') throw new ApiError(400, MSG.titleEmpty);
      const teamId = str(b, 'teamId');
      const team = teamId === undefined || teamId === '' ? undefined : teamForMember(ctx.world, req.caller, teamId);
      const isLocked = bool(b, 'isLocked') ?? false;
      const isPublic = bool(b, 'isPublic') ?? false;
      const description = str(b, 'description');
      const isAnnouncementOnly = bool(b, 'isAnnouncementOnly') ?? false;
      str(b, 'classificationId');
      if (isPublic && (description === undefined || description.trim() === '')) {
        throw new ApiError(400, 'A description is required for a public space.');
      }
      if (isAnnouncementOnly && !isLocked) throw new ApiError(400, 'Announcement mode requires a locked space.');
      const room = createGroupRoom(ctx.world, req.caller, {
        title,
        team,
        isLocked,
        isPublic,
        description,
        isAnnouncementOnly,
      });
      return { status: 200, json: roomJson(room, req.caller, ctx.world.orgId) };
    },
  },
  {
    method: 'GET',
    template: '/rooms/{roomId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const room = roomForMember(ctx.world, req.caller, req.params.roomId ?? '');
      return { status: 200, json: roomJson(room, req.caller, ctx.world.orgId) };
    },
  },
  {
    method: 'PUT',
    template: '/rooms/{roomId}',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const room = roomForMember(ctx.world, req.caller, req.params.roomId ?? '');
      const b = jsonBody(req.body);
      const title = str(b, 'title');
      if (title === undefined || title.trim() === '') throw new ApiError(400, MSG.titleEmpty);
      if (room.type === 'direct') throw new ApiError(400, 'The title of a direct space cannot be changed.');
      const membership = room.members.get(req.caller.uuid);
      if (room.isLocked && !membership?.isModerator)
        throw new ApiError(403, 'Only moderators can update a locked space.');
      const teamId = str(b, 'teamId');
      if (teamId !== undefined && teamId !== '') {
        const team = teamForMember(ctx.world, req.caller, teamId);
        if (room.team && room.team !== team) throw new ApiError(400, 'Moving a space between teams is unsupported.');
        room.team = team;
      }
      const isLocked = bool(b, 'isLocked');
      const isPublic = bool(b, 'isPublic');
      const isAnnouncementOnly = bool(b, 'isAnnouncementOnly');
      const description = str(b, 'description');
      bool(b, 'isReadOnly');
      str(b, 'classificationId');
      room.title = title;
      if (isLocked !== undefined) room.isLocked = isLocked;
      if (description !== undefined) room.description = description === ' ' ? undefined : description;
      if (isPublic !== undefined) {
        if (isPublic && room.description === undefined)
          throw new ApiError(400, 'A description is required for a public space.');
        room.isPublic = isPublic;
      }
      if (isAnnouncementOnly !== undefined) {
        if (isAnnouncementOnly && !room.isLocked) throw new ApiError(400, 'Announcement mode requires a locked space.');
        room.isAnnouncementOnly = isAnnouncementOnly;
      }
      ctx.world.changed(room);
      return { status: 200, json: roomJson(room, req.caller, ctx.world.orgId) };
    },
  },
  {
    method: 'DELETE',
    template: '/rooms/{roomId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const room = roomForMember(ctx.world, req.caller, req.params.roomId ?? '');
      const membership = room.members.get(req.caller.uuid);
      // §2.2: a non-moderator "deleting" a room is just removed from it.
      if (room.type === 'group' && (membership?.isModerator || room.creator === req.caller)) {
        ctx.world.removeRoom(room);
      } else if (membership) {
        removeMember(ctx.world, membership);
        touchRoom(ctx.world, room, ctx.world.now());
      }
      return { status: 204 };
    },
  },
];
