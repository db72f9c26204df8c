import { useMemo } from 'react';
import type { RoomSearchGroup, RoomView } from '../../../../shared/contract/channels';
import { groupByTeam } from '../../../../shared/groups';
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

/** A row of the sidebar's list: a team's heading (grouped by team) or a space. */
export type SidebarRow =
  { kind: 'group'; key: string; name: string; count: number } | { kind: 'room'; key: string; room: RoomView };

export interface Sidebar {
  /** The spaces in the order shown (keyboard stepping goes through these: spaces only, never headings). */
  rooms: RoomView[];
  rows: SidebarRow[];
}

/**
 * The spaces in team groups (src/shared/groups.ts, the order main's grouped search uses), each group headed by its
 * name and count: main's count over every page when it named the group, else the spaces loaded here. A team main
 * did not name (a space that joined the live window since) goes to "Other spaces".
 */
export function groupRows(rooms: readonly RoomView[], groups: readonly RoomSearchGroup[] | undefined): Sidebar {
  const names = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const g of groups ?? []) {
    if (g.teamId !== undefined) names.set(g.teamId, g.name);
    counts.set(g.teamId ?? '', g.count);
  }
  const ordered = groupByTeam(rooms, (teamId) => names.get(teamId));
  const rows: SidebarRow[] = [];
  for (const group of ordered) {
    const id = group.teamId ?? '';
    const count = Math.max(counts.get(id) ?? 0, group.rooms.length);
    rows.push({ kind: 'group', key: `group:${id}`, name: group.name, count });
    for (const room of group.rooms) rows.push({ kind: 'room', key: room.id, room });
  }
  return { rooms: ordered.flatMap((g) => g.rooms), rows };
}

/** The sidebar with the current filter, search and grouping: its spaces and its rows. */
export function useSidebar(): Sidebar {
  const live = useOps((s) => s.rooms);
  const all = useAllRooms();
  const filter = useOps((s) => s.ui.filter);
  const search = useOps((s) => s.ui.search);
  const grouped = useOps((s) => s.ui.groupByTeam);
  const found = useRoomSearch('sidebar');
  return useMemo(() => {
    const rooms = mergeSearch(live, visibleRooms(all, filter, search), found, roomSearchKey(filter, search, grouped));
    if (!grouped) return { rooms, rows: rooms.map((room) => ({ kind: 'room' as const, key: room.id, room })) };
    return groupRows(rooms, found?.key === roomSearchKey(filter, search, true) ? found.groups : undefined);
  }, [live, all, filter, search, grouped, found]);
}

/** The spaces the sidebar shows with the current filter, search and grouping, in the order shown. */
export function useVisibleRooms(): RoomView[] {
  return useSidebar().rooms;
}
