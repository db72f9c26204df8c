import type { Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { membershipSchema } from '../schemas';
import type {
  CallOptions,
  CreateMembershipBody,
  ListMembershipsQuery,
  ListOptions,
  Membership,
  UpdateMembershipBody,
} from '../types';
import { callJson, callNoContent, list, requireId, type ResourceContext } from './common';

export interface MembershipsApi {
  /** `GET /memberships` — no default `max` (server: 100), like the Python SDK. */
  list(query?: ListMembershipsQuery, options?: ListOptions): Paged<Membership>;
  create(body: CreateMembershipBody, options?: CallOptions): Promise<Membership>;
  get(membershipId: string, options?: CallOptions): Promise<Membership>;
  update(membershipId: string, body: UpdateMembershipBody, options?: CallOptions): Promise<Membership>;
  delete(membershipId: string, options?: CallOptions): Promise<void>;
}

export function createMembershipsApi(ctx: ResourceContext): MembershipsApi {
  const route = '/memberships/{membershipId}';
  const one = (id: string): string => `/memberships/${seg(id)}`;
  return {
    list: (query = {}, options) =>
      list(ctx, '/memberships', '/memberships', definedOnly(query), membershipSchema, 'membership', options),
    create: (body, options) =>
      callJson(
        ctx,
        {
          method: 'POST',
          path: '/memberships',
          route: '/memberships',
          body: { type: 'json', value: definedOnly(body) },
        },
        membershipSchema,
        'membership',
        options,
      ),
    get: async (id, options) => {
      requireId('GET', route, 'membershipId', id);
      return callJson(ctx, { method: 'GET', path: one(id), route }, membershipSchema, 'membership', options);
    },
    update: async (id, body, options) => {
      requireId('PUT', route, 'membershipId', id);
      return callJson(
        ctx,
        { method: 'PUT', path: one(id), route, body: { type: 'json', value: definedOnly(body) } },
        membershipSchema,
        'membership',
        options,
      );
    },
    delete: async (id, options) => {
      requireId('DELETE', route, 'membershipId', id);
      return callNoContent(ctx, { method: 'DELETE', path: one(id), route }, options);
    },
  };
}
