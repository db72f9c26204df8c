/**
 * Acting in spaces through the whole core (`createCore` + `dispatchInvoke`, the window's path) against the demo
 * simulator on a manual clock: members (list, add several with one outcome each, remove, moderator), a war room
 * created in a team and watched, teams and their spaces, card submits answered by the alert bot, drafts that survive
 * a restart of the core and an identity switch, own-message edit/delete, and files chosen in main — with the bad
 * input of the issue ending in typed errors.
 */
import { mkdtemp, readFile, rename, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore, type SecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator, type WebexMessage } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let secretStore: SecretStore;
let core: Core;
let nextPick: string | undefined;

const caller = coreCaller(() => core);
const { value, failure } = caller;

function startCore(): Core {
  return createCore({
    instanceId: 'spaces-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore,
    confirm: async () => true,
    pickFile: async () => (nextPick === undefined ? undefined : { path: nextPick }),
  });
}

const { room: roomId } = simLookups(() => sim);

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock, seed: 5 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'spaces-core-'));
  secretStore = createMemorySecretStore();
  nextPick = undefined;
  core = startCore();
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

describe('members', () => {
  it('lists people with initials and moderators; adds several at once, each with its outcome; removes; moderates', async () => {
    const space = sim.control.createRoom('operator', { title: 'Members test' });
    sim.control.addMember(space.id, 'sam');
    const before = await value('members.list', { roomId: space.id });
    expect(before.members.map((m) => [m.displayName, m.initials, m.isModerator, m.external])).toEqual([
      ['Dana Ops', 'DO', true, false],
      [sim.people.sam?.displayName, expect.stringMatching(/^[A-Z]{2}$/), false, false],
    ]);
    expect(before).toMatchObject({ isLocked: false, canModerate: true, external: false });

    const added = await value('members.add', {
      roomId: space.id,
      emails: [
        sim.people.lee?.email ?? '',
        ` ${sim.people.sam?.email ?? ''} `,
        'not-an-email',
        'nobody@nowhere.example',
        sim.people.LEE?.email ?? sim.people.lee?.email ?? '',
      ],
    });
    expect(added.results.map((r) => [r.email, r.status, r.status === 'failed' ? r.error.kind : undefined])).toEqual([
      [sim.people.lee?.email, 'added', undefined],
      [sim.people.sam?.email, 'alreadyMember', undefined],
      ['not-an-email', 'failed', 'invalidInput'],
      ['nobody@nowhere.example', 'failed', 'notFound'],
    ]);
    const lee = added.results[0]?.status === 'added' ? added.results[0].member : undefined;
    expect(lee?.email).toBe(sim.people.lee?.email);

    const moderated = await value('members.setModerator', { membershipId: lee?.membershipId ?? '', isModerator: true });
    expect(moderated.isModerator).toBe(true);
    expect(await value('members.remove', { membershipId: lee?.membershipId ?? '' })).toEqual({ removed: true });
    expect(await value('members.remove', { membershipId: lee?.membershipId ?? '' })).toEqual({ removed: false });
    const after = await value('members.list', { roomId: space.id });
    expect(after.members.map((m) => m.email)).not.toContain(sim.people.lee?.email);
  });

  it('in a locked space the operator does not moderate: canModerate false, and changes end in forbidden + requiresModerator', async () => {
    const space = sim.control.createRoom('sam', { title: 'Locked by Sam' });
    const mine = sim.control.addMember(space.id, 'operator');
    const lock = await fetch(`${sim.baseUrl}/rooms/${space.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sim.tokens.sam ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Locked by Sam', isLocked: true }),
    });
    expect(lock.status).toBe(200);
    const view = await value('members.list', { roomId: space.id });
    expect(view).toMatchObject({ isLocked: true, canModerate: false });

    const added = await value('members.add', { roomId: space.id, emails: [sim.people.lee?.email ?? ''] });
    const outcome = added.results[0];
    expect(outcome?.status).toBe('failed');
    expect(outcome?.status === 'failed' ? outcome.error : undefined).toMatchObject({
      kind: 'forbidden',
      requiresModerator: true,
      status: 403,
    });
    const sam = view.members.find((m) => m.email === sim.people.sam?.email);
    const removal = await failure('members.remove', { membershipId: sam?.membershipId ?? '' });
    expect(removal).toMatchObject({ kind: 'forbidden', requiresModerator: true });
    expect(removal.message).toMatch(/moderator/);
    expect(await failure('members.setModerator', { membershipId: mine.id, isModerator: true })).toMatchObject({
      kind: 'forbidden',
      requiresModerator: true,
    });
  });

  it('a space deleted meanwhile: list says notFound; adding fails every email with notFound after one request', async () => {
    const space = sim.control.createRoom('operator', { title: 'Short-lived' });
    const del = await fetch(`${sim.baseUrl}/rooms/${space.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(del.status).toBe(204);
    expect(await failure('members.list', { roomId: space.id })).toMatchObject({ kind: 'notFound' });
    const before = sim.control.requests().length;
    const added = await value('members.add', {
      roomId: space.id,
      emails: [sim.people.lee?.email ?? '', sim.people.sam?.email ?? ''],
    });
    expect(added.results.map((r) => (r.status === 'failed' ? r.error.kind : r.status))).toEqual([
      'notFound',
      'notFound',
    ]);
    expect(
      sim.control
        .requests()
        .slice(before)
        .filter((r) => r.method === 'POST'),
    ).toHaveLength(1);
  });
});

describe('war room and teams', () => {
  it('creates a space in a team, adds people (each outcome), watches it; teams and their spaces are listed', async () => {
    const teams = await value('teams.list', undefined);
    const platform = teams.teams.find((t) => t.name === 'Platform');
    expect(platform).toBeDefined();
    const created = await value('spaces.create', {
      title: '  INC-42 payments error rate  ',
      teamId: platform?.id ?? '',
      emails: [sim.people.priya?.email ?? '', 'bad address'],
    });
    expect(created.title).toBe('INC-42 payments error rate');
    expect(created.teamId).toBe(platform?.id);
    expect(created.members.map((m) => m.status)).toEqual(['added', 'failed']);
    expect(created.room).toMatchObject({ id: created.roomId, watched: true });
    expect(created.watchError).toBeUndefined();
    const rooms = (await value('rooms.snapshot', undefined)).data.rooms;
    expect(rooms.find((r) => r.id === created.roomId)?.watched).toBe(true);
    const inTeam = await value('teams.spaces', { teamId: platform?.id ?? '' });
    expect(inTeam.spaces.map((s) => s.title)).toContain('INC-42 payments error rate');
    expect(sim.control.messages(created.roomId)).toEqual([]);
  });

  it('an empty title is refused at the border; an unknown team is notFound', async () => {
    expect(await failure('spaces.create', { title: '   ' })).toMatchObject({ kind: 'invalidInput' });
    const unknownTeam = 'Y2lzY29zcGFyazovL3VzL1RFQU0vMDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw';
    const err = await failure('spaces.create', { title: 'x', teamId: unknownTeam });
    expect(err).toMatchObject({ kind: 'notFound', status: 404 });
    expect(err.message).toMatch(/^The team no longer exists/);
    expect(sim.control.findRoom('x')).toBeUndefined();
  });
});

describe('cards', () => {
  function alertCard(): WebexMessage {
    for (let i = 0; i < 50; i++) {
      const card = sim.control.driver.step().find((m) => m.attachments !== undefined);
      if (card) return card;
    }
    throw new Error('no alert card');
  }

  it('Acknowledge posts POST /attachment/actions through main and the bot answers in the thread', async () => {
    const alert = alertCard();
    const result = await value('cards.submit', { messageId: alert.id, inputs: { action: 'ack', service: 'db-7' } });
    expect(result.messageId).toBe(alert.id);
    const reply = sim.control
      .messages(alert.roomId)
      .find((m) => m.parentId === alert.id && m.personId === sim.people.bot?.id);
    expect(reply?.markdown).toBe('**db-7** acknowledged by Dana Ops');
    const posts = sim.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/attachment/actions'));
    expect(posts).toHaveLength(1);
  });

  it('a card on a deleted message is notFound; hostile input ids are refused at the border', async () => {
    const alert = alertCard();
    sim.control.deleteMessage('bot', alert.id);
    expect(await failure('cards.submit', { messageId: alert.id, inputs: { action: 'ack' } })).toMatchObject({
      kind: 'notFound',
    });
    expect(await failure('cards.submit', { messageId: alert.id, inputs: { constructor: 'x' } })).toMatchObject({
      kind: 'invalidInput',
    });
  });
});

describe('drafts', () => {
  it('survive a restart of the core and an identity switch; an empty draft is removed', async () => {
    const noc = roomId('NOC');
    const db = roomId('Database On-Call');
    await value('drafts.set', { roomId: noc, markdown: 'checking **api-gw** now' });
    await value('drafts.set', { roomId: db, markdown: 'replica lag?' });
    expect((await value('drafts.get', { roomId: noc })).markdown).toBe('checking **api-gw** now');

    await core.dispose();
    core = startCore();
    await core.ready;
    expect((await value('drafts.get', { roomId: noc })).markdown).toBe('checking **api-gw** now');

    const operatorId = (await value('session.snapshot', undefined)).data.active?.id ?? '';
    await value('session.signInWithToken', { token: sim.tokens.sam ?? '', apiBaseUrl: sim.baseUrl });
    expect(await value('drafts.get', { roomId: noc })).toEqual({ roomId: noc, markdown: '' });
    await value('session.switchIdentity', { identityId: operatorId });
    const back = await value('drafts.snapshot', undefined);
    expect(back.drafts.map((d) => [d.roomId, d.markdown])).toEqual([
      [db, 'replica lag?'],
      [noc, 'checking **api-gw** now'],
    ]);

    const cleared = await value('drafts.set', { roomId: noc, markdown: '   ' });
    expect(cleared.drafts.map((d) => d.roomId)).toEqual([db]);
  });

  it('without a session: notSignedIn', async () => {
    await value('session.signOut', {});
    expect(await failure('drafts.snapshot', undefined)).toMatchObject({ kind: 'notSignedIn' });
  });
});

describe('mentions before sending', () => {
  it('a mention of someone not in the space is invalidInput naming them; members pass; a deleted space is notFound', async () => {
    const space = sim.control.createRoom('operator', { title: 'Mentions' });
    sim.control.addMember(space.id, 'sam');
    const sam = sim.people.sam;
    expect(
      await value('composer.checkMentions', {
        roomId: space.id,
        markdown: `ping <@personEmail:${sam?.email ?? ''}|Sam> and <@personId:${sam?.id ?? ''}>`,
      }),
    ).toEqual({ mentions: 2 });
    const err = await failure('composer.checkMentions', {
      roomId: space.id,
      markdown: `<@personEmail:${sam?.email ?? ''}|Sam> <@personEmail:${sim.people.lee?.email ?? ''}|Lee> <@personEmail:ghost@nowhere.example>`,
    });
    expect(err.kind).toBe('invalidInput');
    // Addresses, which is what the operator can add; the window shows the message as it is.
    const lee = sim.people.lee?.email ?? '';
    expect(err.message).toBe(`${lee}, ghost@nowhere.example are not members of this space — add them, or send anyway.`);
    expect(err.issues?.map((i) => i.message)).toEqual([
      `${lee} is not a member of this space.`,
      'ghost@nowhere.example is not a member of this space.',
    ]);
    const one = await failure('composer.checkMentions', { roomId: space.id, markdown: '<@personEmail:x@y.example>' });
    expect(one.message).toBe('x@y.example is not a member of this space — add them, or send anyway.');
    expect(await value('composer.checkMentions', { roomId: space.id, markdown: 'no mentions' })).toEqual({
      mentions: 0,
    });
    await fetch(`${sim.baseUrl}/rooms/${space.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(
      await failure('composer.checkMentions', { roomId: space.id, markdown: `<@personEmail:${sam?.email ?? ''}>` }),
    ).toMatchObject({ kind: 'notFound' });
  });
});

describe('own messages', () => {
  it('the open space shows an own edit and delete at once (no wait for its next refresh)', async () => {
    const noc = roomId('NOC');
    const mine = sim.control.post('operator', { roomId: noc, markdown: 'draft status' });
    await value('rooms.open', { roomId: noc });
    await core.idle();
    const shown = async () => (await value('messages.snapshot', undefined)).data.messages.find((m) => m.id === mine.id);
    expect((await shown())?.markdown).toBe('draft status');
    await value('messages.edit', { messageId: mine.id, markdown: 'final status' });
    expect(await shown()).toMatchObject({ markdown: 'final status', updated: expect.any(String) });
    await value('messages.delete', { messageId: mine.id });
    expect(await shown()).toBeUndefined();
  });

  it('edits (PUT) and deletes (DELETE) own messages; others’ are refused; an already deleted one is deleted: false', async () => {
    const noc = roomId('NOC');
    const mine = sim.control.post('operator', { roomId: noc, markdown: 'first take' });
    const edited = await value('messages.edit', { messageId: mine.id, markdown: 'second **take**' });
    expect(edited).toMatchObject({ messageId: mine.id, roomId: noc, markdown: 'second **take**' });
    expect(edited.updated).toBeDefined();
    expect(sim.control.messages(noc).find((m) => m.id === mine.id)?.markdown).toBe('second **take**');

    const theirs = sim.control.post('sam', { roomId: noc, text: 'sam says' });
    expect(await failure('messages.edit', { messageId: theirs.id, markdown: 'x' })).toMatchObject({
      kind: 'forbidden',
    });
    expect(await failure('messages.delete', { messageId: theirs.id })).toMatchObject({ kind: 'forbidden' });
    expect(await failure('messages.edit', { messageId: mine.id, markdown: '  ' })).toMatchObject({
      kind: 'invalidInput',
    });

    expect(await value('messages.delete', { messageId: mine.id })).toEqual({ deleted: true });
    expect(sim.control.messages(noc).some((m) => m.id === mine.id)).toBe(false);
    expect(await value('messages.delete', { messageId: mine.id })).toEqual({ deleted: false });
  });
});

describe('files for the composer', () => {
  it('a chosen file comes back as an opaque handle with name and size (no path); cancel is picked: false', async () => {
    expect(await value('composer.pickFile', undefined)).toEqual({ picked: false });
    const file = path.join(dataDir, 'graph.png');
    await writeFile(file, Buffer.alloc(2048, 1));
    nextPick = file;
    const r = await value('composer.pickFile', undefined);
    expect(r).toEqual({
      picked: true,
      file: { fileId: expect.any(String), name: 'graph.png', size: 2048, contentType: 'image/png' },
    });
    expect(JSON.stringify(r)).not.toContain(dataDir);
  });

  it('over 100 MB is refused when chosen, before any upload', async () => {
    const big = path.join(dataDir, 'huge.bin');
    await writeFile(big, '');
    await truncate(big, 100 * 1024 * 1024 + 1);
    nextPick = big;
    const before = sim.control.requests().length;
    const err = await failure('composer.pickFile', undefined);
    expect(err).toMatchObject({ kind: 'invalidInput' });
    expect(err.message).toContain('100 MB');
    expect(sim.control.requests().length).toBe(before);
  });
});

describe('bots among the members', () => {
  it('a bot is marked (its address ends in @webex.bot), people are not', async () => {
    const space = sim.control.createRoom('operator', { title: 'Bots test' });
    sim.control.addMember(space.id, 'sam');
    sim.control.addMember(space.id, 'bot');
    const view = await value('members.list', { roomId: space.id });
    expect(view.members.map((m) => [m.email, m.bot === true])).toEqual(
      expect.arrayContaining([
        [sim.people.bot?.email, true],
        [sim.people.sam?.email, false],
        [sim.people.operator?.email, false],
      ]),
    );
    expect(view.members).toHaveLength(3);
  });
});

describe('a chosen file kept with the draft', () => {
  /** Waits until the outbox item is sent or failed (real loopback I/O, virtual time advanced when waiting). */
  const settled = (itemId: string) =>
    pollUntil(
      clock,
      async () => {
        const item = (await value('outbox.snapshot', undefined)).data.items.find((x) => x.id === itemId);
        return item && !['queued', 'sending', 'unknown'].includes(item.state.type) ? item : undefined;
      },
      'the item did not settle',
    );

  it('survives a restart of the core: the draft names it (never the path) and it is sent with its bytes', async () => {
    const noc = roomId('NOC');
    const file = path.join(dataDir, 'edge-1.pcap');
    await writeFile(file, Buffer.from('capture bytes of edge-1'));
    nextPick = file;
    const picked = await value('composer.pickFile', undefined);
    if (!picked.picked) throw new Error('not picked');
    const fileId = picked.file.fileId;
    const saved = await value('drafts.set', { roomId: noc, markdown: 'capture attached', fileId });
    expect(saved.drafts.find((d) => d.roomId === noc)?.file).toEqual(picked.file);
    // A file alone is a draft too.
    const db = roomId('Database On-Call');
    await value('drafts.set', { roomId: db, markdown: '', fileId });
    expect(await value('drafts.get', { roomId: db })).toMatchObject({ file: { name: 'edge-1.pcap' } });

    await core.dispose();
    core = startCore();
    await core.ready;
    const draft = await value('drafts.get', { roomId: noc });
    expect(draft).toMatchObject({ markdown: 'capture attached', file: { fileId, name: 'edge-1.pcap', size: 23 } });
    expect(JSON.stringify(await value('drafts.snapshot', undefined))).not.toContain(dataDir);
    expect(await value('composer.checkFile', { roomId: noc, fileId })).toEqual(picked.file);

    const queued = await value('composer.send', { roomId: noc, markdown: 'capture attached', fileId });
    expect((await settled(queued.id)).state).toMatchObject({ type: 'sent' });
    const sent = sim.control.messages(noc).filter((m) => m.markdown === 'capture attached');
    expect(sent).toHaveLength(1);
    const res = await fetch(sent[0]?.files?.[0] ?? '', {
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(await res.text()).toBe('capture bytes of edge-1');
    // Removing the file from the draft keeps the text.
    await value('drafts.set', { roomId: db, markdown: 'no file now' });
    expect(await value('drafts.get', { roomId: db })).not.toHaveProperty('file');
  });

  it('after a restart, a file moved, swapped for a link or another file, or changed is refused before sending', async () => {
    const noc = roomId('NOC');
    const file = path.join(dataDir, 'report.txt');
    const other = path.join(dataDir, 'secret.txt');
    await writeFile(file, 'report body');
    await writeFile(other, 'other body!');
    nextPick = file;
    const picked = await value('composer.pickFile', undefined);
    if (!picked.picked) throw new Error('not picked');
    const fileId = picked.file.fileId;
    await value('drafts.set', { roomId: noc, markdown: 'see report', fileId });
    await core.dispose();
    core = startCore();
    await core.ready;
    const check = () => failure('composer.checkFile', { roomId: noc, fileId });

    // A link to another file of the same size under the same name (the original is kept elsewhere, so no file
    // created below can be given its inode again).
    await rename(file, `${file}.orig`);
    await symlink(other, file);
    const link = await check();
    expect(link).toMatchObject({ kind: 'invalidInput' });
    expect(link.message).toBe('report.txt was replaced by a link since it was chosen: choose the file again.');
    // Another file under the same name.
    await rm(file);
    await writeFile(file, 'report body');
    expect((await check()).message).toContain('was replaced by another file');
    // Gone.
    await rm(file);
    expect(await check()).toMatchObject({
      kind: 'notFound',
      message: 'report.txt is no longer there: choose the file again.',
    });
    // The draft is untouched by any of this.
    expect(await value('drafts.get', { roomId: noc })).toMatchObject({ markdown: 'see report' });
    expect(await readFile(other, 'utf8')).toBe('other body!');

    // The original, changed in place: same inode, another size.
    const kept = path.join(dataDir, 'kept.txt');
    await writeFile(kept, 'v1');
    nextPick = kept;
    const again = await value('composer.pickFile', undefined);
    if (!again.picked) throw new Error('not picked');
    await writeFile(kept, 'version two');
    expect((await failure('composer.checkFile', { roomId: noc, fileId: again.file.fileId })).message).toBe(
      'kept.txt changed since it was chosen: choose the file again.',
    );
    // The outbox checks the same before its upload: nothing reaches the space.
    const before = sim.control.messages(noc).length;
    const queued = await value('composer.send', { roomId: noc, markdown: 'changed file', fileId: again.file.fileId });
    expect((await settled(queued.id)).state).toMatchObject({ type: 'failed', kind: 'invalidInput' });
    expect(sim.control.messages(noc).length).toBe(before);
  });

  it('an unknown handle: drafts.set keeps the text without a file; checkFile says to choose it again', async () => {
    const noc = roomId('NOC');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const saved = await value('drafts.set', { roomId: noc, markdown: 'text stays', fileId: unknown });
    expect(saved.drafts.find((d) => d.roomId === noc)).toEqual({
      roomId: noc,
      markdown: 'text stays',
      updatedAt: expect.any(String),
    });
    expect(await failure('composer.checkFile', { roomId: noc, fileId: unknown })).toMatchObject({
      kind: 'notFound',
    });
  });
});
