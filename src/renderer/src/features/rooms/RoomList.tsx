import { useEffect, useMemo, useState } from 'react';
import type { RoomView } from '../../../../shared/contract/channels';
import { useOps } from '../../store/store';
import { IdentitySwitcher } from '../session/IdentitySwitcher';

type Filter = 'all' | 'watched' | 'unread';

function hasUnread(room: RoomView): boolean {
  return (room.unread ?? 0) > 0 || room.activity;
}

export function RoomList({ signedIn }: { signedIn: boolean }) {
  const rooms = useOps((s) => s.rooms.rooms);
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const focusRequest = useOps((s) => s.focusRequest);
  const [filter, setFilter] = useState<Filter>('all');

  const visible = useMemo(() => {
    if (filter === 'watched') return rooms.filter((r) => r.watched);
    if (filter === 'unread') return rooms.filter(hasUnread);
    return rooms;
  }, [rooms, filter]);

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
      <div className="filters" role="group" aria-label="Filter spaces">
        {(['all', 'watched', 'unread'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className="chip"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            disabled={!signedIn}
          >
            {f === 'all' ? 'All' : f === 'watched' ? 'Watched' : 'Unread'}
          </button>
        ))}
      </div>
      {!signedIn ? (
        <p className="empty small">Sign in to see your spaces.</p>
      ) : rooms.length === 0 ? (
        <p className="empty small">No spaces yet.</p>
      ) : visible.length === 0 ? (
        <p className="empty small">{filter === 'watched' ? 'No watched spaces. Star a space to watch it.' : 'All caught up.'}</p>
      ) : (
        <ul className="room-list" aria-label="Spaces">
          {visible.map((room) => (
            <li key={room.id}>
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
                {room.watched ? (
                  <span className="room-watched" title="Watched" aria-label="watched">
                    ☆
                  </span>
                ) : null}
                {(room.mentions ?? 0) > 0 ? (
                  <span className="badge badge-mention" aria-label={`${room.mentions} mentions`}>
                    @{room.mentions}
                  </span>
                ) : null}
                {(room.unread ?? 0) > 0 ? (
                  <span className="badge" aria-label={`${room.unread} unread`}>
                    {room.unread}
                  </span>
                ) : room.activity && room.unread === undefined ? (
                  <span className="visually-hidden">new activity</span>
                ) : null}
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
