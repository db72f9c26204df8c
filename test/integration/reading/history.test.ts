/**
 * `messages.loadOlder` and `messages.thread` (src/main/reading) against the simulator on virtual time: older pages
 * walk back to a space's first message without gaps or repeats, every message read goes through the watcher's
 * known-messages step (processed once, counts unchanged), a thread comes back parent first with its replies in
 * order, and bad cursors or unknown spaces are typed errors.
 */
import { describe, expect, it } from 'vitest';
import type { MessagePage, MessagesState, RoomsState, ThreadView } from '../../../src/shared/contract/channels';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import type { ReadingService } from '../../../src/main/reading';
import { duplicates, openWithRooms } from '../watch/harness';
import { useReadingHarness } from './reading-harness';

const harnesses = useReadingHarness();

const HISTORY = 300;

async function setup() {
  const harness = await harnesses.start();
  const posted: string[] = [];
  const [roomId] = await openWithRooms(harness, ['NOC'], {
    prepare: async (id) => {
      for (let i = 0; i < HISTORY; i++) {
        posted.push(harness.sim.control.post('bot', { roomId: id, text: `line ${i}` }).id);
        if (i % 10 === 0) await harness.clock.advance(1000);
      }
    },
  });
  return { h: harness, reading: harnesses.reading(harness), roomId: roomId as string, posted };
}

function call(r: ReadingService, channel: string, payload: unknown) {
  return dispatchInvoke(r.handlers as never, channel, payload, { senderId: 'test' }, { validateResults: true });
}

async function value<T>(r: ReadingService, channel: string, payload: unknown): Promise<T> {
  const result = await call(r, channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.kind}: ${result.error.message}`);
  return result.value as T;
}

describe('messages.loadOlder', () => {
  it('walks back to the first message without gaps or repeats, each processed once, counts unchanged', async () => {
    const { h, reading, roomId, posted } = await setup();
    await h.invoke('rooms.open', { roomId });
    await h.step(2_000);
    const open = ((await h.invoke('messages.snapshot')) as { data: MessagesState }).data;
    expect(open.messages.length).toBeLessThan(HISTORY);
    const unreadBefore = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data.rooms[0]?.unread;

    const older: string[] = [];
    let before = open.messages[0]?.id as string;
    let pages = 0;
    for (;;) {
      const page = await value<MessagePage>(reading, 'messages.loadOlder', { roomId, before, limit: 100 });
      pages += 1;
      older.unshift(...page.messages.map((m) => m.id));
      if (!page.hasMore || page.messages.length === 0) break;
      before = page.messages[0]?.id as string;
    }
    expect(pages).toBeLessThanOrEqual(4);
    expect([...older, ...open.messages.map((m) => m.id)]).toEqual(posted);
    await h.step(10_000);
    expect(duplicates(h.allProcessed())).toEqual([]);
    const unreadAfter = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data.rooms[0]?.unread;
    expect(unreadAfter).toBe(unreadBefore);
    // Main's open window did not grow: the pages live in the window that asked for them.
    const after = ((await h.invoke('messages.snapshot')) as { data: MessagesState }).data;
    expect(after.messages.length).toBe(open.messages.length);
  });

  it('refuses a cursor that is not a message id and a space it does not know', async () => {
    const { h, reading, roomId } = await setup();
    const bad = await call(reading, 'messages.loadOlder', { roomId, before: '__proto__' });
    expect(bad.ok ? 'ok' : bad.error.kind).toBe('invalidInput');
    const other = h.sim.control.createRoom('bot', { title: 'not mine' });
    const unknown = await call(reading, 'messages.loadOlder', { roomId: other.id, before: other.id });
    expect(unknown.ok ? 'ok' : unknown.error.kind).toBe('notFound');
    h.session.set(undefined);
    const out = await call(reading, 'messages.loadOlder', { roomId, before: roomId });
    expect(out.ok ? 'ok' : out.error.kind).toBe('notSignedIn');
  });
});

describe('messages.thread', () => {
  it('returns the parent and its replies oldest first', async () => {
    const { h, reading, roomId } = await setup();
    const parent = h.sim.control.post('bot', { roomId, text: 'db-7 failover started' });
    const replies = [];
    for (const text of ['on it', 'replica promoted', 'done']) {
      await h.clock.advance(1000);
      replies.push(h.sim.control.post('operator', { roomId, text, parentId: parent.id }).id);
    }
    const thread = await value<ThreadView>(reading, 'messages.thread', { roomId, parentId: parent.id });
    expect(thread.parent?.text).toBe('db-7 failover started');
    expect(thread.replies.map((r) => r.id)).toEqual(replies);
    expect(thread.replies.every((r) => r.parentId === parent.id && r.isMine)).toBe(true);
    await h.step(10_000);
    expect(duplicates(h.allProcessed())).toEqual([]);
  });
});
