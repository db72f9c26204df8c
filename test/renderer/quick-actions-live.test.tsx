/**
 * The quick-action panel, the status bar's outbox count and the composer's send rows read the runbooks, outbox and
 * incidents slices from the store, which main's events keep current (docs/events.md): applying an event re-renders
 * them, and nothing re-reads a snapshot through the bridge. A broadcast's per-space results and an upload's
 * progress update as `outbox.upsert` events arrive.
 */
import { act, render, renderHook, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  CoreEvent,
  IncidentView,
  OutboxItemView,
  RunbookPreview,
  RunbookView,
} from '../../src/shared/contract/channels';
import { BridgeProvider } from '../../src/renderer/src/bridge-context';
import { ComposerSends } from '../../src/renderer/src/features/composer/ComposerSends';
import { useComposerOutbox } from '../../src/renderer/src/features/composer/useComposerOutbox';
import { broadcastProgress } from '../../src/renderer/src/features/quick-actions/progress';
import { OutboxCount } from '../../src/renderer/src/features/quick-actions/OutboxCount';
import { QuickActions } from '../../src/renderer/src/features/quick-actions/QuickActions';
import { applyEvent, runbooksSliceOf } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const noc = room('r1', { title: 'NOC' });

/** Applies one event to the app store, as the sync loop does for a batch above the slice's snapshot seq. */
function deliver(event: CoreEvent): void {
  act(() => useOps.setState((s) => applyEvent(s, event)));
}

const broadcast: RunbookView = {
  id: 'notify',
  kind: 'message',
  label: 'Notify everyone',
  category: 'Incident',
  description: 'Tells the stakeholder spaces.',
  variables: [],
  targets: { type: 'list', name: 'stakeholders' },
  confirm: 'always',
  thread: false,
  ttlMinutes: 5,
  file: 'runbooks/incident.yaml',
};

const spaces = [
  { roomId: 'r1', title: 'NOC' },
  { roomId: 'r2', title: 'Change Board' },
  { roomId: 'r3', title: 'Networking' },
];

function item(id: string, roomId: string, roomTitle: string, over: Partial<OutboxItemView> = {}): OutboxItemView {
  return {
    id,
    roomId,
    roomTitle,
    markdown: 'SEV1 in progress',
    queuedAt: '2026-01-05T10:00:00.000Z',
    expiresAt: '2026-01-05T10:05:00.000Z',
    state: { type: 'queued' },
    attempts: 0,
    runbookId: 'notify',
    runbookLabel: 'Notify everyone',
    batchId: 'batch-1',
    source: 'runbook',
    ...over,
  };
}

const preview: RunbookPreview = {
  runbookId: 'notify',
  markdown: 'SEV1 in progress',
  bytes: 16,
  maxBytes: 7439,
  targets: spaces.map((s) => ({ ...s, memberCount: 4, external: false })),
  confirmRequired: true,
  problems: [],
};

function bridge() {
  return fakeBridge({
    'runbooks.preview': () => preview,
    'runbooks.run': () => ({ batchId: 'batch-1', itemIds: ['i1', 'i2', 'i3'] }),
  });
}

const SNAPSHOTS = ['runbooks.snapshot', 'outbox.snapshot', 'incidents.snapshot'] as const;

beforeEach(() => {
  seedStore([noc], [], {
    openRoomId: 'r1',
    extra: {
      session: sessionAs('a'.repeat(64)),
      runbooks: runbooksSliceOf({ runbooks: [broadcast], files: [] }),
    },
  });
});

describe('live quick actions', () => {
  it('a broadcast shows done / total and each space’s result as outbox events arrive', async () => {
    const user = userEvent.setup();
    const fake = bridge();
    renderWithBridge(<QuickActions signedIn />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Notify everyone' }));
    const runner = screen.getByRole('region', { name: 'Run Notify everyone' });
    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    await user.click(await within(runner).findByRole('button', { name: 'Review and confirm…' }));
    await user.click(within(runner).getByRole('button', { name: 'Confirm and send' }));
    const results = await within(runner).findByRole('region', { name: 'Results' });
    // The run answered before any event: every space counts, none done.
    expect(within(results).getByRole('status')).toHaveTextContent('0 / 3 sent');

    deliver({
      type: 'outbox.upsert',
      items: [item('i1', 'r1', 'NOC'), item('i2', 'r2', 'Change Board'), item('i3', 'r3', 'Networking')],
      pending: 3,
    });
    expect(
      within(results)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('data-state')),
    ).toEqual(['waiting', 'waiting', 'waiting']);

    deliver({
      type: 'outbox.upsert',
      items: [
        item('i1', 'r1', 'NOC', { state: { type: 'sent', at: '2026-01-05T10:00:01.000Z', via: 'post' } }),
        item('i2', 'r2', 'Change Board', {
          state: {
            type: 'failed',
            at: '2026-01-05T10:00:01.000Z',
            kind: 'forbidden',
            message: 'Only moderators can post. [Tracking ID: T-42]',
            trackingId: 'T-42',
          },
        }),
        item('i3', 'r3', 'Networking', { state: { type: 'unknown', since: '2026-01-05T10:00:01.000Z' } }),
      ],
      pending: 2,
    });
    expect(within(results).getByRole('status')).toHaveTextContent('1 / 3 sent, 1 failed, 1 unknown');
    expect(within(results).getByText(/done/)).toHaveTextContent('2 / 3 done');
    const row = (roomId: string) => results.querySelector(`li[data-room-id="${roomId}"]`);
    expect(row('r1')).toHaveAttribute('data-state', 'sent');
    expect(row('r2')).toHaveTextContent(
      'Change Board: failed — forbidden: Only moderators can post. (tracking id T-42)',
    );
    expect(row('r3')).toHaveTextContent('unknown — checking whether it arrived');

    deliver({
      type: 'outbox.upsert',
      items: [
        item('i3', 'r3', 'Networking', { state: { type: 'sent', at: '2026-01-05T10:00:03.000Z', via: 'reconciled' } }),
      ],
      pending: 1,
    });
    expect(within(results).getByRole('status')).toHaveTextContent('2 / 3 sent, 1 failed');
    expect(row('r3')).toHaveAttribute('data-state', 'sent');
    // Nothing was re-read: the events did it all.
    for (const channel of SNAPSHOTS) expect(fake.callsTo(channel)).toEqual([]);
  });

  it('runbooks, incidents and the status bar count follow their events', () => {
    seedStore([noc], [], { openRoomId: 'r1', extra: { session: sessionAs('a'.repeat(64)) } });
    const fake = bridge();
    renderWithBridge(
      <>
        <QuickActions signedIn />
        <OutboxCount />
      </>,
      fake.bridge,
    );
    expect(screen.getByText('Loading runbooks…')).toBeInTheDocument();
    expect(document.querySelector('[data-part="outbox"]')).toBeNull();

    deliver({
      type: 'runbooks.changed',
      state: {
        runbooks: [broadcast],
        files: [
          {
            file: 'runbooks/incident.yaml',
            runbookIds: ['notify'],
            usingLastGood: true,
            problems: [
              {
                file: 'runbooks/incident.yaml',
                line: 12,
                column: 5,
                path: 'variables.severity.choices',
                message: 'must be a list',
              },
            ],
          },
        ],
      },
    });
    expect(screen.getByRole('button', { name: 'Notify everyone' })).toBeEnabled();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'runbooks/incident.yaml 12:5 — variables.severity.choices: must be a list (the last good version stays active)',
    );

    const incident: IncidentView = {
      id: 'inc-1',
      title: 'Edge packet loss',
      severity: 'SEV1',
      service: 'edge',
      roomId: 'r1',
      roomTitle: 'NOC',
      openedBy: 'Dana Ops',
      openedAt: new Date(Date.now() - 60_000).toISOString(),
      updateEveryMinutes: 30,
      nextUpdateDue: new Date(Date.now() + 29 * 60_000 + 30_000).toISOString(),
      timeline: [],
    };
    deliver({ type: 'incidents.changed', state: { incidents: [incident] } });
    const incidents = screen.getByRole('region', { name: 'Incidents' });
    expect(incidents).toHaveTextContent('SEV1 Edge packet loss');
    expect(incidents).toHaveTextContent(/Next update due in (29|30) min/);

    deliver({ type: 'outbox.upsert', items: [item('i1', 'r1', 'NOC')], pending: 1 });
    expect(document.querySelector('[data-part="outbox"]')).toHaveTextContent('Outbox: 1 not sent');
    deliver({ type: 'outbox.reset', state: { items: [], pending: 0 } });
    expect(document.querySelector('[data-part="outbox"]')).toBeNull();
    for (const channel of SNAPSHOTS) expect(fake.callsTo(channel)).toEqual([]);
  });

  it('the composer’s send row shows the upload’s progress, then its state', () => {
    const sending = item('c1', 'r1', 'NOC', {
      source: 'composer',
      hasFile: true,
      state: { type: 'sending', startedAt: '2026-01-05T10:00:00.000Z' },
      upload: { name: 'capture.pcap', sentBytes: 42 * 1024, totalBytes: 100 * 1024 },
    });
    const ops = fakeBridge().bridge;
    const sends = (items: OutboxItemView[]) => (
      <BridgeProvider ops={ops}>
        <ComposerSends items={items} onChanged={() => undefined} onDismiss={() => undefined} />
      </BridgeProvider>
    );
    const view = render(sends([sending]));
    const row = document.querySelector('[data-item-id="c1"]');
    expect(row).toHaveTextContent('Uploading capture.pcap — 42 %');
    const bar = screen.getByRole('progressbar', { name: 'Uploading capture.pcap' });
    expect(bar).toHaveAttribute('value', String(42 * 1024));
    expect(bar).toHaveAttribute('max', String(100 * 1024));

    const { upload: _done, ...rest } = sending;
    view.rerender(sends([{ ...rest, state: { type: 'sent', at: '2026-01-05T10:00:02.000Z', via: 'post' } }]));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(document.querySelector('[data-item-id="c1"]')).toHaveAttribute('data-state', 'sent');
  });

  it('the composer shows an item main answered with until the slice lists it; a reset leaves none of it', () => {
    const { result } = renderHook(() => useComposerOutbox());
    const queued = item('c1', 'r1', 'NOC', { source: 'composer' });
    act(() => result.current.merge(queued));
    expect(result.current.items.map((i) => [i.id, i.state.type])).toEqual([['c1', 'queued']]);

    deliver({
      type: 'outbox.upsert',
      items: [{ ...queued, state: { type: 'sending', startedAt: '2026-01-05T10:00:00.000Z' } }],
      pending: 1,
    });
    expect(result.current.items.map((i) => [i.id, i.state.type])).toEqual([['c1', 'sending']]);
    // An older answer (Retry's) does not override what the slice says.
    act(() => result.current.merge(queued));
    expect(result.current.items.map((i) => [i.id, i.state.type])).toEqual([['c1', 'sending']]);

    // Another identity signed in: its outbox replaces this one's entirely.
    deliver({ type: 'outbox.reset', state: { items: [], pending: 0 } });
    expect(result.current.items).toEqual([]);
  });

  it('progress counts a run’s items by batch id, and items the slice does not list yet', () => {
    const items = [
      item('i1', 'r1', 'NOC', { state: { type: 'sent', at: 'x', via: 'post' } }),
      item('i2', 'r2', 'Change Board', { state: { type: 'needsOperator', since: 'x', reason: 'cannotReadBack' } }),
      item('other', 'r3', 'Networking', { batchId: 'batch-2' }),
    ];
    const p = broadcastProgress(items, { batchId: 'batch-1', itemIds: ['i1', 'i2', 'i3'] });
    expect(p).toMatchObject({ total: 3, done: 2, sent: 1, failed: 0, unknown: 1 });
    expect(p.results.map((r) => r.itemId)).toEqual(['i1', 'i2']);
    expect(p.results[1]?.detail).toContain('cannot read the space back');
  });
});
