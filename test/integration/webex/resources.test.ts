/** Every resource and method of the client against the simulator over loopback. */
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, createPkcePair, createWebexClient } from '../../../src/main/webex';
import { failure, startHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'empty' });
});
afterAll(async () => {
  await h.close();
});

describe('people', () => {
  it('me, get, list', async () => {
    const webex = h.client();
    const me = await webex.people.me();
    expect(me.id).toBe(h.sim.people.operator?.id);
    expect(me.type).toBe('person');
    expect(me.emails).toContain(h.sim.people.operator?.email);
    const bot = await webex.people.get(h.sim.people.bot?.id ?? '');
    expect(bot.type).toBe('bot');
    const found = await webex.people.list({ email: h.sim.people.bot?.email }).toArray();
    expect(found.map((p) => p.id)).toEqual([bot.id]);
    expect(
      (
        await failure(
          webex.people.get('Y2lzY29zcGFyazovL3VzL1BFT1BMRS8wMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA'),
        )
      ).kind,
    ).toBe('notFound');
  });
});

describe('rooms', () => {
  it('create, get, update, list, delete', async () => {
    const webex = h.client();
    const room = await webex.rooms.create({ title: 'Client test room' });
    expect(room).toMatchObject({ title: 'Client test room', type: 'group', isLocked: false });
    expect(room.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect((await webex.rooms.get(room.id)).id).toBe(room.id);
    const updated = await webex.rooms.update(room.id, { title: 'Renamed' });
    expect(updated.title).toBe('Renamed');
    const listed = await webex.rooms.list({ sortBy: 'lastactivity' }).toArray();
    expect(listed.some((r) => r.id === room.id && r.title === 'Renamed')).toBe(true);
    await webex.rooms.delete(room.id);
    const gone = await failure(webex.rooms.get(room.id));
    expect(gone.kind).toBe('notFound');
    expect(gone.status).toBe(404);
    expect(gone.delivery).toBe('notSent');
    expect(gone.trackingId).toBeTruthy();
    expect(gone.path).toMatch(/^\/v1\/rooms\//);
    expect(gone.method).toBe('GET');
  });
});

describe('memberships', () => {
  it('create, get, update, list, delete (409 on a duplicate)', async () => {
    const webex = h.client();
    const room = await webex.rooms.create({ title: 'Membership room' });
    const m = await webex.memberships.create({ roomId: room.id, personEmail: h.sim.people.bot?.email ?? '' });
    expect(m).toMatchObject({ roomId: room.id, personId: h.sim.people.bot?.id, isModerator: false });
    expect((await webex.memberships.get(m.id)).id).toBe(m.id);
    expect((await webex.memberships.update(m.id, { isModerator: true })).isModerator).toBe(true);
    const members = await webex.memberships.list({ roomId: room.id }).toArray();
    expect(members.map((x) => x.personId).sort()).toEqual([h.sim.people.operator?.id, h.sim.people.bot?.id].sort());
    const dup = await failure(webex.memberships.create({ roomId: room.id, personId: h.sim.people.bot?.id ?? '' }));
    expect(dup.kind).toBe('conflict');
    expect(dup.delivery).toBe('notSent');
    await webex.memberships.delete(m.id);
    expect((await webex.memberships.list({ roomId: room.id }).toArray()).length).toBe(1);
  });
});

describe('messages', () => {
  it('create, get, update, list, delete, and listDirect', async () => {
    const webex = h.client();
    const room = await webex.rooms.create({ title: 'Message room' });
    const msg = await webex.messages.create({ roomId: room.id, markdown: '**hi**' });
    expect(msg).toMatchObject({
      roomId: room.id,
      markdown: '**hi**',
      personId: h.sim.people.operator?.id,
      roomType: 'group',
    });
    expect((await webex.messages.get(msg.id)).id).toBe(msg.id);
    const edited = await webex.messages.update(msg.id, { roomId: room.id, markdown: '**edited**' });
    expect(edited.markdown).toBe('**edited**');
    expect(edited.updated).toBeDefined();
    const second = await webex.messages.create({ roomId: room.id, text: 'second', parentId: msg.id });
    const listed = await webex.messages.list({ roomId: room.id }).toArray();
    expect(listed.map((m) => m.id)).toEqual([second.id, msg.id]);
    const replies = await webex.messages.list({ roomId: room.id, parentId: msg.id }).toArray();
    expect(replies.map((m) => m.id)).toEqual([second.id]);
    await webex.messages.delete(second.id);
    expect((await failure(webex.messages.get(second.id))).kind).toBe('notFound');

    const direct = await webex.messages.create({ toPersonEmail: h.sim.people.bot?.email ?? '', text: 'psst' });
    expect(direct.roomType).toBe('direct');
    const dms = await webex.messages.listDirect({ personEmail: h.sim.people.bot?.email ?? '' }).toArray();
    expect(dms.map((m) => m.id)).toContain(direct.id);
    const badList = await failure(webex.messages.list({ roomId: '' }).toArray());
    expect(badList.kind).toBe('invalidInput');
  });

  it('a server-side 400 is invalidInput with the body message and errors[]', async () => {
    const webex = h.client();
    const e = await failure(webex.messages.list({ roomId: 'not-an-id' }).toArray());
    expect(['invalidInput', 'notFound']).toContain(e.kind);
    expect(e.errors.length).toBeGreaterThan(0);
    expect(e.message).toContain(e.errors[0]?.description ?? '!');
    expect(e.path).toBe('/v1/messages'); // never the query string
  });

  it('reports each exchange as a request event (method, route template, status, duration, attempt)', async () => {
    const events: unknown[] = [];
    const webex = h.client({ onEvent: (ev) => events.push(ev) });
    const room = await webex.rooms.create({ title: 'Events room' });
    await webex.rooms.get(room.id);
    expect(events).toEqual([
      { type: 'request', method: 'POST', route: '/rooms', status: 200, durationMs: expect.any(Number), attempt: 1 },
      {
        type: 'request',
        method: 'GET',
        route: '/rooms/{roomId}',
        status: 200,
        durationMs: expect.any(Number),
        attempt: 1,
      },
    ]);
  });
});

describe('teams and team memberships', () => {
  it('create, get, update, list, delete', async () => {
    const webex = h.client();
    const team = await webex.teams.create({ name: 'Ops team', description: 'd' });
    expect(team.name).toBe('Ops team');
    expect((await webex.teams.get(team.id)).id).toBe(team.id);
    expect((await webex.teams.update(team.id, { name: 'Ops team 2' })).name).toBe('Ops team 2');
    expect((await webex.teams.list().toArray()).some((t) => t.id === team.id)).toBe(true);

    const own = await webex.teamMemberships.list({ teamId: team.id }).toArray();
    expect(own.map((m) => m.personId)).toEqual([h.sim.people.operator?.id]);
    const tm = await webex.teamMemberships.create({ teamId: team.id, personId: h.sim.people.bot?.id ?? '' });
    expect((await webex.teamMemberships.get(tm.id)).teamId).toBe(team.id);
    expect((await webex.teamMemberships.update(tm.id, { isModerator: true })).isModerator).toBe(true);
    await webex.teamMemberships.delete(tm.id);
    expect((await webex.teamMemberships.list({ teamId: team.id }).toArray()).length).toBe(1);

    await webex.teams.delete(team.id);
    expect((await failure(webex.teams.get(team.id))).kind).toBe('notFound');
  });
});

describe('webhooks', () => {
  it('create, get, update, list, delete', async () => {
    const webex = h.client();
    const hook = await webex.webhooks.create({
      name: 'hook',
      targetUrl: 'https://example.com/hook',
      resource: 'messages',
      event: 'created',
      secret: 's3cret',
    });
    expect(hook).toMatchObject({ name: 'hook', status: 'active' });
    expect((await webex.webhooks.get(hook.id)).id).toBe(hook.id);
    expect((await webex.webhooks.update(hook.id, { name: 'hook2', targetUrl: 'https://example.com/hook2' })).name).toBe(
      'hook2',
    );
    expect((await webex.webhooks.list().toArray()).map((w) => w.id)).toContain(hook.id);
    await webex.webhooks.delete(hook.id);
    expect((await failure(webex.webhooks.get(hook.id))).kind).toBe('notFound');
  });
});

describe('accessTokens (OAuth + PKCE)', () => {
  it('exchanges a code with a PKCE verifier, then refreshes; a bad code is kind auth', async () => {
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const { clientId, clientSecret } = h.sim.control.registerOAuthClient({ redirectUri });
    const pkce = createPkcePair();
    const authorize = buildAuthorizeUrl({
      baseUrl: h.sim.baseUrl,
      clientId,
      redirectUri,
      scope: ['spark:all'],
      state: 'st-1',
      codeChallenge: pkce.challenge,
    });
    const res = await request(authorize);
    await res.body.dump();
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('state')).toBe('st-1');
    const code = location.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const tokensApi = createWebexClient({ baseUrl: h.sim.baseUrl }).accessTokens; // no token needed
    const token = await tokensApi.get({ clientId, clientSecret, code, redirectUri, codeVerifier: pkce.verifier });
    expect(token.access_token).toBeTruthy();
    expect(token.expires_in).toBeGreaterThan(0);
    expect(token.refresh_token).toBeTruthy();
    const me = await h.client({ token: token.access_token }).people.me();
    expect(me.id).toBe(h.sim.people.operator?.id);

    const refreshed = await tokensApi.refresh({ clientId, clientSecret, refreshToken: token.refresh_token ?? '' });
    expect(refreshed.access_token).toBeTruthy();
    expect((await h.client({ token: refreshed.access_token }).people.me()).id).toBe(me.id);

    const bad = await failure(
      tokensApi.get({ clientId, clientSecret, code: 'nope', redirectUri, codeVerifier: pkce.verifier }),
    );
    expect(bad.kind).toBe('auth');
    expect(bad.delivery).toBe('notSent');
    expect(bad.message).not.toContain(clientSecret);
  });
});
