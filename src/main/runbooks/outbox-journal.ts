/**
 * Compaction of the outbox journal (docs/outbox.md “Compaction”). Every state change appends a record, so the
 * journal would grow forever; once it passes a size or record threshold the outbox rewrites it with only what is
 * still needed — every item not yet sent or discarded, in queue order, and the recently closed ones the window,
 * undo and reading back still use — each as the fewest records that fold to exactly its current state.
 *
 * The rewrite is crash-safe at every step: the records go to a temp file next to the journal (`outbox.jsonl.tmp-…`),
 * which is fsynced, renamed over the journal, and the folder fsynced. A crash before the rename leaves the old
 * journal (and a temp file, removed at the next start, never read); after it, the new one. Both fold to the same
 * items, so nothing is lost and nothing doubled either way.
 */
import path from 'node:path';
import { AppFailure } from '../errors';
import type { StoreFs } from '../store';
import { TEMP_MARKER, writeFileAtomic } from '../store/atomic';
import { errorCode } from '../store/fs';
import type { OutboxItem } from './outbox';
import { outboxRecordSchema, type OutboxItemInit, type OutboxRecord } from './outbox-records';

export interface JournalCompactor {
  /** Removes temp files a crash left behind; how many. */
  removeLeftovers(): Promise<number>;
  /** Replaces the journal with exactly `records`, atomically (temp file, fsync, rename, fsync the folder). */
  rewrite(records: readonly OutboxRecord[]): Promise<void>;
}

/** The compactor of the journal at `file` (absolute), through the store's file operations. */
export function createJournalCompactor(options: { fs: StoreFs; file: string }): JournalCompactor {
  const { fs, file } = options;
  const dir = path.dirname(file);
  const tempPrefix = `${path.basename(file)}${TEMP_MARKER}`;
  return {
    async removeLeftovers() {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch (e) {
        if (errorCode(e) === 'ENOENT') return 0;
        throw e;
      }
      let removed = 0;
      for (const name of names) {
        if (!name.startsWith(tempPrefix)) continue;
        await fs.unlink(path.join(dir, name));
        removed += 1;
      }
      return removed;
    },
    async rewrite(records) {
      // Replacing a link (or anything but a file) would not compact what it points to: leave it alone.
      const info = await fs.inspect(file);
      if (info && info.type !== 'file') {
        throw new AppFailure('storage', `${path.basename(file)} is not a regular file; it is not compacted.`);
      }
      const text = records.map((r) => `${JSON.stringify(outboxRecordSchema.parse(r))}\n`).join('');
      await writeFileAtomic(fs, file, text);
    },
  };
}

/** About how many bytes a record takes in the journal (its JSON line). */
export function recordSize(rec: OutboxRecord): number {
  return JSON.stringify(rec).length + 1;
}

function initOf(item: OutboxItem): OutboxItemInit {
  const init: OutboxItemInit = {
    id: item.id,
    roomId: item.roomId,
    roomTitle: item.roomTitle,
    markdown: item.markdown,
    queuedAt: item.queuedAt,
    // The current expiry: a Resend (`requeued`) may have moved it.
    expiresAt: item.expiresAt,
    origin: item.origin,
  };
  if (item.parentId !== undefined) init.parentId = item.parentId;
  if (item.fileId !== undefined) init.fileId = item.fileId;
  if (item.file !== undefined) init.file = item.file;
  return init;
}

/**
 * The fewest records that fold (`foldRecord`) to exactly `item`: `queued`; the attempts before the operator's last
 * Resend, then `requeued` (which starts the attempt count again); the attempts since; then the record of its state.
 */
export function recordsOf(item: OutboxItem): OutboxRecord[] {
  const id = item.id;
  const out: OutboxRecord[] = [{ t: 'queued', item: initOf(item) }];
  const sending = (a: { attemptId: string; startedAt: string }): OutboxRecord => ({
    t: 'sending',
    id,
    attemptId: a.attemptId,
    startedAt: a.startedAt,
  });
  const before = item.attempts.length - item.sendAttempts;
  const earlier = item.attempts.slice(0, before);
  out.push(...earlier.map(sending));
  if (before > 0) {
    out.push({
      t: 'requeued',
      id,
      at: earlier[earlier.length - 1]?.startedAt ?? item.queuedAt,
      expiresAt: item.expiresAt,
    });
  }
  const since = item.attempts.slice(before);
  out.push(...since.map(sending));
  const st = item.state;
  switch (st.type) {
    case 'queued':
      if (since.length > 0) {
        out.push({ t: 'retry', id, at: since[since.length - 1]?.startedAt ?? item.queuedAt, reason: 'compacted' });
      }
      break;
    case 'sending':
      // The last `sending` record is this attempt.
      break;
    case 'sent':
      out.push({ t: 'sent', id, at: st.at, via: st.via, ...(st.messageId ? { messageId: st.messageId } : {}) });
      break;
    case 'unknown':
      out.push({ t: 'unknown', id, at: st.since, reason: st.reason });
      break;
    case 'needsOperator':
      out.push({ t: 'operator', id, at: st.since, reason: st.reason });
      break;
    case 'failed':
      out.push({
        t: 'failed',
        id,
        at: st.at,
        kind: st.kind,
        message: st.message,
        ...(st.trackingId ? { trackingId: st.trackingId } : {}),
      });
      break;
    case 'discarded':
      out.push({ t: 'discarded', id, at: st.at });
      break;
  }
  return out;
}

export interface KeepOptions {
  now: number;
  /** Reading back looks this far before an item's first attempt (the outbox's `skewMs`). */
  skewMs: number;
  /** Closed items kept: the newest `keepClosed`, every one closed within `keepClosedMs`, at most `keepClosedMax`. */
  keepClosed: number;
  keepClosedMs: number;
  keepClosedMax: number;
}

const closedAt = (item: OutboxItem): number =>
  item.state.type === 'sent' || item.state.type === 'discarded' ? Date.parse(item.state.at) || 0 : 0;

/**
 * What a compaction keeps, in the order given (queue order): every item not closed; of the closed ones the newest
 * `keepClosed`, and every one closed recently enough that the window lists it, undo may still delete it, or reading
 * back for a live item could meet its message (its id must stay claimed) — never more than `keepClosedMax`.
 */
export function itemsToKeep(items: readonly OutboxItem[], o: KeepOptions): OutboxItem[] {
  const isClosed = (i: OutboxItem) => i.state.type === 'sent' || i.state.type === 'discarded';
  let horizon = o.now - Math.max(o.keepClosedMs, o.skewMs);
  for (const item of items) {
    const first = item.attempts[0];
    if (!isClosed(item) && first) horizon = Math.min(horizon, (Date.parse(first.startedAt) || 0) - o.skewMs);
  }
  // Newest first; of items closed at the same moment, the one queued later.
  const closed = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => isClosed(item))
    .sort((a, b) => closedAt(b.item) - closedAt(a.item) || b.index - a.index)
    .map(({ item }) => item);
  const keep = new Set(
    closed.filter((item, n) => n < o.keepClosedMax && (n < o.keepClosed || closedAt(item) >= horizon)).map((i) => i.id),
  );
  return items.filter((i) => !isClosed(i) || keep.has(i.id));
}
