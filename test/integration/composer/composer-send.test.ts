/**
 * The composer's send through the whole core (`createCore` + `dispatchInvoke`, the window's path) against the
 * simulator on a manual clock: one message queued into the same outbox as runbooks (docs/outbox.md), exactly once
 * even when the connection drops after the simulator accepted it, the byte limit refused before queueing, the
 * draft cleared, an audit row marked `composer`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
/** What the native open dialog answers next (undefined: cancelled). */
let nextPick: string | undefined;

const caller = coreCaller(() => core);
const { call, value } = caller;

/** Waits (real time, loopback I/O) until the item is closed or failed; advances virtual time when something waits. */
function settled(itemId: string): Promise<OutboxItemView> {
  return pollUntil(
    clock,
    async () => {
      const item = (await value('outbox.snapshot', undefined)).data.items.find((x) => x.id === itemId);
      return item && !['queued', 'sending', 'unknown'].includes(item.state.type) ? item : undefined;
    },
    'the item did not settle',
  );
}

const { room, posted } = simLookups(() => sim);

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'composer-core-'));
  core = createCore({
    instanceId: 'composer-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    confirm: async () => true,
    pickFile: async () => (nextPick === undefined ? undefined : { path: nextPick }),
    outboxConfig: { reconcileDelayMs: 0, retryBaseMs: 1000 },
  });
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

describe('composer.send', () => {
  it('queues one message: it reaches the space once, the draft is cleared, the audit row says composer', async () => {
    const noc = room('NOC');
    await value('drafts.set', { roomId: noc, markdown: 'Failover **started** at 05:00' });
    const queued = await value('composer.send', { roomId: noc, markdown: 'Failover **started** at 05:00' });
    expect(queued.source).toBe('composer');
    expect(queued.roomTitle).toBe('NOC');
    // The draft goes once the item is on disk, before it is sent.
    expect((await value('drafts.get', { roomId: noc })).markdown).toBe('');

    const done = await settled(queued.id);
    expect(done.state).toMatchObject({ type: 'sent', via: 'post' });
    const messages = posted(noc, 'Failover **started** at 05:00');
    expect(messages).toHaveLength(1);
    expect(done.state.type === 'sent' ? done.state.messageId : undefined).toBe(messages[0]?.id);
    // Undo is the runbooks' quick action; a composer message is not offered it.
    expect(done.undoUntil).toBeUndefined();

    const rows = (await value('audit.query', { roomId: noc })).rows.filter((r) => r.itemId === queued.id);
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'sent', source: 'composer', messageId: messages[0]?.id, confirmed: true }),
    ]);
  });

  it('the connection drops after the simulator accepted: exactly one message, sent after reconciliation', async () => {
    const noc = room('NOC');
    sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const queued = await value('composer.send', { roomId: noc, markdown: 'DB primary is back' });
    const done = await settled(queued.id);
    expect(done.state).toMatchObject({ type: 'sent', via: 'reconciled' });
    expect(posted(noc, 'DB primary is back')).toHaveLength(1);
    expect(sim.control.requests().filter((r) => r.route === 'POST /messages' && r.fault === 'resetAfter')).toHaveLength(
      1,
    );
  });

  it('a reply goes into the thread and clears only that thread’s draft', async () => {
    const noc = room('NOC');
    const parent = await value('composer.send', { roomId: noc, markdown: 'Incident thread root' });
    const root = await settled(parent.id);
    const parentId = root.state.type === 'sent' ? (root.state.messageId ?? '') : '';
    expect(parentId).not.toBe('');

    await value('drafts.set', { roomId: noc, markdown: 'a draft for the space itself' });
    const reply = await value('composer.send', { roomId: noc, markdown: 'Looking into it', parentId });
    expect(reply.parentId).toBe(parentId);
    expect((await value('drafts.get', { roomId: noc })).markdown).toBe('a draft for the space itself');
    await settled(reply.id);
    const [m] = posted(noc, 'Looking into it');
    expect(m?.parentId).toBe(parentId);
  });

  it('over 7,439 bytes is refused before anything is queued; the draft stays', async () => {
    const noc = room('NOC');
    const long = 'é'.repeat(3720); // 7,440 bytes in UTF-8
    await value('drafts.set', { roomId: noc, markdown: long });
    const before = (await value('outbox.snapshot', undefined)).data.items.length;
    const r = await call('composer.send', { roomId: noc, markdown: long });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('invalidInput');
      expect(r.error.message).toContain('7440 bytes');
      expect(r.error.message).toContain('7439');
    }
    expect((await value('outbox.snapshot', undefined)).data.items.length).toBe(before);
    expect((await value('drafts.get', { roomId: noc })).markdown).toBe(long);
    expect(sim.control.messages(noc).some((m) => (m.markdown ?? '').startsWith('éé'))).toBe(false);

    const empty = await call('composer.send', { roomId: noc, markdown: '  \n ' });
    expect(empty.ok ? undefined : empty.error.kind).toBe('invalidInput');
  });

  it('a chosen file goes with the message through the outbox: the simulator receives the bytes once', async () => {
    const noc = room('NOC');
    const file = path.join(dataDir, 'report.txt');
    await writeFile(file, 'packet loss graph data');
    nextPick = file;
    const picked = await value('composer.pickFile', undefined);
    if (!picked.picked) throw new Error('not picked');
    // The connection drops after the simulator stored it: read back, found, not sent twice.
    sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const queued = await value('composer.send', { roomId: noc, markdown: 'the graph', fileId: picked.file.fileId });
    expect(queued.hasFile).toBe(true);
    const done = await settled(queued.id);
    expect(done.state).toMatchObject({ type: 'sent', via: 'reconciled' });
    const msgs = posted(noc, 'the graph');
    expect(msgs).toHaveLength(1);
    const res = await fetch(msgs[0]?.files?.[0] ?? '', {
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(await res.text()).toBe('packet loss graph data');

    // A file alone, no text.
    nextPick = file;
    const again = await value('composer.pickFile', undefined);
    if (!again.picked) throw new Error('not picked');
    const alone = await settled(
      (await value('composer.send', { roomId: noc, markdown: '', fileId: again.file.fileId })).id,
    );
    expect(alone.state).toMatchObject({ type: 'sent', via: 'post' });
    const id = alone.state.type === 'sent' ? alone.state.messageId : undefined;
    expect(sim.control.messages(noc).find((m) => m.id === id)?.files).toHaveLength(1);
  });

  it('a file deleted between choosing and sending fails with clear words, nothing is posted, no read-back', async () => {
    const noc = room('NOC');
    const file = path.join(dataDir, 'gone.txt');
    await writeFile(file, 'soon gone');
    nextPick = file;
    const picked = await value('composer.pickFile', undefined);
    if (!picked.picked) throw new Error('not picked');
    await rm(file);
    const before = sim.control.messages(noc).length;
    const reads = sim.control.requests().filter((r) => r.route === 'GET /messages').length;
    const queued = await value('composer.send', { roomId: noc, markdown: 'see file', fileId: picked.file.fileId });
    const done = await settled(queued.id);
    expect(done.state).toMatchObject({ type: 'failed', kind: 'notFound' });
    expect(done.state.type === 'failed' ? done.state.message : '').toContain('gone.txt');
    expect(done.attempts).toBe(1);
    expect(sim.control.messages(noc).length).toBe(before);
    expect(sim.control.requests().filter((r) => r.route === 'GET /messages').length).toBe(reads);
  });

  it('a space that no longer exists is a clear notFound and nothing is queued', async () => {
    const ghost = btoa('ciscospark://us/ROOM/00000000-0000-0000-0000-00000000dead').replace(/=+$/, '');
    const before = (await value('outbox.snapshot', undefined)).data.items.length;
    const r = await call('composer.send', { roomId: ghost, markdown: 'hello?' });
    expect(r.ok ? undefined : r.error.kind).toBe('notFound');
    expect((await value('outbox.snapshot', undefined)).data.items.length).toBe(before);
  });
});
