import type { Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { personSchema } from '../schemas';
import type { CallOptions, ListOptions, ListPeopleQuery, Person } from '../types';
import { callJson, list, requireId, type ResourceContext } from './common';

export interface PeopleApi {
  /** `GET /people/me`. */
  me(options?: CallOptions): Promise<Person>;
  /** `GET /people/{personId}`. */
  get(personId: string, options?: CallOptions): Promise<Person>;
  /** `GET /people` — non-admins must give `email`, `displayName` or `id`. No default `max` (server: 100). */
  list(query: ListPeopleQuery, options?: ListOptions): Paged<Person>;
}

export function createPeopleApi(ctx: ResourceContext): PeopleApi {
  return {
    me: (options) =>
      callJson(ctx, { method: 'GET', path: '/people/me', route: '/people/me' }, personSchema, 'person', options),
    get: async (personId, options) => {
      requireId('GET', '/people/{personId}', 'personId', personId);
      return callJson(
        ctx,
        { method: 'GET', path: `/people/${seg(personId)}`, route: '/people/{personId}' },
        personSchema,
        'person',
        options,
      );
    },
    list: (query, options) => list(ctx, '/people', '/people', definedOnly(query), personSchema, 'person', options),
  };
}
