import { useMemo } from 'react';
import type { RoomView } from '../../../../shared/contract/channels';
import { compareRooms } from '../../../../shared/order';
import { roomSearchKey } from '../../commands';
import { listOf } from '../../store/collection';
import { useOps, type Normalized, type RoomSearchPurpose, type RoomSearchView } from '../../store/store';
import { visibleRooms } from './filter';

/** Every space in main's live window, in main's order. */
export function useAllRooms(): RoomView[] {
  const rooms = useOps((s) => s.rooms);
  return useMemo(() => listOf(rooms), [rooms]);
}

/**
 * Live spaces plus those a `rooms.search` found beyond main's live window. A space in the live window is always
 * shown with its live view (never a stale search copy), and only when it passes the local filter.
 */
export function mergeSearch(
  live: Normalized<RoomView>,
  localMatches: readonly RoomView[],
  search: RoomSearchView | undefined,
  key: string | undefined,
): RoomView[] {
  if (!search || search.key !== key || search.rooms.length === 0) return [...localMatches];
  const merged = [...localMatches];
  for (const room of search.rooms) if (!live.byId.has(room.id)) merged.push(room);
  return merged.sort(compareRooms);
}

export function useRoomSearch(purpose: RoomSearchPurpose): RoomSearchView | undefined {
  return useOps((s) => s.roomSearches.get(purpose));
}

/** The spaces the sidebar shows with the current filter and search. */
export function useVisibleRooms(): RoomView[] {
  const live = useOps((s) => s.rooms);
  const all = useAllRooms();
  const filter = useOps((s) => s.ui.filter);
  const search = useOps((s) => s.ui.search);
  const found = useRoomSearch('sidebar');
  return useMemo(
    () => mergeSearch(live, visibleRooms(all, filter, search), found, roomSearchKey(filter, search)),
    [live, all, filter, search, found],
  );
}
