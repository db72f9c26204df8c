/**
 * Bundled into every harness page before its scripts run (Playwright addInitScript). Builds `window.ops` with the
 * SAME src/shared/bridge.ts the preload uses, over a binding transport: invokes go to the Node side through
 * `__opsHarnessInvoke` (page.exposeBinding), event batches come in through `__opsHarnessDeliver` (page.evaluate).
 * Like Electron's contextBridge, `window.ops` is frozen and non-writable.
 */
import { createOpsBridge } from '../../../src/shared/bridge';
import type { EventBatch, InvokeChannel } from '../../../src/shared/contract/channels';
import { findPlainDataViolations } from '../../../src/shared/plain';

type InvokeBinding = (channel: InvokeChannel, payload: unknown) => Promise<unknown>;

(() => {
  const w = window as unknown as Record<string, unknown>;
  const listeners = new Set<(batch: EventBatch) => void>();

  Object.defineProperty(window, '__opsHarnessDeliver', {
    value: (batch: EventBatch) => {
      for (const listener of [...listeners]) listener(batch);
    },
    writable: false,
    configurable: false,
  });

  const bridge = createOpsBridge({
    async invoke(channel, payload) {
      // Mirror Electron's structured clone: what cannot be cloned does not leave the page.
      const violations = findPlainDataViolations(payload);
      if (payload !== undefined && violations.length > 0) {
        return {
          ok: false,
          error: {
            kind: 'invalidInput',
            message: 'The payload is not plain data.',
            issues: violations.map((v) => ({ path: v.path, message: v.problem })),
          },
        };
      }
      const binding = w.__opsHarnessInvoke as InvokeBinding | undefined;
      if (typeof binding !== 'function') throw new Error('harness binding missing');
      return binding(channel, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  });

  Object.defineProperty(window, 'ops', { value: bridge, writable: false, configurable: false, enumerable: true });
})();
