/**
 * Team grouping of spaces (the sidebar's "Group by team"; docs/architecture.md §6), used by main's `rooms.search`
 * and by the renderer for the spaces it merges in, so both sides agree on the order: groups by team name (a fixed
 * locale, then the team id), spaces in no team — or in a team whose name could not be read — last under
 * "Other spaces"; inside a group the spaces keep the order they came in (`compareRooms`).
 */

/** The heading of the spaces in no (named) team. */
export const OTHER_SPACES = 'Other spaces';

export interface TeamGroupKey {
  /** Absent: "Other spaces". */
  teamId?: string;
  name: string;
}

export interface TeamGroup<T> extends TeamGroupKey {
  rooms: T[];
}

const names = new Intl.Collator('en', { sensitivity: 'base' });

/** Groups by team name, then team id; "Other spaces" last. A total order. */
export function compareTeamGroups(a: TeamGroupKey, b: TeamGroupKey): number {
  if (a.teamId === undefined || b.teamId === undefined) {
    return (a.teamId === undefined ? 1 : 0) - (b.teamId === undefined ? 1 : 0);
  }
  return (
    names.compare(a.name, b.name) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0)
  );
}

/**
 * `rooms` (already in their order) in team groups, the groups in `compareTeamGroups` order. `teamName` answers the
 * name of a team, or undefined when it is not known (those spaces go to "Other spaces").
 */
export function groupByTeam<T extends { teamId?: string }>(
  rooms: readonly T[],
  teamName: (teamId: string) => string | undefined,
): TeamGroup<T>[] {
  const groups = new Map<string, TeamGroup<T>>();
  const other: TeamGroup<T> = { name: OTHER_SPACES, rooms: [] };
  for (const room of rooms) {
    const name = room.teamId === undefined ? undefined : teamName(room.teamId);
    if (room.teamId === undefined || name === undefined) {
      other.rooms.push(room);
      continue;
    }
    let group = groups.get(room.teamId);
    if (!group) {
      group = { teamId: room.teamId, name, rooms: [] };
      groups.set(room.teamId, group);
    }
    group.rooms.push(room);
  }
  const ordered = [...groups.values()].sort(compareTeamGroups);
  if (other.rooms.length > 0) ordered.push(other);
  return ordered;
}
