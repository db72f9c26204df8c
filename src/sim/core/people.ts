/** People and mention resolution (docs/webex-api.md §2.1, §6). */
import { encodeId, parseId } from './ids';
import type { MentionResolver, MentionTarget } from './markdown';
import type { PersonRec } from './model';
import type { World } from './world';

export function mentionResolver(world: World): MentionResolver {
  const target = (p: PersonRec | undefined): MentionTarget | undefined =>
    p ? { id: p.id, uuid: p.uuid, displayName: p.displayName } : undefined;
  return {
    byId: (id) => {
      const parsed = parseId(id);
      if (parsed.kind === 'ok' && parsed.id.type === 'PEOPLE') return target(world.people.get(parsed.id.local));
      if (parsed.kind === 'uuid') return target(world.people.get(parsed.uuid));
      return undefined;
    },
    byEmail: (email) => target(world.peopleByEmail.get(email.toLowerCase())),
  };
}

export interface PersonInit {
  key?: string;
  email: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  nickName?: string;
  type?: 'person' | 'bot';
  created: number;
  status?: PersonRec['status'];
  uuid?: string;
  /** A guest from another organisation: its org id (default: the simulated org). */
  orgId?: string;
}

export function createPerson(world: World, init: PersonInit): PersonRec {
  const uuid = init.uuid ?? world.randomUuid();
  return world.addPerson({
    uuid,
    id: encodeId('PEOPLE', uuid),
    email: init.email,
    displayName: init.displayName,
    firstName: init.firstName,
    lastName: init.lastName,
    nickName: init.nickName,
    type: init.type ?? 'person',
    created: init.created,
    avatar: undefined,
    status: init.status,
    lastActivity: undefined,
    key: init.key,
    ...(init.orgId !== undefined ? { orgId: init.orgId } : {}),
    rooms: new Set(),
    teams: new Set(),
  });
}
