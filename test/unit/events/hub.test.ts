import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import type { EventBatch } from '../../../src/shared/contract/channels';
import { createEventHub } from '../../../src/main/events/hub';

const poll = (n: number) => ({
  type: 'poll.changed' as const,
  state: { running: true, offline: false, suspended: false, stale: n > 1 },
});

describe('event hub', () => {
  it('coalesces events within 50 ms into one batch with increasing seq, to every subscriber', async () => {
    const clock = new ManualClock();
    const hub = createEventHub({ clock });
    const a: EventBatch[] = [];
    const b: EventBatch[] = [];
    hub.subscribe((x) => a.push(x));
    hub.subscribe((x) => b.push(x));
    hub.emit({ type: 'rooms.remove', ids: ['1'] });
    hub.emit({ type: 'rooms.remove', ids: ['2'] });
    await clock.advance(49);
    expect(a).toHaveLength(0);
    await clock.advance(1);
    expect(a).toEqual([
      {
        seq: 1,
        events: [
          { type: 'rooms.remove', ids: ['1'] },
          { type: 'rooms.remove', ids: ['2'] },
        ],
      },
    ]);
    hub.emit({ type: 'rooms.remove', ids: ['3'] });
    await clock.advance(50);
    expect(a.map((x) => x.seq)).toEqual([1, 2]);
    expect(b).toEqual(a);
  });

  it('keeps only the last whole-state change of a kind in one batch', async () => {
    const clock = new ManualClock();
    const hub = createEventHub({ clock });
    const got: EventBatch[] = [];
    hub.subscribe((x) => got.push(x));
    hub.emit(poll(1));
    hub.emit({ type: 'rooms.remove', ids: ['x'] });
    hub.emit(poll(2));
    hub.flush();
    expect(got[0]?.events).toEqual([{ type: 'rooms.remove', ids: ['x'] }, poll(2)]);
  });

  it('flush sends pending events at once and seq tells a snapshot what it covers', () => {
    const hub = createEventHub({ clock: new ManualClock() });
    expect(hub.seq).toBe(0);
    hub.flush();
    expect(hub.seq).toBe(0);
    hub.emit(poll(1));
    hub.flush();
    expect(hub.seq).toBe(1);
  });

  it('isolates a throwing listener and stops delivering after unsubscribe', () => {
    const hub = createEventHub({ clock: new ManualClock() });
    const got: number[] = [];
    hub.subscribe(() => {
      throw new Error('bad listener');
    });
    const off = hub.subscribe((x) => got.push(x.seq));
    hub.emit(poll(1));
    hub.flush();
    off();
    hub.emit(poll(2));
    hub.flush();
    expect(got).toEqual([1]);
  });
});
