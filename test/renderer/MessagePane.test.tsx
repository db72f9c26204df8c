import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessagePane } from '../../src/renderer/src/features/messages/MessagePane';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { applyEvent } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, message, renderWithBridge, room, seedStore } from './fake-bridge';

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

describe('MessagePane', () => {
  beforeEach(() => seedStore([noc], history, { openRoomId: 'r1', readMarker: '2026-01-05T10:01:30.000Z' }));

  it('keeps the header outside the scrolling list and marks days, the read marker, edits, replies and senders', () => {
    const { container } = renderWithBridge(<MessagePane />, fakeBridge().bridge);
    const header = container.querySelector('header.conversation-header');
    const scroller = container.querySelector('.message-scroller');
    expect(header).not.toBeNull();
    expect(scroller?.contains(header)).toBe(false);
    expect(screen.getByRole('heading', { name: '# NOC' })).toBeInTheDocument();

    const list = screen.getByRole('list', { name: 'Messages in NOC' });
    expect(list.querySelectorAll('[data-divider="day"]')).toHaveLength(2);
    const newDivider = list.querySelector('[data-divider="new"]');
    expect(newDivider?.nextElementSibling).toHaveAttribute('data-message-id', 'm4');

    const parent = list.querySelector('[data-message-id="m2"]') as HTMLElement;
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
      'messages.thread': () => ({ roomId: 'r1', parentId: 'm2', parent: history[1], replies: [history[2]] }),
    });
    renderWithBridge(<MessagePane />, main.bridge);
    await user.click(screen.getByRole('button', { name: '1 reply' }));
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

  it('scrolling to the top loads the older page through main and keeps the view where it was', async () => {
    const olderPage = [
      message('o1', { created: '2026-01-03T09:00:00.000Z', text: 'older one' }),
      message('o2', { created: '2026-01-03T09:01:00.000Z', text: 'older two' }),
    ];
    const main = fakeBridge({ 'messages.loadOlder': () => ({ roomId: 'r1', messages: olderPage, hasMore: false }) });
    const { container } = renderWithBridge(<MessagePane />, main.bridge);
    const scroller = container.querySelector('.message-scroller') as HTMLElement;
    let height = 2000;
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => height });
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 400 });
    scroller.scrollTop = 50;
    main.holdCalls();
    fireEvent.scroll(scroller);
    height = 2600; // what the two older messages and their day divider add above
    await act(async () => {
      main.release();
      await Promise.resolve();
    });
    expect(main.callsTo('messages.loadOlder')).toEqual([{ roomId: 'r1', before: 'm1', limit: 100 }]);
    const list = screen.getByRole('list', { name: 'Messages in NOC' });
    await within(list).findByText('older one');
    expect(list.querySelector('[data-message-id]')).toHaveAttribute('data-message-id', 'o1');
    // The first message read before (m1) is still where it was: the view moved down by what was added.
    expect(scroller.scrollTop).toBe(50 + 600);
    expect(screen.getByText('The beginning of this space.')).toBeInTheDocument();
    fireEvent.scroll(scroller);
    expect(main.callsTo('messages.loadOlder')).toHaveLength(1);
  });

  it('counts messages that arrive while reading history and jumps to the latest', () => {
    const { container } = renderWithBridge(<MessagePane />, fakeBridge().bridge);
    const scroller = container.querySelector('.message-scroller') as HTMLElement;
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 5000 });
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 400 });
    scroller.scrollTop = 100;
    fireEvent.scroll(scroller);
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeInTheDocument();
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
    // The view did not move: still reading history.
    expect(scroller.scrollTop).toBe(100);
    fireEvent.click(screen.getByRole('button', { name: 'Jump to latest (2 new)' }));
    expect(scroller.scrollTop).toBe(5000);
    expect(screen.queryByRole('button', { name: /Jump to latest/ })).toBeNull();
  });

  it('header buttons run commands and show their failure', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({ 'rooms.markRead': () => failure({ kind: 'network', message: 'down' }) });
    renderWithBridge(
      <>
        <MessagePane />
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
