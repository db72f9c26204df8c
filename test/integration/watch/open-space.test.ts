/**
 * The open space: `rooms.open` emits the recent messages with the read marker (the "new messages" divider), new
 * messages arrive as messages.upsert within 2 s of the post, edits and deletions are applied when it is re-read, and
 * display names come from one memberships page (no request per message).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagesState, RoomsState } from '../../../src/shared/contract/channels';
import { eventsOf, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(): Promise<{ h: WatchHarness; roomId: string }> {
  h = await startWatchHarness();
  const harness = h;
  const [roomId = ''] = await openWithRooms(harness, ['incident'], {
    watch: false,
    prepare: async (id) => {
      for (let i = 0; i < 60; i++) {
        harness.sim.control.post('bot', { roomId: id, text: `history ${i}` });
        await harness.clock.advance(10);
      }
    },
  });
  return { h: harness, roomId };
}

async function messages(h: WatchHarness): Promise<MessagesState> {
  return ((await h.invoke('messages.snapshot')) as { data: MessagesState }).data;
}

describe('the open space', () => {
  it('opens with the last 50 messages, names from one memberships page, and the read marker', async () => {
    const { h, roomId } = await setup();
    const before = h.sim.control.requests().length;
    const state = (await h.invoke('rooms.open', { roomId })) as RoomsState;
    expect(state.openRoomId).toBe(roomId);
    h.hub.flush();
    expect(eventsOf(h, 'messages.reset').at(-1)?.state).toMatchObject({ roomId, loading: true });
    await h.step(100);
    const open = await messages(h);
    expect(open.loading).toBe(false);
    expect(open.messages).toHaveLength(50);
    expect(open.messages.at(-1)?.text).toBe('history 59');
    expect(open.messages[0]?.personDisplayName).toBe(h.sim.people.bot?.displayName);
    expect(open.readMarker).toBe(open.messages.at(-1)?.created);
    const log = h.sim.control.requests().slice(before);
    expect(log.filter((r) => r.route === 'GET /messages')).toHaveLength(1);
    expect(log.filter((r) => r.route === 'GET /memberships')).toHaveLength(1);
    expect(log.filter((r) => r.route.startsWith('GET /people'))).toHaveLength(0);
  });

  it('shows a new message within 2 s of the post (virtual time) as messages.upsert', async () => {
    const { h, roomId } = await setup();
    await h.invoke('rooms.open', { roomId });
    await h.step(3_000);
    for (let k = 0; k < 5; k++) {
      await h.step(700 + k * 211);
      const postedAt = h.clock.now();
      const m = h.sim.control.post('bot', { roomId, text: `live ${k}` });
      let seenAt: number | undefined;
      for (let t = 0; t < 40 && seenAt === undefined; t++) {
        await h.step(100);
        const hit = h.events.find(
          (e) => e.event.type === 'messages.upsert' && e.event.messages.some((x) => x.id === m.id),
        );
        if (hit) seenAt = hit.at;
      }
      expect(seenAt).toBeDefined();
      expect((seenAt as number) - postedAt).toBeLessThanOrEqual(2_000);
    }
    const open = await messages(h);
    expect(open.messages.filter((m) => m.text?.startsWith('live'))).toHaveLength(5);
    expect(open.messages.find((m) => m.text === 'live 0')).toMatchObject({
      isMine: false,
      mentionsMe: false,
      ruleMatches: [],
    });
  });

  it('applies edits and deletions when it is re-read', async () => {
    const { h, roomId } = await setup();
    const mine = h.sim.control.post('operator', { roomId, text: 'first draft' });
    const theirs = h.sim.control.post('bot', { roomId, text: 'to be deleted' });
    await h.clock.advance(10);
    await h.invoke('rooms.open', { roomId });
    await h.step(3_000);
    h.sim.control.editMessage('operator', mine.id, { text: 'final wording' });
    h.sim.control.deleteMessage('bot', theirs.id);
    await h.step(31_000);
    const open = await messages(h);
    expect(open.messages.find((m) => m.id === mine.id)).toMatchObject({ text: 'final wording', isMine: true });
    expect(open.messages.find((m) => m.id === mine.id)?.updated).toBeDefined();
    expect(open.messages.some((m) => m.id === theirs.id)).toBe(false);
    expect(eventsOf(h, 'messages.remove').flatMap((e) => e.ids)).toContain(theirs.id);
    // Said as a deletion, so the window can keep a "deleted" mark in its place.
    expect(eventsOf(h, 'messages.remove').find((e) => e.ids.includes(theirs.id))?.reason).toBe('deleted');
  });

  it('messages that only slide out of the bounded window are not said to be deleted', async () => {
    h = await startWatchHarness({}, { config: { openKeep: 50 } });
    const harness = h;
    const [roomId = ''] = await openWithRooms(harness, ['incident'], {
      watch: false,
      prepare: async (id) => {
        for (let i = 0; i < 50; i++) {
          harness.sim.control.post('bot', { roomId: id, text: `history ${i}` });
          await harness.clock.advance(10);
        }
      },
    });
    await h.invoke('rooms.open', { roomId });
    await h.step(3_000);
    const oldest = (await messages(h)).messages[0];
    if (!oldest) throw new Error('the space opened empty');
    h.sim.control.post('bot', { roomId, text: 'newer one' });
    await h.step(3_000);
    const removals = eventsOf(h, 'messages.remove');
    expect(removals.flatMap((e) => e.ids)).toEqual([oldest.id]);
    expect(removals[0]?.reason).toBeUndefined();
  });

  it('an open space that is not watched gets exact counts while open, then only the dot', async () => {
    const { h, roomId } = await setup();
    await h.invoke('rooms.open', { roomId });
    await h.step(2_000);
    h.sim.control.post('bot', { roomId, text: 'new while open' });
    await h.step(2_000);
    let rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === roomId)).toMatchObject({ unread: 1, watched: false });
    await h.invoke('rooms.open', {});
    rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    const closed = rooms.rooms.find((r) => r.id === roomId);
    expect(closed?.unread).toBeUndefined();
    expect(closed?.activity).toBe(true);
    expect(rooms.openRoomId).toBeUndefined();
    expect((await messages(h)).roomId).toBeUndefined();
  });

  it('opening an unknown space is notFound', async () => {
    const { h } = await setup();
    const result = await h.invokeResult('rooms.open', { roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vbm9wZQ' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('notFound');
  });
});
