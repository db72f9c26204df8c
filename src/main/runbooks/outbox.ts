/**
 * The outbox (docs/outbox.md): the one way a message leaves the app. Webex has no idempotency key, so every item is
 * journaled `queued` before any request and `sending { attemptId, startedAt }` (fsynced) before its POST; the
 * outcome is `sent`, `unknown` (then reconciled by reading the space back) or `failed`. After a restart every
 * `sending` is `unknown` and is reconciled before anything else is sent. An item is retried only when the client
 * says the request certainly was not processed (`delivery: 'notSent'`) or when reading the space back shows it
 * never arrived. A bot cannot read a group space back: its unknowns go to the operator. Per space, items go out in
 * the order they were queued (one at a time); spaces are independent; at most `maxInFlight` requests run at once,
 * all behind the client's shared 429 pause.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AppFailure } from '../errors';
import type { Logger } from '../log/types';
import type { Journal } from '../store';
import type { PickedRecord } from '../spaces/picked-check';
import type { CreateMessageBody, ListMessagesQuery, Message } from '../webex';
import { itemsToKeep, recordSize, recordsOf, type JournalCompactor } from './outbox-journal';
import type { OperatorReason, OutboxItemInit, OutboxRecord } from './outbox-records';

export type OutboxItemState =
  | { type: 'queued' }
  | { type: 'sending'; attemptId: string; startedAt: string }
  | { type: 'sent'; at: string; messageId?: string; via: 'post' | 'reconciled' | 'operator' }
  | { type: 'unknown'; since: string; reason: string }
  | { type: 'needsOperator'; since: string; reason: OperatorReason }
  | { type: 'failed'; at: string; kind: string; trackingId?: string; message: string }
  | { type: 'discarded'; at: string };

export interface OutboxItem extends OutboxItemInit {
  state: OutboxItemState;
  /** Every POST attempt so far (reading back looks for messages created since the first). */
  attempts: { attemptId: string; startedAt: string }[];
  /** POST attempts since the item was last (re)queued by the operator. */
  sendAttempts: number;
  /** Transient, never journaled: how far the current attempt's file upload has got (cleared by every record). */
  upload?: UploadProgress;
}

/** The attached file's upload so far (bytes of the file read into the request). */
export interface UploadProgress {
  name: string;
  sentBytes: number;
  totalBytes: number;
}

/** What the audit log hears about. */
export type OutboxOutcome =
  | { type: 'sent'; messageId?: string; via: 'post' | 'reconciled' | 'operator' }
  | { type: 'unknown'; reason: string }
  | { type: 'needsOperator'; reason: OperatorReason }
  | { type: 'failed'; kind: string; trackingId?: string; message: string }
  | { type: 'discarded' }
  | { type: 'requeued' };

/** Who posts an item: the signed-in identity, or another saved one (`origin.postAs`). */
export interface OutboxSender {
  me: { id: string; type: 'person' | 'bot' | 'appuser' };
  /** `signal` aborts when the item's time to live runs out (e.g. while waiting out a 429 pause). */
  create(body: CreateMessageBody, signal: AbortSignal): Promise<Message>;
  /**
   * Sends the item's chosen file with the body (the composer's attachment); absent → such items fail. The file is
   * the record journaled with the item when there is one (it survives a restart), else the in-memory handle.
   */
  upload?(
    file: string | PickedRecord,
    body: CreateMessageBody,
    signal: AbortSignal,
    onProgress?: (progress: UploadProgress) => void,
  ): Promise<Message>;
  /** Newest first (`GET /messages?roomId=`). */
  list(query: ListMessagesQuery): AsyncIterable<Message>;
}

export type ResolveAction = 'resend' | 'markSent' | 'discard';

export interface OutboxOptions {
  journal: Journal<OutboxRecord>;
  clock: Clock;
  logger: Logger;
  /** The sender for an item; undefined → the item fails `notSignedIn`. */
  sender(item: OutboxItem): OutboxSender | undefined;
  /** Requests at once across all spaces (default 3). */
  maxInFlight?: number;
  /** POST attempts per item before it fails (default 5). */
  maxAttempts?: number;
  /** Allowed difference between our clock and the server's when reading back (default 5 min). */
  skewMs?: number;
  /** Wait before reading a space back, so the message is visible (default 1.5 s). */
  reconcileDelayMs?: number;
  /** First retry delay; doubles per attempt up to 60 s (default 2 s). */
  retryBaseMs?: number;
  /** How many messages to read back at most (default 200). */
  readBackLimit?: number;
  /** Reading back fails this many times in a row → the operator decides (default 5). */
  maxReadFailures?: number;
  /** Rewrites the journal without what is no longer needed (outbox-journal.ts); absent → never compacted. */
  compactor?: JournalCompactor;
  /**
   * Compact once the journal holds this many records (default 5000) or about this many bytes (default 4 MiB) —
   * and at least twice what the last compaction kept, so a large live set is not rewritten over and over.
   */
  compactAfterRecords?: number;
  compactAfterBytes?: number;
  /** Closed items a compaction keeps: the newest this many (default 100)… */
  keepClosed?: number;
  /** …every one closed within this long (default 10 min: the window and undo use them)… */
  keepClosedMs?: number;
  /** …but never more than this many (default 1000). */
  keepClosedMax?: number;
  onChange?(item: OutboxItem): void;
  /** A compaction dropped closed items from the journal and from memory (`list()` no longer has them). */
  onCompacted?(): void;
  /** The item's transient upload progress moved (not a state change; the listener throttles). */
  onProgress?(item: OutboxItem): void;
  onOutcome?(item: OutboxItem, outcome: OutboxOutcome): void;
}

/** Kinds where a request that certainly was not processed may simply be tried again later. */
const TRANSIENT = new Set(['rateLimited', 'network', 'timeout', 'server', 'locked', 'cancelled']);

const isoOf = (ms: number): string => new Date(ms).toISOString();
const normalise = (s: string | undefined): string => (s ?? '').replace(/\r\n?/g, '\n').trim();

function failureOf(e: unknown): {
  kind: string;
  delivery: 'notSent' | 'unknown';
  trackingId?: string;
  message: string;
} {
  if (e instanceof AppFailure) {
    const f: { kind: string; delivery: 'notSent' | 'unknown'; trackingId?: string; message: string } = {
      kind: e.kind,
      // No delivery said: the transport did not know either — treat as possibly sent.
      delivery: e.delivery ?? 'unknown',
      message: e.message.slice(0, 500),
    };
    if (e.trackingId !== undefined) f.trackingId = e.trackingId;
    return f;
  }
  return { kind: 'internal', delivery: 'unknown', message: e instanceof Error ? e.message.slice(0, 500) : 'error' };
}

/** Applies one journal record to the item map (pure apart from the map). */
export function foldRecord(items: Map<string, OutboxItem>, rec: OutboxRecord): OutboxItem | undefined {
  if (rec.t === 'queued') {
    const item: OutboxItem = { ...rec.item, state: { type: 'queued' }, attempts: [], sendAttempts: 0 };
    items.set(item.id, item);
    return item;
  }
  const item = items.get(rec.id);
  if (!item) return undefined;
  switch (rec.t) {
    case 'sending':
      item.attempts.push({ attemptId: rec.attemptId, startedAt: rec.startedAt });
      item.sendAttempts += 1;
      item.state = { type: 'sending', attemptId: rec.attemptId, startedAt: rec.startedAt };
      break;
    case 'sent':
      item.state = { type: 'sent', at: rec.at, via: rec.via, ...(rec.messageId ? { messageId: rec.messageId } : {}) };
      break;
    case 'unknown':
      item.state = { type: 'unknown', since: rec.at, reason: rec.reason };
      break;
    case 'retry':
      item.state = { type: 'queued' };
      break;
    case 'operator':
      item.state = { type: 'needsOperator', since: rec.at, reason: rec.reason };
      break;
    case 'failed':
      item.state = {
        type: 'failed',
        at: rec.at,
        kind: rec.kind,
        message: rec.message,
        ...(rec.trackingId ? { trackingId: rec.trackingId } : {}),
      };
      break;
    case 'discarded':
      item.state = { type: 'discarded', at: rec.at };
      break;
    case 'requeued':
      item.state = { type: 'queued' };
      item.expiresAt = rec.expiresAt;
      item.sendAttempts = 0;
      break;
  }
  return item;
}

/** Sent and discarded items are closed; everything else (failed included) stays visible until acted on. */
export function isClosed(item: OutboxItem): boolean {
  return item.state.type === 'sent' || item.state.type === 'discarded';
}

export class Outbox {
  private readonly items = new Map<string, OutboxItem>();
  /** Queue order (ids) of items not closed. */
  private order: string[] = [];
  private readonly claimed = new Set<string>();
  private readonly busyRooms = new Set<string>();
  private readonly notBefore = new Map<string, number>();
  private readonly readFailures = new Map<string, number>();
  private readonly tasks = new Set<Promise<void>>();
  private inFlight = 0;
  private running = false;
  private wake: { at: number; controller: AbortController } | undefined;
  private readonly o: Required<
    Omit<OutboxOptions, 'onChange' | 'onOutcome' | 'onProgress' | 'compactor' | 'onCompacted'>
  > &
    Pick<OutboxOptions, 'onChange' | 'onOutcome' | 'onProgress' | 'compactor' | 'onCompacted'>;
  private idleWaiters: (() => void)[] = [];
  /** Records and (about) bytes in the journal file now, and what the last compaction left. */
  private journalSize = { records: 0, bytes: 0 };
  private compactedSize = { records: 0, bytes: 0 };
  /** Journal steps (append + apply) under way; a compaction waits for them, new ones wait for it. */
  private committing = 0;
  private committed: (() => void) | undefined;
  private compacting: Promise<boolean> | undefined;

  constructor(options: OutboxOptions) {
    this.o = {
      maxInFlight: 3,
      maxAttempts: 5,
      skewMs: 5 * 60_000,
      reconcileDelayMs: 1500,
      retryBaseMs: 2000,
      readBackLimit: 200,
      maxReadFailures: 5,
      compactAfterRecords: 5000,
      compactAfterBytes: 4 * 1024 * 1024,
      keepClosed: 100,
      keepClosedMs: 10 * 60_000,
      keepClosedMax: 1000,
      ...options,
    };
  }

  /**
   * Loads the journal; every `sending` becomes `unknown` and every unknown is reconciled (read back) before the
   * outbox sends anything.
   */
  async start(): Promise<void> {
    // A compaction the app did not finish left a temp file: never read, removed.
    await this.o.compactor?.removeLeftovers().then(
      (n) => {
        if (n > 0) this.o.logger.info('removed an unfinished outbox journal compaction', { files: n });
      },
      (e: unknown) => this.o.logger.warn('could not remove an unfinished compaction', { error: e }),
    );
    const { records } = await this.o.journal.read();
    for (const rec of records) foldRecord(this.items, rec);
    this.journalSize = { records: records.length, bytes: records.reduce((n, r) => n + recordSize(r), 0) };
    for (const item of this.items.values()) {
      if (item.state.type === 'sent' && item.state.messageId) this.claimed.add(item.state.messageId);
      if (!isClosed(item)) this.order.push(item.id);
    }
    this.order.sort((a, b) => this.queuedMs(a) - this.queuedMs(b));
    for (const id of this.order) {
      const item = this.items.get(id);
      if (item?.state.type === 'sending') {
        await this.record(item, { t: 'unknown', id, at: this.nowIso(), reason: 'the app stopped while sending' });
        this.o.onOutcome?.(item, { type: 'unknown', reason: 'restart' });
      }
    }
    // Reconcile every unknown (per space, in order) before anything new goes out.
    const unknownRooms = new Set(
      this.order
        .map((id) => this.items.get(id))
        .filter((i) => i?.state.type === 'unknown')
        .map((i) => i?.roomId),
    );
    await Promise.all(
      [...unknownRooms].map(async (roomId) => {
        for (const id of [...this.order]) {
          const item = this.items.get(id);
          if (item && item.roomId === roomId && item.state.type === 'unknown') await this.reconcile(item);
        }
      }),
    );
    this.running = true;
    this.kick();
    this.maybeCompact();
  }

  list(): OutboxItem[] {
    return [...this.items.values()];
  }

  get(id: string): OutboxItem | undefined {
    return this.items.get(id);
  }

  /** Items not yet sent or discarded (what the status bar counts). */
  pendingCount(): number {
    return this.order.length;
  }

  /** Persists every item as `queued` (fsynced) and starts sending. */
  async enqueue(inits: OutboxItemInit[]): Promise<OutboxItem[]> {
    const out: OutboxItem[] = [];
    for (const init of inits) {
      const rec: OutboxRecord = { t: 'queued', item: init };
      let item: OutboxItem | undefined;
      await this.commit(rec, () => {
        item = foldRecord(this.items, rec);
        if (item) this.order.push(item.id);
      });
      if (!item) continue;
      out.push(item);
      this.o.onChange?.(item);
    }
    this.kick();
    return out;
  }

  /** The operator's decision on a failed, expired or unconfirmable item (audited by the caller via onOutcome). */
  async resolve(id: string, action: ResolveAction, ttlMs = 5 * 60_000): Promise<OutboxItem> {
    const item = this.items.get(id);
    if (!item) throw new AppFailure('notFound', 'No such outbox item.');
    const type = item.state.type;
    const allowed: Record<ResolveAction, OutboxItemState['type'][]> = {
      resend: ['needsOperator', 'failed'],
      markSent: ['needsOperator', 'failed'],
      discard: ['queued', 'needsOperator', 'failed'],
    };
    if (!allowed[action].includes(type) || (this.busyRooms.has(item.roomId) && type === 'queued')) {
      throw new AppFailure(
        'conflict',
        `The item is ${type}; it cannot be ${action === 'markSent' ? 'marked as sent' : action === 'resend' ? 'resent' : 'discarded'} now.`,
      );
    }
    const at = this.nowIso();
    switch (action) {
      case 'resend':
        await this.record(item, { t: 'requeued', id, at, expiresAt: isoOf(this.o.clock.now() + ttlMs) });
        this.readFailures.delete(id);
        this.notBefore.delete(id);
        this.o.onOutcome?.(item, { type: 'requeued' });
        break;
      case 'markSent':
        await this.record(item, { t: 'sent', id, at, via: 'operator' });
        this.o.onOutcome?.(item, { type: 'sent', via: 'operator' });
        break;
      case 'discard':
        await this.record(item, { t: 'discarded', id, at });
        this.o.onOutcome?.(item, { type: 'discarded' });
        break;
    }
    this.kick();
    return item;
  }

  /** Resolves when nothing is sending, reconciling or waiting to be sent (tests, benchmarks, quitting). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    if (this.inFlight > 0) return false;
    return !this.order.some((id) => {
      const t = this.items.get(id)?.state.type;
      return t === 'queued' || t === 'sending' || t === 'unknown';
    });
  }

  async dispose(): Promise<void> {
    this.running = false;
    this.wake?.controller.abort();
    this.wake = undefined;
    await Promise.allSettled([...this.tasks]);
    await this.compacting;
  }

  // ------------------------------------------------------------------------------------------------------------

  private nowIso(): string {
    return isoOf(this.o.clock.now());
  }

  private queuedMs(id: string): number {
    return Date.parse(this.items.get(id)?.queuedAt ?? '') || 0;
  }

  /** Appends a record (fsynced) and applies it. */
  private async record(item: OutboxItem, rec: Exclude<OutboxRecord, { t: 'queued' }>): Promise<void> {
    await this.commit(rec, () => {
      foldRecord(this.items, rec);
      delete item.upload;
      if (rec.t === 'sent' && rec.messageId) this.claimed.add(rec.messageId);
      if (isClosed(item)) this.order = this.order.filter((x) => x !== item.id);
    });
    this.o.onChange?.(item);
  }

  /**
   * One journal step: append `rec` (fsynced), then apply it to memory — never split by a compaction, which waits
   * for the steps under way (their records are in the file and in memory) while new steps wait for it.
   */
  private async commit(rec: OutboxRecord, apply: () => void): Promise<void> {
    while (this.compacting) await this.compacting;
    this.committing += 1;
    try {
      await this.o.journal.append(rec);
      this.journalSize.records += 1;
      this.journalSize.bytes += recordSize(rec);
      apply();
    } finally {
      this.committing -= 1;
      if (this.committing === 0) this.committed?.();
    }
    this.maybeCompact();
  }

  private maybeCompact(): void {
    if (!this.o.compactor || this.compacting || !this.running) return;
    const { records, bytes } = this.journalSize;
    if (
      records >= Math.max(this.o.compactAfterRecords, 2 * this.compactedSize.records) ||
      bytes >= Math.max(this.o.compactAfterBytes, 2 * this.compactedSize.bytes)
    ) {
      void this.compact();
    }
  }

  /**
   * Rewrites the journal with what is still needed (outbox-journal.ts `itemsToKeep`, `recordsOf`) and forgets the
   * rest in memory too. False when there is no compactor or the rewrite failed (the old journal is kept as it is;
   * the next try waits until the journal has grown as much again).
   */
  compact(): Promise<boolean> {
    if (this.compacting) return this.compacting;
    const compactor = this.o.compactor;
    if (!compactor) return Promise.resolve(false);
    const run = this.runCompaction(compactor).finally(() => {
      if (this.compacting === run) this.compacting = undefined;
    });
    this.compacting = run;
    return run;
  }

  private async runCompaction(compactor: JournalCompactor): Promise<boolean> {
    if (this.committing > 0) await new Promise<void>((resolve) => (this.committed = resolve));
    this.committed = undefined;
    const kept = itemsToKeep([...this.items.values()], {
      now: this.o.clock.now(),
      skewMs: this.o.skewMs,
      keepClosed: this.o.keepClosed,
      keepClosedMs: this.o.keepClosedMs,
      keepClosedMax: this.o.keepClosedMax,
    });
    const records = kept.flatMap(recordsOf);
    try {
      await compactor.rewrite(records);
    } catch (e) {
      this.o.logger.warn('outbox journal compaction failed; the journal is kept as it is', { error: e });
      this.compactedSize = { ...this.journalSize };
      return false;
    }
    const keep = new Set(kept.map((i) => i.id));
    let dropped = 0;
    for (const [id, item] of this.items) {
      if (keep.has(id)) continue;
      this.items.delete(id);
      if (item.state.type === 'sent' && item.state.messageId) this.claimed.delete(item.state.messageId);
      this.notBefore.delete(id);
      this.readFailures.delete(id);
      dropped += 1;
    }
    this.journalSize = { records: records.length, bytes: records.reduce((n, r) => n + recordSize(r), 0) };
    this.compactedSize = { ...this.journalSize };
    this.o.logger.info('outbox journal compacted', { records: records.length, items: kept.length, dropped });
    if (dropped > 0) this.o.onCompacted?.();
    return true;
  }

  private kick(): void {
    if (!this.running) return;
    const now = this.o.clock.now();
    let nextWake: number | undefined;
    const seenRooms = new Set<string>();
    for (const id of this.order) {
      if (this.inFlight >= this.o.maxInFlight) break;
      const item = this.items.get(id);
      if (!item || isClosed(item) || item.state.type === 'failed') continue;
      if (seenRooms.has(item.roomId)) continue;
      // The first open item of a space is its head; later ones wait behind it.
      seenRooms.add(item.roomId);
      if (this.busyRooms.has(item.roomId)) continue;
      const state = item.state.type;
      if (state !== 'queued' && state !== 'unknown') continue;
      const wait = this.notBefore.get(id);
      if (wait !== undefined && wait > now) {
        nextWake = nextWake === undefined ? wait : Math.min(nextWake, wait);
        continue;
      }
      this.run(item, state === 'queued' ? () => this.send(item) : () => this.reconcile(item));
    }
    this.scheduleWake(nextWake);
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private run(item: OutboxItem, task: () => Promise<void>): void {
    const roomId = item.roomId;
    this.busyRooms.add(roomId);
    this.inFlight += 1;
    const p = task()
      .catch((e: unknown) => {
        // Unexpected (a journal write failed, a bug): leave the item as it is and look again later, never spin.
        this.o.logger.error('outbox task failed', { error: e });
        this.notBefore.set(item.id, this.o.clock.now() + this.retryDelay(item.sendAttempts + 1));
      })
      .finally(() => {
        this.busyRooms.delete(roomId);
        this.inFlight -= 1;
        this.tasks.delete(p);
        this.kick();
      });
    this.tasks.add(p);
  }

  private scheduleWake(at: number | undefined): void {
    if (at === undefined) return;
    if (this.wake && this.wake.at <= at) return;
    this.wake?.controller.abort();
    const controller = new AbortController();
    this.wake = { at, controller };
    this.o.clock.sleep(Math.max(0, at - this.o.clock.now()), controller.signal).then(
      () => {
        if (this.wake?.controller === controller) this.wake = undefined;
        this.kick();
      },
      () => undefined,
    );
  }

  private retryDelay(attempt: number): number {
    return Math.min(60_000, this.o.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  }

  private async send(item: OutboxItem): Promise<void> {
    const id = item.id;
    if (Date.parse(item.expiresAt) <= this.o.clock.now()) {
      await this.record(item, { t: 'operator', id, at: this.nowIso(), reason: 'expired' });
      this.o.onOutcome?.(item, { type: 'needsOperator', reason: 'expired' });
      return;
    }
    const sender = this.o.sender(item);
    if (!sender) {
      const message = item.origin.postAs
        ? 'The identity to post as is not signed in.'
        : 'Not signed in: nobody to post as.';
      await this.record(item, { t: 'failed', id, at: this.nowIso(), kind: 'notSignedIn', message });
      this.o.onOutcome?.(item, { type: 'failed', kind: 'notSignedIn', message });
      return;
    }
    const attemptId = randomUUID();
    try {
      await this.record(item, { t: 'sending', id, attemptId, startedAt: this.nowIso() });
    } catch (e) {
      // Not journaled → not sent; try again later.
      this.o.logger.warn('outbox could not record sending; will retry', { error: e });
      this.notBefore.set(id, this.o.clock.now() + this.retryDelay(item.sendAttempts + 1));
      return;
    }
    let message: Message;
    const ttl = new AbortController();
    const stopTtl = new AbortController();
    this.o.clock.sleep(Math.max(0, Date.parse(item.expiresAt) - this.o.clock.now()), stopTtl.signal).then(
      () => ttl.abort(new DOMException('The item expired.', 'AbortError')),
      () => undefined,
    );
    try {
      const body: CreateMessageBody = { roomId: item.roomId };
      if (item.markdown !== '') body.markdown = item.markdown;
      if (item.parentId) body.parentId = item.parentId;
      if (item.fileId === undefined) message = await sender.create(body, ttl.signal);
      else if (sender.upload) {
        message = await sender.upload(item.file ?? item.fileId, body, ttl.signal, (progress) => {
          // A late report of an attempt that already ended is dropped.
          if (item.state.type !== 'sending' || item.state.attemptId !== attemptId) return;
          item.upload = { ...progress };
          this.o.onProgress?.(item);
        });
      } else throw new AppFailure('invalidInput', 'Files cannot be sent as this identity.', { delivery: 'notSent' });
    } catch (e) {
      stopTtl.abort();
      const f = failureOf(e);
      const at = this.nowIso();
      if (f.delivery === 'unknown') {
        await this.record(item, { t: 'unknown', id, at, reason: `${f.kind}: ${f.message}`.slice(0, 2000) });
        this.o.onOutcome?.(item, { type: 'unknown', reason: f.kind });
        await this.reconcile(item);
        return;
      }
      if (TRANSIENT.has(f.kind) && item.sendAttempts < this.o.maxAttempts) {
        // Expired while waiting (cancelled, notSent): no delay, the next turn hands it to the operator.
        const delay = ttl.signal.aborted ? 0 : this.retryDelay(item.sendAttempts);
        const notBefore = this.o.clock.now() + delay;
        this.notBefore.set(id, notBefore);
        await this.record(item, { t: 'retry', id, at, reason: f.kind, notBefore: isoOf(notBefore) });
        return;
      }
      await this.fail(item, f);
      return;
    }
    stopTtl.abort();
    this.notBefore.delete(id);
    await this.record(item, { t: 'sent', id, at: this.nowIso(), messageId: message.id, via: 'post' });
    this.o.onOutcome?.(item, { type: 'sent', messageId: message.id, via: 'post' });
  }

  private async fail(item: OutboxItem, f: { kind: string; trackingId?: string; message: string }): Promise<void> {
    const rec: OutboxRecord = { t: 'failed', id: item.id, at: this.nowIso(), kind: f.kind, message: f.message };
    if (f.trackingId) rec.trackingId = f.trackingId;
    await this.record(item, rec);
    const outcome: OutboxOutcome = { type: 'failed', kind: f.kind, message: f.message };
    if (f.trackingId) outcome.trackingId = f.trackingId;
    this.o.onOutcome?.(item, outcome);
  }

  /** Reads the space back to settle an unknown item: found → sent; certainly absent → sent again (or failed). */
  private async reconcile(item: OutboxItem): Promise<void> {
    const id = item.id;
    const sender = this.o.sender(item);
    if (!sender || sender.me.type === 'bot') {
      // A bot cannot list group messages that do not mention it (docs/webex-api.md §2.3): ask the operator.
      await this.record(item, { t: 'operator', id, at: this.nowIso(), reason: 'cannotReadBack' });
      this.o.onOutcome?.(item, { type: 'needsOperator', reason: 'cannotReadBack' });
      return;
    }
    if (this.o.reconcileDelayMs > 0) await this.o.clock.sleep(this.o.reconcileDelayMs);
    const firstStart = Math.min(...item.attempts.map((a) => Date.parse(a.startedAt)));
    const since = firstStart - this.o.skewMs;
    let match: Message | undefined;
    try {
      let scanned = 0;
      for await (const m of sender.list({ roomId: item.roomId, max: 50 })) {
        if (Date.parse(m.created) < since) break;
        scanned += 1;
        if (
          m.personId === sender.me.id &&
          !this.claimed.has(m.id) &&
          (m.parentId ?? '') === (item.parentId ?? '') &&
          normalise(m.markdown ?? m.text) === normalise(item.markdown) &&
          (item.fileId === undefined || (m.files?.length ?? 0) > 0)
        ) {
          match = m; // newest first: the last match is the oldest unclaimed one
        }
        if (scanned >= this.o.readBackLimit) break;
      }
    } catch (e) {
      const f = failureOf(e);
      if (f.kind === 'forbidden' || f.kind === 'notFound' || f.kind === 'auth') {
        await this.record(item, { t: 'operator', id, at: this.nowIso(), reason: 'cannotReadBack' });
        this.o.onOutcome?.(item, { type: 'needsOperator', reason: 'cannotReadBack' });
        return;
      }
      const failures = (this.readFailures.get(id) ?? 0) + 1;
      this.readFailures.set(id, failures);
      if (failures >= this.o.maxReadFailures) {
        await this.record(item, { t: 'operator', id, at: this.nowIso(), reason: 'unreadable' });
        this.o.onOutcome?.(item, { type: 'needsOperator', reason: 'unreadable' });
        return;
      }
      this.notBefore.set(id, this.o.clock.now() + this.retryDelay(failures));
      return;
    }
    this.readFailures.delete(id);
    if (match) {
      await this.record(item, { t: 'sent', id, at: this.nowIso(), messageId: match.id, via: 'reconciled' });
      this.o.onOutcome?.(item, { type: 'sent', messageId: match.id, via: 'reconciled' });
      return;
    }
    // Certainly not in the space: sending again cannot double it.
    if (item.sendAttempts >= this.o.maxAttempts) {
      await this.fail(item, { kind: 'server', message: `Not delivered after ${item.sendAttempts} attempts.` });
      return;
    }
    const notBefore = this.o.clock.now() + this.retryDelay(item.sendAttempts);
    this.notBefore.set(id, notBefore);
    await this.record(item, {
      t: 'retry',
      id,
      at: this.nowIso(),
      reason: 'not found in the space',
      notBefore: isoOf(notBefore),
    });
  }
}
