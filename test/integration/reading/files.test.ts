/**
 * Files through main (src/main/reading/files.ts) against the simulator: HEAD gives name, type and size (cached),
 * "Save as" writes to the path the dialog returns (nothing when cancelled; the path never crosses the bridge), and
 * image previews come back as data: URLs up to 1 MB only.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileInfoView, FilePreview, FileSaveResult } from '../../../src/shared/contract/channels';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import { nullLogger } from '../../../src/main/log/types';
import { createReadingService, suggestedName, type ReadingService } from '../../../src/main/reading';
import { openWithRooms, startWatchHarness, type WatchHarness } from '../watch/harness';

let h: WatchHarness | undefined;
let reading: ReadingService | undefined;
let dir: string | undefined;
afterEach(async () => {
  reading?.dispose();
  reading = undefined;
  await h?.close();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function setup(answer: 'save' | 'cancel' = 'save') {
  h = await startWatchHarness();
  dir = await mkdtemp(path.join(tmpdir(), 'ops-files-'));
  const target = dir;
  const asked: string[] = [];
  const [roomId] = await openWithRooms(h, ['NOC']);
  // One file per message (as Webex allows).
  const files = [
    { name: 'db-7.log', contentType: 'text/plain', data: 'line 1\nline 2\n' },
    { name: 'graph.png', contentType: 'image/png', data: PNG },
    { name: 'big.png', contentType: 'image/png', data: Buffer.alloc(1024 * 1024 + 1) },
  ];
  const refs = files.map((file) => {
    const post = h?.sim.control.post('bot', { roomId: roomId as string, text: 'attached', files: [file] });
    return post?.files?.[0]?.split('/').pop() as string;
  });
  const service = h.service;
  reading = createReadingService({
    clock: h.clock,
    logger: nullLogger,
    session: h.session,
    knownView: (id) => service.watcher()?.knownRoomView(id),
    absorbRead: (id, messages) => service.watcher()?.absorbRead(id, messages) ?? [],
    chooseSavePath: async (name) => {
      asked.push(name);
      return answer === 'save' ? path.join(target, name) : undefined;
    },
  });
  return { h, reading, refs, asked, dir: target };
}

async function value<T>(r: ReadingService, channel: string, payload: unknown): Promise<T> {
  const result = await dispatchInvoke(
    r.handlers as never,
    channel,
    payload,
    { senderId: 't' },
    { validateResults: true },
  );
  if (!result.ok) throw new Error(`${channel}: ${result.error.kind}: ${result.error.message}`);
  return result.value as T;
}

describe('files through main', () => {
  it('tells name, type and size, and saves where the dialog says', async () => {
    const { reading, refs, asked, dir } = await setup();
    const [log] = refs;
    const info = await value<FileInfoView>(reading, 'files.info', { ref: log });
    expect(info).toEqual({ ref: log, name: 'db-7.log', contentType: expect.stringMatching(/^text\/plain/), size: 14 });
    const saved = await value<FileSaveResult>(reading, 'files.saveAs', { ref: log });
    expect(saved).toEqual({ saved: true, name: 'db-7.log', bytes: 14 });
    expect(asked).toEqual(['db-7.log']);
    expect(await readFile(path.join(dir, 'db-7.log'), 'utf8')).toBe('line 1\nline 2\n');
  });

  it('saves nothing when the dialog is cancelled', async () => {
    const { reading, refs, dir } = await setup('cancel');
    expect(await value<FileSaveResult>(reading, 'files.saveAs', { ref: refs[0] })).toEqual({ saved: false });
    await expect(readFile(path.join(dir, 'db-7.log'))).rejects.toThrow();
  });

  it('previews images up to 1 MB as data: URLs, nothing else', async () => {
    const { reading, refs } = await setup();
    const [log, png, big] = refs;
    const small = await value<FilePreview>(reading, 'files.preview', { ref: png });
    expect(small.dataUrl).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
    expect(await value<FilePreview>(reading, 'files.preview', { ref: big })).toEqual({ ref: big, reason: 'tooLarge' });
    expect(await value<FilePreview>(reading, 'files.preview', { ref: log })).toEqual({ ref: log, reason: 'notImage' });
  });

  it('suggests only a bare file name to the dialog', () => {
    expect(suggestedName('../../etc/passwd', 'abcdefgh12345678')).toBe('passwd');
    expect(suggestedName('C:\\Users\\x\\evil.exe', 'r')).toBe('evil.exe');
    expect(suggestedName('..', 'abcdefgh12345678')).toBe('attachment-12345678');
    expect(suggestedName('a\u0000b\nc.txt', 'r')).toBe('abc.txt');
  });
});
