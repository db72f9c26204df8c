import type { OpsBridge } from '../../shared/bridge';

declare global {
  interface Window {
    /** Exposed by the preload (or the e2e harness); the renderer's only way out. */
    readonly ops: OpsBridge;
  }
}

export {};
