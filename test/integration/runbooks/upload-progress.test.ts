/**
 * Upload progress below the outbox: the REST client counts the file's bytes as the request reads them
 * (`LocalFile.onRead`), and the composer's upload throttles those counts (`throttledProgress`: a report per
 * max(64 KiB, 1 %) of the file, always the first and the last). Against the simulator over loopback HTTP.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/clock';
import { throttledProgress, UPLOAD_PROGRESS_STEP_BYTES } from '../../../src/main/spaces/files';
import { createWebexClient, type WebexClient } from '../../../src/main/webex';
import { startSimulator, type Simulator } from '../../../src/sim';

let sim: Simulator;
let client: WebexClient;
let dir: string;

beforeEach(async () => {
  const clock = new ManualClock();
  sim = await startSimulator({ port: 0, scenario: 'demo', rateLimits: false, clock });
  client = createWebexClient({ baseUrl: sim.baseUrl, token: sim.tokens.operator ?? '', clock });
  dir = await mkdtemp(path.join(tmpdir(), 'upload-progress-'));
});
afterEach(async () => {
  await client.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('upload progress', () => {
  it('the client reports the file’s bytes as the request reads them, rising to the size; posted once', async () => {
    const size = 3 * 1024 * 1024 + 17;
    const file = path.join(dir, 'dump.bin');
    await writeFile(file, Buffer.alloc(size, 7));
    const noc = sim.control.findRoom('NOC')?.id ?? '';
    const reads: [number, number][] = [];
    const throttled: number[] = [];
    const report = throttledProgress('dump.bin', (p) => {
      expect(p.name).toBe('dump.bin');
      throttled.push(p.sentBytes);
    });
    const message = await client.messages.create({
      roomId: noc,
      markdown: 'the dump',
      file: {
        path: file,
        onRead: (sent, total) => {
          reads.push([sent, total]);
          report(sent, total);
        },
      },
    });
    expect(reads.length).toBeGreaterThan(10);
    expect(reads.every(([, total]) => total === size)).toBe(true);
    const sent = reads.map(([s]) => s);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(size);
    // Throttled: reports at least a step apart (the last may be closer), ending at the size. The file is read in
    // 64 KiB chunks, so here (1 % < 64 KiB) each chunk may be reported; larger files are thinned (next test).
    expect(throttled.length).toBeLessThanOrEqual(reads.length);
    expect(throttled.length).toBeGreaterThanOrEqual(Math.floor(size / UPLOAD_PROGRESS_STEP_BYTES));
    expect(throttled.at(-1)).toBe(size);
    for (let i = 1; i < throttled.length - 1; i++) {
      expect((throttled[i] ?? 0) - (throttled[i - 1] ?? 0)).toBeGreaterThanOrEqual(UPLOAD_PROGRESS_STEP_BYTES);
    }
    const stored = sim.control.messages(noc).filter((m) => m.markdown === 'the dump');
    expect(stored.map((m) => m.id)).toEqual([message.id]);
  });

  it('throttling: 1 % steps for large files, every report once, a request sent again starts over', () => {
    const out: number[] = [];
    const report = throttledProgress('big.iso', (p) => out.push(p.sentBytes));
    const total = 100 * 1024 * 1024;
    for (let sent = 64 * 1024; sent <= total; sent += 64 * 1024) report(sent, total);
    // 1 % of 100 MiB is 1 MiB: about a hundred reports for 1,600 reads.
    expect(out.length).toBeGreaterThanOrEqual(99);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(out.at(-1)).toBe(total);
    report(total, total);
    expect(out.filter((s) => s === total)).toHaveLength(1);
    // The client sent the request again (a connection refused): its body is read from 0.
    report(64 * 1024, total);
    expect(out.at(-1)).toBe(64 * 1024);
  });
});
