import type { Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { roomSchema } from '../schemas';
import type { CallOptions, CreateRoomBody, ListOptions, ListRoomsQuery, Room, UpdateRoomBody } from '../types';
import { callJson, callNoContent, list, requireId, type ResourceContext } from './common';

export interface RoomsApi {
  /** `GET /rooms` — default `max` 100 (1..1000). */
  list(query?: ListRoomsQuery, options?: ListOptions): Paged<Room>;
  /** `POST /rooms` (never retried once it may have reached the server). */
  create(body: CreateRoomBody, options?: CallOptions): Promise<Room>;
  get(roomId: string, options?: CallOptions): Promise<Room>;
  /** `PUT /rooms/{roomId}` — `title` is required by Webex. */
  update(roomId: string, body: UpdateRoomBody, options?: CallOptions): Promise<Room>;
  delete(roomId: string, options?: CallOptions): Promise<void>;
}

export const ROOMS_DEFAULT_MAX = 100;

export function createRoomsApi(ctx: ResourceContext): RoomsApi {
  const one = (roomId: string): string => `/rooms/${seg(roomId)}`;
  return {
    list: (query = {}, options) =>
      list(
        ctx,
        '/rooms',
        '/rooms',
        definedOnly({ ...query, max: query.max ?? ROOMS_DEFAULT_MAX }),
        roomSchema,
        'room',
        options,
      ),
    create: (body, options) =>
      callJson(
        ctx,
        { method: 'POST', path: '/rooms', route: '/rooms', body: { type: 'json', value: definedOnly(body) } },
        roomSchema,
        'room',
        options,
      ),
    get: async (roomId, options) => {
      requireId('GET', '/rooms/{roomId}', 'roomId', roomId);
      return callJson(ctx, { method: 'GET', path: one(roomId), route: '/rooms/{roomId}' }, roomSchema, 'room', options);
    },
    update: async (roomId, body, options) => {
      requireId('PUT', '/rooms/{roomId}', 'roomId', roomId);
      return callJson(
        ctx,
        {
          method: 'PUT',
          path: one(roomId),
          route: '/rooms/{roomId}',
          body: { type: 'json', value: definedOnly(body) },
        },
        roomSchema,
        'room',
        options,
      );
    },
    delete: async (roomId, options) => {
      requireId('DELETE', '/rooms/{roomId}', 'roomId', roomId);
      return callNoContent(ctx, { method: 'DELETE', path: one(roomId), route: '/rooms/{roomId}' }, options);
    },
  };
}
