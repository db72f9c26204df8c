import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, decodeId, errorMessage, items, obj, str } from './helpers';

describe('people, rooms, memberships, teams, webhooks (docs/webex-api.md §2)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'demo', seed: 2, rateLimits: false });
  });
  afterAll(async () => {
    await sim.close();
  });

  describe('people (§2.1)', () => {
    it('GET /people/me and /people/{id}', async () => {
      const me = obj((await call(sim, 'GET', '/people/me', { token: sim.tokens.sam })).body);
      expect(me.displayName).toBe('Sam Rivera');
      expect(me.firstName).toBe('Sam');
      const byId = obj((await call(sim, 'GET', `/people/${str(me.id)}`)).body);
      expect(byId.emails).toEqual(me.emails);
      expect((await call(sim, 'GET', '/people/%21%21')).status).toBe(400);
      expect((await call(sim, 'GET', `/people/${sim.people.operator?.id.replace(/.$/, 'x') ?? ''}`)).status).not.toBe(
        200,
      );
    });

    it('requires email, displayName or id; email exact, displayName prefix, id list', async () => {
      const none = await call(sim, 'GET', '/people');
      expect(none.status).toBe(400);
      const byEmail = items(
        (await call(sim, 'GET', `/people?email=${encodeURIComponent(sim.people.priya?.email ?? '')}`)).body,
      );
      expect(byEmail.map((p) => p.displayName)).toEqual(['Priya Natarajan']);
      expect(items((await call(sim, 'GET', '/people?email=priya')).body)).toEqual([]);
      const prefix = items((await call(sim, 'GET', '/people?displayName=Ma')).body);
      expect(prefix.map((p) => p.displayName)).toEqual(['Marco Bianchi']);
      expect(prefix[0]).toHaveProperty('status');
      const ids = `${sim.people.sam?.id},${sim.people.lee?.id},${sim.people.sam?.id?.replace('Y2lz', 'Y2ly') ?? ''}`;
      const byIds = obj((await call(sim, 'GET', `/people?id=${encodeURIComponent(ids)}`)).body);
      const list = byIds.items as Record<string, unknown>[];
      expect(list.map((p) => p.displayName).sort()).toEqual(['Lee Chen', 'Sam Rivera']);
      for (const p of list) expect(p).not.toHaveProperty('status');
      expect(byIds.notFoundIds).toEqual([sim.people.sam?.id?.replace('Y2lz', 'Y2ly')]);
      const tooMany = Array.from({ length: 86 }, () => sim.people.sam?.id).join(',');
      expect((await call(sim, 'GET', `/people?id=${encodeURIComponent(tooMany)}`)).status).toBe(400);
    });
  });

  describe('rooms (§2.2)', () => {
    it('creates a group room (caller moderator member), gets, updates and deletes it', async () => {
      const res = await call(sim, 'POST', '/rooms', { json: { title: 'War room' } });
      const room = obj(res.body);
      expect([room.title, room.type, room.isLocked, room.creatorId]).toEqual([
        'War room',
        'group',
        false,
        sim.people.operator?.id,
      ]);
      const members = items((await call(sim, 'GET', `/memberships?roomId=${str(room.id)}`)).body);
      expect(members).toHaveLength(1);
      expect(members[0]?.isModerator).toBe(true);
      expect((await call(sim, 'POST', '/rooms', { json: { title: '' } })).status).toBe(400);
      const updated = obj(
        (await call(sim, 'PUT', `/rooms/${str(room.id)}`, { json: { title: 'War room 2', description: 'sev1' } })).body,
      );
      expect([updated.title, updated.description]).toEqual(['War room 2', 'sev1']);
      expect(obj((await call(sim, 'GET', `/rooms/${str(room.id)}`)).body).title).toBe('War room 2');
      expect((await call(sim, 'DELETE', `/rooms/${str(room.id)}`)).status).toBe(204);
      const gone = await call(sim, 'GET', `/rooms/${str(room.id)}`);
      expect(gone.status).toBe(404);
      expect(errorMessage(gone)).toBe('Could not find a room with provided ID.');
    });

    it('lists only rooms the caller belongs to, filtered by type and teamId', async () => {
      const mine = items((await call(sim, 'GET', '/rooms?max=1000')).body).map((r) => r.title);
      expect(mine).toContain('Incident Bridge');
      expect(mine).not.toContain('Finance Ops');
      const direct = items((await call(sim, 'GET', '/rooms?type=direct')).body);
      expect(direct.length).toBeGreaterThan(0);
      expect(direct.every((r) => r.type === 'direct')).toBe(true);
      const team = items((await call(sim, 'GET', '/teams')).body).find((t) => t.name === 'Platform');
      const teamRooms = items((await call(sim, 'GET', `/rooms?teamId=${str(team?.id)}`)).body);
      expect(teamRooms.map((r) => r.title).sort()).toEqual([
        'Platform',
        'Platform · Kubernetes',
        'Platform · Networking',
      ]);
      expect(teamRooms.every((r) => r.teamId === team?.id)).toBe(true);
    });

    it('a non-moderator "deleting" a room just leaves it', async () => {
      const room = sim.control.createRoom('sam', { title: 'Leave me' });
      sim.control.addMember(room.id, 'operator');
      expect((await call(sim, 'DELETE', `/rooms/${room.id}`)).status).toBe(204);
      expect((await call(sim, 'GET', `/rooms/${room.id}`)).status).toBe(404);
      expect((await call(sim, 'GET', `/rooms/${room.id}`, { token: sim.tokens.sam })).status).toBe(200);
    });

    it('sorts by lastactivity (newest first) and moves a room up when a message arrives', async () => {
      const before = items((await call(sim, 'GET', '/rooms?sortBy=lastactivity&max=3')).body);
      const last = items((await call(sim, 'GET', '/rooms?sortBy=lastactivity&max=1000')).body).at(-1);
      sim.control.post('operator', { roomId: str(last?.id), text: 'bump' });
      const after = items((await call(sim, 'GET', '/rooms?sortBy=lastactivity&max=3')).body);
      expect(after[0]?.id).toBe(last?.id);
      expect(after[1]?.id).toBe(before[0]?.id);
      const times = items((await call(sim, 'GET', '/rooms?sortBy=lastactivity&max=1000')).body).map((r) =>
        Date.parse(str(r.lastActivity)),
      );
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });
  });

  describe('memberships (§2.4)', () => {
    it('adds (409 when already in), gets, updates and deletes memberships; lastActivity moves', async () => {
      const room = sim.control.createRoom('operator', { title: 'Members' });
      const add = await call(sim, 'POST', '/memberships', {
        json: { roomId: room.id, personEmail: sim.people.lee?.email },
      });
      expect(add.status).toBe(200);
      const m = obj(add.body);
      expect([m.personDisplayName, m.isModerator, m.roomType]).toEqual(['Lee Chen', false, 'group']);
      expect(decodeId(str(m.id))).toMatch(/MEMBERSHIP\/[0-9a-f-]{36}:[0-9a-f-]{36}$/);
      const again = await call(sim, 'POST', '/memberships', {
        json: { roomId: room.id, personId: sim.people.lee?.id },
      });
      expect(again.status).toBe(409);
      expect(errorMessage(again)).toBe('Person is already in the room.');
      const badPerson = await call(sim, 'POST', '/memberships', { json: { roomId: room.id, personId: 'garbage!' } });
      expect(badPerson.status).toBe(400);
      expect(errorMessage(badPerson)).toBe('Expect base64 ID or UUID.');
      expect((await call(sim, 'POST', '/memberships', { json: { roomId: room.id } })).status).toBe(400);
      expect(obj((await call(sim, 'GET', `/memberships/${str(m.id)}`)).body).personEmail).toBe(sim.people.lee?.email);
      const mod = obj(
        (await call(sim, 'PUT', `/memberships/${str(m.id)}`, { json: { isModerator: true, isRoomHidden: false } }))
          .body,
      );
      expect(mod.isModerator).toBe(true);
      const hidden = await call(sim, 'PUT', `/memberships/${str(m.id)}`, {
        json: { isModerator: true, isRoomHidden: true },
      });
      expect(hidden.status).toBe(403);
      const filtered = items(
        (
          await call(
            sim,
            'GET',
            `/memberships?roomId=${room.id}&personEmail=${encodeURIComponent(sim.people.lee?.email ?? '')}`,
          )
        ).body,
      );
      expect(filtered.map((x) => x.id)).toEqual([m.id]);
      expect((await call(sim, 'GET', `/memberships?personId=${sim.people.lee?.id ?? ''}`)).status).toBe(400);
      expect((await call(sim, 'DELETE', `/memberships/${str(m.id)}`)).status).toBe(204);
      expect((await call(sim, 'GET', `/memberships/${str(m.id)}`)).status).toBe(404);
      const roomNow = obj((await call(sim, 'GET', `/rooms/${room.id}`)).body);
      expect(Date.parse(str(roomNow.lastActivity))).toBeGreaterThanOrEqual(Date.parse(room.lastActivity));
    });

    it("lists the caller's own memberships without filters", async () => {
      const list = items((await call(sim, 'GET', '/memberships?max=1000')).body);
      expect(list.length).toBeGreaterThan(5);
      expect(list.every((m) => m.personId === sim.people.operator?.id)).toBe(true);
    });
  });

  describe('teams and team memberships (§2.5)', () => {
    it('creates a team with the caller as moderator and a General space', async () => {
      const team = obj(
        (await call(sim, 'POST', '/teams', { json: { name: 'SRE', description: 'site reliability' } })).body,
      );
      expect([team.name, team.description, team.creatorId]).toEqual([
        'SRE',
        'site reliability',
        sim.people.operator?.id,
      ]);
      const members = items((await call(sim, 'GET', `/team/memberships?teamId=${str(team.id)}`)).body);
      expect(members.map((m) => [m.personId, m.isModerator])).toEqual([[sim.people.operator?.id, true]]);
      const rooms = items((await call(sim, 'GET', `/rooms?teamId=${str(team.id)}`)).body);
      expect(rooms.map((r) => r.title)).toEqual(['SRE']);
      const add = obj(
        (
          await call(sim, 'POST', '/team/memberships', {
            json: { teamId: team.id, personEmail: sim.people.alex?.email },
          })
        ).body,
      );
      expect(add.teamId).toBe(team.id);
      expect(
        items((await call(sim, 'GET', `/rooms?teamId=${str(team.id)}`, { token: sim.tokens.alex })).body),
      ).toHaveLength(1);
      expect(
        obj((await call(sim, 'PUT', `/team/memberships/${str(add.id)}`, { json: { isModerator: true } })).body)
          .isModerator,
      ).toBe(true);
      expect(obj((await call(sim, 'GET', `/team/memberships/${str(add.id)}`)).body).personEmail).toBe(
        sim.people.alex?.email,
      );
      expect((await call(sim, 'DELETE', `/team/memberships/${str(add.id)}`)).status).toBe(204);
      expect((await call(sim, 'GET', '/team/memberships')).status).toBe(400);
      const renamed = obj((await call(sim, 'PUT', `/teams/${str(team.id)}`, { json: { name: 'SRE team' } })).body);
      expect(renamed.name).toBe('SRE team');
      expect(obj((await call(sim, 'GET', `/teams/${str(team.id)}`)).body).name).toBe('SRE team');
      expect((await call(sim, 'DELETE', `/teams/${str(team.id)}`)).status).toBe(204);
      expect((await call(sim, 'GET', `/teams/${str(team.id)}`)).status).toBe(404);
    });
  });

  describe('webhooks (§2.6)', () => {
    it('CRUD; update honours name/targetUrl/secret/status only', async () => {
      const created = await call(sim, 'POST', '/webhooks', {
        json: {
          name: 'hook',
          targetUrl: 'https://hooks.example/in',
          resource: 'messages',
          event: 'created',
          filter: 'roomId=abc',
          secret: 's1',
        },
      });
      expect(created.status).toBe(200);
      const w = obj(created.body);
      expect([w.status, w.resource, w.event, w.filter, w.secret, w.ownedBy]).toEqual([
        'active',
        'messages',
        'created',
        'roomId=abc',
        's1',
        'creator',
      ]);
      expect(
        (
          await call(sim, 'POST', '/webhooks', {
            json: { name: 'x', targetUrl: 'https://h.example', resource: 'messages' },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await call(sim, 'POST', '/webhooks', {
            json: { name: 'x', targetUrl: 'https://h.example', resource: 'bogus', event: 'created' },
          })
        ).status,
      ).toBe(400);
      const upd = obj(
        (
          await call(sim, 'PUT', `/webhooks/${str(w.id)}`, {
            json: {
              name: 'hook2',
              targetUrl: 'https://hooks.example/v2',
              secret: 's2',
              status: 'active',
              resource: 'rooms',
              event: 'deleted',
            },
          })
        ).body,
      );
      expect([upd.name, upd.targetUrl, upd.secret, upd.resource, upd.event]).toEqual([
        'hook2',
        'https://hooks.example/v2',
        's2',
        'messages',
        'created',
      ]);
      expect(
        (
          await call(sim, 'PUT', `/webhooks/${str(w.id)}`, {
            json: { name: 'n', targetUrl: 'https://h.example', status: 'inactive' },
          })
        ).status,
      ).toBe(400);
      expect(obj((await call(sim, 'GET', `/webhooks/${str(w.id)}`)).body).name).toBe('hook2');
      expect((await call(sim, 'GET', `/webhooks/${str(w.id)}`, { token: sim.tokens.sam })).status).toBe(404);
      expect(items((await call(sim, 'GET', '/webhooks')).body).map((x) => x.id)).toContain(w.id);
      expect((await call(sim, 'DELETE', `/webhooks/${str(w.id)}`)).status).toBe(204);
      expect((await call(sim, 'GET', `/webhooks/${str(w.id)}`)).status).toBe(404);
    });
  });
});
