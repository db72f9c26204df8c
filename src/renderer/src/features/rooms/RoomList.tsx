import { useEffect, useMemo, useState } from 'react';
import type { RoomView } from '../../../../shared/contract/channels';
import { useOps } from '../../store/store';
import { IdentitySwitcher } from '../session/IdentitySwitcher';
import './rooms.css';

type Filter = 'all' | 'watched' | 'unread' | 'mentions' | 'direct';

const FILTERS: { key: Filter; label: string; title: string }[] = [
  { key: 'all', label: 'All', title: 'All spaces' },
  { key: 'watched', label: 'Watched', title: 'Watched spaces' },
  { key: 'unread', label: 'Unread', title: 'Spaces with unread messages or new activity' },
  { key: 'mentions', label: '@', title: 'Spaces that mention you' },
  { key: 'direct', label: 'DM', title: 'Direct spaces' },
];

function hasUnread(room: RoomView): boolean {
  return (room.unread ?? 0) > 0 || room.activity;
}

function matches(room: RoomView, filter: Filter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'watched':
      return room.watched;
    case 'unread':
      return hasUnread(room);
    case 'mentions':
      return (room.mentions ?? 0) > 0;
    case 'direct':
      return room.type === 'direct';
  }
}

export function RoomList({ signedIn }: { signedIn: boolean }) {
  const rooms = useOps((s) => s.rooms.rooms);
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const focusRequest = useOps((s) => s.focusRequest);
  const [filter, setFilter] = useState<Filter>('all');

  const visible = useMemo(() => rooms.filter((r) => matches(r, filter)), [rooms, filter]);

  const open = (roomId: string): void => {
    void window.ops.rooms.open({ roomId });
  };

  useEffect(() => {
    if (focusRequest) void window.ops.rooms.open({ roomId: focusRequest.roomId });
  }, [focusRequest]);

  // Alt+↑/↓ moves between spaces; Alt+Shift+↑/↓ between spaces with unread messages.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      const list = event.shiftKey ? visible.filter((r) => hasUnread(r) || r.id === openRoomId) : visible;
      if (list.length === 0) return;
      event.preventDefault();
      const index = list.findIndex((r) => r.id === openRoomId);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = list[(index + step + list.length) % list.length] ?? list[0];
      if (next) open(next.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, openRoomId]);

  return (
    <div className="rooms">
      <IdentitySwitcher />
      {signedIn ? (
        <div className="filters" role="group" aria-label="Filter spaces">
          {FILTERS.map((f) => (
            <button
              key={f.key}
              type="button"
              className="chip"
              title={f.title}
              aria-label={f.title}
              aria-pressed={filter === f.key}
              onClick={() => setFilter(f.key)}
            >
              {f.label}
            </button>
          ))}
        </div>
      ) : null}
      {!signedIn ? (
        <p className="empty small">Sign in to see your spaces.</p>
      ) : rooms.length === 0 ? (
        <p className="empty small">No spaces yet.</p>
      ) : visible.length === 0 ? (
        <p className="empty small">
          {filter === 'watched' ? 'No watched spaces. Star a space to watch it.' : 'All caught up.'}
        </p>
      ) : (
        <ul className="room-list" aria-label="Spaces">
          {visible.map((room) => (
            <li key={room.id} className="room-row" data-room-id={room.id}>
              <button
                type="button"
                className={`room${room.alert ? ' room-alert' : ''}${hasUnread(room) ? ' room-unread' : ''}`}
                aria-current={room.id === openRoomId ? 'true' : undefined}
                onClick={() => open(room.id)}
                data-room-id={room.id}
              >
                <span className="room-dot" aria-hidden="true">
                  {room.activity || (room.unread ?? 0) > 0 ? '●' : ''}
                </span>
                <span className="room-title">{room.title}</span>
                {room.watched ? <span className="visually-hidden">watched</span> : null}
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
                aria-label="Watch"
                title={
                  room.watched ? `Stop watching ${room.title}` : `Watch ${room.title}: exact counts and notifications`
                }
                onClick={() => void window.ops.rooms.setWatched({ roomId: room.id, watched: !room.watched })}
              >
                {room.watched ? '★' : '☆'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {signedIn && rooms.some(hasUnread) ? (
        <button type="button" className="link mark-all" onClick={() => void window.ops.rooms.markAllRead()}>
          Mark all read
        </button>
      ) : null}
    </div>
  );
}
