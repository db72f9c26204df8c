/**
 * A composer message with a file that has not gone out yet survives a restart of the core (docs/outbox.md: Items
 * and their journal): the outbox journal keeps the file's identity (resolved path, device, inode, size) with the
 * item, so the next core sends it with its file — checked again first (src/main/spaces/picked-check.ts). Through
 * the whole core (`createCore` + `dispatchInvoke`) against the simulator on a manual clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItemView } from '../../../src/shared/contract/channels';
import { createMemorySecretStore, type SecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let secretStore: SecretStore;
let core: Core;
let nextPick: string | undefined;

const caller = coreCaller(() => core);
const { value } = caller;
const { room, posted } = simLookups(() => sim);

function startCore(): Core {
  return createCore({
    instanceId: 'composer-file-restart-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore,
    confirm: async () => true,
    pickFile: async () => (nextPick === undefined ? undefined : { path: nextPick }),
    outboxConfig: { reconcileDelayMs: 0, retryBaseMs: 1000 },
  });
}

const sha256 = (b: Buffer | Uint8Array): string => createHash('sha256').update(b).digest('hex');
const posts = (): number => sim.control.requests().filter((r) => r.route === 'POST /messages').length;

function itemIn(id: string, states: OutboxItemView['state']['type'][]): Promise<OutboxItemView> {
  return pollUntil(
    clock,
    async () =>
      (await value('outbox.snapshot', undefined)).data.items.find((i) => i.id === id && states.includes(i.state.type)),
    `item ${id} never reached ${states.join('/')}`,
  );
}

/** Chooses `file` and queues it while every POST is answered 429 with a long pause: the item waits, not sent. */
async function queueWaiting(noc: string, file: string, markdown: string): Promise<string> {
  nextPick = file;
  const picked = await value('composer.pickFile', undefined);
  if (!picked.picked) throw new Error('not picked');
  sim.control.setFaults({ 'POST /messages': { rateLimit: 1, retryAfter: 3600 } });
  const queued = await value('composer.send', { roomId: noc, markdown, fileId: picked.file.fileId });
  expect(queued.hasFile).toBe(true);
  await pollUntil(
    clock,
    async () =>
      sim.control.requests().some((r) => r.route === 'POST /messages' && r.fault === 'rateLimit') ? true : undefined,
    'the POST was never answered 429',
  );
  expect(posted(noc, markdown)).toHaveLength(0);
  return queued.id;
}

/** The app stopped; `whileDown` runs before the next core starts; the simulator accepts posts again. */
async function restart(whileDown: () => Promise<void> = async () => undefined): Promise<void> {
  await core.dispose();
  await whileDown();
  sim.control.clearFaults();
  core = startCore();
  await core.ready;
}

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'composer-file-restart-'));
  secretStore = createMemorySecretStore();
  nextPick = undefined;
  core = startCore();
  await core.ready;
  await signInOperator(caller, sim);
});

afterEach(async () => {
  await core.dispose();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a queued composer message with a file across a restart', () => {
  it('is sent once after the restart, with identical bytes; the journal keeps the path in main only', async () => {
    const noc = room('NOC');
    const file = path.join(dataDir, 'capture.bin');
    const bytes = randomBytes(300 * 1024 + 11);
    await writeFile(file, bytes);
    const id = await queueWaiting(noc, file, 'pcap from the edge router');
    await restart();

    const done = await itemIn(id, ['sent', 'failed', 'needsOperator']);
    expect(done.state.type).toBe('sent');
    expect(done.hasFile).toBe(true);
    // What the window sees of the item never names the path.
    expect(JSON.stringify(done)).not.toContain(dataDir);

    const msgs = posted(noc, 'pcap from the edge router');
    expect(msgs).toHaveLength(1);
    expect(done.state.type === 'sent' ? done.state.messageId : undefined).toBe(msgs[0]?.id);
    expect(msgs[0]?.files).toHaveLength(1);
    const res = await fetch(msgs[0]?.files?.[0] ?? '', {
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(bytes));

    // Main's own journal holds the file's identity with the item (that is what the new core sent from).
    const [identity] = await readdir(path.join(dataDir, 'identities'));
    const journal = await readFile(path.join(dataDir, 'identities', identity ?? '', 'outbox.jsonl'), 'utf8');
    const info = await stat(file);
    const queuedRecord = journal
      .split('\n')
      .filter((l) => l.includes('"t":"queued"') && l.includes(id))
      .map((l) => JSON.parse(l) as { item: { file?: { path: string; ino: number; size: number } } })[0];
    expect(queuedRecord?.item.file).toMatchObject({ path: file, ino: info.ino, size: bytes.length });
  });

  it('a file swapped for another of the same size while the app was down: failed with clear words, nothing posted', async () => {
    const noc = room('NOC');
    const file = path.join(dataDir, 'runbook-output.txt');
    await writeFile(file, 'original output 1');
    const id = await queueWaiting(noc, file, 'the output');
    let postsBefore = 0;
    await restart(async () => {
      // Another file (another inode) of the same size now has the name.
      const other = path.join(dataDir, 'other.txt');
      await writeFile(other, 'swapped output 22');
      await rename(other, file);
      postsBefore = posts();
    });

    const done = await itemIn(id, ['sent', 'failed', 'needsOperator']);
    expect(done.state).toMatchObject({ type: 'failed', kind: 'invalidInput' });
    expect(done.state.type === 'failed' ? done.state.message : '').toContain(
      'runbook-output.txt was replaced by another file',
    );
    expect(posted(noc, 'the output')).toHaveLength(0);
    // Refused before any request: no upload was tried, nothing was read back.
    expect(posts()).toBe(postsBefore);
  });

  it('a file deleted while the app was down: failed notFound, nothing posted', async () => {
    const noc = room('NOC');
    const file = path.join(dataDir, 'gone-later.txt');
    await writeFile(file, 'temporary');
    const id = await queueWaiting(noc, file, 'will be gone');
    await restart(() => rm(file));
    const done = await itemIn(id, ['sent', 'failed', 'needsOperator']);
    if (done.state.type === 'sent') throw new Error('sent although the file was deleted');
    expect(done.state).toMatchObject({ type: 'failed', kind: 'notFound' });
    expect(done.state.type === 'failed' ? done.state.message : '').toContain('gone-later.txt');
    expect(posted(noc, 'will be gone')).toHaveLength(0);
  });

  it('a handle main does not know is refused before anything is queued (the draft keeps the text)', async () => {
    const noc = room('NOC');
    await value('drafts.set', { roomId: noc, markdown: 'text beside a lost file' });
    const before = (await value('outbox.snapshot', undefined)).data.items.length;
    const error = await caller.failure('composer.send', {
      roomId: noc,
      markdown: 'text beside a lost file',
      fileId: 'not-a-known-handle',
    });
    expect(error.kind).toBe('notFound');
    expect(error.message).toContain('choose it again');
    expect((await value('outbox.snapshot', undefined)).data.items.length).toBe(before);
    expect((await value('drafts.get', { roomId: noc })).markdown).toBe('text beside a lost file');
  });
});
