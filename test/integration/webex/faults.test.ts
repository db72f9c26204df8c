/** Retries and delivery outcomes under injected faults (real loopback sockets, real time only for timeouts). */
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { createWebexClient, type WebexClientEvent } from '../../../src/main/webex';
import { failure, startHarness, until, type Harness } from './helpers';

let h: Harness;
let roomId: string;
beforeAll(async () => {
  h = await startHarness({ scenario: 'empty' });
  roomId = (await h.client().rooms.create({ title: 'Faults room' })).id;
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sim.control.clearFaults();
  h.events.length = 0;
});

const count = (route: string): number => h.sim.control.requests().filter((r) => r.route === route).length;
const postedRest = (): number => h.sim.control.posted().filter((p) => p.via === 'rest').length;

describe('5xx', () => {
  it('a GET answered 503/502/504 is retried with backoff and succeeds', async () => {
    h.sim.control.setFaults({
      'GET /rooms/{roomId}': [
        { error: 1, errorStatus: 503, count: 1 },
        { error: 1, errorStatus: 502, count: 1 },
        { error: 1, errorStatus: 504, count: 1 },
      ],
    });
    const before = count('GET /rooms/{roomId}');
    const room = await h.client().rooms.get(roomId);
    expect(room.id).toBe(roomId);
    expect(count('GET /rooms/{roomId}') - before).toBe(4);
    expect(h.events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.reason)).toEqual([
      'server',
      'server',
      'server',
    ]);
  });

  it('a GET keeps failing 503 → server error after maxAttempts, notSent', async () => {
    h.sim.control.setFaults({ 'GET /rooms/{roomId}': { error: 1, errorStatus: 503 } });
    const before = count('GET /rooms/{roomId}');
    const e = await failure(h.client({ retry: { maxAttempts: 3, random: () => 0 } }).rooms.get(roomId));
    expect(e).toMatchObject({ kind: 'server', status: 503, delivery: 'notSent' });
    expect(count('GET /rooms/{roomId}') - before).toBe(3);
  });

  it('a POST answered 5xx is not retried: delivery unknown', async () => {
    for (const status of [500, 502, 503]) {
      h.sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: status, count: 1 } });
      const before = count('POST /messages');
      const e = await failure(h.client().messages.create({ roomId, text: `hello ${status}` }));
      expect(e).toMatchObject({ kind: 'server', status, delivery: 'unknown', method: 'POST' });
      expect(e.trackingId).toBeTruthy();
      expect(count('POST /messages') - before).toBe(1);
    }
  });

  it('a message PUT answered 5xx is not retried either (10-edit limit)', async () => {
    const webex = h.client();
    const msg = await webex.messages.create({ roomId, text: 'to edit' });
    h.sim.control.setFaults({ 'PUT /messages/{messageId}': { error: 1, errorStatus: 503, count: 1 } });
    const before = count('PUT /messages/{messageId}');
    const e = await failure(webex.messages.update(msg.id, { roomId, text: 'edited' }));
    expect(e).toMatchObject({ kind: 'server', delivery: 'unknown' });
    expect(count('PUT /messages/{messageId}') - before).toBe(1);
  });
});

describe('socket resets', () => {
  it('reset after processing a POST → network error, delivery unknown, stored exactly once', async () => {
    h.sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const posted = postedRest();
    const before = count('POST /messages');
    const e = await failure(h.client().messages.create({ roomId, text: 'maybe sent' }));
    expect(e).toMatchObject({ kind: 'network', delivery: 'unknown' });
    expect(count('POST /messages') - before).toBe(1);
    expect(postedRest() - posted).toBe(1);
    const stored = h.sim.control.messages(roomId).filter((m) => m.text === 'maybe sent');
    expect(stored).toHaveLength(1);
  });

  it('reset before processing a GET is retried and succeeds', async () => {
    h.sim.control.setFaults({ 'GET /rooms/{roomId}': { resetBefore: 1, count: 2 } });
    const before = count('GET /rooms/{roomId}');
    expect((await h.client().rooms.get(roomId)).id).toBe(roomId);
    expect(count('GET /rooms/{roomId}') - before).toBe(3);
  });

  it('a DELETE whose first attempt was processed but reset counts as done when the retry gets 404', async () => {
    const webex = h.client();
    const msg = await webex.messages.create({ roomId, text: 'delete me' });
    h.sim.control.setFaults({ 'DELETE /messages/{messageId}': { resetAfter: 1, count: 1 } });
    const before = count('DELETE /messages/{messageId}');
    await expect(webex.messages.delete(msg.id)).resolves.toBeUndefined();
    expect(count('DELETE /messages/{messageId}') - before).toBe(2);
    expect((await failure(webex.messages.get(msg.id))).kind).toBe('notFound');
  });
});

describe('connection refused (closed port)', () => {
  async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    return port;
  }

  it('a POST is retried (certainly not processed) with backoff on the clock, then fails notSent', async () => {
    const clock = new ManualClock();
    const events: WebexClientEvent[] = [];
    const webex = createWebexClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
      token: 'x-token',
      clock,
      retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 10_000, random: () => 0.5 },
      onEvent: (e) => events.push(e),
    });
    const p = failure(webex.messages.create({ roomId: 'R', text: 'hi' }));
    for (const delay of [500, 1000, 2000]) {
      await clock.waitForSleepers(1);
      expect(clock.nextWakeAt()).toBe(clock.now() + delay);
      await clock.advance(delay);
    }
    const e = await p;
    expect(e).toMatchObject({ kind: 'network', delivery: 'notSent', method: 'POST', path: '/v1/messages' });
    expect(e.message).toContain('ECONNREFUSED');
    expect(events.filter((x) => x.type === 'request')).toHaveLength(4);
    expect(events.filter((x) => x.type === 'retry').map((x) => x.type === 'retry' && x.delayMs)).toEqual([
      500, 1000, 2000,
    ]);
    await webex.close();
  });
});

describe('malformed bodies', () => {
  it('a truncated GET body is retried; persistently truncated → malformed', async () => {
    h.sim.control.setFaults({ 'GET /rooms/{roomId}': { truncate: 1, count: 1 } });
    expect((await h.client().rooms.get(roomId)).id).toBe(roomId);
    h.sim.control.setFaults({ 'GET /rooms/{roomId}': { truncate: 1 } });
    const e = await failure(h.client().rooms.get(roomId));
    expect(e).toMatchObject({ kind: 'malformed', status: 200, delivery: 'notSent' });
  });

  it('a truncated POST answer → malformed with delivery unknown (it was stored)', async () => {
    h.sim.control.setFaults({ 'POST /messages': { truncate: 1, count: 1 } });
    const posted = postedRest();
    const e = await failure(h.client().messages.create({ roomId, text: 'truncated answer' }));
    expect(e).toMatchObject({ kind: 'malformed', delivery: 'unknown' });
    expect(postedRest() - posted).toBe(1);
  });

  it('a non-JSON body is malformed and not retried', async () => {
    h.sim.control.setFaults({ 'GET /people/me': { nonJson: 1, count: 1 } });
    const before = count('GET /people/me');
    const e = await failure(h.client().people.me());
    expect(e).toMatchObject({ kind: 'malformed', delivery: 'notSent' });
    expect(e.message).toContain('not valid JSON');
    expect(count('GET /people/me') - before).toBe(1);
  });

  it('a non-JSON list page is malformed', async () => {
    h.sim.control.setFaults({ 'GET /rooms': { nonJson: 1, count: 1 } });
    expect((await failure(h.client().rooms.list().toArray())).kind).toBe('malformed');
  });
});

describe('timeouts and cancellation', () => {
  it('a hung GET times out (headers timeout) and is retried', async () => {
    h.sim.control.setFaults({ 'GET /people/me': { hang: 1, count: 1 } });
    const me = await h.client({ timeouts: { headersMs: 800 } }).people.me();
    expect(me.id).toBe(h.sim.people.operator?.id);
    expect(h.events.some((e) => e.type === 'retry' && e.reason === 'timeout')).toBe(true);
  });

  it('a hung POST times out with delivery unknown and is not retried', async () => {
    h.sim.control.setFaults({ 'POST /messages': { hang: 1, count: 1 } });
    const before = count('POST /messages');
    const e = await failure(h.client({ timeouts: { headersMs: 800 } }).messages.create({ roomId, text: 'hung' }));
    expect(e).toMatchObject({ kind: 'timeout', delivery: 'unknown' });
    expect(count('POST /messages') - before).toBe(1);
  });

  it('an aborted call is cancelled (unknown for an in-flight POST, notSent for a GET)', async () => {
    h.sim.control.setFaults({ 'POST /messages': { hang: 1, count: 1 }, 'GET /people/me': { hang: 1, count: 1 } });
    const before = count('POST /messages');
    const ac = new AbortController();
    const post = failure(h.client().messages.create({ roomId, text: 'abort me' }, { signal: ac.signal }));
    await until(() => count('POST /messages') > before, 'the POST to arrive');
    ac.abort();
    expect(await post).toMatchObject({ kind: 'cancelled', delivery: 'unknown' });

    const ac2 = new AbortController();
    const beforeGet = count('GET /people/me');
    const get = failure(h.client().people.me({ signal: ac2.signal }));
    await until(() => count('GET /people/me') > beforeGet, 'the GET to arrive');
    expect(h.sim.control.requests().at(-1)).toMatchObject({ route: 'GET /people/me', fault: 'hang' });
    ac2.abort();
    expect(await get).toMatchObject({ kind: 'cancelled', delivery: 'notSent' });

    const pre = new AbortController();
    pre.abort();
    expect(await failure(h.client().people.me({ signal: pre.signal }))).toMatchObject({ kind: 'cancelled' });
  });
});
