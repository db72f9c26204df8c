/**
 * The poll cycle against the simulator on virtual time: one rooms list per cycle even when idle, reads only for
 * changed watched rooms (1 + changed rooms per cycle, never one per watched room), no flood of history, own
 * messages not unread, mark read / mark all read, PollState.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState, RoomsState, RoomView } from '../../../src/shared/contract/channels';
import { startWatchHarness, eventsOf, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(rooms = 6): Promise<{ h: WatchHarness; ids: string[] }> {
  h = await startWatchHarness();
  const ids: string[] = [];
  for (let i = 0; i < rooms; i++) {
    const room = h.sim.control.createRoom('operator', { title: `ops-${i}` });
    h.sim.control.addMember(room.id, 'bot');
    h.sim.control.post('bot', { roomId: room.id, text: `history ${i}` });
    await h.clock.advance(1000);
    ids.push(room.id);
  }
  h.startService();
  h.session.set(await h.activeFor('operator'));
  await h.step(200);
  return { h, ids };
}

function room(state: RoomsState, id: string): RoomView {
  const r = state.rooms.find((x) => x.id === id);
  if (!r) throw new Error('room not listed');
  return r;
}

describe('the poll cycle', () => {
  it('lists rooms once per cycle while idle (≤ 5 s apart) and reads nothing', async () => {
    const { h, ids } = await setup();
    for (const id of ids) await h.invoke('rooms.setWatched', { roomId: id, watched: true });
    h.sim.control.resetStats();
    const startLog = h.sim.control.requests().length;
    await h.step(60_000);
    const log = h.sim.control.requests().slice(startLog);
    expect(log.every((r) => r.route === 'GET /rooms')).toBe(true);
    expect(log.every((r) => r.query.sortBy === 'lastactivity')).toBe(true);
    const gaps = log.slice(1).map((r, i) => r.at - (log[i] as { at: number }).at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
    expect(log.length).toBeGreaterThanOrEqual(12);
    expect(log.length).toBeLessThanOrEqual(15);
  });

  it('reads only the watched rooms whose lastActivity moved: 1 + changed rooms per cycle', async () => {
    const { h, ids } = await setup();
    for (const id of ids) await h.invoke('rooms.setWatched', { roomId: id, watched: true });
    await h.step(10_000);
    const before = h.sim.control.requests().length;
    h.sim.control.post('bot', { roomId: ids[1] as string, text: 'one' });
    h.sim.control.post('bot', { roomId: ids[4] as string, text: 'two' });
    await h.step(5_000);
    const log = h.sim.control.requests().slice(before);
    const reads = log.filter((r) => r.route === 'GET /messages');
    expect(reads.map((r) => r.query.roomId).sort()).toEqual([ids[1], ids[4]].sort());
    const lists = log.filter((r) => r.route === 'GET /rooms');
    expect(lists.length).toBeGreaterThanOrEqual(1);
    expect(log.length).toBe(lists.length + 2);
    expect(h.allProcessed()).toHaveLength(2);
  });

  it('a marker starts at lastActivity when first seen: no unread flood; new messages count exactly', async () => {
    const { h, ids } = await setup(3);
    const id = ids[0] as string;
    const watched = (await h.invoke('rooms.setWatched', { roomId: id, watched: true })) as RoomView;
    expect(watched.unread).toBe(0);
    const snap1 = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(snap1.data.rooms).toHaveLength(3);
    expect(snap1.data.rooms.every((r) => (r.unread ?? 0) === 0 && !r.activity)).toBe(true);

    h.sim.control.post('bot', { roomId: id, text: 'first' });
    await h.clock.advance(10);
    h.sim.control.post('bot', { roomId: id, markdown: `hey <@personEmail:${h.sim.people.operator?.email}|Dana>` });
    await h.clock.advance(10);
    h.sim.control.post('operator', { roomId: id, text: 'mine does not count' });
    h.sim.control.post('bot', { roomId: ids[2] as string, text: 'unwatched room: just a dot' });
    await h.step(5_000);
    const snap = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(room(snap.data, id)).toMatchObject({ unread: 2, mentions: 1, activity: true, watched: true });
    expect(room(snap.data, ids[2] as string)).toMatchObject({ activity: true, watched: false });
    expect(room(snap.data, ids[2] as string).unread).toBeUndefined();

    const read = (await h.invoke('rooms.markRead', { roomId: id })) as RoomView;
    expect(read).toMatchObject({ unread: 0, mentions: 0, activity: false });
    const all = (await h.invoke('rooms.markAllRead')) as { marked: number };
    expect(all.marked).toBe(1);
    const after = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(after.data.rooms).toHaveLength(3);
    expect(after.data.rooms.every((r) => !r.activity && (r.unread ?? 0) === 0)).toBe(true);
    // Events carried the same state as the snapshot.
    const lastUpsert = eventsOf(h, 'rooms.upsert')
      .flatMap((e) => e.rooms)
      .filter((r) => r.id === id)
      .pop();
    expect(lastUpsert).toMatchObject({ unread: 0 });
  });

  it('a space created while watching (a new incident room) shows its activity; old spaces do not', async () => {
    const { h, ids } = await setup(2);
    await h.step(5_000);
    const fresh = h.sim.control.createRoom('bot', { title: 'incident-42' });
    h.sim.control.addMember(fresh.id, 'operator');
    h.sim.control.post('bot', { roomId: fresh.id, text: 'SEV1 declared' });
    await h.step(5_000);
    const snap = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(room(snap.data, fresh.id)).toMatchObject({ title: 'incident-42', activity: true });
    expect(room(snap.data, ids[0] as string).activity).toBe(false);
  });

  it('reports poll state: last good sync, next sync, and syncNow triggers a cycle', async () => {
    const { h } = await setup(1);
    await h.step(1_000);
    const snap = (await h.invoke('poll.snapshot')) as { data: PollState };
    expect(snap.data.running).toBe(true);
    expect(snap.data.stale).toBe(false);
    expect(snap.data.lastGoodSyncAt).toBeDefined();
    expect(Date.parse(snap.data.nextSyncAt as string) - h.clock.now()).toBeLessThanOrEqual(5_000);
    const before = h.sim.control.requests().length;
    await h.invoke('poll.syncNow');
    await h.step(100);
    expect(h.sim.control.requests().length).toBe(before + 1);
  });
});
