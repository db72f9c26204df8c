/**
 * The audit log (docs/outbox.md): append-only JSON lines, fsynced per row, in the identity's folder. When the file
 * passes `maxBytes` it is renamed `audit-<time>.jsonl` (never rewritten) and a new one is started. Reads go over
 * every file, oldest first; a line that is not a valid row is skipped.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { auditRowViewSchema } from '../../shared/contract/schemas';
import type { Logger } from '../log/types';
import { AppFailure } from '../errors';

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_MAX_BYTES = 5 * 1024 * 1024;
export const AUDIT_QUERY_LIMIT = 5000;

export type AuditOutcome = z.infer<typeof auditRowViewSchema.shape.outcome>;

/** The stored row: the window's row plus who sent it; strict, as written by this module. */
export const auditRowSchema = z.strictObject({
  ...auditRowViewSchema.shape,
  identityId: z.string(),
  postedAsId: z.string().optional(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

export interface AuditFilter {
  runbookId?: string;
  roomId?: string;
  outcome?: AuditOutcome;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
}

export interface AuditLogOptions {
  /** Absolute folder (the identity's folder in the data folder). */
  dir: string;
  logger: Logger;
  maxBytes?: number;
  /** For rotated file names. */
  now: () => number;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private readonly file: string;

  constructor(private readonly options: AuditLogOptions) {
    this.file = path.join(options.dir, AUDIT_FILE);
  }

  /** Appends one row, fsynced; rotates first when the file would pass the size limit. */
  append(row: AuditRow): Promise<void> {
    const parsed = auditRowSchema.parse(row);
    const line = `${JSON.stringify(parsed)}\n`;
    const task = this.queue.then(() => this.write(line));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async write(line: string): Promise<void> {
    try {
      await fsp.mkdir(this.options.dir, { recursive: true });
      const size = await fsp.stat(this.file).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 0 && size + Buffer.byteLength(line) > (this.options.maxBytes ?? AUDIT_MAX_BYTES)) {
        let target = path.join(this.options.dir, `audit-${stamp(this.options.now())}.jsonl`);
        for (
          let n = 1;
          await fsp.access(target).then(
            () => true,
            () => false,
          );
          n += 1
        ) {
          target = path.join(this.options.dir, `audit-${stamp(this.options.now())}-${n}.jsonl`);
        }
        await fsp.rename(this.file, target);
      }
      const handle = await fsp.open(this.file, 'a');
      try {
        await handle.appendFile(line, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (e) {
      this.options.logger.error('audit append failed', { error: e });
      throw new AppFailure('storage', 'Could not write the audit log.', { cause: e });
    }
  }

  /** Files oldest first: rotated ones by name, then the current one. */
  async files(): Promise<string[]> {
    await this.queue;
    let names: string[];
    try {
      names = await fsp.readdir(this.options.dir);
    } catch {
      return [];
    }
    const rotated = names.filter((n) => /^audit-.+\.jsonl$/.test(n)).sort();
    const out = rotated.map((n) => path.join(this.options.dir, n));
    if (names.includes(AUDIT_FILE)) out.push(this.file);
    return out;
  }

  /** Rows matching the filter, newest first, at most `limit`. */
  async query(filter: AuditFilter = {}, limit = AUDIT_QUERY_LIMIT): Promise<{ rows: AuditRow[]; truncated: boolean }> {
    const rows: AuditRow[] = [];
    for (const file of await this.files()) {
      const text = await fsp.readFile(file, 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          continue;
        }
        const r = auditRowSchema.safeParse(value);
        if (r.success && matches(r.data, filter)) rows.push(r.data);
      }
    }
    rows.reverse();
    return { rows: rows.slice(0, limit), truncated: rows.length > limit };
  }
}

export function matches(row: AuditRow, f: AuditFilter): boolean {
  if (f.runbookId !== undefined && row.runbookId !== f.runbookId) return false;
  if (f.roomId !== undefined && row.roomId !== f.roomId) return false;
  if (f.outcome !== undefined && row.outcome !== f.outcome) return false;
  if (f.from !== undefined && row.at < f.from) return false;
  if (f.to !== undefined && row.at > f.to) return false;
  return true;
}

const CSV_COLUMNS = [
  'at',
  'identityEmail',
  'postedAsEmail',
  'runbookId',
  'runbookSha256',
  'roomTitle',
  'roomId',
  'outcome',
  'messageId',
  'errorKind',
  'trackingId',
  'confirmed',
  'textSha256',
  'variables',
  'detail',
] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      CSV_COLUMNS.map((c) => {
        const v = row[c];
        if (v === undefined) return '';
        if (typeof v === 'object') return csvCell(JSON.stringify(v));
        return csvCell(String(v));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
