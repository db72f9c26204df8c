import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { exportDiagnostics, type DiagnosticsVersions } from '../../../src/main/diagnostics';
import { createFileLogger, createSecretRegistry } from '../../../src/main/log';
import { allBytes, makeTempDir, removeDir } from '../log/helpers';

const versions: DiagnosticsVersions = {
  app: { name: 'Webex Ops Console', version: '0.1.0', packaged: true },
  electron: '45.5.0',
  chromium: '142.0.0.0',
  node: '24.11.0',
  os: { platform: 'linux', release: '6.8.0', arch: 'x64' },
};

let root: string;
beforeEach(async () => {
  root = await makeTempDir();
});
afterEach(async () => {
  await removeDir(root);
});

describe('export diagnostics (src/main/diagnostics)', () => {
  it('token canary: no secret from settings, logs or live state reaches the exported folder', async () => {
    const dataDir = path.join(root, 'userData');
    const secrets = createSecretRegistry();
    const registered = 'CANARYregisteredAccessToken0123456789';
    const fieldOnly = 'CANARYclientSecretOnlyInAField42';
    const headerOnly = 'CANARYheaderOnlyValue43';
    const inState = 'CANARYinLivePollState44';
    const messageText = 'CANARYmessageTextInAJournal45';
    const webexShaped =
      'Q0FOQVJZd2ViZXhTaGFwZWRUb2tlbkNBTkFSWXdlYmV4U2hhcGVkVG9rZW5DQU5B_PF84_1eb65fdf-9643-417f-9974-ad72cae0e10f';
    secrets.add(registered);

    // Settings documents: a client secret in a field, a registered token in a note, a Webex-shaped token.
    await mkdir(path.join(dataDir, 'identities', 'abc'), { recursive: true });
    await writeFile(
      path.join(dataDir, 'identities.json'),
      JSON.stringify({
        schemaVersion: 1,
        data: {
          identities: [{ apiBaseUrl: 'https://webexapis.com/v1', clientSecret: fieldOnly, note: `t=${registered}` }],
          pasted: webexShaped,
        },
      }),
    );
    await writeFile(path.join(dataDir, 'identities', 'abc', 'state.json'), JSON.stringify({ accessToken: registered }));
    await writeFile(
      path.join(dataDir, 'desktop.json'),
      JSON.stringify({ schemaVersion: 1, data: { closeToTray: true } }),
    );
    // A journal holds message text: listed, never copied.
    await writeFile(
      path.join(dataDir, 'identities', 'abc', 'outbox.jsonl'),
      `${JSON.stringify({ text: messageText })}\n`,
    );
    // Logs, through the real logger (redacted at the sink).
    const logger = createFileLogger({
      dir: path.join(dataDir, 'logs'),
      clock: new ManualClock(),
      secrets,
      level: 'debug',
    });
    logger.info(`got token ${registered}`, { accessToken: fieldOnly });
    logger.warn('request', { raw: `Authorization: Bearer ${headerOnly}` });
    logger.info('still here', { n: 1 });
    await logger.close();

    const target = path.join(root, 'export', 'diagnostics-1');
    const result = await exportDiagnostics({
      dataDir,
      target,
      versions,
      secrets,
      state: {
        poll: async () => ({ running: true, lastError: `401 with Bearer ${inState}`, token: inState }),
        outbox: async () => {
          throw new Error('outbox not started');
        },
      },
      now: () => Date.parse('2026-12-02T04:00:00.000Z'),
    });

    const bytes = await allBytes(target);
    for (const canary of [registered, fieldOnly, headerOnly, inState, messageText, webexShaped, 'CANARY']) {
      expect(bytes).not.toContain(canary);
    }
    expect(bytes).toContain('[REDACTED]');

    // What it does contain.
    expect(result.files).toEqual(
      expect.arrayContaining([
        'versions.json',
        'files.json',
        'settings/identities.json',
        'settings/identities/abc/state.json',
        'settings/desktop.json',
        'state.json',
        'README.txt',
      ]),
    );
    expect(result.files).not.toContain('settings/identities/abc/outbox.jsonl');
    expect(JSON.parse(await readFile(path.join(target, 'versions.json'), 'utf8'))).toEqual(versions);
    const listed = JSON.parse(await readFile(path.join(target, 'files.json'), 'utf8')) as {
      files: { path: string; bytes: number }[];
    };
    const journal = listed.files.find((f) => f.path === 'identities/abc/outbox.jsonl');
    expect(journal?.bytes).toBe((await stat(path.join(dataDir, 'identities/abc/outbox.jsonl'))).size);
    expect(listed.files.some((f) => f.path.startsWith('logs/'))).toBe(true);
    expect(JSON.parse(await readFile(path.join(target, 'settings/desktop.json'), 'utf8'))).toEqual({
      schemaVersion: 1,
      data: { closeToTray: true },
    });
    const logFiles = result.files.filter((f) => f.startsWith('logs/'));
    expect(logFiles.length).toBeGreaterThan(0);
    const logText = (await Promise.all(logFiles.map((f) => readFile(path.join(target, f), 'utf8')))).join('');
    expect(logText).toContain('still here');
    const state = JSON.parse(await readFile(path.join(target, 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(state.poll).toMatchObject({ running: true });
    expect(state.outbox).toEqual({ unavailable: 'outbox not started' });
    expect(await readFile(path.join(target, 'README.txt'), 'utf8')).toContain('2026-12-02T04:00:00.000Z');
  });

  it('copies only the end of a big log, from a line boundary, and never writes into an existing folder', async () => {
    const dataDir = path.join(root, 'data');
    await mkdir(path.join(dataDir, 'logs'), { recursive: true });
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ i, msg: `line ${i}` })).join('\n');
    await writeFile(path.join(dataDir, 'logs', 'main.log'), `${lines}\n`);
    const target = path.join(root, 'out');
    await exportDiagnostics({ dataDir, target, versions, state: {}, maxLogBytes: 500 });
    const copied = await readFile(path.join(target, 'logs', 'main.log'), 'utf8');
    expect(copied.length).toBeLessThanOrEqual(500);
    expect(copied).toContain('"line 199"');
    for (const line of copied.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    await expect(exportDiagnostics({ dataDir, target, versions, state: {} })).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
