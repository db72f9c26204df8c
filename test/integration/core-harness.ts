/**
 * Calling a whole core the way the window does (`dispatchInvoke` with result validation), for the integration
 * tests that build a signed-in core against the simulator. `core` is read on every call, so a test may restart it.
 */
import { rm } from 'node:fs/promises';
import type { AppError } from '../../src/shared/errors';
import type { InvokeChannel, InvokeMap } from '../../src/shared/contract/channels';
import type { Result } from '../../src/shared/result';
import type { ManualClock } from '../../src/main/clock';
import type { Core, CoreDeps } from '../../src/main/core';
import { dispatchInvoke } from '../../src/main/ipc/dispatch';
import type { Simulator } from '../../src/sim';

/** The app the test cores say they are. */
export const TEST_APP: CoreDeps['app'] = {
  name: 'webex-ops-console',
  productName: 'Webex Ops Console',
  version: '0.0.0',
  platform: 'linux',
};

export interface CoreCaller {
  /** The channel's result as the window gets it. */
  call<C extends InvokeChannel>(channel: C, payload: InvokeMap[C]['payload']): Promise<Result<InvokeMap[C]['result']>>;
  /** The channel's value; throws (naming the error kind and issues) when the call failed. */
  value<C extends InvokeChannel>(channel: C, payload: InvokeMap[C]['payload']): Promise<InvokeMap[C]['result']>;
  /** The channel's error; throws when the call succeeded. */
  failure<C extends InvokeChannel>(channel: C, payload: InvokeMap[C]['payload']): Promise<AppError>;
}

export function coreCaller(core: () => Core): CoreCaller {
  const call = async <C extends InvokeChannel>(
    channel: C,
    payload: InvokeMap[C]['payload'],
  ): Promise<Result<InvokeMap[C]['result']>> =>
    (await dispatchInvoke(
      core().handlers,
      channel,
      payload,
      { senderId: 'test' },
      { validateResults: true },
    )) as Result<InvokeMap[C]['result']>;
  return {
    call,
    async value(channel, payload) {
      const r = await call(channel, payload);
      if (!r.ok) {
        throw new Error(`${channel}: ${r.error.kind} ${r.error.message} ${JSON.stringify(r.error.issues ?? [])}`);
      }
      return r.value;
    },
    async failure(channel, payload) {
      const r = await call(channel, payload);
      if (r.ok) throw new Error(`${channel} succeeded: ${JSON.stringify(r.value)}`);
      return r.error;
    },
  };
}

/** Looks things up in the simulator; `sim` is read on every call, so a test may restart it. */
export function simLookups(sim: () => Simulator) {
  return {
    /** The id of the space with this title ('' when there is none). */
    room: (title: string): string => sim().control.findRoom(title)?.id ?? '',
    /** The space's messages whose markdown contains `needle`. */
    posted: (roomId: string, needle: string) =>
      sim()
        .control.messages(roomId)
        .filter((m) => (m.markdown ?? '').includes(needle)),
  };
}

/** Stops the core, then the simulator, and removes the core's data folder. */
export async function stopCore(core: Core, sim: Simulator, dataDir: string): Promise<void> {
  await core.dispose();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
}

/** Signs the core in as the simulator's operator, on the simulator's API. */
export async function signInOperator(caller: CoreCaller, sim: Simulator): Promise<void> {
  await caller.value('session.signInWithToken', { token: sim.tokens.operator ?? '', apiBaseUrl: sim.baseUrl });
}

/**
 * Polls (real time, loopback I/O) until `probe` answers a value; advances virtual time when something waits for at
 * most a minute. Throws `failure` after 500 tries.
 */
export async function pollUntil<T>(
  clock: ManualClock,
  probe: () => Promise<T | undefined>,
  failure: string,
): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 10));
    const next = clock.nextWakeAt();
    if (next !== undefined && next - clock.now() <= 60_000) await clock.advanceTo(next);
  }
  throw new Error(failure);
}
