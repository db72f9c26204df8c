import type { Clock } from '../../main/clock';
import { encodeId, parseId, uuidV1, uuidV4, uuidV5 } from './ids';
import type {
  ContentRec,
  MembershipRec,
  MessageRec,
  PersonRec,
  RoomRec,
  TeamMembershipRec,
  TeamRec,
  WebhookRec,
} from './model';
import { createRng, type Rng } from './rng';

export type RoomSort = 'id' | 'lastactivity' | 'created';

/**
 * The simulated org: every record, its indexes, the id factories and the server clock. Mutations here are
 * primitive (no permission checks, no validation); the rules live in ops.ts.
 */
export class World {
  readonly orgUuid: string;
  readonly orgId: string;
  readonly people = new Map<string, PersonRec>();
  readonly peopleByEmail = new Map<string, PersonRec>();
  readonly identities = new Map<string, PersonRec>();
  readonly rooms = new Map<string, RoomRec>();
  readonly messages = new Map<string, MessageRec>();
  readonly teams = new Map<string, TeamRec>();
  readonly webhooks = new Map<string, WebhookRec>();
  readonly contents = new Map<string, ContentRec>();

  /** Bumped on every change that can reorder or change a room list. */
  private version = 0;
  private viewVersion = -1;
  private readonly views = new Map<string, RoomRec[]>();

  private readonly idRng: Rng;
  private readonly node: string;
  private counter = 0;

  constructor(
    readonly seed: number,
    readonly clock: Clock,
    public skewMs: number,
  ) {
    this.idRng = createRng(seed, 'ids');
    this.node = createRng(seed, 'node').hex(12);
    this.orgUuid = uuidV4(this.idRng);
    this.orgId = encodeId('ORGANIZATION', this.orgUuid);
  }

  /** Server time: clock.now() + skew. */
  now(): number {
    return this.clock.now() + this.skewMs;
  }

  // ---- ids -------------------------------------------------------------------------------------------------

  randomUuid(): string {
    return uuidV4(this.idRng);
  }

  /** Time-based uuid, unique per simulator (a counter separates same-millisecond ids). */
  timeUuid(ms: number): string {
    const n = this.counter++;
    return uuidV1(ms, n % 10000, Math.floor(n / 10000), this.node);
  }

  directRoomUuid(a: PersonRec, b: PersonRec): string {
    const [x, y] = a.uuid < b.uuid ? [a.uuid, b.uuid] : [b.uuid, a.uuid];
    return uuidV5(`direct:${x}:${y}`, this.orgUuid);
  }

  // ---- lookups ---------------------------------------------------------------------------------------------

  /** By identity key, base64 person id, raw uuid or email. */
  resolvePerson(identity: string): PersonRec | undefined {
    const byKey = this.identities.get(identity);
    if (byKey) return byKey;
    if (identity.includes('@')) return this.peopleByEmail.get(identity.toLowerCase());
    const parsed = parseId(identity);
    if (parsed.kind === 'ok' && parsed.id.type === 'PEOPLE') return this.people.get(parsed.id.local);
    if (parsed.kind === 'uuid') return this.people.get(parsed.uuid);
    return undefined;
  }

  personById(id: string): PersonRec | undefined {
    const parsed = parseId(id);
    return parsed.kind === 'ok' && parsed.id.type === 'PEOPLE' ? this.people.get(parsed.id.local) : undefined;
  }

  // ---- primitive mutations ---------------------------------------------------------------------------------

  addPerson(rec: PersonRec): PersonRec {
    this.people.set(rec.uuid, rec);
    this.peopleByEmail.set(rec.email.toLowerCase(), rec);
    if (rec.key) this.identities.set(rec.key, rec);
    return rec;
  }

  addRoom(rec: RoomRec): RoomRec {
    this.rooms.set(rec.uuid, rec);
    this.changed();
    return rec;
  }

  removeRoom(room: RoomRec): void {
    this.rooms.delete(room.uuid);
    for (const m of room.members.values()) m.person.rooms.delete(room);
    room.members.clear();
    for (const msg of room.messages) {
      this.messages.delete(msg.uuid);
      for (const f of msg.files ?? []) this.contents.delete(f.local);
    }
    if (room.team?.general === room) room.team.general = undefined;
    this.changed();
  }

  addMembership(room: RoomRec, person: PersonRec, isModerator: boolean, created: number): MembershipRec {
    const m: MembershipRec = {
      id: encodeId('MEMBERSHIP', `${person.uuid}:${room.uuid}`),
      room,
      person,
      isModerator,
      isRoomHidden: false,
      created,
    };
    room.members.set(person.uuid, m);
    person.rooms.add(room);
    this.changed();
    return m;
  }

  removeMembership(m: MembershipRec): void {
    m.room.members.delete(m.person.uuid);
    m.person.rooms.delete(m.room);
    this.changed();
  }

  addTeamMembership(team: TeamRec, person: PersonRec, isModerator: boolean, created: number): TeamMembershipRec {
    const tm: TeamMembershipRec = {
      id: encodeId('TEAM_MEMBERSHIP', `${person.uuid}:${team.uuid}`),
      team,
      person,
      isModerator,
      created,
    };
    team.members.set(person.uuid, tm);
    person.teams.add(team);
    return tm;
  }

  /** Appends a message to its room (kept in insertion order) and indexes it. */
  appendMessage(msg: MessageRec): void {
    msg.index = msg.room.messages.length;
    msg.room.messages.push(msg);
    this.messages.set(msg.uuid, msg);
    for (const f of msg.files ?? []) this.contents.set(f.local, f);
  }

  /** A room's list-relevant fields changed (lastActivity, title, membership…). */
  changed(room?: RoomRec): void {
    this.version++;
    if (room) room.json = undefined;
  }

  // ---- room views ------------------------------------------------------------------------------------------

  /**
   * The rooms `person` belongs to, filtered and sorted, cached until the next change. `lastactivity` and
   * `created` sort newest first, `id` ascending; ties broken by id.
   */
  roomView(
    person: PersonRec,
    sort: RoomSort,
    teamUuid: string | undefined,
    type: 'direct' | 'group' | undefined,
  ): RoomRec[] {
    if (this.viewVersion !== this.version) {
      this.views.clear();
      this.viewVersion = this.version;
    }
    const key = `${person.uuid}|${sort}|${teamUuid ?? ''}|${type ?? ''}`;
    const cached = this.views.get(key);
    if (cached) return cached;
    const list: RoomRec[] = [];
    for (const room of person.rooms) {
      if (teamUuid !== undefined && room.team?.uuid !== teamUuid) continue;
      if (type !== undefined && room.type !== type) continue;
      list.push(room);
    }
    list.sort(roomComparator(sort));
    if (this.views.size > 500) this.views.clear();
    this.views.set(key, list);
    return list;
  }
}

export function roomSortKey(room: RoomRec, sort: RoomSort): number | string {
  return sort === 'lastactivity' ? room.lastActivity : sort === 'created' ? room.created : room.id;
}

export function compareRoomKey(
  sort: RoomSort,
  aKey: number | string,
  aId: string,
  bKey: number | string,
  bId: string,
): number {
  if (sort !== 'id') {
    const diff = (bKey as number) - (aKey as number);
    if (diff !== 0) return diff;
  }
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

export function roomComparator(sort: RoomSort): (a: RoomRec, b: RoomRec) => number {
  return (a, b) => compareRoomKey(sort, roomSortKey(a, sort), a.id, roomSortKey(b, sort), b.id);
}
