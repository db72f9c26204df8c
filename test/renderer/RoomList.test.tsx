import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { RoomList } from '../../src/renderer/src/features/rooms/RoomList';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, room, seedStore } from './fake-bridge';

const signedInSession = {
  status: 'signedIn' as const,
  identities: [],
  secretBackend: { kind: 'memory' as const, keychainAvailable: false },
  envTokenAvailable: false,
};

/** Virtuoso measures nothing in happy-dom: the mock context gives it a viewport and row height. */
const sized = (ui: ReactNode, viewportHeight = 600) => (
  <VirtuosoMockContext.Provider value={{ viewportHeight, itemHeight: 30 }}>{ui}</VirtuosoMockContext.Provider>
);

const rooms = [
  room('noc', { title: 'NOC', watched: true, unread: 2 }),
  room('dana', { title: 'Dana Ops', type: 'direct', mentions: 1, unread: 1 }),
  room('deploys', { title: 'Deploys' }),
];

describe('RoomList', () => {
  beforeEach(() => seedStore(rooms, [], { extra: { session: signedInSession } }));

  it('filters with the chips and the search box, saying when nothing matches', async () => {
    const user = userEvent.setup();
    renderWithBridge(sized(<RoomList signedIn />), fakeBridge().bridge);
    const list = () => screen.getByRole('list', { name: 'Spaces' });
    expect(within(list()).getAllByRole('listitem')).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Watched spaces' }));
    expect(screen.getByRole('button', { name: 'Watched spaces' })).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(list())
        .getAllByRole('listitem')
        .map((li) => li.dataset.roomId),
    ).toEqual(['noc']);

    await user.click(screen.getByRole('button', { name: 'All spaces' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search spaces' }), 'dep');
    expect(
      within(list())
        .getAllByRole('listitem')
        .map((li) => li.dataset.roomId),
    ).toEqual(['deploys']);
    expect(screen.getByText('1 of 3 spaces')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Search spaces' }), 'zzz');
    expect(screen.getByRole('status')).toHaveTextContent('No space matches “depzzz”.');
  });

  it('every filter chip is named by its visible text (WCAG 2.5.3)', () => {
    renderWithBridge(sized(<RoomList signedIn />), fakeBridge().bridge);
    const chips = within(screen.getByRole('group', { name: 'Filter spaces' })).getAllByRole('button');
    expect(chips.map((c) => c.textContent)).toEqual([
      'All spaces',
      'Watched spaces',
      'Unread spaces',
      'Mentions',
      'Direct spaces',
      'Group Spaces',
    ]);
    for (const chip of chips) expect(chip).not.toHaveAttribute('aria-label');
  });

  it('opens a space and toggles Watch through the command layer; a failure is shown with its tracking id', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'rooms.open': () => ({ rooms: [], openRoomId: 'deploys' }),
      'rooms.setWatched': () => failure({ kind: 'forbidden', message: 'no', trackingId: 'ROUTER_42' }),
    });
    renderWithBridge(
      <>
        {sized(<RoomList signedIn />)}
        <Toasts />
      </>,
      main.bridge,
    );
    await user.click(screen.getByRole('button', { name: /Deploys/ }));
    expect(main.callsTo('rooms.open')).toEqual([{ roomId: 'deploys' }]);

    const row = screen.getByRole('button', { name: /Deploys/ }).closest('li');
    if (!row) throw new Error('no row');
    await user.click(within(row).getByRole('button', { name: 'Watch' }));
    expect(main.callsTo('rooms.setWatched')).toEqual([{ roomId: 'deploys', watched: true }]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Watch Deploys failed');
    expect(alert).toHaveTextContent('Tracking id: ROUTER_42');
    expect(within(alert).getByRole('button', { name: 'Copy tracking id' })).toBeInTheDocument();
  });

  it('shows only the rows in view for 5,000 spaces', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      room(`r${i}`, {
        title: `space ${i}`,
        lastActivity: new Date(Date.UTC(2026, 0, 1, 0, 0, 5000 - i)).toISOString(),
      }),
    );
    seedStore(many, [], { extra: { session: signedInSession } });
    renderWithBridge(sized(<RoomList signedIn />, 300), fakeBridge().bridge);
    const rows = within(screen.getByRole('list', { name: 'Spaces' })).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByText('5000 spaces')).toBeInTheDocument();
  });

  it('a notification click (ui.focusRoom) opens the space', async () => {
    const main = fakeBridge({ 'rooms.open': () => ({ rooms: [] }) });
    renderWithBridge(sized(<RoomList signedIn />), main.bridge);
    await act(async () => {
      useOps.setState({ focusRequest: { roomId: 'noc', nonce: 1 } });
      await Promise.resolve();
    });
    expect(main.callsTo('rooms.open')).toEqual([{ roomId: 'noc' }]);
  });
});
