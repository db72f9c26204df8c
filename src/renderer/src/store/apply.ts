import type { CoreEvent, MessagesState, RoomsState } from '../../../shared/contract/channels';
import { assertNever } from '../../../shared/errors';
import { collectionOf, removeFrom, upsertInto } from './collection';
import { compareMessages, compareRooms } from './order';
import { emptyCollection, type MessagesSlice, type OpView, type OpsStore, type RoomsSlice } from './store';

/** Finished long operations kept for the forms that started them; older finished ones are pruned. */
export const FINISHED_OPS_KEPT = 10;

export function roomsSliceOf(state: RoomsState): RoomsSlice {
  const slice: RoomsSlice = collectionOf(state.rooms, compareRooms);
  if (state.openRoomId !== undefined) slice.openRoomId = state.openRoomId;
  return slice;
}

export function messagesSliceOf(state: MessagesState): MessagesSlice {
  const { messages, ...rest } = state;
  return { ...rest, ...collectionOf(messages, compareMessages) };
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
      return { rooms: roomsSliceOf(event.state), roomSearches: new Map(), files: new Map(), previews: new Map() };
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
      const messages = messagesSliceOf(event.state);
      // Another space: its older history and thread panel go.
      if (state.history.roomId === event.state.roomId) return { messages };
      const changes: Partial<OpsStore> = {
        messages,
        history: {
          ...(event.state.roomId ? { roomId: event.state.roomId } : {}),
          older: emptyCollection(),
          hasMore: true,
        },
      };
      if (state.thread && state.thread.roomId !== event.state.roomId) changes.thread = undefined;
      return changes;
    }
    case 'messages.upsert':
      if (state.messages.roomId !== event.roomId) return {};
      return { messages: { ...state.messages, ...upsertInto(state.messages, event.messages, compareMessages) } };
    case 'messages.remove':
      if (state.messages.roomId !== event.roomId) return {};
      return { messages: { ...state.messages, ...removeFrom(state.messages, event.ids) } };
    case 'poll.changed':
      return { poll: event.state };
    case 'rules.changed':
      return { rules: event.state };
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
