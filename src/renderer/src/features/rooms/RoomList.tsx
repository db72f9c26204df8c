import { forwardRef, useEffect, useRef, type ComponentPropsWithoutRef } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { RoomView } from '../../../../shared/contract/channels';
import { useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps, type RoomFilter } from '../../store/store';
import { IdentitySwitcher } from '../session/IdentitySwitcher';
import { FILTERS, hasUnread } from './filter';
import { roomSearchKey } from '../../commands';
import { Sparkline } from './Sparkline';
import { useAllRooms, useRoomSearch, useSidebar, type SidebarRow } from './useRooms';
import './rooms.css';

const setFilter = (filter: RoomFilter): void => useOps.setState((s) => ({ ui: { ...s.ui, filter } }));
const setSearch = (search: string): void => useOps.setState((s) => ({ ui: { ...s.ui, search } }));
const setGroupByTeam = (groupByTeam: boolean): void => useOps.setState((s) => ({ ui: { ...s.ui, groupByTeam } }));

function emptyText(filter: RoomFilter, search: string): string {
  if (search.trim()) return `No space matches “${search.trim()}”.`;
  switch (filter) {
    case 'watched':
      return 'No watched spaces. Star a space to watch it.';
    case 'unread':
    case 'mentions':
      return 'All caught up.';
    case 'direct':
      return 'No direct spaces.';
    case 'spaces':
      return 'No group spaces.';
    case 'all':
      return 'No spaces yet.';
  }
}

function plural(n: number): string {
  return n === 1 ? `${n} space` : `${n} spaces`;
}

/** "5,000 spaces", "11 matching spaces", "3 of 12 spaces" (live window only). */
export function countText(
  shown: number,
  live: number,
  found: { total: number; complete: boolean } | undefined,
  unfiltered: boolean,
): string {
  if (found) {
    const total = Math.max(found.total, shown);
    const n = `${total.toLocaleString('en-US')}${found.complete ? '' : '+'}`;
    return unfiltered ? `${n} ${total === 1 ? 'space' : 'spaces'}` : `${n} matching`;
  }
  return shown === live ? plural(live) : `${shown} of ${plural(live)}`;
}

export function RoomRow({ room, current }: { room: RoomView; current: boolean }) {
  const commands = useCommands();
  const watching = useCommand(`rooms.setWatched:${room.id}`)?.status === 'pending';
  return (
    <>
      <button
        type="button"
        className={`room${room.alert ? ' room-alert' : ''}${hasUnread(room) ? ' room-unread' : ''}`}
        aria-current={current ? 'true' : undefined}
        onClick={() => void commands.openRoom(room.id)}
        data-room-id={room.id}
      >
        <span className="room-dot" aria-hidden="true">
          {hasUnread(room) ? '●' : ''}
        </span>
        <span className="room-title">{room.title}</span>
        {room.watched ? <span className="visually-hidden">watched</span> : null}
        {room.external ? (
          <span
            className="room-ext"
            role="img"
            aria-label="people from other organisations"
            title="People from other organisations are in this space"
            data-badge="ext"
          >
            EXT
          </span>
        ) : null}
        {room.watched ? <Sparkline activity={room.activity24h} /> : null}
        {room.alert ? (
          <span className="room-alert-mark" aria-label="alert rule matched" title="An alert rule matched">
            !
          </span>
        ) : null}
        {(room.mentions ?? 0) > 0 ? (
          <span className="badge badge-mention" aria-label={`${room.mentions} mentions`} data-badge="mentions">
            @{room.mentions}
          </span>
        ) : null}
        {(room.unread ?? 0) > 0 ? (
          <span className="badge" aria-label={`${room.unread} unread`} data-badge="unread">
            {room.unread}
          </span>
        ) : room.activity && room.unread === undefined ? (
          <span className="visually-hidden">new activity</span>
        ) : null}
      </button>
      {/* Named "Watch" only (not after the space), so a search for the space's name finds one button. */}
      <button
        type="button"
        className="room-watch"
        aria-pressed={room.watched}
        aria-busy={watching}
        disabled={watching}
        aria-label="Watch"
        title={room.watched ? `Stop watching ${room.title}` : `Watch ${room.title}: exact counts and notifications`}
        onClick={() => void commands.setWatched(room.id, !room.watched)}
      >
        {room.watched ? '★' : '☆'}
      </button>
    </>
  );
}

const List = forwardRef<HTMLUListElement, ComponentPropsWithoutRef<'ul'>>(function List(props, ref) {
  return <ul {...props} ref={ref} className="room-list" aria-label="Spaces" data-room-list="" />;
});

function Item({
  item,
  context: _context,
  ...props
}: ComponentPropsWithoutRef<'li'> & { item: SidebarRow; context?: unknown }) {
  return item.kind === 'group' ? (
    <li {...props} className="room-group-row" data-group={item.name} />
  ) : (
    <li {...props} className="room-row" data-room-id={item.room.id} />
  );
}

/** A team's heading in the grouped list: its name and how many of its spaces match. */
function GroupHeading({ name, count }: { name: string; count: number }) {
  return (
    <h3 className="room-group">
      <span className="room-group-name">{name}</span>
      <span className="room-group-count muted">
        {count}
        <span className="visually-hidden">{count === 1 ? ' space' : ' spaces'}</span>
      </span>
    </h3>
  );
}

/**
 * The sidebar: filters (wrapping at any width), a search box, "Group by team" and the spaces, virtualised — only the
 * rows in view are in the DOM, whatever the count. Grouped, each team's spaces come under a heading with its count.
 */
export function RoomList({ signedIn }: { signedIn: boolean }) {
  const commands = useCommands();
  const all = useAllRooms();
  const { rooms: visible, rows } = useSidebar();
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const focusRequest = useOps((s) => s.focusRequest);
  const filter = useOps((s) => s.ui.filter);
  const search = useOps((s) => s.ui.search);
  const grouped = useOps((s) => s.ui.groupByTeam);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const found = useRoomSearch('sidebar');
  const searchFailed = useCommand('rooms.search:sidebar');
  const key = roomSearchKey(filter, search, grouped);
  const current = found?.key === key ? found : undefined;

  const identityId = useOps((s) => s.session?.active?.id);
  // Every space of the identity, not only main's live window: main searches its cached list (again for another
  // identity).
  useEffect(() => {
    if (signedIn && identityId !== undefined) void commands.searchRooms('sidebar', filter, search, false, grouped);
  }, [signedIn, identityId, filter, search, grouped, commands]);

  useEffect(() => {
    if (focusRequest) void commands.openRoom(focusRequest.roomId);
  }, [focusRequest, commands]);

  // Keep the open space in view when it changes (keyboard navigation, quick switcher, notification click).
  useEffect(() => {
    const index = rows.findIndex((r) => r.kind === 'room' && r.room.id === openRoomId);
    if (index >= 0) virtuoso.current?.scrollIntoView({ index, behavior: 'auto' });
    // Only when the open space changes, not on every list update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openRoomId]);

  return (
    <div className="rooms">
      <IdentitySwitcher />
      {signedIn ? (
        <div className="room-tools">
          <div className="filters" role="group" aria-label="Filter spaces">
            {FILTERS.map((f) => (
              <button
                key={f.key}
                type="button"
                className="chip"
                title={f.title}
                aria-pressed={filter === f.key}
                data-filter={f.key}
                onClick={() => setFilter(f.key)}
              >
                {f.before ? <span className="visually-hidden">{f.before}</span> : null}
                {f.label}
                {f.after ? <span className="visually-hidden">{f.after}</span> : null}
              </button>
            ))}
          </div>
          <div className="room-search-row">
            <input
              type="search"
              className="room-search"
              aria-label="Search spaces"
              placeholder="Search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <button
              type="button"
              className="chip group-toggle"
              aria-pressed={grouped}
              title="Group the spaces by team; spaces in no team come last"
              onClick={() => setGroupByTeam(!grouped)}
            >
              Group by team
            </button>
          </div>
        </div>
      ) : null}
      {!signedIn ? (
        <p className="empty small">Sign in to see your spaces.</p>
      ) : visible.length === 0 ? (
        <p className="empty small" role="status">
          {all.length === 0 ? 'No spaces yet.' : emptyText(filter, search)}
        </p>
      ) : (
        <Virtuoso
          ref={virtuoso}
          className="room-scroller"
          data={rows}
          computeItemKey={(_i, row) => row.key}
          components={{ List, Item }}
          itemContent={(_i, row) =>
            row.kind === 'group' ? (
              <GroupHeading name={row.name} count={row.count} />
            ) : (
              <RoomRow room={row.room} current={row.room.id === openRoomId} />
            )
          }
          increaseViewportBy={200}
          endReached={() => {
            if (current?.nextCursor !== undefined) void commands.searchRooms('sidebar', filter, search, true, grouped);
          }}
          rangeChanged={({ endIndex }) => {
            // Near the end of what is loaded: the next page of main's search (endReached alone can be missed
            // while a page is on its way).
            if (current?.nextCursor !== undefined && endIndex >= rows.length - 50) {
              void commands.searchRooms('sidebar', filter, search, true, grouped);
            }
          }}
        />
      )}
      {signedIn ? (
        <p className="room-count muted small" aria-live="polite">
          {countText(visible.length, all.length, current, filter === 'all' && search.trim() === '')}
        </p>
      ) : null}
      {signedIn && searchFailed?.status === 'error' && searchFailed.error ? (
        <p className="muted small room-search-error">
          Only the recent spaces are listed: searching all of them failed ({describeError(searchFailed.error).title}).
        </p>
      ) : null}
      {signedIn && all.some(hasUnread) ? (
        <button type="button" className="link mark-all" onClick={() => void commands.markAllRead()}>
          Mark all read
        </button>
      ) : null}
    </div>
  );
}
