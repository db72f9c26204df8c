/**
 * Alert rules and notifications end to end on virtual time: rule matches highlight (RoomView.alert,
 * MessageView.ruleMatches) and notify through the injected notifier; a click focuses the space; a storm of 200 alerts
 * in a minute gives a handful of notifications with counts; per-space levels; do-not-disturb holds back and counts,
 * critical rules break through unless the operator turned that off; invalid regular expressions are invalidInput on `pattern`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule, MessagesState, RoomsState, RulesState } from '../../../src/shared/contract/channels';
import { openWithRooms, startWatchHarness, type WatchHarness } from './harness';

let h: WatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(): Promise<{ h: WatchHarness; roomIds: string[] }> {
  h = await startWatchHarness();
  const roomIds = await openWithRooms(h, ['noc', 'db-oncall', 'chatter']);
  return { h, roomIds };
}

const critical = {
  name: 'Critical',
  mode: 'keywords',
  pattern: 'CRITICAL, SEV1',
  caseSensitive: false,
  critical: true,
  enabled: true,
};
const warning = {
  name: 'Warnings',
  mode: 'regex',
  pattern: 'WARN(ING)?: db-\\d+',
  caseSensitive: true,
  critical: false,
  enabled: true,
};

describe('alert rules', () => {
  it('validates patterns: invalid regex, nested repetition, empty keywords → invalidInput on pattern', async () => {
    const { h } = await setup();
    const bad = await h.invokeResult('rules.save', { ...warning, pattern: 'db-(\\d+' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.kind).toBe('invalidInput');
      expect(bad.error.issues?.[0]?.path).toBe('pattern');
      expect(bad.error.message).toMatch(/Invalid regular expression/);
    }
    const slow = await h.invokeResult('rules.save', { ...warning, pattern: '^(a+)+$' });
    expect(!slow.ok && slow.error.kind === 'invalidInput' && /exponential/.test(slow.error.message)).toBe(true);
    const empty = await h.invokeResult('rules.save', { ...critical, pattern: ' , ' });
    expect(!empty.ok && empty.error.issues?.[0]?.path === 'pattern').toBe(true);
    const saved = (await h.invoke('rules.save', warning)) as AlertRule;
    expect(saved.id).toBeTruthy();
    const updated = (await h.invoke('rules.save', { ...warning, id: saved.id, name: 'DB warnings' })) as AlertRule;
    expect(updated).toMatchObject({ id: saved.id, name: 'DB warnings' });
    const state = (await h.invoke('rules.remove', { id: saved.id })) as RulesState;
    expect(state.rules).toEqual([]);
  });

  it('a match highlights the room and message and notifies; the click focuses the space', async () => {
    const { h, roomIds } = await setup();
    const rule = (await h.invoke('rules.save', critical)) as AlertRule;
    await h.invoke('rooms.open', { roomId: roomIds[0] });
    await h.step(2_000);
    const m = h.sim.control.post('bot', { roomId: roomIds[0] as string, markdown: '**CRITICAL** db-7 down' });
    h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'all quiet' });
    await h.step(2_000);
    expect(h.notifications).toHaveLength(1);
    expect(h.notifications[0]).toMatchObject({ roomId: roomIds[0], critical: true });
    expect(h.notifications[0]?.title).toContain('noc');
    expect(h.notifications[0]?.body).toContain('db-7 down');
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === roomIds[0])).toMatchObject({ alert: true, unread: 1 });
    expect(rooms.rooms.find((r) => r.id === roomIds[1])).toMatchObject({ alert: false, unread: 1 });
    const open = ((await h.invoke('messages.snapshot')) as { data: MessagesState }).data;
    expect(open.messages.find((x) => x.id === m.id)?.ruleMatches).toEqual([rule.id]);
    h.click(h.notifications[0]?.id as string);
    expect(h.focused).toEqual([roomIds[0]]);
  });

  it('200 alerts in a minute → a handful of notifications, same id, with counts', async () => {
    const { h, roomIds } = await setup();
    await h.invoke('rules.save', critical);
    for (let i = 0; i < 200; i++) {
      h.sim.control.post('bot', { roomId: roomIds[0] as string, text: `CRITICAL disk ${i}` });
      await h.step(300);
    }
    await h.step(30_000);
    expect(h.notifications.length).toBeGreaterThanOrEqual(2);
    expect(h.notifications.length).toBeLessThanOrEqual(6);
    expect(new Set(h.notifications.map((n) => n.id)).size).toBe(1);
    const last = h.notifications.at(-1);
    expect(last?.body).toMatch(/CRITICAL disk 199 \(\+199 more\)$/);
    expect(h.allProcessed()).toHaveLength(200);
  });

  it('per-space level: all notifies every message, off nothing, mentions-and-rules only mentions and rules', async () => {
    const { h, roomIds } = await setup();
    await h.invoke('rooms.setLevel', { roomId: roomIds[0], level: 'all' });
    await h.invoke('rooms.setLevel', { roomId: roomIds[2], level: 'off' });
    await h.invoke('rules.save', critical);
    const email = h.sim.people.operator?.email as string;
    h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'plain news' });
    h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'plain news' });
    h.sim.control.post('bot', { roomId: roomIds[1] as string, markdown: `<@personEmail:${email}|Dana> look` });
    h.sim.control.post('bot', { roomId: roomIds[2] as string, text: 'CRITICAL but muted' });
    h.sim.control.post('operator', { roomId: roomIds[0] as string, text: 'my own message' });
    await h.step(5_000);
    const byRoom = h.notifications.map((n) => [n.roomId, n.id.split(':').pop()]);
    expect(byRoom).toEqual(
      expect.arrayContaining([
        [roomIds[0], 'all'],
        [roomIds[1], 'mention'],
      ]),
    );
    expect(h.notifications).toHaveLength(2);
  });

  it('do-not-disturb holds back and counts; critical rules break through; it ends on its timer', async () => {
    const { h, roomIds } = await setup();
    await h.invoke('rules.save', critical);
    await h.invoke('rooms.setLevel', { roomId: roomIds[1], level: 'all' });
    const dnd = (await h.invoke('rules.setDnd', { minutes: 1 })) as RulesState;
    expect(Date.parse(dnd.dnd.until as string)).toBe(h.clock.now() + 60_000);
    h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'routine 1' });
    h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'routine 2' });
    h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'SEV1 declared' });
    await h.step(5_000);
    expect(h.notifications.map((n) => n.roomId)).toEqual([roomIds[0]]);
    let rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.dnd.heldBack).toBe(2);
    await h.step(60_000);
    rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.dnd.until).toBeUndefined();
    expect(rules.dnd.heldBack).toBe(2);
    h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'routine 3' });
    await h.step(5_000);
    expect(h.notifications).toHaveLength(2);
    const cleared = (await h.invoke('rules.setDnd', {})) as RulesState;
    expect(cleared.dnd.until).toBeUndefined();
  });

  it("with the operator's switch off, a critical hit during do-not-disturb is held back and counted", async () => {
    const { h, roomIds } = await setup();
    await h.invoke('rules.save', critical);
    const initial = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(initial.dnd.criticalBreaksThrough).toBe(true);
    const off = (await h.invoke('rules.setDndOptions', { criticalBreaksThrough: false })) as RulesState;
    expect(off.dnd.criticalBreaksThrough).toBe(false);
    // Starting do-not-disturb keeps the switch.
    const dnd = (await h.invoke('rules.setDnd', { minutes: 30 })) as RulesState;
    expect(dnd.dnd).toMatchObject({ criticalBreaksThrough: false, heldBack: 0 });
    h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'SEV1 declared' });
    h.sim.control.post('bot', { roomId: roomIds[1] as string, text: 'CRITICAL: db-7 down' });
    await h.step(5_000);
    expect(h.notifications).toEqual([]);
    let rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.dnd.heldBack).toBe(2);
    // Still flagged in the list: held back is not lost.
    const rooms = ((await h.invoke('rooms.snapshot')) as { data: RoomsState }).data;
    expect(rooms.rooms.find((r) => r.id === roomIds[0])).toMatchObject({ alert: true, unread: 1 });

    // The switch is saved: after a restart it is still off.
    const active = h.session.current();
    await h.service.dispose();
    h.startService();
    h.session.set(active);
    await h.step(200);
    rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.dnd).toMatchObject({ criticalBreaksThrough: false, heldBack: 2 });

    // Turned back on, the next critical hit breaks through while do-not-disturb is still on.
    await h.invoke('rules.setDndOptions', { criticalBreaksThrough: true });
    h.sim.control.post('bot', { roomId: roomIds[0] as string, text: 'CRITICAL: core down' });
    await h.step(5_000);
    expect(h.notifications.map((n) => n.roomId)).toEqual([roomIds[0]]);
    rules = ((await h.invoke('rules.snapshot')) as { data: RulesState }).data;
    expect(rules.dnd).toMatchObject({ criticalBreaksThrough: true, heldBack: 2 });
    expect(rules.dnd.until).toBeDefined();
  });

  it('rules.setDndOptions refuses a payload that is not a boolean switch', async () => {
    const { h } = await setup();
    for (const payload of [{}, { criticalBreaksThrough: 'yes' }, { criticalBreaksThrough: true, extra: 1 }]) {
      const result = await h.invokeResult('rules.setDndOptions', payload);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('invalidInput');
    }
  });
});
