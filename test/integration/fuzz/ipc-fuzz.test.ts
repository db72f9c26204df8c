/**
 * The core driven the way a compromised or buggy renderer would drive it: every invoke channel of the contract
 * (INVOKE_CHANNELS, so a new channel is fuzzed without touching this file) through the shell's own IPC binding
 * (bindWindowIpc, the typed fake Electron with its structured clone) into a real core signed in against the
 * simulator, with thousands of malformed payloads from a seeded generator (docs/security.md, docs/testing.md).
 *
 * Every call must resolve to a Result whose error kind is a documented one other than `internal`; nothing may throw
 * or hang; Object/Array/Function/String prototypes must be untouched afterwards; a normal call must still work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INVOKE_CHANNELS,
  IPC_INVOKE_CHANNEL,
  type InvokeChannel,
  type RoomsState,
} from '../../../src/shared/contract/channels';
import { ERROR_KINDS } from '../../../src/shared/errors';
import { bindWindowIpc } from '../../../src/main/app/ipc';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { nullLogger } from '../../../src/main/log/types';
import { createDefaultDispatcher } from '../../../src/main/net';
import { startSimulator, type Simulator } from '../../../src/sim';
import { FakeFrame, FakeIpcMain } from '../../unit/app/fake-electron';
import { mulberry32 } from '../seeded-random';

const APP = 'app://ops';
const SEED = 0x5eed15;
const PAYLOADS_PER_CHANNEL = 200;
/** A real-time guard for the harness only (a call that never settles) — not a speed assertion. */
const HANG_MS = Number(process.env.FUZZ_HANG_MS ?? 10_000);
/** Every call settles within this much virtual (manual-clock) time. */
const BOUND_MS = 120_000;

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];
const HOSTILE_STRINGS = [
  ...HOSTILE_KEYS,
  '',
  ' ',
  '\uD800',
  'a\uDC00b',
  '\u0000',
  '\u202e',
  'x'.repeat(70_000),
  '😀'.repeat(3000),
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://\uD800',
  'http://127.0.0.1:1/v1',
  'mailto:\uD800@x',
  '<img src=x onerror=alert(1)>',
  'Y2lzY29zcGFyazovL3VzL1JPT00vbm9wZQ',
  'Y2lzY29zcGFyazovL3VzL1JPT00vX19wcm90b19f',
  '00000000-0000-4000-8000-000000000000',
  'f'.repeat(64),
  '(a+)+$',
  '.*',
  'null',
  'undefined',
  'NaN',
];
const hydra = (type: string, local: string): string =>
  Buffer.from(`ciscospark://us/${type}/${local}`).toString('base64').replace(/=+$/, '');
/** Ids of the right shape that name nothing (or name a prototype member). */
const SHAPED_IDS = [
  ...HOSTILE_KEYS.map((k) => hydra('ROOM', k)),
  hydra('ROOM', '00000000-0000-1000-8000-000000000000'),
  hydra('PEOPLE', 'x'),
  hydra('MESSAGE', 'x/0'),
  Buffer.from('ciscospark://us/ROOM/__proto__').toString('base64url'),
  '0'.repeat(64),
  '00000000-0000-4000-8000-000000000000',
  'rule-1',
  'storage-99',
];
const NUMBERS = [0, -0, -1, 1, 1.5, 2 ** 31, -(2 ** 53), Number.MAX_VALUE, NaN, Infinity, -Infinity, 1e-300];

interface Gen {
  rand(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

function generator(seed: number): Gen {
  const rand = mulberry32(seed);
  return {
    rand,
    int: (n) => Math.floor(rand() * n),
    pick: (items) => items[Math.floor(rand() * items.length)] as (typeof items)[number],
  };
}

function nest(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Any JSON-ish value, hostile where it can be. */
function anyValue(g: Gen, depth = 0): unknown {
  switch (g.int(depth > 2 ? 6 : 10)) {
    case 0:
      return g.pick(HOSTILE_STRINGS);
    case 1:
      return g.pick(NUMBERS);
    case 2:
      return g.pick([true, false, null, undefined]);
    case 3:
      return g.pick(['all', 'off', 'keywords', 'regex', 'token', 'true']);
    case 4:
      return String.fromCharCode(...Array.from({ length: g.int(40) }, () => g.int(0x10000)));
    case 5:
      return g.pick(HOSTILE_KEYS);
    case 6:
      return Array.from({ length: g.int(4) }, () => anyValue(g, depth + 1));
    case 7:
      return hostileObject(g, depth + 1);
    case 8:
      // Up to 1,000 levels: deeper than that, the renderer's structured clone fails before anything reaches main.
      return nest(1 + g.int(g.rand() < 0.2 ? 1000 : 60), g.pick(HOSTILE_STRINGS), g.rand() < 0.5);
    default:
      return JSON.parse(`{"__proto__": {"level": "off", "polluted": true}, "constructor": {"prototype": {"x": 1}}}`);
  }
}

function hostileObject(g: Gen, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = g.int(4); i > 0; i--) {
    Object.defineProperty(out, g.rand() < 0.6 ? g.pick(HOSTILE_KEYS) : g.pick(HOSTILE_STRINGS).slice(0, 40), {
      value: anyValue(g, depth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** A well-formed payload per channel, to mutate one field at a time. Channels without one are fuzzed from scratch. */
function samples(roomId: string, identityId: string): Partial<Record<InvokeChannel, Record<string, unknown>>> {
  const rule = { name: 'R', mode: 'keywords', pattern: 'down', caseSensitive: false, critical: false, enabled: true };
  return {
    'app.dismissWarning': { id: 'storage-1' },
    'app.openExternal': { url: 'https://example.com/x' },
    'session.signInWithToken': { token: 'not-a-real-token' },
    'session.setOAuthClient': { clientId: 'C123', clientSecret: 's3cret' },
    'session.startOAuth': { loginHint: 'dana@example.com' },
    'session.switchIdentity': { identityId },
    'session.signOut': { identityId, forget: false },
    'session.setApiBaseUrl': { identityId, apiBaseUrl: 'http://127.0.0.1:1/v1' },
    'op.cancel': { opId: '00000000-0000-4000-8000-000000000000' },
    'rooms.open': { roomId },
    'rooms.setWatched': { roomId, watched: true },
    'rooms.setLevel': { roomId, level: 'off' },
    'rooms.markRead': { roomId },
    'rules.save': { ...rule, roomIds: [roomId] },
    'rules.remove': { id: 'rule-1' },
    'rules.setDnd': { minutes: 5 },
  };
}

function malformed(g: Gen, sample: Record<string, unknown> | undefined): unknown {
  const base = sample ?? {};
  const keys = Object.keys(base);
  switch (g.int(10)) {
    case 8:
      // well-formed: reaches the handler and the simulator
      return { ...base };
    case 9:
      // well-shaped ids that name nothing, or a prototype member inside a valid Hydra id
      return Object.fromEntries(keys.map((k) => [k, typeof base[k] === 'string' ? g.pick(SHAPED_IDS) : base[k]]));
    case 0:
      return anyValue(g);
    case 1: {
      // one field missing
      const copy = { ...base };
      if (keys.length > 0) delete copy[g.pick(keys)];
      return copy;
    }
    case 2:
    case 3: {
      // one field of the wrong type or shape
      const copy = { ...base };
      copy[keys.length > 0 ? g.pick(keys) : g.pick(HOSTILE_KEYS)] = anyValue(g);
      return copy;
    }
    case 4: {
      // an extra field, often a hostile key as an own property
      const copy = { ...base };
      Object.defineProperty(copy, g.pick([...HOSTILE_KEYS, 'path', 'level', 'token']), {
        value: anyValue(g),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return copy;
    }
    case 5:
      // an array or a primitive where an object belongs
      return g.pick([[base], [], Object.values(base), 'x', 0, null, true]);
    case 6:
      // every id-ish field replaced by a prototype member name
      return Object.fromEntries(keys.map((k) => [k, typeof base[k] === 'string' ? g.pick(HOSTILE_KEYS) : base[k]]));
    default:
      return nest(1 + g.int(200), base, g.rand() < 0.5);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Prototype fingerprint

const GUARDED: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Object', Object],
];

function fingerprint(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, target] of GUARDED) {
    out.set(`${name} extensible`, Object.isExtensible(target));
    for (const key of Reflect.ownKeys(target)) {
      const d = Object.getOwnPropertyDescriptor(target, key);
      out.set(`${name}.${String(key)}`, d?.value);
      out.set(`${name}.${String(key)} get`, d?.get);
      out.set(`${name}.${String(key)} set`, d?.set);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

let sim: Simulator;
let clock: ManualClock;
let core: Core;
let dataDir: string;
let ipc: FakeIpcMain;
let frame: FakeFrame;
let roomId = '';
let identityId = '';
const internals: unknown[] = [];

function invoke(channel: unknown, payload?: unknown): Promise<unknown> {
  return ipc.invoke(frame, IPC_INVOKE_CHANNEL, channel, payload);
}

async function signIn(): Promise<void> {
  const result = (await invoke('session.signInWithToken', {
    token: sim.tokens.operator,
    apiBaseUrl: sim.baseUrl,
  })) as { ok: boolean; value?: { id: string } };
  expect(result.ok, JSON.stringify(result)).toBe(true);
  identityId = result.value?.id ?? '';
}

async function roomsState(): Promise<RoomsState> {
  const r = (await invoke('rooms.snapshot')) as { ok: true; value: { data: RoomsState } };
  return r.value.data;
}

/** Waits (in event-loop turns over real loopback I/O, bounded by count) until the first cycle has listed spaces. */
async function untilRoomsListed(): Promise<RoomsState> {
  for (let i = 0; i < 400; i++) {
    const state = await roomsState();
    if (state.rooms.length > 0) return state;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the first poll cycle never listed a space');
}

let toSim: Dispatcher;
let offline: Dispatcher;

beforeAll(async () => {
  clock = new ManualClock();
  toSim = createDefaultDispatcher();
  offline = new Agent({
    connect: (_options, callback) =>
      callback(Object.assign(new Error('offline (fuzz)'), { code: 'ENETUNREACH' }), null),
  });
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, seed: 11, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'ops-fuzz-'));
  core = createCore({
    instanceId: 'fuzz',
    app: { name: 'webex-ops-console', productName: 'Webex Ops Console', version: '0.0.0-fuzz', platform: 'linux' },
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    // Only the simulator's origin is ever confirmed: a fuzzed API base URL is never contacted.
    confirm: async (request) => JSON.stringify(request).includes(sim.origin),
    openExternal: async () => undefined,
    // No request leaves the machine: the simulator is reached, every other origin (the default Webex API a payload
    // without apiBaseUrl signs in against) fails to connect at once, like a machine without a network.
    dispatcherFactory: (origin) => (origin === sim.origin ? toSim : offline),
  });
  await core.ready;
  ipc = new FakeIpcMain();
  frame = new FakeFrame(APP, 3, 5);
  bindWindowIpc(ipc, {
    handlers: core.handlers,
    mainFrame: () => frame,
    allowedOrigins: [APP],
    senderId: 'fuzz-window',
    report: (error, where) => {
      internals.push({ error, where });
      return core.logger.reportInternal(error, where);
    },
    logger: nullLogger,
  });
  await signIn();
  await invoke('poll.syncNow');
  const listed = await untilRoomsListed();
  roomId = listed.rooms[0]?.id ?? '';
}, 30_000);

afterAll(async () => {
  await core?.dispose();
  await sim?.close();
  await Promise.all([toSim?.close(), offline?.close()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

type Outcome = { ok: true } | { ok: false; kind: string } | { threw: string } | { hung: true };

/**
 * One call, bounded in virtual time: while it is pending the manual clock moves in 1 s steps (client retries and
 * back-offs sleep on it), up to BOUND_MS; a call still pending then is a hang. Real time only guards the harness.
 */
async function outcome(channel: unknown, payload: unknown): Promise<Outcome> {
  let settled: Outcome | undefined;
  const called = invoke(channel, payload).then(
    (r): Outcome => {
      const result = r as { ok?: unknown; error?: { kind?: unknown } };
      if (result.ok === true) return { ok: true };
      if (result.ok === false && typeof result.error?.kind === 'string') return { ok: false, kind: result.error.kind };
      return { threw: `not a Result: ${JSON.stringify(r).slice(0, 200)}` };
    },
    (e: unknown): Outcome => ({ threw: String(e).slice(0, 200) }),
  );
  void called.then((o) => (settled = o));
  const deadline = clock.now() + BOUND_MS;
  const realGuard = Date.now() + HANG_MS;
  for (let turn = 0; settled === undefined; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (settled !== undefined) break;
    if (clock.now() >= deadline || Date.now() > realGuard) return { hung: true };
    // Loopback I/O needs a few turns; move virtual time only when the call is waiting on the clock.
    if (turn % 8 === 7 && clock.pending > 0) await clock.advance(1_000);
  }
  return settled;
}

function describePayload(payload: unknown): string {
  try {
    return (JSON.stringify(payload) ?? String(payload)).slice(0, 160);
  } catch {
    return String(payload).slice(0, 160);
  }
}

const DOCUMENTED = new Set<string>(ERROR_KINDS.filter((k) => k !== 'internal'));

describe('IPC fuzz through the real binding', () => {
  it('every channel answers thousands of malformed payloads with a documented kind; prototypes stay untouched', async () => {
    const before = fingerprint();
    const g = generator(SEED);
    const sample = samples(roomId, identityId);
    const problems: string[] = [];
    const kinds = new Map<string, number>();
    let calls = 0;
    // Unknown channels too: hostile names included.
    const channels: unknown[] = [...INVOKE_CHANNELS, '__proto__', 'constructor', 'toString', 'fs.readFile', 42, null];
    for (const channel of channels) {
      const known = (INVOKE_CHANNELS as readonly unknown[]).includes(channel);
      const n = known ? PAYLOADS_PER_CHANNEL : 10;
      for (let i = 0; i < n; i++) {
        const payload = malformed(g, known ? sample[channel as InvokeChannel] : undefined);
        const result = await outcome(channel, payload);
        calls += 1;
        const label = `${String(channel)} ${describePayload(payload)}`;
        const known_ = problems.length;
        if ('hung' in result) problems.push(`hung: ${label}`);
        else if ('threw' in result) problems.push(`threw ${result.threw}: ${label}`);
        else if (!result.ok) {
          kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
          if (!DOCUMENTED.has(result.kind)) problems.push(`${result.kind}: ${label}`);
        }
        if (process.env.FUZZ_DEBUG && problems.length > known_) console.log(problems.at(-1));
        if (problems.length > 20) break;
      }
      // Fuzzed sign-outs and identity switches are legitimate: sign back in so later channels reach deep code.
      const session = (await invoke('session.snapshot')) as { value: { data: { status: string } } };
      if (session.value.data.status !== 'signedIn') await signIn();
    }
    if (process.env.FUZZ_DEBUG) console.log(calls, JSON.stringify([...kinds]), internals.slice(0, 3));
    expect(problems).toEqual([]);
    expect(internals).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(INVOKE_CHANNELS.length * PAYLOADS_PER_CHANNEL);
    expect(kinds.get('invalidInput') ?? 0).toBeGreaterThan(calls / 2);

    const after = fingerprint();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (k) => !Object.is(before.get(k), after.get(k)),
    );
    expect(changed).toEqual([]);
    expect(({} as Record<string, unknown>).level).toBeUndefined();

    // A normal call still works, on the same binding.
    const watched = (await invoke('rooms.setWatched', { roomId, watched: true })) as {
      ok: boolean;
      value?: { id: string; watched: boolean };
    };
    expect(watched).toMatchObject({ ok: true, value: { id: roomId, watched: true } });
    const state = await roomsState();
    expect(state.rooms.find((r) => r.id === roomId)?.watched).toBe(true);
  }, 120_000);

  it('huge sparse arrays (cheap to send, costly to walk) are refused at once', async () => {
    // 2^32 - 1 slots clone in no time; walking them slot by slot would stall (or exhaust) the main process.
    const sparse = new Array<unknown>(2 ** 32 - 1);
    for (const [channel, payload] of [
      ['rules.save', { ...samples(roomId, identityId)['rules.save'], roomIds: sparse }],
      ['rooms.markRead', { roomId: sparse }],
      ['rooms.markRead', sparse],
    ] as const) {
      expect(await invoke(channel, payload), channel).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    }
  }, 10_000);

  it('the pollution repro: setLevel on `__proto__`, then a setLevel without `level`, is invalidInput', async () => {
    const before = fingerprint();
    const openBefore = (await roomsState()).openRoomId;
    const first = await invoke('rooms.setLevel', { roomId: '__proto__', level: 'off' });
    expect(first).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(({} as Record<string, unknown>).level).toBeUndefined();
    const second = await invoke('rooms.setLevel', { roomId });
    expect(second).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    // …and with Object.prototype polluted by other means, the missing field still fails.
    (Object.prototype as Record<string, unknown>).level = 'off';
    try {
      const third = await invoke('rooms.setLevel', { roomId });
      expect(third).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    } finally {
      delete (Object.prototype as Record<string, unknown>).level;
    }
    for (const hostile of HOSTILE_KEYS) {
      for (const [channel, payload] of [
        ['rooms.setWatched', { roomId: hostile, watched: true }],
        ['rooms.open', { roomId: hostile }],
        ['rooms.markRead', { roomId: hostile }],
        ['rooms.setWatched', { roomId: '\uD800', watched: true }],
        ['rooms.open', { roomId: '\uD800' }],
        ['rooms.setLevel', { roomId: '\uD800', level: 'all' }],
        ['session.signInWithToken', { token: '\uD800' }],
      ] as const) {
        expect(await invoke(channel, payload), `${channel} ${hostile}`).toMatchObject({
          ok: false,
          error: { kind: 'invalidInput' },
        });
      }
    }
    const rooms = await roomsState();
    expect(rooms.openRoomId).toBe(openBefore);
    expect(fingerprint()).toEqual(before);
  });
});
