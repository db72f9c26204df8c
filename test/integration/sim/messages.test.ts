import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startSimulator, type Simulator } from '../../../src/sim';
import { call, decodeId, errorMessage, header, items, nextUrl, obj, str } from './helpers';

const TOO_LONG =
  'Unable to post message to room: Message length limited to 7439 characters before encryption and 10000 characters after encryption.';
const ONE_DEST = 'Exactly one of the destination fields must not be empty (roomId, toPersonEmail, toPersonId)';

describe('messages (docs/webex-api.md §2.3, §6, §8)', () => {
  let sim: Simulator;
  let roomId: string;
  let botRoomId: string;

  beforeAll(async () => {
    sim = await startSimulator({ scenario: 'demo', seed: 11, rateLimits: false });
    roomId = sim.control.createRoom('operator', { title: 'Msg tests' }).id;
    sim.control.addMember(roomId, 'sam');
    botRoomId = sim.control.createRoom('operator', { title: 'Bot tests' }).id;
    sim.control.addMember(botRoomId, 'bot');
  });
  afterAll(async () => {
    await sim.close();
  });

  const post = (json: unknown, token?: string) => call(sim, 'POST', '/messages', { json, token });

  describe('create', () => {
    it('renders markdown to html, derives text and fills mentionedPeople/mentionedGroups', async () => {
      const res = await post({ roomId, markdown: `**CRITICAL** db-7 <@personEmail:${sim.people.sam?.email}> <@all>` });
      expect(res.status).toBe(200);
      const m = obj(res.body);
      expect(m.html).toBe(
        `<p><strong>CRITICAL</strong> db-7 <spark-mention data-object-type="person" data-object-id="${decodeId(
          sim.people.sam?.id ?? '',
        )
          .split('/')
          .pop()}">Sam Rivera</spark-mention> <spark-mention data-object-type="groupMention" data-group-type="all">All</spark-mention></p>`,
      );
      expect(m.text).toBe('CRITICAL db-7 Sam Rivera All');
      expect(m.mentionedPeople).toEqual([sim.people.sam?.id]);
      expect(m.mentionedGroups).toEqual(['all']);
      expect(m.personId).toBe(sim.people.operator?.id);
      expect(m.personEmail).toBe(sim.people.operator?.email);
      expect(m.roomType).toBe('group');
    });

    it('keeps given text next to markdown; text-only messages have no markdown/html', async () => {
      const both = obj((await post({ roomId, text: 'alt text', markdown: '*md*' })).body);
      expect([both.text, both.markdown, both.html]).toEqual(['alt text', '*md*', '<p><em>md</em></p>']);
      const plain = obj((await post({ roomId, text: '<b>not html</b> **not md**' })).body);
      expect(plain.text).toBe('<b>not html</b> **not md**');
      expect(plain).not.toHaveProperty('markdown');
      expect(plain).not.toHaveProperty('html');
    });

    it('requires exactly one destination', async () => {
      for (const json of [
        { text: 'x' },
        { roomId, toPersonEmail: sim.people.sam?.email, text: 'x' },
        { roomId: '', toPersonId: '', text: 'x' },
      ]) {
        const res = await post(json);
        expect(res.status).toBe(400);
        expect(errorMessage(res)).toBe(ONE_DEST);
      }
    });

    it('requires some content', async () => {
      const res = await post({ roomId });
      expect(res.status).toBe(400);
      expect(errorMessage(res)).toBe('Both text and file cannot be empty.');
    });

    it('limits text and markdown to 7439 UTF-8 bytes each', async () => {
      expect((await post({ roomId, text: 'a'.repeat(7439) })).status).toBe(200);
      expect((await post({ roomId, markdown: 'あ'.repeat(2479) })).status).toBe(200);
      for (const json of [
        { roomId, text: 'a'.repeat(7440) },
        { roomId, markdown: 'あ'.repeat(2480) },
        { roomId, text: 'ok', markdown: 'b'.repeat(7440) },
      ]) {
        const res = await post(json);
        expect(res.status).toBe(400);
        expect(errorMessage(res)).toBe(TOO_LONG);
      }
    });

    it('rejects an unknown room (404) and a garbage roomId (400)', async () => {
      const other = sim.control.createRoom('fiona', { title: 'Not mine' }).id;
      const notMember = await post({ roomId: other, text: 'x' });
      expect(notMember.status).toBe(404);
      expect(errorMessage(notMember)).toBe('Could not find a room with provided ID.');
      const garbage = await post({ roomId: '!!!', text: 'x' });
      expect(garbage.status).toBe(400);
      expect(errorMessage(garbage)).toBe('Expect base64 ID or UUID.');
    });

    it('threads replies under an existing parent in the same room only', async () => {
      const parent = obj((await post({ roomId, text: 'parent' })).body);
      const reply = obj((await post({ roomId, text: 'reply', parentId: parent.id })).body);
      expect(reply.parentId).toBe(parent.id);
      const elsewhere = await post({ roomId: botRoomId, text: 'x', parentId: parent.id });
      expect(elsewhere.status).toBe(400);
      const listed = items((await call(sim, 'GET', `/messages?roomId=${roomId}&parentId=${str(parent.id)}`)).body);
      expect(listed.map((m) => m.id)).toEqual([reply.id]);
    });

    it("moves the room's lastActivity to the message's created", async () => {
      const m = obj((await post({ roomId, text: 'activity' })).body);
      const room = obj((await call(sim, 'GET', `/rooms/${roomId}`)).body);
      expect(room.lastActivity).toBe(m.created);
    });

    it('accepts application/x-www-form-urlencoded', async () => {
      const res = await call(sim, 'POST', '/messages', {
        body: new URLSearchParams({ roomId, markdown: '**form**' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(200);
      expect(obj(res.body).html).toBe('<p><strong>form</strong></p>');
    });
  });

  describe('list and get', () => {
    it('lists newest first with default max 50 and filters by before', async () => {
      const room = sim.control.createRoom('operator', { title: 'Listing' }).id;
      const posted = [];
      for (let i = 0; i < 60; i++) posted.push(sim.control.post('operator', { roomId: room, text: `m${i}` }));
      const page = await call(sim, 'GET', `/messages?roomId=${room}`);
      const list = items(page.body);
      expect(list).toHaveLength(50);
      expect(list[0]?.text).toBe('m59');
      expect(list[49]?.text).toBe('m10');
      const before = await call(
        sim,
        'GET',
        `/messages?roomId=${room}&before=${encodeURIComponent(str(posted[59]?.created))}&max=100`,
      );
      // every message shares the same created ms on the real clock at most; before is strictly earlier
      for (const m of items(before.body))
        expect(Date.parse(str(m.created))).toBeLessThan(Date.parse(str(posted[59]?.created)));
      expect((await call(sim, 'GET', `/messages?roomId=${room}&before=yesterday`)).status).toBe(400);
      expect((await call(sim, 'GET', `/messages?roomId=${room}&max=0`)).status).toBe(400);
    });

    it('gets a message; raw uuids and garbage ids are 404 "Unable to get message."', async () => {
      const m = sim.control.post('operator', { roomId, text: 'get me' });
      const got = await call(sim, 'GET', `/messages/${m.id}`);
      expect(obj(got.body)).toEqual(m);
      const padded = `${m.id}${'='.repeat((4 - (m.id.length % 4)) % 4)}`;
      expect((await call(sim, 'GET', `/messages/${encodeURIComponent(padded)}`)).status).toBe(200);
      const uuid = decodeId(m.id).split('/').pop() as string;
      for (const id of [uuid, 'garbage!!', sim.people.operator?.id]) {
        const res = await call(sim, 'GET', `/messages/${encodeURIComponent(String(id))}`);
        expect(res.status).toBe(404);
        expect(errorMessage(res)).toBe('Unable to get message.');
      }
    });

    it('deletes with 204; the message is gone afterwards', async () => {
      const m = sim.control.post('operator', { roomId, text: 'delete me' });
      expect((await call(sim, 'DELETE', `/messages/${m.id}`)).status).toBe(204);
      expect((await call(sim, 'GET', `/messages/${m.id}`)).status).toBe(404);
      expect(items((await call(sim, 'GET', `/messages?roomId=${roomId}`)).body).some((x) => x.id === m.id)).toBe(false);
      const others = sim.control.post('sam', { roomId, text: 'not yours' });
      expect((await call(sim, 'DELETE', `/messages/${others.id}`)).status).toBe(403);
    });
  });

  describe('edit (PUT)', () => {
    it('requires roomId, edits own messages only, sets updated and re-renders', async () => {
      const m = sim.control.post('operator', { roomId, markdown: 'first' });
      const missing = await call(sim, 'PUT', `/messages/${m.id}`, { json: { text: 'x' } });
      expect(missing.status).toBe(400);
      const edited = await call(sim, 'PUT', `/messages/${m.id}`, { json: { roomId, markdown: '**second**' } });
      expect(edited.status).toBe(200);
      const e = obj(edited.body);
      expect([e.markdown, e.html, e.text]).toEqual(['**second**', '<p><strong>second</strong></p>', 'second']);
      expect(str(e.updated)).toMatch(/Z$/);
      expect(e.created).toBe(m.created);
      const theirs = sim.control.post('sam', { roomId, text: 'sam' });
      expect((await call(sim, 'PUT', `/messages/${theirs.id}`, { json: { roomId, text: 'hijack' } })).status).toBe(403);
    });

    it('allows 10 edits and refuses the 11th with the edit-limit error', async () => {
      const m = sim.control.post('operator', { roomId, text: 'v0' });
      for (let i = 1; i <= 10; i++)
        expect((await call(sim, 'PUT', `/messages/${m.id}`, { json: { roomId, text: `v${i}` } })).status).toBe(200);
      const eleventh = await call(sim, 'PUT', `/messages/${m.id}`, { json: { roomId, text: 'v11' } });
      expect(eleventh.status).toBe(400);
      expect(errorMessage(eleventh)).toContain('edit limit has been reached');
    });

    it('refuses to edit a message with a file', async () => {
      const m = sim.control.post('operator', { roomId, text: 'with file', files: ['https://files.example/a.png'] });
      const res = await call(sim, 'PUT', `/messages/${m.id}`, { json: { roomId, text: 'edit' } });
      expect(res.status).toBe(400);
      expect(errorMessage(res)).toContain('feature is currently unsupported');
    });
  });

  describe('bots (docs/webex-api.md §2.3)', () => {
    it('403 "Failed to get activity." when listing a group room without mentionedPeople=me', async () => {
      const res = await call(sim, 'GET', `/messages?roomId=${botRoomId}`, { token: sim.tokens.bot });
      expect(res.status).toBe(403);
      expect(errorMessage(res)).toBe('Failed to get activity.');
    });

    it('sees only messages that mention it, with mentionedPeople=me or its own id', async () => {
      const mention = sim.control.post('operator', {
        roomId: botRoomId,
        markdown: `<@personEmail:${sim.people.bot?.email}> status?`,
      });
      const plain = sim.control.post('operator', { roomId: botRoomId, text: 'not for the bot' });
      for (const who of ['me', sim.people.bot?.id ?? '']) {
        const res = await call(sim, 'GET', `/messages?roomId=${botRoomId}&mentionedPeople=${encodeURIComponent(who)}`, {
          token: sim.tokens.bot,
        });
        expect(res.status).toBe(200);
        expect(items(res.body).map((m) => m.id)).toEqual([mention.id]);
      }
      const other = await call(
        sim,
        'GET',
        `/messages?roomId=${botRoomId}&mentionedPeople=${encodeURIComponent(sim.people.operator?.id ?? '')}`,
        { token: sim.tokens.bot },
      );
      expect(other.status).toBe(400);
      expect((await call(sim, 'GET', `/messages/${mention.id}`, { token: sim.tokens.bot })).status).toBe(200);
      const hidden = await call(sim, 'GET', `/messages/${plain.id}`, { token: sim.tokens.bot });
      expect(hidden.status).toBe(404);
      expect(errorMessage(hidden)).toBe('Unable to get message.');
    });

    it('caps max at 100 with mentionedPeople', async () => {
      const room = sim.control.createRoom('operator', { title: 'Many mentions' }).id;
      sim.control.addMember(room, 'bot');
      for (let i = 0; i < 105; i++)
        sim.control.post('operator', { roomId: room, markdown: `<@personId:${sim.people.bot?.id}> ${i}` });
      const res = await call(sim, 'GET', `/messages?roomId=${room}&mentionedPeople=me&max=500`, {
        token: sim.tokens.bot,
      });
      expect(items(res.body)).toHaveLength(100);
      expect(nextUrl(res)).toContain('max=100');
    });

    it('lists direct rooms without a filter', async () => {
      sim.control.post('operator', { toPersonEmail: sim.people.bot?.email ?? '', text: 'hi bot' });
      const dm = sim.control.rooms('bot').find((r) => r.type === 'direct' && r.title === 'Dana Ops');
      expect(dm).toBeDefined();
      const res = await call(sim, 'GET', `/messages?roomId=${dm?.id ?? ''}`, { token: sim.tokens.bot });
      expect(res.status).toBe(200);
      expect(items(res.body)[0]?.text).toBe('hi bot');
    });
  });

  describe('direct rooms', () => {
    it('toPersonEmail/toPersonId create one direct room per pair, titled with the other person', async () => {
      const first = await post({ toPersonEmail: sim.people.jordan?.email, text: 'hello jordan' });
      expect(first.status).toBe(200);
      const a = obj(first.body);
      expect(a.toPersonEmail).toBe(sim.people.jordan?.email);
      expect(a.roomType).toBe('direct');
      const b = obj((await post({ toPersonId: sim.people.jordan?.id, text: 'again' })).body);
      expect(b.roomId).toBe(a.roomId);
      expect(b.toPersonId).toBe(sim.people.jordan?.id);
      const reply = obj(
        (await post({ toPersonEmail: sim.people.operator?.email, text: 'hi dana' }, sim.tokens.jordan)).body,
      );
      expect(reply.roomId).toBe(a.roomId);
      const mine = items((await call(sim, 'GET', '/rooms?type=direct')).body).find((r) => r.id === a.roomId);
      expect(mine?.title).toBe('Jordan Okafor');
      expect(obj((await call(sim, 'GET', `/rooms/${str(a.roomId)}`, { token: sim.tokens.jordan })).body).title).toBe(
        'Dana Ops',
      );
    });

    it('GET /messages/direct by personEmail or personId, newest first, no Link', async () => {
      const res = await call(
        sim,
        'GET',
        `/messages/direct?personEmail=${encodeURIComponent(sim.people.jordan?.email ?? '')}`,
      );
      expect(res.status).toBe(200);
      expect(items(res.body).map((m) => m.text)).toEqual(['hi dana', 'again', 'hello jordan']);
      expect(header(res, 'link')).toBeUndefined();
      const byId = await call(
        sim,
        'GET',
        `/messages/direct?personId=${encodeURIComponent(sim.people.operator?.id ?? '')}`,
        { token: sim.tokens.jordan },
      );
      expect(items(byId.body)).toHaveLength(3);
      expect((await call(sim, 'GET', '/messages/direct')).status).toBe(400);
    });
  });

  describe('files and contents (docs/webex-api.md §8)', () => {
    it('stores an uploaded multipart file and serves it with GET and HEAD', async () => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
      const form = new FormData();
      form.set('roomId', roomId);
      form.set('text', 'graph attached');
      form.set('files', new Blob([bytes], { type: 'image/png' }), 'lag graph.png');
      const res = await call(sim, 'POST', '/messages', { body: form });
      expect(res.status).toBe(200);
      const m = obj(res.body);
      const files = m.files as string[];
      expect(files).toHaveLength(1);
      const url = files[0] as string;
      expect(url.startsWith(`${sim.baseUrl}/contents/`)).toBe(true);
      expect(decodeId(url.split('/').pop() as string)).toBe(
        `ciscospark://us/CONTENT/${decodeId(str(m.id)).split('/').pop()}/0`,
      );

      const got = await request(url, { headers: { authorization: `Bearer ${sim.tokens.operator}` } });
      const body = Buffer.from(await got.body.arrayBuffer());
      expect(got.statusCode).toBe(200);
      expect(body.equals(bytes)).toBe(true);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.headers['content-length']).toBe(String(bytes.length));
      expect(got.headers['content-disposition']).toBe('attachment; filename="lag graph.png"');
      expect(got.headers.trackingid).toMatch(/^ROUTER_/);

      const head = await request(url, { method: 'HEAD', headers: { authorization: `Bearer ${sim.tokens.operator}` } });
      expect(head.statusCode).toBe(200);
      expect(await head.body.text()).toBe('');
      expect(head.headers['content-length']).toBe(String(bytes.length));
      expect(head.headers['content-disposition']).toBe('attachment; filename="lag graph.png"');

      const stranger = await request(url, { headers: { authorization: `Bearer ${sim.tokens.fiona}` } });
      expect(stranger.statusCode).toBe(404);
      await stranger.body.dump();
      const anonymous = await request(url);
      expect(anonymous.statusCode).toBe(401);
      await anonymous.body.dump();
    });

    it('accepts one public URL in JSON and serves a placeholder named after it', async () => {
      const m = obj((await post({ roomId, files: ['https://files.example/reports/q1.pdf'] })).body);
      expect(m).not.toHaveProperty('text');
      const got = await call(sim, 'GET', (m.files as string[])[0] as string);
      expect(got.status).toBe(200);
      expect(header(got, 'content-type')).toBe('application/pdf');
      expect(header(got, 'content-disposition')).toBe('attachment; filename="q1.pdf"');
    });

    it('allows only one file per message', async () => {
      const res = await post({ roomId, files: ['https://a.example/1.png', 'https://a.example/2.png'] });
      expect(res.status).toBe(400);
      const form = new FormData();
      form.set('roomId', roomId);
      form.append('files', new Blob(['a']), 'a.txt');
      form.append('files', new Blob(['b']), 'b.txt');
      expect((await call(sim, 'POST', '/messages', { body: form })).status).toBe(400);
    });
  });
});
