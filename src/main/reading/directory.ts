/**
 * The room directory (docs/architecture.md §6): every space of the active identity, listed from Webex at most once
 * per `ttlMs` and cached, so the window can search 5,000 spaces while the watcher projects only its live window.
 * Served as `rooms.search` (title substring, filter, limit, cursor, optionally grouped by team). Views of spaces the
 * watcher knows carry its state (watched, level, counts); others are shown as Webex lists them, unwatched. Every view
 * carries the EXT mark when main knows it (`externalOf`).
 */
import type {
  RoomSearchFilter,
  RoomSearchGroup,
  RoomSearchInput,
  RoomSearchResult,
  RoomView,
  TeamView,
} from '../../shared/contract/channels';
import { assertNever } from '../../shared/errors';
import { groupByTeam } from '../../shared/groups';
import { compareRooms } from '../../shared/order';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { Logger } from '../log/types';
import type { Room } from '../webex';

export interface RoomDirectoryOptions {
  /** How long a listing is reused before the next search lists again. */
  ttlMs: number;
  /** The most spaces listed (GET /rooms pages of 1,000). */
  maxRooms: number;
  /** Page size when none is asked for. */
  defaultLimit: number;
}

export const DEFAULT_ROOM_DIRECTORY: Readonly<RoomDirectoryOptions> = Object.freeze({
  ttlMs: 60_000,
  maxRooms: 10_000,
  defaultLimit: 100,
});

export interface RoomDirectoryDeps {
  clock: Clock;
  logger: Logger;
  session: {
    current(): ActiveSession | undefined;
    onChange(listener: (a: ActiveSession | undefined) => void): () => void;
  };
  /** The watcher's view of a space it knows, if any. */
  knownView(roomId: string): RoomView | undefined;
  /** Whether people from other organisations are in a space, when main knows it (the EXT mark). */
  externalOf?(roomId: string): boolean | undefined;
  /** The identity's teams (GET /teams through main's teams service), for grouping by team; read once per `ttlMs`. */
  teams?(active: ActiveSession): Promise<TeamView[]>;
}

interface Listing {
  identityId: string;
  at: number;
  rooms: Room[];
  complete: boolean;
}

/** Case- and accent-insensitive form of a title or query (the renderer's sidebar folds the same way). */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase('en');
}

export function matchesFilter(view: RoomView, filter: RoomSearchFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'watched':
      return view.watched;
    case 'unread':
      return (view.unread ?? 0) > 0 || view.activity;
    case 'mentions':
      return (view.mentions ?? 0) > 0;
    case 'direct':
      return view.type === 'direct';
    case 'spaces':
      return view.type === 'group';
    default:
      return assertNever(filter, 'room filter');
  }
}

/** A listed space the watcher does not know: unwatched, no counts. */
export function listedView(room: Room): RoomView {
  const view: RoomView = {
    id: room.id,
    title: room.title,
    type: room.type === 'direct' ? 'direct' : 'group',
    lastActivity: room.lastActivity,
    isLocked: room.isLocked,
    watched: false,
    level: 'mentionsAndRules',
    activity: false,
    alert: false,
  };
  if (room.teamId !== undefined) view.teamId = room.teamId;
  return view;
}

export interface RoomDirectory {
  search(input: RoomSearchInput, signal?: AbortSignal): Promise<RoomSearchResult>;
  /** Forgets the cached listing (the identity changed). */
  reset(): void;
  dispose(): void;
}

export function createRoomDirectory(
  deps: RoomDirectoryDeps,
  options: Partial<RoomDirectoryOptions> = {},
): RoomDirectory {
  const config: RoomDirectoryOptions = { ...DEFAULT_ROOM_DIRECTORY, ...options };
  let listing: Listing | undefined;
  let inFlight: { identityId: string; promise: Promise<Listing> } | undefined;
  let teamNames: { identityId: string; at: number; names: Map<string, string> } | undefined;
  /** Folded titles by title, for the listing in use (a keystroke folds only titles not seen yet). */
  let folded: { listing: Listing; byTitle: Map<string, string> } | undefined;
  const foldedTitle = (from: Listing, title: string): string => {
    if (folded?.listing !== from) folded = { listing: from, byTitle: new Map() };
    let f = folded.byTitle.get(title);
    if (f === undefined) {
      f = fold(title);
      folded.byTitle.set(title, f);
    }
    return f;
  };

  const list = async (active: ActiveSession): Promise<Listing> => {
    const rooms: Room[] = [];
    let complete = true;
    for await (const room of active.client.rooms.list({ sortBy: 'lastactivity', max: 1000 })) {
      if (rooms.length >= config.maxRooms) {
        complete = false;
        break;
      }
      rooms.push(room);
    }
    deps.logger.info('listed spaces for search', { count: rooms.length, complete });
    return { identityId: active.identity.id, at: deps.clock.now(), rooms, complete };
  };

  const current = async (active: ActiveSession): Promise<Listing> => {
    const identityId = active.identity.id;
    if (listing && listing.identityId === identityId && deps.clock.now() - listing.at < config.ttlMs) return listing;
    if (!inFlight || inFlight.identityId !== identityId) {
      const promise = list(active).finally(() => {
        if (inFlight?.promise === promise) inFlight = undefined;
      });
      inFlight = { identityId, promise };
    }
    const fresh = await inFlight.promise;
    // A listing for an identity that is no longer active is not kept.
    if (deps.session.current()?.identity.id === fresh.identityId) listing = fresh;
    return fresh;
  };

  /**
   * Team names by id, read at most once per `ttlMs`. A failed read (no `spark:teams_read`, a network error) is
   * logged and remembered as "no names" for the same time: those spaces show under "Other spaces".
   */
  const namesOfTeams = async (active: ActiveSession): Promise<Map<string, string>> => {
    const identityId = active.identity.id;
    if (teamNames && teamNames.identityId === identityId && deps.clock.now() - teamNames.at < config.ttlMs) {
      return teamNames.names;
    }
    const names = new Map<string, string>();
    try {
      for (const team of deps.teams ? await deps.teams(active) : []) names.set(team.id, team.name);
    } catch (e) {
      deps.logger.warn('teams could not be read for grouping', { error: e });
    }
    if (deps.session.current()?.identity.id === identityId) teamNames = { identityId, at: deps.clock.now(), names };
    return names;
  };

  const unsubscribe = deps.session.onChange(() => {
    listing = undefined;
    teamNames = undefined;
  });

  return {
    async search(input) {
      const active = deps.session.current();
      if (!active) throw new AppFailure('notSignedIn', 'Sign in to search spaces.');
      const from = await current(active);
      const { rooms, complete } = from;
      const query = fold((input.query ?? '').trim());
      const filter = input.filter ?? 'all';
      const byId = new Map<string, RoomView>();
      for (const room of rooms) {
        const view = deps.knownView(room.id) ?? listedView(room);
        if (!matchesFilter(view, filter)) continue;
        if (query !== '' && !foldedTitle(from, view.title).includes(query)) continue;
        const external = deps.externalOf?.(room.id);
        byId.set(view.id, external === undefined ? view : { ...view, external });
      }
      let matching = [...byId.values()].sort(compareRooms);
      let groups: RoomSearchGroup[] | undefined;
      if (input.groupBy === 'team') {
        const names = await namesOfTeams(active);
        const grouped = groupByTeam(matching, (teamId) => names.get(teamId));
        matching = grouped.flatMap((g) => g.rooms);
        groups = grouped.map((g) => ({
          ...(g.teamId !== undefined ? { teamId: g.teamId } : {}),
          name: g.name,
          count: g.rooms.length,
        }));
      }
      const offset = input.cursor === undefined ? 0 : Number(input.cursor);
      const limit = input.limit ?? config.defaultLimit;
      const page = matching.slice(offset, offset + limit);
      const result: RoomSearchResult = { rooms: page, total: matching.length, complete };
      if (offset + limit < matching.length) result.nextCursor = String(offset + limit);
      if (groups) result.groups = groups;
      return result;
    },
    reset() {
      listing = undefined;
      teamNames = undefined;
    },
    dispose() {
      unsubscribe();
    },
  };
}
