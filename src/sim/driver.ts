/**
 * The live driver: posts scripted alerts and recoveries every few seconds of the injected clock (clock.sleep in a
 * loop, so a ManualClock drives it with advance()). `step()` posts the next batch immediately.
 */
import type { Clock } from '../main/clock';
import type { Logger } from '../main/log/types';
import type { PersonRec } from './core/model';
import type { PostInput } from './core/ops';
import type { Rng } from './core/rng';
import type { SimDriver, WebexMessage } from './types';

export interface ScriptedPost {
  as: PersonRec;
  input: PostInput;
  /** Reply to the message posted earlier in the same batch at this index. */
  replyToBatchIndex?: number;
}

export interface DriverScript {
  /** The next batch of posts (may be empty). */
  next(rng: Rng): ScriptedPost[];
  /** Wait between batches, in clock ms. */
  intervalMs(rng: Rng): number;
}

export type Poster = (as: PersonRec, input: PostInput) => WebexMessage;

export class LiveDriver implements SimDriver {
  private abort: AbortController | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly script: DriverScript | undefined,
    private readonly post: Poster,
    private readonly logger: Logger,
  ) {}

  get running(): boolean {
    return this.abort !== undefined;
  }

  step(): WebexMessage[] {
    if (!this.script) return [];
    const batch = this.script.next(this.rng);
    const posted: WebexMessage[] = [];
    for (const item of batch) {
      try {
        const input: PostInput = { ...item.input };
        if (item.replyToBatchIndex !== undefined) {
          const parent = posted[item.replyToBatchIndex];
          if (parent) input.parentId = parent.id;
        }
        posted.push(this.post(item.as, input));
      } catch (e) {
        this.logger.warn('sim driver post failed', { error: e instanceof Error ? e.message : String(e) });
      }
    }
    return posted;
  }

  start(): void {
    if (this.abort || !this.script) return;
    const abort = new AbortController();
    this.abort = abort;
    void this.loop(abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    const script = this.script as DriverScript;
    while (!signal.aborted) {
      try {
        await this.clock.sleep(script.intervalMs(this.rng), signal);
      } catch {
        return;
      }
      if (signal.aborted) return;
      this.step();
    }
  }
}
