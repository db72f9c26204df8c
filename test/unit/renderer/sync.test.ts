import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createOpsBridge } from '../../../src/shared/bridge';
import type { EventBatch, RoomView } from '../../../src/shared/contract/channels';
import { initialSlices, type OpsStore } from '../../../src/renderer/src/store/store';
import { startSync } from '../../../src/renderer/src/store/sync';

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
  const snap = (slice: string, data: unknown) => {
    snapshots.push(slice);
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
  return createStore<OpsStore>(() => ({ ...initialSlices(), synced: false, ops: {} }));
}

describe('renderer sync', () => {
  it('snapshots every slice after app.ready, then applies batches in order', async () => {
    const main = fakeMain();
    const store = newStore();
    startSync(main.bridge, store);
    await settle();
    expect(store.getState().synced).toBe(true);
    expect(main.snapshots.sort()).toEqual(['app', 'messages', 'poll', 'rooms', 'rules', 'session']);
    main.change([room('a', 2)]);
    expect(store.getState().rooms.rooms[0]?.unread).toBe(2);
  });

  it('ignores a batch at or below the snapshot seq', async () => {
    const main = fakeMain();
    const old = main.change([room('a', 5)], false);
    const store = newStore();
    startSync(main.bridge, store);
    await settle();
    main.change([room('a', 1)], false);
    // The old batch (seq 1) arrives late: the snapshot already covers it.
    main.deliver(old);
    expect(store.getState().rooms.rooms[0]?.unread).toBe(5);
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
    const rooms = store.getState().rooms.rooms;
    expect(rooms.find((r) => r.id === 'b')?.unread).toBe(1);
    expect(rooms.find((r) => r.id === 'a')?.unread).toBe(3);
  });
});
