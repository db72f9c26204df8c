import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { RoomSearchInput, RoomSearchResult } from '../../src/shared/contract/channels';
import { createCommands, roomSearchKey } from '../../src/renderer/src/commands';
import { Keyboard } from '../../src/renderer/src/features/keyboard/Keyboard';
import { countText, RoomList } from '../../src/renderer/src/features/rooms/RoomList';
import { mergeSearch } from '../../src/renderer/src/features/rooms/useRooms';
import { applyEvent, roomsSliceOf } from '../../src/renderer/src/store/apply';
import { initialState, useOps, type OpsStore } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, room, seedStore, sessionAs } from './fake-bridge';

const live = [room('noc', { title: 'NOC', lastActivity: '2026-01-05T10:00:00.000Z', unread: 0 })];
/** What main's directory knows: the live space (a stale copy) plus thousands beyond the live window. */
const directory = [
  room('noc', { title: 'NOC', lastActivity: '2026-01-05T10:00:00.000Z', unread: 9 }),
  ...Array.from({ length: 4999 }, (_, i) =>
    room(`old-${i}`, { title: `svc-${String(i).padStart(4, '0')}`, lastActivity: '2025-12-01T00:00:00.000Z' }),
  ),
];

function searchHandler(payload: unknown): RoomSearchResult {
  const input = payload as RoomSearchInput;
  const q = (input.query ?? '').toLowerCase();
  const all = directory.filter((r) => r.title.toLowerCase().includes(q));
  const offset = Number(input.cursor ?? 0);
  const limit = input.limit ?? 100;
  const result: RoomSearchResult = { rooms: all.slice(offset, offset + limit), total: all.length, complete: true };
  if (offset + limit < all.length) result.nextCursor = String(offset + limit);
  return result;
}

describe('searching every space', () => {
  beforeEach(() => seedStore(live, [], { extra: { session: sessionAs('id-1') } }));

  it('the sidebar lists spaces beyond the live window and counts them all; the live view wins', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({ 'rooms.search': searchHandler });
    renderWithBridge(
      <VirtuosoMockContext.Provider value={{ viewportHeight: 300, itemHeight: 30 }}>
        <RoomList signedIn />
      </VirtuosoMockContext.Provider>,
      main.bridge,
    );
    expect(await screen.findByText('5,000 spaces')).toBeInTheDocument();
    expect(main.callsTo('rooms.search')).toEqual([{ filter: 'all', limit: 100 }]);
    const list = screen.getByRole('list', { name: 'Spaces' });
    // The live NOC (0 unread), not the directory's stale copy (9 unread).
    expect(within(list).getByRole('button', { name: 'NOC' })).not.toHaveAccessibleName(/unread/);
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(30);

    await user.type(screen.getByRole('searchbox', { name: 'Search spaces' }), 'svc-4321');
    expect(await screen.findByText('1 matching')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Spaces' }))
          .getAllByRole('listitem')
          .map((li) => li.dataset.roomId),
      ).toEqual(['old-4321']),
    );
    expect(main.callsTo('rooms.search').at(-1)).toEqual({ filter: 'all', limit: 100, query: 'svc-4321' });
  });

  it('the quick switcher is fuzzy over every space main lists, not only the live window', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({ 'rooms.search': searchHandler });
    renderWithBridge(<Keyboard signedIn />, main.bridge);
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(main.callsTo('rooms.search')).toHaveLength(10));
    await user.type(screen.getByRole('combobox', { name: 'Space name' }), 'svc4321');
    const dialog = screen.getByRole('dialog', { name: 'Go to a space' });
    expect(within(dialog).getAllByRole('option')[0]).toHaveTextContent('svc-4321');
  });

  it('another identity: what was found for the previous one goes, and main is asked again', async () => {
    const main = fakeBridge({ 'rooms.search': searchHandler });
    renderWithBridge(
      <VirtuosoMockContext.Provider value={{ viewportHeight: 300, itemHeight: 30 }}>
        <RoomList signedIn />
      </VirtuosoMockContext.Provider>,
      main.bridge,
    );
    expect(await screen.findByText('5,000 spaces')).toBeInTheDocument();
    act(() => {
      useOps.setState((s) => ({
        ...applyEvent(s, { type: 'rooms.reset', state: { rooms: [] } }),
        session: sessionAs('id-2'),
      }));
    });
    await waitFor(() => expect(main.callsTo('rooms.search')).toHaveLength(2));
  });

  it('drops an answer that arrives after the query changed', async () => {
    const main = fakeBridge({ 'rooms.search': searchHandler });
    const store = createStore<OpsStore>(() => ({ ...initialState(), rooms: roomsSliceOf({ rooms: live }) }));
    const commands = createCommands(main.bridge, store);
    main.holdCalls();
    const slow = commands.searchRooms('sidebar', 'all', 'svc-1');
    const fast = commands.searchRooms('sidebar', 'all', 'svc-12');
    main.release();
    await Promise.all([slow, fast]);
    expect(store.getState().roomSearches.get('sidebar')?.key).toBe(roomSearchKey('all', 'svc-12'));
    // Paging continues the same search.
    await commands.searchRooms('sidebar', 'all', 'svc-1');
    const first = store.getState().roomSearches.get('sidebar');
    // The sidebar's first page is small (a keystroke's answer crosses the bridge fast); the next ones are larger.
    expect(first).toMatchObject({ total: 1000, nextCursor: '100' });
    expect(first?.rooms).toHaveLength(100);
    await commands.searchRooms('sidebar', 'all', 'svc-1', true);
    expect(store.getState().roomSearches.get('sidebar')?.rooms.length).toBe(600);
    expect(main.callsTo('rooms.search').at(-1)).toMatchObject({ cursor: '100', limit: 500 });
  });

  it('a grouped search asks main for the team order, keeps its groups, and is not mixed with the ungrouped one', async () => {
    const groups = [
      { teamId: 't1', name: 'Platform', count: 2 },
      { name: 'Other spaces', count: 4998 },
    ];
    const main = fakeBridge({
      'rooms.search': (payload) => {
        const result = searchHandler(payload);
        return (payload as RoomSearchInput).groupBy === 'team' ? { ...result, groups } : result;
      },
    });
    const store = createStore<OpsStore>(() => ({ ...initialState(), rooms: roomsSliceOf({ rooms: live }) }));
    const commands = createCommands(main.bridge, store);
    expect(roomSearchKey('all', 'svc', true)).not.toBe(roomSearchKey('all', 'svc'));

    await commands.searchRooms('sidebar', 'all', '', false, true);
    expect(main.callsTo('rooms.search').at(-1)).toEqual({ filter: 'all', limit: 100, groupBy: 'team' });
    expect(store.getState().roomSearches.get('sidebar')).toMatchObject({ key: roomSearchKey('all', '', true), groups });
    // The next page continues the grouped search, still grouped.
    await commands.searchRooms('sidebar', 'all', '', true, true);
    expect(main.callsTo('rooms.search').at(-1)).toEqual({ filter: 'all', limit: 500, groupBy: 'team', cursor: '100' });
    // Ungrouping asks again; a grouped answer arriving after that is dropped.
    main.holdCalls();
    const stale = commands.searchRooms('sidebar', 'all', '', false, true);
    const plain = commands.searchRooms('sidebar', 'all', '');
    main.release();
    await Promise.all([stale, plain]);
    const now = store.getState().roomSearches.get('sidebar');
    expect(now?.key).toBe(roomSearchKey('all', ''));
    expect(now?.groups).toBeUndefined();
  });

  it('merges without duplicates and counts in words', () => {
    const slice = roomsSliceOf({ rooms: live });
    const found = { key: 'all|', rooms: directory.slice(0, 3), total: 5000, complete: true };
    expect(mergeSearch(slice, live, found, 'all|').map((r) => r.id)).toEqual(['noc', 'old-0', 'old-1']);
    expect(mergeSearch(slice, live, found, 'watched|').map((r) => r.id)).toEqual(['noc']);
    expect(countText(3, 3, undefined, true)).toBe('3 spaces');
    expect(countText(1, 3, undefined, false)).toBe('1 of 3 spaces');
    expect(countText(200, 1, { total: 12000, complete: false }, true)).toBe('12,000+ spaces');
  });
});
