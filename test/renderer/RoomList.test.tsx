import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoomSearchInput, RoomSearchResult } from '../../src/shared/contract/channels';
import { Keyboard } from '../../src/renderer/src/features/keyboard/Keyboard';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { RoomList } from '../../src/renderer/src/features/rooms/RoomList';
import { useOps } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

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

describe('RoomList marks and grouping', () => {
  /** Spaces of two teams and none, newest first: the order main's live window sends. */
  const teamRooms = [
    room('noc', { title: 'NOC', lastActivity: '2026-01-05T10:05:00.000Z', watched: true, external: true }),
    room('k8s', { title: 'Kubernetes', teamId: 'team-p', lastActivity: '2026-01-05T10:04:00.000Z' }),
    room('ci', { title: 'CI runners', teamId: 'team-a', lastActivity: '2026-01-05T10:03:00.000Z' }),
    room('net', { title: 'Networking', teamId: 'team-p', lastActivity: '2026-01-05T10:02:00.000Z' }),
    room('cafe', { title: 'Watercooler', lastActivity: '2026-01-05T10:01:00.000Z', external: false }),
  ];
  /** main's grouped search: team names and counts over every page (Platform has a third space not loaded here). */
  const groupedSearch = (payload: unknown): RoomSearchResult => {
    const input = payload as RoomSearchInput;
    if (input.groupBy !== 'team') return { rooms: teamRooms, total: teamRooms.length, complete: true };
    return {
      rooms: [],
      total: 6,
      complete: true,
      groups: [
        { teamId: 'team-a', name: 'Automation', count: 1 },
        { teamId: 'team-p', name: 'Platform', count: 3 },
        { name: 'Other spaces', count: 2 },
      ],
    };
  };

  /** Mocked bridge calls land on the next tick: let the search's answer reach the store. */
  const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

  beforeEach(() => seedStore(teamRooms, [], { extra: { session: sessionAs('id-1') } }));

  it('marks spaces with people from other organisations, with words for screen readers', () => {
    renderWithBridge(sized(<RoomList signedIn />), fakeBridge({ 'rooms.search': groupedSearch }).bridge);
    const list = screen.getByRole('list', { name: 'Spaces' });
    const noc = within(list).getByRole('button', { name: /^NOC/ });
    expect(within(noc).getByRole('img', { name: 'people from other organisations' })).toHaveTextContent('EXT');
    expect(noc).toHaveAccessibleName(/people from other organisations/);
    // Not for a space known to have none, nor for one whose members were never read.
    for (const title of [/^Watercooler/, /^Kubernetes/]) {
      expect(within(within(list).getByRole('button', { name: title })).queryByText('EXT')).toBeNull();
    }
  });

  it('draws the activity sparkline of a watched space only when main sent its activity', () => {
    const activity = { counts: Array.from({ length: 24 }, (_, h) => (h === 23 ? 4 : 1)), alertHours: [23] };
    seedStore(
      [
        room('noc', { title: 'NOC', watched: true, activity24h: activity }),
        room('db', { title: 'Database', watched: true }),
      ],
      [],
      { extra: { session: sessionAs('id-1') } },
    );
    renderWithBridge(sized(<RoomList signedIn />), fakeBridge().bridge);
    const list = screen.getByRole('list', { name: 'Spaces' });
    const noc = within(list).getByRole('button', { name: /^NOC/ });
    expect(within(noc).getByRole('img', { name: '27 messages in the last 24 hours, alerts in 1 hour' })).toBeVisible();
    expect(
      within(list)
        .getByRole('button', { name: /^Database/ })
        .querySelector('svg'),
    ).toBeNull();
  });

  it('groups by team under headings with counts, asks main for the grouped order, and Alt+↓ skips the headings', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'rooms.search': groupedSearch,
      'rooms.open': (payload) => {
        const roomId = (payload as { roomId?: string }).roomId;
        act(() => useOps.setState((s) => ({ rooms: { ...s.rooms, ...(roomId ? { openRoomId: roomId } : {}) } })));
        return { rooms: [] };
      },
    });
    renderWithBridge(
      sized(
        <>
          <RoomList signedIn />
          <Keyboard signedIn />
        </>,
      ),
      main.bridge,
    );
    const toggle = screen.getByRole('button', { name: 'Group by team' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryAllByRole('heading')).toHaveLength(0);

    await user.click(toggle);
    await settle();
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(useOps.getState().ui.groupByTeam).toBe(true);
    expect(main.callsTo('rooms.search').at(-1)).toEqual({ filter: 'all', limit: 100, groupBy: 'team' });

    const list = screen.getByRole('list', { name: 'Spaces' });
    const headings = within(list).getAllByRole('heading', { level: 3 });
    expect(headings.map((h) => h.textContent)).toEqual([
      'Automation1 space',
      'Platform3 spaces',
      'Other spaces2 spaces',
    ]);
    // Rows in order: each heading, then its spaces in main's order.
    const rows = within(list)
      .getAllByRole('listitem')
      .map((li) => li.dataset.roomId ?? `# ${li.dataset.group ?? ''}`);
    expect(rows).toEqual(['# Automation', 'ci', '# Platform', 'k8s', 'net', '# Other spaces', 'noc', 'cafe']);

    // Keyboard stepping goes from space to space in the shown order, never onto a heading.
    act(() => useOps.setState((s) => ({ rooms: { ...s.rooms, openRoomId: 'ci' } })));
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(main.callsTo('rooms.open').at(-1)).toEqual({ roomId: 'k8s' });
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}{Alt>}{ArrowDown}{/Alt}');
    expect(main.callsTo('rooms.open').at(-1)).toEqual({ roomId: 'noc' });
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(main.callsTo('rooms.open').at(-1)).toEqual({ roomId: 'net' });

    await user.click(toggle);
    await settle();
    expect(within(screen.getByRole('list', { name: 'Spaces' })).queryAllByRole('heading')).toHaveLength(0);
  });
});
