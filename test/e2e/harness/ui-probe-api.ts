/**
 * What the UI probe (harness/ui-probe.ts, bundled into the page by bench/ui.ts) offers on `window.__opsUiProbe`.
 * Types only, no DOM, so Node-side code can name them. Every time is `performance.now()` in the page, and "painted"
 * means: the state was seen in an animation-frame callback (checked once per frame) and the next animation frame
 * began, so the frame that showed it was presented (double requestAnimationFrame).
 */
export interface UiProbe {
  /**
   * Clicks the space's row in the sidebar (`button.room[data-room-id]`) and resolves with the ms until the message
   * `newestId` is in the pane (`.message-scroller [data-message-id]`), inside the scroller's visible area, painted.
   */
  switchRoom(roomId: string, newestId: string, timeoutMs: number): Promise<number>;
  /**
   * Arms the filter measurement: the next keydown in the sidebar's search box starts the clock (its event
   * timestamp); the clock stops when the space count reads `countText` (main's search answered), every row shown
   * contains `query` (case-insensitive) and that is painted. Collect the result with `filterResult()`.
   */
  armFilter(query: string, countText: string, timeoutMs: number): void;
  filterResult(): Promise<number>;
  /**
   * Scrolls the open pane to the top, again after every older page, until the message `firstId` is in view and
   * the history edge (if shown) says the space begins there — or the edge says older messages are not kept (the
   * window's limit: `reachedFirst` false); resolves with the ms and the frames it took, and how much of that time
   * the page's main thread spent in long tasks (over 50 ms each: rendering, not waiting for main).
   */
  scrollBack(
    firstId: string,
    timeoutMs: number,
  ): Promise<{ ms: number; frames: number; reachedFirst: boolean; longTaskMs: number }>;
  /** The median time between `frames` animation frames while nothing is asked of the page (the machine's pace). */
  idleFrameMs(frames: number): Promise<number>;
  /** Scrolls the open pane to its end until `newestId` is in view; resolves with the ms. */
  scrollToEnd(newestId: string, timeoutMs: number): Promise<number>;
  /** Sets the pane to the top once and watches `frames` animation frames; true if `firstId` came into view. */
  peekTop(firstId: string, frames: number): Promise<boolean>;
  /** `document.querySelectorAll('.message-scroller *').length`. */
  paneDomNodes(): number;
  /** Every element of the document. */
  documentNodes(): number;
  /** `[data-message-id]` elements in the pane. */
  renderedMessages(): number;
  /** The history edge's text (`.history-edge`), if it is in the DOM. */
  edgeText(): string | null;
  /** The sidebar's count line (`.room-count`), if any. */
  roomCountText(): string | null;
}

/** The global the probe installs. */
export const UI_PROBE_GLOBAL = '__opsUiProbe';
