import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { Clock } from '../../../src/main/clock';
import {
  WebexApiError,
  createWebexClient,
  type WebexClient,
  type WebexClientEvent,
  type WebexClientOptions,
} from '../../../src/main/webex';
import { startSimulator } from '../../../src/sim';
import type { Simulator, SimulatorOptions } from '../../../src/sim/types';

export interface Harness {
  sim: Simulator;
  events: WebexClientEvent[];
  clients: WebexClient[];
  client(options?: WebexClientOptions): WebexClient;
  close(): Promise<void>;
}

/** Starts a simulator (rate limits off unless given) and makes clients for it that record their events. */
export async function startHarness(options: SimulatorOptions = {}, clock?: Clock): Promise<Harness> {
  const sim = await startSimulator({
    port: 0,
    scenario: 'demo',
    rateLimits: false,
    ...(clock ? { clock } : {}),
    ...options,
  });
  const events: WebexClientEvent[] = [];
  const clients: WebexClient[] = [];
  return {
    sim,
    events,
    clients,
    client(extra: WebexClientOptions = {}) {
      const c = createWebexClient({
        baseUrl: sim.baseUrl,
        token: sim.tokens.operator,
        retry: { random: () => 0 },
        ...(clock ? { clock } : {}),
        onEvent: (e) => events.push(e),
        ...extra,
      });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** Awaits a promise that must fail with a WebexApiError and returns it. */
export async function failure(p: Promise<unknown>): Promise<WebexApiError> {
  let thrown: unknown;
  try {
    await p;
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(WebexApiError);
  return thrown as WebexApiError;
}

/** Every way an error could leak a secret: inspect (hidden props, cause chain), JSON, message, stack, toAppError. */
export function serialiseDeep(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value));
  } catch {
    parts.push('[unserialisable]');
  }
  if (value instanceof Error) {
    parts.push(value.message, value.stack ?? '');
    let cause: unknown = value.cause;
    while (cause !== undefined) {
      parts.push(inspect(cause, { depth: Infinity, showHidden: true }));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  if (value instanceof WebexApiError) parts.push(JSON.stringify(value.toAppError()));
  return parts.join('\n');
}

/** Waits (real time, short polls) until `check` is true; for loopback I/O progress under a ManualClock. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
