import type { z } from 'zod';

/** How one JSON document under the data folder is stored, validated and migrated (docs/architecture.md §4). */
export interface DocumentSpec<T> {
  /** Relative to the data folder, '/'-separated: 'settings.json' or `${store.identityDir(o, p)}/state.json`. */
  file: string;
  /** The current schema version; documents are written as `{ schemaVersion, data }`. */
  schemaVersion: number;
  /** Validates `data` at the current version. */
  schema: z.ZodType<T>;
  /** The value used when the file is missing or had to be set aside. */
  defaults: () => T;
  /** Key n migrates `data` from version n to n + 1. Throwing marks the document invalid. */
  migrations?: Record<number, (data: unknown) => unknown>;
}

/**
 * Kinds of storage warnings. `readFailed` (the file exists but could not be read, e.g. permissions), `readOnly` (a
 * valid file whose write permission was taken away) and `link` (a symbolic link, dangling or not, where a file
 * should be) are never overwritten: the value is used or defaults are, changes stay in memory, and the warning names
 * the file. Corrupt files are set aside (renamed), never deleted.
 */
export type StoreWarningKind =
  'corrupt' | 'invalid' | 'futureVersion' | 'truncatedJournal' | 'writeFailed' | 'readFailed' | 'readOnly' | 'link';

/** A problem the user should know about. Plain JSON data (it may cross the bridge as is). */
export interface StoreWarning {
  kind: StoreWarningKind;
  /** The document or journal, relative to the data folder, as the caller named it. */
  file: string;
  message: string;
  /** Where the unusable original was moved to, relative to the data folder. */
  setAsideTo?: string;
  /** ISO time the warning was raised. */
  at: string;
}

export interface Doc<T> {
  /** The current in-memory value. Deep-frozen: treat as immutable and replace it through `set`/`update`. */
  get(): T;
  /**
   * Validates `next` (throws `AppFailure('invalidInput')` and keeps the old value when it does not match the schema),
   * updates memory at once and schedules a debounced atomic write.
   */
  set(next: T): void;
  update(fn: (current: T) => T): void;
  /** Writes now if dirty; resolves when durable, rejects with `AppFailure('storage')` when the write failed. */
  flush(): Promise<void>;
}

export interface JournalReadResult<R> {
  records: R[];
  warnings: StoreWarning[];
}

export interface Journal<R> {
  /** Validates, appends one JSON line and fsyncs it before resolving. Appends to one file run in call order. */
  append(record: R): Promise<void>;
  /** Every valid record in order; a truncated or invalid line is skipped and reported. */
  read(): Promise<JournalReadResult<R>>;
}

export interface Store {
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  /**
   * Reads, parses, migrates forward and validates a document; missing → defaults (not written until the first set).
   * Opening the same file again returns the same Doc.
   */
  open<T>(spec: DocumentSpec<T>): Promise<Doc<T>>;
  /** A JSON-lines journal (file relative to the data folder). Handles for the same file share one append queue. */
  journal<R>(file: string, schema: z.ZodType<R>): Journal<R>;
  /** 'identities/<sha256(origin + personId) hex>', relative to the data folder. */
  identityDir(apiOrigin: string, personId: string): string;
  onWarning(listener: (w: StoreWarning) => void): () => void;
  /** Every warning raised so far, oldest first. */
  warnings(): StoreWarning[];
  /** Writes every pending debounced document now. */
  flush(): Promise<void>;
  /** Flushes, waits for queued appends and stops the debounce timers. */
  close(): Promise<void>;
}
