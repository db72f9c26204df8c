import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { request } from 'undici';
import { ManualClock } from '../../../src/main/clock';
import { nullLogger } from '../../../src/main/log/types';
import { AuthStore } from '../../../src/sim/core/auth';
import { FaultEngine } from '../../../src/sim/core/faults';
import { RateLimiter } from '../../../src/sim/core/rateLimits';
import { createRng } from '../../../src/sim/core/rng';
import { RequestLog } from '../../../src/sim/core/stats';
import { World } from '../../../src/sim/core/world';
import { createSimServer } from '../../../src/sim/http/server';
import type { Route } from '../../../src/sim/http/types';

describe('HTTP pipeline: an unexpected exception is a 500 with the standard body, never a crash', () => {
  let server: Server;
  let origin = '';
  const log = new RequestLog();

  beforeAll(async () => {
    const world = new World(1, new ManualClock(), 0);
    const routes: Route[] = [
      {
        method: 'GET',
        template: '/boom',
        auth: false,
        body: 'none',
        handler: () => {
          throw new Error('boom');
        },
      },
      {
        method: 'GET',
        template: '/async-boom',
        auth: false,
        body: 'none',
        handler: () => Promise.reject(new TypeError('async boom')),
      },
    ];
    server = createSimServer({
      ctx: {
        world,
        auth: new AuthStore(world),
        rateLimiter: new RateLimiter(),
        logger: nullLogger,
        origin: () => origin,
        apiBase: () => `${origin}/v1`,
        dropMentionedPeopleInNextLinks: false,
        recordPosted: () => undefined,
      },
      routes,
      faults: new FaultEngine(1),
      log,
      trackingRng: createRng(1, 't'),
      closeSignal: new AbortController().signal,
      controlSecret: undefined,
      control: { handle: () => Promise.reject(new Error('unused')) },
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it.each(['/v1/boom', '/v1/async-boom'])('%s → 500 JSON with trackingId, and the server keeps serving', async (p) => {
    const res = await request(`${origin}${p}`);
    const body = (await res.body.json()) as { message: string; errors: { description: string }[]; trackingId: string };
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(body.message).toBe('Internal server error.');
    expect(body.errors).toEqual([{ description: 'Internal server error.' }]);
    expect(body.trackingId).toBe(res.headers.trackingid);
    const again = await request(`${origin}/v1/nothing-here`);
    expect(again.statusCode).toBe(404);
    await again.body.dump();
    expect(log.list().some((r) => r.status === 500)).toBe(true);
  });
});
