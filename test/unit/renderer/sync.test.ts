import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createOpsBridge } from '../../../src/shared/bridge';
import type { EventBatch, RoomView } from '../../../src/shared/contract/channels';
import { initialState, type OpsStore } from '../../../src/renderer/src/store/store';
import { RETRY_DELAYS_MS, startSync } from '../../../src/renderer/src/store/sync';

function room(id: string, unread: number): RoomView {
  return {
    id,
    title: id,
    type: 'group',
    lastActivity: `2026-01-01T00:00:0${unread}.000Z`,
    isLocked: false,
    watched: true,
    level: 'all',
    unread,
    mentions: 0,
    activity: false,
    alert: false,
  };
}

/** A fake main process: slices with a seq, snapshot calls counted, batches pushed by the test. */
function fakeMain() {
  let seq = 0;
  let rooms: RoomView[] = [room('a', 0)];
  const listeners = new Set<(b: EventBatch) => void>();
  const snapshots: string[] = [];
  /** Slices whose next snapshot calls fail (a broken main, a timeout). */
  const failing = new Set<string>();
  const snap = (slice: string, data: unknown) => {
    snapshots.push(slice);
    if (failing.has(slice)) {
      return { ok: false, error: { kind: 'timeout', message: `${slice} snapshot timed out`, trackingId: 'T-1' } };
    }
    return { ok: true, value: { seq, data } };
  };
  const bridge = createOpsBridge({
    async invoke(channel) {
      switch (channel) {
        case 'app.info':
          return { ok: true, value: { name: 'n', productName: 'P', version: '1', platform: 'linux', instanceId: 'x' } };
        case 'app.ready':
          return { ok: true, value: { seq } };
        case 'app.snapshot':
          return snap('app', { warnings: [] });
        case 'session.snapshot':
          return snap('session', {
            status: 'signedOut',
            identities: [],
            secretBackend: { kind: 'memory', keychainAvailable: false },
            envTokenAvailable: false,
          });
        case 'rooms.snapshot':
          return snap('rooms', { rooms });
        case 'messages.snapshot':
          return snap('messages', { messages: [], loading: false });
        case 'poll.snapshot':
          return snap('poll', { running: false, offline: false, suspended: false, stale: false });
        case 'rules.snapshot':
          return snap('rules', { rules: [], dnd: { heldBack: 0 } });
        case 'runbooks.snapshot':
          return snap('runbooks', { runbooks: [], files: [] });
        case 'outbox.snapshot':
          return snap('outbox', { items: [], pending: 0 });
        case 'incidents.snapshot':
          return snap('incidents', { incidents: [] });
        default:
          return { ok: false, error: { kind: 'internal', message: channel } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    bridge,
    snapshots,
    failing,
    /** Changes state and emits the matching batch (delivered or not). */
    change(next: RoomView[], deliver = true): EventBatch {
      const byId = new Map(rooms.map((r) => [r.id, r]));
      for (const r of next) byId.set(r.id, r);
      rooms = [...byId.values()];
      seq += 1;
      const batch: EventBatch = { seq, events: [{ type: 'rooms.upsert', rooms: next }] };
      if (deliver) for (const l of listeners) l(batch);
      return batch;
    },
    deliver(batch: EventBatch) {
      for (const l of listeners) l(batch);
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function newStore() {
  return createStore<OpsStore>(() => initialState());
}

const unreadOf = (store: ReturnType<typeof newStore>, id: string) => store.getState().rooms.byId.get(id)?.unread;

/** A manual scheduler: retries run only when the test says so, and the test sees each requested delay. */
function manualScheduler() {
  const pending: { delayMs: number; run: () => void }[] = [];
  return {
    pending,
    schedule(delayMs: number, run: () => void) {
      const entry = { delayMs, run };
      pending.push(entry);
      return () => {
        const i = pending.indexOf(entry);
        if (i >= 0) pending.splice(i, 1);
      };
    },
    runNext() {
      const next = pending.shift();
      if (!next) throw new Error('no retry scheduled');
      next.run();
      return next.delayMs;
    },
  };
}

describe('renderer sync', () => {
  it('snapshots every slice after app.ready, then applies batches in order', async () => {
    const main = fakeMain();
    const store = newStore();
    startSync(main.bridge, store);
    await settle();
    expect(store.getState().synced).toBe(true);
    expect(main.snapshots.sort()).toEqual([
      'app',
      'incidents',
      'messages',
      'outbox',
      'poll',
      'rooms',
      'rules',
      'runbooks',
      'session',
    ]);
    main.change([room('a', 2)]);
    expect(unreadOf(store, 'a')).toBe(2);
  });

  it('ignores a batch at or below the snapshot seq', async () => {
    const main = fakeMain();
    // Two changes before the window syncs: the snapshot (seq 2) says 7; the stale batch (seq 1) says 5.
    const old = main.change([room('a', 5)], false);
    main.change([room('a', 7)], false);
    const store = newStore();
    startSync(main.bridge, store);
    await settle();
    expect(unreadOf(store, 'a')).toBe(7);
    // The old batch (seq 1) arrives late: the snapshot already covers it, so it must not roll the count back.
    main.deliver(old);
    expect(unreadOf(store, 'a')).toBe(7);
  });

  it('re-snapshots when it sees a gap, losing nothing', async () => {
    const main = fakeMain();
    const store = newStore();
    startSync(main.bridge, store);
    await settle();
    main.snapshots.length = 0;
    main.change([room('a', 1), room('b', 1)], false); // missed
    main.change([room('a', 3)]); // seq 2 arrives: gap
    await settle();
    expect(main.snapshots).toContain('rooms');
    expect(unreadOf(store, 'b')).toBe(1);
    expect(unreadOf(store, 'a')).toBe(3);
  });

  it('does not claim to be synced while a snapshot failed, and retries it with backoff until it succeeds', async () => {
    const main = fakeMain();
    main.failing.add('rooms');
    const store = newStore();
    const scheduler = manualScheduler();
    startSync(main.bridge, store, { schedule: (d, run) => scheduler.schedule(d, run) });
    await settle();
    expect(store.getState().synced).toBe(false);
    expect(store.getState().syncError).toMatchObject({ kind: 'timeout', trackingId: 'T-1' });
    // The slices that did answer are applied meanwhile.
    expect(store.getState().rules).toEqual({ rules: [], dnd: { heldBack: 0 } });

    // First retry after 1 s, still failing: the next waits longer.
    expect(scheduler.pending.map((p) => p.delayMs)).toEqual([RETRY_DELAYS_MS[0]]);
    main.snapshots.length = 0;
    scheduler.runNext();
    await settle();
    expect(main.snapshots).toContain('rooms');
    expect(store.getState().synced).toBe(false);
    expect(scheduler.pending.map((p) => p.delayMs)).toEqual([RETRY_DELAYS_MS[1]]);

    // Main recovers: the retry succeeds, the window is synced, the error is gone, no further retry is queued.
    main.failing.delete('rooms');
    main.change([room('a', 4)], false);
    scheduler.runNext();
    await settle();
    expect(store.getState().synced).toBe(true);
    expect(store.getState().syncError).toBeUndefined();
    expect(unreadOf(store, 'a')).toBe(4);
    expect(scheduler.pending).toEqual([]);
  });

  it('stops retrying once stopped', async () => {
    const main = fakeMain();
    main.failing.add('poll');
    const store = newStore();
    const scheduler = manualScheduler();
    const stop = startSync(main.bridge, store, { schedule: (d, run) => scheduler.schedule(d, run) });
    await settle();
    expect(scheduler.pending).toHaveLength(1);
    stop();
    expect(scheduler.pending).toEqual([]);
  });
});
