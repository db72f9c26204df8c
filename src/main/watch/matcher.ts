/**
 * Regular-expression matching off the main thread: alert-rule regexes run in a `worker_threads` worker, so a
 * catastrophic pattern can never hold the main process — the main thread never waits for the worker.
 *
 * Design (docs/architecture.md §6, getting new messages):
 * - The worker is created from an inline source string (`new Worker(code, { eval: true })`): the main bundle built by
 *   electron-vite has a single entry, and an inline worker needs no second entry, no path resolution inside an asar
 *   archive and works unchanged under vitest (plain Node) — nothing to keep in sync between build and tests.
 * - A call is asynchronous: the request is posted to the worker and `run` resolves with its answer. Calls are queued
 *   (one request at a time in the worker). The time limit is a timer started when the worker reports that it picked
 *   the request up (a cold start or a busy machine is not counted against the pattern); it is wall-clock time on
 *   purpose — it bounds CPU work in another thread, which the app's injected clock knows nothing of.
 * - On a timeout the worker is terminated (its runaway regex with it) and a fresh one is started for the next call.
 */
import { Worker } from 'node:worker_threads';

/**
 * The worker: answers `{ seq, source, flags, texts }` with `{ started: seq }` when it picks the request up, then
 * `{ seq, hits }` (or `{ seq, error }`).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (req) => {
  parentPort.postMessage({ started: req.seq });
  let reply;
  try {
    const re = new RegExp(req.source, req.flags);
    reply = { seq: req.seq, hits: req.texts.map((t) => { re.lastIndex = 0; return re.test(t); }) };
  } catch (e) {
    reply = { seq: req.seq, error: String(e && e.message ? e.message : e) };
  }
  parentPort.postMessage(reply);
});
`;

/** How long a fresh worker may take to load and pick up its first request (not counted against the time limit). */
const START_LIMIT_MS = 10_000;
/**
 * How long a posted request may wait for a running worker to pick it up. Scheduling on a busy machine, not the
 * regex: the match's own limit starts when the worker has the request.
 */
const PICKUP_LIMIT_MS = 2_000;

export type MatchOutcome = { kind: 'done'; hits: boolean[] } | { kind: 'timeout' } | { kind: 'error'; message: string };

interface Pending {
  seq: number;
  started(): void;
  settle(outcome: MatchOutcome): void;
}

interface Running {
  worker: Worker;
  /** The worker answered at least one request (it has loaded). */
  warm: boolean;
  pending: Pending | undefined;
}

interface Reply {
  seq?: unknown;
  started?: unknown;
  hits?: unknown;
  error?: unknown;
}

export interface RegexMatcherOptions {
  /** Told once per restart of the worker after a timeout (the caller logs it). */
  onRestart?: () => void;
}

/** One worker, one request at a time; restarted after a call that ran out of time. */
export class RegexMatcher {
  private running: Running | undefined;
  private seq = 0;
  private restarts = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RegexMatcherOptions = {}) {}

  /**
   * Tests `source`/`flags` against each text, with at most `timeoutMs` of matching once the worker has the request.
   * A timeout restarts the worker and is tried once more on the fresh one (a busy machine can stall a thread for
   * a moment; a pathological pattern times out twice): then `timeout`. Never rejects.
   */
  run(source: string, flags: string, texts: readonly string[], timeoutMs: number): Promise<MatchOutcome> {
    if (texts.length === 0) return Promise.resolve({ kind: 'done', hits: [] });
    const call = async (): Promise<MatchOutcome> => {
      const first = await this.attempt(source, flags, texts, timeoutMs);
      return first.kind === 'timeout' ? this.attempt(source, flags, texts, timeoutMs) : first;
    };
    const result = this.queue.then(call, call);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** How many times the worker was restarted after a timeout. */
  restartCount(): number {
    return this.restarts;
  }

  /** Stops the worker (a later call starts a new one); a call in flight ends as an error. */
  close(): void {
    this.kill({ kind: 'error', message: 'the regex worker was stopped' });
  }

  private attempt(source: string, flags: string, texts: readonly string[], timeoutMs: number): Promise<MatchOutcome> {
    const r = this.ensure();
    this.seq += 1;
    const seq = this.seq;
    return new Promise<MatchOutcome>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (ms: number, onExpiry: () => void): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(onExpiry, ms);
      };
      const pending: Pending = {
        seq,
        started: () => arm(Math.max(1, timeoutMs), () => this.timedOut(r)),
        settle: (outcome) => {
          if (timer !== undefined) clearTimeout(timer);
          if (r.pending === pending) r.pending = undefined;
          resolve(outcome);
        },
      };
      r.pending = pending;
      if (r.warm) arm(PICKUP_LIMIT_MS, () => this.timedOut(r));
      else arm(START_LIMIT_MS, () => this.kill({ kind: 'error', message: 'the regex worker did not start' }));
      r.worker.postMessage({ seq, source, flags, texts: [...texts] });
    });
  }

  /** Out of time: the worker may still be inside the regex. Drop it with its work; the next call starts a new one. */
  private timedOut(r: Running): void {
    if (this.running !== r) return;
    this.restarts += 1;
    this.kill({ kind: 'timeout' });
    this.options.onRestart?.();
  }

  private onReply(r: Running, reply: Reply): void {
    const pending = r.pending;
    if (!pending) return;
    if (reply.started === pending.seq) {
      pending.started();
      return;
    }
    if (reply.seq !== pending.seq) return;
    r.warm = true;
    if (typeof reply.error === 'string') {
      pending.settle({ kind: 'error', message: reply.error });
      return;
    }
    const hits = Array.isArray(reply.hits) ? reply.hits.map((h) => h === true) : [];
    pending.settle({ kind: 'done', hits });
  }

  private ensure(): Running {
    if (this.running) return this.running;
    const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const r: Running = { worker, warm: false, pending: undefined };
    // The worker must never keep the process alive or crash it.
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(r, reply));
    const lost = (): void => {
      if (this.running === r) this.kill({ kind: 'error', message: 'the regex worker stopped' });
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    this.running = r;
    return r;
  }

  private kill(outcome: MatchOutcome): void {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    r.pending?.settle(outcome);
    r.pending = undefined;
    void r.worker.terminate();
  }
}

let shared: RegexMatcher | undefined;

/** The process-wide matcher (one worker for all watchers). */
export function sharedMatcher(): RegexMatcher {
  shared ??= new RegexMatcher();
  return shared;
}
