/**
 * `rooms.search` grouped by team (the sidebar's "Group by team") through the whole core against the demo simulator:
 * spaces ordered by team name (teams read through main's teams service), then in the usual order inside a team, the
 * spaces in no team last under "Other spaces"; the result names every group with its count, pages keep the grouped
 * order, and a filter or query applies before grouping.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomSearchResult, RoomView } from '../../../src/shared/contract/channels';
import { compareRooms } from '../../../src/shared/order';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';
import { coreCaller, signInOperator, stopCore, TEST_APP } from '../core-harness';

let clock: ManualClock;
let sim: Simulator;
let dataDir: string;
let core: Core;

const caller = coreCaller(() => core);
const { value } = caller;

beforeEach(async () => {
  clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock, seed: 5 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'search-groups-'));
  core = createCore({
    instanceId: 'groups-test',
    app: TEST_APP,
    dataDir,
    clock,
    secretStore: createMemorySecretStore(),
    confirm: async () => true,
  });
  await core.ready;
  await signInOperator(caller, sim);
});
afterEach(() => stopCore(core, sim, dataDir));

/** A team created over REST by the operator (its General space comes with it). */
async function createTeam(name: string): Promise<{ id: string }> {
  const response = await fetch(`${sim.baseUrl}/teams`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sim.tokens.operator ?? ''}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string };
}

const titles = (rooms: readonly RoomView[]) => rooms.map((r) => r.title);

describe('rooms.search grouped by team', () => {
  it('orders by team name, then the usual order; spaces in no team last, each group named and counted', async () => {
    const automation = await createTeam('Automation');
    sim.control.createRoom('operator', { title: 'Automation · Runners', teamId: automation.id });

    const all = await value('rooms.search', { limit: 500 });
    const grouped = await value('rooms.search', { limit: 500, groupBy: 'team' });
    expect(all.groups).toBeUndefined();
    expect(grouped.total).toBe(all.total);

    const platformTeamId = grouped.rooms.find((r) => r.title === 'Platform · Kubernetes')?.teamId;
    expect(grouped.groups).toEqual([
      { teamId: automation.id, name: 'Automation', count: 2 },
      { teamId: platformTeamId, name: 'Platform', count: 3 },
      { name: 'Other spaces', count: all.total - 5 },
    ]);
    const inTeam = (teamId: string | undefined) => all.rooms.filter((r) => r.teamId === teamId);
    expect(titles(grouped.rooms)).toEqual([
      ...titles(inTeam(automation.id)),
      ...titles(inTeam(platformTeamId)),
      ...titles(all.rooms.filter((r) => r.teamId === undefined)),
    ]);
    expect(titles(grouped.rooms.slice(0, 2)).sort()).toEqual(['Automation', 'Automation · Runners']);
    expect(titles(grouped.rooms.slice(2, 5)).sort()).toEqual([
      'Platform',
      'Platform · Kubernetes',
      'Platform · Networking',
    ]);
    // Inside a group: the shared order.
    expect(grouped.rooms.slice(5)).toEqual([...grouped.rooms.slice(5)].sort(compareRooms));
  });

  it('keeps the grouped order across pages, and filters and queries before grouping', async () => {
    const whole = await value('rooms.search', { limit: 500, groupBy: 'team' });
    const paged: RoomView[] = [];
    let cursor: string | undefined;
    let page: RoomSearchResult;
    do {
      page = await value('rooms.search', { limit: 4, groupBy: 'team', ...(cursor ? { cursor } : {}) });
      expect(page.groups).toEqual(whole.groups);
      paged.push(...page.rooms);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(paged.map((r) => r.id)).toEqual(whole.rooms.map((r) => r.id));

    const platform = await value('rooms.search', { query: 'platform', groupBy: 'team' });
    expect(platform.groups?.map((g) => [g.name, g.count])).toEqual([['Platform', 3]]);
    const direct = await value('rooms.search', { filter: 'direct', groupBy: 'team' });
    expect(direct.groups?.map((g) => [g.name, g.count])).toEqual([['Other spaces', direct.total]]);
  });
});
