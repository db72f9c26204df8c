import { randomUUID } from 'node:crypto';
import type { OpKind, OpResultMap } from '../../shared/contract/channels';
import { fail, ok } from '../../shared/result';
import { toAppError, type InternalErrorReporter } from '../errors';
import type { EventHub } from '../events/hub';

export interface OpContext {
  readonly signal: AbortSignal;
  progress(message: string, fraction?: number): void;
}

export interface OpRegistry {
  /** Starts `run` and returns its id at once; progress and the outcome arrive as `op.progress` / `op.done`. */
  start<K extends OpKind>(op: K, run: (ctx: OpContext) => Promise<OpResultMap[K]>): { opId: string };
  cancel(opId: string): boolean;
  /** Aborts everything still running (shutdown). */
  cancelAll(): void;
  readonly running: number;
}

export function createOpRegistry(hub: EventHub, report?: InternalErrorReporter): OpRegistry {
  const running = new Map<string, AbortController>();
  return {
    start(op, run) {
      const opId = randomUUID();
      const controller = new AbortController();
      running.set(opId, controller);
      const ctx: OpContext = {
        signal: controller.signal,
        progress(message, fraction) {
          if (controller.signal.aborted) return;
          hub.emit(
            fraction === undefined
              ? { type: 'op.progress', opId, op, message }
              : { type: 'op.progress', opId, op, message, fraction: Math.min(1, Math.max(0, fraction)) },
          );
        },
      };
      // Run on the next turn so the caller has the id before any event can mention it.
      void Promise.resolve()
        .then(() => run(ctx))
        .then(
          (value) => (controller.signal.aborted ? fail(toAppError(controller.signal.reason)) : ok(value)),
          (e: unknown) => fail(toAppError(e, report, op)),
        )
        .then((result) => {
          running.delete(opId);
          hub.emit({ type: 'op.done', opId, op, result } as never);
        });
      return { opId };
    },
    cancel(opId) {
      const controller = running.get(opId);
      if (!controller) return false;
      controller.abort(new DOMException('Cancelled by the operator.', 'AbortError'));
      return true;
    },
    cancelAll() {
      for (const controller of running.values()) controller.abort(new DOMException('Shutting down.', 'AbortError'));
    },
    get running() {
      return running.size;
    },
  };
}
