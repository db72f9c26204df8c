/**
 * The bot path: a bot may list group-room messages only with mentionedPeople=me (else 403); direct rooms need no
 * filter. Reads carry the filter and max ≤ 100 on every page (the client restores it when the server drops it from
 * next links), so the 403 never happens and only mentions are seen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagesState, RoomsState } from '../../../src/shared/contract/channels';
import { duplicates, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('as a bot', () => {
  it('reads group rooms with mentionedPeople=me (max ≤ 100), direct rooms without; never a 403', async () => {
    h = await startWatchHarness(
      { dropMentionedPeopleInNextLinks: true },
      { config: { messagesPageSize: 30, maxPagesPerRoom: 3 } },
    );
    const group = h.sim.control.createRoom('operator', { title: 'bot group' });
    h.sim.control.addMember(group.id, 'bot');
    const botEmail = h.sim.people.bot?.email as string;
    const hello = h.sim.control.post('operator', { toPersonEmail: botEmail, text: 'hello bot' });
    await h.clock.advance(1000);
    h.startService();
    h.session.set(await h.activeFor('bot'));
    await h.step(200);
    await h.invoke('rooms.setWatched', { roomId: group.id, watched: true });
    await h.invoke('rooms.setWatched', { roomId: hello.roomId, watched: true });
    await h.step(5_000);
    const since = h.clock.now();
    const before = h.sim.control.requests().length;
    const mentioned: string[] = [];
    for (let i = 0; i < 130; i++) {
      if (i % 2 === 0)
        mentioned.push(
          h.sim.control.post('operator', { roomId: group.id, markdown: `<@personEmail:${botEmail}|AlertBot> ack ${i}` })
            .id,
        );
      else h.sim.control.post('operator', { roomId: group.id, text: `chatter ${i}` });
      await h.clock.advance(1);
    }
    const direct = h.sim.control.post('operator', { toPersonEmail: botEmail, text: 'direct ping' }).id;
    await h.step(30_000);
    const log = h.sim.control.requests().slice(before);
    const reads = log.filter((r) => r.route === 'GET /messages');
    expect(log.some((r) => r.status === 403)).toBe(false);
    const groupReads = reads.filter((r) => r.query.roomId === group.id);
    expect(groupReads.length).toBeGreaterThanOrEqual(1);
    expect(groupReads.filter((r) => r.query.mentionedPeople !== 'me' || Number(r.query.max) > 100)).toEqual([]);
    // Next pages were followed (the simulator dropped mentionedPeople from its next links, like Webex does).
    expect(groupReads.filter((r) => r.query.beforeMessage !== undefined).length).toBeGreaterThanOrEqual(2);
    const directReads = reads.filter((r) => r.query.roomId === hello.roomId);
    expect(directReads.length).toBeGreaterThanOrEqual(1);
    expect(directReads.filter((r) => r.query.mentionedPeople !== undefined)).toEqual([]);
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(new Set(h.processed.get(group.id))).toEqual(new Set(mentioned));
    expect(h.processed.get(hello.roomId)).toEqual([direct]);
    const rooms = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(rooms.data.rooms.find((r) => r.id === group.id)).toMatchObject({ unread: 65, mentions: 65 });
    expect(h.sim.control.posted().filter((p) => p.at >= since)).toHaveLength(131);
  });

  it('opening a group space as a bot loads its mentions only', async () => {
    h = await startWatchHarness();
    const group = h.sim.control.createRoom('operator', { title: 'bot open' });
    h.sim.control.addMember(group.id, 'bot');
    const botEmail = h.sim.people.bot?.email as string;
    h.sim.control.post('operator', { roomId: group.id, text: 'not for the bot' });
    const m = h.sim.control.post('operator', {
      roomId: group.id,
      markdown: `<@personEmail:${botEmail}|AlertBot> status?`,
    });
    await h.clock.advance(1000);
    h.startService();
    h.session.set(await h.activeFor('bot'));
    await h.step(200);
    await h.invoke('rooms.open', { roomId: group.id });
    await h.step(200);
    const state = (await h.invoke('messages.snapshot')) as { data: MessagesState };
    expect(state.data.messages.map((x) => x.id)).toEqual([m.id]);
    expect(state.data.messages[0]).toMatchObject({ mentionsMe: true, isMine: false });
    expect(h.sim.control.requests().some((r) => r.status === 403)).toBe(false);
  });
});
