/**
 * Failures the operator must see: a saved alert rule that no longer compiles, and watch state that cannot be saved,
 * each raise a warning (and a log line) instead of failing silently. A space title too long for the saved state is
 * display data: it is clipped, never a reason to fail every save.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomsState, RulesState } from '../../../src/shared/contract/channels';
import { emptyWatchState, MAX_SAVED_TITLE, WATCH_STATE_VERSION } from '../../../src/main/watch/persistence';
import { watchStateFile } from '../../../src/main/watch';
import { openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('warnings in the window', () => {
  it('a saved rule that no longer compiles is named in a warning; the other rules keep alerting', async () => {
    h = await startWatchHarness();
    const room = h.sim.control.createRoom('operator', { title: 'noc' });
    h.sim.control.addMember(room.id, 'bot');
    const active = await h.activeFor('operator');
    const rule = (id: string, name: string, pattern: string) => ({
      id,
      name,
      mode: 'regex' as const,
      pattern,
      caseSensitive: false,
      critical: false,
      enabled: true,
    });
    // Saved by an older version that accepted nested repetition; this version refuses it.
    const state = {
      ...emptyWatchState(),
      rules: [rule('r-old', 'Legacy disk alert', '(disk+)+ full'), rule('r-ok', 'DB', 'db down')],
    };
    const file = path.join(h.dataDir, watchStateFile(active.dir));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ schemaVersion: WATCH_STATE_VERSION, data: state }));
    await h.clock.advance(1_000);
    h.startService();
    h.session.set(active);
    await h.step(200);
    expect(h.warnings).toHaveLength(1);
    expect(h.warnings[0]).toMatchObject({ source: 'config', id: 'rule-r-old' });
    expect(h.warnings[0]?.message).toContain('Legacy disk alert');
    const rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.rules.map((r) => r.id)).toEqual(['r-old', 'r-ok']);
    await h.invoke('rooms.setWatched', { roomId: room.id, watched: true });
    await h.step(5_000);
    h.sim.control.post('bot', { roomId: room.id, text: 'db down on db-3' });
    await h.step(5_000);
    expect(h.notifications.map((n) => n.title)).toEqual(['DB · noc']);
    // Re-compiling (another rule saved) replaces the warning rather than piling up copies.
    await h.invoke('rules.save', { ...rule('r-new', 'Net', 'link down'), id: undefined });
    expect(new Set(h.warnings.map((w) => w.id))).toEqual(new Set(['rule-r-old']));
  });

  it('a watch state file that cannot be written is not lost silently: one storage warning, the watch goes on', async () => {
    h = await startWatchHarness();
    const [noc = ''] = await openWithRooms(h, ['noc']);
    await h.step(2_000);
    await h.store.flush();
    const active = h.session.current();
    const file = path.join(h.dataDir, watchStateFile(active?.dir as string));
    // The operator (or a backup tool) took the write permission away: saves are refused, never forced.
    await chmod(file, 0o444);
    for (const text of ['disk full on db-7', 'disk full on db-8']) {
      h.sim.control.post('bot', { roomId: noc, text });
      await h.step(5_000);
      await h.store.flush().catch(() => undefined);
    }
    const storage = h.store.warnings().filter((w) => w.file.endsWith('state.json'));
    expect(storage.map((w) => w.kind)).toEqual(['readOnly']);
    expect(storage[0]?.message).toMatch(/not saved/);
    // Kept in memory: the counts go on.
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === noc)?.unread).toBe(2);
    await chmod(file, 0o644);
  });

  it('a space title longer than the saved state allows is clipped when stored: saves go on, no warning', async () => {
    h = await startWatchHarness();
    const long = `${'x'.repeat(2_100)}-end`;
    const [longRoom = ''] = await openWithRooms(h, [long, 'short']);
    h.sim.control.post('bot', { roomId: longRoom, text: 'disk full' });
    await h.step(10_000);
    expect(h.warnings.filter((w) => w.source === 'storage')).toEqual([]);
    await h.store.flush();
    const active = h.session.current();
    const saved = JSON.parse(await readFile(path.join(h.dataDir, watchStateFile(active?.dir as string)), 'utf8')) as {
      data: { rooms: Record<string, { title?: string; watched: boolean; unread: number }> };
    };
    const rec = saved.data.rooms[longRoom];
    expect(rec).toMatchObject({ watched: true, unread: 1 });
    expect(rec?.title).toBe(long.slice(0, MAX_SAVED_TITLE));
    // Clipping is stable: the next cycles do not see a changed title, so nothing is rewritten (an atomic write would
    // replace the file).
    const before = await stat(path.join(h.dataDir, watchStateFile(active?.dir as string)));
    const cycles = h.cycleRequests.length;
    await h.step(10_000);
    await h.store.flush();
    expect(h.cycleRequests.length).toBeGreaterThan(cycles);
    expect((await stat(path.join(h.dataDir, watchStateFile(active?.dir as string)))).ino).toBe(before.ino);
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === longRoom)?.title).toBe(long.slice(0, MAX_SAVED_TITLE));
  });
});
