import path from 'node:path';
import type { z } from 'zod';
import { createRealClock, type Clock } from '../clock';
import { AppFailure } from '../errors';
import { nullLogger, type Logger } from '../log/types';
import type { StoreContext } from './context';
import { type DocHandle, loadDocument } from './document';
import { createNodeStoreFs, type StoreFs } from './fs';
import { JournalFile, JournalHandle } from './journal';
import { identityDir, resolveInside } from './paths';
import type { Doc, DocumentSpec, Journal, Store } from './types';
import { WarningHub } from './warnings';

export const DEFAULT_DEBOUNCE_MS = 250;

export interface StoreOptions {
  /** The data folder (Electron's userData in the app, a temp folder in tests). */
  dataDir: string;
  clock?: Clock;
  /** How long a document may stay dirty before it is written; default 250 ms of `clock` time. */
  debounceMs?: number;
  logger?: Logger;
  /** File operations; the real file system by default, a wrapper in crash tests. */
  fs?: StoreFs;
}

interface OpenEntry {
  schemaVersion: number;
  handle: Promise<DocHandle<unknown>>;
}

export function createStore(options: StoreOptions): Store {
  const dataDir = path.resolve(options.dataDir);
  const clock = options.clock ?? createRealClock();
  const logger = (options.logger ?? nullLogger).child({ component: 'store' });
  const hub = new WarningHub(clock, logger);
  let closed = false;
  const ctx: StoreContext = {
    dataDir,
    fs: options.fs ?? createNodeStoreFs(),
    clock,
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    logger,
    hub,
    isClosed: () => closed,
  };
  const docs = new Map<string, OpenEntry>();
  const journals = new Map<string, JournalFile>();

  const loadedDocs = async (): Promise<DocHandle<unknown>[]> => {
    const settled = await Promise.allSettled([...docs.values()].map((e) => e.handle));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  };

  const flushAll = async (): Promise<void> => {
    const handles = await loadedDocs();
    const results = await Promise.allSettled([
      ...handles.map((h) => h.flush()),
      ...[...journals.values()].map((j) => j.idle()),
    ]);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length === 1 && failures[0] instanceof AppFailure) throw failures[0];
    if (failures.length > 0) {
      throw new AppFailure('storage', `${failures.length} documents could not be saved.`, {
        cause: new AggregateError(failures),
      });
    }
  };

  return {
    dataDir,

    open<T>(spec: DocumentSpec<T>): Promise<Doc<T>> {
      let absolute: string;
      try {
        absolute = resolveInside(dataDir, spec.file);
      } catch (e) {
        return Promise.reject(e);
      }
      const existing = docs.get(absolute);
      if (existing) {
        if (existing.schemaVersion !== spec.schemaVersion) {
          return Promise.reject(
            new AppFailure(
              'internal',
              `${spec.file} is already open at schema version ${existing.schemaVersion}, not ${spec.schemaVersion}.`,
            ),
          );
        }
        // Same file, same version: the same Doc (its spec's schema and defaults are the first opener's).
        return existing.handle as unknown as Promise<Doc<T>>;
      }
      const handle = loadDocument(ctx, spec, absolute);
      docs.set(absolute, {
        schemaVersion: spec.schemaVersion,
        handle: handle as unknown as Promise<DocHandle<unknown>>,
      });
      handle.catch(() => docs.delete(absolute));
      return handle;
    },

    journal<R>(file: string, schema: z.ZodType<R>): Journal<R> {
      const absolute = resolveInside(dataDir, file);
      let journalFile = journals.get(absolute);
      if (!journalFile) {
        journalFile = new JournalFile(ctx, file, absolute);
        journals.set(absolute, journalFile);
      }
      return new JournalHandle(ctx, journalFile, schema);
    },

    identityDir,

    onWarning: (listener) => hub.on(listener),
    warnings: () => hub.list(),

    flush: flushAll,

    async close(): Promise<void> {
      closed = true;
      for (const handle of await loadedDocs()) handle.cancelTimer();
      await flushAll();
    },
  };
}
