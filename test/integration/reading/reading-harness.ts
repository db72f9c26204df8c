/**
 * The reading service (src/main/reading) on a watch harness, wired the way the core wires it: the harness's clock
 * and session, and its watcher's known-messages step. Everything a test opens is closed after it.
 */
import { afterEach } from 'vitest';
import { nullLogger } from '../../../src/main/log/types';
import { createReadingService, type ReadingService, type ReadingServiceDeps } from '../../../src/main/reading';
import { startWatchHarness, type WatchHarness } from '../watch/harness';

export interface ReadingHarness {
  /** Starts the watch harness (closed after the test). */
  start(): Promise<WatchHarness>;
  /** The reading service on `h` (disposed after the test, before the harness closes); `extra` adds deps. */
  reading(h: WatchHarness, extra?: Partial<ReadingServiceDeps>): ReadingService;
}

/** Registers the clean-up hook; call once at the top of a test file. */
export function useReadingHarness(): ReadingHarness {
  let h: WatchHarness | undefined;
  let reading: ReadingService | undefined;
  afterEach(async () => {
    reading?.dispose();
    reading = undefined;
    await h?.close();
    h = undefined;
  });
  return {
    async start() {
      h = await startWatchHarness();
      return h;
    },
    reading(harness, extra = {}) {
      const service = harness.service;
      reading = createReadingService({
        clock: harness.clock,
        logger: nullLogger,
        session: harness.session,
        knownView: (id) => service.watcher()?.knownRoomView(id),
        absorbRead: (id, messages) => service.watcher()?.absorbRead(id, messages) ?? [],
        ...extra,
      });
      return reading;
    },
  };
}
