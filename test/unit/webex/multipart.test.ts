import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessContentType } from '../../../src/main/webex';
import { MultipartFileError, createMultipartBody } from '../../../src/main/webex/multipart';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'webex-mp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

describe('createMultipartBody', () => {
  it('streams fields then the file part named "files", with an exact Content-Length, and can be reopened', async () => {
    const file = path.join(dir, 'shot "1".png');
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
    await writeFile(file, bytes);
    const body = await createMultipartBody(
      [
        ['roomId', 'R1'],
        ['markdown', '**hi** ünïcode'],
      ],
      { path: file },
    );
    const boundary = /boundary=(.+)$/.exec(body.contentType)?.[1];
    expect(body.contentType.startsWith('multipart/form-data; boundary=')).toBe(true);
    expect(boundary).toBeDefined();
    const first = await collect(body.open());
    const second = await collect(body.open());
    expect(first.length).toBe(body.length);
    expect(second.equals(first)).toBe(true);
    const text = first.toString('latin1');
    expect(text).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="roomId"\r\n\r\nR1\r\n`);
    expect(first.toString('utf8')).toContain('**hi** ünïcode');
    expect(text).toContain(
      'Content-Disposition: form-data; name="files"; filename="shot %221%22.png"\r\nContent-Type: image/png\r\n\r\n',
    );
    const start = first.indexOf('\r\n\r\n', first.indexOf('name="files"')) + 4;
    expect(first.subarray(start, start + bytes.length).equals(bytes)).toBe(true);
    expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
  });

  it('handles an empty file and honours an explicit name and type', async () => {
    const file = path.join(dir, 'empty.bin');
    await writeFile(file, '');
    const body = await createMultipartBody([], { path: file, filename: 'notes.txt', contentType: 'text/plain' });
    const all = await collect(body.open());
    expect(all.length).toBe(body.length);
    expect(all.toString()).toContain('filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\n\r\n--');
  });

  it('rejects a missing path or a directory', async () => {
    await expect(createMultipartBody([], { path: path.join(dir, 'nope') })).rejects.toBeInstanceOf(MultipartFileError);
    await expect(createMultipartBody([], { path: dir })).rejects.toMatchObject({ reason: 'notAFile' });
  });

  it('guesses content types from the extension', () => {
    expect(guessContentType('a.PNG')).toBe('image/png');
    expect(guessContentType('a.pdf')).toBe('application/pdf');
    expect(guessContentType('a.weird')).toBe('application/octet-stream');
  });
});
