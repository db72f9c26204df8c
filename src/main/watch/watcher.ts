/**
 * The watcher of one signed-in identity: its saved read state, the poll cycle (docs/architecture.md §6), the open space, the
 * rules and notifications, and the rooms / messages / poll / rules slices it emits. `service.ts` creates one per
 * active identity and stops it when the identity changes.
 */
import { randomUUID } from 'node:crypto';
import type {
  AlertRule,
  AlertRuleInput,
  AppWarning,
  MessagesState,
  MessageView,
  NotifyLevel,
  PollState,
  RoomsState,
  RoomView,
  RulesState,
  RuleTestMatch,
  RuleTestResult,
} from '../../shared/contract/channels';
import { sessionKey } from '../auth/session-key';
import type { ActiveSession } from '../auth/types';
import type { Clock } from '../clock';
import { AppFailure, toAppError, type InternalErrorReporter } from '../errors';
import type { EventHub } from '../events/hub';
import type { Logger } from '../log/types';
import type { Notifier, SystemEvents } from '../platform';
import type { Doc } from '../store';
import { WebexApiError, type Message, type Room } from '../webex';
import { compareRooms } from '../../shared/order';
import type { WatchConfig } from './config';
import { chooseCandidates, listSortedWindow, messagesQuery, outsideWindow, POLL_RETRY } from './cycle';
import { hourOf, recordActivity } from './activity';
import { KnownIds } from './known-ids';
import { notifyReason, NotificationCoalescer } from './notify';
import { OpenSpace } from './open-space';
import { pruneRooms, roomsToMap, roomsToRecord, type RoomRecord, type WatchState } from './persistence';
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
import { isAtOrBelow, readRoom, type PageQuery } from './reader';
import { compileAll, compileRule, matchRules, normaliseRuleInput, type CompiledRule } from './rules';
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
  /** Raises a warning in the window (see WatchServiceDeps.warn). */
  warn?(warning: { source: AppWarning['source']; message: string; id?: string }): void;
  config: WatchConfig;
  random: () => number;
  report?: InternalErrorReporter;
  observer?: WatchObserver;
}

const MAX_RULES = 200;
/** How many of the newest messages of watched spaces `rules.test` checks (kept in memory only). */
export const RULE_TEST_WINDOW = 200;

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
  /** Everything saved but the rooms. */
  private readonly state: Omit<WatchState, 'rooms'>;
  /** Room records by id: a Map, so an id from the renderer can never reach a prototype (docs/security.md). */
  private readonly rooms: Map<string, RoomRecord>;
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
  /** The clock hour the room views were last computed in (their activity moves on each hour). */
  private shownHour = Number.NaN;
  /** The newest messages that became known (oldest first, at most RULE_TEST_WINDOW): what `rules.test` checks. */
  private readonly recentMessages: { roomId: string; message: Message }[] = [];
  private cycleCount = 0;
  private requests = 0;
  private readonly tasks = new Set<Promise<void>>();
  /** The tail of the counting steps (applyFresh): one at a time, in call order. */
  private counting: Promise<unknown> = Promise.resolve();
  private readonly stopController = new AbortController();
  /** The working state differs from what was last handed to the store. */
  private dirty = false;
  /** The last save was rejected by the schema (warned once until a save passes). */
  private saveRejected = false;
  /**
   * What the window was last told, per slice (besides `views` for the rooms): every operation changes the working
   * state only and ends in `settle()`, which diffs against this and emits — an emit cannot be forgotten.
   */
  private shown: { openRoomId?: string; rules: string; messagesHead: string; messages: Map<string, string> } = {
    rules: '',
    messagesHead: '',
    messages: new Map(),
  };

  constructor(private readonly deps: WatcherDeps) {
    this.session = deps.session;
    this.config = deps.config;
    const { rooms, ...rest } = deps.doc.get();
    this.state = structuredClone(rest);
    this.rooms = roomsToMap(rooms);
    this.known = new KnownIds(this.config.knownIdsPerRoom);
    this.compiled = this.compileRules();
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
    return sessionKey(this.session);
  }

  /** Emits the slices from the saved state and starts polling. */
  start(): void {
    const { hub } = this.deps;
    this.views = this.computeViews();
    hub.emit({ type: 'rooms.reset', state: this.roomsState() });
    this.settle();
    this.poller.start();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    await this.poller.stop();
    await Promise.allSettled([...this.tasks]);
    await this.counting;
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
      await this.counting;
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
    const rooms = [...this.views.values()].sort(compareRooms);
    const state: RoomsState = { rooms };
    if (this.open) state.openRoomId = this.open.roomId;
    return state;
  }

  /**
   * Messages read outside the poll by src/main/reading (older pages, a thread), oldest first: each unknown one
   * becomes known through the same step as a poll read (counted against the read marker, matched, notified), so
   * counts stay right and the poller never counts it again; none joins the open space's window. Returns their views.
   */
  async absorbRead(roomId: string, messages: readonly Message[]): Promise<MessageView[]> {
    if (!this.rooms.has(roomId)) return [];
    const matched = await this.applyFresh(roomId, messages, { hold: false });
    const rest = messages.filter((m) => !matched.has(m));
    const restRules = await this.match(roomId, rest);
    this.settle();
    let next = 0;
    return messages.map((m) => this.viewOfMessage(m, matched.get(m) ?? restRules[next++] ?? []));
  }

  /**
   * An own message edited or deleted through src/main/spaces: the open space shows the change at once instead of at
   * its next refresh (which would find the same difference).
   */
  applyOwnChange(roomId: string, change: { edited: Message } | { deletedId: string }): void {
    const open = this.open;
    if (!open || open.roomId !== roomId) return;
    if ('edited' in change) {
      const held = open.messages.get(change.edited.id);
      if (!held) return;
      open.hold(change.edited, held.rules);
    } else if (!open.forgetDeleted(change.deletedId)) return;
    this.settle();
  }

  /** A space's list view as this watcher knows it (watched, level, counts), for src/main/reading's search. */
  knownRoomView(roomId: string): RoomView | undefined {
    const rec = this.rooms.get(roomId);
    return rec ? roomView(roomId, rec, this.open?.roomId === roomId, this.deps.clock.now()) : undefined;
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
    const dnd: RulesState['dnd'] = {
      heldBack: this.state.dnd.heldBack,
      criticalBreaksThrough: this.criticalBreaksThrough(),
    };
    if (this.state.dnd.until !== undefined) dnd.until = this.state.dnd.until;
    return { rules: this.state.rules.map((r) => ({ ...r })), dnd };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Handlers

  async openRoom(roomId: string | undefined): Promise<RoomsState> {
    const previous = this.open?.roomId;
    if (roomId !== undefined && !this.rooms.has(roomId)) await this.fetchRoom(roomId);
    if (previous !== undefined && previous !== roomId) {
      const rec = this.rooms.get(previous);
      if (rec && !rec.watched) stopTracking(rec);
    }
    if (roomId === undefined) {
      this.open = undefined;
    } else {
      const rec = this.record(roomId);
      const open = new OpenSpace(roomId, this.deps.clock.now());
      if (rec.marker !== undefined) open.readMarker = rec.marker;
      this.open = open;
      rec.seenAt = this.deps.clock.now();
      this.track(this.loadOpen(open));
    }
    this.dirty = true;
    this.settle();
    this.poller.reschedule();
    return this.roomsState();
  }

  async setWatched(roomId: string, watched: boolean): Promise<RoomView> {
    if (!this.rooms.has(roomId)) await this.fetchRoom(roomId);
    const rec = this.record(roomId);
    if (rec.watched !== watched) {
      rec.watched = watched;
      const isOpen = this.open?.roomId === roomId;
      if (watched && !isOpen) startTracking(rec);
      if (watched && isOpen && rec.lastActivity !== undefined)
        rec.notifyAfter = laterOf(rec.notifyAfter, rec.lastActivity) ?? rec.lastActivity;
      if (!watched && !isOpen) stopTracking(rec);
      this.dirty = true;
      this.settle();
    }
    return this.viewOf(roomId);
  }

  async setLevel(roomId: string, level: NotifyLevel): Promise<RoomView> {
    if (!this.rooms.has(roomId)) await this.fetchRoom(roomId);
    const rec = this.record(roomId);
    rec.level = level;
    this.dirty = true;
    this.settle();
    return this.viewOf(roomId);
  }

  markRead(roomId: string): RoomView {
    const rec = this.rooms.get(roomId);
    if (!rec) throw new AppFailure('notFound', 'That space is not known here.');
    markRead(rec);
    this.dirty = true;
    this.settle();
    return this.viewOf(roomId);
  }

  markAllRead(): { marked: number } {
    let marked = 0;
    for (const id of this.views.keys()) {
      const rec = this.rooms.get(id);
      if (rec && markRead(rec)) marked += 1;
    }
    this.dirty = true;
    this.settle();
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
    this.settle();
    return { ...rule };
  }

  removeRule(id: string): RulesState {
    const before = this.state.rules.length;
    this.state.rules = this.state.rules.filter((r) => r.id !== id);
    if (this.state.rules.length === before) throw new AppFailure('notFound', 'That alert rule no longer exists.');
    for (const rec of this.rooms.values()) rec.alertRules = rec.alertRules.filter((r) => r !== id);
    this.rulesChanged();
    this.settle();
    return this.rulesState();
  }

  setDnd(minutes: number | undefined): RulesState {
    if (minutes === undefined) {
      delete this.state.dnd.until;
    } else {
      this.state.dnd = { ...this.state.dnd, until: isoOf(this.deps.clock.now() + minutes * 60_000), heldBack: 0 };
    }
    this.dirty = true;
    this.settle();
    return this.rulesState();
  }

  /** The operator's switch: whether critical alert rules notify during do not disturb (saved; default on). */
  setDndOptions(options: { criticalBreaksThrough: boolean }): RulesState {
    this.state.dnd = { ...this.state.dnd, criticalBreaksThrough: options.criticalBreaksThrough };
    this.dirty = true;
    this.settle();
    return this.rulesState();
  }

  /**
   * Which of the newest messages of watched spaces (at most RULE_TEST_WINDOW, from memory: no request) `input`
   * would have matched, newest first — through the same worker and time limit as live matching.
   */
  async testRule(input: AlertRuleInput): Promise<RuleTestResult> {
    const rule = { ...normaliseRuleInput(input, input.id ?? 'preview'), enabled: true };
    const compiled = compileRule(rule);
    const seen = new Map<string, { roomId: string; message: Message }>();
    for (const entry of this.recentMessages) seen.set(entry.message.id, entry);
    const open = this.open;
    if (open) for (const h of open.messages.values()) seen.set(h.raw.id, { roomId: open.roomId, message: h.raw });
    const candidates = [...seen.values()]
      .filter((e) => this.rooms.get(e.roomId)?.watched === true)
      .sort((a, b) => serverMs(b.message.created) - serverMs(a.message.created))
      .slice(0, RULE_TEST_WINDOW);
    const subjects = candidates.map((e) => ({
      roomId: e.roomId,
      personEmail: e.message.personEmail,
      text: messageText(e.message),
    }));
    const result = await matchRules([compiled], subjects, this.config.regexTimeoutMs);
    const matches: RuleTestMatch[] = [];
    candidates.forEach((e, i) => {
      if ((result.matches[i] ?? []).length === 0) return;
      const match: RuleTestMatch = {
        roomId: e.roomId,
        messageId: e.message.id,
        sender: this.people.get(e.message.personId) ?? e.message.personEmail,
        text: (subjects[i]?.text ?? '').slice(0, 300),
        created: e.message.created,
      };
      const title = this.rooms.get(e.roomId)?.title;
      if (title !== undefined) match.roomTitle = title;
      matches.push(match);
    });
    return { checked: candidates.length, matches, timedOut: result.timedOut.length > 0 };
  }

  viewOf(roomId: string): RoomView {
    const rec = this.rooms.get(roomId);
    const view = rec ? roomView(roomId, rec, this.open?.roomId === roomId, this.deps.clock.now()) : undefined;
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
      let failedReads = 0;
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
          failedReads += 1;
          this.deps.logger.warn('reading a space failed', { kind: e instanceof AppFailure ? e.kind : 'internal' });
        }
      }
      if (failure !== undefined) {
        // The cycle fails with the first of them; the others are failed requests too (PollState.lastHour).
        this.poller.noteFailedRequests(failedReads - 1);
        throw failure;
      }
      ok = true;
    } finally {
      this.settle();
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
    const outside = outsideWindow(this.rooms, inWindow);
    if (outside.length === 0) return;
    const start = this.state.sweepCursor % outside.length;
    const count = Math.min(this.config.sweepBatch, outside.length);
    for (let k = 0; k < count; k++) {
      const roomId = outside[(start + k) % outside.length] as string;
      if (this.session.client.rateLimitedUntil() !== undefined) return;
      this.requests += 1;
      try {
        const room = await this.session.client.rooms.get(roomId, { signal, retry: POLL_RETRY });
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
    return chooseCandidates(this.rooms, {
      ...(open ? { openRoomId: open.roomId } : {}),
      openLoading: open?.loading ?? false,
      forced: this.forced,
      max: this.config.maxReadsPerCycle,
    });
  }

  private async readAndApply(roomId: string, signal: AbortSignal): Promise<void> {
    const rec = this.rooms.get(roomId);
    if (!rec || rec.lastActivity === undefined) return;
    const listed = rec.lastActivity;
    const firstRead = rec.head === undefined;
    const query = messagesQuery(this.session.me.type, rec.type, roomId, this.config.messagesPageSize);
    const source = (q: PageQuery): AsyncIterableIterator<{ items: Message[]; hasNext: boolean }> => {
      const pages = this.session.client.messages.list({ ...query, ...q }, { signal, retry: POLL_RETRY }).pages();
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
    await this.applyFresh(roomId, outcome.fresh);
    if (this.open?.roomId === roomId && outcome.firstPage) {
      await this.applyOpenPage(roomId, outcome.firstPage, this.config.messagesPageSize);
      if (this.open?.roomId === roomId) this.open.lastRefresh = this.deps.clock.now();
    }
  }

  /**
   * The one step through which a message becomes known (poll reads, the open-space read and src/main/reading alike):
   * counted against the read marker, matched against the alert rules, notified, held for the open space (unless
   * `hold: false`). `messages` oldest first. Steps run one at a time, in call order (the regex matching awaits the
   * worker, and notifications keep their order); what is known is decided after the matching, so a message that two
   * overlapping reads bring counts once. The caller's `settle()` tells the window.
   */
  private applyFresh(
    roomId: string,
    messages: readonly Message[],
    options: { hold?: boolean } = {},
  ): Promise<ReadonlyMap<Message, string[]>> {
    const step = async (): Promise<ReadonlyMap<Message, string[]>> => {
      const before = this.rooms.get(roomId);
      if (!before || messages.length === 0) return new Map();
      const candidates = messages.filter((m) => !this.isKnown(roomId, before, m.id));
      const candidateRules = await this.match(roomId, candidates);
      return this.countFresh(roomId, messages, candidates, candidateRules, options);
    };
    const run = this.counting.then(step, step);
    this.counting = run.catch(() => undefined);
    return run;
  }

  /** The synchronous part of `applyFresh`, once the candidates are matched. */
  private countFresh(
    roomId: string,
    messages: readonly Message[],
    candidates: readonly Message[],
    candidateRules: readonly string[][],
    options: { hold?: boolean },
  ): ReadonlyMap<Message, string[]> {
    const rec = this.rooms.get(roomId);
    if (!rec) return new Map();
    const meId = this.session.me.id;
    const now = this.deps.clock.now();
    const isOpen = this.open?.roomId === roomId;
    const rulesOf = new Map(candidates.map((m, i) => [m, candidateRules[i] ?? []]));
    const fresh = candidates.filter((m) => !this.isKnown(roomId, rec, m.id));
    const ruleIds = fresh.map((m) => rulesOf.get(m) ?? []);
    if (rec.watched) this.noteActivity(rec, now, messages, (m) => (rulesOf.get(m) ?? []).length > 0);
    if (fresh.length === 0) return new Map();
    if (rec.watched) for (const m of fresh) this.recentMessages.push({ roomId, message: m });
    if (this.recentMessages.length > RULE_TEST_WINDOW)
      this.recentMessages.splice(0, this.recentMessages.length - RULE_TEST_WINDOW);
    const rulesById = new Map(this.state.rules.map((r) => [r.id, r]));
    const dndActive = this.dndActive(now);
    let held = 0;
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
          if (dndActive && !(reason.kind === 'rule' && reason.critical && this.criticalBreaksThrough())) {
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
      if (isOpen && this.open && options.hold !== false) this.open.hold(m, matched);
    });
    rec.recent = this.known.newest(roomId, this.config.persistRecent);
    if (held > 0) this.state.dnd.heldBack += held;
    if (isOpen) this.open?.trim(this.config.openKeep);
    this.deps.observer?.onMessages?.(roomId, fresh);
    this.dirty = true;
    return new Map(fresh.map((m, i) => [m, ruleIds[i] ?? []]));
  }

  /** Every message a watched space's read saw goes into its 24-hour activity (activity.ts: once per id). */
  private noteActivity(
    rec: RoomRecord,
    now: number,
    messages: readonly Message[],
    alert: (m: Message) => boolean,
  ): void {
    const { activity, changed } = recordActivity(
      rec.activity,
      now,
      messages.map((m) => ({ id: m.id, created: m.created, alert: alert(m) })),
    );
    if (!changed) return;
    rec.activity = activity;
    this.dirty = true;
  }

  /** Edits and deletions among the newest page of the open space. */
  private async applyOpenPage(roomId: string, page: readonly Message[], pageSize: number): Promise<void> {
    const open = this.open;
    const rec = this.rooms.get(roomId);
    if (!open || open.roomId !== roomId || !rec) return;
    const { edited, deleted } = open.diffNewestPage(page, pageSize);
    const rules = await this.match(roomId, edited);
    if (this.open !== open) return;
    edited.forEach((m, i) => open.hold(m, rules[i] ?? []));
    for (const m of deleted) uncountMessage(rec, m, this.session.me.id);
    if (deleted.length > 0) this.dirty = true;
  }

  private async loadOpen(open: OpenSpace): Promise<void> {
    const { roomId } = open;
    const rec = this.rooms.get(roomId);
    if (!rec) return;
    const listed = rec.lastActivity;
    const signal = this.stopController.signal;
    try {
      const query = messagesQuery(this.session.me.type, rec.type, roomId, this.config.openMessages);
      this.requests += 1;
      const page = await this.session.client.messages
        .list(query, { signal, limit: query.max, retry: POLL_RETRY })
        .toArray();
      await this.loadPeople(roomId, signal);
      if (this.open !== open) return;
      const head = rec.watched ? rec.head : undefined;
      let fresh: Message[];
      if (head === undefined) {
        // Not read before: start reading from the newest message; the page is counted after the read marker.
        const newest = page[0];
        if (rec.watched && rec.notifyAfter !== undefined) {
          // Watched but not read yet (e.g. opened right after a restart): what came after it was watched notifies.
          if (newest) rec.head = { id: newest.id, created: newest.created };
          if (listed !== undefined) rec.synced = listed;
        } else {
          // Not watched: the counts restart (ids remembered from an earlier open must not hide anything) and the
          // page, being history, does not notify.
          stopTracking(rec);
          this.known.forget(roomId);
          rec.recent = [];
          if (newest) rec.head = { id: newest.id, created: newest.created };
          if (listed !== undefined) {
            rec.synced = listed;
            rec.notifyAfter = laterOf(listed, newest?.created) ?? listed;
          }
        }
        fresh = [...page];
      } else {
        // Read before: what is newer than the last message processed arrived since the last poll read — it is new
        // like any other (counted, matched, notified). Older messages are only shown: they were processed before
        // or lie in a gap the poller still reads.
        fresh = page.filter((m) => !isAtOrBelow(m, head));
        const reached = fresh.length < page.length || page.length < query.max;
        const newest = page[0];
        if (reached && newest && fresh.length > 0) rec.head = { id: newest.id, created: newest.created };
      }
      // The new part becomes known through the one counting step (queued now, in order with the poll's reads); the
      // whole page is shown, the rest matched for display only.
      const counted = await this.applyFresh(roomId, [...fresh].reverse());
      const rest = page.filter((m) => !counted.has(m));
      const restRules = await this.match(roomId, rest);
      if (this.open !== open) return;
      let next = 0;
      for (const m of page) open.hold(m, counted.get(m) ?? restRules[next++] ?? []);
      open.trim(this.config.openKeep);
      open.loading = false;
      delete open.error;
      open.lastRefresh = this.deps.clock.now();
      this.dirty = true;
      this.settle();
    } catch (e) {
      if (this.open !== open || signal.aborted) return;
      open.loading = false;
      open.error = toAppError(e, this.deps.report, 'opening a space');
      this.deps.logger.warn('opening a space failed', { kind: open.error.kind });
      this.settle();
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
        .list({ roomId, max: 100 }, { signal, limit: 100, retry: POLL_RETRY })
        .toArray();
      for (const m of members) if (m.personDisplayName) this.people.set(m.personId, m.personDisplayName);
    } catch (e) {
      this.deps.logger.info('member names unavailable', { kind: e instanceof AppFailure ? e.kind : 'internal' });
    }
  }

  /** Takes in a space not listed yet; an id Webex does not know (404, or 400 for a malformed id) is `notFound`. */
  private async fetchRoom(roomId: string): Promise<void> {
    this.requests += 1;
    let room: Room;
    try {
      room = await this.session.client.rooms.get(roomId, {
        signal: this.stopController.signal,
        retry: POLL_RETRY,
      });
    } catch (e) {
      if (e instanceof WebexApiError && (e.kind === 'invalidInput' || e.kind === 'notFound'))
        throw new AppFailure('notFound', 'That space is not known here.');
      throw e;
    }
    this.absorb(room, this.deps.clock.now());
  }

  private roomGone(roomId: string, e: unknown): void {
    this.deps.logger.warn('space no longer readable; forgetting it', {
      kind: e instanceof AppFailure ? e.kind : 'unknown',
    });
    this.rooms.delete(roomId);
    this.known.forget(roomId);
    this.forced.delete(roomId);
    this.window = this.window.filter((id) => id !== roomId);
    this.dirty = true;
    if (this.open?.roomId === roomId) {
      this.open.loading = false;
      this.open.error = toAppError(e);
      this.open.messages.clear();
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Helpers

  private absorb(room: Room, now: number, newSince?: string): void {
    const existing = this.rooms.get(room.id);
    if (absorbChanges(existing, room, now)) this.dirty = true;
    this.rooms.set(room.id, absorbRoom(existing, room, now, newSince));
  }

  private record(roomId: string): RoomRecord {
    const rec = this.rooms.get(roomId);
    if (!rec) throw new AppFailure('notFound', 'That space is not known here.');
    return rec;
  }

  private isKnown(roomId: string, rec: RoomRecord, id: string): boolean {
    return this.known.has(roomId, id, () => rec.recent);
  }

  private addKnown(roomId: string, rec: RoomRecord, id: string): void {
    this.known.add(roomId, id, () => rec.recent);
  }

  /** The alert rules each message matches; regex rules in the matcher's worker (never blocking this thread). */
  private async match(roomId: string, messages: readonly Message[]): Promise<string[][]> {
    if (this.compiled.length === 0 || messages.length === 0) return messages.map(() => []);
    const subjects = messages.map((m) => ({ roomId, personEmail: m.personEmail, text: messageText(m) }));
    const result = await matchRules(this.compiled, subjects, this.config.regexTimeoutMs);
    if (result.timedOut.length > 0) {
      for (const rule of this.state.rules) {
        if (result.timedOut.includes(rule.id)) {
          rule.enabled = false;
          this.deps.logger.warn('alert rule turned off: its pattern took too long', { ruleId: rule.id });
          this.deps.warn?.({
            source: 'config',
            id: `rule-timeout-${rule.id}`,
            message: `The alert rule "${rule.name}" took too long to match a message and was turned off (the message counted as no match). Simplify its pattern and turn it on again.`,
          });
        }
      }
      this.rulesChanged();
    }
    return result.matches;
  }

  /**
   * The rules changed: recompile (the caller settles), and re-match the open space's messages in a task of its own
   * that settles when the matcher answered.
   */
  private rulesChanged(): void {
    this.compiled = this.compileRules();
    this.dirty = true;
    const open = this.open;
    if (open && open.messages.size > 0) this.track(this.rematchOpen(open));
  }

  private async rematchOpen(open: OpenSpace): Promise<void> {
    const list = [...open.messages.values()].map((h) => h.raw);
    const matches = await this.match(open.roomId, list);
    if (this.open !== open) return;
    list.forEach((m, i) => {
      const held = open.messages.get(m.id);
      if (held && held.raw === m) held.rules = matches[i] ?? [];
    });
    this.settle();
  }

  /** Compiles the saved rules; one that no longer compiles is logged and named in a warning in the window. */
  private compileRules(): CompiledRule[] {
    return compileAll(this.state.rules, (rule, reason) => {
      this.deps.logger.warn('a saved alert rule no longer compiles and is ignored', { ruleId: rule.id, reason });
      this.deps.warn?.({
        source: 'config',
        id: `rule-${rule.id}`,
        message: `The alert rule "${rule.name}" can no longer be used and does not alert: ${reason} Edit or remove it.`,
      });
    });
  }

  private viewOfMessage(m: Message, rules: string[]): MessageView {
    return messageView(m, { meId: this.session.me.id, displayName: (id) => this.people.get(id), ruleMatches: rules });
  }

  private openViews(): MessageView[] {
    return this.open?.ordered().map((h) => this.viewOfMessage(h.raw, h.rules)) ?? [];
  }

  private criticalBreaksThrough(): boolean {
    return this.state.dnd.criticalBreaksThrough !== false;
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
      this.dirty = true;
      this.settle();
    } else if (hourOf(now) !== this.shownHour) {
      // A new hour: the activity sparklines move on.
      this.settle();
    }
  }

  private computeViews(): Map<string, RoomView> {
    const ids = new Set(this.window);
    for (const [id, rec] of this.rooms) if (rec.watched) ids.add(id);
    if (this.open) ids.add(this.open.roomId);
    const views = new Map<string, RoomView>();
    const now = this.deps.clock.now();
    this.shownHour = hourOf(now);
    for (const id of ids) {
      const rec = this.rooms.get(id);
      const view = rec ? roomView(id, rec, this.open?.roomId === id, now) : undefined;
      if (view) views.set(id, view);
    }
    return views;
  }

  /**
   * The end of every operation: recompute each slice from the working state, diff it against what the window was
   * last told, emit the difference, and save when the working state changed.
   */
  private settle(): void {
    this.emitRoomViews();
    this.emitRules();
    this.emitMessages();
    if (this.dirty) this.commit();
  }

  private emitRules(): void {
    const state = this.rulesState();
    const json = JSON.stringify(state);
    if (json === this.shown.rules) return;
    this.shown.rules = json;
    this.deps.hub.emit({ type: 'rules.changed', state });
  }

  /** The open space: a reset when it changed, was (re)loaded or failed; otherwise upserts and removals by id. */
  private emitMessages(): void {
    const { hub } = this.deps;
    const open = this.open;
    // Taken on every emit, so a reset (which sends the whole window) leaves nothing behind for a later one.
    const deletedIds = open?.takeDeleted() ?? new Set<string>();
    const head = JSON.stringify(open ? [open.roomId, open.loading, open.readMarker ?? '', open.error ?? ''] : []);
    const views = this.openViews();
    const next = new Map(views.map((v) => [v.id, JSON.stringify(v)]));
    const previous = this.shown.messages;
    this.shown.messages = next;
    if (head !== this.shown.messagesHead) {
      this.shown.messagesHead = head;
      hub.emit({ type: 'messages.reset', state: this.messagesState() });
      return;
    }
    if (!open) return;
    const upserts = views.filter((v) => previous.get(v.id) !== next.get(v.id));
    const removed = [...previous.keys()].filter((id) => !next.has(id));
    if (upserts.length > 0) hub.emit({ type: 'messages.upsert', roomId: open.roomId, messages: upserts });
    if (removed.length === 0) return;
    // Deleted at Webex (the window keeps a mark in their place) or only trimmed from the bounded window.
    const deleted = removed.filter((id) => deletedIds.has(id));
    const slid = removed.filter((id) => !deletedIds.has(id));
    if (slid.length > 0) hub.emit({ type: 'messages.remove', roomId: open.roomId, ids: slid });
    if (deleted.length > 0) hub.emit({ type: 'messages.remove', roomId: open.roomId, ids: deleted, reason: 'deleted' });
  }

  private emitRoomViews(): void {
    const openRoomId = this.open?.roomId;
    if (openRoomId !== this.shown.openRoomId) {
      if (openRoomId === undefined) delete this.shown.openRoomId;
      else this.shown.openRoomId = openRoomId;
      this.deps.hub.emit(
        openRoomId === undefined ? { type: 'rooms.opened' } : { type: 'rooms.opened', roomId: openRoomId },
      );
    }
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
    pruneRooms(this.rooms, (id) => keep.has(id), this.config.maxSavedRooms);
    try {
      this.deps.doc.set({ ...this.state, rooms: roomsToRecord(this.rooms) });
      this.saveRejected = false;
    } catch (e) {
      this.deps.logger.error('watch state rejected by its schema', { error: e });
      // Once per run of failures: read markers, counts and rules stop being saved until it passes again.
      if (!this.saveRejected) {
        this.deps.warn?.({
          source: 'storage',
          id: 'watch-state-rejected',
          message: `The watch state (read positions, counts, alert rules) could not be saved: ${
            e instanceof Error ? e.message : String(e)
          }. Changes are kept in memory until it can be saved again.`,
        });
      }
      this.saveRejected = true;
    }
  }

  private track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}
