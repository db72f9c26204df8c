/**
 * The EXT mark of spaces (docs/architecture.md §6, "The EXT mark"): whether people from other organisations are
 * members, per space of the active identity. Known from two sources:
 *
 * - every membership read main makes anyway (the members panel and the composer header through `members.list`,
 *   runbook targets): `note()`;
 * - a slow, paced background read of the memberships of WATCHED spaces only: at most one space every `intervalMs`,
 *   each space at most once per `refreshMs`, through the identity's shared REST client (so a 429 pause holds it too);
 *   it stops for a sign-out or an identity switch (the read in flight is aborted, what was known is forgotten).
 *
 * The watcher knows nothing of it: `watchHub()` is the event hub the watch service emits through; it adds the mark to
 * every room view on its way out (`rooms.reset`, `rooms.upsert`), follows which spaces are shown and watched, and
 * emits a `rooms.upsert` for a shown space whose mark changed. Channel results that carry room views are projected
 * with `project()` / `projectState()` where the core wires the channels (src/main/core.ts).
 */
import type { CoreEvent, RoomView, RoomsState } from '../../shared/contract/channels';
import { hasScope } from '../auth/scopes';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { EventHub } from '../events/hub';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/types';
import type { CallRetry, Membership } from '../webex';

export interface ExternalSpacesOptions {
  /** The pause between two background reads; each reads the memberships of one watched space. */
  intervalMs: number;
  /** A space's mark is read again in the background after this long. */
  refreshMs: number;
  /** After a failed background read, the space is tried again after this long. */
  retryMs: number;
}

export const DEFAULT_EXTERNAL_SPACES: Readonly<ExternalSpacesOptions> = Object.freeze({
  intervalMs: 10_000,
  refreshMs: 60 * 60_000,
  retryMs: 10 * 60_000,
});

export interface ExternalSpacesDeps {
  clock: Clock;
  logger: Logger;
  session: {
    current(): ActiveSession | undefined;
    onChange(listener: (a: ActiveSession | undefined) => void): () => void;
  };
  /** The core's event hub (the watch service gets `watchHub()`, a view of it). */
  hub: EventHub;
}

export interface ExternalSpaces {
  /** The mark of a space of the active identity, when known. */
  externalOf(roomId: string): boolean | undefined;
  /** A membership read main made for `identityId` found (or not) people from other organisations in the space. */
  note(identityId: string, roomId: string, external: boolean): void;
  /** The event hub for the watch service: room views leave with the mark. */
  watchHub(): EventHub;
  /** A room view with the mark, when known. */
  project<V extends RoomView>(view: V): V;
  projectState<S extends RoomsState>(state: S): S;
  /** Resolves when no background read is in flight. */
  idle(): Promise<void>;
  dispose(): void;
}

/**
 * One attempt, no waiting out a 429 pause: a background read that fails is simply tried again later (`retryMs`).
 * Retrying inside the call would sleep on the clock while `idle()` waits for the read — a test that moves the clock
 * only once the core is idle would then wait for itself (the chaos test did).
 */
const BACKGROUND_RETRY: Readonly<CallRetry> = Object.freeze({ maxAttempts: 1, maxRateLimitWaitMs: 0 });

/** Whether any of these members belongs to another organisation than `myOrgId` (the members panel's rule). */
export function hasExternalMember(members: Iterable<Pick<Membership, 'personOrgId'>>, myOrgId: string): boolean {
  for (const m of members) if (m.personOrgId !== undefined && m.personOrgId !== myOrgId) return true;
  return false;
}

interface Entry {
  external?: boolean;
  /** When the mark was last read (or a read last failed). */
  checkedAt: number;
  failed?: boolean;
  /** A 429 answered the last read: the next one waits until then (not `retryMs`). */
  retryAt?: number;
}

export function createExternalSpaces(
  deps: ExternalSpacesDeps,
  options: Partial<ExternalSpacesOptions> = {},
): ExternalSpaces {
  const config: ExternalSpacesOptions = { ...DEFAULT_EXTERNAL_SPACES, ...options };
  const { clock, logger, hub } = deps;
  let identityId = deps.session.current()?.identity.id;
  let entries = new Map<string, Entry>();
  /** The room views the watch service last sent (without the mark), by id. */
  let shown = new Map<string, RoomView>();
  /** Aborts the background read of the identity it was started for. */
  let readAbort = new AbortController();
  let reading: Promise<void> | undefined;
  const stop = new AbortController();

  const project = <V extends RoomView>(view: V): V => {
    const external = entries.get(view.id)?.external;
    return external === undefined || view.external === external ? view : { ...view, external };
  };

  const set = (roomId: string, entry: Entry): void => {
    const before = entries.get(roomId)?.external;
    entries.set(roomId, entry);
    const view = shown.get(roomId);
    if (view && entry.external !== undefined && entry.external !== before) {
      hub.emit({ type: 'rooms.upsert', rooms: [project(view)] });
    }
  };

  const forget = (next: string | undefined): void => {
    if (next === identityId) return;
    identityId = next;
    entries = new Map();
    readAbort.abort();
    readAbort = new AbortController();
  };

  const stopSession = deps.session.onChange((active) => forget(active?.identity.id));

  /** The watched space whose mark is oldest (never read first), if one is due. */
  const nextDue = (): string | undefined => {
    const now = clock.now();
    let best: { roomId: string; at: number } | undefined;
    for (const view of shown.values()) {
      if (!view.watched) continue;
      const entry = entries.get(view.id);
      const at = entry?.checkedAt ?? Number.NEGATIVE_INFINITY;
      const wait = entry?.failed ? config.retryMs : config.refreshMs;
      if (entry?.retryAt !== undefined ? now < entry.retryAt : entry && now - at < wait) continue;
      if (!best || at < best.at) best = { roomId: view.id, at };
    }
    return best?.roomId;
  };

  const readOne = async (active: ActiveSession, roomId: string, signal: AbortSignal): Promise<void> => {
    const myOrgId = active.me.orgId;
    if (myOrgId === undefined) return;
    const forIdentity = active.identity.id;
    let external = false;
    try {
      for await (const m of active.client.memberships.list(
        { roomId },
        { limit: 1000, signal, retry: BACKGROUND_RETRY },
      )) {
        if (hasExternalMember([m], myOrgId)) {
          external = true;
          break;
        }
      }
    } catch (e) {
      if (signal.aborted || identityId !== forIdentity) return;
      logger.warn('the members of a watched space could not be read for the EXT mark', { error: e });
      const until = e instanceof AppFailure && e.retryAt !== undefined ? Date.parse(e.retryAt) : Number.NaN;
      const { retryAt: _previous, ...known } = entries.get(roomId) ?? {};
      set(roomId, {
        ...known,
        checkedAt: clock.now(),
        failed: true,
        ...(Number.isFinite(until) ? { retryAt: until } : {}),
      });
      return;
    }
    if (signal.aborted || identityId !== forIdentity) return;
    set(roomId, { external, checkedAt: clock.now() });
  };

  const loop = async (): Promise<void> => {
    for (;;) {
      try {
        await clock.sleep(config.intervalMs, stop.signal);
      } catch {
        return;
      }
      const active = deps.session.current();
      // Normally the session listener already did this; a listener call missed must not stop the reading.
      forget(active?.identity.id);
      if (!active) continue;
      if (active.me.orgId === undefined || !hasScope(active, 'spark:memberships_read')) continue;
      const roomId = nextDue();
      if (roomId === undefined) continue;
      const task = readOne(active, roomId, readAbort.signal);
      reading = task;
      await task;
      reading = undefined;
    }
  };
  void loop().catch((e: unknown) => logger.error('the EXT mark reader stopped', { error: e }));

  /** Follows what the watch service shows, and adds the mark to room views on their way out. */
  const pass = (event: CoreEvent): CoreEvent => {
    switch (event.type) {
      case 'rooms.reset':
        shown = new Map(event.state.rooms.map((r) => [r.id, r]));
        return { ...event, state: projectStateOf(event.state) };
      case 'rooms.upsert':
        for (const r of event.rooms) shown.set(r.id, r);
        return { ...event, rooms: event.rooms.map(project) };
      case 'rooms.remove':
        for (const id of event.ids) shown.delete(id);
        return event;
      default:
        return event;
    }
  };

  function projectStateOf<S extends RoomsState>(state: S): S {
    return entries.size === 0 ? state : { ...state, rooms: state.rooms.map(project) };
  }

  const view: EventHub = {
    emit: (event) => hub.emit(pass(event)),
    subscribe: (listener) => hub.subscribe(listener),
    flush: () => hub.flush(),
    get seq() {
      return hub.seq;
    },
    dispose: () => undefined,
  };

  return {
    externalOf: (roomId) => entries.get(roomId)?.external,
    note(forIdentity, roomId, external) {
      if (forIdentity !== identityId) return;
      set(roomId, { external, checkedAt: clock.now() });
    },
    watchHub: () => view,
    project,
    projectState: projectStateOf,
    async idle() {
      await reading;
    },
    dispose() {
      stopSession();
      stop.abort();
      readAbort.abort();
    },
  };
}

/** The watch channels whose results carry room views. */
export type RoomViewChannel =
  'rooms.snapshot' | 'rooms.open' | 'rooms.setWatched' | 'rooms.setLevel' | 'rooms.markRead';

/** The watch service's room channels with the EXT mark added to the views they answer. */
export function projectRoomHandlers(
  handlers: Pick<Handlers, RoomViewChannel>,
  external: Pick<ExternalSpaces, 'project' | 'projectState'>,
): Pick<Handlers, RoomViewChannel> {
  return {
    'rooms.snapshot': async (payload, context) => {
      const snapshot = await handlers['rooms.snapshot'](payload, context);
      return { ...snapshot, data: external.projectState(snapshot.data) };
    },
    'rooms.open': async (payload, context) => external.projectState(await handlers['rooms.open'](payload, context)),
    'rooms.setWatched': async (payload, context) =>
      external.project(await handlers['rooms.setWatched'](payload, context)),
    'rooms.setLevel': async (payload, context) => external.project(await handlers['rooms.setLevel'](payload, context)),
    'rooms.markRead': async (payload, context) => external.project(await handlers['rooms.markRead'](payload, context)),
  };
}
