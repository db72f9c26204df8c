import path from 'node:path';
import type { z } from 'zod';
import { AppFailure } from '../errors';
import { ensureDir } from './atomic';
import type { StoreContext } from './context';
import { describe, formatIssues, toIssues } from './decode';
import { errorCode } from './fs';
import type { WarningInit } from './warnings';
import type { Journal, JournalReadResult, StoreWarning } from './types';

/** Per-file state shared by every handle of one journal: the append queue and what we know about the file's end. */
export class JournalFile {
  private queue: Promise<void> = Promise.resolve();
  /** Whether the file might end mid-line (first append of this run, or after a failed append). */
  private checkBoundary = true;
  private dirReady = false;
  private failing = false;

  constructor(
    private readonly ctx: StoreContext,
    readonly file: string,
    readonly absolute: string,
  ) {}

  /** Runs `task` after every task queued before it (appends and reads of this file stay in call order). */
  run<V>(task: () => Promise<V>): Promise<V> {
    const result = this.queue.then(task);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  async appendLine(line: string): Promise<void> {
    try {
      const dir = path.dirname(this.absolute);
      if (!this.dirReady) await ensureDir(this.ctx.fs, dir);
      let prefix = '';
      let created = false;
      if (this.checkBoundary) {
        // Appending through a symbolic link would write wherever it points (or create its missing target).
        const info = await this.ctx.fs.inspect(this.absolute);
        if (info?.type === 'symlink') throw new LinkRefused(info.dangling === true);
        // A crash or a failed append may have left a partial last line: start ours on a fresh line so that only
        // the partial one is lost.
        const last = await this.ctx.fs.lastByte(this.absolute);
        if (last !== undefined && last !== 0x0a) prefix = '\n';
        created = last === undefined;
      }
      await this.ctx.fs.appendSynced(this.absolute, prefix + line);
      if (!this.dirReady || created) await this.ctx.fs.syncDir(dir);
      this.dirReady = true;
      this.checkBoundary = false;
      if (this.failing) {
        this.failing = false;
        this.ctx.logger.info('journal append recovered', { file: this.file });
      }
    } catch (e) {
      this.checkBoundary = true;
      const code = errorCode(e);
      const message = `Could not append to ${this.file}${code ? ` (${code})` : ''}: ${describe(e)}`;
      this.ctx.logger.error('journal append failed', { file: this.file, error: e });
      if (!this.failing) {
        this.failing = true;
        this.ctx.hub.raise({ kind: e instanceof LinkRefused ? 'link' : 'writeFailed', file: this.file, message });
      }
      throw new AppFailure('storage', message, { cause: e });
    }
  }

  async readText(): Promise<string> {
    try {
      const text = await this.ctx.fs.readFile(this.absolute);
      // Someone else (or a crash we did not see) left a partial line: the next append must start a new one.
      if (text !== '' && !text.endsWith('\n')) this.checkBoundary = true;
      return text;
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return '';
      const message = `Could not read ${this.file} (${errorCode(e) ?? describe(e)}).`;
      this.ctx.logger.error('journal read failed', { file: this.file, error: e });
      this.ctx.hub.raiseOnce(`readFailed|${this.file}|${errorCode(e) ?? ''}`, {
        kind: 'readFailed',
        file: this.file,
        message: `${message} It is left as it is.`,
      });
      throw new AppFailure('storage', message, { cause: e });
    }
  }
}

/** An append refused because the journal's path is a symbolic link. */
class LinkRefused extends Error {
  constructor(dangling: boolean) {
    super(dangling ? 'it is a symbolic link to nothing; not followed' : 'it is a symbolic link; not followed');
    this.name = 'LinkRefused';
  }
}

export class JournalHandle<R> implements Journal<R> {
  constructor(
    private readonly ctx: StoreContext,
    private readonly journalFile: JournalFile,
    private readonly schema: z.ZodType<R>,
  ) {}

  append(record: R): Promise<void> {
    const result = this.schema.safeParse(record);
    if (!result.success) {
      const issues = toIssues(result.error);
      return Promise.reject(
        new AppFailure('invalidInput', `${this.journalFile.file}: ${formatIssues(issues)}`, { issues }),
      );
    }
    const line = `${JSON.stringify(result.data)}\n`;
    return this.journalFile.run(() => this.journalFile.appendLine(line));
  }

  read(): Promise<JournalReadResult<R>> {
    return this.journalFile.run(async () => {
      const text = await this.journalFile.readText();
      const parsed = parseJournal(text, this.schema, this.journalFile.file);
      const at = new Date(this.ctx.clock.now()).toISOString();
      const warnings: StoreWarning[] = parsed.problems.map((p, i) => {
        // Reported to the store (listeners, log, `warnings()`) once per line — a torn last line that a later append
        // terminated is the same line, not a new problem; every read returns them all.
        this.ctx.hub.raiseOnce(`line|${p.file}|${parsed.lines[i] ?? p.message}`, p);
        return { ...p, at };
      });
      return { records: parsed.records, warnings };
    });
  }
}

/**
 * Splits journal text into records. Blank lines are skipped silently. A final line without its newline is an
 * interrupted append: kept when it is a complete valid record, otherwise reported as `truncatedJournal`. Any other
 * line that is not JSON is `corrupt`, one that fails the schema `invalid`. Pure.
 */
export function parseJournal<R>(
  text: string,
  schema: z.ZodType<R>,
  file: string,
): { records: R[]; problems: WarningInit[]; lines: number[] } {
  const records: R[] = [];
  const problems: WarningInit[] = [];
  /** The 1-based line of each problem (parallel to `problems`). */
  const problemLines: number[] = [];
  const lines = text.split('\n');
  const terminated = text.endsWith('\n');
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const unterminated = index === lines.length - 1 && !terminated;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problemLines.push(index + 1);
      problems.push(
        unterminated
          ? { kind: 'truncatedJournal', file, message: `Skipped the interrupted last record (${where}).` }
          : { kind: 'corrupt', file, message: `Skipped ${where}: not valid JSON (${describe(e)}).` },
      );
      return;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const detail = formatIssues(toIssues(result.error));
      problemLines.push(index + 1);
      problems.push(
        unterminated
          ? { kind: 'truncatedJournal', file, message: `Skipped the interrupted last record (${where}): ${detail}.` }
          : { kind: 'invalid', file, message: `Skipped ${where}: ${detail}.` },
      );
      return;
    }
    records.push(result.data);
  });
  return { records, problems, lines: problemLines };
}
