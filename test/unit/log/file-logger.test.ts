import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { AppFailure, toAppError } from '../../../src/main/errors';
import { createFileLogger, createSecretRegistry, type FileLogger } from '../../../src/main/log';
import { allBytes, makeTempDir, readLines, removeDir } from './helpers';

describe('file logger', () => {
  let root: string;
  let dir: string;
  let logger: FileLogger | undefined;
  let clock: ManualClock;

  beforeEach(async () => {
    root = await makeTempDir();
    dir = path.join(root, 'logs');
    clock = new ManualClock();
  });
  afterEach(async () => {
    await logger?.close();
    logger = undefined;
    await removeDir(root);
  });

  it('writes JSON lines { time, level, msg, ...bindings, ...fields } to <dir>/main.log', async () => {
    logger = createFileLogger({ dir, clock });
    expect(logger.file).toBe(path.join(dir, 'main.log'));
    logger.info('poll done', { rooms: 3 });
    clock.set(clock.now() + 1500);
    logger.child({ component: 'watch' }).child({ roomId: 'r1' }).warn('stale', { ageMs: 15000 });
    await logger.flush();
    expect(await readLines(logger.file)).toEqual([
      { time: '2026-01-05T09:00:00.000Z', level: 'info', msg: 'poll done', rooms: 3 },
      { time: '2026-01-05T09:00:01.500Z', level: 'warn', msg: 'stale', component: 'watch', roomId: 'r1', ageMs: 15000 },
    ]);
  });

  it('never lets a field overwrite time, level or msg', async () => {
    logger = createFileLogger({ dir, clock });
    logger.child({ level: 'x' }).error('real', { msg: 'fake', time: 'then' });
    await logger.flush();
    expect(await readLines(logger.file)).toEqual([
      { time: '2026-01-05T09:00:00.000Z', level: 'error', msg: 'real', _level: 'x', _msg: 'fake', _time: 'then' },
    ]);
  });

  it('filters by level (default info) and can change it', async () => {
    logger = createFileLogger({ dir, clock });
    logger.debug('d1');
    logger.info('i1');
    logger.setLevel('warn');
    logger.info('i2');
    logger.warn('w1');
    logger.error('e1');
    logger.setLevel('debug');
    logger.debug('d2');
    await logger.flush();
    expect((await readLines(logger.file)).map((l) => l.msg)).toEqual(['i1', 'w1', 'e1', 'd2']);
  });

  it('writes in call order across children, and flush() covers everything logged before it', async () => {
    logger = createFileLogger({ dir, clock, level: 'debug' });
    const a = logger.child({ c: 'a' });
    const b = logger.child({ c: 'b' });
    const flushes: Promise<void>[] = [];
    const seenAtFlush: number[] = [];
    for (let i = 0; i < 500; i++) {
      (i % 2 ? a : b).debug('step', { i });
      if (i % 100 === 99) {
        const upTo = i;
        flushes.push(
          logger.flush().then(async () => {
            const lines = await readLines(path.join(dir, 'main.log'));
            seenAtFlush.push(lines.length);
            expect(lines.length).toBeGreaterThanOrEqual(upTo + 1);
          }),
        );
      }
    }
    await Promise.all(flushes);
    await logger.flush();
    expect((await readLines(logger.file)).map((l) => l.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(seenAtFlush).toHaveLength(5);
  });

  it('rotates by size: main.log → main.log.1 → … keeping maxFiles, newest lines in main.log', async () => {
    logger = createFileLogger({ dir, clock, maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) logger.info('line', { i, pad: 'x'.repeat(40) });
    await logger.flush();
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2', 'main.log.3']);
    for (const name of names) expect((await stat(path.join(dir, name))).size).toBeLessThanOrEqual(1000);
    // Files hold consecutive ranges, oldest in .3, and the newest line is last in main.log.
    const ranges = [];
    for (const name of ['main.log.3', 'main.log.2', 'main.log.1', 'main.log']) {
      ranges.push(...(await readLines(path.join(dir, name))).map((l) => l.i as number));
    }
    expect(ranges.at(-1)).toBe(199);
    expect(ranges).toEqual(Array.from({ length: ranges.length }, (_, k) => 200 - ranges.length + k));
  });

  it('continues an existing main.log and counts its size toward rotation', async () => {
    logger = createFileLogger({ dir, clock, maxBytes: 300 });
    logger.info('first', { pad: 'y'.repeat(200) });
    await logger.close();
    logger = createFileLogger({ dir, clock, maxBytes: 300 });
    logger.info('second', { pad: 'z'.repeat(200) });
    await logger.flush();
    expect((await readLines(path.join(dir, 'main.log'))).map((l) => l.msg)).toEqual(['second']);
    expect((await readLines(path.join(dir, 'main.log.1'))).map((l) => l.msg)).toEqual(['first']);
  });

  it('writes a single line longer than maxBytes whole', async () => {
    logger = createFileLogger({ dir, clock, maxBytes: 100 });
    logger.info('big', { pad: 'b'.repeat(500) });
    logger.info('after');
    await logger.flush();
    expect((await readLines(path.join(dir, 'main.log.1'))).map((l) => l.msg)).toEqual(['big']);
    expect((await readLines(path.join(dir, 'main.log'))).map((l) => l.msg)).toEqual(['after']);
  });

  it('reportInternal logs the error with its stack under a correlation id and returns the id', async () => {
    logger = createFileLogger({ dir, clock });
    const id = logger.reportInternal(new TypeError('boom at line 7'), 'handling rooms.list');
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    await logger.flush();
    const [line] = await readLines(logger.file);
    expect(line).toMatchObject({
      level: 'error',
      msg: 'internal error',
      correlationId: id,
      context: 'handling rooms.list',
    });
    const error = line?.error as Record<string, unknown>;
    expect(error).toMatchObject({ name: 'TypeError', message: 'boom at line 7' });
    expect(String(error.stack)).toContain('boom at line 7');
    expect(await readFile(logger.file, 'utf8')).toContain(id);
  });

  it('works as the reporter of toAppError: the UI gets the id, the log has the entry', async () => {
    logger = createFileLogger({ dir, clock });
    const appError = toAppError(new Error('unexpected'), logger.reportInternal, 'ipc rooms.list');
    expect(appError.kind).toBe('internal');
    expect(appError.correlationId).toMatch(/^[0-9a-f]{8}$/);
    await logger.flush();
    expect(await readFile(logger.file, 'utf8')).toContain(`"correlationId":"${appError.correlationId ?? 'missing'}"`);
  });

  it('never throws into the caller when the folder cannot be written, and reports once to stderr', async () => {
    const blocker = path.join(root, 'not-a-folder');
    await writeFile(blocker, 'file');
    const reported: string[] = [];
    logger = createFileLogger({ dir: path.join(blocker, 'logs'), clock, stderr: (t) => reported.push(t) });
    expect(() => {
      for (let i = 0; i < 5; i++) logger?.error('cannot land', { i });
    }).not.toThrow();
    await logger.flush();
    logger.info('again');
    await logger.flush();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain('ENOTDIR');
  });

  it('drops entries after close without throwing', async () => {
    logger = createFileLogger({ dir, clock });
    logger.info('before');
    await logger.close();
    logger.info('after');
    await logger.flush();
    expect((await readLines(path.join(dir, 'main.log'))).map((l) => l.msg)).toEqual(['before']);
  });

  it('serializes errors in fields with kind, status and trackingId', async () => {
    logger = createFileLogger({ dir, clock });
    logger.warn('request failed', {
      error: new AppFailure('rateLimited', 'slow down', { status: 429, trackingId: 'T1' }),
    });
    await logger.flush();
    const [line] = await readLines(logger.file);
    expect(line?.error).toMatchObject({
      name: 'AppFailure',
      kind: 'rateLimited',
      status: 429,
      trackingId: 'T1',
      message: 'slow down',
    });
  });
});

describe('canary secrets never reach the log files', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(root);
  });

  it('registered, token-field, Authorization-header and Error-message canaries are all redacted on disk', async () => {
    const secrets = createSecretRegistry();
    const registered = 'CANARYregisteredAccessToken0123456789';
    const refresh = 'CANARYrefresh-9f8e7d6c5b4a';
    const fieldOnly = 'CANARYfieldOnlyValue42';
    const headerOnly = 'CANARYheaderOnlyValue43';
    const inError = 'CANARYinsideErrorMessage44';
    const webexShaped =
      'Q0FOQVJZd2ViZXhTaGFwZWRUb2tlbkNBTkFSWXdlYmV4U2hhcGVkVG9rZW5DQU5B_PF84_1eb65fdf-9643-417f-9974-ad72cae0e10f';
    secrets.add(registered);
    secrets.add(refresh);
    const dir = path.join(root, 'logs');
    const logger = createFileLogger({ dir, clock: new ManualClock(), secrets, level: 'debug', maxBytes: 2000 });

    // Registered secret everywhere: message, fields, bindings, nested values, keys' values that look harmless.
    logger.info(`got token ${registered}`, { note: `prefix-${registered}-suffix`, list: [registered] });
    logger.child({ session: registered }).debug('child binding');
    logger.info('refresh body', { body: `grant_type=refresh_token&refresh_token=${refresh}` });
    // Only in a field named like a token (never registered).
    logger.info('sign-in', { token: fieldOnly, accessToken: fieldOnly, nested: { client_secret: fieldOnly } });
    // Only in an Authorization header inside a string.
    logger.warn('request', { raw: `GET /v1/rooms\r\nAuthorization: Bearer ${headerOnly}\r\nAccept: */*` });
    logger.warn(`header in msg Authorization: Bearer ${headerOnly}`);
    // Inside an Error's message (so also its stack), registered and unregistered.
    logger.error('failed', { error: new Error(`401 for Bearer ${inError} using ${registered}`) });
    logger.reportInternal(new Error(`crash with ${registered} and Authorization: ${inError}`), 'test');
    // Webex-shaped token nobody registered.
    logger.info('pasted', { text: `my token is ${webexShaped}` });
    // Lots of traffic to force rotation, so every file is covered.
    for (let i = 0; i < 50; i++) logger.info('filler', { i, registered, other: `Bearer ${headerOnly}` });
    await logger.close();

    const names = await readdir(dir);
    expect(names.length).toBeGreaterThan(1);
    const bytes = await allBytes(dir);
    expect(bytes.length).toBeGreaterThan(1000);
    for (const canary of [registered, refresh, fieldOnly, headerOnly, inError, webexShaped, 'CANARY']) {
      expect(bytes).not.toContain(canary);
    }
    expect(bytes).toContain('[REDACTED]');
    // Every line is still valid JSON.
    for (const line of bytes.split('\n').filter((l) => l !== ''))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
