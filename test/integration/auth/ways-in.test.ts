/**
 * Every way in against the simulator, with the real file logger: pasted personal and bot tokens, a wrong token,
 * the environment token and the demo workspace (the real `startDemo`). The log file gets the sign-in entries and
 * never a secret.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../src/main/auth';
import { createFileLogger, createSecretRegistry, type FileLogger } from '../../../src/main/log';
import { startDemo, type Simulator } from '../../../src/sim';
import { createSessionHarness, expectNoSecrets, type SessionHarness } from '../../unit/auth/harness';

let h: SessionHarness | undefined;
let fileLogger: FileLogger | undefined;
afterEach(async () => {
  const dir = h?.dataDir;
  await h?.close({ keepDir: true });
  h = undefined;
  await fileLogger?.close();
  fileLogger = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function withFileLog(options: Parameters<typeof createSessionHarness>[0] = {}): Promise<SessionHarness> {
  const { mkdtemp } = await import('node:fs/promises');
  const os = await import('node:os');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ops-auth-int-'));
  const secrets = createSecretRegistry();
  fileLogger = createFileLogger({ dir: path.join(dataDir, 'logs'), secrets, level: 'debug' });
  h = await createSessionHarness({ ...options, dataDir, secrets, logger: fileLogger });
  return h;
}

async function logText(x: SessionHarness): Promise<string> {
  await fileLogger?.flush();
  return readFile(path.join(x.dataDir, 'logs', 'main.log'), 'utf8');
}

describe('ways in', () => {
  it('paste a personal token, then a bot token: both validated, saved, logged without the token', async () => {
    const x = await withFileLog();
    const personal = x.sim.control.issueToken('operator');
    const bot = x.sim.control.issueToken('bot');
    const dana = await x.ok('session.signInWithToken', { token: personal, apiBaseUrl: x.sim.baseUrl });
    expect(dana).toMatchObject({ kind: 'person', method: 'token', tokenExpiryEstimated: true });
    const alert = await x.ok('session.signInWithToken', { token: bot, apiBaseUrl: x.sim.baseUrl });
    expect(alert).toMatchObject({ kind: 'bot', method: 'token', displayName: 'AlertBot' });
    expect(alert.tokenExpiresAt).toBeUndefined();
    const state = await x.state();
    expect(state.active?.id).toBe(alert.id);
    expect(state.notice?.kind).toBe('botVisibility');

    const log = await logText(x);
    const entries = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const signIns = entries.filter((e) => e.msg === 'signed in');
    expect(signIns.map((e) => [e.method, e.personType, e.identityId])).toEqual([
      ['token', 'person', dana.id],
      ['token', 'bot', alert.id],
    ]);
    expectNoSecrets(log + x.visible(), [personal, bot]);
  });

  it('a wrong token: auth error, nothing saved, nothing logged but the attempt', async () => {
    const x = await withFileLog();
    const wrong = 'not-a-real-token-4f9a2c_PF84_canary';
    const result = await x.invoke('session.signInWithToken', { token: wrong, apiBaseUrl: x.sim.baseUrl });
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 401 } });
    expect((await x.state()).identities).toEqual([]);
    expectNoSecrets((await logText(x)) + x.visible(), [wrong]);
  });

  it('the environment token: used, never saved (memory store stays empty, no identity on disk)', async () => {
    const first = await createSessionHarness();
    const sim: Simulator = first.sim;
    const token = sim.control.issueToken('operator');
    await first.close({ keepSim: true });
    const memory = createMemorySecretStore();
    const x = await withFileLog({
      simulator: sim,
      secretStore: memory,
      env: { WEBEX_ACCESS_TOKEN: token, WEBEX_API_BASE_URL: sim.baseUrl },
    });
    const view = await x.ok('session.useEnvToken');
    expect(view).toMatchObject({ method: 'env', persisted: false });
    expect(await memory.get(`${sim.origin}|${view.personId}|access`)).toBeUndefined();
    await x.store.flush();
    const disk = await readFile(path.join(x.dataDir, 'identities.json'), 'utf8').catch(() => '{}');
    expect(disk).not.toContain(view.personId);
    expectNoSecrets((await logText(x)) + x.visible() + disk, [token]);
    await sim.close();
  });

  it('the demo workspace: the real simulator, signed in as its operator, marked demo, closed on sign-out', async () => {
    let demo: Simulator | undefined;
    const x = await withFileLog({
      startDemo: async () => {
        demo = await startDemo({ port: 0, live: false });
        return demo;
      },
    });
    const view = await x.ok('session.startDemo');
    expect(view).toMatchObject({ method: 'demo', demo: true, persisted: false, displayName: 'Dana Ops' });
    expect(view.apiBaseUrl).toBe(demo?.baseUrl);
    const state = await x.state();
    expect(state.notice).toMatchObject({ kind: 'demo' });
    expect(x.confirms).toEqual([]); // our own simulator: no dialog
    const rooms = await x.service.current()?.client.rooms.list({ max: 5 }).toArray();
    expect(rooms?.length).toBeGreaterThan(0);
    // Starting it again switches to the running one.
    expect((await x.ok('session.startDemo')).id).toBe(view.id);

    await x.ok('session.signOut', {});
    expect((await x.state()).identities).toEqual([]);
    await expect(fetch(`${demo?.baseUrl}/people/me`)).rejects.toThrow();
  });

  it('dispose closes a running demo workspace', async () => {
    let demo: Simulator | undefined;
    const x = await withFileLog({
      startDemo: async () => {
        demo = await startDemo({ port: 0, live: false });
        return demo;
      },
    });
    await x.ok('session.startDemo');
    await x.service.dispose();
    await expect(fetch(`${demo?.baseUrl}/people/me`)).rejects.toThrow();
  });
});
