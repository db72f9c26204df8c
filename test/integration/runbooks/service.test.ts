/**
 * Runbooks through the whole core (`createCore` + `dispatchInvoke`, the same path as the window) against the
 * simulator on a manual clock: preview, confirm, broadcast to a named list, incidents, audit rows, undo, bad input.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxState } from '../../../src/shared/contract/channels';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { createWebexClient } from '../../../src/main/webex';
import type { NotificationRequest } from '../../../src/main/platform';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let core: Core;
let notifications: NotificationRequest[];
let revealed: string[];
let saved: { defaultName: string; content: string }[];

const caller = coreCaller(() => core);
const { call, value } = caller;

/** Waits (real time, loopback I/O) until the outbox has nothing queued, sending or unknown. */
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

const { room, posted } = simLookups(() => sim);

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'runbooks-core-'));
  notifications = [];
  revealed = [];
  saved = [];
  core = createCore({
    instanceId: 'runbooks-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    notifier: { show: (n) => notifications.push(n) },
    revealPath: async (p) => {
      revealed.push(p);
    },
    saveTextFile: async (req) => {
      saved.push({ defaultName: req.defaultName, content: req.content });
      return true;
    },
    confirm: async () => true,
    outboxConfig: { reconcileDelayMs: 0, retryBaseMs: 1000 },
  });
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

describe('runbooks in the core', () => {
  it('ships the example runbooks and reveals the folder through main', async () => {
    const snap = (await value('runbooks.snapshot', undefined)).data;
    expect(snap.runbooks.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'incident-open',
        'incident-update',
        'incident-close',
        'change-start',
        'shift-handover',
        'ack',
      ]),
    );
    expect(snap.files.every((f) => f.problems.length === 0)).toBe(true);
    expect(await value('runbooks.revealFolder', undefined)).toEqual({ revealed: true });
    expect(revealed).toEqual([path.join(dataDir, 'runbooks')]);
  });

  it('a broken runbook file raises a warning with file, line:column and path', async () => {
    await writeFile(
      path.join(dataDir, 'runbooks', 'broken.yaml'),
      'version: 1\nrunbooks:\n  - id: x\n    label: X\n    category: C\n    template: "{{nope}}"\n',
    );
    await clock.advance(1000);
    for (let i = 0; i < 200; i++) {
      const warnings = (await value('app.snapshot', undefined)).data.warnings;
      if (
        warnings.some((w) =>
          w.message.startsWith('runbooks/broken.yaml 6:15 — runbooks.0.template: unknown placeholder'),
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 10));
      await clock.advance(500);
    }
    throw new Error('no warning for the broken file');
  });

  it('preview → confirm → sent: exactly the previewed text, escaped values, an audit row, undo within 5 minutes', async () => {
    const noc = room('NOC');
    const input = {
      runbookId: 'maintenance-notice',
      roomId: noc,
      variables: { day: '2026-01-10', what: 'DB *primary* <@all>', link: 'https://status.example/m/1' },
    };
    const preview = await value('runbooks.preview', input);
    expect(preview.problems).toEqual([]);
    expect(preview.confirmRequired).toBe(true);
    expect(preview.targets).toEqual([
      expect.objectContaining({ roomId: noc, title: 'NOC', memberCount: 5, external: false }),
    ]);
    expect(preview.markdown).toBe(
      '**Planned maintenance on 2026\\-01\\-10**: DB \\*primary\\* \\<\\@all\\>\nDetails: <https://status.example/m/1>\n',
    );
    const unconfirmed = await call('runbooks.run', input);
    expect(unconfirmed.ok === false && unconfirmed.error.issues).toEqual([{ path: 'confirmed', message: 'required' }]);
    const run = await value('runbooks.run', { ...input, confirmed: true });
    const state = await outboxSettled();
    const item = state.items.find((i) => i.id === run.itemIds[0]);
    expect(item?.state.type).toBe('sent');
    const msgs = posted(noc, 'Planned maintenance');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.markdown).toBe(preview.markdown);
    expect(msgs[0]?.mentionedGroups).toBeUndefined();
    expect(item?.undoUntil).toBeDefined();

    const audit = await value('audit.query', { runbookId: 'maintenance-notice' });
    expect(audit.rows).toEqual([
      expect.objectContaining({
        outcome: 'sent',
        roomId: noc,
        roomTitle: 'NOC',
        messageId: msgs[0]?.id,
        confirmed: true,
        variables: input.variables,
        identityEmail: sim.people.operator?.email,
      }),
    ]);
    expect(audit.rows[0]?.runbookSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(audit.rows[0]?.textSha256).toMatch(/^[0-9a-f]{64}$/);

    await value('audit.undo', { itemId: run.itemIds[0] ?? '' });
    expect(posted(noc, 'Planned maintenance')).toHaveLength(0);
    const after = await value('audit.query', { outcome: 'undone' });
    expect(after.rows).toHaveLength(1);
    const again = await call('audit.undo', { itemId: run.itemIds[0] ?? '' });
    expect(again.ok === false && again.error.kind).toBe('conflict');
  });

  it('undo is refused after 5 minutes', async () => {
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: room('NOC'), variables: {} });
    await outboxSettled();
    await clock.advance(5 * 60_000 + 1);
    const r = await call('audit.undo', { itemId: run.itemIds[0] ?? '' });
    expect(r.ok === false && r.error).toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/correction in the thread/),
    });
  });

  it('a broadcast to a title-pattern list shows the set, asks, needs confirm and delivers each once', async () => {
    const first = await call('runbooks.run', {
      runbookId: 'change-start',
      variables: { change: 'CHG12345', summary: 'Core switch firmware' },
      confirmed: true,
    });
    expect(first.ok === false && first.error.kind).toBe('conflict');
    const preview = await value('runbooks.preview', {
      runbookId: 'change-start',
      variables: { change: 'CHG12345', summary: 'Core switch firmware' },
    });
    expect(preview.targets.map((t) => t.title).sort()).toEqual(['Change Board', 'Deploys']);
    expect(preview.targetChange?.added.map((t) => t.title).sort()).toEqual(['Change Board', 'Deploys']);
    expect(preview.confirmRequired).toBe(true);
    const ids = preview.targets.map((t) => t.roomId);
    const unconfirmed = await call('runbooks.run', {
      runbookId: 'change-start',
      variables: { change: 'CHG12345', summary: 'Core switch firmware' },
      acceptTargets: ids,
    });
    expect(unconfirmed.ok === false && unconfirmed.error).toMatchObject({ kind: 'invalidInput' });
    const memberReads = () => sim.control.requests().filter((r) => r.route === 'GET /memberships').length;
    const readsBefore = memberReads();
    const run = await value('runbooks.run', {
      runbookId: 'change-start',
      variables: { change: 'CHG12345', summary: 'Core switch firmware' },
      acceptTargets: ids,
      confirmed: true,
    });
    expect(run.itemIds).toHaveLength(2);
    // The spaces' details read for the preview are reused by the run (no second round of member reads).
    expect(memberReads()).toBe(readsBefore);
    await outboxSettled();
    for (const id of ids) expect(posted(id, 'Change CHG12345 starting')).toHaveLength(1);
    // The accepted set is remembered: no question next time.
    const next = await value('runbooks.preview', {
      runbookId: 'change-done',
      variables: { change: 'CHG12345', outcome: 'Completed' },
    });
    expect(next.targetChange).toBeUndefined();
  });

  it('incident open → update → close: persisted, next update due notified, timeline written', async () => {
    const bridge = room('NOC');
    const open = await value('runbooks.run', {
      runbookId: 'incident-open',
      roomId: bridge,
      variables: { title: 'Edge packet loss', severity: 'SEV1', service: 'edge', alert: 'CRITICAL: loss 20%' },
      confirmed: true,
    });
    expect(open.incidentId).toBeDefined();
    await outboxSettled();
    let incidents = (await value('incidents.snapshot', undefined)).data.incidents;
    expect(incidents).toEqual([
      expect.objectContaining({ id: open.incidentId, title: 'Edge packet loss', severity: 'SEV1', roomId: bridge }),
    ]);
    expect(incidents[0]?.timeline).toHaveLength(1);
    expect(posted(bridge, 'INCIDENT OPEN — SEV1: Edge packet loss')).toHaveLength(1);

    // Update due after 30 minutes → a notification.
    await clock.advance(30 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(notifications.some((n) => n.id === `incident-due-${open.incidentId}`)).toBe(true);

    const noIncident = await call('runbooks.run', {
      runbookId: 'incident-update',
      variables: { status: 'Identified', details: 'x' },
    });
    expect(noIncident.ok === false && noIncident.error.kind).toBe('invalidInput');
    const unknownIncident = await call('runbooks.run', {
      runbookId: 'incident-update',
      incidentId: 'nope-1',
      variables: { status: 'Identified', details: 'x' },
    });
    expect(unknownIncident.ok === false && unknownIncident.error.kind).toBe('notFound');

    await value('runbooks.run', {
      runbookId: 'incident-update',
      incidentId: open.incidentId ?? '',
      variables: { status: 'Identified', details: 'Bad optic on edge-3' },
    });
    await outboxSettled();
    await value('runbooks.run', {
      runbookId: 'incident-close',
      incidentId: open.incidentId ?? '',
      variables: { resolution: 'Optic replaced' },
      confirmed: true,
    });
    await outboxSettled();
    incidents = (await value('incidents.snapshot', undefined)).data.incidents;
    const inc = incidents[0];
    expect(inc?.closedAt).toBeDefined();
    expect(inc?.timeline.map((t) => t.runbookId)).toEqual(['incident-open', 'incident-update', 'incident-close']);
    expect(inc?.timelineMarkdown).toContain('# SEV1 Edge packet loss');
    expect(inc?.timelineMarkdown).toContain('(incident-close): **RESOLVED — Edge packet loss**');
    const closedAgain = await call('runbooks.run', {
      runbookId: 'incident-update',
      incidentId: open.incidentId ?? '',
      variables: { status: 'Identified', details: 'x' },
    });
    expect(closedAgain.ok === false && closedAgain.error.kind).toBe('invalidInput');
  });

  it('bad input is a typed result: unknown runbook, missing variable, bad payload, over the byte limit', async () => {
    const unknown = await call('runbooks.run', { runbookId: 'no-such', roomId: room('NOC'), variables: {} });
    expect(unknown.ok === false && unknown.error.kind).toBe('notFound');
    const missing = await call('runbooks.run', { runbookId: 'shift-handover', roomId: room('NOC'), variables: {} });
    expect(missing.ok === false && missing.error).toMatchObject({
      kind: 'invalidInput',
      issues: expect.arrayContaining([{ path: 'variables.next', message: 'required' }]),
    });
    const badPayload = await call('runbooks.run', { runbookId: 'ack', roomId: 'not-a-room', variables: {} });
    expect(badPayload.ok === false && badPayload.error.kind).toBe('invalidInput');
    const long = await call('runbooks.preview', {
      runbookId: 'shift-handover',
      roomId: room('NOC'),
      variables: { next: 'lee@example.com', open: '#'.repeat(4000) },
    });
    expect(long.ok && long.value.problems).toEqual([
      expect.objectContaining({ path: 'template', message: expect.stringMatching(/limit is 7439/) }),
    ]);
    const refused = await call('runbooks.run', {
      runbookId: 'shift-handover',
      roomId: room('NOC'),
      variables: { next: 'lee@example.com', open: '#'.repeat(4000) },
    });
    expect(refused.ok).toBe(false);
    expect((await value('outbox.snapshot', undefined)).data.items).toHaveLength(0);
    // A locked space where the operator is not a moderator: refused before anything is queued.
    const sam = createWebexClient({ baseUrl: sim.baseUrl, token: sim.tokens.sam ?? '', clock });
    const locked = await sam.rooms.create({ title: 'Locked by Sam' });
    sim.control.addMember(locked.id, 'operator');
    await sam.rooms.update(locked.id, { title: 'Locked by Sam', isLocked: true });
    await sam.close();
    const lockedRun = await call('runbooks.run', { runbookId: 'ack', roomId: locked.id, variables: {} });
    expect(lockedRun.ok === false && lockedRun.error.issues).toEqual([
      { path: 'targets', message: 'Locked by Sam is locked: only moderators can post there' },
    ]);
    // The operator moderates the Incident Bridge (locked): allowed.
    const bridge = await value('runbooks.preview', {
      runbookId: 'ack',
      roomId: room('Incident Bridge'),
      variables: {},
    });
    expect(bridge.problems).toEqual([]);
    const resolveUnknown = await call('outbox.resolve', { itemId: 'nope', action: 'discard' });
    expect(resolveUnknown.ok === false && resolveUnknown.error.kind).toBe('notFound');
  });

  it('audit rows for failed and operator outcomes; CSV export through main', async () => {
    sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: 403, count: 1 } });
    const run = await value('runbooks.run', { runbookId: 'ack', roomId: room('NOC'), variables: {} });
    const state = await outboxSettled();
    const it1 = state.items.find((i) => i.id === run.itemIds[0]);
    expect(it1?.state).toMatchObject({ type: 'failed', kind: 'forbidden' });
    expect(state.pending).toBe(1);
    await value('outbox.resolve', { itemId: run.itemIds[0] ?? '', action: 'discard' });
    const rows = (await value('audit.query', {})).rows;
    expect(rows.map((r) => r.outcome)).toEqual(['discarded', 'failed']);
    expect(rows[1]?.trackingId).toBeTruthy();
    const exported = await value('audit.exportCsv', { outcome: 'failed' });
    expect(exported).toEqual({ saved: true, rows: 1 });
    expect(saved[0]?.content.split('\r\n')[0]).toMatch(/^at,identityEmail,/);
    expect(saved[0]?.content).toContain(',failed,');
    expect(core.pendingOutbox()).toBe(0);
  });
});
