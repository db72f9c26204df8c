import type { CoreEvent, MessageView, RoomView } from '../../../shared/contract/channels';
import { assertNever } from '../../../shared/errors';
import type { OpsStore } from './store';

function upsertById<T extends { id: string }>(list: T[], items: T[]): T[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const next = list.map((existing) => {
    const replacement = byId.get(existing.id);
    if (replacement) byId.delete(existing.id);
    return replacement ?? existing;
  });
  return next.concat([...byId.values()]);
}

function sortRooms(rooms: RoomView[]): RoomView[] {
  return [...rooms].sort((a, b) => b.lastActivity.localeCompare(a.lastActivity) || a.title.localeCompare(b.title));
}

function sortMessages(messages: MessageView[]): MessageView[] {
  return [...messages].sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
}

let focusNonce = 0;

/** Applies one event to the store state. Upserts and removals are keyed by id: applying one twice is harmless. */
export function applyEvent(state: OpsStore, event: CoreEvent): Partial<OpsStore> {
  switch (event.type) {
    case 'app.changed':
      return { app: event.state };
    case 'session.changed':
      return { session: event.state };
    case 'rooms.reset':
      return { rooms: { ...event.state, rooms: sortRooms(event.state.rooms) } };
    case 'rooms.upsert':
      return { rooms: { ...state.rooms, rooms: sortRooms(upsertById(state.rooms.rooms, event.rooms)) } };
    case 'rooms.remove': {
      const gone = new Set(event.ids);
      return { rooms: { ...state.rooms, rooms: state.rooms.rooms.filter((r) => !gone.has(r.id)) } };
    }
    case 'rooms.opened': {
      const rooms = { ...state.rooms };
      if (event.roomId === undefined) delete rooms.openRoomId;
      else rooms.openRoomId = event.roomId;
      return { rooms };
    }
    case 'messages.reset':
      return { messages: { ...event.state, messages: sortMessages(event.state.messages) } };
    case 'messages.upsert':
      if (state.messages.roomId !== event.roomId) return {};
      return {
        messages: { ...state.messages, messages: sortMessages(upsertById(state.messages.messages, event.messages)) },
      };
    case 'messages.remove': {
      if (state.messages.roomId !== event.roomId) return {};
      const gone = new Set(event.ids);
      return { messages: { ...state.messages, messages: state.messages.messages.filter((m) => !gone.has(m.id)) } };
    }
    case 'poll.changed':
      return { poll: event.state };
    case 'rules.changed':
      return { rules: event.state };
    case 'op.progress': {
      const previous = state.ops[event.opId];
      const view = { ...previous, opId: event.opId, op: event.op, message: event.message };
      if (event.fraction !== undefined) view.fraction = event.fraction;
      return { ops: { ...state.ops, [event.opId]: view } };
    }
    case 'op.done':
      return {
        ops: {
          ...state.ops,
          [event.opId]: { ...state.ops[event.opId], opId: event.opId, op: event.op, done: event.result },
        },
      };
    case 'ui.focusRoom':
      focusNonce += 1;
      return { focusRequest: { roomId: event.roomId, nonce: focusNonce } };
    default:
      return assertNever(event, 'event');
  }
}
