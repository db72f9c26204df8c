/** Memberships (docs/webex-api.md §2.4). */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import type { MembershipRec, PersonRec } from '../core/model';
import { addMember, removeMember, roomForMember, touchRoom } from '../core/ops';
import { membershipJson } from '../core/serialize';
import type { World } from '../core/world';
import { listLink, pageByKey } from '../http/paging';
import { bool, jsonBody, maxParam, queryString, str } from '../http/params';
import type { Route } from '../http/types';

function byId(a: MembershipRec, b: MembershipRec): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** personId (garbage → 400 "Expect base64 ID or UUID.") or personEmail → person (unknown → 404). */
export function personFromRef(world: World, personId: string | undefined, personEmail: string | undefined): PersonRec {
  if (personId !== undefined && personId !== '') {
    const parsed = parseId(personId);
    if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
    const local = parsed.kind === 'uuid' ? parsed.uuid : parsed.id.type === 'PEOPLE' ? parsed.id.local : undefined;
    const p = local === undefined ? undefined : world.people.get(local);
    if (!p) throw new ApiError(404, MSG.personNotFound);
    return p;
  }
  if (personEmail !== undefined && personEmail !== '') {
    const p = world.peopleByEmail.get(personEmail.toLowerCase());
    if (!p) throw new ApiError(404, MSG.personNotFound);
    return p;
  }
  throw new ApiError(400, MSG.personRequired);
}

function membershipFor(world: World, caller: PersonRec, id: string): MembershipRec {
  const parsed = parseId(id);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  if (parsed.kind !== 'ok' || parsed.id.type !== 'MEMBERSHIP') throw new ApiError(404, MSG.membershipNotFound);
  const [personUuid, roomUuid] = parsed.id.local.split(':');
  const room = roomUuid === undefined ? undefined : world.rooms.get(roomUuid);
  const m = room?.members.get(personUuid ?? '');
  if (!room || !m || !room.members.has(caller.uuid)) throw new ApiError(404, MSG.membershipNotFound);
  return m;
}

function mayManage(m: MembershipRec, caller: PersonRec): boolean {
  if (!m.room.isLocked) return true;
  return m.room.members.get(caller.uuid)?.isModerator === true;
}

export const membershipRoutes: Route[] = [
  {
    method: 'GET',
    template: '/memberships',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const q = req.query;
      const max = maxParam(q, { default: 100, limit: 1000, overflow: 'clamp' });
      const roomId = queryString(q, 'roomId');
      const personId = queryString(q, 'personId');
      const personEmail = queryString(q, 'personEmail');
      let list: MembershipRec[];
      if (roomId !== undefined) {
        const room = roomForMember(ctx.world, req.caller, roomId);
        list = [...room.members.values()];
        if (personId !== undefined || personEmail !== undefined) {
          let person: PersonRec | undefined;
          try {
            person = personFromRef(ctx.world, personId, personEmail);
          } catch (e) {
            if (e instanceof ApiError && e.status === 404) person = undefined;
            else throw e;
          }
          list = list.filter((m) => m.person === person);
        }
      } else {
        // §2.4: roomId is required when filtering by person (except for compliance officers).
        if (personId !== undefined || personEmail !== undefined)
          throw new ApiError(400, 'roomId is required when filtering by personId or personEmail.');
        // Without filters: the caller's own membership in every room they belong to.
        list = [];
        for (const room of req.caller.rooms) {
          const m = room.members.get(req.caller.uuid);
          if (m) list.push(m);
        }
      }
      list.sort(byId);
      const page = pageByKey(list, (m) => m.id, queryString(q, 'cursor'), max);
      const headers: Record<string, string> = {};
      if (page.next) headers.Link = listLink(ctx.origin(), req.path, q, max, page.next);
      return { status: 200, json: { items: page.items.map((m) => membershipJson(m, ctx.world.orgId)) }, headers };
    },
  },
  {
    method: 'POST',
    template: '/memberships',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const b = jsonBody(req.body);
      const roomId = str(b, 'roomId');
      if (roomId === undefined || roomId === '') throw new ApiError(400, MSG.roomIdNull);
      const isModerator = bool(b, 'isModerator') ?? false;
      const room = roomForMember(ctx.world, req.caller, roomId);
      const person = personFromRef(ctx.world, str(b, 'personId'), str(b, 'personEmail'));
      if (room.type === 'direct') throw new ApiError(400, 'People cannot be added to a direct space.');
      if (room.isLocked && !room.members.get(req.caller.uuid)?.isModerator) {
        throw new ApiError(403, 'Only moderators can add people to a locked space.');
      }
      const m = addMember(ctx.world, room, person, isModerator);
      return { status: 200, json: membershipJson(m, ctx.world.orgId) };
    },
  },
  {
    method: 'GET',
    template: '/memberships/{membershipId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => ({
      status: 200,
      json: membershipJson(membershipFor(ctx.world, req.caller, req.params.membershipId ?? ''), ctx.world.orgId),
    }),
  },
  {
    method: 'PUT',
    template: '/memberships/{membershipId}',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const m = membershipFor(ctx.world, req.caller, req.params.membershipId ?? '');
      const b = jsonBody(req.body);
      const isModerator = bool(b, 'isModerator');
      const isRoomHidden = bool(b, 'isRoomHidden');
      if (isModerator !== undefined && isModerator !== m.isModerator) {
        if (!mayManage(m, req.caller)) throw new ApiError(403, 'Only moderators can change moderators.');
        m.isModerator = isModerator;
      }
      if (isRoomHidden !== undefined && isRoomHidden !== m.isRoomHidden) {
        if (m.person !== req.caller) throw new ApiError(403, 'Only the member can hide a space for themselves.');
        m.isRoomHidden = isRoomHidden;
      }
      touchRoom(ctx.world, m.room, ctx.world.now());
      return { status: 200, json: membershipJson(m, ctx.world.orgId) };
    },
  },
  {
    method: 'DELETE',
    template: '/memberships/{membershipId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const m = membershipFor(ctx.world, req.caller, req.params.membershipId ?? '');
      if (m.person !== req.caller && !mayManage(m, req.caller))
        throw new ApiError(403, 'Only moderators can remove people from a locked space.');
      removeMember(ctx.world, m);
      return { status: 204 };
    },
  },
];
