/**
 * Room ids from an untrusted renderer: names of `Object.prototype` members (`__proto__`, `constructor`, …) are ids
 * like any other — unknown spaces answer `notFound`, nothing is written onto a prototype, no phantom space opens, and
 * the saved state decodes into null-prototype records (docs/security.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomsState } from '../../../src/shared/contract/channels';
import { AppFailure } from '../../../src/main/errors';
import { watchStateSchema } from '../../../src/main/watch';
import { openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOSTILE_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Own property names and values of the built-in prototypes, to compare before and after. */
function prototypeFingerprint(): string[] {
  const out: string[] = [];
  for (const proto of [Object.prototype, Function.prototype, Object]) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key);
      out.push(`${String(key)}:${typeof d?.value}:${d?.get ? 'get' : ''}`);
    }
  }
  return out.sort();
}

describe('hostile room ids', () => {
  it('prototype member names are unknown spaces: notFound, no write onto Object.prototype, no phantom space', async () => {
    h = await startWatchHarness();
    const [roomId = ''] = await openWithRooms(h, ['noc']);
    const watcher = h.service.watcher();
    if (!watcher) throw new Error('no watcher');
    const before = prototypeFingerprint();
    // The watcher itself, behind the schema (which refuses these shapes too): every id is looked up in a Map.
    const calls: [string, (id: string) => Promise<unknown>][] = [
      ['setWatched true', (id) => watcher.setWatched(id, true)],
      ['setWatched false', (id) => watcher.setWatched(id, false)],
      ['setLevel', (id) => watcher.setLevel(id, 'off')],
      ['markRead', async (id) => watcher.markRead(id)],
      ['viewOf', async (id) => watcher.viewOf(id)],
      ['open', (id) => watcher.openRoom(id)],
    ];
    const outcomes: string[] = [];
    for (const id of HOSTILE_IDS) {
      for (const [name, call] of calls) {
        const outcome = await call(id).then(
          () => 'ok',
          (e: unknown) => (e instanceof AppFailure ? e.kind : `thrown ${String(e)}`),
        );
        outcomes.push(`${name} ${id} → ${outcome}`);
      }
    }
    expect(outcomes).toHaveLength(HOSTILE_IDS.length * calls.length);
    expect(outcomes.filter((k) => !k.endsWith('→ notFound'))).toEqual([]);
    // Through the IPC binding: refused (invalidInput at the schema or notFound), never ok.
    for (const id of HOSTILE_IDS) {
      for (const [channel, payload] of [
        ['rooms.setWatched', { roomId: id, watched: true }],
        ['rooms.setLevel', { roomId: id, level: 'off' }],
        ['rooms.markRead', { roomId: id }],
        ['rooms.open', { roomId: id }],
      ] as const) {
        const result = await h.invokeResult(channel, payload);
        expect(result.ok ? 'ok' : result.error.kind, `${channel} ${id}`).toMatch(/^(invalidInput|notFound)$/);
      }
    }
    expect(prototypeFingerprint()).toEqual(before);
    const plain: Record<string, unknown> = {};
    for (const key of ['watched', 'unread', 'mentions', 'alertRules', 'gaps', 'level', 'marker', 'seenAt'])
      expect(plain[key], key).toBeUndefined();
    // An inherited `level` would let a payload without one pass validation.
    const missing = await h.invokeResult('rooms.setLevel', { roomId });
    expect(missing.ok ? 'ok' : missing.error.kind).toBe('invalidInput');
    await h.step(5_000);
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.openRoomId).toBeUndefined();
    expect(rooms.rooms.map((r) => r.id)).toEqual([roomId]);
    // The real space still works after all that.
    expect(await h.invoke('rooms.setLevel', { roomId, level: 'all' })).toMatchObject({ id: roomId, level: 'all' });
  });

  it('saved state decodes into null-prototype collections: a saved "__proto__" room is a room, not a prototype', () => {
    const record = {
      watched: true,
      level: 'all',
      gaps: [],
      recent: [],
      unread: 2,
      mentions: 0,
      alertRules: [],
      seenAt: 0,
    };
    const text = `{"rooms":{"__proto__":${JSON.stringify(record)},"constructor":${JSON.stringify(record)}},"rules":[],"dnd":{"heldBack":0},"sweepCursor":0}`;
    const state = watchStateSchema.parse(JSON.parse(text));
    expect(Object.getPrototypeOf(state.rooms)).toBeNull();
    expect(Object.keys(state.rooms).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.prototype.hasOwnProperty.call(state.rooms, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['unread']).toBeUndefined();
  });
});
