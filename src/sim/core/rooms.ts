/** Rooms and memberships (docs/webex-api.md §2.2, §2.4): creation, direct rooms, members, lastActivity. */
import { ApiError, MSG } from './errors';
import { encodeId, parseId } from './ids';
import type { MembershipRec, PersonRec, RoomRec, TeamRec } from './model';
import type { World } from './world';

export function touchRoom(world: World, room: RoomRec, at: number): void {
  if (at > room.lastActivity) room.lastActivity = at;
  world.changed(room);
}

export interface GroupRoomInit {
  title: string;
  team?: TeamRec;
  isLocked?: boolean;
  description?: string;
  isPublic?: boolean;
  isAnnouncementOnly?: boolean;
  /** Defaults to the server's now. */
  created?: number;
}

/** POST /rooms: always a group room; the creator becomes a (moderator) member (§2.2). */
export function createGroupRoom(world: World, creator: PersonRec, init: GroupRoomInit): RoomRec {
  const created = init.created ?? world.now();
  const uuid = world.timeUuid(created);
  const room = world.addRoom({
    uuid,
    id: encodeId('ROOM', uuid),
    title: init.title,
    type: 'group',
    isLocked: init.isLocked ?? false,
    team: init.team,
    created,
    lastActivity: created,
    creator,
    description: init.description,
    isPublic: init.isPublic ?? false,
    isAnnouncementOnly: init.isAnnouncementOnly ?? false,
    members: new Map(),
    messages: [],
    pair: undefined,
    json: undefined,
  });
  world.addMembership(room, creator, true, created);
  return room;
}

/** Direct rooms are created implicitly by the first message to a person; the same pair always gets the same room. */
export function getOrCreateDirectRoom(world: World, a: PersonRec, b: PersonRec, at: number): RoomRec {
  const uuid = world.directRoomUuid(a, b);
  const existing = world.rooms.get(uuid);
  if (existing) {
    // A person who left (DELETE /rooms) is back in when a new message arrives.
    if (!existing.members.has(a.uuid)) world.addMembership(existing, a, false, at);
    if (!existing.members.has(b.uuid)) world.addMembership(existing, b, false, at);
    return existing;
  }
  const room = world.addRoom({
    uuid,
    id: encodeId('ROOM', uuid),
    title: b.displayName,
    type: 'direct',
    isLocked: false,
    team: undefined,
    created: at,
    lastActivity: at,
    creator: a,
    description: undefined,
    isPublic: false,
    isAnnouncementOnly: false,
    members: new Map(),
    messages: [],
    pair: [a, b],
    json: undefined,
  });
  world.addMembership(room, a, false, at);
  world.addMembership(room, b, false, at);
  return room;
}

export function addMember(world: World, room: RoomRec, person: PersonRec, isModerator: boolean): MembershipRec {
  if (room.members.has(person.uuid)) throw new ApiError(409, MSG.alreadyMember);
  const at = world.now();
  const m = world.addMembership(room, person, isModerator, at);
  touchRoom(world, room, at);
  return m;
}

export function removeMember(world: World, m: MembershipRec): void {
  world.removeMembership(m);
  touchRoom(world, m.room, world.now());
}

/** Resolves a `roomId` the caller must belong to. Garbage → 400, unknown/not a member → 404. */
export function roomForMember(world: World, person: PersonRec, roomId: string): RoomRec {
  const parsed = parseId(roomId);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  if (parsed.kind === 'uuid' || parsed.id.type !== 'ROOM') throw new ApiError(404, MSG.roomNotFound);
  const room = world.rooms.get(parsed.id.local);
  if (!room || !room.members.has(person.uuid)) throw new ApiError(404, MSG.roomNotFound);
  return room;
}
