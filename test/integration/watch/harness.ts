/**
 * Watch service + simulator on one ManualClock (virtual time). Loopback HTTP is real I/O, so time is stepped in
 * small increments and each step waits until the watcher is idle (no cycle or load in flight) before moving on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoreEvent, IdentityView } from '../../../src/shared/contract/channels';
import type { ActiveSession } from '../../../src/main/auth/types';
import { ManualClock } from '../../../src/main/clock';
import { createEventHub, type EventHub } from '../../../src/main/events/hub';
import { nullLogger } from '../../../src/main/log/types';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import type { NotificationRequest, SystemEvent, SystemEvents } from '../../../src/main/platform';
import { createStore, type Store } from '../../../src/main/store';
import { createWatchService, type WatchServiceHandle, type WatchServiceOptions } from '../../../src/main/watch';
import { createWebexClient, type Message, type WebexClient, type WebexClientOptions } from '../../../src/main/webex';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim';

/** A keyword rule flagging `CRITICAL` as critical, as several watch tests save it through `rules.save`. */
export const criticalKeywordRule = {
  name: 'Critical',
  mode: 'keywords',
  pattern: 'CRITICAL',
  caseSensitive: false,
  critical: true,
  enabled: true,
};

export interface FakeSession {
  current(): ActiveSession | undefined;
  onChange(listener: (active: ActiveSession | undefined) => void): () => void;
  set(active: ActiveSession | undefined): void;
}

export function createFakeSession(initial?: ActiveSession): FakeSession {
  let active = initial;
  const listeners = new Set<(a: ActiveSession | undefined) => void>();
  return {
    current: () => active,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      active = next;
      for (const l of listeners) l(next);
    },
  };
}

export interface TimedEvent {
  at: number;
  event: CoreEvent;
}

export interface WatchHarness {
  clock: ManualClock;
  sim: Simulator;
  hub: EventHub;
  store: Store;
  dataDir: string;
  session: FakeSession;
  service: WatchServiceHandle;
  events: TimedEvent[];
  notifications: (NotificationRequest & { at: number })[];
  focused: string[];
  /** Warnings the watch raised for the window (app slice). */
  warnings: { source: string; message: string; id?: string }[];
  /** Message ids the watcher processed as new, per room, in order (from the observer). */
  processed: Map<string, string[]>;
  cycleRequests: number[];
  clients: WebexClient[];
  online: boolean;
  client(identity?: string, extra?: WebexClientOptions): WebexClient;
  activeFor(identity?: string, client?: WebexClient): Promise<ActiveSession>;
  /** Starts (or restarts) a watch service on the same data folder. */
  startService(options?: WatchServiceOptions): WatchServiceHandle;
  step(totalMs: number, stepMs?: number): Promise<void>;
  invoke(channel: string, payload?: unknown): Promise<unknown>;
  invokeResult(channel: string, payload?: unknown): ReturnType<typeof dispatchInvoke>;
  emitSystem(event: SystemEvent): void;
  /** Clicks a shown notification (as the OS would). */
  click(id: string): void;
  /** Every processed id, across rooms. */
  allProcessed(): string[];
  close(): Promise<void>;
}

export async function startWatchHarness(
  simOptions: SimulatorOptions = {},
  serviceOptions: WatchServiceOptions = {},
): Promise<WatchHarness> {
  const clock = new ManualClock();
  const sim = await startSimulator({ port: 0, scenario: 'empty', rateLimits: false, seed: 3, clock, ...simOptions });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ops-watch-'));
  const hub = createEventHub({ clock });
  const store = createStore({ dataDir, clock });
  const events: TimedEvent[] = [];
  hub.subscribe((batch) => {
    for (const event of batch.events) events.push({ at: clock.now(), event });
  });
  const listeners = new Set<(e: SystemEvent) => void>();
  const systemEvents: SystemEvents = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isOnline: () => h.online,
  };
  const session = createFakeSession();
  const clickHandlers = new Map<string, () => void>();

  const h: WatchHarness = {
    clock,
    sim,
    hub,
    store,
    dataDir,
    session,
    service: undefined as unknown as WatchServiceHandle,
    events,
    notifications: [],
    focused: [],
    warnings: [],
    processed: new Map(),
    cycleRequests: [],
    clients: [],
    online: true,
    client(identity = 'operator', extra = {}) {
      const token = sim.tokens[identity];
      if (!token) throw new Error(`no token for ${identity}`);
      const c = createWebexClient({
        baseUrl: sim.baseUrl,
        token,
        clock,
        // The poller handles failures itself: no client-side retries or rate-limit waits (they would sleep inside a
        // cycle on the manual clock).
        retry: { maxAttempts: 1, maxRateLimitWaitMs: 0, random: () => 0 },
        ...extra,
      });
      h.clients.push(c);
      return c;
    },
    async activeFor(identity = 'operator', client) {
      const c = client ?? h.client(identity);
      const me = await c.people.me();
      const apiOrigin = new URL(sim.baseUrl).origin;
      const kind = me.type === 'bot' ? 'bot' : 'person';
      const view: IdentityView = {
        id: store.identityDir(apiOrigin, me.id).split('/')[1] as string,
        personId: me.id,
        displayName: me.displayName ?? identity,
        email: me.emails?.[0] ?? `${identity}@example.com`,
        kind,
        apiBaseUrl: sim.baseUrl,
        method: 'token',
        demo: false,
        signedIn: true,
        persisted: true,
      };
      return {
        identity: view,
        client: c,
        me: {
          id: me.id,
          emails: me.emails ?? [],
          displayName: me.displayName ?? identity,
          type: me.type === 'bot' ? 'bot' : 'person',
        },
        apiOrigin,
        dir: store.identityDir(apiOrigin, me.id),
      };
    },
    startService(options = {}) {
      const observer = {
        onMessages(roomId: string, messages: readonly Message[]) {
          const list = h.processed.get(roomId) ?? [];
          list.push(...messages.map((m) => m.id));
          h.processed.set(roomId, list);
        },
        onCycle(info: { requests: number }) {
          h.cycleRequests.push(info.requests);
        },
      };
      h.service = createWatchService(
        {
          hub,
          store,
          clock,
          logger: nullLogger,
          session,
          notifier: {
            show(notification, onClick) {
              h.notifications.push({ ...notification, at: clock.now() });
              clickHandlers.set(notification.id, onClick);
            },
          },
          systemEvents,
          focusRoom: (roomId) => h.focused.push(roomId),
          warn: (warning) => h.warnings.push(warning),
        },
        {
          random: () => 0.5,
          ...serviceOptions,
          ...options,
          observer: { ...observer, ...(options.observer ?? serviceOptions.observer) },
        },
      );
      return h.service;
    },
    async step(totalMs, stepMs = 100) {
      const end = clock.now() + totalMs;
      await h.service.idle();
      while (clock.now() < end) {
        await clock.advance(Math.min(stepMs, end - clock.now()));
        await h.service.idle();
      }
    },
    async invoke(channel, payload) {
      const result = await dispatchInvoke(
        h.service.handlers as never,
        channel,
        payload,
        { senderId: 'test' },
        { validateResults: true },
      );
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
      return result.value;
    },
    invokeResult(channel, payload) {
      return dispatchInvoke(
        h.service.handlers as never,
        channel,
        payload,
        { senderId: 'test' },
        { validateResults: true },
      );
    },
    emitSystem(event) {
      if (event === 'offline') h.online = false;
      if (event === 'online') h.online = true;
      for (const l of listeners) l(event);
    },
    click(id) {
      const handler = clickHandlers.get(id);
      if (!handler) throw new Error(`no notification ${id}`);
      handler();
    },
    allProcessed() {
      return [...h.processed.values()].flat();
    },
    async close() {
      await h.service?.dispose();
      hub.dispose();
      await store.close();
      await Promise.all(h.clients.map((c) => c.close()));
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** The events of one type, in order. */
export function eventsOf<T extends CoreEvent['type']>(h: WatchHarness, type: T): Extract<CoreEvent, { type: T }>[] {
  return h.events.map((e) => e.event).filter((e): e is Extract<CoreEvent, { type: T }> => e.type === type);
}

/** Counts of duplicates in a list of ids. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) dup.push(id);
    seen.add(id);
  }
  return dup;
}

/**
 * The common opening of a watch test: creates group rooms owned by the operator with the bot as a member (and
 * whatever `prepare` adds, e.g. history), lets a second pass, starts the service signed in as the operator and —
 * unless `watch: false` — watches every room and lets the first cycles run. Returns the room ids in order.
 */
export async function openWithRooms(
  h: WatchHarness,
  titles: readonly string[],
  options: { prepare?: (roomId: string) => void | Promise<void>; watch?: boolean } = {},
): Promise<string[]> {
  const roomIds: string[] = [];
  for (const title of titles) {
    const room = h.sim.control.createRoom('operator', { title });
    h.sim.control.addMember(room.id, 'bot');
    await options.prepare?.(room.id);
    roomIds.push(room.id);
  }
  await h.clock.advance(1000);
  h.startService();
  h.session.set(await h.activeFor('operator'));
  await h.step(200);
  if (options.watch === false) return roomIds;
  for (const roomId of roomIds) await h.invoke('rooms.setWatched', { roomId, watched: true });
  await h.step(5_000);
  return roomIds;
}
