/**
 * The events are the slices' differences: every watch operation ends in one "recompute, diff, emit" step, so a window
 * that applies the event stream from the first reset holds exactly what the snapshots return — after opening,
 * watching, levels, reads, rules, do-not-disturb, new, edited and deleted messages (docs/events.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  AlertRule,
  MessagesState,
  MessageView,
  RoomsState,
  RoomView,
  RulesState,
} from '../../../src/shared/contract/channels';
import { criticalKeywordRule, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Mirror {
  rooms: Map<string, RoomView>;
  openRoomId?: string;
  messages?: MessagesState;
  rules?: RulesState;
}

/** Applies the recorded events the way the window's store does. */
function replay(h: WatchHarness): Mirror {
  const m: Mirror = { rooms: new Map() };
  for (const { event } of h.events) {
    switch (event.type) {
      case 'rooms.reset':
        m.rooms = new Map(event.state.rooms.map((r) => [r.id, r]));
        if (event.state.openRoomId === undefined) delete m.openRoomId;
        else m.openRoomId = event.state.openRoomId;
        break;
      case 'rooms.upsert':
        for (const r of event.rooms) m.rooms.set(r.id, r);
        break;
      case 'rooms.remove':
        for (const id of event.ids) m.rooms.delete(id);
        break;
      case 'rooms.opened':
        if (event.roomId === undefined) delete m.openRoomId;
        else m.openRoomId = event.roomId;
        break;
      case 'messages.reset':
        m.messages = structuredClone(event.state);
        break;
      case 'messages.upsert': {
        const state = m.messages;
        if (!state || state.roomId !== event.roomId) break;
        const byId = new Map<string, MessageView>(state.messages.map((x) => [x.id, x]));
        for (const x of event.messages) byId.set(x.id, x);
        state.messages = [...byId.values()];
        break;
      }
      case 'messages.remove': {
        const state = m.messages;
        if (!state || state.roomId !== event.roomId) break;
        const gone = new Set(event.ids);
        state.messages = state.messages.filter((x) => !gone.has(x.id));
        break;
      }
      case 'rules.changed':
        m.rules = event.state;
        break;
      default:
        break;
    }
  }
  return m;
}

async function expectInSync(h: WatchHarness, when: string): Promise<void> {
  const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
  const messages = ((await h.invoke('messages.snapshot')) as { data: MessagesState }).data;
  const rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
  h.hub.flush();
  const m = replay(h);
  const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
  expect([...m.rooms.values()].sort(byId), `rooms after ${when}`).toEqual([...rooms.rooms].sort(byId));
  expect(m.openRoomId, `open space after ${when}`).toBe(rooms.openRoomId);
  expect({ ...m.messages, messages: [...(m.messages?.messages ?? [])].sort(byId) }, `messages after ${when}`).toEqual({
    ...messages,
    messages: [...messages.messages].sort(byId),
  });
  expect(m.rules, `rules after ${when}`).toEqual(rules);
}

describe('events and snapshots', () => {
  it('a window applying the events holds what the snapshots return, after every kind of operation', async () => {
    h = await startWatchHarness();
    const harness = h;
    const [a = '', b = '', c = ''] = await openWithRooms(h, ['noc', 'db', 'chatter'], {
      watch: false,
      prepare: (roomId) => {
        harness.sim.control.post('bot', { roomId, text: 'history' });
      },
    });
    await expectInSync(h, 'start');
    await h.invoke('rooms.setWatched', { roomId: a, watched: true });
    await h.invoke('rooms.setWatched', { roomId: b, watched: true });
    await h.invoke('rooms.setLevel', { roomId: c, level: 'off' });
    await expectInSync(h, 'watch and level');
    const rule = (await h.invoke('rules.save', criticalKeywordRule)) as AlertRule;
    await h.invoke('rooms.open', { roomId: a });
    await h.step(2_000);
    await expectInSync(h, 'open');
    const edited = h.sim.control.post('bot', { roomId: a, text: 'first draft' });
    const deleted = h.sim.control.post('bot', { roomId: a, text: 'CRITICAL: to be deleted' });
    h.sim.control.post('bot', { roomId: b, text: 'CRITICAL: db down' });
    h.sim.control.post('bot', { roomId: c, text: 'chatter' });
    await h.step(3_000);
    await expectInSync(h, 'new messages');
    h.sim.control.editMessage('bot', edited.id, { text: 'CRITICAL after the edit' });
    h.sim.control.deleteMessage('bot', deleted.id);
    await h.step(31_000);
    await expectInSync(h, 'edit and delete');
    await h.invoke('rules.setDnd', { minutes: 1 });
    h.sim.control.post('bot', { roomId: b, text: 'routine during dnd' });
    await h.invoke('rooms.setLevel', { roomId: b, level: 'all' });
    await h.step(3_000);
    await expectInSync(h, 'do-not-disturb');
    await h.invoke('rules.save', { ...rule, pattern: 'CRITICAL, routine' });
    await expectInSync(h, 'rule changed');
    await h.invoke('rooms.markRead', { roomId: b });
    await h.invoke('rooms.open', { roomId: b });
    await h.step(2_000);
    await expectInSync(h, 'another space opened');
    await h.invoke('rules.remove', { id: rule.id });
    await h.invoke('rooms.markAllRead');
    await h.invoke('rooms.open', {});
    await h.step(62_000);
    await expectInSync(h, 'closed, dnd over');
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.map((r) => r.id).sort()).toEqual([a, b, c].sort());
    expect(h.events.filter((e) => e.event.type === 'messages.upsert').length).toBeGreaterThan(0);
    expect(h.events.filter((e) => e.event.type === 'messages.remove').length).toBeGreaterThan(0);
  });
});
