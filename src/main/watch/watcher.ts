/**
 * The watcher of one signed-in identity: its saved read state, the poll cycle (docs/architecture.md §6), the open space, the
 * rules and notifications, and the rooms / messages / poll / rules slices it emits. `service.ts` creates one per
 * active identity and stops it when the identity changes.
 */
import { randomUUID } from 'node:crypto';
import type {
  AlertRule,
  AlertRuleInput,
  MessagesState,
  MessageView,
  NotifyLevel,
  PollState,
  RoomsState,
  RoomView,
  RulesState,
} from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import { AppFailure, toAppError, type InternalErrorReporter } from '../errors';
import type { EventHub } from '../events/hub';
import type { Logger } from '../log/types';
import type { Notifier, SystemEvents } from '../platform';
import type { Doc } from '../store';
import { WebexApiError, type Message, type Room } from '../webex';
import type { WatchConfig } from './config';
import { chooseCandidates, listSortedWindow, messagesQuery, outsideWindow } from './cycle';
import { KnownIds } from './known-ids';
import { notifyReason, NotificationCoalescer } from './notify';
import { OpenSpace } from './open-space';
import { pruneRooms, type RoomRecord, type WatchState } from './persistence';
import { Poller } from './poller';
import {
  absorbChanges,
  absorbRoom,
  countMessage,
  markRead,
  startTracking,
  stopTracking,
  uncountMessage,
} from './read-state';
import { readRoom, type PageQuery } from './reader';
import { compileAll, matchRules, normaliseRuleInput, type CompiledRule } from './rules';
import { isAfter, isoOf, laterOf, serverMs } from './time';
import { mentionsAll, mentionsMe, messageText, messageView, roomView, sameJson } from './views';

/** Instrumentation for tests and benchmarks (not part of the app's behaviour). */
export interface WatchObserver {
  /** Every message the watcher processes as new, exactly once per processing. */
  onMessages?(roomId: string, messages: readonly Message[]): void;
  /** After every cycle: requests it made and whether it succeeded. */
  onCycle?(info: { requests: number; ok: boolean; reads: number }): void;
}

export interface WatcherDeps {
  session: ActiveSession;
  doc: Doc<WatchState>;
  hub: EventHub;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  systemEvents: SystemEvents;
  focusRoom(roomId: string): void;
  config: WatchConfig;
  random: () => number;
  report?: InternalErrorReporter;
  observer?: WatchObserver;
}

const MAX_RULES = 200;

function isGone(e: unknown): boolean {
  return e instanceof WebexApiError && (e.kind === 'notFound' || e.kind === 'forbidden' || e.kind === 'gone');
}

/** A failure that concerns one space's read only (its server error, a broken body), not every request. */
function isRoomLocal(e: unknown): boolean {
  return e instanceof WebexApiError && (e.kind === 'server' || e.kind === 'malformed' || e.kind === 'timeout');
}

function isCursorGone(e: unknown): boolean {
  return e instanceof WebexApiError && e.kind === 'notFound';
}

export class Watcher {
  private session: ActiveSession;
  private readonly state: WatchState;
  private readonly config: WatchConfig;
  private readonly poller: Poller;
  private readonly coalescer: NotificationCoalescer;
  private readonly known: KnownIds;
  private compiled: CompiledRule[];
  /** Room ids of the last rooms list (first page), most recent activity first. */
  private window: string[] = [];
  /** Views last emitted, by id. */
  private views = new Map<string, RoomView>();
  private open: OpenSpace | undefined;
  private readonly forced = new Set<string>();
  private readonly people = new Map<string, string>();
  private readonly peopleLoaded = new Set<string>();
  private lastNewAt = Number.NEGATIVE_INFINITY;
  private cycleCount = 0;
  private requests = 0;
  private readonly tasks = new Set<Promise<void>>();
  private readonly stopController = new AbortController();
  /** The working state differs from what was last handed to the store. */
  private dirty = false;

  constructor(private readonly deps: WatcherDeps) {
    this.session = deps.session;
    this.config = deps.config;
    this.state = structuredClone(deps.doc.get()) as WatchState;
    this.known = new KnownIds(this.config.knownIdsPerRoom);
    this.compiled = compileAll(this.state.rules);
    this.coalescer = new NotificationCoalescer({
      notifier: deps.notifier,
      focusRoom: deps.focusRoom,
      minIntervalMs: this.config.notifyMinIntervalMs,
      resetMs: this.config.notifyResetMs,
      logger: deps.logger,
    });
    this.poller = new Poller({
      clock: deps.clock,
      config: this.config,
      logger: deps.logger,
      systemEvents: deps.systemEvents,
      random: deps.random,
      ...(deps.report ? { report: deps.report } : {}),
      runCycle: (signal) => this.runCycle(signal),
      clientRateLimitedUntil: () => this.session.client.rateLimitedUntil(),
      cadence: () => this.cadence(),
      onState: (state) => this.deps.hub.emit({ type: 'poll.changed', state }),
      onTick: (now) => this.tick(now),
    });
  }

  get identityKey(): string {
    return `${this.session.identity.id}|${this.session.dir}`;
  }

  /** Emits the slices from the saved state and starts polling. */
  start(): void {
    const { hub } = this.deps;
    this.views = this.computeViews();
    hub.emit({ type: 'rooms.reset', state: this.roomsState() });
    hub.emit({ type: 'messages.reset', state: this.messagesState() });
    hub.emit({ type: 'rules.changed', state: this.rulesState() });
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await this.poller.stop();
    await Promise.allSettled([...this.tasks]);
    this.coalescer.clear();
    this.commit();
    try {
      await this.deps.doc.flush();
    } catch (e) {
      this.deps.logger.error('saving the watch state failed', { error: e });
    }
  }

  /** The same identity with a new session object (e.g. a refreshed client). */
  updateSession(session: ActiveSession): void {
    this.session = session;
    this.poller.syncNow();
  }

  /** Resolves when no cycle or open-space load is running. */
  async idle(): Promise<void> {
    for (;;) {
      await this.poller.idle();
      if (this.tasks.size === 0) return;
      await Promise.allSettled([...this.tasks]);
    }
  }

  get cycles(): number {
    return this.poller.cycles;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Slices

  roomsState(): RoomsState {
    const rooms = [...this.views.values()].sort(
      (a, b) => serverMs(b.lastActivity) - serverMs(a.lastActivity) || a.title.localeCompare(b.title),
    );
    const state: RoomsState = { rooms };
    if (this.open) state.openRoomId = this.open.roomId;
    return state;
  }

  messagesState(): MessagesState {
    const open = this.open;
    if (!open) return { messages: [], loading: false };
    const state: MessagesState = { roomId: open.roomId, messages: this.openViews(), loading: open.loading };
    if (open.readMarker !== undefined) state.readMarker = open.readMarker;
    if (open.error !== undefined) state.error = open.error;
    return state;
  }

  pollState(): PollState {
    return this.poller.snapshot();
  }

  rulesState(): RulesState {
    const dnd: RulesState['dnd'] = { heldBack: this.state.dnd.heldBack };
    if (this.state.dnd.until !== undefined) dnd.until = this.state.dnd.until;
    return { rules: this.state.rules.map((r) => ({ ...r })), dnd };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Handlers

  async openRoom(roomId: string | undefined): Promise<RoomsState> {
    const previous = this.open?.roomId;
    if (roomId !== undefined && !this.state.rooms[roomId]) await this.fetchRoom(roomId);
    if (previous !== undefined && previous !== roomId) {
      const rec = this.state.rooms[previous];
      if (rec && !rec.watched) stopTracking(rec);
    }
    const { hub } = this.deps;
    if (roomId === undefined) {
      this.open = undefined;
      hub.emit({ type: 'rooms.opened' });
      hub.emit({ type: 'messages.reset', state: this.messagesState() });
    } else {
      const rec = this.record(roomId);
      const open = new OpenSpace(roomId, this.deps.clock.now());
      if (rec.marker !== undefined) open.readMarker = rec.marker;
      this.open = open;
      rec.seenAt = this.deps.clock.now();
      hub.emit({ type: 'rooms.opened', roomId });
      hub.emit({ type: 'messages.reset', state: this.messagesState() });
      this.track(this.loadOpen(open));
    }
    this.emitRoomViews();
    this.commit();
    this.poller.reschedule();
    return this.roomsState();
  }

  async setWatched(roomId: string, watched: boolean): Promise<RoomView> {
    if (!this.state.rooms[roomId]) await this.fetchRoom(roomId);
    const rec = this.record(roomId);
    if (rec.watched !== watched) {
      rec.watched = watched;
      const isOpen = this.open?.roomId === roomId;
      if (watched && !isOpen) startTracking(rec);
      if (watched && isOpen && rec.lastActivity !== undefined)
        rec.notifyAfter = laterOf(rec.notifyAfter, rec.lastActivity) ?? rec.lastActivity;
      if (!watched && !isOpen) stopTracking(rec);
      this.emitRoomViews();
      this.commit();
    }
    return this.viewOf(roomId);
  }

  async setLevel(roomId: string, level: NotifyLevel): Promise<RoomView> {
    if (!this.state.rooms[roomId]) await this.fetchRoom(roomId);
    const rec = this.record(roomId);
    rec.level = level;
    this.emitRoomViews();
    this.commit();
    return this.viewOf(roomId);
  }

  markRead(roomId: string): RoomView {
    const rec = this.state.rooms[roomId];
    if (!rec) throw new AppFailure('notFound', 'That space is not known here.');
    markRead(rec);
    this.emitRoomViews();
    this.commit();
    return this.viewOf(roomId);
  }

  markAllRead(): { marked: number } {
    let marked = 0;
    for (const id of this.views.keys()) {
      const rec = this.state.rooms[id];
      if (rec && markRead(rec)) marked += 1;
    }
    this.emitRoomViews();
    this.commit();
    return { marked };
  }

  syncNow(): PollState {
    return this.poller.syncNow();
  }

  saveRule(input: AlertRuleInput): AlertRule {
    const id = input.id ?? randomUUID();
    const rule = normaliseRuleInput(input, id);
    const index = this.state.rules.findIndex((r) => r.id === id);
    if (index === -1) {
      if (this.state.rules.length >= MAX_RULES)
        throw new AppFailure('invalidInput', `At most ${MAX_RULES} alert rules.`);
      this.state.rules.push(rule);
    } else {
      this.state.rules[index] = rule;
    }
    this.rulesChanged();
    return { ...rule };
  }

  removeRule(id: string): RulesState {
    const before = this.state.rules.length;
    this.state.rules = this.state.rules.filter((r) => r.id !== id);
    if (this.state.rules.length === before) throw new AppFailure('notFound', 'That alert rule no longer exists.');
    for (const rec of Object.values(this.state.rooms)) rec.alertRules = rec.alertRules.filter((r) => r !== id);
    this.rulesChanged();
    return this.rulesState();
  }

  setDnd(minutes: number | undefined): RulesState {
    if (minutes === undefined) {
      delete this.state.dnd.until;
    } else {
      this.state.dnd = { until: isoOf(this.deps.clock.now() + minutes * 60_000), heldBack: 0 };
    }
    this.deps.hub.emit({ type: 'rules.changed', state: this.rulesState() });
    this.commit();
    return this.rulesState();
  }

  viewOf(roomId: string): RoomView {
    const rec = this.state.rooms[roomId];
    const view = rec ? roomView(roomId, rec, this.open?.roomId === roomId) : undefined;
    if (!view) throw new AppFailure('notFound', 'That space is not known here.');
    return view;
  }

  // ------------------------------------------------------------------------------------------------------------
  // The cycle

  private async runCycle(signal: AbortSignal): Promise<void> {
    const before = this.requests;
    let reads = 0;
    let ok = false;
    this.cycleCount += 1;
    try {
      const windowIds = await this.listRooms(signal);
      const inWindow = new Set(windowIds);
      if (this.cycleCount % this.config.sweepEveryCycles === 0) await this.sweep(inWindow, signal);
      let failure: unknown;
      for (const roomId of this.candidates()) {
        if (signal.aborted) break;
        if (this.session.client.rateLimitedUntil() !== undefined) break;
        try {
          await this.readAndApply(roomId, signal);
          reads += 1;
        } catch (e) {
          // One space answering badly must not starve the others; a failure that concerns every request (network,
          // rate limit, sign-in, cancel) ends the cycle at once. Either way the cycle counts as failed (backoff).
          if (!isRoomLocal(e) || signal.aborted) throw e;
          failure ??= e;
          this.deps.logger.warn('reading a space failed', { kind: e instanceof AppFailure ? e.kind : 'internal' });
        }
      }
      if (failure !== undefined) throw failure;
      ok = true;
    } finally {
      this.emitRoomViews();
      if (this.dirty) this.commit();
      this.deps.observer?.onCycle?.({ requests: this.requests - before, ok, reads });
    }
  }

  private async listRooms(signal: AbortSignal): Promise<string[]> {
    const listMark = this.state.listMark;
    const listed = await listSortedWindow(
      this.session.client,
      {
        max: this.config.roomsWindow,
        maxExtraPages: this.config.maxRoomPages,
        ...(listMark ? { listMark } : {}),
        signal,
      },
      () => {
        this.requests += 1;
      },
    );
    const now = this.deps.clock.now();
    for (const room of listed.all) this.absorb(room, now, listMark);
    this.window = listed.window.map((r) => r.id);
    const mark = laterOf(listMark, listed.newest);
    if (mark !== undefined && mark !== listMark) {
      this.state.listMark = mark;
      this.dirty = true;
    }
    return this.window;
  }

  /** The >3000-spaces caveat: watched rooms outside the sorted window are fetched by id, a few per sweep. */
  private async sweep(inWindow: Set<string>, signal: AbortSignal): Promise<void> {
    const outside = outsideWindow(this.state.rooms, inWindow);
    if (outside.length === 0) return;
    const start = this.state.sweepCursor % outside.length;
    const count = Math.min(this.config.sweepBatch, outside.length);
    for (let k = 0; k < count; k++) {
      const roomId = outside[(start + k) % outside.length] as string;
      if (this.session.client.rateLimitedUntil() !== undefined) return;
      this.requests += 1;
      try {
        const room = await this.session.client.rooms.get(roomId, { signal });
        this.absorb(room, this.deps.clock.now());
      } catch (e) {
        if (!isGone(e)) throw e;
        this.roomGone(roomId, e);
      }
      this.state.sweepCursor = (start + k + 1) % outside.length;
      this.dirty = true;
    }
  }

  private candidates(): string[] {
    const open = this.open;
    if (open && !open.loading && this.deps.clock.now() - open.lastRefresh >= this.config.openRefreshMs)
      this.forced.add(open.roomId);
    return chooseCandidates(this.state.rooms, {
      ...(open ? { openRoomId: open.roomId } : {}),
      openLoading: open?.loading ?? false,
      forced: this.forced,
      max: this.config.maxReadsPerCycle,
    });
  }

  private async readAndApply(roomId: string, signal: AbortSignal): Promise<void> {
    const rec = this.state.rooms[roomId];
    if (!rec || rec.lastActivity === undefined) return;
    const listed = rec.lastActivity;
    const firstRead = rec.head === undefined;
    const query = messagesQuery(this.session.me.type, rec.type, roomId, this.config.messagesPageSize);
    const source = (q: PageQuery): AsyncIterableIterator<{ items: Message[]; hasNext: boolean }> => {
      const pages = this.session.client.messages.list({ ...query, ...q }, { signal }).pages();
      const counted = async (): Promise<IteratorResult<{ items: Message[]; hasNext: boolean }>> => {
        this.requests += 1;
        return pages.next();
      };
      return {
        next: counted,
        return: async () => (pages.return ? pages.return() : { done: true, value: undefined }),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    };
    let outcome;
    try {
      outcome = await readRoom(
        source,
        {
          ...(rec.head ? { head: rec.head } : {}),
          floor: rec.marker ?? listed,
          gaps: rec.gaps,
          maxPages: this.config.maxPagesPerRoom,
        },
        (id) => this.isKnown(roomId, rec, id),
        isCursorGone,
      );
    } catch (e) {
      if (isGone(e) && !signal.aborted) {
        this.roomGone(roomId, e);
        return;
      }
      throw e;
    }
    this.forced.delete(roomId);
    let gaps = outcome.gaps;
    const notifyAfter = rec.notifyAfter;
    if (firstRead && notifyAfter !== undefined && gaps.some((g) => !isAfter(g.beforeCreated, notifyAfter))) {
      // A space just watched with a long unread history (older than the moment it was watched): count the newest
      // messages read and treat the older history as read, instead of paging through all of it.
      gaps = gaps.filter((g) => isAfter(g.beforeCreated, notifyAfter));
      const oldest = outcome.fresh[0];
      if (oldest && gaps.length === 0) rec.marker = isoOf(serverMs(oldest.created) - 1);
      this.deps.logger.info('long history when watching a space: older messages marked read', { pages: outcome.pages });
    }
    if (gaps.length > this.config.maxGapsPerRoom) {
      this.deps.logger.warn('too many unread gaps in a space; the oldest are given up', {
        dropped: gaps.length - this.config.maxGapsPerRoom,
      });
      gaps = gaps.slice(0, this.config.maxGapsPerRoom);
    }
    const before = JSON.stringify([rec.gaps, rec.head, rec.synced, rec.marker]);
    rec.gaps = gaps;
    if (outcome.head) rec.head = outcome.head;
    rec.synced = listed;
    if (JSON.stringify([rec.gaps, rec.head, rec.synced, rec.marker]) !== before) this.dirty = true;
    this.applyFresh(roomId, outcome.fresh);
    if (this.open?.roomId === roomId && outcome.firstPage) {
      this.applyOpenPage(roomId, outcome.firstPage, this.config.messagesPageSize);
      this.open.lastRefresh = this.deps.clock.now();
    }
  }

  private applyFresh(roomId: string, messages: readonly Message[]): void {
    const rec = this.state.rooms[roomId];
    if (!rec || messages.length === 0) return;
    const meId = this.session.me.id;
    const now = this.deps.clock.now();
    const isOpen = this.open?.roomId === roomId;
    const fresh = messages.filter((m) => !this.isKnown(roomId, rec, m.id));
    if (fresh.length === 0) return;
    const ruleIds = this.match(roomId, fresh);
    const rulesById = new Map(this.state.rules.map((r) => [r.id, r]));
    const dndActive = this.dndActive(now);
    let held = 0;
    const openViews: MessageView[] = [];
    fresh.forEach((m, i) => {
      const matched = ruleIds[i] ?? [];
      this.addKnown(roomId, rec, m.id);
      countMessage(rec, m, meId, matched);
      const mine = m.personId === meId;
      if (!mine) this.lastNewAt = now;
      if (!mine && (rec.watched || isOpen) && isAfter(m.created, rec.notifyAfter)) {
        const rules = matched.flatMap((id) => {
          const r = rulesById.get(id);
          return r ? [{ id: r.id, name: r.name, critical: r.critical }] : [];
        });
        const reason = notifyReason({
          level: rec.level,
          mine,
          mentionsMe: mentionsMe(m, meId) || mentionsAll(m),
          rules,
        });
        if (reason) {
          if (dndActive && !(reason.kind === 'rule' && reason.critical)) {
            held += 1;
          } else {
            this.coalescer.offer(
              {
                roomId,
                roomTitle: rec.title ?? 'a space',
                reason,
                sender: this.people.get(m.personId) ?? m.personEmail,
                text: messageText(m),
              },
              now,
            );
          }
        }
      }
      if (isOpen && this.open) {
        this.open.hold(m, matched);
        openViews.push(this.viewOfMessage(m, matched));
      }
    });
    rec.recent = this.known.newest(roomId, this.config.persistRecent);
    if (held > 0) {
      this.state.dnd.heldBack += held;
      this.deps.hub.emit({ type: 'rules.changed', state: this.rulesState() });
    }
    if (openViews.length > 0) {
      this.deps.hub.emit({ type: 'messages.upsert', roomId, messages: openViews });
      this.trimOpen();
    }
    this.deps.observer?.onMessages?.(roomId, fresh);
    this.dirty = true;
  }

  /** Edits and deletions among the newest page of the open space. */
  private applyOpenPage(roomId: string, page: readonly Message[], pageSize: number): void {
    const open = this.open;
    const rec = this.state.rooms[roomId];
    if (!open || open.roomId !== roomId || !rec) return;
    const { edited, deleted } = open.diffNewestPage(page, pageSize);
    const upserts = edited.map((m) => {
      const rules = this.match(roomId, [m])[0] ?? [];
      open.hold(m, rules);
      return this.viewOfMessage(m, rules);
    });
    for (const m of deleted) uncountMessage(rec, m, this.session.me.id);
    if (deleted.length > 0) this.dirty = true;
    if (upserts.length > 0) this.deps.hub.emit({ type: 'messages.upsert', roomId, messages: upserts });
    if (deleted.length > 0) this.deps.hub.emit({ type: 'messages.remove', roomId, ids: deleted.map((m) => m.id) });
  }

  private async loadOpen(open: OpenSpace): Promise<void> {
    const { roomId } = open;
    const rec = this.state.rooms[roomId];
    if (!rec) return;
    const listed = rec.lastActivity;
    const signal = this.stopController.signal;
    try {
      const query = messagesQuery(this.session.me.type, rec.type, roomId, this.config.openMessages);
      this.requests += 1;
      const page = await this.session.client.messages.list(query, { signal, limit: query.max }).toArray();
      await this.loadPeople(roomId, signal);
      if (this.open !== open) return;
      const meId = this.session.me.id;
      const tracked = rec.watched && rec.head !== undefined;
      const ruleIds = this.match(roomId, page);
      if (!tracked) {
        // Not read before: start reading from the newest message, counting what the page shows after the marker.
        stopTracking(rec);
        const newest = page[0];
        if (newest) rec.head = { id: newest.id, created: newest.created };
        if (listed !== undefined) {
          rec.synced = listed;
          rec.notifyAfter = laterOf(listed, newest?.created) ?? listed;
        }
        page.forEach((m, i) => countMessage(rec, m, meId, ruleIds[i] ?? []));
      }
      page.forEach((m, i) => {
        this.addKnown(roomId, rec, m.id);
        open.hold(m, ruleIds[i] ?? []);
      });
      rec.recent = this.known.newest(roomId, this.config.persistRecent);
      open.loading = false;
      delete open.error;
      open.lastRefresh = this.deps.clock.now();
      this.deps.hub.emit({ type: 'messages.reset', state: this.messagesState() });
      this.emitRoomViews();
      this.commit();
    } catch (e) {
      if (this.open !== open || signal.aborted) return;
      open.loading = false;
      open.error = toAppError(e, this.deps.report, 'opening a space');
      this.deps.logger.warn('opening a space failed', { kind: open.error.kind });
      this.deps.hub.emit({ type: 'messages.reset', state: this.messagesState() });
    }
  }

  /** Display names of a space's members: one memberships page per space and session (no request per message). */
  private async loadPeople(roomId: string, signal: AbortSignal): Promise<void> {
    if (this.peopleLoaded.has(roomId)) return;
    this.peopleLoaded.add(roomId);
    this.people.set(this.session.me.id, this.session.me.displayName);
    try {
      this.requests += 1;
      const members = await this.session.client.memberships
        .list({ roomId, max: 100 }, { signal, limit: 100 })
        .toArray();
      for (const m of members) if (m.personDisplayName) this.people.set(m.personId, m.personDisplayName);
    } catch (e) {
      this.deps.logger.info('member names unavailable', { kind: e instanceof AppFailure ? e.kind : 'internal' });
    }
  }

  private async fetchRoom(roomId: string): Promise<void> {
    this.requests += 1;
    const room: Room = await this.session.client.rooms.get(roomId, { signal: this.stopController.signal });
    this.absorb(room, this.deps.clock.now());
  }

  private roomGone(roomId: string, e: unknown): void {
    this.deps.logger.warn('space no longer readable; forgetting it', {
      kind: e instanceof AppFailure ? e.kind : 'unknown',
    });
    delete this.state.rooms[roomId];
    this.known.forget(roomId);
    this.forced.delete(roomId);
    this.window = this.window.filter((id) => id !== roomId);
    this.dirty = true;
    if (this.open?.roomId === roomId) {
      this.open.loading = false;
      this.open.error = toAppError(e);
      this.open.messages.clear();
      this.deps.hub.emit({ type: 'messages.reset', state: this.messagesState() });
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Helpers

  private absorb(room: Room, now: number, newSince?: string): void {
    const existing = this.state.rooms[room.id];
    if (absorbChanges(existing, room, now)) this.dirty = true;
    this.state.rooms[room.id] = absorbRoom(existing, room, now, newSince);
  }

  private record(roomId: string): RoomRecord {
    const rec = this.state.rooms[roomId];
    if (!rec) throw new AppFailure('notFound', 'That space is not known here.');
    return rec;
  }

  private isKnown(roomId: string, rec: RoomRecord, id: string): boolean {
    return this.known.has(roomId, id, () => rec.recent);
  }

  private addKnown(roomId: string, rec: RoomRecord, id: string): void {
    this.known.add(roomId, id, () => rec.recent);
  }

  private match(roomId: string, messages: readonly Message[]): string[][] {
    if (this.compiled.length === 0 || messages.length === 0) return messages.map(() => []);
    const subjects = messages.map((m) => ({ roomId, personEmail: m.personEmail, text: messageText(m) }));
    const result = matchRules(this.compiled, subjects, this.config.regexTimeoutMs);
    if (result.timedOut.length > 0) {
      for (const rule of this.state.rules) {
        if (result.timedOut.includes(rule.id)) {
          rule.enabled = false;
          this.deps.logger.warn('alert rule turned off: its pattern took too long', { ruleId: rule.id });
        }
      }
      this.rulesChanged();
    }
    return result.matches;
  }

  private rulesChanged(): void {
    this.compiled = compileAll(this.state.rules);
    this.deps.hub.emit({ type: 'rules.changed', state: this.rulesState() });
    const open = this.open;
    if (open && open.messages.size > 0) {
      const list = [...open.messages.values()].map((h) => h.raw);
      const matches = this.match(open.roomId, list);
      const changed: MessageView[] = [];
      list.forEach((m, i) => {
        const held = open.messages.get(m.id);
        const rules = matches[i] ?? [];
        if (held && !sameJson(held.rules, rules)) {
          held.rules = rules;
          changed.push(this.viewOfMessage(m, rules));
        }
      });
      if (changed.length > 0) this.deps.hub.emit({ type: 'messages.upsert', roomId: open.roomId, messages: changed });
    }
    this.emitRoomViews();
    this.commit();
  }

  private viewOfMessage(m: Message, rules: string[]): MessageView {
    return messageView(m, { meId: this.session.me.id, displayName: (id) => this.people.get(id), ruleMatches: rules });
  }

  private openViews(): MessageView[] {
    return this.open?.ordered().map((h) => this.viewOfMessage(h.raw, h.rules)) ?? [];
  }

  private trimOpen(): void {
    const open = this.open;
    const dropped = open?.trim(this.config.openKeep) ?? [];
    if (open && dropped.length > 0) this.deps.hub.emit({ type: 'messages.remove', roomId: open.roomId, ids: dropped });
  }

  private dndActive(now: number): boolean {
    const until = this.state.dnd.until;
    return until !== undefined && Date.parse(until) > now;
  }

  private cadence(): number {
    if (this.open) return this.config.openIntervalMs;
    if (this.deps.clock.now() - this.lastNewAt < this.config.activeWindowMs) return this.config.activeIntervalMs;
    return this.config.idleIntervalMs;
  }

  private tick(now: number): void {
    this.coalescer.flush(now);
    const until = this.state.dnd.until;
    if (until !== undefined && Date.parse(until) <= now) {
      delete this.state.dnd.until;
      this.deps.hub.emit({ type: 'rules.changed', state: this.rulesState() });
      this.commit();
    }
  }

  private computeViews(): Map<string, RoomView> {
    const ids = new Set(this.window);
    for (const [id, rec] of Object.entries(this.state.rooms)) if (rec.watched) ids.add(id);
    if (this.open) ids.add(this.open.roomId);
    const views = new Map<string, RoomView>();
    for (const id of ids) {
      const rec = this.state.rooms[id];
      const view = rec ? roomView(id, rec, this.open?.roomId === id) : undefined;
      if (view) views.set(id, view);
    }
    return views;
  }

  private emitRoomViews(): void {
    const next = this.computeViews();
    const upserts: RoomView[] = [];
    for (const [id, view] of next) {
      const before = this.views.get(id);
      if (!before || !sameJson(before, view)) upserts.push(view);
    }
    const removed = [...this.views.keys()].filter((id) => !next.has(id));
    this.views = next;
    if (upserts.length > 0) this.deps.hub.emit({ type: 'rooms.upsert', rooms: upserts });
    if (removed.length > 0) this.deps.hub.emit({ type: 'rooms.remove', ids: removed });
  }

  /** Saves the working state (debounced by the store). */
  private commit(): void {
    this.dirty = false;
    const keep = new Set(this.window);
    if (this.open) keep.add(this.open.roomId);
    pruneRooms(this.state.rooms, (id) => keep.has(id), this.config.maxSavedRooms);
    try {
      this.deps.doc.set(this.state);
    } catch (e) {
      this.deps.logger.error('watch state rejected by its schema', { error: e });
    }
  }

  private track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}
