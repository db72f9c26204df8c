/**
 * The EXT mark of spaces (src/main/spaces/external.ts) through the whole core against the demo simulator on a manual
 * clock: a paced background read of the memberships of WATCHED spaces only (one space per interval, each once per
 * hour) marks the room views the window gets — events, snapshots and `rooms.search` — and membership reads main makes
 * anyway (`members.list`, runbook targets) mark unwatched spaces without any background read; a sign-out stops the
 * reading.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreEvent, RoomView } from '../../../src/shared/contract/channels';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { DEFAULT_EXTERNAL_SPACES } from '../../../src/main/spaces/external';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, pollUntil, signInOperator, simLookups, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let core: Core;
let events: CoreEvent[];

const caller = coreCaller(() => core);
const { value } = caller;
const { room: roomId } = simLookups(() => sim);

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock, seed: 5 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'external-core-'));
  core = createCore({
    instanceId: 'external-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    confirm: async () => true,
  });
  events = [];
  core.subscribe((batch) => events.push(...batch.events));
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

/** Membership list requests the simulator answered for a space. */
const membershipReads = (id: string) =>
  sim.control.requests().filter((r) => r.route === 'GET /memberships' && r.query.roomId === id);

async function liveRoom(id: string): Promise<RoomView | undefined> {
  return (await value('rooms.snapshot', undefined)).data.rooms.find((r) => r.id === id);
}

describe('the EXT mark', () => {
  it('reads watched spaces in the background, one per interval, and marks the views the window gets', async () => {
    const security = roomId('Security Alerts');
    const noc = roomId('NOC');
    const watercooler = roomId('Watercooler');
    await value('rooms.setWatched', { roomId: security, watched: true });
    await value('rooms.setWatched', { roomId: noc, watched: true });
    sim.control.resetStats();
    expect((await liveRoom(security))?.external).toBeUndefined();

    const marked = await pollUntil(
      clock,
      async () => {
        const [s, n] = [await liveRoom(security), await liveRoom(noc)];
        return s?.external !== undefined && n?.external !== undefined ? { s, n } : undefined;
      },
      'both watched spaces get their EXT mark',
    );
    // Kai Tanaka of the security provider is in Security Alerts; NOC has only the operator's colleagues.
    expect(marked.s.external).toBe(true);
    expect(marked.n.external).toBe(false);
    await core.idle();

    // One read per watched space, paced: never two within one interval; none for the unwatched Watercooler.
    const reads = [...membershipReads(security), ...membershipReads(noc)].map((r) => r.at).sort((a, b) => a - b);
    expect(reads).toHaveLength(2);
    expect((reads[1] ?? 0) - (reads[0] ?? 0)).toBeGreaterThanOrEqual(DEFAULT_EXTERNAL_SPACES.intervalMs);
    expect(membershipReads(watercooler)).toHaveLength(0);

    // The window heard it as an event, and rooms.search carries it too.
    const upserted = events.flatMap((e) => (e.type === 'rooms.upsert' ? e.rooms : [])).filter((r) => r.id === security);
    expect(upserted.at(-1)?.external).toBe(true);
    const found = await value('rooms.search', { query: 'Security Alerts' });
    expect(found.rooms.map((r) => [r.title, r.external])).toEqual([['Security Alerts', true]]);

    // Each space at most once an hour: half an hour later nothing was read again; after the hour, again.
    await clock.advance(30 * 60_000);
    await core.idle();
    expect(membershipReads(security)).toHaveLength(1);
    expect(membershipReads(noc)).toHaveLength(1);
    await clock.advance(35 * 60_000);
    await core.idle();
    expect(membershipReads(security).length + membershipReads(noc).length).toBeGreaterThanOrEqual(3);
    expect(membershipReads(watercooler)).toHaveLength(0);
  });

  it('a 429 on the background read pauses it with everything else, through the shared client', async () => {
    const security = roomId('Security Alerts');
    await value('rooms.setWatched', { roomId: security, watched: true });
    await core.idle();
    sim.control.setFaults({ 'GET /memberships': { rateLimit: 1, retryAfter: 120, count: 1 } });
    sim.control.resetStats();
    await pollUntil(clock, async () => ((await liveRoom(security))?.external ? true : undefined), 'marked after 429');
    const reads = membershipReads(security);
    expect(reads.map((r) => r.status)).toEqual([429, 200]);
    const pausedAt = reads[0]?.at ?? 0;
    expect((reads[1]?.at ?? 0) - pausedAt).toBeGreaterThanOrEqual(120_000);
    // No request at all went out while the pause lasted (the poller waited too).
    const during = sim.control.requests().filter((r) => r.at > pausedAt && r.at < pausedAt + 120_000);
    expect(during).toEqual([]);
  });

  it('learns the mark of an unwatched space from the members panel, without a background read', async () => {
    const vendor = sim.control.createRoom('operator', { title: 'Vendor escalation' });
    sim.control.addMember(vendor.id, 'kai');
    sim.control.resetStats();
    expect((await value('rooms.search', { query: 'Vendor escalation' })).rooms[0]?.external).toBeUndefined();

    const members = await value('members.list', { roomId: vendor.id });
    expect(members.external).toBe(true);
    expect((await value('rooms.search', { query: 'Vendor escalation' })).rooms[0]?.external).toBe(true);

    await clock.advance(5 * DEFAULT_EXTERNAL_SPACES.intervalMs);
    await core.idle();
    expect(membershipReads(vendor.id)).toHaveLength(1);
  });

  it('learns it from a runbook preview, which reads its targets’ members anyway', async () => {
    const vendor = sim.control.createRoom('operator', { title: 'Vendor bridge' });
    sim.control.addMember(vendor.id, 'kai');
    sim.control.resetStats();
    const preview = await value('runbooks.preview', {
      runbookId: 'maintenance-notice',
      roomId: vendor.id,
      variables: { day: '2026-01-10', what: 'edge firewall', link: 'https://status.example/m/2' },
    });
    expect(preview.targets).toEqual([expect.objectContaining({ roomId: vendor.id, external: true })]);
    expect((await value('rooms.search', { query: 'Vendor bridge' })).rooms[0]?.external).toBe(true);
    expect(membershipReads(vendor.id)).toHaveLength(1);
  });

  it('stops reading and forgets the marks at sign-out', async () => {
    const security = roomId('Security Alerts');
    await value('rooms.setWatched', { roomId: security, watched: true });
    await pollUntil(clock, async () => ((await liveRoom(security))?.external ? true : undefined), 'marked');
    await value('session.signOut', {});
    await core.idle();
    sim.control.resetStats();
    await clock.advance(2 * DEFAULT_EXTERNAL_SPACES.refreshMs);
    await core.idle();
    expect(sim.control.requests().filter((r) => r.route === 'GET /memberships')).toHaveLength(0);
  });
});
