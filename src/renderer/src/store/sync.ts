import type { OpsBridge } from '../../../shared/bridge';
import {
  SLICES,
  type ContractResult,
  type EventBatch,
  type Slice,
  type Snapshot,
} from '../../../shared/contract/channels';
import { applyEvent } from './apply';
import { sliceOf, type OpsStore, type SliceStates } from './store';

interface StoreApi {
  getState(): OpsStore;
  setState(partial: Partial<OpsStore>): void;
}

type SnapshotCall = () => Promise<ContractResult<Snapshot<unknown>>>;

/**
 * Keeps the store in step with the main process (docs/architecture.md §1): subscribe first, announce `app.ready`, take every
 * slice's snapshot, then apply batches. A batch at or below a slice's snapshot seq is ignored for that slice;
 * a gap in seq (a batch was missed) triggers a fresh round of snapshots. Returns a function that stops syncing.
 */
export function startSync(ops: OpsBridge, store: StoreApi): () => void {
  const sliceSeq: Record<Slice, number> = { app: 0, session: 0, rooms: 0, messages: 0, poll: 0, rules: 0 };
  let lastSeq = 0;
  let resyncing: Promise<void> | undefined;
  let queued: EventBatch[] = [];
  let stopped = false;

  const snapshotCalls: Record<Slice, SnapshotCall> = {
    app: () => ops.app.snapshot(),
    session: () => ops.session.snapshot(),
    rooms: () => ops.rooms.snapshot(),
    messages: () => ops.messages.snapshot(),
    poll: () => ops.poll.snapshot(),
    rules: () => ops.rules.snapshot(),
  };

  const apply = (batch: EventBatch): void => {
    const state = store.getState();
    const changes: Partial<OpsStore> = {};
    for (const event of batch.events) {
      const slice = sliceOf(event);
      if (slice && batch.seq <= sliceSeq[slice]) continue;
      Object.assign(changes, applyEvent({ ...state, ...changes }, event));
    }
    if (Object.keys(changes).length > 0) store.setState(changes);
    lastSeq = Math.max(lastSeq, batch.seq);
  };

  const process = (batch: EventBatch): void => {
    if (resyncing) {
      queued.push(batch);
      return;
    }
    if (batch.seq > lastSeq + 1) {
      queued.push(batch);
      void resync();
      return;
    }
    apply(batch);
  };

  const resync = (): Promise<void> => {
    resyncing ??= (async () => {
      try {
        const results = await Promise.all(SLICES.map(async (slice) => [slice, await snapshotCalls[slice]()] as const));
        if (stopped) return;
        const changes: Partial<SliceStates> = {};
        for (const [slice, result] of results) {
          if (!result.ok) {
            store.setState({ syncError: result.error });
            continue;
          }
          sliceSeq[slice] = result.value.seq;
          lastSeq = Math.max(lastSeq, result.value.seq);
          (changes as Record<Slice, unknown>)[slice] = result.value.data;
        }
        store.setState({ ...(changes as Partial<OpsStore>), synced: true });
      } finally {
        resyncing = undefined;
      }
      const pending = queued.sort((a, b) => a.seq - b.seq);
      queued = [];
      for (const batch of pending) {
        if (batch.seq > lastSeq + 1) {
          queued.push(...pending.filter((b) => b.seq >= batch.seq));
          void resync();
          return;
        }
        apply(batch);
      }
    })();
    return resyncing;
  };

  const unsubscribe = ops.onEvents((batch) => {
    if (!stopped) process(batch);
  });

  void (async () => {
    const info = await ops.app.info();
    if (info.ok) store.setState({ info: info.value });
    const ready = await ops.app.ready();
    if (!ready.ok) {
      store.setState({ syncError: ready.error });
      return;
    }
    await resync();
  })();

  return () => {
    stopped = true;
    unsubscribe();
  };
}
