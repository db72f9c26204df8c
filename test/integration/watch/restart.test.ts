/**
 * Restarts: the last-seen position, open gaps, markers and counts are saved, so a new watcher on the same data folder
 * resumes without replaying or losing anything — also when messages arrived while the app was closed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomsState } from '../../../src/shared/contract/channels';
import { watchStateFile } from '../../../src/main/watch';
import { duplicates, openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(pageSize = 50): Promise<{ h: WatchHarness; roomIds: string[] }> {
  h = await startWatchHarness({}, { config: { messagesPageSize: pageSize, maxPagesPerRoom: 2 } });
  const harness = h;
  const roomIds = await openWithRooms(harness, ['persist-0', 'persist-1'], {
    prepare: (roomId) => {
      harness.sim.control.post('bot', { roomId, text: 'old history' });
    },
  });
  return { h: harness, roomIds };
}

async function restart(h: WatchHarness): Promise<void> {
  const active = h.session.current();
  await h.service.dispose();
  h.startService();
  h.session.set(undefined);
  h.session.set(active);
  await h.step(100);
}

describe('restarts', () => {
  it('resumes from the saved last-seen ids: messages while closed arrive once, nothing is replayed', async () => {
    const { h, roomIds } = await setup();
    const first = [
      h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'before restart 1' }).id,
      h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'before restart 2' }).id,
    ];
    await h.step(5_000);
    expect(new Set(h.allProcessed())).toEqual(new Set(first));

    const active = h.session.current();
    await h.service.dispose();
    const saved = JSON.parse(await readFile(path.join(h.dataDir, watchStateFile(active?.dir as string)), 'utf8')) as {
      data: { rooms: Record<string, { head?: { id?: string }; watched: boolean; unread: number }> };
    };
    expect(saved.data.rooms[roomIds[0] as string]).toMatchObject({ watched: true, unread: 1, head: { id: first[0] } });

    await h.clock.advance(60_000);
    const whileClosed = [
      h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'while closed 1' }).id,
      h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'while closed 2' }).id,
    ];
    await h.clock.advance(60_000);
    h.startService();
    h.session.set(active);
    await h.step(5_000);
    expect(duplicates(h.allProcessed())).toEqual([]);
    expect([...h.allProcessed()].sort()).toEqual([...first, ...whileClosed].sort());
    expect(h.processed.get(roomIds[0] as string)).toEqual([first[0], ...whileClosed]);
    const snap = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(snap.data.rooms.find((r) => r.id === roomIds[0])).toMatchObject({ watched: true, unread: 3 });
  });

  it('a restart in the middle of a gap continues the gap from its saved cursor', async () => {
    const { h, roomIds } = await setup(20);
    const roomId = roomIds[0] as string;
    const since = h.clock.now();
    for (let i = 0; i < 150; i++) {
      h.sim.control.post('bot', { roomId, text: `gap ${i}` });
      await h.clock.advance(2);
    }
    await h.step(4_600);
    const partial = h.processed.get(roomId)?.length ?? 0;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(150);
    await restart(h);
    await h.step(60_000);
    const processed = h.processed.get(roomId) ?? [];
    const posted = h.sim.control
      .posted()
      .filter((p) => p.roomId === roomId && p.at >= since)
      .map((p) => p.id);
    expect(duplicates(processed)).toEqual([]);
    expect(new Set(processed)).toEqual(new Set(posted));
  });

  it('watched rooms, levels and rules survive a restart', async () => {
    const { h, roomIds } = await setup();
    await h.invoke('rooms.setLevel', { roomId: roomIds[1], level: 'all' });
    await h.invoke('rules.save', {
      name: 'crit',
      mode: 'keywords',
      pattern: 'CRITICAL',
      caseSensitive: false,
      critical: true,
      enabled: true,
    });
    await restart(h);
    const rooms = (await h.invoke('rooms.snapshot')) as { data: RoomsState };
    expect(
      rooms.data.rooms
        .filter((r) => r.watched)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...roomIds].sort());
    expect(rooms.data.rooms.find((r) => r.id === roomIds[1])?.level).toBe('all');
    const rules = (await h.invoke('rules.snapshot')) as { data: { rules: { name: string }[] } };
    expect(rules.data.rules.map((r) => r.name)).toEqual(['crit']);
  });
});
