/**
 * The e2e fixture (docs/testing.md): the production renderer bundle in Debian's Chromium, bound to a REAL core over
 * the SAME bridge code the preload uses, with a fresh Webex simulator and a temporary data folder per test.
 *
 * - Every payload, result and event crosses through `structuredClone` plus the plain-data assertion on the Node
 *   side, and results/events are validated against the contract's schemas — so what passes here passes
 *   Electron's rules.
 * - `window.ops` is frozen and non-writable, as contextBridge makes it.
 * - `captured` records all bridge traffic, notifications and openExternal calls (plain JSON) for assertions.
 * - `app.restart()` replaces the core keeping the data folder, then reloads the page.
 *
 * Later features extend this file; they do not write another harness.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBatch } from '../../src/shared/contract/channels';
import { eventBatchSchema } from '../../src/shared/contract/schemas';
import { findPlainDataViolations } from '../../src/shared/plain';
import type { Result } from '../../src/shared/result';
import { createKeytarSecretStore, createMemorySecretStore, type SecretStore } from '../../src/main/auth';
import { createCore, type Core } from '../../src/main/core';
import { dispatchInvoke } from '../../src/main/ipc/dispatch';
import { checkExternalUrl } from '../../src/main/security/external-url';
import { createFileLogger, createSecretRegistry, type SecretRegistry } from '../../src/main/log';
import type { NotificationRequest, SystemEvent, SystemEvents } from '../../src/main/platform';
import { startDemo, startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim';
import { serveRenderer } from './harness/static-server';

const ROOT = path.resolve(__dirname, '../..');

export interface CapturedInvoke {
  channel: string;
  payload: unknown;
  result: Result<unknown>;
}

export interface Captured {
  invokes: CapturedInvoke[];
  events: EventBatch[];
  notifications: NotificationRequest[];
  openExternal: string[];
  confirms: { title: string; message: string; answer: boolean }[];
  /** Plain-data or schema violations seen on the Node side; the fixture fails the test if any remain. */
  violations: string[];
  /** Everything above as one JSON string, for canary searches. */
  text(): string;
}

export interface HarnessOptions {
  /** Simulator scenario for this test ('empty' by default; 'demo' for a populated workspace). */
  scenario: NonNullable<SimulatorOptions['scenario']>;
  simOptions: Omit<SimulatorOptions, 'scenario'>;
  /**
   * Environment the core sees (WEBEX_ACCESS_TOKEN …). Values `sim:baseUrl` and `sim:token:<identity>` are replaced
   * by the test's simulator base URL and that identity's token.
   */
  coreEnv: Record<string, string>;
  /** 'keytar' (the real Secret Service, as in npm test) or 'memory'. */
  keychain: 'keytar' | 'memory';
  /** Answer to native confirmation dialogs opened by main. */
  confirmAnswer: boolean;
  /** Options for the demo workspace started by "Try the demo workspace" (src/sim startDemo; live alerts on). */
  demoOptions: Omit<SimulatorOptions, 'scenario'>;
}

export interface OpsApp {
  page: Page;
  readonly core: Core;
  readonly instanceId: string;
  readonly dataDir: string;
  readonly secrets: SecretRegistry;
  /** Opens the renderer and waits until it has synced. */
  open(): Promise<void>;
  /** Stops the core and starts a new one on the same data folder, then reloads the page. */
  restart(): Promise<void>;
  /** Clicks a captured desktop notification (as the OS would). */
  clickNotification(id: string): void;
  /** The demo workspace the core started through the real `startDemo()` (the one the shell calls), if any. */
  demoWorkspace(): Simulator | undefined;
  /** Fires a power/lock/network event into the core. */
  emitSystemEvent(event: SystemEvent): void;
  /** Calls a channel from the Node side, as the window would (for setup steps that are not under test). */
  invoke(channel: string, payload?: unknown): Promise<Result<unknown>>;
}

interface WorkerFixtures {
  rendererUrl: string;
  pageBridge: string;
}

interface TestFixtures {
  sim: Simulator;
  captured: Captured;
  app: OpsApp;
}

let bridgeScript: string | undefined;
function bundlePageBridge(): string {
  bridgeScript ??= (() => {
    const out = buildSync({
      entryPoints: [path.join(__dirname, 'harness/page-bridge.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const file = out.outputFiles[0];
    if (!file) throw new Error('page bridge bundle is empty');
    return file.text;
  })();
  return bridgeScript;
}

function createCaptured(): Captured {
  const captured: Captured = {
    invokes: [],
    events: [],
    notifications: [],
    openExternal: [],
    confirms: [],
    violations: [],
    text: () =>
      JSON.stringify({
        invokes: captured.invokes,
        events: captured.events,
        notifications: captured.notifications,
        openExternal: captured.openExternal,
        confirms: captured.confirms,
      }),
  };
  return captured;
}

function resolveEnv(env: Record<string, string>, sim: Simulator): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === 'sim:baseUrl') out[key] = sim.baseUrl;
    else if (value.startsWith('sim:token:')) {
      const token = sim.tokens[value.slice('sim:token:'.length)];
      if (!token) throw new Error(`the simulator has no identity for ${value}`);
      out[key] = token;
    } else out[key] = value;
  }
  return out;
}

function plainCheck(captured: Captured, where: string, value: unknown): void {
  if (value === undefined) return; // "no payload" is allowed; undefined inside a value is not
  const violations = findPlainDataViolations(value);
  if (violations.length > 0) captured.violations.push(`${where}: ${JSON.stringify(violations)}`);
}

export const test = base.extend<TestFixtures & HarnessOptions, WorkerFixtures>({
  scenario: ['empty', { option: true }],
  simOptions: [{}, { option: true }],
  coreEnv: [{}, { option: true }],
  keychain: ['keytar', { option: true }],
  confirmAnswer: [true, { option: true }],
  demoOptions: [{}, { option: true }],

  rendererUrl: [
    async ({}, use) => {
      const server = await serveRenderer(path.join(ROOT, 'out/renderer'));
      await use(server.url);
      await server.close();
    },
    { scope: 'worker' },
  ],
  pageBridge: [async ({}, use) => use(bundlePageBridge()), { scope: 'worker' }],

  sim: async ({ scenario, simOptions }, use) => {
    const sim = await startSimulator({ port: 0, seed: 7, ...simOptions, scenario });
    await use(sim);
    await sim.close();
  },

  captured: async ({}, use) => {
    const captured = createCaptured();
    await use(captured);
    expect(captured.violations, 'plain-data / schema violations on the bridge').toEqual([]);
  },

  app: async (
    { page, pageBridge, rendererUrl, sim, captured, coreEnv, keychain, confirmAnswer, demoOptions },
    use,
    testInfo,
  ) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ops-e2e-'));
    const instanceId = `e2e-${randomUUID().slice(0, 8)}`;
    const secrets = createSecretRegistry();
    const secretStore: SecretStore =
      keychain === 'keytar'
        ? createKeytarSecretStore({ service: `webex-ops-console-e2e-${testInfo.workerIndex}` })
        : createMemorySecretStore();
    const clickHandlers = new Map<string, () => void>();
    const demos: Simulator[] = [];
    const systemListeners = new Set<(e: SystemEvent) => void>();
    let online = true;
    const systemEvents: SystemEvents = {
      subscribe: (listener) => {
        systemListeners.add(listener);
        return () => systemListeners.delete(listener);
      },
      isOnline: () => online,
    };

    const makeCore = (): Core =>
      createCore({
        instanceId,
        app: { name: 'webex-ops-console', productName: 'Webex Ops Console', version: '0.0.0-e2e', platform: 'linux' },
        dataDir,
        secrets,
        logger: createFileLogger({ dir: path.join(dataDir, 'logs'), secrets, level: 'debug' }),
        secretStore,
        env: resolveEnv(coreEnv, sim),
        notifier: {
          show(notification, onClick) {
            plainCheck(captured, 'notification', notification);
            captured.notifications.push(structuredClone(notification));
            clickHandlers.set(notification.id, onClick);
          },
        },
        // The shell's rule, so a URL the app could not open fails here too.
        openExternal: async (url) => {
          captured.openExternal.push(checkExternalUrl(url, { allowLoopbackHttp: true }));
        },
        // The native save dialog: files are saved under <dataDir>/downloads with the suggested name.
        chooseSavePath: async (suggestedName) => {
          const dir = path.join(dataDir, 'downloads');
          await mkdir(dir, { recursive: true });
          return path.join(dir, path.basename(suggestedName));
        },
        confirm: async (request) => {
          captured.confirms.push({ title: request.title, message: request.message, answer: confirmAnswer });
          return confirmAnswer;
        },
        systemEvents,
        // The same startDemo() the shell calls: the demo scenario with its live alert driver.
        startDemo: async () => {
          const demo = await startDemo({ port: 0, seed: 7, ...demoOptions });
          demos.push(demo);
          return demo;
        },
      });

    let core = makeCore();
    let detach: (() => void) | undefined;
    let delivery = Promise.resolve();

    const attach = (): void => {
      detach?.();
      detach = core.subscribe((batch) => {
        plainCheck(captured, `event batch ${batch.seq}`, batch);
        const parsed = eventBatchSchema.safeParse(batch);
        if (!parsed.success) captured.violations.push(`event batch ${batch.seq}: ${parsed.error.message}`);
        const copy = structuredClone(batch);
        captured.events.push(copy);
        delivery = delivery
          .then(() =>
            page.evaluate((b) => {
              (window as unknown as { __opsHarnessDeliver(b: unknown): void }).__opsHarnessDeliver(b);
            }, copy),
          )
          .catch(() => undefined); // the page is reloading or closed: the renderer re-snapshots
      });
    };

    const invoke = async (channel: unknown, payload: unknown, senderId: string): Promise<Result<unknown>> => {
      plainCheck(captured, `payload of ${String(channel)}`, payload);
      const cloned: unknown = payload === undefined ? undefined : structuredClone(payload);
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
      plainCheck(captured, `result of ${String(channel)}`, result);
      if (!result.ok && result.error.kind === 'internal') {
        captured.violations.push(`internal error from ${String(channel)}: ${result.error.message}`);
      }
      captured.invokes.push(structuredClone({ channel: String(channel), payload: cloned, result }));
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
    await page.addInitScript({ content: pageBridge });

    const app: OpsApp = {
      page,
      get core() {
        return core;
      },
      instanceId,
      dataDir,
      secrets,
      async open() {
        await page.goto(rendererUrl);
        await expect(page.locator('.frame[data-synced="true"]')).toBeVisible();
      },
      async restart() {
        detach?.();
        detach = undefined;
        await core.dispose();
        core = makeCore();
        await core.ready;
        await page.reload();
        await expect(page.locator('.frame[data-synced="true"]')).toBeVisible();
      },
      clickNotification(id) {
        const click = clickHandlers.get(id);
        if (!click) throw new Error(`no notification ${id}`);
        click();
      },
      demoWorkspace: () => demos.at(-1),
      emitSystemEvent(event) {
        if (event === 'offline') online = false;
        if (event === 'online') online = true;
        for (const listener of systemListeners) listener(event);
      },
      invoke: (channel, payload) => invoke(channel, payload, 'harness-node'),
    };

    await core.ready;
    await use(app);

    detach?.();
    await delivery;
    await core.dispose();
    await Promise.all(demos.map((d) => d.close()));
    await rm(dataDir, { recursive: true, force: true });
  },
});

export { expect };
