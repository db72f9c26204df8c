/**
 * Failures the operator must see: a saved alert rule that no longer compiles, and watch state the store refuses to
 * save, each raise a warning in the window (and a log line) instead of failing silently.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RulesState } from '../../../src/shared/contract/channels';
import { emptyWatchState, WATCH_STATE_VERSION } from '../../../src/main/watch/persistence';
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

  it('watch state the schema refuses is not saved silently: a storage warning, once', async () => {
    h = await startWatchHarness();
    // A title longer than the saved state allows (2000 characters) makes every save fail validation.
    await openWithRooms(h, ['x'.repeat(2_100), 'short']);
    await h.step(10_000);
    const storage = h.warnings.filter((w) => w.source === 'storage');
    expect(storage).toHaveLength(1);
    expect(storage[0]?.message).toMatch(/could not be saved/);
  });
});
