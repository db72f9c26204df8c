import {
  forwardRef,
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentPropsWithoutRef,
} from 'react';
import { Virtuoso, type Components, type ItemProps, type VirtuosoHandle } from 'react-virtuoso';
import type { MessageView, NotifyLevel } from '../../../../shared/contract/channels';
import { useCommand, useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { listOf } from '../../store/collection';
import { isDeleted, useOps } from '../../store/store';
import { formatTime } from '../../time';
import { hueOf, initialsOf, utcTooltip } from './body';
import { HISTORY_KEPT } from '../../commands';
import { Composer } from '../composer/Composer';
import { OwnMessageActions } from '../composer/OwnMessageActions';
import { requestRunbookFrom } from '../quick-actions/runbook-request';
import { MembersButton } from '../members/MembersPanel';
import { ThreadPanel } from '../threads/ThreadPanel';
import { OpenWarRoomButton } from '../warroom/WarRoomDialog';
import { isAlertMessage, titleFromAlert } from '../warroom/warroom-state';
import { AdaptiveCardView } from './AdaptiveCardView';
import { FileChip } from './FileChip';
import { MessageBody } from './MessageBody';
import { messagesAfter, paneItems, prependedCount, type PaneItem } from './pane-items';
import './messages.css';

/** How close to the end (px) still counts as "reading the newest messages". */
const AT_END_PX = 120;
/**
 * Virtuoso's index of the first row when a space opens; older pages lower it by the rows they add (it must stay
 * positive: far more than the rows a space can hold, HISTORY_KEPT plus the live window and separators).
 */
const FIRST_INDEX = 1_000_000;
/** Rendered beyond the visible area (px), above and below: smooth scrolling, DOM still bounded by the viewport. */
const OVERSCAN_PX = 400;
/** Rows from the top at which the next older page is asked for, before the operator reaches the top. */
const PREFETCH_ROWS = 20;
/**
 * A one-line message row (px), Virtuoso's estimate until rows are measured. Given, it skips the "probe" render of
 * the first row — which would also look like the top being near and ask for an older page as a space opens.
 */
const ROW_ESTIMATE_PX = 48;

function messageClass(message: MessageView): string {
  return `message${message.ruleMatches.length ? ' message-alert' : ''}${message.mentionsMe ? ' message-mention' : ''}${message.parentId ? ' message-reply' : ''}`;
}

/** One message's content (its row, the `li`, is the list's Item). Memoised: only rows whose message changed render. */
const MessageContent = memo(function MessageContent({
  message,
  replies,
  onOpenThread,
}: {
  message: MessageView;
  replies: number;
  onOpenThread: (parentId: string) => void;
}) {
  const name = message.personDisplayName ?? message.personEmail;
  if (isDeleted(message))
    return <DeletedMessage message={message} name={name} replies={replies} onOpenThread={onOpenThread} />;
  return (
    <>
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
          <button
            type="button"
            className="link small message-runbook-button"
            aria-label={`Run runbook… on ${name}'s message`}
            onClick={() => requestRunbookFrom(message)}
          >
            Run runbook…
          </button>
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
        <ReplyCount parentId={message.id} replies={replies} onOpenThread={onOpenThread} />
      </div>
    </>
  );
});

/** "3 replies" under a message whose replies are grouped under it; opens its thread. */
function ReplyCount({
  parentId,
  replies,
  onOpenThread,
}: {
  parentId: string;
  replies: number;
  onOpenThread: (parentId: string) => void;
}) {
  if (replies <= 0) return null;
  return (
    <button
      type="button"
      className="link small reply-count"
      data-replies={replies}
      onClick={() => onOpenThread(parentId)}
    >
      {replies === 1 ? '1 reply' : `${replies} replies`}
    </button>
  );
}

/** A message deleted at Webex while the space was open: who and when, no content, no actions but its thread. */
function DeletedMessage({
  message,
  name,
  replies,
  onOpenThread,
}: {
  message: MessageView;
  name: string;
  replies: number;
  onOpenThread: (parentId: string) => void;
}) {
  return (
    <>
      <span className="avatar avatar-deleted" aria-hidden="true">
        {initialsOf(name)}
      </span>
      <div className="message-main">
        <div className="message-meta">
          <span className="message-author">{name}</span>
          <time dateTime={message.created} title={utcTooltip(message.created)}>
            {formatTime(message.created)}
          </time>
        </div>
        <p className="message-deleted muted">This message was deleted.</p>
        <ReplyCount parentId={message.id} replies={replies} onOpenThread={onOpenThread} />
      </div>
    </>
  );
}

/** What the list's parts (rendered by Virtuoso) need from the pane. */
interface PaneContext {
  label: string;
  busy: boolean;
  /** The status line above the oldest message (loading, the beginning of the space, …). */
  edge: string;
  onOpenThread: (parentId: string) => void;
}

const MessageList = forwardRef<HTMLOListElement, ComponentPropsWithoutRef<'ol'> & { context: PaneContext }>(
  function MessageList({ context, ...props }, ref) {
    return <ol {...props} ref={ref} className="messages" aria-label={context.label} aria-busy={context.busy} />;
  },
);

function MessageItem({ item, context: _context, ...props }: ItemProps<PaneItem> & { context: PaneContext }) {
  switch (item.kind) {
    case 'day':
      return <li {...props} className="divider" data-divider="day" />;
    case 'new':
      return <li {...props} className="divider divider-new" data-divider="new" />;
    case 'message':
      return <li {...props} className={messageClass(item.message)} data-message-id={item.message.id} />;
  }
}

function HistoryEdge({ context }: { context: PaneContext }) {
  return (
    <p className="history-edge muted small" role="status">
      {context.edge}
    </p>
  );
}

const listParts = {
  List: MessageList,
  Item: MessageItem,
  Header: HistoryEdge,
} as unknown as Components<PaneItem, PaneContext>;

function itemContent(_index: number, item: PaneItem, context: PaneContext) {
  switch (item.kind) {
    case 'day':
      return item.label;
    case 'new':
      return 'new messages';
    case 'message':
      return <MessageContent message={item.message} replies={item.replies} onOpenThread={context.onOpenThread} />;
  }
}

const itemKey = (_index: number, item: PaneItem): string => item.key;

/**
 * Virtuoso's `firstItemIndex` for the rows of one space: lowered by the rows older pages add above (so what the
 * operator reads keeps its index and stays in place), back to the start when another space opens. Derived state,
 * kept the React way (set during render when the rows change).
 */
function useFirstItemIndex(roomId: string | undefined, items: readonly PaneItem[]): number {
  const [seen, setSeen] = useState({ roomId, items, first: FIRST_INDEX });
  if (seen.roomId === roomId && seen.items === items) return seen.first;
  const first = seen.roomId === roomId ? seen.first - prependedCount(seen.items, items) : FIRST_INDEX;
  setSeen({ roomId, items, first });
  return first;
}

/**
 * The open space: a fixed header, the messages virtualised with react-virtuoso (only the rows in view are in the
 * DOM, whatever the count), older pages through main when the top is reached (anchored: what the operator reads
 * stays in place), "Jump to latest" with the count of newer messages, the thread panel and the composer.
 */
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
  const virtuoso = useRef<VirtuosoHandle>(null);
  // Whether the operator reads away from the end, and how many messages arrived meanwhile; per space.
  const [view, setView] = useState({ roomId: openRoomId, away: false, newer: 0 });
  if (view.roomId !== openRoomId) setView({ roomId: openRoomId, away: false, newer: 0 });
  const awayFromEnd = view.roomId === openRoomId && view.away;
  const newer = view.roomId === openRoomId ? view.newer : 0;
  const older = history.roomId === openRoomId ? history : undefined;
  const current = messages.roomId === openRoomId;
  // Older pages (read through main) before the live window; the live copy of a message wins.
  const all = useMemo(() => {
    if (!current) return [];
    const live = listOf(messages);
    if (!older || older.older.ids.length === 0) return live;
    return [...listOf(older.older).filter((m) => !messages.byId.has(m.id)), ...live];
  }, [messages, older, current]);
  const readMarker = current ? messages.readMarker : undefined;
  const { items, newIndex } = useMemo(() => paneItems(all, readMarker), [all, readMarker]);
  const firstItemIndex = useFirstItemIndex(openRoomId, items);
  const loaded = current && !messages.loading;
  const lastItem = items[items.length - 1];
  const lastId = lastItem?.kind === 'message' ? lastItem.key : undefined;
  const previousLast = useRef<{ roomId?: string; id?: string }>({});

  /**
   * At the end, the view stays at the end when rows grow after they were placed (a card or a long message measured,
   * fonts settling) — Virtuoso's followOutput answers new rows only, and its at-bottom threshold would otherwise
   * count a newest message pushed just below the edge as "at the end". Off while the operator reads away from it.
   */
  const stickToEnd = useRef(false);
  /** The open space has no "new messages" divider: it opens at its end. */
  const opensAtEnd = useRef(false);
  useLayoutEffect(() => {
    opensAtEnd.current = newIndex < 0;
  }, [newIndex]);
  /**
   * Scrolling up lets go of the end at once — before Virtuoso's at-bottom state catches up, a row measured on the
   * way up must not pull the view back down; being at the very end holds on again.
   */
  const followScroller = useCallback((el: HTMLElement | Window | null): void => {
    if (!(el instanceof HTMLElement)) return;
    let lastTop = el.scrollTop;
    let scrolledUp = false;
    el.addEventListener(
      'scroll',
      () => {
        // At the very end (the list shrank under the view, say) it holds on again.
        if (el.scrollHeight - el.scrollTop - el.clientHeight <= 1) stickToEnd.current = true;
        else if (el.scrollTop < lastTop - 1) {
          stickToEnd.current = false;
          scrolledUp = true;
        }
        lastTop = el.scrollTop;
      },
      { passive: true },
    );
    // A space that opens at its end holds on to it from the start (Virtuoso may report nothing while it places the
    // list) and is put there again in the first frames, once its rows are measured — unless the operator scrolled.
    const settle = (frames: number): void => {
      requestAnimationFrame(() => {
        if (scrolledUp) return;
        if (opensAtEnd.current) stickToEnd.current = true;
        if (stickToEnd.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
        if (frames > 1) settle(frames - 1);
      });
    };
    settle(3);
  }, []);
  /** Records whether the view is at the end; at the end nothing is "newer". */
  const noteEnd = useCallback((isAtEnd: boolean): void => {
    stickToEnd.current = isAtEnd;
    setView((v) => (isAtEnd ? { ...v, away: false, newer: 0 } : { ...v, away: true }));
  }, []);

  // New messages keep the view at the end only when the operator was reading there (Virtuoso's followOutput);
  // otherwise they are counted for "Jump to latest".
  useLayoutEffect(() => {
    const before = previousLast.current;
    previousLast.current = { roomId: openRoomId, id: lastId };
    if (lastId === undefined || before.id === undefined || before.roomId !== openRoomId || before.id === lastId) return;
    const added = messagesAfter(items, before.id);
    if (added > 0) setView((v) => (v.away ? { ...v, newer: v.newer + added } : v));
    // Only when the newest message changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastId, openRoomId]);

  /**
   * The page before the oldest message shown, through main: one at a time, once the space has loaded, and the same
   * page again (after a failure) only when the operator left the top and came back — never in a loop.
   */
  const firstId = all[0]?.id;
  const asked = useRef<{ before?: string; leftTop: boolean }>({ leftTop: false });
  /** The view has been away from the top once: the space is placed, rows near the top mean the operator went there. */
  const placed = useRef(false);
  useEffect(() => {
    asked.current = { leftTop: false };
    placed.current = false;
    stickToEnd.current = false;
  }, [openRoomId]);
  const loadOlder = useCallback((): void => {
    if (!openRoomId || !loaded || loadingOlder || !(older?.hasMore ?? true) || firstId === undefined) return;
    if (asked.current.before === firstId && !asked.current.leftTop) return;
    asked.current = { before: firstId, leftTop: false };
    void commands.loadOlder(openRoomId);
  }, [openRoomId, loaded, loadingOlder, older?.hasMore, firstId, commands]);

  const openThread = useCallback(
    (parentId: string): void => {
      if (openRoomId) void commands.openThread(openRoomId, parentId);
    },
    [commands, openRoomId],
  );
  const edge = loadingOlder
    ? 'Loading older messages…'
    : older && !older.hasMore
      ? older.older.ids.length >= HISTORY_KEPT
        ? 'Older messages are not kept in the window.'
        : 'The beginning of this space.'
      : 'Scroll up for older messages.';
  const label = `Messages in ${room?.title ?? ''}`;
  const busy = messages.loading || loadingOlder;
  const context = useMemo<PaneContext>(
    () => ({ label, busy, edge, onOpenThread: openThread }),
    [label, busy, edge, openThread],
  );

  if (!openRoomId || !room) {
    return (
      <div className="empty" role="status">
        Choose a space on the left to read it, or press Ctrl+K to find one.
      </div>
    );
  }

  const scrollToEnd = (): void => {
    virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
    noteEnd(true);
  };

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
        {/* The list and, over its lower edge (never over the composer), "Jump to latest". */}
        <div className="message-column">
          {items.length > 0 ? (
            <Virtuoso<PaneItem, PaneContext>
              // A space opens at its "new messages" divider or its end; another space is another list.
              key={openRoomId}
              ref={virtuoso}
              scrollerRef={followScroller}
              className="message-scroller"
              data={items}
              context={context}
              components={listParts}
              itemContent={itemContent}
              computeItemKey={itemKey}
              firstItemIndex={firstItemIndex}
              initialTopMostItemIndex={
                newIndex >= 0 ? { index: newIndex, align: 'start' } : { index: 'LAST', align: 'end' }
              }
              followOutput={(isAtBottom) => (isAtBottom ? 'auto' : false)}
              atBottomThreshold={AT_END_PX}
              atBottomStateChange={noteEnd}
              totalListHeightChanged={() => {
                if (stickToEnd.current) virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
              }}
              // The top in view asks for the page before it: startReached fires for each new first row in view (a
              // space that does not fill the pane reads on at once); atTopStateChange when the operator comes back to
              // the top (after a failed page, say) — not the top Virtuoso passes through while it opens at the end.
              atTopStateChange={(top) => {
                if (!top) {
                  placed.current = true;
                  asked.current = { ...asked.current, leftTop: true };
                } else if (asked.current.leftTop) loadOlder();
              }}
              startReached={loadOlder}
              // Near the top already (startReached is throttled): the page is on its way before the top is reached.
              rangeChanged={({ startIndex }) => {
                if (placed.current && startIndex - firstItemIndex < PREFETCH_ROWS) loadOlder();
              }}
              increaseViewportBy={OVERSCAN_PX}
              defaultItemHeight={ROW_ESTIMATE_PX}
            />
          ) : (
            <div className="message-scroller">
              <ol className="messages" aria-label={label} aria-busy={busy}>
                {messages.loading || !current ? (
                  <li className="empty small">Loading…</li>
                ) : (
                  <li className="empty small">No messages yet.</li>
                )}
              </ol>
            </div>
          )}
          {awayFromEnd ? (
            <button type="button" className="jump-latest" onClick={scrollToEnd} data-newer={newer}>
              {newer > 0 ? `Jump to latest (${newer} new)` : 'Jump to latest'}
            </button>
          ) : null}
        </div>
        {thread && thread.roomId === room.id ? <ThreadPanel /> : null}
      </div>
      <Composer roomId={room.id} />
    </section>
  );
}
