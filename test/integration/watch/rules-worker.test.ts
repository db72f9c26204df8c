/**
 * Alert rules through the channels, on virtual time against the simulator: patterns checked as typed
 * (rules.validate, with the position of a syntax error), a rule tried against the last messages main holds
 * (rules.test, no request to Webex), a 10 KB pattern refused by the schema, and a pathological regex that runs out
 * of time in the matcher's worker — the rule is turned off with a warning naming it and the watch keeps polling.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule, RoomsState, RuleTestResult, RuleValidation } from '../../../src/shared/contract/channels';
import { openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const base = { name: 'DB', caseSensitive: false, critical: false, enabled: true };

describe('rules.validate', () => {
  it('accepts good patterns and names the problem and position of a bad regex', async () => {
    h = await startWatchHarness();
    await openWithRooms(h, ['noc']);
    const check = async (pattern: string, regex = true) =>
      (await h?.invoke('rules.validate', { pattern, regex, caseSensitive: false })) as RuleValidation;
    expect(await check('WARN(ING)?: db-\\d+')).toEqual({ ok: true });
    expect(await check('disk, sev1', false)).toEqual({ ok: true });
    const group = await check('db-(\\d+');
    expect(group).toMatchObject({ ok: false, position: 3 });
    expect(!group.ok && group.message).toBe('Invalid regular expression: Unterminated group.');
    expect(await check('(a)(b')).toMatchObject({ ok: false, position: 3 });
    expect(await check('disk)')).toMatchObject({ ok: false, position: 4 });
    expect(await check('up**')).toMatchObject({ ok: false, position: 3 });
    const nested = await check('x(a+)+$');
    expect(nested).toMatchObject({ ok: false, position: 1 });
    expect(!nested.ok && nested.message).toMatch(/exponential/);
    expect(await check(' , ', false)).toMatchObject({ ok: false, message: 'Enter at least one keyword.' });
  });

  it('a 10 KB regex is invalidInput when saved, validated or tested', async () => {
    h = await startWatchHarness();
    await openWithRooms(h, ['noc']);
    const huge = `(${'a'.repeat(10_240)})`;
    const rule = { ...base, mode: 'regex', pattern: huge };
    for (const [channel, payload] of [
      ['rules.save', rule],
      ['rules.validate', { pattern: huge, regex: true, caseSensitive: false }],
      ['rules.test', { rule }],
    ] as const) {
      const result = await h.invokeResult(channel, payload);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('invalidInput');
    }
    const rules = (await h.invoke('rules.snapshot')) as { data: { rules: AlertRule[] } };
    expect(rules.data.rules).toEqual([]);
  });
});

describe('rules.test', () => {
  it('lists which held messages of watched spaces a rule would match, newest first, without requests', async () => {
    h = await startWatchHarness();
    const [noc, db, other] = await openWithRooms(h, ['noc', 'db-oncall', 'unwatched']);
    await h.invoke('rooms.setWatched', { roomId: other, watched: false });
    h.sim.control.post('bot', { roomId: noc as string, text: 'WARNING: db-7 replication lag' });
    await h.step(1_000);
    h.sim.control.post('bot', { roomId: db as string, text: 'warning: DB-12 disk 91%' });
    h.sim.control.post('bot', { roomId: db as string, text: 'all clear' });
    h.sim.control.post('bot', { roomId: other as string, text: 'WARNING: db-9 in a space not watched' });
    await h.step(5_000);
    const requestsBefore = h.sim.control.requests().length;
    const rule = { ...base, mode: 'regex', pattern: 'warn(ing)?: db-\\d+' };
    const result = (await h.invoke('rules.test', { rule })) as RuleTestResult;
    expect(h.sim.control.requests().length).toBe(requestsBefore);
    expect(result.timedOut).toBe(false);
    expect(result.checked).toBe(3);
    expect(result.matches.map((m) => [m.roomTitle, m.text])).toEqual([
      ['db-oncall', 'warning: DB-12 disk 91%'],
      ['noc', 'WARNING: db-7 replication lag'],
    ]);
    const exact = (await h.invoke('rules.test', {
      rule: { ...rule, pattern: 'WARNING: db-\\d+', caseSensitive: true },
    })) as RuleTestResult;
    expect(exact.matches.map((m) => m.roomId)).toEqual([noc]);
    const scoped = (await h.invoke('rules.test', { rule: { ...rule, roomIds: [db] } })) as RuleTestResult;
    expect(scoped.matches.map((m) => m.roomId)).toEqual([db]);
    const bySender = (await h.invoke('rules.test', {
      rule: { ...rule, senderEmail: 'nobody@example.com' },
    })) as RuleTestResult;
    expect(bySender.matches).toEqual([]);
    // Testing saves nothing.
    const rules = (await h.invoke('rules.snapshot')) as { data: { rules: AlertRule[] } };
    expect(rules.data.rules).toEqual([]);
  });
});

describe('a pathological regex', () => {
  it('is matched off the main thread: the process keeps serving while rules.test waits for the worker', async () => {
    h = await startWatchHarness({}, { config: { regexTimeoutMs: 200 } });
    const [noc] = await openWithRooms(h, ['noc']);
    h.sim.control.post('bot', { roomId: noc as string, text: `${'a'.repeat(60)}!` });
    await h.step(5_000);
    const order: string[] = [];
    const tested = h.invoke('rules.test', { rule: { ...base, mode: 'regex', pattern: '^(a|aa)+$' } });
    setImmediate(() => order.push('immediate'));
    const snapshot = h.invoke('rooms.snapshot').then(() => order.push('snapshot'));
    const result = (await tested) as RuleTestResult;
    order.push('tested');
    await snapshot;
    expect(result).toMatchObject({ checked: 1, timedOut: true, matches: [] });
    // Event order, not time: the main thread ran its own callbacks and answered another channel while the worker
    // was busy with the pattern.
    expect(order.indexOf('immediate')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('immediate')).toBeLessThan(order.indexOf('tested'));
    expect(order.indexOf('snapshot')).toBeLessThan(order.indexOf('tested'));
  });

  it('times out in the worker: the rule is turned off with a warning naming it, and polling goes on', async () => {
    h = await startWatchHarness({}, { config: { regexTimeoutMs: 50 } });
    const [noc] = await openWithRooms(h, ['noc']);
    // Alternation under repetition slips past the nested-repetition check, yet backtracks exponentially.
    const slow = (await h.invoke('rules.save', {
      ...base,
      name: 'Slow A',
      mode: 'regex',
      pattern: '^(a|aa)+$',
    })) as AlertRule;
    const keyword = (await h.invoke('rules.save', {
      ...base,
      name: 'Disk',
      mode: 'keywords',
      pattern: 'disk',
    })) as AlertRule;
    h.sim.control.post('bot', { roomId: noc as string, text: `${'a'.repeat(60)}!` });
    await h.step(5_000);
    expect(h.warnings.map((w) => w.id)).toContain(`rule-timeout-${slow.id}`);
    expect(h.warnings.find((w) => w.id === `rule-timeout-${slow.id}`)?.message).toContain('"Slow A"');
    const rules = (await h.invoke('rules.snapshot')) as { data: { rules: AlertRule[] } };
    expect(rules.data.rules.find((r) => r.id === slow.id)?.enabled).toBe(false);
    // The watch goes on: the next message is counted and the other rule still alerts.
    h.sim.control.post('bot', { roomId: noc as string, text: 'disk full on db-7' });
    await h.step(5_000);
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === noc)).toMatchObject({ unread: 2, alert: true });
    expect(h.notifications.map((n) => n.body)).toEqual([expect.stringContaining('disk full')]);
    expect(keyword.enabled).toBe(true);
  });
});
