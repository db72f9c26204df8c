/**
 * Runbooks started from a message (docs/outbox.md “Threads”): every message row has a "Run runbook…" action that
 * opens the runbook palette with that message as the run's source. A `thread: true` runbook replies in that
 * message's thread (its id goes in the run input as `parentId`, not the newest alert's), an `incident-open` runbook
 * takes its text, and the runner says where the reply goes. A runbook whose `postAs` cannot be used cannot be sent.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunbookPreview, RunbookRunInput, RunbookView } from '../../src/shared/contract/channels';
import { MessagePane } from '../../src/renderer/src/features/messages/MessagePane';
import { QuickActions } from '../../src/renderer/src/features/quick-actions/QuickActions';
import { applyEvent, runbooksSliceOf } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, message, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const sized = (ui: ReactNode) => (
  <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 30 }}>{ui}</VirtuosoMockContext.Provider>
);

const noc = room('r1', { title: 'NOC' });
const alert = message('m1', {
  created: '2026-01-05T10:00:00.000Z',
  text: 'CRITICAL: db-1 down',
  personId: 'bot',
  personEmail: 'alertbot@example.com',
  personDisplayName: 'AlertBot',
});
/** Not an alert, and newer than the alert: the newest-alert default would never pick it. */
const remark = message('m2', {
  created: '2026-01-05T10:01:00.000Z',
  text: 'Packet loss on edge-2 since 09:58',
  personId: 'p2',
  personEmail: 'sam@example.com',
  personDisplayName: 'Sam Lee',
});

const ack: RunbookView = {
  id: 'ack',
  kind: 'message',
  label: 'Acknowledge',
  category: 'Incident',
  description: 'Says someone is on it, in the thread.',
  variables: [],
  targets: { type: 'open' },
  confirm: 'never',
  thread: true,
  ttlMinutes: 5,
  file: 'runbooks/incident.yaml',
};

const open: RunbookView = {
  id: 'open-incident',
  kind: 'incident-open',
  label: 'Open incident',
  category: 'Incident',
  description: '',
  variables: [
    { name: 'title', label: 'Title', required: true, kind: 'text', multiline: false },
    { name: 'alert', label: 'Alert', required: false, kind: 'text', multiline: true },
  ],
  targets: { type: 'open' },
  confirm: 'never',
  thread: false,
  ttlMinutes: 5,
  file: 'runbooks/incident.yaml',
};

const previewOf = (runbookId: string): RunbookPreview => ({
  runbookId,
  markdown: 'On it.',
  bytes: 6,
  maxBytes: 7439,
  targets: [{ roomId: 'r1', title: 'NOC', memberCount: 4, external: false }],
  confirmRequired: false,
  problems: [],
});

function mainWithRunbooks() {
  return fakeBridge({
    'messages.loadOlder': () => ({ roomId: 'r1', messages: [], hasMore: false }),
    'runbooks.preview': (p) => previewOf((p as RunbookRunInput).runbookId),
    'runbooks.run': () => ({ batchId: 'b1', itemIds: ['i1'] }),
  });
}

function renderWindow(main: ReturnType<typeof fakeBridge>): void {
  renderWithBridge(
    <>
      {sized(<MessagePane />)}
      <QuickActions signedIn />
    </>,
    main.bridge,
  );
}

beforeEach(() =>
  seedStore([noc], [alert, remark], {
    openRoomId: 'r1',
    extra: { session: sessionAs('a'.repeat(64)), runbooks: runbooksSliceOf({ runbooks: [ack, open], files: [] }) },
  }),
);

describe('a runbook started from a message', () => {
  it('every message has the action, named after its author, reachable from the keyboard', async () => {
    renderWindow(mainWithRunbooks());
    const list = await screen.findByRole('list', { name: 'Messages in NOC' });
    await waitFor(() => expect(list.querySelectorAll('.message-runbook-button')).toHaveLength(2));
    const onAlert = screen.getByRole('button', { name: "Run runbook… on AlertBot's message" });
    const onRemark = screen.getByRole('button', { name: "Run runbook… on Sam Lee's message" });
    expect(onAlert).toHaveTextContent('Run runbook…');
    expect(onRemark.tagName).toBe('BUTTON');
    // Keyboard: focus the action and press Enter; the palette opens with its filter focused.
    const user = userEvent.setup();
    act(() => onRemark.focus());
    await user.keyboard('{Enter}');
    const palette = screen.getByRole('dialog', { name: 'Runbook palette' });
    expect(palette).toHaveAccessibleDescription("Starts from Sam Lee's message: “Packet loss on edge-2 since 09:58”");
    expect(within(palette).getByRole('combobox', { name: 'Find a runbook' })).toHaveFocus();
    // Escape closes it and gives the focus back to the message's action; no run starts from that message.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Runbook palette' })).toBeNull();
    expect(onRemark).toHaveFocus();
    expect(useOps.getState().ui.runbookFrom).toBeUndefined();
  });

  it('a thread runbook run from a non-alert message sends that message’s id, not the newest alert’s', async () => {
    const user = userEvent.setup();
    const main = mainWithRunbooks();
    renderWindow(main);
    await user.click(await screen.findByRole('button', { name: "Run runbook… on Sam Lee's message" }));
    await user.keyboard('Ackn{Enter}');
    const runner = screen.getByRole('region', { name: 'Run Acknowledge' });
    expect(runner.querySelector('[data-part="thread"]')).toHaveTextContent(
      "Replies in the thread of Sam Lee's message",
    );
    expect(within(runner).getByRole('checkbox')).toBeChecked();

    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    await within(runner).findByLabelText('Preview');
    await user.click(within(runner).getByRole('button', { name: 'Send' }));
    await within(runner).findByRole('region', { name: 'Results' });
    expect(main.callsTo('runbooks.preview')).toEqual([
      { runbookId: 'ack', roomId: 'r1', variables: {}, parentId: 'm2' },
    ]);
    expect(main.callsTo('runbooks.run')).toEqual([
      { runbookId: 'ack', roomId: 'r1', variables: {}, parentId: 'm2', confirmed: false },
    ]);

    // Closed: the next run (from the panel's button) starts from the newest alert again.
    await user.click(within(runner).getByRole('button', { name: 'Close' }));
    expect(useOps.getState().ui.runbookFrom).toBeUndefined();
    await user.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect(screen.getByRole('region', { name: 'Run Acknowledge' })).toHaveTextContent(
      "Replies in the thread of AlertBot's message",
    );
  });

  it('an incident opened from a message takes its text and its space', async () => {
    const user = userEvent.setup();
    const main = mainWithRunbooks();
    renderWindow(main);
    await user.click(await screen.findByRole('button', { name: "Run runbook… on Sam Lee's message" }));
    await user.keyboard('Open inc{Enter}');
    const runner = screen.getByRole('region', { name: 'Run Open incident' });
    expect(within(runner).getByLabelText('Title *')).toHaveValue('Packet loss on edge-2 since 09:58');
    expect(within(runner).getByLabelText('Alert')).toHaveValue('Packet loss on edge-2 since 09:58');
    // Not a thread runbook: nothing is said about replying.
    expect(runner.querySelector('[data-part="thread"]')).toBeNull();
    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    await within(runner).findByLabelText('Preview');
    expect(main.callsTo('runbooks.preview')).toEqual([
      {
        runbookId: 'open-incident',
        roomId: 'r1',
        variables: { title: 'Packet loss on edge-2 since 09:58', alert: 'Packet loss on edge-2 since 09:58' },
        parentId: 'm2',
      },
    ]);
  });

  it('Send is disabled with the reason while the runbook’s postAs cannot be used', async () => {
    const user = userEvent.setup();
    const main = mainWithRunbooks();
    renderWindow(main);
    await user.click(await screen.findByRole('button', { name: "Run runbook… on Sam Lee's message" }));
    await user.keyboard('Ackn{Enter}');
    const runner = screen.getByRole('region', { name: 'Run Acknowledge' });
    await user.click(within(runner).getByRole('button', { name: 'Preview' }));
    await within(runner).findByLabelText('Preview');
    expect(within(runner).getByRole('button', { name: 'Send' })).toBeEnabled();

    // The bot it posts as signs out while the runner is open: main's next runbooks event says so.
    const reason = 'AlertBot is signed out: sign in as it again to post as it.';
    act(() =>
      useOps.setState((s) =>
        applyEvent(s, {
          type: 'runbooks.changed',
          state: { runbooks: [{ ...ack, postAs: 'alertbot@example.com', postAsProblem: reason }, open], files: [] },
        }),
      ),
    );
    const send = within(runner).getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    expect(send).toHaveAccessibleDescription(reason);
    await user.click(send);
    expect(main.callsTo('runbooks.run')).toEqual([]);
  });
});
