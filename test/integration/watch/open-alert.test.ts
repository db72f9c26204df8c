/**
 * Opening a watched space that already has a read position must not swallow what arrived since the last poll: every
 * message that becomes known — by a poll read or by the open-space read — is counted, matched against the alert rules
 * and notified in one step (docs/architecture.md §6).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule, MessagesState, RoomsState, RoomView } from '../../../src/shared/contract/channels';
import { criticalKeywordRule, duplicates, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function roomOf(h: WatchHarness, roomId: string): Promise<RoomView | undefined> {
  return ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data.rooms.find((r) => r.id === roomId);
}

describe('opening a watched space', () => {
  it('counts, flags and notifies a critical message posted just before the space is opened', async () => {
    h = await startWatchHarness();
    const [roomId = ''] = await openWithRooms(h, ['noc']);
    const rule = (await h.invoke('rules.save', criticalKeywordRule)) as AlertRule;
    h.sim.control.post('bot', { roomId, text: 'routine check' });
    await h.step(5_000);
    expect(await roomOf(h, roomId)).toMatchObject({ unread: 1, alert: false });
    expect(h.notifications).toHaveLength(0);

    const alert = h.sim.control.post('bot', { roomId, text: 'CRITICAL: db down' });
    await h.invoke('rooms.open', { roomId });
    await h.step(3_000);

    expect(await roomOf(h, roomId)).toMatchObject({ unread: 2, alert: true });
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]).toMatchObject({ roomId, critical: true });
    expect(h.notifications[0]?.body).toContain('CRITICAL: db down');
    const open = ((await h.invoke('messages.snapshot')) as { data: MessagesState }).data;
    expect(open.messages.find((m) => m.id === alert.id)?.ruleMatches).toEqual([rule.id]);
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect(h.processed.get(roomId)).toHaveLength(2);
  });

  it('a space watched but not read yet, opened at once: an alert posted after it was watched notifies', async () => {
    h = await startWatchHarness();
    const [roomId = ''] = await openWithRooms(h, ['noc'], { watch: false });
    await h.invoke('rules.save', criticalKeywordRule);
    await h.invoke('rooms.setWatched', { roomId, watched: true });
    await h.clock.advance(10);
    h.sim.control.post('bot', { roomId, text: 'CRITICAL: disk full' });
    await h.invoke('rooms.open', { roomId });
    await h.step(3_000);
    expect(await roomOf(h, roomId)).toMatchObject({ unread: 1, alert: true });
    expect(h.notifications.map((n) => n.body)).toEqual([expect.stringContaining('CRITICAL: disk full')]);
  });

  it('after a restart, messages posted while closed are all counted when the space is opened at once', async () => {
    h = await startWatchHarness();
    const [roomId = ''] = await openWithRooms(h, ['noc']);
    h.sim.control.post('bot', { roomId, text: 'before the restart' });
    await h.step(5_000);
    expect(await roomOf(h, roomId)).toMatchObject({ unread: 1 });
    const active = h.session.current();
    await h.service.dispose();
    await h.clock.advance(60_000);
    h.sim.control.post('bot', { roomId, text: 'while closed 1' });
    h.sim.control.post('bot', { roomId, text: 'while closed 2' });
    await h.clock.advance(60_000);
    // The first rooms list after the start fails: the space is opened before the poller reads it.
    h.sim.control.setFaults({ 'GET /rooms': { error: 1, errorStatus: 503, count: 1 } });
    h.startService();
    h.session.set(active);
    await h.invoke('rooms.open', { roomId });
    await h.step(10_000);
    expect(h.sim.control.requests().filter((r) => r.status === 503)).toHaveLength(1);
    expect(await roomOf(h, roomId)).toMatchObject({ unread: 3 });
    expect(duplicates(h.allProcessed())).toEqual([]);
  });
});
