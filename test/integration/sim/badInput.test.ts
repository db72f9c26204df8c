import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, errorMessage, header, obj, TRACKING } from './helpers';

describe('bad input never crashes the server (docs/webex-api.md §5, §7)', () => {
  let sim: Simulator;
  let roomId: string;

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'empty' });
    roomId = sim.control.createRoom('operator', { title: 'bad input' }).id;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('400 on malformed JSON and on a JSON body that is not an object', async () => {
    for (const body of ['{"roomId":', '[1,2]', '"text"', '']) {
      const res = await call(sim, 'POST', '/messages', { body, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(errorMessage(res)).toMatch(/JSON/);
    }
  });

  it('415 "Content type \'<type>\' not supported" for other bodies (missing type reported as text/plain)', async () => {
    const xml = await call(sim, 'POST', '/rooms', { body: '<room/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(errorMessage(xml)).toBe("Content type 'application/xml' not supported");
    const none = await call(sim, 'POST', '/rooms', { body: '{"title":"x"}' });
    expect(none.status).toBe(415);
    expect(errorMessage(none)).toBe("Content type 'text/plain' not supported");
    const form = await call(sim, 'POST', '/rooms', {
      body: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('400 on wrongly typed fields', async () => {
    const res = await call(sim, 'POST', '/messages', { json: { roomId, text: 42 } });
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toContain('text');
    expect(
      (await call(sim, 'POST', '/memberships', { json: { roomId, personEmail: 'x@y.z', isModerator: 'maybe' } }))
        .status,
    ).toBe(400);
  });

  it('404 on unknown paths, 405 (with Allow) on wrong methods — standard body and tracking id', async () => {
    for (const path of ['/nope', '/rooms/a/b/c', '/../etc/passwd']) {
      const res = await call(sim, 'GET', path);
      expect(res.status).toBe(404);
      expect(header(res, 'trackingid')).toMatch(TRACKING);
      errorMessage(res);
    }
    const outside = await call(sim, 'GET', `${sim.origin}/people/me`);
    expect(outside.status).toBe(404);
    const wrong = await call(sim, 'PATCH', '/messages');
    expect(wrong.status).toBe(405);
    expect(header(wrong, 'allow')).toBe('GET, POST');
    errorMessage(wrong);
    const del = await call(sim, 'DELETE', '/rooms');
    expect(del.status).toBe(405);
  });

  it('invalid ids: garbage → 400 "Expect base64 ID or UUID." for rooms, 404 "Unable to get message." for messages', async () => {
    const room = await call(sim, 'GET', '/rooms/%25%25garbage');
    expect(room.status).toBe(400);
    expect(errorMessage(room)).toBe('Expect base64 ID or UUID.');
    const notARoom = await call(sim, 'GET', `/rooms/${sim.people.operator?.id ?? ''}`);
    expect(notARoom.status).toBe(404);
    const msg = await call(sim, 'GET', '/messages/%25%25garbage');
    expect(msg.status).toBe(404);
    expect(errorMessage(msg)).toBe('Unable to get message.');
    const uuid = await call(sim, 'GET', '/messages/92db3be0-43bd-11e6-8ae9-dd5b3dfc565d');
    expect(uuid.status).toBe(404);
    expect((await call(sim, 'GET', '/memberships/!!')).status).toBe(400);
    expect((await call(sim, 'GET', '/teams/!!')).status).toBe(400);
    expect((await call(sim, 'GET', '/webhooks/!!')).status).toBe(400);
    expect((await call(sim, 'GET', '/contents/!!')).status).toBe(400);
    expect((await call(sim, 'GET', '/messages?roomId=!!')).status).toBe(400);
  });

  it('answers garbage on the socket with 400 + TrackingID and keeps serving', async () => {
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      const socket = connect(Number(new URL(sim.origin).port), '127.0.0.1', () =>
        socket.write('NOT HTTP AT ALL\r\n\r\n'),
      );
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/TrackingID: ROUTER_[0-9A-F-]{36}/);
    expect(raw).toContain('"errors":[{"description":"Bad request."}]');
    const res = await call(sim, 'GET', '/people/me');
    expect(res.status).toBe(200);
    expect(obj(res.body).id).toBe(sim.people.operator?.id);
  });
});
