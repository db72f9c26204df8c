/**
 * The page side of the UI benchmark (bench/ui.ts): bundled like page-bridge.ts and added with
 * `page.addInitScript`, it installs `window.__opsUiProbe` (harness/ui-probe-api.ts). It only reads the DOM, clicks a
 * sidebar row and sets the pane's scroll position — the selectors are the ones the renderer keeps whether or not
 * the message list is virtualised: `.message-scroller`, `[data-message-id]`, `.history-edge`, `button.room`,
 * the "Search spaces" box, `.room-count`, `li.room-row`.
 */
import { UI_PROBE_GLOBAL, type UiProbe } from './ui-probe-api';

const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * Resolves, with the time, at the first animation frame after the one in which the state was seen: the state seen
 * in a frame's callback is painted at the end of that frame (double requestAnimationFrame).
 */
async function paintedAfterSeen(): Promise<number> {
  await frame();
  return performance.now();
}

/**
 * Resolves inside the first animation-frame callback in which `check()` holds (checked once per frame, where the
 * browser lays out anyway, so the probe forces no extra layout between frames).
 */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = performance.now();
  for (;;) {
    await frame();
    if (check()) return;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
  }
}

const scroller = (): HTMLElement | null => document.querySelector<HTMLElement>('.message-scroller');

function messageElement(id: string): Element | null {
  return document.querySelector(`.message-scroller [data-message-id="${CSS.escape(id)}"]`);
}

/** In the DOM, laid out, and at least partly inside the pane's visible area. */
function inView(id: string): boolean {
  const el = messageElement(id);
  if (!el) return false;
  const box = el.getBoundingClientRect();
  if (box.width <= 0 || box.height <= 0) return false;
  const view = scroller()?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight };
  return box.bottom > view.top && box.top < view.bottom;
}

function edgeText(): string | null {
  return document.querySelector('.history-edge')?.textContent ?? null;
}

let filterRun: Promise<number> | undefined;

/** Long tasks (≥ 50 ms on the main thread) seen so far. */
const longTasks: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
}).observe({ type: 'longtask', buffered: true });

/** Main-thread time in long tasks between `from` and `to`. */
function longTaskMs(from: number, to: number): number {
  let total = 0;
  for (const t of longTasks) total += Math.max(0, Math.min(t.end, to) - Math.max(t.start, from));
  return total;
}

const probe: UiProbe = {
  async switchRoom(roomId, newestId, timeoutMs) {
    const button = document.querySelector<HTMLElement>(`button.room[data-room-id="${CSS.escape(roomId)}"]`);
    if (!button) throw new Error(`the sidebar shows no row for space ${roomId}`);
    if (inView(newestId)) throw new Error(`message ${newestId} is already shown before switching`);
    const start = performance.now();
    button.click();
    await until(() => inView(newestId), timeoutMs, `message ${newestId} in view`);
    return (await paintedAfterSeen()) - start;
  },

  armFilter(query, countText, timeoutMs) {
    const box = document.querySelector<HTMLInputElement>('input[aria-label="Search spaces"]');
    if (!box) throw new Error('no "Search spaces" box');
    const needle = query.toLowerCase();
    filterRun = new Promise<number>((resolve, reject) => {
      box.addEventListener(
        'keydown',
        (event) => {
          const start = event.timeStamp;
          const done = (): boolean => {
            if (document.querySelector('.room-count')?.textContent?.trim() !== countText) return false;
            const titles = [...document.querySelectorAll('li.room-row .room-title')].map(
              (el) => el.textContent?.toLowerCase() ?? '',
            );
            return titles.length > 0 && titles.every((t) => t.includes(needle));
          };
          until(done, timeoutMs, `the sidebar filtered by "${query}" (${countText})`)
            .then(paintedAfterSeen)
            .then((end) => resolve(end - start), reject);
        },
        { once: true, capture: true },
      );
    });
  },

  filterResult() {
    if (!filterRun) return Promise.reject(new Error('armFilter was not called'));
    const run = filterRun;
    filterRun = undefined;
    return run;
  },

  async scrollBack(firstId, timeoutMs) {
    const start = performance.now();
    let frames = 0;
    const atFirst = (): boolean => {
      const edge = edgeText();
      return inView(firstId) && (edge === null || /beginning/i.test(edge));
    };
    const atLimit = (): boolean => /not kept/i.test(edgeText() ?? '');
    while (!atFirst() && !atLimit()) {
      const el = scroller();
      if (el && el.scrollTop > 0) el.scrollTop = 0;
      await frame();
      frames += 1;
      if (performance.now() - start > timeoutMs) {
        throw new Error(`scrolling back: message ${firstId} not in view after ${timeoutMs} ms (edge: ${edgeText()})`);
      }
    }
    const reachedFirst = atFirst();
    const end = await paintedAfterSeen();
    return { ms: end - start, frames, reachedFirst, longTaskMs: longTaskMs(start, end) };
  },

  async scrollToEnd(newestId, timeoutMs) {
    const start = performance.now();
    while (!inView(newestId)) {
      const el = scroller();
      if (el) el.scrollTop = el.scrollHeight;
      await frame();
      if (performance.now() - start > timeoutMs)
        throw new Error(`message ${newestId} not in view after ${timeoutMs} ms`);
    }
    return (await paintedAfterSeen()) - start;
  },

  async idleFrameMs(frames) {
    const gaps: number[] = [];
    let last = await frame();
    for (let i = 0; i < frames; i++) {
      const now = await frame();
      gaps.push(now - last);
      last = now;
    }
    gaps.sort((a, b) => a - b);
    return gaps[Math.floor(gaps.length / 2)] ?? 0;
  },

  async peekTop(firstId, frames) {
    // Set every frame, as scrollBack does: a list still placing itself (at its end) may move the view after one set.
    for (let i = 0; i < frames; i++) {
      if (inView(firstId)) return true;
      const el = scroller();
      if (el && el.scrollTop > 0) el.scrollTop = 0;
      await frame();
    }
    return inView(firstId);
  },

  paneDomNodes: () => document.querySelectorAll('.message-scroller *').length,
  documentNodes: () => document.querySelectorAll('*').length,
  renderedMessages: () => document.querySelectorAll('.message-scroller [data-message-id]').length,
  edgeText,
  roomCountText: () => document.querySelector('.room-count')?.textContent?.trim() ?? null,
};

Object.defineProperty(window, UI_PROBE_GLOBAL, { value: Object.freeze(probe), writable: false, configurable: false });
