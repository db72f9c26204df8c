import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, errorMessage, header } from './helpers';

const TOO_MANY =
  'The user has sent too many requests in a given amount of time. Please refer to the Retry-After response header to wait before making a new request.';

describe('rate limits on the injected clock (docs/webex-api.md §4)', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('per token: 429 with the real text and an integer Retry-After from the bucket; refills on advance', async () => {
    const clock = new ManualClock();
    sim = await startSimulator({
      scenario: 'empty',
      clock,
      rateLimits: { perToken: { capacity: 3, refillPerSec: 0.5 } },
    });
    for (let i = 0; i < 3; i++) expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
    const limited = await call(sim, 'GET', '/people/me');
    expect(limited.status).toBe(429);
    expect(header(limited, 'retry-after')).toBe('2');
    expect(errorMessage(limited)).toBe(TOO_MANY);
    expect((await call(sim, 'GET', '/people/me', { token: sim.tokens.bot })).status).toBe(200);
    await clock.advance(1999);
    expect((await call(sim, 'GET', '/people/me')).status).toBe(429);
    await clock.advance(1);
    expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
    expect(sim.control.stats().byStatus['429']).toBe(2);
  });

  it('per room for message reads, shared across tokens, independent per room', async () => {
    const clock = new ManualClock();
    sim = await startSimulator({
      scenario: 'empty',
      clock,
      rateLimits: { perRoomMessageReads: { capacity: 2, refillPerSec: 0.1 } },
    });
    const a = sim.control.createRoom('operator', { title: 'a' }).id;
    const b = sim.control.createRoom('operator', { title: 'b' }).id;
    sim.control.addMember(a, 'bot');
    expect((await call(sim, 'GET', `/messages?roomId=${a}`)).status).toBe(200);
    expect((await call(sim, 'GET', `/messages?roomId=${a}&mentionedPeople=me`, { token: sim.tokens.bot })).status).toBe(
      200,
    );
    const limited = await call(sim, 'GET', `/messages?roomId=${a}`);
    expect(limited.status).toBe(429);
    expect(header(limited, 'retry-after')).toBe('10');
    expect((await call(sim, 'GET', `/messages?roomId=${b}`)).status).toBe(200);
    expect((await call(sim, 'GET', '/rooms')).status).toBe(200);
    await clock.advance(10_000);
    expect((await call(sim, 'GET', `/messages?roomId=${a}`)).status).toBe(200);
  });

  it('sends the configured garbage Retry-After values seen in the wild, in rotation', async () => {
    const clock = new ManualClock();
    sim = await startSimulator({
      scenario: 'empty',
      clock,
      rateLimits: { perToken: { capacity: 1, refillPerSec: 0.01 }, retryAfterValues: ['rand(30),add(30)', '', '30.5'] },
    });
    expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(sim, 'GET', '/people/me');
      expect(res.status).toBe(429);
      seen.push(header(res, 'retry-after'));
    }
    expect(seen).toEqual(['rand(30),add(30)', '', '30.5']);
  });

  it('can be switched off and on through the control API; demo defaults are generous', async () => {
    sim = await startSimulator({ scenario: 'demo', rateLimits: { perToken: { capacity: 1, refillPerSec: 0 } } });
    expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
    expect((await call(sim, 'GET', '/people/me')).status).toBe(429);
    sim.control.setRateLimits(false);
    expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
    await sim.close();

    sim = await startSimulator({ scenario: 'demo' });
    const statuses = await Promise.all(
      Array.from({ length: 100 }, () => call(sim as Simulator, 'GET', '/rooms?max=5').then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  });
});
