import { describe, expect, it } from 'vitest';
import { nullLogger } from '../../../src/main/log/types';
import type { NotificationRequest } from '../../../src/main/platform';
import { NotificationCoalescer, notifyReason, renderNotification, type Alert } from '../../../src/main/watch/notify';

function setup(minIntervalMs = 20_000, resetMs = 120_000) {
  const shown: NotificationRequest[] = [];
  const clicks: (() => void)[] = [];
  const focused: string[] = [];
  const coalescer = new NotificationCoalescer({
    notifier: {
      show(n, onClick) {
        shown.push(n);
        clicks.push(onClick);
      },
    },
    focusRoom: (roomId) => focused.push(roomId),
    minIntervalMs,
    resetMs,
    logger: nullLogger,
  });
  return { shown, clicks, focused, coalescer };
}

const ruleAlert = (i: number, roomId = 'room-1'): Alert => ({
  roomId,
  roomTitle: 'NOC',
  reason: { kind: 'rule', ruleId: 'crit', ruleName: 'Critical', critical: true },
  sender: 'AlertBot',
  text: `CRITICAL disk ${i}`,
});

describe('notification decisions', () => {
  it('follow the level, mentions and rules; own messages never notify', () => {
    const rules = [{ id: 'r', name: 'R', critical: false }];
    expect(notifyReason({ level: 'all', mine: false, mentionsMe: false, rules: [] })).toEqual({ kind: 'all' });
    expect(notifyReason({ level: 'mentionsAndRules', mine: false, mentionsMe: false, rules: [] })).toBeUndefined();
    expect(notifyReason({ level: 'mentionsAndRules', mine: false, mentionsMe: true, rules: [] })).toEqual({
      kind: 'mention',
    });
    expect(notifyReason({ level: 'mentionsAndRules', mine: false, mentionsMe: true, rules })).toMatchObject({
      kind: 'rule',
      ruleId: 'r',
    });
    expect(notifyReason({ level: 'off', mine: false, mentionsMe: true, rules })).toBeUndefined();
    expect(notifyReason({ level: 'all', mine: true, mentionsMe: true, rules })).toBeUndefined();
  });
});

describe('coalescing', () => {
  it('a storm of 200 alerts in a minute gives a handful of notifications with counts, one id', () => {
    const { shown, coalescer } = setup();
    for (let i = 0; i < 200; i++) {
      const now = i * 300;
      coalescer.offer(ruleAlert(i), now);
      coalescer.flush(now);
    }
    coalescer.flush(80_000);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown.length).toBeLessThanOrEqual(5);
    expect(new Set(shown.map((n) => n.id))).toEqual(new Set(['watch:room-1:rule:crit']));
    expect(shown[0]?.body).toBe('AlertBot: CRITICAL disk 0');
    expect(shown.at(-1)?.body).toBe('AlertBot: CRITICAL disk 199 (+199 more)');
    expect(shown.at(-1)).toMatchObject({ title: 'CRITICAL · Critical · NOC', roomId: 'room-1', critical: true });
  });

  it('groups per space and rule; a quiet group starts over; clicks focus the space', () => {
    const { shown, clicks, focused, coalescer } = setup();
    coalescer.offer(ruleAlert(1, 'a'), 0);
    coalescer.offer(ruleAlert(2, 'b'), 100);
    coalescer.offer({ ...ruleAlert(3, 'a'), reason: { kind: 'mention' } }, 200);
    expect(shown.map((n) => n.id)).toEqual(['watch:a:rule:crit', 'watch:b:rule:crit', 'watch:a:mention']);
    coalescer.offer(ruleAlert(4, 'a'), 1_000);
    expect(shown).toHaveLength(3);
    coalescer.flush(150_000);
    expect(shown).toHaveLength(4);
    expect(shown[3]?.body).toContain('(+1 more)');
    coalescer.flush(400_000);
    coalescer.offer(ruleAlert(5, 'a'), 400_000);
    expect(shown[4]?.body).toBe('AlertBot: CRITICAL disk 5');
    clicks[1]?.();
    expect(focused).toEqual(['b']);
  });

  it('renders titles per reason and shortens long texts', () => {
    const long = renderNotification({
      id: 'x',
      count: 1,
      latest: { ...ruleAlert(0), reason: { kind: 'all' }, text: 'x '.repeat(200) },
    });
    expect(long.title).toBe('NOC');
    expect(long.body.length).toBeLessThanOrEqual(180);
    const mention = renderNotification({ id: 'y', count: 3, latest: { ...ruleAlert(0), reason: { kind: 'mention' } } });
    expect(mention).toMatchObject({ title: 'Mention in NOC', critical: false });
    expect(mention.body).toMatch(/\(\+2 more\)$/);
  });
});
