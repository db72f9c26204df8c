import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore, type Core } from '../../../src/main/core';
import { startSimulator, type Simulator } from '../../../src/sim';

/**
 * The core's half of a notification click (the shell's half is in shell-notification.test.ts): the click reaches
 * `deps.focusWindow` with the space, so a shell whose window was closed can open it again on that space.
 * The core against the simulator over loopback HTTP, on a manual clock.
 */
let sim: Simulator | undefined;
let core: Core | undefined;
let dir: string | undefined;
afterEach(async () => {
  await core?.dispose();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('core: notification click', () => {
  it('calls focusWindow with the space of the clicked notification', { timeout: 30_000 }, async () => {
    const clock = new ManualClock();
    sim = await startSimulator({ port: 0, scenario: 'empty', rateLimits: false, seed: 3, clock });
    dir = await mkdtemp(path.join(tmpdir(), 'ops-core-focus-'));
    const clicks: (() => void)[] = [];
    const focused: (string | undefined)[] = [];
    core = createCore({
      instanceId: 'focus',
      app: { name: 'webex-ops-console', productName: 'Webex Ops Console', version: '0.0.0', platform: 'linux' },
      dataDir: dir,
      clock,
      secretStore: createMemorySecretStore(),
      confirm: async () => true,
      notifier: { show: (_n, onClick) => clicks.push(onClick) },
      focusWindow: (roomId) => focused.push(roomId),
      watchConfig: { notifyMinIntervalMs: 0 },
    });
    const c = core;
    const ctx = { senderId: 'test' };
    const step = async (ms: number): Promise<void> => {
      const end = clock.now() + ms;
      await c.idle();
      while (clock.now() < end) {
        await clock.advance(Math.min(100, end - clock.now()));
        await c.idle();
      }
    };
    await c.ready;
    const room = sim.control.createRoom('operator', { title: 'noc' });
    sim.control.addMember(room.id, 'bot');
    await clock.advance(1_000);
    const token = sim.tokens.operator;
    if (!token) throw new Error('the simulator has no operator token');
    await c.handlers['session.signInWithToken']({ token, apiBaseUrl: sim.baseUrl }, ctx);
    await step(500);
    await c.handlers['rooms.setWatched']({ roomId: room.id, watched: true }, ctx);
    await c.handlers['rules.save'](
      { name: 'Critical', mode: 'keywords', pattern: 'CRITICAL', caseSensitive: false, critical: true, enabled: true },
      ctx,
    );
    await step(5_000);
    sim.control.post('bot', { roomId: room.id, text: 'CRITICAL db-7 down' });
    await step(10_000);
    expect(clicks.length).toBeGreaterThan(0);
    clicks[0]?.();
    expect(focused).toEqual([room.id]);
  });
});
