import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, errorMessage, header, items, nextUrl, str } from './helpers';

describe('pagination (docs/webex-api.md §3)', () => {
  let sim: Simulator;
  let roomId: string;
  const roomIds: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'empty', seed: 5 });
    for (let i = 0; i < 250; i++) roomIds.push(sim.control.createRoom('operator', { title: `room ${i}` }).id);
    roomId = roomIds[0] as string;
    sim.control.addMember(roomId, 'bot');
    for (let i = 0; i < 120; i++) {
      sim.control.post('operator', {
        roomId,
        markdown: i % 2 === 0 ? `<@personEmail:${sim.people.bot?.email}> #${i}` : `#${i}`,
      });
    }
  });
  afterAll(async () => {
    await sim.close();
  });

  it('pages rooms with exactly one absolute Link to its own host:port, keeping filters, none on the last page', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/rooms?sortBy=lastactivity&type=group&max=100';
    let pages = 0;
    while (url) {
      const res = await call(sim, 'GET', url);
      expect(res.status).toBe(200);
      const link = res.headers.link;
      expect(Array.isArray(link)).toBe(false);
      seen.push(...items(res.body).map((r) => str(r.id)));
      url = nextUrl(res);
      pages++;
      if (url) {
        expect(url.startsWith(`${sim.origin}/v1/rooms?`)).toBe(true);
        expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/rooms\?[^>]+>; rel="next"$/);
        const q = new URL(url).searchParams;
        expect([q.get('sortBy'), q.get('type'), q.get('max')]).toEqual(['lastactivity', 'group', '100']);
      }
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe(roomId); // the room with messages is the most recently active
  });

  it('validates max for rooms (1–1000)', async () => {
    for (const max of ['0', '1001', 'ten']) {
      const res = await call(sim, 'GET', `/rooms?max=${max}`);
      expect(res.status).toBe(400);
      expect(errorMessage(res)).toContain('max');
    }
    expect(items((await call(sim, 'GET', '/rooms?max=1000')).body)).toHaveLength(250);
    const bad = await call(sim, 'GET', '/rooms?type=channel');
    expect(bad.status).toBe(400);
    expect(errorMessage(bad)).toContain("HydraRoomType from String value 'channel'");
  });

  it('pages messages newest first with beforeMessage = the oldest id on the page', async () => {
    const first = await call(sim, 'GET', `/messages?roomId=${roomId}&max=50`);
    const page1 = items(first.body);
    const next = nextUrl(first) as string;
    const q = new URL(next).searchParams;
    expect([...q.keys()]).toEqual(['roomId', 'max', 'beforeMessage']);
    expect(q.get('roomId')).toBe(roomId);
    expect(q.get('max')).toBe('50');
    expect(q.get('beforeMessage')).toBe(page1[49]?.id);
    const second = await call(sim, 'GET', next);
    const page2 = items(second.body);
    expect(page2[0]?.markdown).toBe('#69');
    const third = await call(sim, 'GET', nextUrl(second) as string);
    expect(items(third.body)).toHaveLength(20);
    expect(header(third, 'link')).toBeUndefined();
    const all = [...page1, ...page2, ...items(third.body)].map((m) => m.id);
    expect(new Set(all).size).toBe(120);
  });

  it('keeps mentionedPeople and parentId in next links', async () => {
    const res = await call(sim, 'GET', `/messages?roomId=${roomId}&mentionedPeople=me&max=20`, {
      token: sim.tokens.bot,
    });
    expect(items(res.body)).toHaveLength(20);
    const q = new URL(nextUrl(res) as string).searchParams;
    expect(q.get('mentionedPeople')).toBe('me');
    const page2 = await call(sim, 'GET', nextUrl(res) as string, { token: sim.tokens.bot });
    expect(page2.status).toBe(200);
    expect(items(page2.body).every((m) => String(m.markdown).startsWith('<@personEmail'))).toBe(true);

    const parent = sim.control.post('operator', { roomId, text: 'thread' });
    for (let i = 0; i < 3; i++) sim.control.post('operator', { roomId, text: `r${i}`, parentId: parent.id });
    const thread = await call(sim, 'GET', `/messages?roomId=${roomId}&parentId=${parent.id}&max=2`);
    expect(new URL(nextUrl(thread) as string).searchParams.get('parentId')).toBe(parent.id);
  });

  it('answers 404 when the beforeMessage cursor is gone (I#70)', async () => {
    const m = sim.control.post('operator', { roomId: roomIds[1] as string, text: 'cursor' });
    sim.control.deleteMessage('operator', m.id);
    const res = await call(sim, 'GET', `/messages?roomId=${roomIds[1] as string}&beforeMessage=${m.id}`);
    expect(res.status).toBe(404);
    expect(errorMessage(res)).toBe('Unable to get message.');
  });

  it('pages memberships, people, teams and webhooks with an opaque cursor', async () => {
    const room = sim.control.createRoom('operator', { title: 'members' }).id;
    sim.control.addMember(room, 'bot');
    const m1 = await call(sim, 'GET', `/memberships?roomId=${room}&max=1`);
    expect(items(m1.body)).toHaveLength(1);
    const m2 = await call(sim, 'GET', nextUrl(m1) as string);
    expect(items(m2.body)).toHaveLength(1);
    expect(items(m2.body)[0]?.id).not.toBe(items(m1.body)[0]?.id);
    expect(header(m2, 'link')).toBeUndefined();
    expect(new URL(nextUrl(m1) as string).searchParams.get('roomId')).toBe(room);

    for (let i = 0; i < 3; i++)
      await call(sim, 'POST', '/webhooks', {
        json: { name: `h${i}`, targetUrl: 'https://hooks.example/x', resource: 'messages', event: 'created' },
      });
    const w1 = await call(sim, 'GET', '/webhooks?max=2');
    const w2 = await call(sim, 'GET', nextUrl(w1) as string);
    expect([...items(w1.body), ...items(w2.body)].map((w) => w.name).sort()).toEqual(['h0', 'h1', 'h2']);

    for (let i = 0; i < 2; i++) await call(sim, 'POST', '/teams', { json: { name: `team ${i}` } });
    const t1 = await call(sim, 'GET', '/teams?max=1');
    expect(items(t1.body)).toHaveLength(1);
    expect(nextUrl(t1)).toBeDefined();

    const p1 = await call(
      sim,
      'GET',
      '/people?displayName=&email=&id=' +
        encodeURIComponent(`${sim.people.operator?.id},${sim.people.bot?.id}`) +
        '&max=1',
    );
    expect(items(p1.body)).toHaveLength(1);
    const p2 = await call(sim, 'GET', nextUrl(p1) as string);
    expect(items(p2.body)).toHaveLength(1);
  });
});

describe('dropMentionedPeopleInNextLinks (the real defect, docs/webex-api.md §3)', () => {
  it('drops mentionedPeople from next links, so a bot gets 403 on page 2', async () => {
    const sim = await startSimulator({ scenario: 'empty', dropMentionedPeopleInNextLinks: true });
    try {
      const room = sim.control.createRoom('operator', { title: 'drop' }).id;
      sim.control.addMember(room, 'bot');
      for (let i = 0; i < 5; i++)
        sim.control.post('operator', { roomId: room, markdown: `<@personId:${sim.people.bot?.id}> ${i}` });
      const res = await call(sim, 'GET', `/messages?roomId=${room}&mentionedPeople=me&max=2`, {
        token: sim.tokens.bot,
      });
      const next = nextUrl(res) as string;
      expect(new URL(next).searchParams.has('mentionedPeople')).toBe(false);
      expect(new URL(next).searchParams.get('max')).toBe('2');
      const page2 = await call(sim, 'GET', next, { token: sim.tokens.bot });
      expect(page2.status).toBe(403);
      expect(errorMessage(page2)).toBe('Failed to get activity.');
    } finally {
      await sim.close();
    }
  });
});
