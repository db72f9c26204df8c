import type { Clock } from '../clock';
import type { Logger } from '../log/types';
import type { StoreWarning } from './types';

export type WarningInit = Omit<StoreWarning, 'at'>;

/** Collects store warnings, tells listeners and the log. A listener that throws is logged, never rethrown. */
export class WarningHub {
  private readonly raised: StoreWarning[] = [];
  private readonly listeners = new Set<(w: StoreWarning) => void>();
  private readonly onceKeys = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  raise(init: WarningInit): StoreWarning {
    const warning: StoreWarning = { ...init, at: new Date(this.clock.now()).toISOString() };
    this.raised.push(warning);
    this.logger.warn('storage warning', { ...warning });
    for (const listener of [...this.listeners]) {
      try {
        listener(warning);
      } catch (e) {
        this.logger.error('storage warning listener failed', { error: e });
      }
    }
    return warning;
  }

  /** Raises a warning only the first time this key is seen (journal lines re-read on every `read`). */
  raiseOnce(key: string, init: WarningInit): StoreWarning {
    const existing = this.onceKeys.has(key);
    if (existing) return { ...init, at: new Date(this.clock.now()).toISOString() };
    this.onceKeys.add(key);
    return this.raise(init);
  }

  on(listener: (w: StoreWarning) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  list(): StoreWarning[] {
    return this.raised.map((w) => ({ ...w }));
  }
}
