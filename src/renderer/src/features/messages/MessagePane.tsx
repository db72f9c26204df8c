import { Fragment, useEffect, useRef } from 'react';
import type { NotifyLevel } from '../../../../shared/contract/channels';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { formatDay, formatTime, sameDay } from '../../time';
import { MessageBody } from './MessageBody';

export function MessagePane() {
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const room = useOps((s) => s.rooms.rooms.find((r) => r.id === s.rooms.openRoomId));
  const messages = useOps((s) => s.messages);
  const endRef = useRef<HTMLDivElement>(null);
  const dividerRef = useRef<HTMLLIElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const count = messages.messages.length;
  const loaded = messages.roomId === openRoomId && !messages.loading;

  // A space opens at the "new messages" divider (or at the end when everything is read).
  useEffect(() => {
    if (!loaded) return;
    if (dividerRef.current) dividerRef.current.scrollIntoView({ block: 'start' });
    else endRef.current?.scrollIntoView({ block: 'end' });
  }, [loaded, openRoomId]);

  // New messages keep the view at the end only when the operator was already reading there.
  useEffect(() => {
    const list = listRef.current;
    const end = endRef.current;
    if (!list || !end) return;
    const box = list.getBoundingClientRect();
    const last = list.lastElementChild?.getBoundingClientRect();
    if (!last || last.top - box.bottom < 200) end.scrollIntoView({ block: 'end' });
  }, [count]);

  if (!openRoomId || !room) {
    return (
      <div className="empty" role="status">
        Choose a space on the left to read it.
      </div>
    );
  }

  const list = messages.roomId === openRoomId ? messages.messages : [];
  const divider = messages.readMarker;
  const firstNewIndex = divider ? list.findIndex((m) => m.created > divider && !m.isMine) : -1;

  return (
    <section className="conversation" aria-labelledby="room-title">
      <header className="conversation-header">
        <h1 id="room-title">{room.type === 'direct' ? room.title : `# ${room.title}`}</h1>
        <div className="conversation-tools">
          <button
            type="button"
            aria-pressed={room.watched}
            onClick={() => void window.ops.rooms.setWatched({ roomId: room.id, watched: !room.watched })}
          >
            {room.watched ? '★ Watched' : '☆ Watch'}
          </button>
          <label>
            <span className="visually-hidden">Notifications</span>
            <select
              value={room.level}
              onChange={(e) =>
                void window.ops.rooms.setLevel({ roomId: room.id, level: e.target.value as NotifyLevel })
              }
            >
              <option value="all">Notify: all</option>
              <option value="mentionsAndRules">Notify: mentions and rules</option>
              <option value="off">Notify: off</option>
            </select>
          </label>
          <button type="button" onClick={() => void window.ops.rooms.markRead({ roomId: room.id })}>
            Mark read
          </button>
        </div>
      </header>
      {messages.error ? (
        <div className="banner banner-error" role="alert">
          <strong>{describeError(messages.error).title}.</strong> {describeError(messages.error).detail}
        </div>
      ) : null}
      <ol className="messages" aria-label={`Messages in ${room.title}`} aria-busy={messages.loading} ref={listRef}>
        {messages.loading && list.length === 0 ? <li className="empty small">Loading…</li> : null}
        {list.length === 0 && !messages.loading ? <li className="empty small">No messages yet.</li> : null}
        {list.map((m, i) => {
          const previous = list[i - 1];
          return (
            <Fragment key={m.id}>
              {!previous || !sameDay(previous.created, m.created) ? (
                <li className="divider" role="separator">
                  {formatDay(m.created)}
                </li>
              ) : null}
              {i === firstNewIndex ? (
                <li className="divider divider-new" role="separator" ref={dividerRef} data-divider="new">
                  new messages
                </li>
              ) : null}
              <li
                className={`message${m.ruleMatches.length ? ' message-alert' : ''}${m.mentionsMe ? ' message-mention' : ''}`}
                data-message-id={m.id}
              >
                <div className="message-meta">
                  <span className="message-author">{m.personDisplayName ?? m.personEmail}</span>
                  <time dateTime={m.created}>{formatTime(m.created)}</time>
                  {m.updated ? <span className="muted small">(edited)</span> : null}
                  {m.parentId ? <span className="muted small">in thread</span> : null}
                </div>
                <MessageBody message={m} />
                {m.files?.length ? (
                  <ul className="files">
                    {m.files.map((f) => (
                      <li key={f.ref}>📎 {f.name ?? 'attachment'}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            </Fragment>
          );
        })}
      </ol>
      <div ref={endRef} />
    </section>
  );
}
