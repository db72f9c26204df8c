/**
 * The poller under chaos, through the whole core (`createCore`) on the manual clock: 5xx storms, 429s, connection
 * resets, hangs and broken bodies from the simulator's seeded fault injection, with graceful restarts and crashes (a
 * new core on the data folder as it was on disk at the crash), across several seeds. At the end, for every watched
 * space — the open one included, re-opened at once after each restart — what the simulator says was posted must
 * match the unread count and alert flag exactly, and the notifications: exactly once per alert, or at least once
 * after a crash (an alert shown just before a crash whose state was not yet saved is shown again). Every seed prints
 * its fault and restart plan so a failure can be replayed.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, type Dispatcher } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomsState } from '../../../src/shared/contract/channels';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import type { NotificationRequest } from '../../../src/main/platform';
import type { FaultConfig } from '../../../src/sim';
import { startSimulator, type Simulator } from '../../../src/sim';
import { mulberry32 } from '../seeded-random';
import { criticalKeywordRule } from './harness';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const ROOMS = ['edge', 'core', 'db', 'dns'];
const PHASES = 8;
/** Real-time bound on a hung request (the simulator's `hang` never answers): undici gives up, the cycle fails. */
const HANG_TIMEOUT_MS = 250;

const FAULTS: { name: string; config: FaultConfig }[] = [
  { name: 'calm', config: {} },
  { name: '5xx 40%', config: { 'GET *': { error: 0.4, errorStatus: 503 } } },
  { name: '502 on lists', config: { 'GET /rooms': { error: 0.6, errorStatus: 502 } } },
  { name: '429 once', config: { 'GET /messages': { rateLimit: 1, retryAfter: 7, count: 1 } } },
  { name: '429 on list', config: { 'GET /rooms': { rateLimit: 1, retryAfter: 12, count: 1 } } },
  { name: 'resets', config: { 'GET *': { resetBefore: 0.2, resetAfter: 0.2 } } },
  { name: 'hangs', config: { 'GET /messages': { hang: 0.15 } } },
  { name: 'bad bodies', config: { 'GET *': { truncate: 0.15, nonJson: 0.15 } } },
];

type Restart = 'none' | 'graceful' | 'crash';

interface Plan {
  faults: string[];
  restarts: Restart[];
}

function planOf(rng: () => number): Plan {
  const faults: string[] = [];
  const restarts: Restart[] = [];
  for (let p = 0; p < PHASES; p++) {
    faults.push((FAULTS[Math.floor(rng() * FAULTS.length)] as { name: string }).name);
    const r = rng();
    restarts.push(p === PHASES - 1 ? 'none' : r < 0.2 ? 'graceful' : r < 0.4 ? 'crash' : 'none');
  }
  // Every seed restarts at least once each way.
  if (!restarts.includes('graceful')) restarts[1] = 'graceful';
  if (!restarts.includes('crash')) restarts[4] = 'crash';
  return { faults, restarts };
}

/**
 * The data folder as a crash leaves it: every complete file as it is on disk now. Atomic writes in flight are either
 * before or after their rename (a temp file is what the store ignores anyway; one renamed away mid-copy is skipped).
 */
async function copyDurable(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.name.includes('.tmp-')) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      await copyDurable(source, target);
      continue;
    }
    try {
      await copyFile(source, target);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOENT') throw e;
    }
  }
}

interface Instance {
  core: Core;
  dir: string;
  alive: boolean;
}

interface World {
  clock: ManualClock;
  sim: Simulator;
  dirs: string[];
  instance?: Instance;
  toSim: Agent;
  offline: Agent;
}

let world: World | undefined;
afterEach(async () => {
  const w = world;
  world = undefined;
  if (!w) return;
  if (w.instance) {
    w.instance.alive = false;
    await w.instance.core.dispose();
  }
  await w.sim.close();
  await Promise.all([w.toSim.close(), w.offline.close()]);
  await Promise.all(w.dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function invoke(core: Core, channel: string, payload?: unknown): Promise<unknown> {
  const result = await dispatchInvoke(
    core.handlers,
    channel,
    payload,
    { senderId: 'chaos' },
    { validateResults: true },
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

async function runSeed(seed: number): Promise<void> {
  const rng = mulberry32(seed); // the plan and the poller's jitter
  const plan = planOf(rng);
  const clock = new ManualClock();
  const sim = await startSimulator({ port: 0, scenario: 'empty', rateLimits: false, seed, clock });
  const offline = new Agent({
    connect: (_options, callback) => callback(Object.assign(new Error('crashed'), { code: 'ECONNREFUSED' }), null),
  });
  const w: World = { clock, sim, dirs: [], toSim: new Agent(), offline };
  world = w;
  const secretStore = createMemorySecretStore();
  const shown: (NotificationRequest & { core: number })[] = [];
  let cores = 0;
  const operatorId = sim.people.operator?.id as string;
  const log = (line: string): void => {
    // The replay record of this seed (printed only when it fails, by the assertion message).
    trail.push(line);
  };
  const trail: string[] = [`seed ${seed}: faults ${plan.faults.join(' | ')}; restarts ${plan.restarts.join(' ')}`];

  const startCore = async (dir: string): Promise<Instance> => {
    const n = ++cores;
    const instance: Instance = { core: undefined as unknown as Core, dir, alive: true };
    // Short header/body timeouts so a hung request fails fast; a crashed core's requests fail at once.
    const dispatcher = (): Dispatcher =>
      w.toSim.compose(
        (dispatch) => (opts, handler) =>
          (instance.alive ? dispatch : w.offline.dispatch.bind(w.offline))(
            { ...opts, headersTimeout: HANG_TIMEOUT_MS, bodyTimeout: HANG_TIMEOUT_MS },
            handler,
          ),
      );
    instance.core = createCore({
      instanceId: `chaos-${seed}-${n}`,
      app: { name: 'webex-ops-console', productName: 'Webex Ops Console', version: '0.0.0-chaos', platform: 'linux' },
      dataDir: dir,
      clock,
      secretStore,
      confirm: async () => true,
      dispatcherFactory: () => dispatcher(),
      notifier: {
        show(notification) {
          if (instance.alive) shown.push({ ...notification, core: n });
        },
      },
      random: rng,
      // Every alert is its own notification (no coalescing), so they can be counted exactly.
      watchConfig: { notifyMinIntervalMs: 0 },
    });
    await instance.core.ready;
    return instance;
  };

  const step = async (totalMs: number): Promise<void> => {
    const end = clock.now() + totalMs;
    const core = w.instance?.core as Core;
    await core.idle();
    while (clock.now() < end) {
      await clock.advance(Math.min(100, end - clock.now()));
      await core.idle();
    }
  };

  const roomIds = ROOMS.map((title) => {
    const room = sim.control.createRoom('operator', { title });
    sim.control.addMember(room.id, 'bot');
    return room.id;
  });
  const openId = roomIds[0] as string;
  await clock.advance(1_000);
  let dir = await mkdtemp(path.join(tmpdir(), 'ops-chaos-'));
  w.dirs.push(dir);
  w.instance = await startCore(dir);
  await invoke(w.instance.core, 'session.signInWithToken', { token: sim.tokens.operator, apiBaseUrl: sim.baseUrl });
  await step(500);
  for (const roomId of roomIds) await invoke(w.instance.core, 'rooms.setWatched', { roomId, watched: true });
  await invoke(w.instance.core, 'rules.save', criticalKeywordRule);
  await invoke(w.instance.core, 'rooms.open', { roomId: openId });
  await step(5_000);
  // The operator's settings (sign-in, watched spaces, the rule) were made long before any crash: on disk.
  await w.instance.core.store.flush();

  let posted = 0;
  for (let p = 0; p < PHASES; p++) {
    const fault = FAULTS.find((f) => f.name === plan.faults[p]) as { config: FaultConfig };
    sim.control.setFaults(fault.config);
    for (let k = 0; k < 10; k++) {
      const count = Math.floor(rng() * 3);
      for (let i = 0; i < count; i++) {
        const roomId = roomIds[Math.floor(rng() * roomIds.length)] as string;
        const mine = rng() < 0.15;
        const critical = !mine && rng() < 0.3;
        const text = `${critical ? 'CRITICAL' : 'note'} s${seed} n${posted++}`;
        sim.control.post(mine ? 'operator' : 'bot', { roomId, text });
      }
      await step(500 + Math.floor(rng() * 2_000));
    }
    const restart = plan.restarts[p] as Restart;
    if (restart === 'none') continue;
    sim.control.clearFaults();
    const old = w.instance as Instance;
    if (restart === 'crash') {
      // What is on disk right now is all a crashed process leaves behind: copy it, then silence the old core.
      const copy = await mkdtemp(path.join(tmpdir(), 'ops-chaos-crash-'));
      w.dirs.push(copy);
      await copyDurable(old.dir, copy);
      old.alive = false;
      await old.core.dispose();
      dir = copy;
    } else {
      await old.core.dispose();
      old.alive = false;
    }
    log(`phase ${p}: ${restart} restart at ${new Date(clock.now()).toISOString()}`);
    w.instance = await startCore(dir);
    // The window re-opens the space it showed, at once (before the poller has read it).
    await invoke(w.instance.core, 'rooms.open', { roomId: openId });
    sim.control.setFaults(fault.config);
    await step(1_000);
  }

  sim.control.clearFaults();
  await invoke(w.instance.core, 'poll.syncNow');
  await step(120_000);

  const rooms = ((await invoke(w.instance.core, 'rooms.snapshot')) as { data: RoomsState }).data;
  expect(rooms.openRoomId, trail.join('\n')).toBe(openId);
  const crashed = plan.restarts.includes('crash');
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const roomId of roomIds) {
    const theirs = sim.control.messages(roomId).filter((m) => m.personId !== operatorId);
    const alerts = theirs.filter((m) => m.text?.startsWith('CRITICAL')).map((m) => m.text as string);
    const view = rooms.rooms.find((r) => r.id === roomId);
    const notified = shown
      .filter((n) => n.roomId === roomId)
      .map((n) => ({ core: n.core, text: n.body.slice(n.body.indexOf(': ') + 2).replace(/ \(\+\d+ more\)$/, '') }));
    const texts = [...new Set(notified.map((n) => n.text))].sort();
    expected[roomId] = { watched: true, unread: theirs.length, alert: alerts.length > 0, notified: [...alerts].sort() };
    actual[roomId] = { watched: view?.watched, unread: view?.unread, alert: view?.alert, notified: texts };
    // Exactly once per alert; after a crash an alert the crashed core showed but had not saved yet is shown again
    // by the next core — still never twice by one core.
    const shownBy = notified.map((n) => (crashed ? `${n.core} ${n.text}` : n.text));
    expect(new Set(shownBy).size, `${roomId}: an alert notified twice\n${trail.join('\n')}`).toBe(shownBy.length);
  }
  expect(actual, trail.join('\n')).toEqual(expected);
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.filter((n) => !n.critical)).toEqual([]);
  expect(posted, 'messages posted').toBeGreaterThan(PHASES * 5);
  expect(sim.control.requests().filter((r) => r.fault !== undefined).length, 'faults injected').toBeGreaterThan(0);
}

describe('poller chaos', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: faults, graceful and crash restarts → exact unread, alert flags and notifications`, async () => {
      await runSeed(seed);
    }, 120_000);
  }
});
