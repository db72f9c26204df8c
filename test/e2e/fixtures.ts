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
 * Later features extend this file; they do not write another harness. The binding itself (page bridge bundle, checked
 * invokes, ordered event delivery) is harness/bind-core.ts, which the UI benchmark (bench/ui.ts) uses too.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventBatch } from '../../src/shared/contract/channels';
import { findPlainDataViolations } from '../../src/shared/plain';
import type { Result } from '../../src/shared/result';
import { createKeytarSecretStore, createMemorySecretStore, type SecretStore } from '../../src/main/auth';
import { createCore, type Core } from '../../src/main/core';
import { checkExternalUrl } from '../../src/main/security/external-url';
import { createFileLogger, createSecretRegistry, type SecretRegistry } from '../../src/main/log';
import type { NotificationRequest, SystemEvent, SystemEvents } from '../../src/main/platform';
import { startDemo, startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim';
import { bindCoreToPage, bundlePageBridge } from './harness/bind-core';
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
  /**
   * The answer of the next native "Attach a File" dialog (CoreDeps.pickFile, src/main/app/files.ts): an absolute
   * path, or undefined for Cancel. Answers are used in order; with none queued the dialog is cancelled.
   */
  pickNext(filePath: string | undefined): void;
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
    const picks: (string | undefined)[] = [];
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
        // The EXT mark's background read of watched spaces, paced faster than the app's 10 s so a test sees it soon.
        externalSpaces: { intervalMs: 500 },
        // The native open dialog: the path the test queued with app.pickNext (the shell's createPickFile returns
        // the same shape), or cancelled.
        pickFile: async () => {
          const next = picks.shift();
          return next === undefined ? undefined : { path: next };
        },
        // The same startDemo() the shell calls: the demo scenario with its live alert driver.
        startDemo: async () => {
          const demo = await startDemo({ port: 0, seed: 7, ...demoOptions });
          demos.push(demo);
          return demo;
        },
      });

    let core = makeCore();
    const binding = await bindCoreToPage(page, {
      core: () => core,
      bridgeScript: pageBridge,
      hooks: {
        onViolation: (message) => captured.violations.push(message),
        onInvoke: (record) => captured.invokes.push(record),
        onEvent: (batch) => captured.events.push(batch),
      },
    });

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
        binding.detach();
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
      invoke: (channel, payload) => binding.invoke(channel, payload, 'harness-node'),
      pickNext(filePath) {
        picks.push(filePath);
      },
    };

    await core.ready;
    await use(app);

    binding.detach();
    await binding.delivered();
    await core.dispose();
    await Promise.all(demos.map((d) => d.close()));
    await rm(dataDir, { recursive: true, force: true });
  },
});

export { expect };
