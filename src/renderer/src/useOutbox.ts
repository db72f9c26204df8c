import { useMemo } from 'react';
import type { OutboxItemView } from '../../shared/contract/channels';
import { listOf } from './store/collection';
import { useOps, type OutboxSlice } from './store/store';

/**
 * The outbox slice: snapshotted when the window syncs and kept current by main's `outbox.*` events
 * (docs/events.md) — no component reads the outbox through the bridge.
 */
export function useOutbox(): OutboxSlice {
  return useOps((s) => s.outbox);
}

/** The outbox's items in the order they were queued (a new array only when the slice changed). */
export function useOutboxItems(): readonly OutboxItemView[] {
  const outbox = useOutbox();
  return useMemo(() => listOf(outbox), [outbox]);
}

/** Items not yet sent or discarded (the status bar count). */
export function useOutboxPending(): number {
  return useOps((s) => s.outbox.pending);
}
