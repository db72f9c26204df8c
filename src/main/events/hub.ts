import type { CoreEvent, EventBatch } from '../../shared/contract/channels';
import type { Clock } from '../clock';
import type { Logger } from '../log/types';
import { nullLogger } from '../log/types';

export type BatchListener = (batch: EventBatch) => void;

export interface EventHub {
  /** Queues an event; it goes out in the next batch (within `coalesceMs`). */
  emit(event: CoreEvent): void;
  /** Multicast: every listener receives every batch from now on. */
  subscribe(listener: BatchListener): () => void;
  /** Sends the pending events now (a snapshot calls this first, so its seq covers everything it reflects). */
  flush(): void;
  /** Seq of the last batch sent. */
  readonly seq: number;
  dispose(): void;
}

/**
 * Coalesces events into `EventBatch { seq, events }` at most `coalesceMs` (50) after the first queued event.
 * Consecutive `*.changed` events of one kind collapse to the last (each carries the whole slice state).
 * A throwing listener is logged and isolated; it never stops delivery to the others.
 */
export function createEventHub(options: { clock: Clock; coalesceMs?: number; logger?: Logger }): EventHub {
  const coalesceMs = options.coalesceMs ?? 50;
  const logger = options.logger ?? nullLogger;
  const listeners = new Set<BatchListener>();
  let pending: CoreEvent[] = [];
  let seq = 0;
  let timer: AbortController | undefined;
  let disposed = false;

  const flush = (): void => {
    timer?.abort();
    timer = undefined;
    if (pending.length === 0) return;
    const events = compact(pending);
    pending = [];
    seq += 1;
    const batch: EventBatch = { seq, events };
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch (e) {
        logger.error('event listener failed', { error: e, seq });
      }
    }
  };

  const schedule = (): void => {
    if (timer || disposed) return;
    const controller = new AbortController();
    timer = controller;
    options.clock.sleep(coalesceMs, controller.signal).then(
      () => {
        if (timer === controller) flush();
      },
      () => undefined,
    );
  };

  return {
    emit(event) {
      if (disposed) return;
      pending.push(event);
      schedule();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    flush,
    get seq() {
      return seq;
    },
    dispose() {
      flush();
      disposed = true;
      listeners.clear();
    },
  };
}

/** Keeps order; a whole-state `*.changed` event replaces an earlier one of the same type in the same batch. */
function compact(events: CoreEvent[]): CoreEvent[] {
  const out: CoreEvent[] = [];
  for (const event of events) {
    if (event.type.endsWith('.changed')) {
      const previous = out.findIndex((e) => e.type === event.type);
      if (previous !== -1) out.splice(previous, 1);
    }
    out.push(event);
  }
  return out;
}
