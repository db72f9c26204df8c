import type {
  CoreEvent,
  IncidentsState,
  MessagesState,
  OutboxState,
  RoomsState,
  RunbooksState,
} from '../../../shared/contract/channels';
import { assertNever } from '../../../shared/errors';
import { collectionOf, orderedCollectionOf, removeFrom, upsertInto } from './collection';
import { compareIncidents, compareMessages, compareOutboxItems, compareRooms } from './order';
import {
  deletedMarkOf,
  emptyCollection,
  type HistorySlice,
  type IncidentsSlice,
  type MessagesSlice,
  type OpView,
  type OpsStore,
  type OutboxSlice,
  type RoomsSlice,
  type RunbooksSlice,
} from './store';

/** Finished long operations kept for the forms that started them; older finished ones are pruned. */
export const FINISHED_OPS_KEPT = 10;

/** Spaces (besides the open one) whose older history the window keeps for switching back (each ≤ HISTORY_KEPT). */
export const HISTORIES_KEPT = 2;

/**
 * The history for the space opening now (what was kept for it, or none yet) and the kept histories with the one of
 * the space left (when it had read any) added last, the oldest beyond HISTORIES_KEPT dropped.
 */
function switchHistory(state: OpsStore, roomId: string | undefined): Pick<OpsStore, 'history' | 'keptHistories'> {
  const kept = new Map(state.keptHistories);
  const left = state.history;
  const liveFirstId = state.messages.roomId === left.roomId ? state.messages.ids[0] : undefined;
  if (left.roomId !== undefined && liveFirstId !== undefined && (left.older.ids.length > 0 || !left.hasMore)) {
    kept.delete(left.roomId);
    const { live: _stale, ...history } = left;
    const live = state.messages.loading || state.messages.error ? undefined : { ...state.messages, fromKept: true };
    kept.set(left.roomId, live ? { ...history, liveFirstId, live } : { ...history, liveFirstId });
  }
  const back = roomId === undefined ? undefined : kept.get(roomId);
  if (roomId !== undefined) kept.delete(roomId);
  while (kept.size > HISTORIES_KEPT) kept.delete(kept.keys().next().value as string);
  if (back) {
    const { live: _live, ...history } = back;
    return { history, keptHistories: kept };
  }
  return {
    history: { ...(roomId !== undefined ? { roomId } : {}), older: emptyCollection(), hasMore: true },
    keptHistories: kept,
  };
}

/**
 * Switching to a space whose history and live window the window kept (keptHistories): the space is shown at once
 * from them, while `rooms.open` goes through main as always — main's loaded window then replaces the kept one
 * (messages.reset), and the kept history stays joined when nothing is missing between them (joinedHistory).
 * Undefined when nothing is kept for the space: it opens when main answers.
 */
export function openFromKept(state: OpsStore, roomId: string): Partial<OpsStore> | undefined {
  const live = state.keptHistories.get(roomId)?.live;
  if (!live || state.rooms.openRoomId === roomId || !state.rooms.byId.has(roomId)) return undefined;
  const changes: Partial<OpsStore> = {
    rooms: { ...state.rooms, openRoomId: roomId },
    messages: live,
    ...switchHistory(state, roomId),
  };
  if (state.thread && state.thread.roomId !== roomId) changes.thread = undefined;
  return changes;
}

/**
 * A kept history once the live window has loaded: it stays when the live window still holds the message it ended
 * before (nothing missing between them), otherwise the space starts over from its live window.
 */
function joinedHistory(history: HistorySlice, messages: MessagesSlice): HistorySlice {
  if (history.liveFirstId === undefined || messages.loading) return history;
  const { liveFirstId, ...rest } = history;
  if (messages.byId.has(liveFirstId)) return rest;
  return { ...(rest.roomId !== undefined ? { roomId: rest.roomId } : {}), older: emptyCollection(), hasMore: true };
}

export function roomsSliceOf(state: RoomsState): RoomsSlice {
  const slice: RoomsSlice = collectionOf(state.rooms, compareRooms);
  if (state.openRoomId !== undefined) slice.openRoomId = state.openRoomId;
  return slice;
}

export function messagesSliceOf(state: MessagesState): MessagesSlice {
  const { messages, ...rest } = state;
  return { ...rest, ...collectionOf(messages, compareMessages) };
}

export function runbooksSliceOf(state: RunbooksState): RunbooksSlice {
  return { ...orderedCollectionOf(state.runbooks), files: state.files, loaded: true };
}

export function outboxSliceOf(state: OutboxState): OutboxSlice {
  return { ...collectionOf(state.items, compareOutboxItems), pending: state.pending, loaded: true };
}

export function incidentsSliceOf(state: IncidentsState): IncidentsSlice {
  return { ...collectionOf(state.incidents, compareIncidents), loaded: true };
}

/** Sets one op and drops the oldest finished ops beyond FINISHED_OPS_KEPT (unfinished ones are always kept). */
function withOp(ops: ReadonlyMap<string, OpView>, view: OpView): ReadonlyMap<string, OpView> {
  const next = new Map(ops);
  next.delete(view.opId);
  next.set(view.opId, view);
  const finished = [...next.values()].filter((o) => o.done !== undefined);
  for (const old of finished.slice(0, Math.max(0, finished.length - FINISHED_OPS_KEPT))) next.delete(old.opId);
  return next;
}

/**
 * Applies one event to the store state: a pure function of (state, event). Upserts and removals are keyed by id:
 * applying one twice is harmless.
 */
export function applyEvent(state: OpsStore, event: CoreEvent): Partial<OpsStore> {
  switch (event.type) {
    case 'app.changed':
      return { app: event.state };
    case 'session.changed':
      return { session: event.state };
    case 'rooms.reset':
      // A new identity (or a restart of the watch): what was read for the previous one goes too.
      return {
        rooms: roomsSliceOf(event.state),
        roomSearches: new Map(),
        files: new Map(),
        previews: new Map(),
        members: new Map(),
        keptHistories: new Map(),
      };
    case 'rooms.upsert':
      return { rooms: { ...state.rooms, ...upsertInto(state.rooms, event.rooms, compareRooms) } };
    case 'rooms.remove':
      return { rooms: { ...state.rooms, ...removeFrom(state.rooms, event.ids) } };
    case 'rooms.opened': {
      const rooms = { ...state.rooms };
      if (event.roomId === undefined) delete rooms.openRoomId;
      else rooms.openRoomId = event.roomId;
      return { rooms };
    }
    case 'messages.reset': {
      // Main is loading the space shown from what was kept: it stays shown until main's window arrives.
      if (event.state.loading && state.messages.fromKept && state.messages.roomId === event.state.roomId) return {};
      const messages = messagesSliceOf(event.state);
      // Another space: its thread panel goes, its older history is kept for switching back (switchHistory).
      if (state.history.roomId === event.state.roomId) {
        const history = joinedHistory(state.history, messages);
        return history === state.history ? { messages } : { messages, history };
      }
      const switched = switchHistory(state, event.state.roomId);
      const changes: Partial<OpsStore> = {
        messages,
        ...switched,
        history: joinedHistory(switched.history, messages),
      };
      if (state.thread && state.thread.roomId !== event.state.roomId) changes.thread = undefined;
      return changes;
    }
    case 'messages.upsert':
      if (state.messages.roomId !== event.roomId) return {};
      return { messages: { ...state.messages, ...upsertInto(state.messages, event.messages, compareMessages) } };
    case 'messages.remove':
      if (state.messages.roomId !== event.roomId) return {};
      if (event.reason === 'deleted') {
        const marks = event.ids.flatMap((id) => {
          const m = state.messages.byId.get(id);
          return m ? [deletedMarkOf(m)] : [];
        });
        return { messages: { ...state.messages, ...upsertInto(state.messages, marks, compareMessages) } };
      }
      return { messages: { ...state.messages, ...removeFrom(state.messages, event.ids) } };
    case 'poll.changed':
      return { poll: event.state };
    case 'rules.changed':
      return { rules: event.state };
    case 'runbooks.changed':
      return { runbooks: runbooksSliceOf(event.state) };
    case 'outbox.reset':
      return { outbox: outboxSliceOf(event.state) };
    case 'outbox.upsert':
      return {
        outbox: {
          ...state.outbox,
          ...upsertInto(state.outbox, event.items, compareOutboxItems),
          pending: event.pending,
        },
      };
    case 'outbox.remove':
      return { outbox: { ...state.outbox, ...removeFrom(state.outbox, event.ids), pending: event.pending } };
    case 'incidents.changed':
      return { incidents: incidentsSliceOf(event.state) };
    case 'op.progress': {
      const previous = state.ops.get(event.opId);
      const view: OpView = { ...previous, opId: event.opId, op: event.op, message: event.message };
      if (event.fraction !== undefined) view.fraction = event.fraction;
      return { ops: withOp(state.ops, view) };
    }
    case 'op.done':
      return {
        ops: withOp(state.ops, { ...state.ops.get(event.opId), opId: event.opId, op: event.op, done: event.result }),
      };
    case 'ui.focusRoom':
      return { focusRequest: { roomId: event.roomId, nonce: (state.focusRequest?.nonce ?? 0) + 1 } };
    default:
      return assertNever(event, 'event');
  }
}
