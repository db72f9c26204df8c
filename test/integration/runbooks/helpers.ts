/**
 * Outbox + simulator on one ManualClock. Loopback HTTP is real I/O, so `settle` lets I/O run in short real pauses
 * and, while the outbox is busy and nothing moves, steps virtual time to the next sleeper (never further than
 * `maxStepMs`, so a far-away sleeper such as an item's time to live is only reached on purpose).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../../src/main/clock';
import { nullLogger } from '../../../src/main/log/types';
import {
  Outbox,
  type OutboxOptions,
  type OutboxOutcome,
  type OutboxItem,
  type OutboxSender,
} from '../../../src/main/runbooks/outbox';
import { outboxRecordSchema, type OutboxItemInit } from '../../../src/main/runbooks/outbox-records';
import { createStore, type Store } from '../../../src/main/store';
import { createWebexClient, type WebexClient, type WebexClientOptions } from '../../../src/main/webex';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../src/sim';

export interface OutboxHarness {
  clock: ManualClock;
  sim: Simulator;
  dataDir: string;
  store: Store;
  clients: WebexClient[];
  client(identity?: string, extra?: WebexClientOptions): WebexClient;
  sender(identity?: string, extra?: WebexClientOptions): OutboxSender;
  outbox(options?: Partial<Omit<OutboxOptions, 'sender'>> & { sender?: OutboxSender; store?: Store }): {
    outbox: Outbox;
    outcomes: { id: string; outcome: OutboxOutcome }[];
  };
  freshStore(): Store;
  close(): Promise<void>;
}

export async function startOutboxHarness(options: SimulatorOptions = {}): Promise<OutboxHarness> {
  const clock = new ManualClock();
  const sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock, ...options });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'outbox-'));
  const stores: Store[] = [];
  const freshStore = (): Store => {
    const s = createStore({ dataDir, clock, debounceMs: 0 });
    stores.push(s);
    return s;
  };
  const store = freshStore();
  const clients: WebexClient[] = [];
  const outboxes: Outbox[] = [];
  const h: OutboxHarness = {
    clock,
    sim,
    dataDir,
    store,
    clients,
    freshStore,
    client(identity = 'operator', extra = {}) {
      const token = sim.tokens[identity];
      if (!token) throw new Error(`no token for ${identity}`);
      const c = createWebexClient({ baseUrl: sim.baseUrl, token, clock, retry: { random: () => 0 }, ...extra });
      clients.push(c);
      return c;
    },
    sender(identity = 'operator', extra = {}) {
      const client = h.client(identity, extra);
      const person = sim.people[identity];
      if (!person) throw new Error(`no person ${identity}`);
      return {
        me: { id: person.id, type: person.type },
        create: (body, signal) => client.messages.create(body, { signal }),
        list: (query) => client.messages.list(query),
      };
    },
    outbox({ sender: given, store: givenStore, ...opts } = {}) {
      const sender = given ?? h.sender();
      const outcomes: { id: string; outcome: OutboxOutcome }[] = [];
      const s = givenStore ?? store;
      const outbox = new Outbox({
        journal: s.journal('identities/test/outbox.jsonl', outboxRecordSchema),
        clock,
        logger: nullLogger,
        sender: () => sender,
        reconcileDelayMs: 0,
        retryBaseMs: 1000,
        onOutcome: (item, outcome) => outcomes.push({ id: item.id, outcome }),
        ...opts,
      });
      outboxes.push(outbox);
      return { outbox, outcomes };
    },
    async close() {
      await Promise.allSettled(
        outboxes.map((o) => Promise.race([o.dispose(), new Promise((r) => setTimeout(r, 200))])),
      );
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
      await Promise.allSettled(stores.map((s) => s.close()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

let counter = 0;
/** An item for the outbox, queued now with a 5-minute time to live. */
export function item(
  clock: ManualClock,
  roomId: string,
  markdown: string,
  extra: Partial<OutboxItemInit> = {},
): OutboxItemInit {
  counter += 1;
  return {
    id: `item-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    roomId,
    roomTitle: 'Room',
    markdown,
    queuedAt: new Date(clock.now()).toISOString(),
    expiresAt: new Date(clock.now() + 5 * 60_000).toISOString(),
    origin: { confirmed: true },
    ...extra,
  };
}

/**
 * Runs until `done()` (default: the outbox is idle): real pauses for loopback I/O; when nothing changes, virtual time
 * moves to the next sleeper if it is at most `maxStepMs` away.
 */
export async function settle(
  clock: ManualClock,
  outbox: Outbox,
  options: { maxStepMs?: number; done?: () => boolean; realTimeoutMs?: number } = {},
): Promise<void> {
  const maxStep = options.maxStepMs ?? 60_000;
  const started = Date.now();
  let idle = false;
  void outbox.idle().then(() => (idle = true));
  const done = options.done ?? (() => idle);
  while (!done()) {
    if (Date.now() - started > (options.realTimeoutMs ?? 20_000)) throw new Error('settle: timed out');
    await new Promise((r) => setTimeout(r, 10));
    if (done()) break;
    const next = clock.nextWakeAt();
    if (next !== undefined && next - clock.now() <= maxStep) await clock.advanceTo(Math.max(next, clock.now()));
    if (!options.done && !idle) void outbox.idle().then(() => (idle = true));
  }
}

export function stateOf(outbox: Outbox, id: string): OutboxItem['state']['type'] | undefined {
  return outbox.get(id)?.state.type;
}
