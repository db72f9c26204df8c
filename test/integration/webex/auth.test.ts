/** 401 handling and token hygiene. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../../src/main/log/types';
import { createWebexClient, type WebexClientEvent } from '../../../src/main/webex';
import { failure, serialiseDeep, startHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'empty' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sim.control.clearFaults();
});

const meRequests = (): number => h.sim.control.requests().filter((r) => r.route === 'GET /people/me').length;

describe('401', () => {
  it('calls onUnauthorized with the rejected token and repeats once with the refreshed one', async () => {
    const stale = h.sim.control.issueToken('operator');
    h.sim.control.expireToken(stale);
    let current = stale;
    const rejected: string[] = [];
    const webex = h.client({
      auth: {
        getToken: async () => current,
        onUnauthorized: async (token) => {
          rejected.push(token);
          current = h.sim.control.issueToken('operator');
          return true;
        },
      },
    });
    const before = meRequests();
    expect((await webex.people.me()).id).toBe(h.sim.people.operator?.id);
    expect(rejected).toEqual([stale]);
    expect(meRequests() - before).toBe(2);
  });

  it('fails with kind auth when the refresh is declined, throws, or the new token is rejected too (once only)', async () => {
    const revoked = h.sim.control.issueToken('operator');
    h.sim.control.revokeToken(revoked);
    let calls = 0;
    const declined = h.client({
      auth: { getToken: async () => revoked, onUnauthorized: async () => (calls++, false) },
    });
    expect(await failure(declined.people.me())).toMatchObject({ kind: 'auth', status: 401, delivery: 'notSent' });
    expect(calls).toBe(1);

    const throwing = h.client({
      auth: {
        getToken: async () => revoked,
        onUnauthorized: async () => {
          throw new Error('refresh failed');
        },
      },
    });
    expect((await failure(throwing.people.me())).kind).toBe('auth');

    let refreshes = 0;
    const before = meRequests();
    const stillBad = h.client({
      auth: { getToken: async () => revoked, onUnauthorized: async () => (refreshes++, true) },
    });
    expect((await failure(stillBad.people.me())).kind).toBe('auth');
    expect(refreshes).toBe(1);
    expect(meRequests() - before).toBe(2);

    const plain = h.client({ token: revoked });
    expect((await failure(plain.messages.create({ roomId: 'R', text: 'x' }))).kind).toBe('auth');
  });

  it('without a token the call fails notSignedIn and sends nothing', async () => {
    const before = h.sim.control.requests().length;
    const webex = createWebexClient({ baseUrl: h.sim.baseUrl });
    expect((await failure(webex.people.me())).kind).toBe('notSignedIn');
    expect(h.sim.control.requests().length).toBe(before);
    await webex.close();
  });
});

describe('token hygiene', () => {
  it('the token appears in no error, event or log line (canary)', async () => {
    const canary = h.sim.control.issueToken('operator');
    const unknownCanary = 'CANARY-0f4c2a1e-token-that-webex-rejects';
    const lines: string[] = [];
    const capture = (bindings: LogFields = {}): Logger => {
      const log = (level: string) => (msg: string, fields?: LogFields) => {
        lines.push(JSON.stringify({ level, msg, ...bindings, ...fields }));
      };
      return {
        debug: log('debug'),
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
        child: (b) => capture({ ...bindings, ...b }),
      };
    };
    const events: WebexClientEvent[] = [];
    const make = (token: string) =>
      createWebexClient({
        baseUrl: h.sim.baseUrl,
        token,
        logger: capture(),
        onEvent: (e) => events.push(e),
        retry: { random: () => 0, maxRateLimitWaitMs: 0 },
        timeouts: { headersMs: 800 },
      });
    const webex = make(canary);
    const room = await webex.rooms.create({ title: 'canary room' });
    const errors: unknown[] = [];
    const collect = async (p: Promise<unknown>): Promise<void> => {
      try {
        await p;
      } catch (e) {
        errors.push(e);
      }
    };
    await collect(webex.rooms.get('Y2lzY29zcGFyazovL3VzL1JPT00vbm9wZQ'));
    h.sim.control.setFaults({
      'POST /messages': [
        { error: 1, errorStatus: 500, count: 1 },
        { resetAfter: 1, count: 1 },
        { truncate: 1, count: 1 },
        { hang: 1, count: 1 },
      ],
    });
    for (let i = 0; i < 4; i++) await collect(webex.messages.create({ roomId: room.id, text: `canary ${i}` }));
    h.sim.control.setFaults({
      'GET /people/me': [
        { nonJson: 1, count: 1 },
        { rateLimit: 1, retryAfter: 60, count: 1 },
      ],
    });
    await collect(webex.people.me());
    await collect(webex.people.me());
    await collect(webex.people.me()); // fails fast: paused
    h.sim.control.clearFaults();
    await collect(make(unknownCanary).people.me());
    const refused = createWebexClient({
      baseUrl: 'http://127.0.0.1:1/v1',
      token: canary,
      logger: capture(),
      retry: { maxAttempts: 1 },
    });
    await collect(refused.people.me());
    const ac = new AbortController();
    ac.abort();
    await collect(webex.people.me({ signal: ac.signal }));

    expect(errors.length).toBe(11);
    const haystack = [...errors.map(serialiseDeep), JSON.stringify(events), ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(haystack).not.toContain(canary);
    expect(haystack).not.toContain(unknownCanary);
    expect(haystack).not.toMatch(/Bearer\s+[A-Za-z0-9]/);
    for (const e of errors) {
      expect(Object.keys(e as object).some((k) => /token|auth|header|option/i.test(k))).toBe(false);
    }
    await refused.close();
  });
});
