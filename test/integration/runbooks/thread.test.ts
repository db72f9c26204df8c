/**
 * A `thread: true` runbook started from a message (`RunbookRunInput.parentId`) through the whole core against the
 * simulator: it replies in that message's thread whether or not the message was an alert; started from a reply, it
 * replies in the thread the reply belongs to (Webex threads are one level deep) — and an unknown outcome is then
 * still reconciled to exactly one message; a message from another space is refused before anything is queued.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItemView } from '../../../src/shared/contract/channels';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let core: Core;

const caller = coreCaller(() => core);
const { call, value } = caller;
const { room } = simLookups(() => sim);

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'runbooks-thread-'));
  core = createCore({
    instanceId: 'runbooks-thread-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    notifier: { show: () => undefined },
    confirm: async () => true,
    outboxConfig: { reconcileDelayMs: 0, retryBaseMs: 1000 },
  });
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

function settled(id: string): Promise<OutboxItemView> {
  return pollUntil(
    clock,
    async () =>
      (await value('outbox.snapshot', undefined)).data.items.find(
        (i) => i.id === id && !['queued', 'sending', 'unknown'].includes(i.state.type),
      ),
    `item ${id} did not settle`,
  );
}

const acks = (roomId: string) =>
  sim.control.messages(roomId).filter((m) => (m.markdown ?? '').startsWith('Acknowledged by'));

describe('thread replies from any message', () => {
  it('replies in the thread of a plain (non-alert) message the run was started from', async () => {
    const noc = room('NOC');
    const plain = sim.control.post('sam', { roomId: noc, text: 'can someone look at edge-3?' });
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: noc, variables: {}, parentId: plain.id });
    const item = await settled(run.itemIds[0] ?? '');
    expect(item.state.type).toBe('sent');
    expect(item.parentId).toBe(plain.id);
    expect(acks(noc).map((m) => m.parentId)).toEqual([plain.id]);
  });

  it('started from a reply: replies in its thread, and an unknown outcome is reconciled to exactly one message', async () => {
    const noc = room('NOC');
    const root = sim.control.post('sam', { roomId: noc, text: 'edge-3 flapping' });
    const reply = sim.control.post('sam', { roomId: noc, text: 'still flapping', parentId: root.id });
    // Webex stores the message, but the answer is lost: the outbox must find it by reading the space back.
    sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: noc, variables: {}, parentId: reply.id });
    const item = await settled(run.itemIds[0] ?? '');
    expect(item.state).toMatchObject({ type: 'sent', via: 'reconciled' });
    expect(item.parentId).toBe(root.id);
    expect(acks(noc).map((m) => m.parentId)).toEqual([root.id]);
  });

  it('a message from another space is refused before anything is queued', async () => {
    const elsewhere = sim.control.post('sam', { roomId: room('Deploys'), text: 'deploy done' });
    const preview = await value('runbooks.preview', {
      runbookId: 'ack',
      roomId: room('NOC'),
      variables: {},
      parentId: elsewhere.id,
    });
    expect(preview.problems).toEqual([{ path: 'parentId', message: expect.stringMatching(/not in this space/) }]);
    const refused = await call('runbooks.run', {
      runbookId: 'ack',
      roomId: room('NOC'),
      variables: {},
      parentId: elsewhere.id,
    });
    expect(refused.ok === false && refused.error.kind).toBe('invalidInput');
    expect((await value('outbox.snapshot', undefined)).data.items).toHaveLength(0);
    expect(acks(room('NOC'))).toHaveLength(0);
  });
});
