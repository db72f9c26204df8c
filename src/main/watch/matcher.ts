/**
 * Regular-expression matching off the main thread: alert-rule regexes run in a `worker_threads` worker, so a
 * catastrophic pattern can never hold the main process for longer than the time limit of one call.
 *
 * Design (docs/architecture.md §6, getting new messages):
 * - The worker is created from an inline source string (`new Worker(code, { eval: true })`): the main bundle built by
 *   electron-vite has a single entry, and an inline worker needs no second entry, no path resolution inside an asar
 *   archive and works unchanged under vitest (plain Node) — nothing to keep in sync between build and tests.
 * - A call is synchronous for the caller (the watcher matches inside its counting step): the request goes over a
 *   `MessageChannel`, the main thread waits on a shared `Int32Array` with `Atomics.wait` (bounded by the time limit) and reads the
 *   answer with `receiveMessageOnPort`. The wait is bounded by the time limit whatever the pattern does; the regex
 *   itself runs in another isolate, so the main thread is released even if the engine never yields.
 * - On a timeout the worker is terminated (its runaway regex with it) and a fresh one is started for the next call.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * The worker: answers `{ seq, source, flags, texts }` with `{ seq, hits }` (or `{ seq, error }`). Signals through
 * the shared array: slot 0 = -1 once loaded, then the seq it picked up; slot 1 = the seq it answered.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const flag = new Int32Array(signal);
port.on('message', (req) => {
  Atomics.store(flag, 0, req.seq);
  Atomics.notify(flag, 0);
  let reply;
  try {
    const re = new RegExp(req.source, req.flags);
    reply = { seq: req.seq, hits: req.texts.map((t) => { re.lastIndex = 0; return re.test(t); }) };
  } catch (e) {
    reply = { seq: req.seq, error: String(e && e.message ? e.message : e) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 1, req.seq);
  Atomics.notify(flag, 1);
});
Atomics.store(flag, 0, -1);
Atomics.notify(flag, 0);
`;

/** How long the main thread waits for a fresh worker to start (not counted against a match's time limit). */
const START_LIMIT_MS = 10_000;
/**
 * How long a posted request may wait for the worker thread to pick it up. Scheduling on a busy machine, not the
 * regex: the match's own limit starts when the worker has the request.
 */
const PICKUP_LIMIT_MS = 2_000;

/** Waits (blocking) until `flag[index] === target` or `limitMs` passed; true when reached. */
function waitFor(flag: Int32Array, index: number, target: number, limitMs: number): boolean {
  const deadline = performance.now() + limitMs;
  for (;;) {
    const value = Atomics.load(flag, index);
    if (value === target) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(flag, index, value, left);
  }
}

export type MatchOutcome = { kind: 'done'; hits: boolean[] } | { kind: 'timeout' } | { kind: 'error'; message: string };

interface Running {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
  started: boolean;
}

interface Reply {
  seq: number;
  hits?: unknown;
  error?: unknown;
}

export interface RegexMatcherOptions {
  /** Told once per restart of the worker after a timeout (the caller logs it). */
  onRestart?: () => void;
}

/** One worker, used synchronously; restarted after a call that ran out of time. */
export class RegexMatcher {
  private running: Running | undefined;
  private seq = 0;
  private restarts = 0;

  constructor(private readonly options: RegexMatcherOptions = {}) {}

  /**
   * Tests `source`/`flags` against each text, with at most `timeoutMs` of matching once the worker has the request.
   * A timeout restarts the worker and is tried once more on the fresh one (a busy machine can stall a thread for
   * a moment; a pathological pattern times out twice): then `timeout`.
   */
  run(source: string, flags: string, texts: readonly string[], timeoutMs: number): MatchOutcome {
    if (texts.length === 0) return { kind: 'done', hits: [] };
    const first = this.attempt(source, flags, texts, timeoutMs);
    return first.kind === 'timeout' ? this.attempt(source, flags, texts, timeoutMs) : first;
  }

  /** How many times the worker was restarted after a timeout. */
  restartCount(): number {
    return this.restarts;
  }

  /** Stops the worker (a later call starts a new one). */
  close(): void {
    this.kill();
  }

  private attempt(source: string, flags: string, texts: readonly string[], timeoutMs: number): MatchOutcome {
    const r = this.ensure();
    if (!r.started) {
      // A fresh worker: wait for it to load (once) before the time limit of the match starts.
      if (!waitFor(r.flag, 0, -1, START_LIMIT_MS)) {
        this.kill();
        return { kind: 'error', message: 'the regex worker did not start' };
      }
      r.started = true;
    }
    this.seq += 1;
    const seq = this.seq;
    r.port.postMessage({ seq, source, flags, texts });
    if (waitFor(r.flag, 0, seq, PICKUP_LIMIT_MS)) waitFor(r.flag, 1, seq, Math.max(1, timeoutMs));
    const reply = this.take(r, seq);
    if (reply) return reply;
    // Out of time: the worker may still be inside the regex. Drop it with its work; the next call starts a new one.
    this.kill();
    this.restarts += 1;
    this.options.onRestart?.();
    return { kind: 'timeout' };
  }

  private take(r: Running, seq: number): MatchOutcome | undefined {
    for (;;) {
      const msg = receiveMessageOnPort(r.port);
      if (!msg) return undefined;
      const reply = msg.message as Reply;
      if (reply.seq !== seq) continue;
      if (typeof reply.error === 'string') return { kind: 'error', message: reply.error };
      const hits = Array.isArray(reply.hits) ? reply.hits.map((h) => h === true) : [];
      return { kind: 'done', hits };
    }
  }

  private ensure(): Running {
    if (this.running) return this.running;
    const signal = new SharedArrayBuffer(8);
    const flag = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    // The worker must never keep the process alive or crash it.
    worker.unref();
    worker.on('error', () => {
      if (this.running?.worker === worker) this.running = undefined;
    });
    port1.unref();
    this.running = { worker, port: port1, flag, started: false };
    return this.running;
  }

  private kill(): void {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    r.port.close();
    void r.worker.terminate();
  }
}

let shared: RegexMatcher | undefined;

/** The process-wide matcher (one worker for all watchers). */
export function sharedMatcher(): RegexMatcher {
  shared ??= new RegexMatcher();
  return shared;
}
