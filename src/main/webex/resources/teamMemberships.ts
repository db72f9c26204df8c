import type { Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { teamMembershipSchema } from '../schemas';
import type {
  CallOptions,
  CreateTeamMembershipBody,
  ListOptions,
  ListTeamMembershipsQuery,
  TeamMembership,
  UpdateTeamMembershipBody,
} from '../types';
import { callJson, callNoContent, list, requireId, type ResourceContext } from './common';

export interface TeamMembershipsApi {
  /** `GET /team/memberships?teamId=` — default `max` 100. */
  list(query: ListTeamMembershipsQuery, options?: ListOptions): Paged<TeamMembership>;
  create(body: CreateTeamMembershipBody, options?: CallOptions): Promise<TeamMembership>;
  get(membershipId: string, options?: CallOptions): Promise<TeamMembership>;
  update(membershipId: string, body: UpdateTeamMembershipBody, options?: CallOptions): Promise<TeamMembership>;
  delete(membershipId: string, options?: CallOptions): Promise<void>;
}

export const TEAM_MEMBERSHIPS_DEFAULT_MAX = 100;

export function createTeamMembershipsApi(ctx: ResourceContext): TeamMembershipsApi {
  const route = '/team/memberships/{membershipId}';
  const one = (id: string): string => `/team/memberships/${seg(id)}`;
  return {
    list: (query, options) =>
      list(
        ctx,
        '/team/memberships',
        '/team/memberships',
        definedOnly({ ...query, max: query.max ?? TEAM_MEMBERSHIPS_DEFAULT_MAX }),
        teamMembershipSchema,
        'team membership',
        options,
      ),
    create: (body, options) =>
      callJson(
        ctx,
        {
          method: 'POST',
          path: '/team/memberships',
          route: '/team/memberships',
          body: { type: 'json', value: definedOnly(body) },
        },
        teamMembershipSchema,
        'team membership',
        options,
      ),
    get: async (id, options) => {
      requireId('GET', route, 'membershipId', id);
      return callJson(ctx, { method: 'GET', path: one(id), route }, teamMembershipSchema, 'team membership', options);
    },
    update: async (id, body, options) => {
      requireId('PUT', route, 'membershipId', id);
      return callJson(
        ctx,
        { method: 'PUT', path: one(id), route, body: { type: 'json', value: definedOnly(body) } },
        teamMembershipSchema,
        'team membership',
        options,
      );
    },
    delete: async (id, options) => {
      requireId('DELETE', route, 'membershipId', id);
      return callNoContent(ctx, { method: 'DELETE', path: one(id), route }, options);
    },
  };
}
