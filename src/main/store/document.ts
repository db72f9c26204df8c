import path from 'node:path';
import { AppFailure } from '../errors';
import { TEMP_MARKER, writeFileAtomic } from './atomic';
import type { StoreContext } from './context';
import { decodeDocument, describe, encodeDocument, formatIssues, toIssues } from './decode';
import { deepFreeze } from './freeze';
import { errorCode, type PathInfo } from './fs';
import { fileStamp } from './paths';
import type { Doc, DocumentSpec } from './types';

/**
 * One document's in-memory value and its write queue. Writes of one file never overlap: each write is chained
 * after the previous one and writes the value current at that moment, so the last `set` always wins.
 */
export class DocHandle<T> implements Doc<T> {
  private value: T;
  /** Bumped by every set; `written` is the version last made durable. */
  private version = 0;
  private written = 0;
  private queue: Promise<void> = Promise.resolve();
  private timer: AbortController | undefined;
  private failing = false;
  /** A warning about a file that became read-only (or a link) since it was opened was raised in this streak. */
  private refusing = false;

  constructor(
    private readonly ctx: StoreContext,
    readonly spec: DocumentSpec<T>,
    private readonly absolute: string,
    initial: T,
    /** Set when an unreadable original could not be moved away: writing would destroy it, so writes are refused. */
    private readonly blocked?: string,
  ) {
    this.value = deepFreeze(initial);
  }

  get(): T {
    return this.value;
  }

  set(next: T): void {
    const result = this.spec.schema.safeParse(next);
    if (!result.success) {
      const issues = toIssues(result.error);
      throw new AppFailure('invalidInput', `${this.spec.file}: ${formatIssues(issues)}`, { issues });
    }
    this.value = deepFreeze(result.data);
    this.version++;
    if (this.ctx.isClosed()) {
      this.ctx.logger.warn('store document set after close; kept in memory until flushed', { file: this.spec.file });
      return;
    }
    this.schedule();
  }

  update(fn: (current: T) => T): void {
    this.set(fn(this.value));
  }

  flush(): Promise<void> {
    this.cancelTimer();
    return this.enqueue(this.version);
  }

  /** Stops the debounce timer (pending changes stay dirty until flushed). */
  cancelTimer(): void {
    this.timer?.abort();
    this.timer = undefined;
  }

  private schedule(): void {
    // The first change opens the window; later changes ride along, so a write happens at most debounceMs after it.
    if (this.timer) return;
    const controller = new AbortController();
    this.timer = controller;
    this.ctx.clock
      .sleep(this.ctx.debounceMs, controller.signal)
      .then(() => {
        if (this.timer === controller) this.timer = undefined;
        return this.enqueue(this.version);
      })
      .catch(() => undefined); // aborted, or a write failure that was already reported
  }

  private enqueue(target: number): Promise<void> {
    const run = this.queue.then(() => this.writeIfBehind(target));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Throws (and warns once per streak) when the file on disk is read-only or a link: a save would replace it. */
  private refuseToReplace(info: PathInfo | undefined): void {
    const refused = notReplaceable(info);
    if (!refused) return;
    const { file } = this.spec;
    const message = `Changes are not saved: ${refused.reason} (they are kept until the app quits).`;
    this.ctx.logger.error('store write refused', { file, reason: refused.reason });
    if (!this.refusing) {
      this.refusing = true;
      this.ctx.hub.raise({ kind: refused.kind, file, message });
    }
    throw new AppFailure('storage', `Not saving ${file}: ${refused.reason}.`);
  }

  private async writeIfBehind(target: number): Promise<void> {
    if (this.written >= target) return;
    const version = this.version;
    const { file } = this.spec;
    if (this.blocked !== undefined) {
      this.ctx.logger.error('store write refused', { file, reason: this.blocked });
      throw new AppFailure('storage', `Not saving ${file}: ${this.blocked}`);
    }
    this.refuseToReplace(await this.ctx.fs.inspect(this.absolute).catch(() => undefined));
    try {
      await writeFileAtomic(this.ctx.fs, this.absolute, encodeDocument(this.spec.schemaVersion, this.value));
    } catch (e) {
      const code = errorCode(e);
      const message = `Could not save ${file}${code ? ` (${code})` : ''}: ${describe(e)}`;
      this.ctx.logger.error('store write failed', { file, error: e });
      if (!this.failing) {
        // One warning per failure streak; every failed attempt is still logged.
        this.failing = true;
        this.ctx.hub.raise({ kind: 'writeFailed', file, message });
      }
      throw new AppFailure('storage', message, { cause: e });
    }
    this.written = Math.max(this.written, version);
    this.refusing = false;
    if (this.failing) {
      this.failing = false;
      this.ctx.logger.info('store write recovered', { file });
    }
  }
}

/** Larger than any document the app writes: such a file is set aside unread. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Why an existing path must not be replaced by an atomic write, or undefined when it may be. */
function notReplaceable(info: PathInfo | undefined): { kind: 'readOnly' | 'link'; reason: string } | undefined {
  if (!info) return undefined;
  if (info.type === 'symlink') {
    return {
      kind: 'link',
      reason: info.dangling
        ? 'it is a symbolic link to a file that does not exist; the link is left as it is'
        : 'it is a symbolic link; it is not replaced by a file',
    };
  }
  if (info.type === 'file' && info.readOnly) return { kind: 'readOnly', reason: 'it is read-only' };
  return undefined;
}

/** Reads a document for `Store.open`: never throws for bad files, only for a spec whose defaults are invalid. */
export async function loadDocument<T>(
  ctx: StoreContext,
  spec: DocumentSpec<T>,
  absolute: string,
): Promise<DocHandle<T>> {
  const defaults = spec.schema.safeParse(spec.defaults());
  if (!defaults.success) {
    throw new AppFailure(
      'internal',
      `${spec.file}: defaults do not match the schema: ${formatIssues(toIssues(defaults.error))}`,
    );
  }
  const fresh = (): DocHandle<T> => new DocHandle(ctx, spec, absolute, defaults.data);

  await removeStaleTemps(ctx, absolute);
  const unreadable = (reason: string): DocHandle<T> => {
    ctx.hub.raise({
      kind: 'readFailed',
      file: spec.file,
      message: `Using defaults for ${spec.file}: ${reason}; it will not be overwritten.`,
    });
    return new DocHandle(ctx, spec, absolute, defaults.data, reason);
  };
  let info: PathInfo | undefined;
  try {
    info = await ctx.fs.inspect(absolute);
  } catch (e) {
    return unreadable(`it could not be examined (${errorCode(e) ?? describe(e)})`);
  }
  if (info === undefined) return fresh();
  const refused = notReplaceable(info);
  if (info.type === 'directory' || info.type === 'other') {
    return unreadable(`it is a ${info.type === 'directory' ? 'folder' : 'special file'}, not a file`);
  }
  if (info.type === 'file' && info.size > MAX_DOCUMENT_BYTES) {
    return setAsideOrBlock(ctx, spec, absolute, defaults.data, {
      kind: 'corrupt',
      message: `Too large to be a document (${info.size} bytes).`,
    });
  }
  if (info.type === 'symlink' && info.dangling) {
    const reason = notReplaceable(info)?.reason ?? 'it is a dangling symbolic link';
    ctx.hub.raise({ kind: 'link', file: spec.file, message: `Using defaults for ${spec.file}: ${reason}.` });
    return new DocHandle(ctx, spec, absolute, defaults.data, reason);
  }
  let text: string;
  try {
    text = await ctx.fs.readFile(absolute);
  } catch (e) {
    if (errorCode(e) === 'ENOENT' && info.type === 'file') return fresh(); // removed since inspect
    return unreadable(`it exists but could not be read (${errorCode(e) ?? describe(e)})`);
  }

  const decoded = decodeDocument(spec, text);
  if (decoded.ok && refused) {
    // Read it, keep changes in memory, never replace it (docs/architecture.md §4).
    ctx.hub.raise({
      kind: refused.kind,
      file: spec.file,
      message: `Changes are not saved: ${refused.reason} (they are kept until the app quits).`,
    });
    return new DocHandle(ctx, spec, absolute, decoded.value, refused.reason);
  }
  if (!decoded.ok && info.type === 'symlink') {
    const reason = `it is a symbolic link to an unusable document (${decoded.message})`;
    ctx.hub.raise({ kind: 'link', file: spec.file, message: `Using defaults for ${spec.file}: ${reason}.` });
    return new DocHandle(ctx, spec, absolute, defaults.data, reason);
  }
  if (decoded.ok) {
    if (decoded.fromVersion !== spec.schemaVersion) {
      ctx.logger.info('store document migrated', {
        file: spec.file,
        from: decoded.fromVersion,
        to: spec.schemaVersion,
      });
    }
    return new DocHandle(ctx, spec, absolute, decoded.value);
  }

  return setAsideOrBlock(ctx, spec, absolute, defaults.data, decoded);
}

/** Moves an unusable document aside and starts from defaults; when it cannot be moved, never overwrites it. */
async function setAsideOrBlock<T>(
  ctx: StoreContext,
  spec: DocumentSpec<T>,
  absolute: string,
  defaults: T,
  problem: { kind: 'corrupt' | 'invalid' | 'futureVersion'; message: string },
): Promise<DocHandle<T>> {
  const label = problem.kind === 'futureVersion' ? 'future' : 'corrupt';
  try {
    const movedTo = await setAside(ctx, absolute, label);
    ctx.hub.raise({
      kind: problem.kind,
      file: spec.file,
      message: `${problem.message} Set aside; using defaults.`,
      setAsideTo: joinRelative(spec.file, path.basename(movedTo)),
    });
    return new DocHandle(ctx, spec, absolute, defaults);
  } catch (e) {
    const reason = `it could not be set aside (${errorCode(e) ?? describe(e)})`;
    ctx.hub.raise({
      kind: problem.kind,
      file: spec.file,
      message: `${problem.message} Using defaults; ${reason}, so it will not be overwritten.`,
    });
    return new DocHandle(ctx, spec, absolute, defaults, `${problem.message} and ${reason}`);
  }
}

/** Moves a file to `<name>.<label>-<timestamp>[-n]`, never replacing an existing file. */
async function setAside(ctx: StoreContext, absolute: string, label: string): Promise<string> {
  const base = `${absolute}.${label}-${fileStamp(ctx.clock.now())}`;
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? base : `${base}-${n}`;
    if (await ctx.fs.exists(candidate)) continue;
    await ctx.fs.rename(absolute, candidate);
    await ctx.fs.syncDir(path.dirname(absolute));
    return candidate;
  }
}

/** Temp files a crash left behind (`<name>.tmp-…`); they are never documents. Best effort. */
async function removeStaleTemps(ctx: StoreContext, absolute: string): Promise<void> {
  const dir = path.dirname(absolute);
  const prefix = path.basename(absolute) + TEMP_MARKER;
  try {
    const names = await ctx.fs.readdir(dir);
    for (const name of names.filter((n) => n.startsWith(prefix))) {
      await ctx.fs.unlink(path.join(dir, name));
      ctx.logger.info('store removed an interrupted write', { file: name });
    }
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') ctx.logger.debug('store could not clean temp files', { dir, error: e });
  }
}

function joinRelative(file: string, name: string): string {
  const slash = file.lastIndexOf('/');
  return slash === -1 ? name : `${file.slice(0, slash + 1)}${name}`;
}
