import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface RotatingFileSinkOptions {
  dir: string;
  /** Rotate before a write would make the file larger than this (a single longer line is written whole). */
  maxBytes: number;
  /** Rotated files kept: main.log.1 (newest) … main.log.<maxFiles>. */
  maxFiles: number;
  /** Called with the first I/O error (later ones are only counted). */
  onFirstError: (error: unknown) => void;
  /** ISO time for the sink's own "lines dropped" note. */
  now: () => string;
  /** Lines held in memory while the disk is slow; beyond this, new lines are dropped and counted. */
  maxPending?: number;
}

/**
 * Appends lines to `<dir>/main.log` in the order given, asynchronously and in batches, rotating by size.
 * Never throws or rejects: I/O failures lose the affected lines and are reported once through `onFirstError`.
 */
export class RotatingFileSink {
  readonly file: string;
  private pending: string[] = [];
  private draining: Promise<void> | undefined;
  private handle: fsp.FileHandle | undefined;
  private size = 0;
  private enqueued = 0;
  private processed = 0;
  private dropped = 0;
  private failures = 0;
  private closed = false;
  private readonly maxPending: number;

  constructor(private readonly options: RotatingFileSinkOptions) {
    this.file = path.join(options.dir, 'main.log');
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Queues one line (which must end with '\n'). */
  write(line: string): void {
    if (this.closed) return;
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return;
    }
    this.pending.push(line);
    this.enqueued++;
    this.kick();
  }

  /** Resolves when every line queued before the call has been written (or lost to an I/O error) and synced. */
  async flush(): Promise<void> {
    const target = this.enqueued;
    while (this.processed < target && this.draining) await this.draining;
    if (this.handle) {
      try {
        await this.handle.sync();
      } catch (e) {
        this.fail(e);
      }
    }
  }

  /** Stops accepting lines, writes what is queued and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.closeHandle();
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.pending.length > 0) {
        const batch = this.pending;
        const queued = batch.length;
        this.pending = [];
        if (this.dropped > 0) {
          batch.unshift(
            `${JSON.stringify({ time: this.options.now(), level: 'warn', msg: 'log lines dropped', count: this.dropped })}\n`,
          );
          this.dropped = 0;
        }
        await this.writeBatch(batch, queued);
      }
    })().finally(() => {
      this.draining = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Writes `lines`, of which `queued` came through `write` (the rest is the sink's own note). */
  private async writeBatch(lines: string[], queued: number): Promise<void> {
    try {
      if (!this.handle) await this.open();
      let chunk = '';
      let chunkBytes = 0;
      for (const line of lines) {
        const bytes = Buffer.byteLength(line, 'utf8');
        if (this.size + chunkBytes + bytes > this.options.maxBytes && this.size + chunkBytes > 0) {
          await this.append(chunk, chunkBytes);
          chunk = '';
          chunkBytes = 0;
          await this.rotate();
        }
        chunk += line;
        chunkBytes += bytes;
      }
      await this.append(chunk, chunkBytes);
    } catch (e) {
      this.fail(e);
      await this.closeHandle();
    } finally {
      this.processed += queued;
    }
  }

  private async append(chunk: string, bytes: number): Promise<void> {
    if (chunk === '' || !this.handle) return;
    await this.handle.appendFile(chunk, 'utf8');
    this.size += bytes;
  }

  private async open(): Promise<void> {
    await fsp.mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const handle = await fsp.open(this.file, 'a', 0o600);
    try {
      this.size = (await handle.stat()).size;
    } catch (e) {
      await handle.close().catch(() => undefined);
      throw e;
    }
    this.handle = handle;
  }

  /** main.log → main.log.1 → … → main.log.<maxFiles>; the oldest is replaced. */
  private async rotate(): Promise<void> {
    await this.closeHandle();
    const { maxFiles } = this.options;
    if (maxFiles <= 0) {
      await fsp.unlink(this.file).catch(ignoreMissing);
    } else {
      for (let i = maxFiles - 1; i >= 1; i--) {
        await fsp.rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(ignoreMissing);
      }
      await fsp.rename(this.file, `${this.file}.1`);
    }
    await this.open();
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.size = 0;
    await handle?.close().catch(() => undefined);
  }

  private fail(error: unknown): void {
    this.failures++;
    if (this.failures === 1) {
      try {
        this.options.onFirstError(error);
      } catch {
        // nowhere left to report
      }
    }
  }
}

function ignoreMissing(e: unknown): void {
  if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ENOENT') return;
  throw e;
}
