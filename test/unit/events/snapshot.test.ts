import { describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../src/shared/contract/channels';
import { ManualClock } from '../../../src/main/clock';
import { createEventHub } from '../../../src/main/events/hub';
import { snapshotOf } from '../../../src/main/events/snapshot';

describe('snapshotOf', () => {
  it('sends pending events first, so the seq covers everything the data reflects', () => {
    const hub = createEventHub({ clock: new ManualClock() });
    const batches: EventBatch[] = [];
    hub.subscribe((b) => batches.push(b));
    let state = 0;
    hub.emit({ type: 'ui.focusRoom', roomId: 'r1' });
    state = 1;
    const read = (): number => {
      // The read happens after the flush: the batch carrying the change is already out.
      expect(batches.map((b) => b.seq)).toEqual([1]);
      return state;
    };
    expect(snapshotOf(hub, read)).toEqual({ seq: 1, data: 1 });
    expect(snapshotOf(hub, () => state)).toEqual({ seq: 1, data: 1 }); // nothing pending: same seq
  });
});
