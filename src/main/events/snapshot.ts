import type { Snapshot } from '../../shared/contract/channels';
import type { EventHub } from './hub';

/**
 * A slice's `<slice>.snapshot` answer (docs/events.md): sends the pending events first, then reads the slice, so the
 * returned seq covers every event the data reflects — the window drops batches at or below it without losing any.
 */
export function snapshotOf<T>(hub: Pick<EventHub, 'flush' | 'seq'>, read: () => T): Snapshot<T> {
  hub.flush();
  return { seq: hub.seq, data: read() };
}
