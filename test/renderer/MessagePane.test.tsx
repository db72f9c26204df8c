import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessagePane } from '../../src/renderer/src/features/messages/MessagePane';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { createCommands } from '../../src/renderer/src/commands';
import { applyEvent } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import type { MessageView } from '../../src/shared/contract/channels';
import { failure, fakeBridge, message, renderWithBridge, room, seedStore } from './fake-bridge';

/** Virtuoso measures nothing in happy-dom: the mock context gives it a viewport and a row height. */
const sized = (ui: ReactNode, viewportHeight = 600) => (
  <VirtuosoMockContext.Provider value={{ viewportHeight, itemHeight: 30 }}>{ui}</VirtuosoMockContext.Provider>
);

const noc = room('r1', { title: 'NOC', watched: true });
const history = [
  message('m1', { created: '2026-01-04T09:00:00.000Z', markdown: 'yesterday' }),
  message('m2', { created: '2026-01-05T10:00:00.000Z', text: 'parent', updated: '2026-01-05T10:05:00.000Z' }),
  message('m3', {
    created: '2026-01-05T10:01:00.000Z',
    text: 'a reply',
    parentId: 'm2',
    personId: 'p2',
    personDisplayName: 'Sam Lee',
  }),
  message('m4', { created: '2026-01-05T10:02:00.000Z', text: 'unread one' }),
];

/** No more history: what a fake main answers to `messages.loadOlder` when a test is not about it. */
const beginning = () => ({ roomId: 'r1', messages: [], hasMore: false });

/** Virtuoso shows its rows once it has placed the list (a few animation frames). */
async function shownList(): Promise<HTMLElement> {
  // Hidden (visibility) until then, so not in the accessibility tree.
  const list = await screen.findByRole('list', { name: 'Messages in NOC' });
  await waitFor(() => expect(list.querySelector('[data-message-id]')).not.toBeNull());
  return list;
}

/** Absolute index Virtuoso gives a message's row (`firstItemIndex` + position). */
const rowIndexOf = (list: HTMLElement, id: string): string | null | undefined =>
  list.querySelector(`[data-message-id="${id}"]`)?.getAttribute('data-item-index');

/** 120 messages, one a minute on one day: far more than a 600 px pane shows. */
const many = Array.from({ length: 120 }, (_, i) =>
  message(`k${i}`, { created: new Date(Date.UTC(2026, 0, 5, 8, i)).toISOString(), text: `line ${i}` }),
);

describe('MessagePane', () => {
  beforeEach(() => seedStore([noc], history, { openRoomId: 'r1', readMarker: '2026-01-05T10:01:30.000Z' }));

  it('keeps the header outside the scrolling list and marks days, the read marker, edits, replies and senders', async () => {
    const { container } = renderWithBridge(
      sized(<MessagePane />),
      fakeBridge({ 'messages.loadOlder': beginning }).bridge,
    );
    const header = container.querySelector('header.conversation-header');
    const scroller = container.querySelector('.message-scroller');
    expect(header).not.toBeNull();
    expect(scroller?.contains(header)).toBe(false);
    expect(screen.getByRole('heading', { name: '# NOC' })).toBeInTheDocument();

    const list = await shownList();
    expect(list.tagName).toBe('OL');
    expect(list.querySelectorAll('[data-divider="day"]')).toHaveLength(2);
    const newDivider = list.querySelector('[data-divider="new"]');
    expect(newDivider?.nextElementSibling).toHaveAttribute('data-message-id', 'm4');
    expect(newDivider?.tagName).toBe('LI');

    const parent = list.querySelector('[data-message-id="m2"]') as HTMLElement;
    expect(parent.tagName).toBe('LI');
    expect(within(parent).getByText('(edited)')).toBeInTheDocument();
    expect(within(parent).getByText('1 reply')).toBeInTheDocument();
    expect(parent.querySelector('time')).toHaveAttribute('title', '2026-01-05 10:00:00 UTC');
    expect(parent.querySelector('.avatar')).toHaveTextContent('DO');
    // The reply sits under its parent, not in the list.
    expect(list.querySelector('[data-message-id="m3"]')).toBeNull();
  });

  it('a reply count opens the thread through main; a reply arriving while it is open joins it', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'messages.loadOlder': beginning,
      'messages.thread': () => ({ roomId: 'r1', parentId: 'm2', parent: history[1], replies: [history[2]] }),
    });
    renderWithBridge(sized(<MessagePane />), main.bridge);
    await user.click(await screen.findByRole('button', { name: '1 reply' }));
    expect(main.callsTo('messages.thread')).toEqual([{ roomId: 'r1', parentId: 'm2' }]);
    const panel = await screen.findByRole('complementary', { name: 'Thread' });
    await within(panel).findByText('a reply');
    expect(within(panel).getByText('parent')).toBeInTheDocument();
    expect(within(panel).getByText('1 reply')).toBeInTheDocument();
    act(() => {
      useOps.setState((s) =>
        applyEvent(s, {
          type: 'messages.upsert',
          roomId: 'r1',
          messages: [message('m5', { created: '2026-01-05T10:03:00.000Z', text: 'live reply', parentId: 'm2' })],
        }),
      );
    });
    expect(within(panel).getByText('live reply')).toBeInTheDocument();
    expect(within(panel).getByText('2 replies')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Close thread' }));
    expect(screen.queryByRole('complementary', { name: 'Thread' })).toBeNull();
  });

  it('a space that does not fill the pane asks main for the older page at once; what was shown keeps its place', async () => {
    const olderPage = [
      message('o1', { created: '2026-01-03T09:00:00.000Z', text: 'older one' }),
      message('o2', { created: '2026-01-03T09:01:00.000Z', text: 'older two' }),
    ];
    const main = fakeBridge({ 'messages.loadOlder': () => ({ roomId: 'r1', messages: olderPage, hasMore: false }) });
    main.holdCalls();
    renderWithBridge(sized(<MessagePane />), main.bridge);
    const list = await shownList();
    await waitFor(() =>
      expect(main.callsTo('messages.loadOlder')).toEqual([{ roomId: 'r1', before: 'm1', limit: 100 }]),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Loading older messages…');
    expect(list).toHaveAttribute('aria-busy', 'true');
    const m1Index = rowIndexOf(list, 'm1');
    expect(m1Index).toBeTruthy();

    await act(async () => {
      main.release();
      await Promise.resolve();
    });
    await within(list).findByText('older one');
    expect(list.querySelector('[data-message-id]')).toHaveAttribute('data-message-id', 'o1');
    // Anchored: the rows shown before keep their index (Virtuoso's firstItemIndex went down by the rows added:
    // o1, o2 and their day separator), so the view stays on what the operator was reading.
    expect(rowIndexOf(list, 'm1')).toBe(m1Index);
    expect(Number(rowIndexOf(list, 'o1'))).toBe(Number(m1Index) - 3);
    expect(screen.getByRole('status')).toHaveTextContent('The beginning of this space.');
    expect(list).toHaveAttribute('aria-busy', 'false');
    expect(main.callsTo('messages.loadOlder')).toHaveLength(1);
  });

  it('switching away and back shows the older history at once, without reading it through main again', async () => {
    const olderPage = [message('o1', { created: '2026-01-03T09:00:00.000Z', text: 'older one' })];
    const main = fakeBridge({ 'messages.loadOlder': () => ({ roomId: 'r1', messages: olderPage, hasMore: false }) });
    seedStore([noc, room('r2', { title: 'Deploys' })], history, { openRoomId: 'r1' });
    renderWithBridge(sized(<MessagePane />), main.bridge);
    const list = await shownList();
    await within(list).findByText('older one');
    expect(main.callsTo('messages.loadOlder')).toHaveLength(1);

    const open = (roomId: string, messages: MessageView[]) =>
      act(() => {
        useOps.setState((s) => applyEvent(s, { type: 'rooms.opened', roomId }));
        useOps.setState((s) => applyEvent(s, { type: 'messages.reset', state: { roomId, messages, loading: false } }));
      });
    open('r2', [message('d1', { roomId: 'r2', text: 'deploy done' })]);
    expect(await screen.findByText('deploy done')).toBeInTheDocument();
    open('r1', history);
    const back = await shownList();
    expect(await within(back).findByText('older one')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('The beginning of this space.');
    const r1Reads = () => main.callsTo('messages.loadOlder').filter((p) => (p as { roomId: string }).roomId === 'r1');
    expect(r1Reads()).toEqual([{ roomId: 'r1', before: 'm1', limit: 100 }]);
  });

  it('switching back to a space left recently paints its kept messages at once, while main opens it', async () => {
    const olderPage = [message('o1', { created: '2026-01-03T09:00:00.000Z', text: 'older one' })];
    const main = fakeBridge({
      'messages.loadOlder': () => ({ roomId: 'r1', messages: olderPage, hasMore: false }),
      'rooms.open': () => ({ rooms: [], openRoomId: 'r1' }),
    });
    seedStore([noc, room('r2', { title: 'Deploys' })], history, { openRoomId: 'r1' });
    renderWithBridge(sized(<MessagePane />), main.bridge);
    await within(await shownList()).findByText('older one');
    act(() => {
      useOps.setState((s) => applyEvent(s, { type: 'rooms.opened', roomId: 'r2' }));
      useOps.setState((s) =>
        applyEvent(s, {
          type: 'messages.reset',
          state: { roomId: 'r2', messages: [message('d1', { roomId: 'r2', text: 'deploy done' })], loading: false },
        }),
      );
    });
    expect(await screen.findByText('deploy done')).toBeInTheDocument();

    main.holdCalls();
    const commands = createCommands(main.bridge, useOps);
    let opening: Promise<unknown> = Promise.resolve();
    act(() => {
      opening = commands.openRoom('r1');
    });
    // Main has not answered (nor sent a single event): the space is there, its newest message and its history.
    const back = await shownList();
    expect(within(back).getByText('unread one')).toBeInTheDocument();
    expect(await within(back).findByText('older one')).toBeInTheDocument();
    expect(main.callsTo('rooms.open')).toEqual([{ roomId: 'r1' }]);
    // Main's "loading" reset leaves it shown; its loaded window (one message newer) replaces it.
    act(() => {
      useOps.setState((s) =>
        applyEvent(s, { type: 'messages.reset', state: { roomId: 'r1', messages: [], loading: true } }),
      );
    });
    expect(within(back).getByText('unread one')).toBeInTheDocument();
    const newer = message('m5', { created: '2026-01-05T10:03:00.000Z', text: 'newest one' });
    act(() => {
      useOps.setState((s) =>
        applyEvent(s, {
          type: 'messages.reset',
          state: { roomId: 'r1', messages: [...history, newer], loading: false },
        }),
      );
    });
    expect(await within(back).findByText('newest one')).toBeInTheDocument();
    expect(within(back).getByText('older one')).toBeInTheDocument();
    main.release();
    await act(async () => {
      await opening;
    });
    expect(main.callsTo('messages.loadOlder')).toHaveLength(1);
  });

  it('a failed older page is a toast, not asked for again and again', async () => {
    const main = fakeBridge({ 'messages.loadOlder': () => failure({ kind: 'network', message: 'down' }) });
    renderWithBridge(
      <>
        {sized(<MessagePane />)}
        <Toasts />
      </>,
      main.bridge,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Load older messages failed');
    await act(async () => {
      await Promise.resolve();
    });
    expect(main.callsTo('messages.loadOlder')).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('Scroll up for older messages.');
  });

  it('a space that fills the pane opens at its end and asks for older messages only near the top', async () => {
    seedStore([noc], many, { openRoomId: 'r1' });
    const main = fakeBridge({ 'messages.loadOlder': beginning });
    const { container } = renderWithBridge(sized(<MessagePane />), main.bridge);
    const list = await shownList();
    // Only the rows in view (600 px of 30 px rows, plus what is rendered beyond it) are in the DOM.
    expect(list.querySelector('[data-message-id="k119"]')).not.toBeNull();
    expect(list.querySelector('[data-message-id="k0"]')).toBeNull();
    expect(list.querySelectorAll('[data-message-id]').length).toBeLessThan(many.length);
    expect(main.callsTo('messages.loadOlder')).toEqual([]);

    const scroller = container.querySelector('.message-scroller') as HTMLElement;
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 121 * 30 });
    scroller.scrollTop = 0;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(list.querySelector('[data-message-id="k0"]')).not.toBeNull());
    await waitFor(() =>
      expect(main.callsTo('messages.loadOlder')).toEqual([{ roomId: 'r1', before: 'k0', limit: 100 }]),
    );
  });

  it('opens at the "new messages" divider', async () => {
    seedStore([noc], many, { openRoomId: 'r1', readMarker: many[9]?.created ?? '' });
    renderWithBridge(sized(<MessagePane />), fakeBridge({ 'messages.loadOlder': beginning }).bridge);
    const list = await shownList();
    const divider = list.querySelector('[data-divider="new"]');
    expect(divider?.nextElementSibling).toHaveAttribute('data-message-id', 'k10');
    // The divider is at the top of the view: the end of the list is not rendered yet.
    expect(list.querySelector('[data-message-id="k119"]')).toBeNull();
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeInTheDocument();
  });

  it('counts messages that arrive while reading history and jumps to the latest', async () => {
    seedStore([noc], many, { openRoomId: 'r1' });
    const { container } = renderWithBridge(
      sized(<MessagePane />),
      fakeBridge({ 'messages.loadOlder': beginning }).bridge,
    );
    const list = await shownList();
    const scroller = container.querySelector('.message-scroller') as HTMLElement;
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 121 * 30 });
    scroller.scrollTop = 300;
    fireEvent.scroll(scroller);
    expect(await screen.findByRole('button', { name: 'Jump to latest' })).toBeInTheDocument();
    const firstShown = list.querySelector('[data-message-id]')?.getAttribute('data-message-id');
    act(() => {
      useOps.setState((s) =>
        applyEvent(s, {
          type: 'messages.upsert',
          roomId: 'r1',
          messages: [
            message('n1', { created: '2026-01-05T11:00:00.000Z' }),
            message('n2', { created: '2026-01-05T11:01:00.000Z' }),
          ],
        }),
      );
    });
    // The view did not move: still reading history, the newcomers are counted.
    expect(scroller.scrollTop).toBe(300);
    expect(list.querySelector('[data-message-id]')).toHaveAttribute('data-message-id', firstShown ?? '');
    expect(list.querySelector('[data-message-id="n2"]')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Jump to latest (2 new)' }));
    await waitFor(() => expect(list.querySelector('[data-message-id="n2"]')).not.toBeNull());
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('header buttons run commands and show their failure', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'messages.loadOlder': beginning,
      'rooms.markRead': () => failure({ kind: 'network', message: 'down' }),
    });
    renderWithBridge(
      <>
        {sized(<MessagePane />)}
        <Toasts />
      </>,
      main.bridge,
    );
    await user.click(screen.getByRole('button', { name: 'Mark read' }));
    expect(main.callsTo('rooms.markRead')).toEqual([{ roomId: 'r1' }]);
    expect(await screen.findByRole('alert')).toHaveTextContent('Mark NOC read failed');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Notifications' }), 'off');
    expect(main.callsTo('rooms.setLevel')).toEqual([{ roomId: 'r1', level: 'off' }]);
  });
});
