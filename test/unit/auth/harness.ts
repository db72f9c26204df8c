/**
 * Test harness for the session service: a real event hub, op registry, store (temp folder) and simulator, a
 * ManualClock, a capturing logger that keeps every entry UNREDACTED (so a test can prove no secret was ever handed
 * to the logger), and a fake SecretStore that records every call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { CoreEvent, InvokeChannel, InvokeMap, SessionState } from '../../../src/shared/contract/channels';
import type { Result } from '../../../src/shared/result';
import { createSessionService, type SecretStore, type SessionService, type StartDemo } from '../../../src/main/auth';
import { ManualClock, type Clock } from '../../../src/main/clock';
import { type AppFailure } from '../../../src/main/errors';
import { createEventHub, type EventHub } from '../../../src/main/events/hub';
import { dispatchInvoke, type Handlers } from '../../../src/main/ipc/dispatch';
import { createSecretRegistry, type LogFields, type Logger, type SecretRegistry } from '../../../src/main/log';
import { createOpRegistry, type OpRegistry } from '../../../src/main/ops/registry';
import type { ConfirmRequest } from '../../../src/main/platform';
import { createStore, type Store } from '../../../src/main/store';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim';

export interface SecretCall {
  op: 'get' | 'set' | 'delete';
  account: string;
}

/** A keychain double: a Map, a log of calls, and a switch that makes every call fail like a missing keyring. */
export class FakeSecretStore implements SecretStore {
  readonly kind = 'keytar' as const;
  readonly entries = new Map<string, string>();
  readonly calls: SecretCall[] = [];
  failure: AppFailure | undefined;

  private check(op: SecretCall['op'], account: string): void {
    this.calls.push({ op, account });
    if (this.failure) throw this.failure;
  }

  async get(account: string): Promise<string | undefined> {
    this.check('get', account);
    return this.entries.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.check('set', account);
    this.entries.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    this.check('delete', account);
    return this.entries.delete(account);
  }

  /** Entries other than the reachability probe. */
  accounts(): string[] {
    return [...this.entries.keys()].filter((a) => !a.startsWith('probe|'));
  }
}

export interface LogEntry {
  level: string;
  msg: string;
  fields: LogFields;
}

export function capturingLogger(entries: LogEntry[], bindings: LogFields = {}): Logger {
  const log =
    (level: string) =>
    (msg: string, fields: LogFields = {}): void => {
      entries.push({ level, msg, fields: { ...bindings, ...fields } });
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => capturingLogger(entries, { ...bindings, ...more }),
  };
}

function teeLogger(a: Logger, b: Logger): Logger {
  return {
    debug: (m, f) => (a.debug(m, f), b.debug(m, f)),
    info: (m, f) => (a.info(m, f), b.info(m, f)),
    warn: (m, f) => (a.warn(m, f), b.warn(m, f)),
    error: (m, f) => (a.error(m, f), b.error(m, f)),
    child: (bindings) => teeLogger(a.child(bindings), b.child(bindings)),
  };
}

export interface HarnessOptions {
  secretStore?: SecretStore | 'none';
  env?: Record<string, string | undefined>;
  confirmAnswer?: boolean;
  sim?: SimulatorOptions;
  /** Share a simulator across restarts. */
  simulator?: Simulator;
  startDemo?: StartDemo;
  clock?: Clock;
  dataDir?: string;
  /** Also send every entry here (e.g. a real file logger). */
  logger?: Logger;
  secrets?: SecretRegistry;
}

export interface SessionHarness {
  clock: ManualClock;
  sim: Simulator;
  dataDir: string;
  store: Store;
  hub: EventHub;
  ops: OpRegistry;
  secrets: SecretRegistry;
  secretStore: SecretStore | undefined;
  service: SessionService;
  logs: LogEntry[];
  warnings: string[];
  confirms: ConfirmRequest[];
  opened: string[];
  /** Every event emitted so far (flushes the hub first). */
  events(): CoreEvent[];
  /** Every result returned by `invoke`, for custody checks. */
  results: unknown[];
  invoke<C extends InvokeChannel>(
    channel: C,
    payload?: InvokeMap[C]['payload'],
  ): Promise<Result<InvokeMap[C]['result']>>;
  /** Calls a channel that must succeed; returns its value. */
  ok<C extends InvokeChannel>(channel: C, payload?: InvokeMap[C]['payload']): Promise<InvokeMap[C]['result']>;
  state(): Promise<SessionState>;
  /** Everything the outside world saw: results, events, log entries, warnings, dialogs, opened URLs. */
  visible(): string;
  close(options?: { keepSim?: boolean; keepDir?: boolean }): Promise<void>;
}

export async function createSessionHarness(options: HarnessOptions = {}): Promise<SessionHarness> {
  const clock = options.clock instanceof ManualClock ? options.clock : new ManualClock();
  const sim =
    options.simulator ?? (await startSimulator({ port: 0, seed: 7, scenario: 'empty', clock, ...options.sim }));
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ops-auth-')));
  const logs: LogEntry[] = [];
  const captureLogger = capturingLogger(logs);
  const extra = options.logger;
  const logger: Logger = extra ? teeLogger(captureLogger, extra) : captureLogger;
  const hub = createEventHub({ clock, logger });
  const captured: CoreEvent[] = [];
  hub.subscribe((batch) => captured.push(...structuredClone(batch.events)));
  const ops = createOpRegistry(hub);
  const store = createStore({ dataDir, clock, logger });
  const secrets = options.secrets ?? createSecretRegistry();
  const secretStore = options.secretStore === 'none' ? undefined : (options.secretStore ?? new FakeSecretStore());
  const warnings: string[] = [];
  const confirms: ConfirmRequest[] = [];
  const opened: string[] = [];
  const results: unknown[] = [];
  const service = createSessionService({
    hub,
    ops,
    store,
    clock,
    logger: logger.child({ component: 'auth' }),
    secrets,
    report: (e) => {
      logs.push({ level: 'error', msg: 'internal', fields: { error: String(e) } });
      return 'corr0001';
    },
    ...(secretStore ? { secretStore } : {}),
    openExternal: async (url) => {
      opened.push(url);
    },
    confirm: async (request) => {
      confirms.push(request);
      return options.confirmAnswer ?? true;
    },
    ...(options.startDemo ? { startDemo: options.startDemo } : {}),
    env: options.env ?? {},
    warn: (_source, message) => warnings.push(message),
  });
  const handlers = service.handlers as unknown as Handlers;

  const invoke = async <C extends InvokeChannel>(channel: C, payload?: InvokeMap[C]['payload']) => {
    const result = (await dispatchInvoke(
      handlers,
      channel,
      payload,
      { senderId: 'test' },
      { validateResults: true },
    )) as Result<InvokeMap[C]['result']>;
    results.push(structuredClone(result));
    return result;
  };

  const h: SessionHarness = {
    clock,
    sim,
    dataDir,
    store,
    hub,
    ops,
    secrets,
    secretStore,
    service,
    logs,
    warnings,
    confirms,
    opened,
    results,
    events() {
      hub.flush();
      return captured;
    },
    invoke,
    async ok(channel, payload) {
      const result = await invoke(channel, payload);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async state() {
      const snap = await h.ok('session.snapshot');
      return snap.data;
    },
    visible() {
      return JSON.stringify({ results, events: h.events(), logs, warnings, confirms, opened });
    },
    async close(closeOptions = {}) {
      await service.dispose();
      hub.dispose();
      await store.close();
      if (!closeOptions.keepSim && !options.simulator) await sim.close();
      if (!closeOptions.keepDir && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  await service.start();
  return h;
}

/** Asserts that none of `secrets` appears in `text`. */
export function expectNoSecrets(text: string, secrets: readonly (string | undefined)[]): void {
  for (const secret of secrets) {
    if (secret === undefined) continue;
    expect(text.includes(secret), `a secret (${secret.slice(0, 4)}…) leaked`).toBe(false);
  }
}

/** Waits (real time) until `check` passes — for loopback I/O under a ManualClock. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
