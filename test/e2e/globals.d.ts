import type { OpsBridge } from '../../src/shared/bridge';

declare global {
  interface Window {
    /** Installed by the harness (test/e2e/harness/page-bridge.ts), as the preload does in the app. */
    readonly ops: OpsBridge;
  }
}

export {};
