/**
 * undici MockAgent, only for what the simulator cannot produce: cross-origin redirects, odd Link headers, a Link to
 * another origin, DNS failures, list bodies without `items`, 423 + Retry-After on contents, and exact request headers.
 */
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { WebexApiError, createWebexClient, type WebexClientEvent } from '../../../src/main/webex';

const API = 'https://webexapis.com';
const TOKEN = 'mock-token-123456';

const room = (i: number): Record<string, unknown> => ({
  id: `R${i}`,
  title: `Room ${i}`,
  type: 'group',
  isLocked: false,
  lastActivity: '2026-01-05T09:00:00.000Z',
  creatorId: 'P',
  created: '2026-01-01T00:00:00.000Z',
});

type Headers = Record<string, string>;
function headersOf(h: unknown): Headers {
  const out: Headers = {};
  if (h && typeof (h as { forEach?: unknown }).forEach === 'function' && !Array.isArray(h)) {
    (h as { forEach(cb: (v: string, k: string) => void): void }).forEach((v, k) => {
      out[k.toLowerCase()] = v;
    });
    return out;
  }
  for (const [k, v] of Object.entries((h ?? {}) as Record<string, unknown>)) out[k.toLowerCase()] = String(v);
  return out;
}

let agent: MockAgent;
let clock: ManualClock;
let events: WebexClientEvent[];

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  clock = new ManualClock();
  events = [];
});
afterEach(async () => {
  await agent.close();
});

function client(extra: Parameters<typeof createWebexClient>[0] = {}): ReturnType<typeof createWebexClient> {
  return createWebexClient({
    token: TOKEN,
    dispatcher: agent,
    clock,
    retry: { random: () => 0 },
    onEvent: (e) => events.push(e),
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<WebexApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WebexApiError);
    return e as WebexApiError;
  }
  throw new Error('expected a failure');
}

describe('request headers', () => {
  it('sends Bearer auth, Accept, the User-Agent and its own TrackingID (prefix_uuid_n)', async () => {
    const seen: Headers[] = [];
    agent
      .get(API)
      .intercept({ path: '/v1/people/me', method: 'GET' })
      .reply((opts) => {
        seen.push(headersOf(opts.headers));
        return { statusCode: 200, data: { id: 'P', emails: ['a@b'], displayName: 'A', orgId: 'O', type: 'person' } };
      })
      .times(2);
    const webex = client({ userAgent: 'ops-test/1' });
    await webex.people.me();
    await webex.people.me();
    expect(seen[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.['user-agent']).toBe('ops-test/1');
    expect(seen[0]?.accept).toBe('application/json');
    const ids = seen.map((h) => h.trackingid ?? '');
    expect(ids[0]).toMatch(/^webex-ops-console_[0-9a-f-]{36}_1$/);
    expect(ids[1]).toBe(ids[0]?.replace(/_1$/, '_2'));
  });

  it('validates input locally: nothing is sent for an invalid message', async () => {
    const webex = client();
    const e = await failure(webex.messages.create({ roomId: 'R', toPersonEmail: 'x@y', text: 'hi' }));
    expect(e.kind).toBe('invalidInput');
    expect(e.delivery).toBe('notSent');
    const tooLong = await failure(webex.messages.create({ roomId: 'R', markdown: 'é'.repeat(3720) }));
    expect(tooLong.issues?.[0]?.path).toBe('markdown');
    const noContent = await failure(webex.messages.create({ roomId: 'R' }));
    expect(noContent.kind).toBe('invalidInput');
    expect(events.filter((ev) => ev.type === 'request')).toHaveLength(0);
  });
});

describe('query defaults (like the Python SDK)', () => {
  it('applies per-endpoint max defaults, drops undefined params, caps max at 100 with mentionedPeople', async () => {
    const seen: string[] = [];
    agent
      .get(API)
      .intercept({ path: () => true, method: 'GET' })
      .reply((opts) => {
        seen.push(opts.path);
        return { statusCode: 200, data: { items: [] } };
      })
      .persist();
    const webex = client();
    await webex.rooms.list({ max: undefined, type: undefined, sortBy: 'lastactivity' }).toArray();
    await webex.teams.list().toArray();
    await webex.webhooks.list().toArray();
    await webex.teamMemberships.list({ teamId: 'T' }).toArray();
    await webex.memberships.list({ roomId: 'R', personEmail: undefined }).toArray();
    await webex.people.list({ displayName: 'Dan', id: undefined }).toArray();
    await webex.messages.list({ roomId: 'R' }).toArray();
    await webex.messages.list({ roomId: 'R', mentionedPeople: 'me', max: 500 }).toArray();
    await webex.people.list({ id: ['A', 'B'] }).toArray();
    expect(seen).toEqual([
      '/v1/rooms?max=100&sortBy=lastactivity',
      '/v1/teams?max=100',
      '/v1/webhooks?max=100',
      '/v1/team/memberships?teamId=T&max=100',
      '/v1/memberships?roomId=R',
      '/v1/people?displayName=Dan',
      '/v1/messages?roomId=R&max=50',
      '/v1/messages?roomId=R&mentionedPeople=me&max=100',
      '/v1/people?id=A%2CB',
    ]);
  });
});

describe('pagination edge cases', () => {
  it('follows odd but valid Link headers (several values, quotes, param order, relative URL)', async () => {
    const pool = agent.get(API);
    pool.intercept({ path: '/v1/rooms?max=2', method: 'GET' }).reply(
      200,
      { items: [room(1), room(2)] },
      {
        headers: {
          link: '<https://webexapis.com/v1/rooms?x=a,b>; rel="prev", <https://webexapis.com/v1/rooms?max=2&cursor=c2>;title="p, 2";rel=next',
        },
      },
    );
    pool.intercept({ path: '/v1/rooms?max=2&cursor=c2', method: 'GET' }).reply(
      200,
      { items: [room(3)] },
      {
        headers: { link: '</v1/rooms?cursor=c3>; REL="Next"' },
      },
    );
    // relative link, server dropped max: max re-added, cursor untouched
    pool.intercept({ path: '/v1/rooms?cursor=c3&max=2', method: 'GET' }).reply(200, { items: [room(4)] });
    const ids: string[] = [];
    for await (const r of client().rooms.list({ max: 2 })) ids.push(r.id);
    expect(ids).toEqual(['R1', 'R2', 'R3', 'R4']);
    agent.assertNoPendingInterceptors();
  });

  it('a next link to another origin is malformed (the token never goes there)', async () => {
    agent
      .get(API)
      .intercept({ path: '/v1/rooms?max=100', method: 'GET' })
      .reply(200, { items: [room(1)] }, { headers: { link: '<https://evil.example/v1/rooms?page=2>; rel="next"' } });
    const iter = client().rooms.list()[Symbol.asyncIterator]();
    const e = await failure(iter.next());
    expect(e.kind).toBe('malformed');
    expect(e.message).toContain('another origin');
  });

  it('a body without items, or with an invalid item, is malformed — never a crash', async () => {
    const pool = agent.get(API);
    pool.intercept({ path: '/v1/teams?max=100', method: 'GET' }).reply(200, { rooms: [] });
    pool.intercept({ path: '/v1/webhooks?max=100', method: 'GET' }).reply(200, { items: [{ id: 'W' }] });
    pool
      .intercept({ path: '/v1/rooms?max=100', method: 'GET' })
      .reply(200, { items: [room(1), { ...room(2), type: 42 }] });
    const webex = client();
    expect((await failure(webex.teams.list().toArray())).kind).toBe('malformed');
    const bad = await failure(webex.webhooks.list().toArray());
    expect(bad.kind).toBe('malformed');
    expect(bad.issues?.some((i) => i.path.startsWith('items.0.'))).toBe(true);
    const badRoom = await failure(webex.rooms.list().toArray());
    expect(badRoom.issues?.[0]?.path).toBe('items.1.type');
  });

  it('a next link pointing at the same page is malformed (no endless loop)', async () => {
    agent
      .get(API)
      .intercept({ path: '/v1/rooms?max=100', method: 'GET' })
      .reply(200, { items: [room(1)] }, { headers: { link: '<https://webexapis.com/v1/rooms?max=100>; rel="next"' } });
    expect((await failure(client().rooms.list().toArray())).kind).toBe('malformed');
  });
});

describe('DNS failure', () => {
  const dnsError = (): Error => Object.assign(new Error('getaddrinfo ENOTFOUND webexapis.com'), { code: 'ENOTFOUND' });

  it('a POST is retried (certainly not processed) and fails notSent with kind network', async () => {
    agent.get(API).intercept({ path: '/v1/messages', method: 'POST' }).replyWithError(dnsError()).times(4);
    const e = await failure(client().messages.create({ roomId: 'R', text: 'hi' }));
    expect(e.kind).toBe('network');
    expect(e.delivery).toBe('notSent');
    expect(e.message).toContain('DNS');
    expect(events.filter((ev) => ev.type === 'request')).toHaveLength(4);
    expect(events.filter((ev) => ev.type === 'retry').map((ev) => ev.type === 'retry' && ev.reason)).toEqual([
      'network',
      'network',
      'network',
    ]);
  });

  it('EAI_AGAIN then success: the POST goes through once', async () => {
    const pool = agent.get(API);
    pool
      .intercept({ path: '/v1/messages', method: 'POST' })
      .replyWithError(Object.assign(new Error('getaddrinfo EAI_AGAIN webexapis.com'), { code: 'EAI_AGAIN' }));
    pool.intercept({ path: '/v1/messages', method: 'POST' }).reply(200, {
      id: 'M1',
      roomId: 'R',
      roomType: 'group',
      personId: 'P',
      personEmail: 'p@x',
      created: '2026-01-05T09:00:00.000Z',
      text: 'hi',
    });
    const msg = await client().messages.create({ roomId: 'R', text: 'hi' });
    expect(msg.id).toBe('M1');
  });
});

describe('contents redirects and locks', () => {
  const contentPath = '/v1/contents/Y2lzY29zcGFyazovL3VzL0NPTlRFTlQvYWJjLzA';
  const contentUrl = `${API}${contentPath}`;

  it('follows a cross-origin redirect without the Authorization header', async () => {
    let crossHeaders: Headers = {};
    let firstHeaders: Headers = {};
    agent
      .get(API)
      .intercept({ path: contentPath, method: 'GET' })
      .reply((opts) => {
        firstHeaders = headersOf(opts.headers);
        return {
          statusCode: 302,
          data: '',
          responseOptions: { headers: { location: 'https://files.example.net/blob/1?sig=abc' } },
        };
      });
    agent
      .get('https://files.example.net')
      .intercept({ path: '/blob/1?sig=abc', method: 'GET' })
      .reply((opts) => {
        crossHeaders = headersOf(opts.headers);
        return {
          statusCode: 200,
          data: 'file-bytes',
          responseOptions: {
            headers: { 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="a.txt"' },
          },
        };
      });
    const { info, body } = await client().contents.open(contentUrl);
    let text = '';
    for await (const chunk of body) text += String(chunk);
    expect(text).toBe('file-bytes');
    expect(info).toMatchObject({ name: 'a.txt', contentType: 'text/plain' });
    expect(firstHeaders.authorization).toBe(`Bearer ${TOKEN}`);
    expect(crossHeaders.authorization).toBeUndefined();
  });

  it('keeps Authorization on a same-origin redirect and refuses a redirect to plain http', async () => {
    let secondAuth: string | undefined;
    const pool = agent.get(API);
    pool
      .intercept({ path: contentPath, method: 'HEAD' })
      .reply(307, '', { headers: { location: '/v1/contents/other' } });
    pool.intercept({ path: '/v1/contents/other', method: 'HEAD' }).reply((opts) => {
      secondAuth = headersOf(opts.headers).authorization;
      return {
        statusCode: 200,
        data: '',
        responseOptions: { headers: { 'content-length': '10', 'content-type': 'image/png' } },
      };
    });
    const info = await client().contents.head(contentUrl);
    expect(info).toEqual({ name: '', contentType: 'image/png', size: 10 });
    expect(secondAuth).toBe(`Bearer ${TOKEN}`);

    pool
      .intercept({ path: contentPath, method: 'GET' })
      .reply(302, '', { headers: { location: 'http://files.example.net/x' } });
    const e = await failure(client().contents.download(contentUrl));
    expect(e.kind).toBe('malformed');
    expect(e.message).toContain('insecure');
  });

  it('does not follow redirects on API calls', async () => {
    agent
      .get(API)
      .intercept({ path: '/v1/people/me', method: 'GET' })
      .reply(301, '', { headers: { location: 'https://elsewhere.example/' } });
    const e = await failure(client().people.me());
    expect(e.kind).toBe('malformed');
    expect(e.status).toBe(301);
  });

  it('refuses contents URLs of other origins or paths (never sends the token there)', async () => {
    const webex = client();
    expect((await failure(webex.contents.head('https://evil.example/v1/contents/x'))).kind).toBe('invalidInput');
    expect((await failure(webex.contents.head(`${API}/v1/rooms/x`))).kind).toBe('invalidInput');
    expect(events).toHaveLength(0);
  });

  it('423 (scanning) waits Retry-After on the clock, then downloads; beyond the budget it fails locked with retryAt', async () => {
    const pool = agent.get(API);
    pool
      .intercept({ path: contentPath, method: 'GET' })
      .reply(423, { message: 'scanning' }, { headers: { 'retry-after': '20' } });
    pool
      .intercept({ path: contentPath, method: 'GET' })
      .reply(200, 'ok', { headers: { 'content-type': 'text/plain' } });
    const webex = client();
    const p = webex.contents.download(contentUrl);
    await clock.waitForSleepers(1);
    expect(clock.nextWakeAt()).toBe(clock.now() + 20_000);
    await clock.advance(20_000);
    const body = await p;
    let text = '';
    for await (const c of body) text += String(c);
    expect(text).toBe('ok');
    expect(events.some((e) => e.type === 'retry' && e.reason === 'locked' && e.delayMs === 20_000)).toBe(true);

    pool
      .intercept({ path: contentPath, method: 'GET' })
      .reply(423, { message: 'scanning' }, { headers: { 'retry-after': '600' } });
    const e = await failure(client({ retry: { maxRateLimitWaitMs: 60_000 } }).contents.download(contentUrl));
    expect(e.kind).toBe('locked');
    expect(e.retryAt).toBe(new Date(clock.now() + 600_000).toISOString());
  });

  it('410 → gone, 428 → unscannable (and allowUnscannable adds ?allow=unscannable)', async () => {
    const pool = agent.get(API);
    pool.intercept({ path: contentPath, method: 'GET' }).reply(410, { message: 'infected' });
    pool.intercept({ path: contentPath, method: 'GET' }).reply(428, { message: 'cannot scan' });
    pool
      .intercept({ path: `${contentPath}?allow=unscannable`, method: 'HEAD' })
      .reply(200, '', { headers: { 'content-length': '3' } });
    const webex = client();
    expect((await failure(webex.contents.download(contentUrl))).kind).toBe('gone');
    expect((await failure(webex.contents.download(contentUrl))).kind).toBe('unscannable');
    expect((await webex.contents.head(contentUrl, { allowUnscannable: true })).size).toBe(3);
  });
});
