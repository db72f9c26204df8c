/**
 * A token that cannot go into an HTTP header — from the environment, the keychain or a token endpoint, which the
 * schema does not see — is a typed `auth` failure before any request, never `internal` (UND_ERR_INVALID_ARG).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../src/main/auth';
import { ManualClock } from '../../../src/main/clock';
import { createCore } from '../../../src/main/core';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import { startSimulator, type Simulator } from '../../../src/sim';

let sim: Simulator;
const clock = new ManualClock();
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, scenario: 'empty', rateLimits: false, seed: 5, clock });
});
afterAll(async () => {
  await sim.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('tokens that no header can carry', () => {
  it.each([
    ['a lone surrogate', 'abc\uD800def'],
    ['a non-ASCII letter', 'tök\u00e9n'],
    ['a line break inside', 'abc\r\ndef'],
  ])('an environment token with %s is refused as auth, before any request', async (_what, token) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ops-token-'));
    dirs.push(dataDir);
    const core = createCore({
      instanceId: 'token-shape',
      app: { name: 'n', productName: 'p', version: '0', platform: 'linux' },
      dataDir,
      clock,
      secretStore: createMemorySecretStore(),
      confirm: async () => true,
      env: { WEBEX_ACCESS_TOKEN: token, WEBEX_API_BASE_URL: sim.baseUrl },
    });
    await core.ready;
    const before = sim.control.stats().requests;
    const result = await dispatchInvoke(core.handlers, 'session.useEnvToken', undefined, { senderId: 't' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(sim.control.stats().requests).toBe(before);
    await core.dispose();
  });
});
