import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, errorMessage, header, items, obj } from './helpers';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('fault injection (deterministic, per route)', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const start = async (opts: Parameters<typeof startSimulator>[0] = {}) => {
    sim = await startSimulator({ scenario: 'empty', ...opts });
    return sim;
  };

  it('5xx with the standard body, one-shot via count', async () => {
    const s = await start({ faults: { 'GET /rooms': { error: 1, errorStatus: 503, count: 1 } } });
    const res = await call(s, 'GET', '/rooms');
    expect(res.status).toBe(503);
    errorMessage(res);
    expect((await call(s, 'GET', '/rooms')).status).toBe(200);
    expect(s.control.getFaults()).toEqual({ 'GET /rooms': { error: 1, errorStatus: 503, count: 0 } });
  });

  it('reset BEFORE processing: the socket dies and nothing is stored', async () => {
    const s = await start();
    const roomId = s.control.createRoom('operator', { title: 'r' }).id;
    s.control.setFaults({ 'POST /messages': { resetBefore: 1, count: 1 } });
    await expect(call(s, 'POST', '/messages', { json: { roomId, text: 'lost?' } })).rejects.toThrow();
    expect(s.control.posted()).toEqual([]);
    expect(s.control.messages(roomId)).toEqual([]);
    expect(s.control.requests().at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      status: 0,
      fault: 'resetBefore',
    });
  });

  it('reset AFTER processing: the POST is stored and recorded in posted(), but no response arrives', async () => {
    const s = await start();
    const roomId = s.control.createRoom('operator', { title: 'r' }).id;
    s.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    await expect(call(s, 'POST', '/messages', { json: { roomId, text: 'delivered but unknown' } })).rejects.toThrow();
    const posted = s.control.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ roomId, personId: s.people.operator?.id, via: 'rest' });
    const listed = items((await call(s, 'GET', `/messages?roomId=${roomId}`)).body);
    expect(listed.map((m) => m.id)).toEqual([posted[0]?.id]);
    expect(s.control.stats().byStatus.resetAfter).toBe(1);
  });

  it('hang: never answers until the client gives up; close() still resolves with a hanging request', async () => {
    const s = await start({ faults: { 'GET /rooms': { hang: 1, count: 1 } } });
    const abort = new AbortController();
    const pending = call(s, 'GET', '/rooms', { signal: abort.signal });
    await until(() => s.control.requests().some((r) => r.fault === 'hang'), 'the hang');
    abort.abort();
    await expect(pending).rejects.toThrow();
    expect((await call(s, 'GET', '/rooms')).status).toBe(200);

    s.control.setFaults({ 'GET /rooms': { hang: 1 } });
    const stuck = call(s, 'GET', '/rooms');
    await until(() => s.control.requests().filter((r) => r.fault === 'hang').length === 2, 'the second hang');
    await s.close();
    await expect(stuck).rejects.toThrow();
  });

  it('truncated body: headers promise more than arrives', async () => {
    const s = await start({ faults: { 'GET /people/me': { truncate: 1, count: 1 } } });
    const res = await request(`${s.baseUrl}/people/me`, { headers: { authorization: `Bearer ${s.tokens.operator}` } });
    expect(res.statusCode).toBe(200);
    const promised = Number(res.headers['content-length']);
    expect(promised).toBeGreaterThan(1);
    // Read chunk by chunk so both halves of the outcome are checked: exactly the first half of the body
    // arrives, then the socket closes (not a clean end, not a failure before any byte).
    let received = 0;
    const failure = await (async () => {
      for await (const chunk of res.body as AsyncIterable<Buffer>) received += chunk.length;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(received).toBe(Math.floor(promised / 2));
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(s.control.requests().at(-1)?.fault).toBe('truncate');
  });

  it('non-JSON body: an HTML error page under the handler status', async () => {
    const s = await start({ faults: { 'GET /rooms': { nonJson: 1, count: 1 } } });
    const res = await call(s, 'GET', '/rooms');
    expect(res.status).toBe(200);
    expect(header(res, 'content-type')).toBe('text/html');
    expect(res.text.startsWith('<html>')).toBe(true);
    expect(header(res, 'trackingid')).toMatch(/^ROUTER_/);
  });

  it('injected 429 with the configured Retry-After', async () => {
    const s = await start({ faults: { '*': { rateLimit: 1, retryAfter: 7, count: 1 } } });
    const res = await call(s, 'GET', '/people/me');
    expect(res.status).toBe(429);
    expect(header(res, 'retry-after')).toBe('7');
    expect((await call(s, 'GET', '/people/me')).status).toBe(200);
  });

  it('latency on the injected clock: the answer waits for advance()', async () => {
    const clock = new ManualClock();
    const s = await start({ clock, faults: { 'GET /people/me': { latencyMs: 5000 } } });
    let done = false;
    const pending = call(s, 'GET', '/people/me').then((r) => {
      done = true;
      return r;
    });
    await clock.waitForSleepers(1);
    await clock.advance(4999);
    expect(done).toBe(false);
    await clock.advance(1);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(s.control.requests().at(-1)?.fault).toBe('latency');
  });

  it('scripts exact sequences with a rule list; the most specific key wins', async () => {
    const s = await start({
      faults: {
        'GET /people/me': [
          { error: 1, count: 2 },
          { rateLimit: 1, count: 1 },
        ],
        '*': { error: 1, errorStatus: 502 },
      },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(s, 'GET', '/people/me')).status);
    expect(statuses).toEqual([500, 500, 429, 502]);
    s.control.clearFaults();
    expect((await call(s, 'GET', '/people/me')).status).toBe(200);
  });

  it('ratios are deterministic from the seed', async () => {
    const run = async (seed: number) => {
      const s = await startSimulator({ scenario: 'empty', seed, faults: { 'GET /people/me': { error: 0.5 } } });
      try {
        const out: number[] = [];
        for (let i = 0; i < 24; i++) out.push((await call(s, 'GET', '/people/me')).status);
        return out.join(',');
      } finally {
        await s.close();
      }
    };
    const a = await run(42);
    expect(await run(42)).toBe(a);
    expect(a).toContain('500');
    expect(a).toContain('200');
  });

  it('does not apply faults to the in-process control API', async () => {
    const s = await start({ faults: { '*': { error: 1 } } });
    const room = s.control.createRoom('operator', { title: 'ok' });
    expect(obj(s.control.post('operator', { roomId: room.id, text: 'still works' })).text).toBe('still works');
  });
});
