/**
 * Reading beyond the open space's live window (docs/architecture.md §6): older pages (`messages.loadOlder`, the
 * cursor is the oldest message the window shows) and threads (`messages.thread`). Every message read here goes
 * through the watcher's known-messages step (Watcher.absorbRead), so unread counts stay right and the poller never
 * counts it twice. Main keeps none of these pages: the window holds what it shows, bounded there.
 */
import type {
  LoadOlderInput,
  MessagePage,
  MessageView,
  RoomView,
  ThreadInput,
  ThreadView,
} from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import { AppFailure } from '../errors';
import type { ListMessagesQuery, Message } from '../webex';

export const OLDER_PAGE_DEFAULT = 100;
/** Replies read for one thread at most. */
export const THREAD_MAX_REPLIES = 1_000;

export interface HistoryDeps {
  session: { current(): ActiveSession | undefined };
  knownView(roomId: string): RoomView | undefined;
  /** Makes messages known (counted, matched) and returns their views (src/main/watch: Watcher.absorbRead). */
  absorbRead(roomId: string, messages: readonly Message[]): MessageView[] | Promise<MessageView[]>;
}

function needSession(deps: HistoryDeps): ActiveSession {
  const active = deps.session.current();
  if (!active) throw new AppFailure('notSignedIn', 'Sign in to read spaces.');
  return active;
}

function needRoom(deps: HistoryDeps, roomId: string): RoomView {
  const view = deps.knownView(roomId);
  if (!view) throw new AppFailure('notFound', 'Open the space first.');
  return view;
}

/** Bots see only messages that mention them in group spaces (docs/webex-api.md §3). */
function query(active: ActiveSession, room: RoomView, base: ListMessagesQuery & { max: number }) {
  if (active.me.type === 'bot' && room.type !== 'direct') {
    return { ...base, max: Math.min(base.max, 100), mentionedPeople: 'me' as const };
  }
  return base;
}

export async function loadOlder(deps: HistoryDeps, input: LoadOlderInput): Promise<MessagePage> {
  const active = needSession(deps);
  const room = needRoom(deps, input.roomId);
  const q = query(active, room, {
    roomId: input.roomId,
    beforeMessage: input.before,
    max: input.limit ?? OLDER_PAGE_DEFAULT,
  });
  const page = await active.client.messages.list(q, { limit: q.max }).toArray();
  const oldestFirst = [...page].reverse();
  const messages = await deps.absorbRead(input.roomId, oldestFirst);
  return { roomId: input.roomId, messages, hasMore: page.length >= q.max };
}

export async function readThread(deps: HistoryDeps, input: ThreadInput): Promise<ThreadView> {
  const active = needSession(deps);
  const room = needRoom(deps, input.roomId);
  const q = query(active, room, { roomId: input.roomId, parentId: input.parentId, max: 100 });
  const [parent, replies] = await Promise.all([
    active.client.messages.get(input.parentId),
    active.client.messages.list(q, { limit: THREAD_MAX_REPLIES }).toArray(),
  ]);
  if (parent.roomId !== input.roomId) throw new AppFailure('notFound', 'That message is not in this space.');
  const [parentView, ...replyViews] = await deps.absorbRead(input.roomId, [parent, ...[...replies].reverse()]);
  const view: ThreadView = { roomId: input.roomId, parentId: input.parentId, replies: replyViews };
  if (parentView) view.parent = parentView;
  return view;
}
