import type { OpsBridge } from '../../../shared/bridge';
import {
  SLICES,
  type ContractResult,
  type EventBatch,
  type IncidentsState,
  type MessagesState,
  type OutboxState,
  type RoomsState,
  type RunbooksState,
  type Slice,
  type Snapshot,
} from '../../../shared/contract/channels';
import { applyEvent, incidentsSliceOf, messagesSliceOf, outboxSliceOf, roomsSliceOf, runbooksSliceOf } from './apply';
import { sliceOf, type OpsStore, type SliceStates, type StoreApi } from './store';

type SnapshotCall = () => Promise<ContractResult<Snapshot<unknown>>>;

/** Waits before retrying a failed snapshot round: 1 s, 2 s, 4 s … at most 30 s. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000, 30000];

export interface SyncOptions {
  /** Schedules a retry; returns a function that cancels it. Tests pass a manual scheduler. */
  schedule?: (delayMs: number, run: () => void) => () => void;
}

const defaultSchedule = (delayMs: number, run: () => void): (() => void) => {
  const timer = setTimeout(run, delayMs);
  return () => clearTimeout(timer);
};

/** Snapshot data as the store keeps it (collections normalised). */
function sliceData(slice: Slice, data: unknown): unknown {
  if (slice === 'rooms') return roomsSliceOf(data as RoomsState);
  if (slice === 'messages') return messagesSliceOf(data as MessagesState);
  if (slice === 'runbooks') return runbooksSliceOf(data as RunbooksState);
  if (slice === 'outbox') return outboxSliceOf(data as OutboxState);
  if (slice === 'incidents') return incidentsSliceOf(data as IncidentsState);
  return data;
}

/**
 * Keeps the store in step with the main process (docs/events.md): subscribe first, announce `app.ready`, take every
 * slice's snapshot, then apply batches. A batch at or below a slice's snapshot seq is ignored for that slice;
 * a gap in seq (a batch was missed) triggers a fresh round of snapshots. A round in which a snapshot failed leaves
 * `synced` false, shows the error and is retried with backoff until it succeeds. Returns a function that stops syncing.
 */
export function startSync(ops: OpsBridge, store: StoreApi, options: SyncOptions = {}): () => void {
  const schedule = options.schedule ?? defaultSchedule;
  const sliceSeq: Record<Slice, number> = {
    app: 0,
    session: 0,
    rooms: 0,
    messages: 0,
    poll: 0,
    rules: 0,
    runbooks: 0,
    outbox: 0,
    incidents: 0,
  };
  let lastSeq = 0;
  let resyncing: Promise<void> | undefined;
  let queued: EventBatch[] = [];
  let stopped = false;
  let failures = 0;
  let cancelRetry: (() => void) | undefined;

  const snapshotCalls: Record<Slice, SnapshotCall> = {
    app: () => ops.app.snapshot(),
    session: () => ops.session.snapshot(),
    rooms: () => ops.rooms.snapshot(),
    messages: () => ops.messages.snapshot(),
    poll: () => ops.poll.snapshot(),
    rules: () => ops.rules.snapshot(),
    runbooks: () => ops.runbooks.snapshot(),
    outbox: () => ops.outbox.snapshot(),
    incidents: () => ops.incidents.snapshot(),
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

  const retryLater = (): void => {
    if (stopped || cancelRetry) return;
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1] ?? 1000;
    cancelRetry = schedule(delay, () => {
      cancelRetry = undefined;
      if (!stopped) void resync();
    });
  };

  const resync = (): Promise<void> => {
    resyncing ??= (async () => {
      let failed = false;
      try {
        const results = await Promise.all(SLICES.map(async (slice) => [slice, await snapshotCalls[slice]()] as const));
        if (stopped) return;
        const changes: Partial<SliceStates> = {};
        let syncError: OpsStore['syncError'];
        for (const [slice, result] of results) {
          if (!result.ok) {
            failed = true;
            syncError ??= result.error;
            continue;
          }
          sliceSeq[slice] = result.value.seq;
          lastSeq = Math.max(lastSeq, result.value.seq);
          (changes as Record<Slice, unknown>)[slice] = sliceData(slice, result.value.data);
        }
        const next: Partial<OpsStore> = { ...(changes as Partial<OpsStore>), synced: !failed };
        if (syncError) next.syncError = syncError;
        store.setState(next);
        if (!failed && store.getState().syncError) store.setState({ syncError: undefined });
      } finally {
        resyncing = undefined;
      }
      if (failed) {
        failures += 1;
        retryLater();
      } else {
        failures = 0;
      }
      const pending = queued.sort((a, b) => a.seq - b.seq);
      queued = [];
      for (const batch of pending) {
        if (batch.seq > lastSeq + 1) {
          queued.push(...pending.filter((b) => b.seq >= batch.seq));
          if (!failed) void resync();
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
    cancelRetry?.();
    unsubscribe();
  };
}
