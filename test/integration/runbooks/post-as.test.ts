/**
 * A runbook's `postAs` through the whole core against the simulator (docs/outbox.md, docs/security.md): the operator
 * is signed in, the team's bot (and a colleague) are other saved identities. The message is from the identity posted
 * as, the audit row says so, a restart reconciles with that identity's client, a bot's unknown goes to the operator,
 * and a refused token is that identity's problem only.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItemView, OutboxState, RunbooksState } from '../../../src/shared/contract/channels';
import { createMemorySecretStore, type SecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let secretStore: SecretStore;
let core: Core;
/** Cores left running as if the app had crashed: disposed after the test. */
let crashed: Core[];
let roomId: string;

const caller = coreCaller(() => core);
const { call, value } = caller;

function runbooksYaml(botEmail: string, samEmail: string): string {
  return `version: 1
runbooks:
  - id: bot-notice
    label: Bot notice
    category: Bot
    confirm: never
    postAs: ${botEmail}
    variables:
      what:
        label: What
        required: true
    template: "Automated notice: {{what}}"
  - id: sam-notice
    label: Sam notice
    category: Bot
    confirm: never
    postAs: ${samEmail.toUpperCase()}
    template: "Posted for Sam: {{now}}"
  - id: nobody-notice
    label: Nobody notice
    category: Bot
    confirm: never
    postAs: nobody@example.com
    template: "never sent"
`;
}

function startCore(outbox: { reconcileDelayMs: number } = { reconcileDelayMs: 0 }): Core {
  return createCore({
    instanceId: 'post-as-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore,
    notifier: { show: () => undefined },
    confirm: async () => true,
    outboxConfig: { ...outbox, retryBaseMs: 1000 },
  });
}

async function items(): Promise<OutboxItemView[]> {
  return (await value('outbox.snapshot', undefined)).data.items;
}

/** Waits until the item is in one of `states`. */
function itemIn(id: string, states: OutboxItemView['state']['type'][]): Promise<OutboxItemView> {
  return pollUntil(
    clock,
    async () => (await items()).find((i) => i.id === id && states.includes(i.state.type)),
    `item ${id} never reached ${states.join('/')}`,
  );
}

function outboxSettled(): Promise<OutboxState> {
  return pollUntil(
    clock,
    async () => {
      const s = (await value('outbox.snapshot', undefined)).data;
      return s.items.some((x) => ['queued', 'sending', 'unknown'].includes(x.state.type)) ? undefined : s;
    },
    'outbox did not settle',
  );
}

const person = (key: string) => {
  const p = sim.people[key];
  if (!p) throw new Error(`no ${key}`);
  return p;
};
const inRoom = (needle: string) =>
  sim.control.messages(roomId).filter((m) => (m.markdown ?? m.text ?? '').includes(needle));
const posts = () => sim.control.requests().filter((r) => r.route === 'POST /messages').length;
const reads = () => sim.control.requests().filter((r) => r.route === 'GET /messages').length;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  dataDir = await mkdtemp(path.join(tmpdir(), 'post-as-'));
  secretStore = createMemorySecretStore();
  crashed = [];
  await mkdir(path.join(dataDir, 'runbooks'), { recursive: true });
  await writeFile(path.join(dataDir, 'runbooks', 'bot.yaml'), runbooksYaml(person('bot').email, person('sam').email));
  const room = sim.control.createRoom('operator', { title: 'Post-as checks' });
  roomId = room.id;
  sim.control.addMember(roomId, 'bot');
  sim.control.addMember(roomId, 'sam');
  core = startCore();
  await core.ready;
  // The bot and Sam are saved identities; the operator signs in last and is the active one.
  for (const key of ['bot', 'sam', 'operator']) {
    await value('session.signInWithToken', { token: sim.tokens[key] ?? '', apiBaseUrl: sim.baseUrl });
  }
  const session = (await value('session.snapshot', undefined)).data;
  expect(session.active?.email).toBe(person('operator').email);
  expect(session.identities.map((i) => i.email).sort()).toEqual(
    [person('bot').email, person('operator').email, person('sam').email].sort(),
  );
});

afterEach(async () => {
  await core.dispose();
  // A crashed core's outbox may still wait on a hanging request or a read-back delay: release both, then stop it.
  await sim.close();
  await clock.advance(60 * 60_000);
  for (const c of crashed) await c.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** Stops the running core and starts another on the same data folder and keychain (the app restarted). */
async function restart(outbox?: { reconcileDelayMs: number }): Promise<void> {
  await core.dispose();
  core = startCore(outbox);
  await core.ready;
}

describe('runbooks posting as another saved identity', () => {
  it('the message is from the bot; the audit row says posted as the bot by the operator', async () => {
    const preview = await value('runbooks.preview', { runbookId: 'bot-notice', roomId, variables: { what: 'disk' } });
    expect(preview.problems).toEqual([]);
    expect(preview.postsAs).toEqual({
      displayName: person('bot').displayName,
      email: person('bot').email,
      kind: 'bot',
    });
    const run = await value('runbooks.run', { runbookId: 'bot-notice', roomId, variables: { what: 'disk' } });
    await outboxSettled();
    const msgs = inRoom('Automated notice: disk');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.personId).toBe(person('bot').id);

    const rows = (await value('audit.query', { runbookId: 'bot-notice' })).rows;
    expect(rows).toEqual([
      expect.objectContaining({
        outcome: 'sent',
        itemId: run.itemIds[0],
        messageId: msgs[0]?.id,
        identityEmail: person('operator').email,
        postedAsEmail: person('bot').email,
      }),
    ]);
    // Undo deletes the bot's message with the bot's client (the operator could not delete it).
    await value('audit.undo', { itemId: run.itemIds[0] ?? '' });
    expect(inRoom('Automated notice: disk')).toHaveLength(0);
    const undone = (await value('audit.query', { outcome: 'undone' })).rows;
    expect(undone).toEqual([expect.objectContaining({ postedAsEmail: person('bot').email })]);
  });

  it('a postAs naming no saved identity: the run shows why and cannot run; nothing is queued', async () => {
    const preview = await value('runbooks.preview', { runbookId: 'nobody-notice', roomId, variables: {} });
    expect(preview.problems).toEqual([
      { path: 'postAs', message: expect.stringMatching(/No saved identity "nobody@example\.com"/) },
    ]);
    const refused = await call('runbooks.run', { runbookId: 'nobody-notice', roomId, variables: {} });
    expect(refused.ok === false && refused.error).toMatchObject({
      kind: 'invalidInput',
      issues: [{ path: 'postAs', message: expect.stringMatching(/No saved identity/) }],
    });
    expect(await items()).toHaveLength(0);
    expect(inRoom('never sent')).toHaveLength(0);
  });

  it('restart after the POST reached Webex: reconciled with the identity’s own client, exactly one message', async () => {
    // The answer is lost (reset after the server stored the message) and the app dies before reading back.
    sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    await restart({ reconcileDelayMs: 10 * 60_000 });
    crashed.push(core);
    const run = await value('runbooks.run', { runbookId: 'sam-notice', roomId, variables: {} });
    const id = run.itemIds[0] ?? '';
    await itemIn(id, ['unknown']);
    expect(inRoom('Posted for Sam')).toHaveLength(1);
    // Only Sam can read the space back now: reading it with the operator's client would fail.
    sim.control.removeMember(roomId, 'operator');

    const postsBefore = posts();
    // The crashed core is not stopped: its journal is what it fsynced.
    core = startCore();
    await core.ready;
    const done = await itemIn(id, ['sent', 'needsOperator', 'failed']);
    expect(done.state).toMatchObject({ type: 'sent', via: 'reconciled', messageId: inRoom('Posted for Sam')[0]?.id });
    expect(posts()).toBe(postsBefore);
    const msgs = inRoom('Posted for Sam');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.personId).toBe(person('sam').id);
    const rows = (await value('audit.query', {})).rows;
    expect(rows.map((r) => [r.outcome, r.postedAsEmail])).toEqual([
      ['sent', person('sam').email],
      ['unknown', person('sam').email],
    ]);
  });

  it('restart while sending as the bot: handed to the operator (a bot cannot read back); Resend posts it once', async () => {
    // The POST hangs before Webex processes it; the app dies with the item journaled as sending.
    sim.control.setFaults({ 'POST /messages': { hang: 1, count: 1 } });
    await restart();
    crashed.push(core);
    const run = await value('runbooks.run', { runbookId: 'bot-notice', roomId, variables: { what: 'restart' } });
    const id = run.itemIds[0] ?? '';
    await itemIn(id, ['sending']);

    const readsBefore = reads();
    core = startCore();
    await core.ready;
    const handed = await itemIn(id, ['needsOperator', 'sent', 'failed']);
    expect(handed.state).toMatchObject({ type: 'needsOperator', reason: 'cannotReadBack' });
    expect(reads()).toBe(readsBefore);
    expect(inRoom('Automated notice: restart')).toHaveLength(0);

    await value('outbox.resolve', { itemId: id, action: 'resend' });
    const sent = await itemIn(id, ['sent', 'failed', 'needsOperator']);
    expect(sent.state).toMatchObject({ type: 'sent', via: 'post' });
    const msgs = inRoom('Automated notice: restart');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.personId).toBe(person('bot').id);
    const rows = (await value('audit.query', { runbookId: 'bot-notice' })).rows;
    expect(rows.map((r) => r.outcome)).toEqual(['sent', 'requeued', 'needsOperator', 'unknown']);
    expect(rows.every((r) => r.postedAsEmail === person('bot').email)).toBe(true);
    expect(rows.every((r) => r.identityEmail === person('operator').email)).toBe(true);
  });

  it('the bot’s token is refused: that item fails `auth`, the bot is signed out, the operator carries on', async () => {
    sim.control.revokeToken(sim.tokens.bot ?? '');
    const run = await value('runbooks.run', { runbookId: 'bot-notice', roomId, variables: { what: 'revoked' } });
    const failed = await itemIn(run.itemIds[0] ?? '', ['failed', 'sent', 'needsOperator']);
    expect(failed.state).toMatchObject({ type: 'failed', kind: 'auth' });
    const session = (await value('session.snapshot', undefined)).data;
    expect(session.status).toBe('signedIn');
    expect(session.active).toMatchObject({ email: person('operator').email, signedIn: true });
    expect(session.notice?.kind).not.toBe('expired');
    expect(session.identities.find((i) => i.email === person('bot').email)?.signedIn).toBe(false);
    // The next run says why before anything is queued.
    const preview = await value('runbooks.preview', { runbookId: 'bot-notice', roomId, variables: { what: 'x' } });
    expect(preview.problems).toEqual([{ path: 'postAs', message: expect.stringMatching(/signed out/) }]);
    expect(inRoom('Automated notice: revoked')).toHaveLength(0);
  });

  it('the runbooks slice says which postAs cannot be used, and follows sign-out and sign-in without reloading', async () => {
    const problems = async (): Promise<Record<string, string | undefined>> =>
      Object.fromEntries(
        (await value('runbooks.snapshot', undefined)).data.runbooks.map((r) => [r.id, r.postAsProblem]),
      );
    expect(await problems()).toEqual({
      'bot-notice': undefined,
      'sam-notice': undefined,
      'nobody-notice': expect.stringContaining('No saved identity "nobody@example.com" to post as'),
    });

    const events: RunbooksState[] = [];
    const stop = core.subscribe((batch) => {
      for (const e of batch.events) if (e.type === 'runbooks.changed') events.push(e.state);
    });
    const requestsBefore = sim.control.requests().length;
    const bot = (await value('session.snapshot', undefined)).data.identities.find(
      (i) => i.email === person('bot').email,
    );
    await value('session.signOut', { identityId: bot?.id ?? '' });
    const afterSignOut = await problems();
    expect(afterSignOut['bot-notice']).toBe(
      `${person('bot').displayName} is signed out: sign in as it again to post as it.`,
    );
    expect(afterSignOut['sam-notice']).toBeUndefined();
    // Pushed to the window as a runbooks event, computed without a request to Webex.
    expect(events.at(-1)?.runbooks.find((r) => r.id === 'bot-notice')?.postAsProblem).toMatch(/signed out/);
    expect(sim.control.requests().length).toBe(requestsBefore);

    // Signed in as the bot again (it becomes the active identity), then back to the operator: usable again.
    await value('session.signInWithToken', { token: sim.tokens.bot ?? '', apiBaseUrl: sim.baseUrl });
    const operator = (await value('session.snapshot', undefined)).data.identities.find(
      (i) => i.email === person('operator').email,
    );
    await value('session.switchIdentity', { identityId: operator?.id ?? '' });
    expect((await problems())['bot-notice']).toBeUndefined();
    expect(events.at(-1)?.runbooks.find((r) => r.id === 'bot-notice')?.postAsProblem).toBeUndefined();
    stop();
  });
});
