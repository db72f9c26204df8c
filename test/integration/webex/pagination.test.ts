/** Pagination against the simulator: exact request counts, laziness, dropped-parameter repair, errors mid-way. */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNextLink } from '../../../src/main/webex';
import { failure, startHarness, type Harness } from './helpers';

describe('rooms across thousands of items', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ scenario: 'large', large: { rooms: 5000, messages: 2000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  const roomRequests = (): number => h.sim.control.requests().filter((r) => r.route === 'GET /rooms').length;

  it('lists 5,000 rooms with max 1000 in exactly 5 requests, every room once', async () => {
    const webex = h.client();
    const total = h.sim.control.rooms('operator').length;
    expect(total).toBeGreaterThanOrEqual(5000);
    h.sim.control.resetStats();
    const before = roomRequests();
    const ids = new Set<string>();
    let count = 0;
    for await (const room of webex.rooms.list({ sortBy: 'lastactivity', max: 1000 })) {
      ids.add(room.id);
      count++;
    }
    expect(count).toBe(total);
    expect(ids.size).toBe(total);
    expect(roomRequests() - before).toBe(Math.ceil(total / 1000));
    const sent = h.sim.control
      .requests()
      .filter((r) => r.route === 'GET /rooms')
      .slice(-Math.ceil(total / 1000));
    expect(sent.every((r) => r.query.max === '1000' && r.query.sortBy === 'lastactivity')).toBe(true);
  });

  it('is lazy: breaking after the first item makes one request; limit stops early', async () => {
    const webex = h.client();
    const before = roomRequests();
    for await (const room of webex.rooms.list({ max: 1000 })) {
      expect(room.id).toBeTruthy();
      break;
    }
    expect(roomRequests() - before).toBe(1);

    const list = webex.rooms.list({ max: 100 });
    expect(roomRequests() - before).toBe(1); // creating the iterable sends nothing

    const limited = await webex.rooms.list({ max: 100 }, { limit: 250 }).toArray();
    expect(limited).toHaveLength(250);
    expect(roomRequests() - before).toBe(1 + 3);

    // The iterable created above sends its first request only now, when it is first iterated.
    const first = await list.pages().next();
    expect(first.done).toBe(false);
    expect(first.value?.items).toHaveLength(100);
    expect(roomRequests() - before).toBe(1 + 3 + 1);
    expect(h.sim.control.requests().at(-1)?.query.max).toBe('100');
  });

  it('pages() yields page at a time with hasNext', async () => {
    const webex = h.client();
    const pages: { n: number; hasNext: boolean }[] = [];
    for await (const page of webex.rooms.list({ max: 1000 }, { limit: 2500 }).pages()) {
      pages.push({ n: page.items.length, hasNext: page.hasNext });
    }
    expect(pages).toEqual([
      { n: 1000, hasNext: true },
      { n: 1000, hasNext: true },
      { n: 500, hasNext: false },
    ]);
  });
});

describe('messages paging', () => {
  let h: Harness;
  let roomId: string;
  beforeAll(async () => {
    h = await startHarness({ scenario: 'empty', dropMentionedPeopleInNextLinks: true });
    const op = h.client();
    const room = await op.rooms.create({ title: 'Bot paging room' });
    roomId = room.id;
    await op.memberships.create({ roomId, personId: h.sim.people.bot?.id ?? '' });
    for (let i = 0; i < 130; i++) {
      h.sim.control.post('operator', {
        roomId,
        markdown: i % 2 === 0 ? `<@personEmail:${h.sim.people.bot?.email}> alert ${i}` : `chatter ${i}`,
      });
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it('re-adds mentionedPeople the server dropped, so a bot pages past 50 without 403', async () => {
    // The simulator really drops it (like Webex): a bare request shows the raw next link without it.
    const raw = await request(`${h.sim.baseUrl}/messages?roomId=${encodeURIComponent(roomId)}&mentionedPeople=me`, {
      headers: { authorization: `Bearer ${h.sim.tokens.bot}` },
    });
    await raw.body.dump();
    const rawNext = findNextLink(raw.headers.link);
    expect(rawNext).toBeDefined();
    expect(new URL(rawNext ?? '').searchParams.has('mentionedPeople')).toBe(false);

    const bot = h.client({ token: h.sim.tokens.bot });
    const seen: string[] = [];
    for await (const m of bot.messages.list({ roomId, mentionedPeople: 'me' })) seen.push(m.id);
    expect(seen).toHaveLength(65);
    expect(new Set(seen).size).toBe(65);
    const sent = h.sim.control.requests().filter((r) => r.route === 'GET /messages');
    const last = sent.slice(-2);
    expect(last).toHaveLength(2);
    expect(
      last.every(
        (r) =>
          r.status === 200 && r.query.mentionedPeople === 'me' && r.query.max === '50' && r.query.roomId === roomId,
      ),
    ).toBe(true);
    expect(last[1]?.query.beforeMessage).toBeTruthy();
  });

  it('a bot without mentionedPeople gets 403 forbidden (group room)', async () => {
    const bot = h.client({ token: h.sim.tokens.bot });
    const e = await failure(bot.messages.list({ roomId }).toArray());
    expect(e.kind).toBe('forbidden');
    expect(e.status).toBe(403);
  });

  it('a 403 on page 2 surfaces after the first page was delivered', async () => {
    const bot = h.client({ token: h.sim.tokens.bot });
    h.sim.control.setFaults({ 'GET /messages': [{ count: 1 }, { error: 1, errorStatus: 403, count: 1 }] });
    const got: string[] = [];
    let thrown: unknown;
    try {
      for await (const m of bot.messages.list({ roomId, mentionedPeople: 'me', max: 50 })) got.push(m.id);
    } catch (e) {
      thrown = e;
    } finally {
      h.sim.control.clearFaults();
    }
    expect(got).toHaveLength(50);
    expect(thrown).toMatchObject({ kind: 'forbidden', status: 403, delivery: 'notSent' });
  });

  it('the operator pages newest-first with beforeMessage cursors, max kept', async () => {
    const op = h.client();
    const before = h.sim.control.requests().filter((r) => r.route === 'GET /messages').length;
    const all = await op.messages.list({ roomId, max: 40 }).toArray();
    expect(all).toHaveLength(130);
    const created = all.map((m) => m.created);
    expect([...created].sort().reverse()).toEqual(created);
    expect(h.sim.control.requests().filter((r) => r.route === 'GET /messages').length - before).toBe(4);
  });
});
