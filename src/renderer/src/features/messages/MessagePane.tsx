import { Fragment, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MessageView, NotifyLevel } from '../../../../shared/contract/channels';
import { useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { listOf } from '../../store/collection';
import { useOps } from '../../store/store';
import { formatDay, formatTime, sameDay } from '../../time';
import { hueOf, initialsOf, replyCounts, utcTooltip } from './body';
import { HISTORY_KEPT } from '../../commands';
import { Composer } from '../composer/Composer';
import { OwnMessageActions } from '../composer/OwnMessageActions';
import { MembersButton } from '../members/MembersPanel';
import { ThreadPanel } from '../threads/ThreadPanel';
import { OpenWarRoomButton } from '../warroom/WarRoomDialog';
import { isAlertMessage, titleFromAlert } from '../warroom/warroom-state';
import { AdaptiveCardView } from './AdaptiveCardView';
import { FileChip } from './FileChip';
import { MessageBody } from './MessageBody';
import './messages.css';

/** How close to the end (px) still counts as "reading the newest messages". */
const AT_END_PX = 120;
/** How close to the top (px) loads the next older page. */
const LOAD_OLDER_PX = 300;

function Message({
  message,
  replies,
  onOpenThread,
}: {
  message: MessageView;
  replies: number;
  onOpenThread: (parentId: string) => void;
}) {
  const name = message.personDisplayName ?? message.personEmail;
  return (
    <li
      className={`message${message.ruleMatches.length ? ' message-alert' : ''}${message.mentionsMe ? ' message-mention' : ''}${message.parentId ? ' message-reply' : ''}`}
      data-message-id={message.id}
    >
      <span
        className="avatar"
        aria-hidden="true"
        style={{ backgroundColor: `hsl(${hueOf(message.personId)} 45% 42%)` }}
      >
        {initialsOf(name)}
      </span>
      <div className="message-main">
        <div className="message-meta">
          <span className="message-author">{name}</span>
          <time dateTime={message.created} title={utcTooltip(message.created)}>
            {formatTime(message.created)}
          </time>
          {message.updated ? (
            <span className="muted small" title={`Edited ${utcTooltip(message.updated)}`}>
              (edited)
            </span>
          ) : null}
          {message.parentId ? (
            <button type="button" className="link small" onClick={() => onOpenThread(message.parentId as string)}>
              reply in thread
            </button>
          ) : (
            <button
              type="button"
              className="link small message-reply-button"
              aria-label={`Reply to ${name} in a thread`}
              onClick={() => onOpenThread(message.id)}
            >
              Reply
            </button>
          )}
          {isAlertMessage(message) ? (
            <OpenWarRoomButton
              className="link small"
              request={{ title: titleFromAlert(message), fromMessageId: message.id, fromRoomId: message.roomId }}
            />
          ) : null}
        </div>
        <MessageBody message={message} />
        {message.isMine ? <OwnMessageActions message={message} /> : null}
        {message.cards?.map((card, i) => (
          <AdaptiveCardView key={i} card={card} messageId={message.id} />
        ))}
        {message.files?.length ? (
          <ul className="files" aria-label="Attachments">
            {message.files.map((f) => (
              <FileChip key={f.ref} file={f} />
            ))}
          </ul>
        ) : null}
        {replies > 0 ? (
          <button
            type="button"
            className="link small reply-count"
            data-replies={replies}
            onClick={() => onOpenThread(message.id)}
          >
            {replies === 1 ? '1 reply' : `${replies} replies`}
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function MessagePane() {
  const commands = useCommands();
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const room = useOps((s) => (s.rooms.openRoomId ? s.rooms.byId.get(s.rooms.openRoomId) : undefined));
  const messages = useOps((s) => s.messages);
  const history = useOps((s) => s.history);
  const thread = useOps((s) => s.thread);
  const loadingOlder = useCommand(openRoomId ? `messages.loadOlder:${openRoomId}` : '')?.status === 'pending';
  const marking = useCommand(room ? `rooms.markRead:${room.id}` : '')?.status === 'pending';
  const watching = useCommand(room ? `rooms.setWatched:${room.id}` : '')?.status === 'pending';
  const scrollerRef = useRef<HTMLDivElement>(null);
  const dividerRef = useRef<HTMLLIElement>(null);
  const atEnd = useRef(true);
  const [newer, setNewer] = useState(0);
  const [awayFromEnd, setAwayFromEnd] = useState(false);
  const older = history.roomId === openRoomId ? history : undefined;
  // Older pages (read through main) before the live window; the live copy of a message wins.
  const all = useMemo(() => {
    if (messages.roomId !== openRoomId) return [];
    const live = listOf(messages);
    if (!older || older.older.ids.length === 0) return live;
    return [...listOf(older.older).filter((m) => !messages.byId.has(m.id)), ...live];
  }, [messages, older, openRoomId]);
  const replies = useMemo(() => replyCounts(all), [all]);
  // Replies sit under their parent (a reply count opens the thread); one whose parent is not shown stays in the list.
  const list = useMemo(() => {
    const shown = new Set(all.map((m) => m.id));
    return all.filter((m) => !m.parentId || !shown.has(m.parentId));
  }, [all]);
  const firstId = list[0]?.id;
  const lastId = list[list.length - 1]?.id;
  const loaded = messages.roomId === openRoomId && !messages.loading;
  const previousLast = useRef(lastId);
  /** Where the view was before older messages were added above it. */
  const anchor = useRef<{ height: number; top: number } | undefined>(undefined);

  /** Records whether the view is at the end; at the end nothing is "newer". */
  const noteEnd = (isAtEnd: boolean): void => {
    atEnd.current = isAtEnd;
    setAwayFromEnd(!isAtEnd);
    if (isAtEnd) setNewer(0);
  };
  const scrollToEnd = (): void => {
    const el = scrollerRef.current;
    if (el) el.scrollTop = el.scrollHeight;
    noteEnd(true);
  };

  // A space opens at the "new messages" divider (or at the end when everything is read).
  useLayoutEffect(() => {
    if (!loaded) return;
    if (dividerRef.current) {
      dividerRef.current.scrollIntoView({ block: 'start' });
      const el = scrollerRef.current;
      noteEnd(el ? el.scrollHeight - el.scrollTop - el.clientHeight < AT_END_PX : true);
    } else {
      scrollToEnd();
    }
    // Only when a space finishes loading; scrollToEnd is a fresh closure each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, openRoomId]);

  // New messages keep the view at the end only when the operator was reading there; otherwise they are counted.
  useLayoutEffect(() => {
    const before = previousLast.current;
    previousLast.current = lastId;
    if (lastId === undefined || before === undefined || before === lastId) return;
    const at = list.findIndex((m) => m.id === before);
    if (at < 0) return; // another space, or a reload
    const added = list.length - 1 - at;
    if (added <= 0) return;
    if (atEnd.current) scrollToEnd();
    else setNewer((n) => n + added);
    // Only when the newest message changes; scrollToEnd is a fresh closure each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastId]);

  // A space whose messages do not fill the pane cannot be scrolled up: its older history is asked for at once.
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el || !loaded || !openRoomId || firstId === undefined || loadingOlder) return;
    if ((older?.hasMore ?? true) && el.scrollHeight <= el.clientHeight && el.clientHeight > 0) {
      void commands.loadOlder(openRoomId);
    }
  }, [loaded, openRoomId, firstId, older?.hasMore, loadingOlder, commands]);

  // Older messages added above keep what the operator was reading in place.
  useLayoutEffect(() => {
    const el = scrollerRef.current;
    const was = anchor.current;
    if (!el || !was) return;
    anchor.current = undefined;
    el.scrollTop = was.top + (el.scrollHeight - was.height);
  }, [firstId]);

  if (!openRoomId || !room) {
    return (
      <div className="empty" role="status">
        Choose a space on the left to read it, or press Ctrl+K to find one.
      </div>
    );
  }

  const divider = messages.readMarker;
  const firstNewIndex = divider ? list.findIndex((m) => m.created > divider && !m.isMine) : -1;
  const onScroll = (): void => {
    const el = scrollerRef.current;
    if (!el) return;
    noteEnd(el.scrollHeight - el.scrollTop - el.clientHeight < AT_END_PX);
    if (el.scrollTop < LOAD_OLDER_PX && loaded && (older?.hasMore ?? true) && !loadingOlder && list.length > 0) {
      anchor.current = { height: el.scrollHeight, top: el.scrollTop };
      void commands.loadOlder(room.id);
    }
  };
  const openThread = (parentId: string): void => void commands.openThread(room.id, parentId);

  return (
    <section className="conversation" aria-labelledby="room-title">
      <header className="conversation-header">
        <h1 id="room-title">{room.type === 'direct' ? room.title : `# ${room.title}`}</h1>
        <div className="conversation-tools">
          <button
            type="button"
            aria-pressed={room.watched}
            aria-busy={watching}
            disabled={watching}
            onClick={() => void commands.setWatched(room.id, !room.watched)}
          >
            {room.watched ? '★ Watched' : '☆ Watch'}
          </button>
          <label>
            <span className="visually-hidden">Notifications</span>
            <select value={room.level} onChange={(e) => void commands.setLevel(room.id, e.target.value as NotifyLevel)}>
              <option value="all">Notify: all</option>
              <option value="mentionsAndRules">Notify: mentions and rules</option>
              <option value="off">Notify: off</option>
            </select>
          </label>
          <button type="button" disabled={marking} aria-busy={marking} onClick={() => void commands.markRead(room.id)}>
            Mark read
          </button>
          <MembersButton roomId={room.id} />
          <OpenWarRoomButton request={{ title: '' }} label="War room…" />
        </div>
      </header>
      {messages.error ? (
        <div className="banner banner-error" role="alert">
          <strong>{describeError(messages.error).title}.</strong> {describeError(messages.error).detail}
        </div>
      ) : null}
      <div className="conversation-body">
        <div className="message-scroller" ref={scrollerRef} onScroll={onScroll}>
          {loaded && list.length > 0 ? (
            <p className="history-edge muted small" role="status">
              {loadingOlder
                ? 'Loading older messages…'
                : older && !older.hasMore
                  ? older.older.ids.length >= HISTORY_KEPT
                    ? 'Older messages are not kept in the window.'
                    : 'The beginning of this space.'
                  : 'Scroll up for older messages.'}
            </p>
          ) : null}
          <ol
            className="messages"
            aria-label={`Messages in ${room.title}`}
            aria-busy={messages.loading || loadingOlder}
          >
            {messages.loading && list.length === 0 ? <li className="empty small">Loading…</li> : null}
            {list.length === 0 && !messages.loading ? <li className="empty small">No messages yet.</li> : null}
            {list.map((m, i) => {
              const previous = list[i - 1];
              return (
                <Fragment key={m.id}>
                  {!previous || !sameDay(previous.created, m.created) ? (
                    <li className="divider" data-divider="day">
                      {formatDay(m.created)}
                    </li>
                  ) : null}
                  {i === firstNewIndex ? (
                    <li className="divider divider-new" ref={dividerRef} data-divider="new">
                      new messages
                    </li>
                  ) : null}
                  <Message message={m} replies={replies.get(m.id) ?? 0} onOpenThread={openThread} />
                </Fragment>
              );
            })}
          </ol>
        </div>
        {thread && thread.roomId === room.id ? <ThreadPanel /> : null}
      </div>
      <Composer roomId={room.id} />
      {awayFromEnd ? (
        <button type="button" className="jump-latest" onClick={scrollToEnd} data-newer={newer}>
          {newer > 0 ? `Jump to latest (${newer} new)` : 'Jump to latest'}
        </button>
      ) : null}
    </section>
  );
}
