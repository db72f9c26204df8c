import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, decodeId, errorMessage, header, ISO_MS, items, obj, str, TRACKING } from './helpers';

describe('wire format (docs/webex-api.md §1, §5, §7, §12)', () => {
  let sim: Simulator;
  const clock = new ManualClock('2026-01-05T09:00:00.000Z');

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'empty', clock, seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('binds to 127.0.0.1 and reports base URL and origin', () => {
    expect(sim.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.baseUrl).toBe(`${sim.origin}/v1`);
    expect(Object.keys(sim.tokens)).toEqual(['operator', 'bot']);
    expect(sim.people.operator?.type).toBe('person');
    expect(sim.people.bot?.type).toBe('bot');
  });

  it('answers JSON with application/json;charset=UTF-8 and a TrackingID header', async () => {
    const res = await call(sim, 'GET', '/people/me');
    expect(res.status).toBe(200);
    expect(header(res, 'content-type')).toBe('application/json;charset=UTF-8');
    expect(header(res, 'trackingid')).toMatch(TRACKING);
    const me = obj(res.body);
    expect(me.id).toBe(sim.people.operator?.id);
    expect(me.emails).toEqual([sim.people.operator?.email]);
    expect(me.type).toBe('person');
  });

  it('creates with 200 (not 201) and deletes with 204 and an empty body, TrackingID on both', async () => {
    const created = await call(sim, 'POST', '/rooms', { json: { title: 'Wire room' } });
    expect(created.status).toBe(200);
    const room = obj(created.body);
    expect(room.type).toBe('group');
    expect(room.isLocked).toBe(false);
    const deleted = await call(sim, 'DELETE', `/rooms/${str(room.id)}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(header(deleted, 'content-type')).toBeUndefined();
    expect(header(deleted, 'trackingid')).toMatch(TRACKING);
  });

  it('writes errors as { message, errors: [{ description }], trackingId } matching the header', async () => {
    const res = await call(sim, 'GET', '/messages');
    expect(res.status).toBe(400);
    expect(header(res, 'content-type')).toBe('application/json;charset=UTF-8');
    expect(errorMessage(res)).toBe("Required String parameter 'roomId' is not present");
    expect(Object.keys(obj(res.body))).toEqual(['message', 'errors', 'trackingId']);
  });

  it('uses base64 ciscospark://us/TYPE/uuid ids without padding and .mmmZ timestamps from the clock', async () => {
    const room = obj((await call(sim, 'POST', '/rooms', { json: { title: 'Ids' } })).body);
    expect(str(room.id)).not.toContain('=');
    expect(decodeId(str(room.id))).toMatch(/^ciscospark:\/\/us\/ROOM\/[0-9a-f-]{36}$/);
    expect(decodeId(str(room.creatorId))).toMatch(/^ciscospark:\/\/us\/PEOPLE\/[0-9a-f-]{36}$/);
    expect(decodeId(str(room.ownerId))).toMatch(/^ciscospark:\/\/us\/ORGANIZATION\/[0-9a-f-]{36}$/);
    expect(room.created).toBe('2026-01-05T09:00:00.000Z');
    expect(str(room.lastActivity)).toMatch(ISO_MS);
    const membership = items((await call(sim, 'GET', `/memberships?roomId=${str(room.id)}`)).body)[0] as Record<
      string,
      unknown
    >;
    const [, personRoom] = /MEMBERSHIP\/(.+)$/.exec(decodeId(str(membership.id))) ?? [];
    expect(personRoom).toBe(
      `${decodeId(sim.people.operator?.id ?? '')
        .split('/')
        .pop()}:${decodeId(str(room.id)).split('/').pop()}`,
    );
  });

  it('omits absent fields instead of sending null', async () => {
    const room = obj((await call(sim, 'POST', '/rooms', { json: { title: 'No nulls' } })).body);
    const res = await call(sim, 'POST', '/messages', { json: { roomId: room.id, text: 'plain text only' } });
    expect(res.text).not.toContain('null');
    const msg = obj(res.body);
    expect(msg.text).toBe('plain text only');
    for (const absent of ['markdown', 'html', 'parentId', 'files', 'mentionedPeople', 'mentionedGroups', 'updated'])
      expect(msg).not.toHaveProperty(absent);
  });

  it('timestamps from the skewed clock (server time = clock + skewMs)', async () => {
    const skewed = await startSimulator({ scenario: 'empty', clock, skewMs: -90_000 });
    try {
      const room = obj((await call(skewed, 'POST', '/rooms', { json: { title: 'Skewed' } })).body);
      expect(room.created).toBe(new Date(clock.now() - 90_000).toISOString());
      skewed.control.setSkew(5_000);
      const msg = obj((await call(skewed, 'POST', '/messages', { json: { roomId: room.id, text: 'x' } })).body);
      expect(msg.created).toBe(new Date(clock.now() + 5_000).toISOString());
      expect(skewed.control.serverNow()).toBe(clock.now() + 5_000);
    } finally {
      await skewed.close();
    }
  });

  it('moves time only with the injected clock', async () => {
    const room = obj((await call(sim, 'POST', '/rooms', { json: { title: 'Clocked' } })).body);
    await clock.advance(61_000);
    const msg = obj((await call(sim, 'POST', '/messages', { json: { roomId: room.id, text: 'later' } })).body);
    expect(Date.parse(str(msg.created)) - Date.parse(str(room.created))).toBe(61_000);
    const again = obj((await call(sim, 'GET', `/rooms/${str(room.id)}`)).body);
    expect(again.lastActivity).toBe(msg.created);
  });

  it('close() is idempotent', async () => {
    const other = await startSimulator({ scenario: 'empty' });
    await Promise.all([other.close(), other.close()]);
    await expect(other.close()).resolves.toBeUndefined();
  });
});
