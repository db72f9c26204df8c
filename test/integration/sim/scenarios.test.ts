import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, items, str } from './helpers';

describe('scenarios', () => {
  let sims: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(sims.map((s) => s.close()));
    sims = [];
  });
  const start = async (opts: Parameters<typeof startSimulator>[0]) => {
    const s = await startSimulator(opts);
    sims.push(s);
    return s;
  };

  it('empty: operator and bot only, no rooms', async () => {
    const s = await start({ scenario: 'empty' });
    expect(Object.keys(s.tokens)).toEqual(['operator', 'bot']);
    expect(items((await call(s, 'GET', '/rooms')).body)).toEqual([]);
    expect(s.control.driver.step()).toEqual([]);
  });

  it('demo: an ops org with history in the past, mentions, threads, a file, the bot in the alert rooms', async () => {
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const s = await start({ scenario: 'demo', clock, rateLimits: false });
    expect(Object.keys(s.people)).toEqual(expect.arrayContaining(['operator', 'bot', 'dana', 'sam', 'priya']));
    expect(s.people.dana?.id).toBe(s.people.operator?.id);
    const titles = s.control.rooms('operator').map((r) => r.title);
    for (const t of [
      'Incident Bridge',
      'NOC',
      'Database On-Call',
      'Deploys',
      'Change Board',
      'Platform',
      'Platform · Kubernetes',
    ])
      expect(titles).toContain(t);
    expect(titles.length).toBeGreaterThanOrEqual(12);
    const botRooms = s.control.rooms('bot').map((r) => r.title);
    expect(botRooms).toEqual(expect.arrayContaining(['NOC', 'Database On-Call', 'Incident Bridge']));
    let total = 0;
    let replies = 0;
    let mentions = 0;
    let files = 0;
    for (const room of s.control.rooms('operator')) {
      for (const m of s.control.messages(room.id)) {
        total++;
        expect(Date.parse(m.created)).toBeLessThan(clock.now());
        if (m.parentId) replies++;
        if (m.mentionedPeople) mentions++;
        if (m.files) files++;
      }
    }
    expect(total).toBeGreaterThan(200);
    expect(replies).toBeGreaterThan(5);
    expect(mentions).toBeGreaterThan(5);
    expect(files).toBe(1);
    const db = s.control.findRoom('Database On-Call');
    const bot = await call(s, 'GET', `/messages?roomId=${str(db?.id)}&mentionedPeople=me&max=100`, {
      token: s.tokens.bot,
    });
    expect(bot.status).toBe(200);
  });

  it('is deterministic from the seed (ids, tokens, history)', async () => {
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const a = await start({ scenario: 'demo', seed: 77, clock });
    const b = await start({ scenario: 'demo', seed: 77, clock });
    const c = await start({ scenario: 'demo', seed: 78, clock });
    expect(b.tokens).toEqual(a.tokens);
    expect(b.people).toEqual(a.people);
    const digest = (s: Simulator) =>
      s.control
        .rooms('operator')
        .map(
          (r) =>
            `${r.id}:${s.control
              .messages(r.id)
              .map((m) => `${m.id}${m.created}${m.text ?? ''}`)
              .join()}`,
        )
        .join('|');
    expect(digest(b)).toBe(digest(a));
    expect(digest(c)).not.toBe(digest(a));
  });

  it('large: sized by options, operator in every room, hot rooms most recent', async () => {
    const s = await start({ scenario: 'large', large: { rooms: 300, messages: 6000, watchedHint: 10 } });
    const all = items((await call(s, 'GET', '/rooms?max=1000&sortBy=lastactivity')).body);
    expect(all).toHaveLength(300);
    let total = 0;
    for (const r of s.control.rooms('operator')) total += s.control.messages(r.id).length;
    expect(total).toBe(6000);
    const first = await call(s, 'GET', `/messages?roomId=${str(all[0]?.id)}&max=100`);
    expect(items(first.body)).toHaveLength(100);
  });
});
