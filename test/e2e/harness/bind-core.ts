/**
 * Binds a page to a REAL core over the SAME bridge code the preload uses (docs/testing.md): the e2e fixture
 * (test/e2e/fixtures.ts) and the UI benchmark (bench/ui.ts) both go through here.
 *
 * - `bundlePageBridge()` bundles harness/page-bridge.ts (src/shared/bridge.ts over a binding transport) for
 *   `page.addInitScript`.
 * - `bindCoreToPage()` exposes `__opsHarnessInvoke` to the page's main frame (other frames are refused, as the
 *   shell's sender check does) and, once the window says `app.ready`, delivers the core's event batches in order.
 *   Every payload, result and event crosses through `structuredClone` plus the plain-data assertion on the Node side,
 *   and results (by `dispatchInvoke`) and event batches are validated against the contract's schemas; what fails is
 *   reported through `onViolation`.
 */
import type { Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import path from 'node:path';
import type { Core } from '../../../src/main/core';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import type { EventBatch } from '../../../src/shared/contract/channels';
import { eventBatchSchema } from '../../../src/shared/contract/schemas';
import { findPlainDataViolations } from '../../../src/shared/plain';
import type { Result } from '../../../src/shared/result';

let bridgeScript: string | undefined;

/** A browser-side module of the harness as one IIFE script, for `addInitScript` (the page bridge, the UI probe). */
export function bundleBrowserScript(entry: string): string {
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`${path.basename(entry)} bundles to nothing`);
  return file.text;
}

/** harness/page-bridge.ts as one IIFE script (built once per process). */
export function bundlePageBridge(): string {
  bridgeScript ??= bundleBrowserScript(path.join(__dirname, 'page-bridge.ts'));
  return bridgeScript;
}

export interface BindHooks {
  /** A plain-data or schema violation, or an `internal` error result (the e2e fixture fails the test on any). */
  onViolation(message: string): void;
  /** Every invoke, after it answered (payload and result are private copies). */
  onInvoke?(record: { channel: string; payload: unknown; result: Result<unknown> }): void;
  /** Every event batch, before it is delivered (a private copy). */
  onEvent?(batch: EventBatch): void;
  /** How long the core took to answer an invoke (ms, wall time, checks included) — for benchmarks. */
  onAnswered?(channel: string, ms: number): void;
}

export interface BoundCore {
  /** Calls a channel from the Node side, with the same checks as a call from the page. */
  invoke(channel: unknown, payload: unknown, senderId: string): Promise<Result<unknown>>;
  /** Stops delivering event batches (before the core is replaced; the window's next `app.ready` attaches again). */
  detach(): void;
  /** Resolves when every event batch so far has been handed to the page (or the page went away). */
  delivered(): Promise<void>;
}

export interface BindOptions {
  /** The core to call; read on every call, so the fixture can replace it (`app.restart()`). */
  core(): Core;
  /** The page bridge script (`bundlePageBridge()`). */
  bridgeScript: string;
  hooks: BindHooks;
}

/** Exposes the core to `page` and installs `window.ops`; call before the page is opened. */
export async function bindCoreToPage(page: Page, options: BindOptions): Promise<BoundCore> {
  const { hooks } = options;
  let detach: (() => void) | undefined;
  let delivery = Promise.resolve();

  const plainCheck = (where: string, value: unknown): void => {
    if (value === undefined) return; // "no payload" is allowed; undefined inside a value is not
    const violations = findPlainDataViolations(value);
    if (violations.length > 0) hooks.onViolation(`${where}: ${JSON.stringify(violations)}`);
  };

  const attach = (): void => {
    detach?.();
    detach = options.core().subscribe((batch) => {
      plainCheck(`event batch ${batch.seq}`, batch);
      const parsed = eventBatchSchema.safeParse(batch);
      if (!parsed.success) hooks.onViolation(`event batch ${batch.seq}: ${parsed.error.message}`);
      const copy = structuredClone(batch);
      hooks.onEvent?.(copy);
      delivery = delivery
        .then(() =>
          page.evaluate((b) => {
            (globalThis as unknown as { __opsHarnessDeliver(b: unknown): void }).__opsHarnessDeliver(b);
          }, copy),
        )
        .catch(() => undefined); // the page is reloading or closed: the renderer re-snapshots
    });
  };

  const invoke = async (channel: unknown, payload: unknown, senderId: string): Promise<Result<unknown>> => {
    plainCheck(`payload of ${String(channel)}`, payload);
    const cloned: unknown = payload === undefined ? undefined : structuredClone(payload);
    const core = options.core();
    const started = performance.now();
    const result = await dispatchInvoke(
      core.handlers,
      channel,
      cloned,
      { senderId },
      {
        report: core.logger.reportInternal,
        validateResults: true,
      },
    );
    plainCheck(`result of ${String(channel)}`, result);
    hooks.onAnswered?.(String(channel), performance.now() - started);
    if (!result.ok && result.error.kind === 'internal') {
      hooks.onViolation(`internal error from ${String(channel)}: ${result.error.message}`);
    }
    hooks.onInvoke?.(structuredClone({ channel: String(channel), payload: cloned, result }));
    return structuredClone(result);
  };

  await page.exposeBinding('__opsHarnessInvoke', async (source, channel: unknown, payload: unknown) => {
    if (source.frame !== page.mainFrame()) {
      return { ok: false, error: { kind: 'forbidden', message: 'This caller may not use the app bridge.' } };
    }
    const result = await invoke(channel, payload, 'harness-page');
    if (channel === 'app.ready' && result.ok) attach();
    return result;
  });
  await page.addInitScript({ content: options.bridgeScript });

  return {
    invoke,
    detach() {
      detach?.();
      detach = undefined;
    },
    delivered: () => delivery,
  };
}
