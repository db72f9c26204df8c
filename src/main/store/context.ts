import type { Clock } from '../clock';
import type { Logger } from '../log/types';
import type { StoreFs } from './fs';
import type { WarningHub } from './warnings';

/** What documents and journals share with their store. */
export interface StoreContext {
  readonly dataDir: string;
  readonly fs: StoreFs;
  readonly clock: Clock;
  readonly debounceMs: number;
  readonly logger: Logger;
  readonly hub: WarningHub;
  isClosed(): boolean;
}
