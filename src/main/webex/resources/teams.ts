import type { Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { teamSchema } from '../schemas';
import type { CallOptions, CreateTeamBody, ListOptions, ListTeamsQuery, Team, UpdateTeamBody } from '../types';
import { callJson, callNoContent, list, requireId, type ResourceContext } from './common';

export interface TeamsApi {
  /** `GET /teams` — default `max` 100. */
  list(query?: ListTeamsQuery, options?: ListOptions): Paged<Team>;
  create(body: CreateTeamBody, options?: CallOptions): Promise<Team>;
  get(teamId: string, options?: CallOptions): Promise<Team>;
  update(teamId: string, body: UpdateTeamBody, options?: CallOptions): Promise<Team>;
  delete(teamId: string, options?: CallOptions): Promise<void>;
}

export const TEAMS_DEFAULT_MAX = 100;

export function createTeamsApi(ctx: ResourceContext): TeamsApi {
  const route = '/teams/{teamId}';
  const one = (id: string): string => `/teams/${seg(id)}`;
  return {
    list: (query = {}, options) =>
      list(
        ctx,
        '/teams',
        '/teams',
        definedOnly({ ...query, max: query.max ?? TEAMS_DEFAULT_MAX }),
        teamSchema,
        'team',
        options,
      ),
    create: (body, options) =>
      callJson(
        ctx,
        { method: 'POST', path: '/teams', route: '/teams', body: { type: 'json', value: definedOnly(body) } },
        teamSchema,
        'team',
        options,
      ),
    get: async (id, options) => {
      requireId('GET', route, 'teamId', id);
      return callJson(ctx, { method: 'GET', path: one(id), route }, teamSchema, 'team', options);
    },
    update: async (id, body, options) => {
      requireId('PUT', route, 'teamId', id);
      return callJson(
        ctx,
        { method: 'PUT', path: one(id), route, body: { type: 'json', value: definedOnly(body) } },
        teamSchema,
        'team',
        options,
      );
    },
    delete: async (id, options) => {
      requireId('DELETE', route, 'teamId', id);
      return callNoContent(ctx, { method: 'DELETE', path: one(id), route }, options);
    },
  };
}
