import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { SimApiError, startDemo, startSimulator, type Simulator } from '../../../src/sim';
import { call, errorMessage, items, obj, str } from './helpers';

const ALERT = /^\*\*(CRITICAL|WARNING|RESOLVED)\*\* /;

describe('HTTP control API guard (/_sim)', () => {
  it('is 404 when no secret was configured', async () => {
    const sim = await startSimulator({ scenario: 'empty' });
    try {
      const res = await call(sim, 'GET', `${sim.origin}/_sim/stats`, {
        token: null,
        headers: { 'x-sim-control': 'anything' },
      });
      expect(res.status).toBe(404);
      errorMessage(res);
    } finally {
      await sim.close();
    }
  });

  it('is 401 without or with a wrong X-Sim-Control header', async () => {
    const sim = await startSimulator({ scenario: 'empty', controlSecret: 's3cret' });
    try {
      expect(sim.controlSecret).toBe('s3cret');
      expect((await call(sim, 'GET', `${sim.origin}/_sim/stats`, { token: null })).status).toBe(401);
      expect(
        (await call(sim, 'GET', `${sim.origin}/_sim/stats`, { token: null, headers: { 'x-sim-control': 's3cre' } }))
          .status,
      ).toBe(401);
      expect(
        (await call(sim, 'GET', `${sim.origin}/_sim/stats`, { token: null, headers: { 'x-sim-control': 's3cret' } }))
          .status,
      ).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('HTTP control API operations', () => {
  let sim: Simulator;
  const ctl = (method: string, path: string, json?: unknown) =>
    call(sim, method, `${sim.origin}/_sim${path}`, {
      token: null,
      headers: { 'x-sim-control': 'k' },
      ...(json === undefined ? {} : { json }),
    });

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'demo', controlSecret: 'k', rateLimits: false });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('posts as an identity through the REST path and records it in posted()', async () => {
    const noc = obj((await ctl('GET', '/rooms/find?title=NOC')).body);
    const res = await ctl('POST', '/post', { as: 'sam', roomId: noc.id, markdown: '**hello** from control' });
    expect(res.status).toBe(200);
    const m = obj(res.body);
    expect([m.html, m.personEmail]).toEqual(['<p><strong>hello</strong> from control</p>', sim.people.sam?.email]);
    const posted = items((await ctl('GET', '/posted')).body);
    expect(posted.at(-1)).toMatchObject({ id: m.id, via: 'control' });
    const upload = obj(
      (
        await ctl('POST', '/post', {
          as: 'operator',
          roomId: noc.id,
          files: [{ name: 'a.txt', contentType: 'text/plain', base64: Buffer.from('hi').toString('base64') }],
        })
      ).body,
    );
    expect((await call(sim, 'GET', (upload.files as string[])[0] as string)).text).toBe('hi');
    const edited = obj((await ctl('PUT', `/messages/${str(m.id)}`, { as: 'sam', text: 'edited' })).body);
    expect(edited.text).toBe('edited');
    expect(
      (
        await call(sim, 'DELETE', `${sim.origin}/_sim/messages/${str(m.id)}?as=sam`, {
          token: null,
          headers: { 'x-sim-control': 'k' },
        })
      ).status,
    ).toBe(204);
    const bad = await ctl('POST', '/post', { as: 'nobody', roomId: noc.id, text: 'x' });
    expect(bad.status).toBe(404);
  });

  it('sets, reads and clears faults; rejects invalid ones with 400', async () => {
    expect((await ctl('PUT', '/faults', { 'GET /people/me': { error: 1, count: 1 } })).status).toBe(200);
    expect(obj((await ctl('GET', '/faults')).body)).toEqual({ 'GET /people/me': { error: 1, count: 1 } });
    expect((await call(sim, 'GET', '/people/me')).status).toBe(500);
    expect((await ctl('PUT', '/faults', { '*': { error: 3 } })).status).toBe(400);
    expect((await ctl('DELETE', '/faults')).status).toBe(204);
    expect(obj((await ctl('GET', '/faults')).body)).toEqual({});
  });

  it('issues, expires and revokes tokens; registers OAuth clients', async () => {
    const token = str(obj((await ctl('POST', '/tokens', { identity: 'priya' })).body).token);
    expect(obj((await call(sim, 'GET', '/people/me', { token })).body).displayName).toBe('Priya Natarajan');
    expect((await ctl('POST', '/tokens/expire', { token })).status).toBe(204);
    expect((await call(sim, 'GET', '/people/me', { token })).status).toBe(401);
    const other = str(obj((await ctl('POST', '/tokens', { identity: 'lee' })).body).token);
    await ctl('POST', '/tokens/revoke', { token: other });
    expect((await call(sim, 'GET', '/people/me', { token: other })).status).toBe(401);
    const client = obj((await ctl('POST', '/oauth/clients', { redirectUri: 'http://127.0.0.1:9/cb' })).body);
    expect(str(client.clientId).length).toBeGreaterThan(10);
    expect(str(client.clientSecret).length).toBeGreaterThan(10);
  });

  it('steps the driver, reports stats/requests, sets skew and rate limits', async () => {
    const step = items((await ctl('POST', '/driver/step')).body);
    expect(step.length).toBeGreaterThan(0);
    expect(str(step[0]?.markdown)).toMatch(ALERT);
    expect(obj((await ctl('GET', '/driver')).body).running).toBe(false);
    await ctl('DELETE', '/stats');
    await call(sim, 'GET', '/rooms?max=1');
    expect(obj((await ctl('GET', '/stats')).body)).toMatchObject({
      requests: 1,
      byRoute: { 'GET /rooms': 1 },
      byStatus: { '200': 1 },
    });
    expect(items((await ctl('GET', '/requests')).body).at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/rooms',
      query: { max: '1' },
      status: 200,
    });
    await ctl('PUT', '/skew', { ms: 3_600_000 });
    const time = obj((await ctl('GET', '/time')).body);
    expect(time.skewMs).toBe(3_600_000);
    await ctl('PUT', '/skew', { ms: 0 });
    expect((await ctl('PUT', '/rate-limits', { perToken: { capacity: 1, refillPerSec: 0 } })).status).toBe(204);
    await call(sim, 'GET', '/people/me');
    expect((await call(sim, 'GET', '/people/me')).status).toBe(429);
    expect((await ctl('DELETE', '/rate-limits')).status).toBe(204);
    expect((await call(sim, 'GET', '/people/me')).status).toBe(200);
    expect(Object.keys(obj(obj((await ctl('GET', '/identities')).body).tokens))).toContain('operator');
  });
});

describe('in-process control and the live driver', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('driver posts alerts and recoveries on the clock; stop() and close() end it', async () => {
    const clock = new ManualClock();
    sim = await startDemo({ clock, rateLimits: false });
    expect(sim.control.driver.running).toBe(true);
    await clock.waitForSleepers(1);
    await clock.advance(8_000);
    await clock.advance(8_000);
    const posted = sim.control.posted();
    expect(posted.length).toBeGreaterThanOrEqual(2);
    expect(posted.every((p) => p.via === 'control')).toBe(true);
    const first = sim.control.messages(posted[0]?.roomId ?? '').find((m) => m.id === posted[0]?.id);
    expect(str(first?.markdown)).toMatch(ALERT);
    expect(first?.personId).toBe(sim.people.bot?.id);
    sim.control.driver.stop();
    expect(sim.control.driver.running).toBe(false);
    const count = sim.control.posted().length;
    await clock.advance(60_000);
    expect(sim.control.posted()).toHaveLength(count);
  });

  it('driver output is deterministic from the seed', async () => {
    const run = async () => {
      const s = await startSimulator({ scenario: 'demo', seed: 9, clock: new ManualClock() });
      try {
        return [s.control.driver.step(), s.control.driver.step(), s.control.driver.step()]
          .flat()
          .map((m) => `${m.roomId}|${m.markdown ?? m.text ?? ''}`);
      } finally {
        await s.close();
      }
    };
    const a = await run();
    expect(a.length).toBeGreaterThanOrEqual(3);
    expect(await run()).toEqual(a);
  });

  it('helpers: rooms(as), findRoom, person, addMember/removeMember, typed errors', async () => {
    sim = await startSimulator({ scenario: 'demo', live: false });
    const rooms = sim.control.rooms('operator');
    const times = rooms.map((r) => Date.parse(r.lastActivity));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(rooms.some((r) => r.title === 'Finance Ops')).toBe(false);
    const finance = sim.control.findRoom('Finance Ops');
    expect(finance?.type).toBe('group');
    expect(sim.control.person('dana').displayName).toBe('Dana Ops');
    sim.control.addMember(finance?.id ?? '', 'operator');
    expect(sim.control.rooms('operator').some((r) => r.id === finance?.id)).toBe(true);
    expect(() => sim?.control.addMember(finance?.id ?? '', 'operator')).toThrow(SimApiError);
    sim.control.removeMember(finance?.id ?? '', sim.people.operator?.email ?? '');
    expect(sim.control.rooms('operator').some((r) => r.id === finance?.id)).toBe(false);
    try {
      sim.control.post('operator', { roomId: finance?.id ?? '', text: 'not a member' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SimApiError);
      expect((e as SimApiError).status).toBe(404);
    }
  });
});
