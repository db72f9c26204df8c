/**
 * The runbooks, outbox and incidents slices are live (docs/events.md): every change main makes to them ends in an
 * event the window applies — outbox items queued, sending, sent, failed, unknown and resolved; runbook files
 * reloaded or broken; incidents opened, updated and closed; an attached file's upload progress. Through the whole
 * core (`createCore` + `dispatchInvoke`, the window's path) against the simulator on a manual clock; the events are
 * the core's own batches, checked against the contract's schema.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent, EventBatch, OutboxItemView } from '../../../src/shared/contract/channels';
import { eventBatchSchema } from '../../../src/shared/contract/schemas';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let core: Core;
let batches: EventBatch[];
let nextPick: string | undefined;

const caller = coreCaller(() => core);
const { value } = caller;
const { room, posted } = simLookups(() => sim);

const events = (): CoreEvent[] => batches.flatMap((b) => b.events);

/** Every version of one outbox item the window was sent, in order (upserts, and the item in resets). */
function versionsOf(itemId: string): OutboxItemView[] {
  const out: OutboxItemView[] = [];
  for (const e of events()) {
    if (e.type === 'outbox.upsert') out.push(...e.items.filter((i) => i.id === itemId));
    if (e.type === 'outbox.reset') out.push(...e.state.items.filter((i) => i.id === itemId));
  }
  return out;
}

const statesOf = (itemId: string): string[] =>
  versionsOf(itemId)
    .map((i) => i.state.type)
    .filter((t, n, all) => n === 0 || all[n - 1] !== t);

/** Waits (real time for loopback I/O, virtual time moved when something waits) until `probe` holds. */
function until(probe: () => boolean, failure: string): Promise<true> {
  return pollUntil(clock, async () => (probe() ? true : undefined), failure);
}

const lastVersion = (itemId: string): OutboxItemView | undefined => versionsOf(itemId).at(-1);

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'runbook-events-'));
  batches = [];
  nextPick = undefined;
  core = createCore({
    instanceId: 'runbook-events-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    confirm: async () => true,
    pickFile: async () => (nextPick === undefined ? undefined : { path: nextPick }),
    outboxConfig: { reconcileDelayMs: 0, retryBaseMs: 1000 },
  });
  core.subscribe((batch) => {
    const parsed = eventBatchSchema.safeParse(batch);
    if (!parsed.success) throw new Error(`batch ${batch.seq} breaks the contract: ${parsed.error.message}`);
    batches.push(structuredClone(batch));
  });
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

describe('outbox events', () => {
  it('signing in resets the slice; an item is published queued → sending → sent, with the pending count', async () => {
    await until(() => events().some((e) => e.type === 'outbox.reset'), 'no outbox.reset after signing in');
    const noc = room('NOC');
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: noc, variables: {} });
    const id = run.itemIds[0] ?? '';
    await until(() => lastVersion(id)?.state.type === 'sent', 'the sent state was not published');
    expect(statesOf(id)).toEqual(['queued', 'sending', 'sent']);
    const sent = lastVersion(id);
    expect(sent).toMatchObject({ batchId: run.batchId, runbookId: 'ack', roomTitle: 'NOC', attempts: 1 });
    expect(sent?.undoUntil).toBeDefined();
    const pendings = events().flatMap((e) => (e.type === 'outbox.upsert' ? [e.pending] : []));
    expect(pendings[0]).toBe(1);
    expect(pendings.at(-1)).toBe(0);
    expect(posted(noc, 'Acknowledged by')).toHaveLength(1);

    // Undo changes the item's view (no more undo offered): published too.
    await value('audit.undo', { itemId: id });
    await until(() => lastVersion(id)?.undoUntil === undefined, 'undo was not published');
  });

  it('a refused post is published failed with its kind and tracking id; the operator’s Discard is published', async () => {
    const noc = room('NOC');
    sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: 400, count: 1 } });
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: noc, variables: {} });
    const id = run.itemIds[0] ?? '';
    await until(() => lastVersion(id)?.state.type === 'failed', 'the failure was not published');
    const failed = lastVersion(id)?.state;
    expect(failed).toMatchObject({ type: 'failed', kind: 'invalidInput' });
    expect(failed?.type === 'failed' ? failed.trackingId : undefined).toEqual(expect.any(String));
    const failedEvent = events().find(
      (e) => e.type === 'outbox.upsert' && e.items.some((i) => i.id === id && i.state.type === 'failed'),
    );
    expect(failedEvent?.type === 'outbox.upsert' && failedEvent.pending).toBe(1);

    await value('outbox.resolve', { itemId: id, action: 'discard' });
    await until(() => lastVersion(id)?.state.type === 'discarded', 'the discard was not published');
    const last = events()
      .filter((e) => e.type === 'outbox.upsert')
      .at(-1);
    expect(last?.type === 'outbox.upsert' && last.pending).toBe(0);
    expect(posted(noc, 'Acknowledged by')).toHaveLength(0);
  });

  it('a post whose outcome is unknown is published unknown, then sent once it is found by reading back', async () => {
    const noc = room('NOC');
    sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: noc, variables: {} });
    const id = run.itemIds[0] ?? '';
    await until(() => lastVersion(id)?.state.type === 'sent', 'the reconciled item was not published');
    expect(statesOf(id)).toEqual(['queued', 'sending', 'unknown', 'sent']);
    expect(lastVersion(id)?.state).toMatchObject({ type: 'sent', via: 'reconciled' });
    expect(posted(noc, 'Acknowledged by')).toHaveLength(1);
  });

  it('a broadcast’s items carry the run’s batch id and each space’s result is published', async () => {
    const input = { runbookId: 'change-start', variables: { change: 'CHG12345', summary: 'Core switch firmware' } };
    const preview = await value('runbooks.preview', input);
    const ids = preview.targets.map((t) => t.roomId);
    // One space refuses the post (403): the other's result is still published, the partial failure not hidden.
    sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: 403, count: 1 } });
    const run = await value('runbooks.run', { ...input, acceptTargets: ids, confirmed: true });
    expect(run.itemIds).toHaveLength(2);
    await until(
      () => run.itemIds.every((i) => ['sent', 'failed'].includes(lastVersion(i)?.state.type ?? '')),
      'the broadcast results were not published',
    );
    const finals = run.itemIds.map((i) => lastVersion(i));
    expect(finals.every((i) => i?.batchId === run.batchId)).toBe(true);
    expect(finals.map((i) => i?.state.type).sort()).toEqual(['failed', 'sent']);
    const refused = finals.find((i) => i?.state.type === 'failed');
    expect(refused?.state).toMatchObject({ type: 'failed', kind: 'forbidden' });
  });
});

describe('incidents and runbooks events', () => {
  it('opening, updating and closing an incident each publish incidents.changed', async () => {
    const noc = room('NOC');
    const changes = () => events().flatMap((e) => (e.type === 'incidents.changed' ? [e.state.incidents] : []));
    const open = await value('runbooks.run', {
      runbookId: 'incident-open',
      roomId: noc,
      variables: { title: 'Edge packet loss', severity: 'SEV1', service: 'edge', alert: 'CRITICAL: loss 20%' },
      confirmed: true,
    });
    await until(() => changes().some((c) => c[0]?.timeline.length === 1), 'the opening post was not published');
    const opened = changes().find((c) => c.length === 1);
    expect(opened?.[0]).toMatchObject({ id: open.incidentId, title: 'Edge packet loss', roomId: noc });
    expect(opened?.[0]?.nextUpdateDue).toEqual(expect.any(String));
    const firstDue = changes().at(-1)?.[0]?.nextUpdateDue ?? '';

    await clock.advance(60_000);
    await value('runbooks.run', {
      runbookId: 'incident-update',
      incidentId: open.incidentId ?? '',
      variables: { status: 'Identified', details: 'Bad optic on edge-3' },
    });
    await until(() => changes().at(-1)?.[0]?.timeline.length === 2, 'the update was not published');
    // The update moved the next update's due time.
    expect(Date.parse(changes().at(-1)?.[0]?.nextUpdateDue ?? '')).toBeGreaterThan(Date.parse(firstDue));

    await value('runbooks.run', {
      runbookId: 'incident-close',
      incidentId: open.incidentId ?? '',
      variables: { resolution: 'Optic replaced' },
      confirmed: true,
    });
    await until(() => changes().at(-1)?.[0]?.timeline.length === 3, 'the closing post was not published');
    const closed = changes().at(-1)?.[0];
    expect(closed?.closedAt).toEqual(expect.any(String));
    expect(closed?.nextUpdateDue).toBeUndefined();
    expect(closed?.timelineMarkdown).toContain('(incident-close)');
  });

  it('a runbook file that breaks, then is fixed, publishes runbooks.changed each time', async () => {
    const changes = () => events().flatMap((e) => (e.type === 'runbooks.changed' ? [e.state] : []));
    const file = path.join(dataDir, 'runbooks', 'extra.yaml');
    await writeFile(
      file,
      'version: 1\nrunbooks:\n  - id: x\n    label: X\n    category: C\n    template: "{{nope}}"\n',
    );
    await until(
      () => changes().some((s) => s.files.some((f) => f.file === 'runbooks/extra.yaml' && f.problems.length > 0)),
      'the broken file was not published',
    );
    const broken = changes()
      .at(-1)
      ?.files.find((f) => f.file === 'runbooks/extra.yaml');
    expect(broken?.problems[0]).toMatchObject({ line: 6, column: 15 });

    await writeFile(
      file,
      'version: 1\nrunbooks:\n  - id: extra-note\n    label: Extra\n    category: C\n    template: "hi"\n',
    );
    await until(
      () =>
        changes()
          .at(-1)
          ?.runbooks.some((r) => r.id === 'extra-note') === true,
      'the fixed file was not published',
    );
    expect(
      changes()
        .at(-1)
        ?.files.find((f) => f.file === 'runbooks/extra.yaml')?.problems,
    ).toEqual([]);
    // The snapshot says the same as the last event.
    expect((await value('runbooks.snapshot', undefined)).data).toEqual(changes().at(-1));
  });
});

describe('upload progress', () => {
  it('a multi-MB file: progress is published rising to the whole size, then sent; the message arrives once', async () => {
    const noc = room('NOC');
    const size = 6 * 1024 * 1024 + 123;
    const file = path.join(dataDir, 'capture.bin');
    const content = Buffer.alloc(size);
    for (let i = 0; i < size; i++) content[i] = (i * 31) & 0xff;
    await writeFile(file, content);
    nextPick = file;
    const picked = await value('composer.pickFile', undefined);
    if (!picked.picked) throw new Error('not picked');
    const queued = await value('composer.send', { roomId: noc, markdown: 'the capture', fileId: picked.file.fileId });
    await until(() => lastVersion(queued.id)?.state.type === 'sent', 'the upload was not sent');

    const progress = versionsOf(queued.id).flatMap((v) => (v.upload ? [v.upload] : []));
    // The first report goes out at once and so does the last (the whole file read); others are throttled.
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]?.sentBytes).toBeLessThan(size);
    for (const p of progress) expect(p).toMatchObject({ name: 'capture.bin', totalBytes: size });
    const sent = progress.map((p) => p.sentBytes);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(size);
    // Progress rides only on the sending item; the sent item carries none.
    expect(
      versionsOf(queued.id)
        .filter((v) => v.upload)
        .every((v) => v.state.type === 'sending'),
    ).toBe(true);
    expect(lastVersion(queued.id)?.upload).toBeUndefined();

    const msgs = posted(noc, 'the capture');
    expect(msgs).toHaveLength(1);
    const res = await fetch(msgs[0]?.files?.[0] ?? '', {
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
  });
});
