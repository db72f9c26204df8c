import { describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL } from '../../../src/shared/contract/channels';
import { bindWindowIpc, isTrustedSender } from '../../../src/main/app/ipc';
import { AppFailure } from '../../../src/main/errors';
import { nullLogger } from '../../../src/main/log/types';
import { FakeFrame, FakeIpcMain } from './fake-electron';
import { handlersWith } from './handlers-fixture';

const APP = 'app://ops';
/** A room id of the shape the schema accepts (base64 of a Hydra URI), naming what the fake handler does. */
const roomIdFor = (local: string): string => Buffer.from(`ciscospark://us/ROOM/${local}`).toString('base64');

function setup(options: { onReady?: () => void } = {}) {
  const ipc = new FakeIpcMain();
  const main = new FakeFrame(APP, 4, 7);
  const reported: unknown[] = [];
  const handlers = handlersWith({
    'app.info': async () => ({
      name: 'n',
      productName: 'p',
      version: '1',
      platform: 'linux',
      instanceId: 'i-1',
    }),
    'app.ready': async () => ({ seq: 3 }),
    'rooms.markRead': async ({ roomId }) => {
      if (roomId === roomIdFor('boom')) throw new Error('kaboom with a secret inside');
      if (roomId === roomIdFor('typed'))
        throw new AppFailure('notFound', 'no such room', { status: 404, trackingId: 'T-1' });
      if (roomId === roomIdFor('date')) return { when: new Date() } as never;
      return {
        id: roomId,
        title: 'R',
        type: 'group',
        lastActivity: '2026-01-01T00:00:00.000Z',
        isLocked: false,
        watched: true,
        level: 'all',
        unread: 0,
        mentions: 0,
        activity: false,
        alert: false,
      };
    },
  });
  const unbind = bindWindowIpc(ipc, {
    handlers,
    mainFrame: () => main,
    allowedOrigins: [APP],
    senderId: 'w1',
    report: (e) => {
      reported.push(e);
      return 'corr-1';
    },
    logger: nullLogger,
    ...(options.onReady ? { onReady: options.onReady } : {}),
  });
  return { ipc, main, unbind, reported };
}

describe('bindWindowIpc', () => {
  it('answers a trusted main-frame call with a Result', async () => {
    const { ipc, main } = setup();
    const result = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'app.info', undefined);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ instanceId: 'i-1' }) });
  });

  it('refuses a null sender frame, a sub-frame, a stale frame and a foreign origin', async () => {
    const { ipc, main } = setup();
    const sub = new FakeFrame(APP, 4, 9, main);
    const stale = new FakeFrame(APP, 5, 7);
    const foreign = new FakeFrame('https://evil.example', 4, 7);
    for (const frame of [null, sub, stale, foreign]) {
      const result = await ipc.invoke(frame, IPC_INVOKE_CHANNEL, 'app.info', undefined);
      expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
  });

  it('rejects unknown channels with invalidInput', async () => {
    const { ipc, main } = setup();
    const result = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'fs.readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('validates payloads with zod: wrong types and unknown keys are invalidInput with issues', async () => {
    const { ipc, main } = setup();
    const wrongType = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: 42 });
    expect(wrongType).toMatchObject({ ok: false, error: { kind: 'invalidInput', issues: [{ path: 'roomId' }] } });
    const extra = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: roomIdFor('r'), path: '/x' });
    expect(extra).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    const payloadForNone = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'app.info', { sneaky: true });
    expect(payloadForNone).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('refuses payloads that are not plain data (they would not survive structured clone rules)', async () => {
    const { ipc, main } = setup();
    // A Date survives Electron's structured clone but breaks the plain-data rule.
    const result = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: new Date() });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalidInput', message: 'The payload is not plain data.' },
    });
  });

  it('non-cloneable payloads never reach the handler (Electron throws DataCloneError)', async () => {
    const { ipc, main } = setup();
    await expect(ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: () => 1 })).rejects.toThrow(
      /could not be cloned/,
    );
  });

  it('turns handler exceptions into internal errors with a correlation id, without the message', async () => {
    const { ipc, main, reported } = setup();
    const result = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: roomIdFor('boom') });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'internal', message: expect.any(String), correlationId: 'corr-1' },
    });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(reported).toHaveLength(1);
  });

  it('keeps typed failures typed', async () => {
    const { ipc, main } = setup();
    const result = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: roomIdFor('typed') });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'notFound', message: 'no such room', status: 404, trackingId: 'T-1' },
    });
  });

  it('refuses to ship a non-plain result', async () => {
    const { ipc, main } = setup();
    const result = await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: roomIdFor('date') });
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('calls onReady after a successful app.ready, and unbinds', async () => {
    const onReady = vi.fn();
    const { ipc, main, unbind } = setup({ onReady });
    await ipc.invoke(main, IPC_INVOKE_CHANNEL, 'app.ready', undefined);
    expect(onReady).toHaveBeenCalledTimes(1);
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('a second binding on the same contents is refused, as Electron does', () => {
    const { ipc } = setup();
    expect(() =>
      bindWindowIpc(ipc, {
        handlers: handlersWith({}),
        mainFrame: () => new FakeFrame(APP),
        allowedOrigins: [APP],
        senderId: 'w2',
        report: () => 'x',
        logger: nullLogger,
      }),
    ).toThrow(/second handler/);
  });
});

describe('isTrustedSender', () => {
  it('needs the same process and routing id as the main frame, a top frame and an allowed origin', () => {
    const main = new FakeFrame(APP, 1, 2);
    expect(isTrustedSender(new FakeFrame(APP, 1, 2), main, [APP])).toBe(true);
    expect(isTrustedSender(new FakeFrame('http://localhost:5173', 1, 2), main, [APP])).toBe(false);
    expect(isTrustedSender(new FakeFrame('http://localhost:5173', 1, 2), main, [APP, 'http://localhost:5173'])).toBe(
      true,
    );
    expect(isTrustedSender(undefined, main, [APP])).toBe(false);
  });
});
