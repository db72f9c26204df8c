/** Multipart upload streamed from disk, contents head/download/downloadTo. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from './helpers';

let h: Harness;
let dir: string;
let roomId: string;
beforeAll(async () => {
  h = await startHarness({ scenario: 'empty' });
  dir = await mkdtemp(path.join(tmpdir(), 'webex-files-'));
  roomId = (await h.client().rooms.create({ title: 'Files room' })).id;
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks);
}

describe('upload and download', () => {
  it('uploads a local file as multipart (field files) and gets the same bytes back', async () => {
    const webex = h.client();
    const bytes = randomBytes(300_000);
    const file = path.join(dir, 'capture.png');
    await writeFile(file, bytes);
    const msg = await webex.messages.create({ roomId, markdown: 'graph attached', file: { path: file } });
    expect(msg.files).toHaveLength(1);
    const url = msg.files?.[0] ?? '';
    expect(url.startsWith(`${h.sim.baseUrl}/contents/`)).toBe(true);

    const info = await webex.contents.head(url);
    expect(info).toEqual({ name: 'capture.png', contentType: 'image/png', size: bytes.length });

    const body = await webex.contents.download(url);
    expect((await readAll(body)).equals(bytes)).toBe(true);

    const dest = path.join(dir, 'out.png');
    const result = await webex.contents.downloadTo(url, dest);
    expect(result).toMatchObject({ name: 'capture.png', bytes: bytes.length });
    expect((await readFile(dest)).equals(bytes)).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('keeps a non-ASCII file name and an explicit content type', async () => {
    const webex = h.client();
    const file = path.join(dir, 'x.bin');
    await writeFile(file, 'runbook text');
    const msg = await webex.messages.create({
      roomId,
      text: 'notes',
      file: { path: file, filename: 'Ünïcode notes.txt', contentType: 'text/plain' },
    });
    const { info, body } = await webex.contents.open(msg.files?.[0] ?? '');
    expect(info.name).toBe('Ünïcode notes.txt');
    expect(info.contentType).toContain('text/plain');
    expect((await readAll(body)).toString()).toBe('runbook text');
  });

  it('sends files: [url] as JSON', async () => {
    const msg = await h.client().messages.create({ roomId, text: 'see', files: ['https://example.com/diagram.png'] });
    expect(msg.files).toHaveLength(1);
  });

  it('a missing local file is invalidInput and nothing is sent', async () => {
    const before = h.sim.control.requests().length;
    const e = await failure(
      h.client().messages.create({ roomId, text: 'x', file: { path: path.join(dir, 'nope.png') } }),
    );
    expect(e).toMatchObject({ kind: 'invalidInput', delivery: 'notSent' });
    expect(h.sim.control.requests().length).toBe(before);
  });

  it('a cancelled or failed downloadTo leaves no file behind; a missing content is notFound', async () => {
    const webex = h.client();
    const file = path.join(dir, 'big.bin');
    await writeFile(file, randomBytes(2_000_000));
    const msg = await webex.messages.create({ roomId, text: 'big', file: { path: file } });
    const url = msg.files?.[0] ?? '';
    const ac = new AbortController();
    ac.abort();
    const dest = path.join(dir, 'cancelled.bin');
    expect((await failure(webex.contents.downloadTo(url, dest, { signal: ac.signal }))).kind).toBe('cancelled');
    h.sim.control.setFaults({ 'GET /contents/{contentId}': { truncate: 1, count: 1 } });
    const e = await failure(webex.contents.downloadTo(url, dest));
    expect(e).toMatchObject({ kind: 'malformed', delivery: 'notSent' }); // body cut short mid-stream
    h.sim.control.clearFaults();
    const names = await readdir(dir);
    expect(names.filter((f) => f.startsWith('cancelled.bin'))).toEqual([]);
    const missing = `${h.sim.baseUrl}/contents/Y2lzY29zcGFyazovL3VzL0NPTlRFTlQvMDAwMDAwMDAtMDAwMC0xMDAwLTgwMDAtMDAwMDAwMDAwMDAwLzA`;
    expect((await failure(webex.contents.head(missing))).kind).toBe('notFound');
  });
});
