/**
 * Outbox journal compaction wired into the core (docs/outbox.md “Compaction”): the identity's `outbox.jsonl` is
 * rewritten in place as runbooks post, old sent items leave it (and the window), recent ones stay with their undo,
 * and a restart reads the compacted journal as it is.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxState } from '../../../src/shared/contract/channels';
import { createMemorySecretStore, type SecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let secretStore: SecretStore;
let core: Core;

const caller = coreCaller(() => core);
const { value } = caller;
const { room } = simLookups(() => sim);

function startCore(): Core {
  return createCore({
    instanceId: 'runbooks-compaction-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore,
    notifier: { show: () => undefined },
    confirm: async () => true,
    outboxConfig: { reconcileDelayMs: 0, retryBaseMs: 1000, compactAfterRecords: 30, keepClosed: 3 },
  });
}

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'runbooks-compaction-'));
  secretStore = createMemorySecretStore();
  core = startCore();
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

function outboxSettled(): Promise<OutboxState> {
  return pollUntil(
    clock,
    async () => {
      const s = (await value('outbox.snapshot', undefined)).data;
      return s.items.some((x) => ['queued', 'sending', 'unknown'].includes(x.state.type)) ? undefined : s;
    },
    'outbox did not settle',
  );
}

/** The signed-in identity's folder: the one holding outbox.jsonl. */
async function identityFolder(): Promise<string> {
  const base = path.join(dataDir, 'identities');
  for (const name of await readdir(base)) {
    if ((await readdir(path.join(base, name))).includes('outbox.jsonl')) return path.join(base, name);
  }
  throw new Error('no outbox journal');
}

async function journalLines(): Promise<number> {
  const text = await readFile(path.join(await identityFolder(), 'outbox.jsonl'), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').length;
}

async function ack(times: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < times; i++) {
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: room('NOC'), variables: {} });
    ids.push(...run.itemIds);
    await outboxSettled();
  }
  return ids;
}

describe('outbox journal compaction in the core', () => {
  it('drops old sent items from the journal and the window, keeps recent ones with undo; a restart agrees', async () => {
    const old = await ack(10);
    await clock.advance(20 * 60_000);
    const recent = await ack(10);
    // 20 sends are 60 records uncompacted; the journal was rewritten on the way.
    expect(await journalLines()).toBeLessThan(60);
    // The compaction that followed the last send dropped the old ones (the newest 3 closed are all recent).
    const state = await pollUntil(
      clock,
      async () => {
        const s = await outboxSettled();
        return s.items.some((i) => old.includes(i.id)) ? undefined : s;
      },
      'old items still listed',
    );
    const listed = state.items.map((i) => i.id);
    for (const id of recent) expect(listed).toContain(id);
    expect(state.items.find((i) => i.id === recent.at(-1))?.undoUntil).toBeDefined();
    // Nothing was posted twice.
    const acks = sim.control.messages(room('NOC')).filter((m) => (m.markdown ?? '').startsWith('Acknowledged by'));
    expect(acks).toHaveLength(20);

    await core.dispose();
    core = startCore();
    await core.ready;
    // The outbox loads its journal in the background: its items arrive once it has.
    const after = await pollUntil(
      clock,
      async () => {
        const s = await outboxSettled();
        return s.items.length > 0 ? s : undefined;
      },
      'the outbox did not load',
    );
    expect(after.items.map((i) => i.id).sort()).toEqual([...listed].sort());
    expect((await readdir(await identityFolder())).filter((n) => n.includes('.tmp-'))).toEqual([]);
    await value('audit.undo', { itemId: recent.at(-1) ?? '' });
    expect(
      sim.control.messages(room('NOC')).filter((m) => (m.markdown ?? '').startsWith('Acknowledged by')),
    ).toHaveLength(19);
  });
});
