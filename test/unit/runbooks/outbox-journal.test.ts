/**
 * Outbox journal compaction (docs/outbox.md “Compaction”): the records of a kept item fold back to exactly that
 * item; a compaction keeps every unfinished item in queue order; a crash at any step of the rewrite loses nothing
 * and doubles nothing; the journal stays bounded over 10,000 sends. The journal is the real store on a temp folder;
 * the sender is scripted per space (the outbox's boundary), so each item can be held in the state a test needs.
 */
import { appendFile, lstat, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure } from '../../../src/main/errors';
import { nullLogger } from '../../../src/main/log/types';
import {
  foldRecord,
  Outbox,
  type OutboxItem,
  type OutboxOptions,
  type OutboxSender,
} from '../../../src/main/runbooks/outbox';
import { createJournalCompactor, recordsOf } from '../../../src/main/runbooks/outbox-journal';
import { outboxRecordSchema, type OutboxItemInit, type OutboxRecord } from '../../../src/main/runbooks/outbox-records';
import { createNodeStoreFs, createStore, type Store, type StoreFs } from '../../../src/main/store';
import type { Message } from '../../../src/main/webex';
import { fsError, makeTempDir, removeDir, spyFs, type SpyFs } from '../store/helpers';

const JOURNAL = 'identities/test/outbox.jsonl';

let dir: string;
let clock: ManualClock;
const stores: Store[] = [];
const outboxes: Outbox[] = [];

beforeEach(async () => {
  dir = await makeTempDir('outbox-journal-');
  clock = new ManualClock();
});
afterEach(async () => {
  await Promise.allSettled(outboxes.splice(0).map((o) => Promise.race([o.dispose(), pause(100)])));
  await Promise.allSettled(stores.splice(0).map((s) => s.close()));
  await removeDir(dir);
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How each space answers a POST. */
type Script = 'ok' | 'transient' | 'unknown' | 'hang' | 'refuse';

/** Posts in memory; per-space scripts; every post counted by item text. */
function scriptedSender(scripts: Record<string, Script> = {}) {
  const posted: string[] = [];
  let n = 0;
  const sender: OutboxSender = {
    me: { id: 'person-operator', type: 'person' },
    async create(body) {
      const script = scripts[body.roomId ?? ''] ?? 'ok';
      switch (script) {
        case 'ok': {
          n += 1;
          posted.push(body.markdown ?? '');
          const m: Message = {
            id: `msg-${n}`,
            roomId: body.roomId ?? '',
            roomType: 'group',
            markdown: body.markdown ?? '',
            personId: 'person-operator',
            personEmail: 'op@example.com',
            created: new Date(clock.now()).toISOString(),
          };
          return m;
        }
        case 'transient':
          throw new AppFailure('network', 'connection refused', { delivery: 'notSent' });
        case 'unknown':
          throw new AppFailure('server', '500', { delivery: 'unknown', trackingId: 'trk-1' });
        case 'refuse':
          throw new AppFailure('forbidden', 'not allowed', { delivery: 'notSent', trackingId: 'trk-2' });
        case 'hang':
          return new Promise<never>(() => undefined);
      }
    },
    list() {
      return {
        // Reading back fails for now: an unknown item stays unknown (retried later on the clock).
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(new AppFailure('network', 'read failed', { delivery: 'notSent' })),
        }),
      };
    },
  };
  return { sender, posted };
}

function store(fs?: StoreFs): Store {
  const s = createStore({ dataDir: dir, clock, debounceMs: 0, ...(fs ? { fs } : {}) });
  stores.push(s);
  return s;
}

function outbox(
  sender: OutboxSender,
  options: Partial<OutboxOptions> & { fs?: StoreFs; compact?: boolean } = {},
): Outbox {
  const { fs, compact = true, ...rest } = options;
  const o = new Outbox({
    journal: store(fs).journal(JOURNAL, outboxRecordSchema),
    clock,
    logger: nullLogger,
    sender: () => sender,
    reconcileDelayMs: 0,
    retryBaseMs: 60_000,
    ...(compact
      ? { compactor: createJournalCompactor({ fs: fs ?? createNodeStoreFs(), file: path.join(dir, JOURNAL) }) }
      : {}),
    ...rest,
  });
  outboxes.push(o);
  return o;
}

let counter = 0;
function init(roomId: string, markdown: string, extra: Partial<OutboxItemInit> = {}): OutboxItemInit {
  counter += 1;
  return {
    id: `item-${counter}`,
    roomId,
    roomTitle: roomId,
    markdown,
    queuedAt: new Date(clock.now()).toISOString(),
    expiresAt: new Date(clock.now() + 5 * 60_000).toISOString(),
    origin: { confirmed: true },
    ...extra,
  };
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (done()) return;
    await pause(5);
  }
  throw new Error(`timed out: ${what}`);
}

async function journalRecords(): Promise<OutboxRecord[]> {
  const text = await readFile(path.join(dir, JOURNAL), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => outboxRecordSchema.parse(JSON.parse(l)));
}

function fold(records: OutboxRecord[]): Map<string, OutboxItem> {
  const items = new Map<string, OutboxItem>();
  for (const r of records) foldRecord(items, r);
  return items;
}

/** What an item is, without what is never journaled. */
function essence(item: OutboxItem | undefined) {
  if (!item) return undefined;
  const { upload: _upload, ...rest } = item;
  return rest;
}

/**
 * An outbox with 40 items sent an hour ago, then — interleaved in queue order with 5 items sent just now — one
 * unfinished item in every state: queued for a retry, sending (hanging), unknown (reading back fails), failed, and
 * needing the operator (expired). The clock then stands still, so nothing changes until the test acts.
 */
async function mixedOutbox(options: { fs?: StoreFs; keepClosed?: number } = {}) {
  const rooms: Record<string, Script> = {
    'room-retry': 'transient',
    'room-hang': 'hang',
    'room-unknown': 'unknown',
    'room-refuse': 'refuse',
  };
  const s = scriptedSender(rooms);
  const o = outbox(s.sender, {
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.keepClosed !== undefined ? { keepClosed: options.keepClosed } : {}),
  });
  await o.start();
  await o.enqueue(Array.from({ length: 40 }, (_, i) => init('room-ok', `old ${i}`)));
  await until(() => o.list().filter((i) => i.state.type === 'sent').length === 40, 'old items sent');
  await clock.advance(60 * 60_000);
  await o.enqueue([
    init('room-ok', 'new 0'),
    init('room-retry', 'waits for a retry'),
    init('room-ok', 'new 1'),
    init('room-hang', 'hangs while sending'),
    init('room-hang', 'queued behind the hanging one'),
    init('room-unknown', 'outcome unknown'),
    init('room-ok', 'new 2'),
    init('room-refuse', 'refused'),
    init('room-expired', 'expired', { expiresAt: new Date(clock.now() - 1).toISOString() }),
    init('room-ok', 'new 3'),
    init('room-ok', 'new 4'),
  ]);
  const unfinished = ['queued', 'sending', 'unknown', 'failed', 'needsOperator'];
  await until(
    () =>
      o.list().filter((i) => i.state.type === 'sent').length === 45 &&
      unfinished.every((t) => o.list().some((i) => i.state.type === t)) &&
      o.list().find((i) => i.roomId === 'room-retry')?.attempts.length === 1 &&
      o.list().find((i) => i.roomId === 'room-retry')?.state.type === 'queued',
    'mixed states',
  );
  return { o, posted: s.posted };
}

describe('recordsOf', () => {
  it('folds back to exactly the item, for any history of records (1,000 random histories)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const at = (k: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, k)).toISOString();
    for (let h = 0; h < 1000; h++) {
      const id = `h-${h}`;
      const recs: OutboxRecord[] = [
        {
          t: 'queued',
          item: {
            id,
            roomId: 'r',
            roomTitle: 'R',
            markdown: `m ${h}`,
            queuedAt: at(0),
            expiresAt: at(300),
            origin: { confirmed: rand(2) === 0, postAs: 'bot-id', postedAsKind: 'bot' },
            ...(rand(3) === 0 ? { parentId: 'p' } : {}),
            // Every fifth: a composer message with its file (what main knows of it survives compaction).
            ...(h % 5 === 0
              ? {
                  fileId: 'f',
                  file: {
                    fileId: 'f',
                    path: '/tmp/x.pcap',
                    name: 'x.pcap',
                    size: 3,
                    contentType: 'application/octet-stream',
                    dev: 1,
                    ino: 2,
                  },
                }
              : {}),
          },
        },
      ];
      const steps = rand(12);
      for (let k = 1; k <= steps; k++) {
        const choice = rand(9);
        const records: OutboxRecord[] = [
          { t: 'sending', id, attemptId: `a-${h}-${k}`, startedAt: at(k) },
          { t: 'sent', id, at: at(k), via: 'post', messageId: `m-${k}` },
          { t: 'unknown', id, at: at(k), reason: 'server: 500' },
          { t: 'retry', id, at: at(k), reason: 'network', notBefore: at(k + 2) },
          { t: 'operator', id, at: at(k), reason: 'cannotReadBack' },
          { t: 'failed', id, at: at(k), kind: 'forbidden', message: 'no', trackingId: 't' },
          { t: 'discarded', id, at: at(k) },
          { t: 'requeued', id, at: at(k), expiresAt: at(k + 300) },
          { t: 'sending', id, attemptId: `b-${h}-${k}`, startedAt: at(k) },
        ];
        recs.push(records[choice] as OutboxRecord);
      }
      const original = fold(recs).get(id);
      const compacted = recordsOf(original as OutboxItem);
      for (const r of compacted) expect(outboxRecordSchema.safeParse(r).success).toBe(true);
      expect(essence(fold(compacted).get(id))).toEqual(essence(original));
      expect(compacted.length).toBeLessThanOrEqual(recs.length + 2);
    }
  });
});

describe('outbox journal compaction', () => {
  it('keeps every unfinished item, in queue order, and drops old sent ones; a restart sees the same outbox', async () => {
    const { o } = await mixedOutbox({ keepClosed: 10 });
    const before = new Map(o.list().map((i) => [i.id, structuredClone(essence(i))]));
    const unfinishedIds = o
      .list()
      .filter((i) => i.state.type !== 'sent' && i.state.type !== 'discarded')
      .map((i) => i.id);
    expect(unfinishedIds).toHaveLength(6);
    const recordsBefore = (await journalRecords()).length;

    // The 5 items sent just now and the newest 5 of the old ones are kept (keepClosed 10); 35 old ones go.
    expect(await o.compact()).toBe(true);
    const after = await journalRecords();
    expect(after.length).toBeLessThan(recordsBefore);
    const folded = fold(after);
    // Every unfinished item, exactly as it was, in the same queue order.
    expect([...folded.values()].filter((i) => unfinishedIds.includes(i.id)).map((i) => i.id)).toEqual(unfinishedIds);
    for (const id of unfinishedIds) expect(essence(folded.get(id))).toEqual(before.get(id));
    // Memory forgot what the journal dropped; the rest is unchanged.
    expect(o.list().map((i) => i.id)).toEqual([...folded.keys()]);
    for (const [id, item] of folded) expect(essence(item)).toEqual(before.get(id));
    expect([...folded.values()].filter((i) => i.state.type === 'sent').map((i) => i.markdown)).toEqual([
      'old 35',
      'old 36',
      'old 37',
      'old 38',
      'old 39',
      'new 0',
      'new 1',
      'new 2',
      'new 3',
      'new 4',
    ]);
    expect(o.pendingCount()).toBe(6);

    // A restart reads the compacted journal: the same items in the same order, the same six waiting.
    const restarted = outbox(scriptedSender({ 'room-retry': 'hang' }).sender);
    await restarted.start();
    expect(restarted.list().map((i) => i.id)).toEqual([...folded.keys()]);
    expect(restarted.pendingCount()).toBe(6);
  });

  it('appends during a compaction wait for it and land in the new journal', async () => {
    const s = scriptedSender();
    const o = outbox(s.sender);
    await o.start();
    await o.enqueue(Array.from({ length: 20 }, (_, i) => init('room-ok', `first ${i}`)));
    await until(() => s.posted.length === 20, 'first batch');
    const compaction = o.compact();
    const queued = o.enqueue([init('room-ok', 'during compaction')]);
    expect(await compaction).toBe(true);
    await queued;
    await until(() => s.posted.includes('during compaction'), 'sent after compaction');
    const folded = fold(await journalRecords());
    expect([...folded.values()].find((i) => i.markdown === 'during compaction')?.state.type).toBe('sent');
    expect(folded.size).toBe(21);
  });

  describe('a crash at each step of the rewrite loses nothing and doubles nothing', () => {
    const steps: { name: string; fault: (fs: SpyFs) => void; replaced: boolean }[] = [
      {
        name: 'writing the temp file',
        fault: (fs) => (fs.faults.writeNewFileSynced = (p) => (p.includes('.tmp-') ? fsError('ENOSPC') : undefined)),
        replaced: false,
      },
      {
        name: 'renaming it over the journal',
        fault: (fs) => (fs.faults.rename = (p) => (p.includes('outbox.jsonl.tmp-') ? fsError('EIO') : undefined)),
        replaced: false,
      },
      {
        name: 'renaming, with the temp file left behind (the app died)',
        fault: (fs) => {
          fs.faults.rename = (p) => (p.includes('outbox.jsonl.tmp-') ? fsError('EIO') : undefined);
          fs.faults.unlink = (p) => (p.includes('outbox.jsonl.tmp-') ? fsError('EIO') : undefined);
        },
        replaced: false,
      },
      {
        name: 'fsyncing the folder after the rename',
        fault: (fs) => (fs.faults.syncDir = () => fsError('EIO')),
        replaced: true,
      },
    ];

    for (const step of steps) {
      it(step.name, async () => {
        const fs = spyFs();
        const { o } = await mixedOutbox({ fs, keepClosed: 10 });
        const before = new Map(o.list().map((i) => [i.id, structuredClone(essence(i))]));
        const textBefore = await readFile(path.join(dir, JOURNAL), 'utf8');
        step.fault(fs);
        expect(await o.compact()).toBe(false);
        for (const k of Object.keys(fs.faults)) delete fs.faults[k as keyof typeof fs.faults];
        const text = await readFile(path.join(dir, JOURNAL), 'utf8');
        if (step.replaced) expect(text.length).toBeLessThan(textBefore.length);
        else expect(text).toBe(textBefore);
        // Whichever journal is there folds to every item as it was (nothing lost, no item twice).
        const folded = fold(await journalRecords());
        for (const [id, item] of folded) expect(essence(item)).toEqual(before.get(id));
        for (const [id, item] of before) {
          if (item?.state.type !== 'sent') expect(essence(folded.get(id))).toEqual(item);
        }
        // The outbox carries on with the journal it has.
        await o.enqueue([init('room-ok', 'after the failed step')]);
        await until(
          () => o.list().some((i) => i.markdown === 'after the failed step' && i.state.type === 'sent'),
          'sent',
        );

        // Restart: a leftover temp file is removed and never read; nothing is sent twice.
        const dirOf = path.dirname(path.join(dir, JOURNAL));
        const leftovers = (await readdir(dirOf)).filter((n) => n.includes('.tmp-'));
        expect(leftovers.length > 0).toBe(step.name.includes('left behind'));
        const again = scriptedSender();
        const restarted = outbox(again.sender, { fs: createNodeStoreFs() });
        await restarted.start();
        expect((await readdir(dirOf)).filter((n) => n.includes('.tmp-'))).toEqual([]);
        await until(
          () => restarted.list().find((i) => i.markdown === 'waits for a retry')?.state.type === 'sent',
          'the retried item sent after the restart',
        );
        // The item queued behind the one that was sending still waits for it to be settled (per-space order).
        expect(restarted.list().find((i) => i.markdown === 'queued behind the hanging one')?.state.type).toBe('queued');
        expect(restarted.list().find((i) => i.markdown === 'hangs while sending')?.state.type).toBe('unknown');
        // Items that were sent are not sent again; only the ones never delivered may go out (once each).
        const sentBefore = [...before.values()].filter((i) => i?.state.type === 'sent').map((i) => i?.markdown);
        for (const m of again.posted) expect(sentBefore).not.toContain(m);
        expect(new Set(again.posted).size).toBe(again.posted.length);
        expect(again.posted).not.toContain('after the failed step');
      });
    }
  });

  it('the journal stays bounded over 10,000 sends (records counted, default thresholds)', async () => {
    // fsync per record is the store's job (tested there); here it would only make 30,000 appends slow.
    const base = createNodeStoreFs();
    const fast: StoreFs = { ...base, appendSynced: (p, data) => appendFile(p, data, { mode: 0o600 }) };
    const s = scriptedSender();
    const o = outbox(s.sender, { fs: fast });
    await o.start();
    let maxRecords = 0;
    for (let batch = 0; batch < 100; batch++) {
      await o.enqueue(Array.from({ length: 100 }, (_, i) => init(`room-${i % 7}`, `send ${batch * 100 + i}`)));
      await o.idle();
      maxRecords = Math.max(maxRecords, (await journalRecords()).length);
      await clock.advance(30_000);
    }
    expect(s.posted).toHaveLength(10_000);
    expect(new Set(s.posted).size).toBe(10_000);
    // Without compaction: 30,000 records. With it: never past twice what a compaction keeps (1,000 closed items ×
    // 3 records) plus one batch.
    expect(maxRecords).toBeLessThanOrEqual(2 * 3 * 1000 + 3 * 100);
    expect(o.list().length).toBeLessThanOrEqual(2 * 1000 + 100);
    const folded = fold(await journalRecords());
    expect([...folded.values()].every((i) => i.state.type === 'sent')).toBe(true);
  }, 120_000);

  it('a journal that is a symbolic link is not compacted (the link is left as it is)', async () => {
    const s = scriptedSender();
    const o = outbox(s.sender);
    await o.start();
    await o.enqueue([init('room-ok', 'one')]);
    await until(() => s.posted.length === 1, 'sent');
    const real = path.join(dir, 'elsewhere.jsonl');
    await writeFile(real, await readFile(path.join(dir, JOURNAL), 'utf8'));
    await rm(path.join(dir, JOURNAL));
    await symlink(real, path.join(dir, JOURNAL));
    expect(await o.compact()).toBe(false);
    expect((await lstat(path.join(dir, JOURNAL))).isSymbolicLink()).toBe(true);
  });
});
