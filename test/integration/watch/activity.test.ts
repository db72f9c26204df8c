/**
 * The 24-hour activity of watched spaces (RoomView.activity24h, the sidebar sparkline) on virtual time against the
 * simulator: messages counted per hour of their `created` time, alert-rule hits marked, a message seen twice
 * counted once, hours rolling out as the clock moves, kept across a restart — and not one request of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomsState, RoomView } from '../../../src/shared/contract/channels';
import type { Message } from '../../../src/main/webex';
import { criticalKeywordRule, eventsOf, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOUR = 3_600_000;
/** Hours of virtual time: a status tick per minute instead of per second keeps the run short. */
const config = { tickMs: 60_000 };

async function roomOf(h: WatchHarness, roomId: string): Promise<RoomView | undefined> {
  const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
  return rooms.rooms.find((r) => r.id === roomId);
}

/** The 24 counts with `tail` as the newest entries (oldest first), zeros before. */
function counts(...tail: number[]): number[] {
  return [...new Array<number>(24 - tail.length).fill(0), ...tail];
}

/** Time passes with the poller running: quiet cycles, one step per 5 minutes of virtual time. */
async function pass(h: WatchHarness, ms: number): Promise<void> {
  await h.step(ms, 300_000);
}

/** Stops the watch service and starts a new one on the same data folder, `closedMs` of virtual time later. */
async function restart(h: WatchHarness, closedMs = 0): Promise<void> {
  const active = h.session.current();
  await h.service.dispose();
  await h.clock.advance(closedMs);
  h.startService();
  h.session.set(undefined);
  h.session.set(active);
  await h.step(200);
}

describe('activity over the last 24 hours', () => {
  it('counts messages per hour, marks alert hours, counts a message seen twice once, asks nothing more', async () => {
    h = await startWatchHarness({}, { config });
    const [noc = '', db = '', quiet = ''] = await openWithRooms(h, ['noc', 'db-oncall', 'unwatched']);
    await h.invoke('rooms.setWatched', { roomId: quiet, watched: false });
    await h.invoke('rules.save', criticalKeywordRule);
    h.sim.control.post('bot', { roomId: noc, text: 'deploy started' });
    h.sim.control.post('bot', { roomId: noc, text: 'deploy finished' });
    h.sim.control.post('bot', { roomId: quiet, text: 'not watched' });
    await h.step(5_000);
    expect((await roomOf(h, noc))?.activity24h).toEqual({ counts: counts(2), alertHours: [] });
    expect((await roomOf(h, db))?.activity24h).toEqual({ counts: counts(0), alertHours: [] });

    // An hour later: the earlier messages moved one hour back; a CRITICAL hit marks the current hour.
    await pass(h, HOUR);
    h.sim.control.post('bot', { roomId: noc, text: 'CRITICAL: db-7 down' });
    h.sim.control.post('bot', { roomId: db, text: 'replication lag' });
    await h.step(5_000);
    expect((await roomOf(h, noc))?.activity24h).toEqual({ counts: counts(2, 1), alertHours: [23] });
    expect((await roomOf(h, db))?.activity24h).toEqual({ counts: counts(1), alertHours: [] });
    // Spaces not watched carry no activity.
    expect((await roomOf(h, quiet))?.activity24h).toBeUndefined();
    expect(eventsOf(h, 'rooms.upsert').some((e) => e.rooms.some((r) => r.id === noc && r.activity24h))).toBe(true);

    // The same messages read again (older history, a thread: Watcher.absorbRead) count once.
    const watcher = h.service.watcher();
    if (!watcher) throw new Error('no watcher');
    const history = h.sim.control.messages(noc).reverse() as unknown as Message[];
    expect(history).toHaveLength(3);
    await watcher.absorbRead(noc, history);
    expect((await roomOf(h, noc))?.activity24h).toEqual({ counts: counts(2, 1), alertHours: [23] });

    // Quiet hours ask Webex for nothing but the rooms list: every cycle is the one list request, and every request
    // the simulator saw came from those cycles.
    const cyclesBefore = h.cycleRequests.length;
    const requestsBefore = h.sim.control.requests().length;
    await pass(h, HOUR);
    const quietCycles = h.cycleRequests.slice(cyclesBefore);
    expect(quietCycles.length).toBeGreaterThanOrEqual(10);
    expect(new Set(quietCycles)).toEqual(new Set([1]));
    const requests = h.sim.control.requests().slice(requestsBefore);
    expect(requests).toHaveLength(quietCycles.length);
    expect(new Set(requests.map((r) => r.route))).toEqual(new Set(['GET /rooms']));
    expect((await roomOf(h, noc))?.activity24h).toEqual({ counts: counts(2, 1, 0), alertHours: [22] });
  });

  it('is kept across a restart and rolls out after 24 hours', async () => {
    h = await startWatchHarness({}, { config });
    const [noc = ''] = await openWithRooms(h, ['noc']);
    await h.invoke('rules.save', criticalKeywordRule);
    h.sim.control.post('bot', { roomId: noc, text: 'CRITICAL: link down' });
    await h.step(5_000);
    // Two hours with the app closed.
    await restart(h, 2 * HOUR);
    h.sim.control.post('bot', { roomId: noc, text: 'link up' });
    await h.step(5_000);
    const before = (await roomOf(h, noc))?.activity24h;
    expect(before).toEqual({ counts: counts(1, 0, 1), alertHours: [21] });

    await restart(h);
    expect((await roomOf(h, noc))?.activity24h).toEqual(before);
    // A message read again after the restart (its id is remembered in the saved hour) is not counted twice.
    const watcher = h.service.watcher();
    if (!watcher) throw new Error('no watcher');
    await watcher.absorbRead(noc, h.sim.control.messages(noc).reverse() as unknown as Message[]);
    expect((await roomOf(h, noc))?.activity24h).toEqual(before);

    // 21 hours on with the app closed: the first message is in the oldest hour. One more hour with the app running:
    // it has rolled out (with its alert mark); two more, everything has.
    await restart(h, 21 * HOUR);
    expect((await roomOf(h, noc))?.activity24h).toEqual({
      counts: [1, 0, 1, ...new Array<number>(21).fill(0)],
      alertHours: [0],
    });
    await pass(h, HOUR);
    expect((await roomOf(h, noc))?.activity24h).toEqual({
      counts: [0, 1, ...new Array<number>(22).fill(0)],
      alertHours: [],
    });
    await restart(h, 2 * HOUR);
    expect((await roomOf(h, noc))?.activity24h).toEqual({ counts: counts(), alertHours: [] });
    // Unwatching drops it.
    await h.invoke('rooms.setWatched', { roomId: noc, watched: false });
    expect((await roomOf(h, noc))?.activity24h).toBeUndefined();
  });
});
