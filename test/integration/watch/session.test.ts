/**
 * Identity changes: the old identity's poller stops, every slice is reset, the new identity starts on its own saved
 * state (its own folder); signed out, the handlers answer notSignedIn and snapshots are empty.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState, RoomsState, RulesState } from '../../../src/shared/contract/channels';
import { eventsOf, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('session changes', () => {
  it('switching identity resets the slices and watches with the new identity’s state', async () => {
    h = await startWatchHarness();
    const shared = h.sim.control.createRoom('operator', { title: 'shared' });
    h.sim.control.addMember(shared.id, 'bot');
    const opOnly = h.sim.control.createRoom('operator', { title: 'operator only' });
    await h.clock.advance(1000);
    h.startService();
    const operator = await h.activeFor('operator');
    const bot = await h.activeFor('bot');
    expect(operator.dir).not.toBe(bot.dir);

    h.session.set(operator);
    await h.step(200);
    await h.invoke('rooms.setWatched', { roomId: shared.id, watched: true });
    await h.invoke('rules.save', {
      name: 'op rule',
      mode: 'keywords',
      pattern: 'x',
      caseSensitive: false,
      critical: false,
      enabled: true,
    });
    let rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.map((r) => r.title).sort()).toEqual(['operator only', 'shared']);

    const resetsBefore = eventsOf(h, 'rooms.reset').length;
    h.session.set(bot);
    await h.step(200);
    expect(eventsOf(h, 'rooms.reset').length).toBeGreaterThan(resetsBefore);
    expect(eventsOf(h, 'rooms.reset').some((e) => e.state.rooms.length === 0)).toBe(true);
    rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.map((r) => r.title)).toEqual(['shared']);
    expect(rooms.rooms[0]?.watched).toBe(false);
    const rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.rules).toEqual([]);

    // Only the bot's client polls now: the operator-only room is not listed any more.
    const before = h.sim.control.requests().length;
    h.sim.control.post('operator', { roomId: opOnly.id, text: 'not for the bot' });
    await h.step(10_000);
    const whileBot = h.sim.control.requests().slice(before);
    // About two cycles in 10 s: the bot lists (never an empty log that would pass any `every`).
    expect(whileBot.length).toBeGreaterThanOrEqual(2);
    expect(whileBot.map((r) => r.route).filter((route) => route !== 'GET /rooms')).toEqual([]);

    h.session.set(operator);
    await h.step(200);
    rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === shared.id)?.watched).toBe(true);
    expect(((await h.invoke('rules.snapshot')) as { data: RulesState }).data.rules.map((r) => r.name)).toEqual([
      'op rule',
    ]);
  });

  it('signed out: snapshots are empty and actions are notSignedIn', async () => {
    h = await startWatchHarness();
    h.startService();
    h.session.set(await h.activeFor('operator'));
    await h.step(200);
    h.session.set(undefined);
    await h.step(200);
    const poll = ((await h.invoke('poll.snapshot')) as { data: PollState }).data;
    expect(poll.running).toBe(false);
    expect(((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data.rooms).toEqual([]);
    const result = await h.invokeResult('rooms.markAllRead');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('notSignedIn');
    const before = h.sim.control.requests().length;
    await h.step(30_000);
    expect(h.sim.control.requests().length).toBe(before);
  });
});
