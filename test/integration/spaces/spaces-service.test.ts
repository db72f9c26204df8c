/**
 * The spaces service against the simulator with a real client (loopback HTTP), for what needs a hand-made session:
 * an OAuth identity signed in before the console asked for more scopes ("sign in again to allow …" instead of a bare
 * 403), and the upload entry point the outbox calls for a message with a chosen file (bytes reach the simulator;
 * a file gone since it was chosen ends in notFound with nothing posted).
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityView } from '../../../src/shared/contract/channels';
import { LEGACY_OAUTH_SCOPES, OAUTH_SCOPES } from '../../../src/main/auth/oauth/redirect';
import type { ActiveSession } from '../../../src/main/auth/types';
import { ManualClock } from '../../../src/main/clock';
import { toAppError } from '../../../src/main/errors';
import { nullLogger } from '../../../src/main/log/types';
import { createSpacesService, type SpacesService } from '../../../src/main/spaces';
import { createStore, type Store } from '../../../src/main/store';
import { createWebexClient, type WebexClient } from '../../../src/main/webex';
import { startSimulator, type Simulator } from '../../../src/sim';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let store: Store;
let clients: WebexClient[];
let current: ActiveSession | undefined;
let service: SpacesService;
let nextPick: string | undefined;

async function sessionFor(token: string, grantedScopes: readonly string[] | undefined): Promise<ActiveSession> {
  const client = createWebexClient({ baseUrl: sim.baseUrl, token, clock });
  clients.push(client);
  const me = await client.people.me();
  const apiOrigin = new URL(sim.baseUrl).origin;
  const identity: IdentityView = {
    id: store.identityDir(apiOrigin, me.id).split('/')[1] as string,
    personId: me.id,
    displayName: me.displayName ?? 'Dana Ops',
    email: me.emails?.[0] ?? '',
    kind: 'person',
    apiBaseUrl: sim.baseUrl,
    method: grantedScopes === undefined ? 'token' : 'oauth',
    demo: false,
    signedIn: true,
    persisted: true,
  };
  const session: ActiveSession = {
    identity,
    client,
    me: { id: me.id, emails: me.emails ?? [], displayName: identity.displayName, type: 'person' },
    apiOrigin,
    dir: store.identityDir(apiOrigin, me.id),
  };
  if (grantedScopes !== undefined) session.grantedScopes = grantedScopes;
  return session;
}

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock, seed: 9 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'spaces-service-'));
  store = createStore({ dataDir, clock });
  clients = [];
  current = undefined;
  nextPick = undefined;
  service = createSpacesService({
    clock,
    logger: nullLogger,
    report: () => 'ref',
    store,
    session: { current: () => current, onChange: () => () => undefined },
    watchRoom: async () => {
      throw new Error('not watched in this test');
    },
    pickFile: async () => (nextPick === undefined ? undefined : { path: nextPick }),
  });
});
afterEach(async () => {
  service.dispose();
  await Promise.all(clients.map((c) => c.close()));
  await store.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

const ctx = { senderId: 'test' };

describe('scopes of an OAuth identity', () => {
  it('the sign-in asks for what spaces and teams need', () => {
    expect(OAUTH_SCOPES).toEqual(
      expect.arrayContaining([
        'spark:rooms_write',
        'spark:teams_read',
        'spark:teams_write',
        'spark:team_memberships_read',
        'spark:team_memberships_write',
        'spark:memberships_write',
        'spark:messages_write',
      ]),
    );
  });

  it('an identity signed in with the older scope set gets "sign in again to allow …" on creating a space and on teams', async () => {
    const token = sim.control.issueToken('operator', { scopes: [...LEGACY_OAUTH_SCOPES] });
    current = await sessionFor(token, LEGACY_OAUTH_SCOPES);
    let error: unknown;
    try {
      await service.handlers['spaces.create']({ title: 'War room' }, ctx);
    } catch (e) {
      error = e;
    }
    const created = toAppError(error);
    expect(created).toMatchObject({ kind: 'forbidden', status: 403, missingScopes: ['spark:rooms_write'] });
    expect(created.message).toMatch(/sign in again to allow creating spaces/);
    expect(created.trackingId).toMatch(/^ROUTER_/);

    const teams = await service.handlers['teams.list'](undefined, ctx).catch((e: unknown) => toAppError(e));
    expect(teams).toMatchObject({ kind: 'forbidden', missingScopes: ['spark:teams_read'] });
    // What the identity was granted still works.
    const noc = sim.control.findRoom('NOC')?.id ?? '';
    const members = await service.handlers['members.list']({ roomId: noc }, ctx);
    expect(members.members.length).toBeGreaterThan(1);
  });

  it('with the current scope set the same calls work', async () => {
    const token = sim.control.issueToken('operator', { scopes: [...OAUTH_SCOPES] });
    current = await sessionFor(token, OAUTH_SCOPES);
    const created = await service.handlers['spaces.create']({ title: 'War room' }, ctx);
    expect(created.title).toBe('War room');
    expect(created.watchError).toMatchObject({ kind: 'internal', correlationId: 'ref' });
    expect((await service.handlers['teams.list'](undefined, ctx)).teams.length).toBeGreaterThan(0);
  });

  it('a 403 the granted scopes do not explain stays a moderator refusal, not a scope prompt', async () => {
    const token = sim.control.issueToken('operator', { scopes: [...OAUTH_SCOPES] });
    current = await sessionFor(token, OAUTH_SCOPES);
    const space = sim.control.createRoom('sam', { title: 'Locked' });
    sim.control.addMember(space.id, 'operator');
    await fetch(`${sim.baseUrl}/rooms/${space.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${sim.tokens.sam ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Locked', isLocked: true }),
    });
    const r = await service.handlers['members.add']({ roomId: space.id, emails: [sim.people.lee?.email ?? ''] }, ctx);
    const outcome = r.results[0];
    expect(outcome?.status === 'failed' ? outcome.error : outcome).toMatchObject({
      kind: 'forbidden',
      requiresModerator: true,
    });
    expect(outcome?.status === 'failed' ? outcome.error.missingScopes : 'x').toBeUndefined();
  });
});

describe('upload of a chosen file (the outbox entry point)', () => {
  it('streams the file to the space: the simulator receives the bytes', async () => {
    current = await sessionFor(sim.tokens.operator ?? '', undefined);
    const file = path.join(dataDir, 'report.txt');
    await writeFile(file, 'incident report: all good');
    nextPick = file;
    const picked = await service.handlers['composer.pickFile'](undefined, ctx);
    if (!picked.picked) throw new Error('not picked');
    const noc = sim.control.findRoom('NOC')?.id ?? '';
    const msg = await service.uploadPicked(current, picked.file.fileId, { roomId: noc, markdown: 'the report' });
    expect(msg.files).toHaveLength(1);
    const res = await fetch(msg.files?.[0] ?? '', {
      headers: { authorization: `Bearer ${sim.tokens.operator ?? ''}` },
    });
    expect(await res.text()).toBe('incident report: all good');
    expect(sim.control.messages(noc).filter((m) => m.id === msg.id)).toHaveLength(1);
  });

  it('a file that disappeared since it was chosen: notFound, nothing posted; an unknown handle: notFound', async () => {
    current = await sessionFor(sim.tokens.operator ?? '', undefined);
    const file = path.join(dataDir, 'gone.txt');
    await writeFile(file, 'soon gone');
    nextPick = file;
    const picked = await service.handlers['composer.pickFile'](undefined, ctx);
    if (!picked.picked) throw new Error('not picked');
    await unlink(file);
    const noc = sim.control.findRoom('NOC')?.id ?? '';
    const before = sim.control.posted().length;
    const err = toAppError(
      await service.uploadPicked(current, picked.file.fileId, { roomId: noc }).catch((e: unknown) => e),
    );
    expect(err).toMatchObject({ kind: 'notFound' });
    expect(err.message).toContain('gone.txt');
    const unknown = toAppError(await service.uploadPicked(current, 'nope', { roomId: noc }).catch((e: unknown) => e));
    expect(unknown).toMatchObject({ kind: 'notFound' });
    expect(sim.control.posted().length).toBe(before);
  });
});
