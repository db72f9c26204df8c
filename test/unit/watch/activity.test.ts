import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_IDS_PER_HOUR,
  activityView,
  hourOf,
  recordActivity,
  rollActivity,
} from '../../../src/main/watch/activity';
import { activityRecordSchema } from '../../../src/main/watch/persistence';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 5, 9, 30, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('activity buckets', () => {
  it('buckets by created hour against the clock; ahead of the clock is now, older than 24 h is dropped', () => {
    const { activity, changed } = recordActivity(undefined, NOW, [
      { id: 'a', created: iso(NOW - 10 * 60_000), alert: false },
      { id: 'b', created: iso(NOW - HOUR), alert: true },
      { id: 'c', created: iso(NOW + 5 * 60_000), alert: false },
      { id: 'd', created: iso(NOW - 25 * HOUR), alert: true },
      { id: 'e', created: 'not a time', alert: false },
    ]);
    expect(changed).toBe(true);
    expect(activityView(activity, NOW)).toEqual({
      counts: [...new Array<number>(22).fill(0), 1, 2],
      alertHours: [22],
    });
    expect(activityRecordSchema.safeParse(activity).success).toBe(true);
  });

  it('counts an id once, also after the hour moved on', () => {
    const first = recordActivity(undefined, NOW, [{ id: 'a', created: iso(NOW), alert: false }]).activity;
    const again = recordActivity(first, NOW + HOUR, [
      { id: 'a', created: iso(NOW), alert: false },
      { id: 'b', created: iso(NOW + HOUR), alert: false },
      { id: 'b', created: iso(NOW + HOUR), alert: false },
    ]);
    expect(activityView(again.activity, NOW + HOUR).counts.slice(-2)).toEqual([1, 1]);
    expect(recordActivity(again.activity, NOW + HOUR, [{ id: 'a', created: iso(NOW), alert: false }]).changed).toBe(
      false,
    );
  });

  it('rolls forward only: hours drop out at the old end, 24 hours later nothing is left', () => {
    const rec = recordActivity(undefined, NOW, [{ id: 'a', created: iso(NOW), alert: true }]).activity;
    expect(rollActivity(rec, NOW - HOUR)).toBe(rec);
    const later = rollActivity(rec, NOW + 23 * HOUR);
    expect(later.hour).toBe(hourOf(NOW) + 23);
    expect(later.counts[0]).toBe(1);
    expect(later.alertHours).toEqual([0]);
    expect(activityView(rec, NOW + 24 * HOUR)).toEqual({ counts: new Array<number>(24).fill(0), alertHours: [] });
  });

  it('stays bounded in a very busy hour: counts go on, remembered ids stop at the cap', () => {
    const entries = Array.from({ length: ACTIVITY_IDS_PER_HOUR + 50 }, (_, i) => ({
      id: `m${i}`,
      created: iso(NOW),
      alert: false,
    }));
    const { activity } = recordActivity(undefined, NOW, entries);
    expect(activity.counts[23]).toBe(ACTIVITY_IDS_PER_HOUR + 50);
    expect(activity.seen[23]).toHaveLength(ACTIVITY_IDS_PER_HOUR);
    expect(activityRecordSchema.safeParse(activity).success).toBe(true);
  });
});
