/**
 * Pure helpers of the UI benchmark (bench/ui.ts): arguments, medians, the aims of issue 11's "Figures" and the
 * printed table. No browser, no clock, no file system here (test/unit/bench/ui-figures.test.ts).
 */

export interface UiBenchArgs {
  /** Skip building out/renderer even when it is missing or older than the renderer sources. */
  noBuild: boolean;
  /** Spaces in the workspace (the scenario's spaces plus the three the bench adds). */
  spaces: number;
  /** Messages in the space that is scrolled back through and switched to (`openRoom10kMs`, `heapMB10k`). */
  bigRoom: number;
  /** Messages in the space scrolled back through for `scrollBack2kMs`. */
  scrollRoom: number;
  /** Messages the 'large' scenario spreads over its spaces besides the bench's own. */
  background: number;
  /** Timed runs of the room switch and of the filter keystroke (the medians are the figures). */
  runs: number;
}

export const UI_BENCH_DEFAULTS: Readonly<UiBenchArgs> = Object.freeze({
  noBuild: false,
  spaces: 5_000,
  bigRoom: 10_000,
  scrollRoom: 2_000,
  background: 20_000,
  runs: 7,
});

const NUMERIC = {
  '--spaces': 'spaces',
  '--big-room': 'bigRoom',
  '--scroll-room': 'scrollRoom',
  '--background': 'background',
  '--runs': 'runs',
} as const satisfies Record<string, Exclude<keyof UiBenchArgs, 'noBuild'>>;

/** `--no-build`, `--spaces N`, `--big-room N`, `--scroll-room N`, `--background N`, `--runs N`; unknown flags throw. */
export function parseUiBenchArgs(argv: readonly string[]): UiBenchArgs {
  const out: UiBenchArgs = { ...UI_BENCH_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (flag === '--no-build') {
      out.noBuild = true;
      continue;
    }
    const key = (NUMERIC as Record<string, Exclude<keyof UiBenchArgs, 'noBuild'> | undefined>)[flag];
    const value = Number(argv[i + 1]);
    if (!key) throw new Error(`unknown argument ${flag} (known: --no-build, ${Object.keys(NUMERIC).join(', ')})`);
    if (!Number.isInteger(value) || value < (key === 'background' ? 0 : 1)) {
      throw new Error(`${flag} needs a whole number${key === 'background' ? '' : ' above 0'}`);
    }
    out[key] = value;
    i++;
  }
  if (out.spaces < 3) throw new Error('--spaces must be at least 3 (the bench adds three spaces of its own)');
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Rounded to `digits` decimals (one by default). */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Whether out/renderer must be (re)built: no index.html, or a renderer source newer than it. */
export function needsBuild(indexMtimeMs: number | undefined, newestSourceMtimeMs: number): boolean {
  return indexMtimeMs === undefined || newestSourceMtimeMs > indexMtimeMs;
}

/** The five figures issue 11 names. */
export interface UiFigures {
  openRoom10kMs: number;
  filter5kMs: number;
  scrollBack2kMs: number;
  heapMB10k: number;
  paneDomNodes: number;
}

export type FigureName = keyof UiFigures;

/** The aims of issue 11 ("Figures"): each figure at most this much. */
export const UI_AIMS: Readonly<Record<FigureName, number>> = Object.freeze({
  openRoom10kMs: 150,
  filter5kMs: 50,
  scrollBack2kMs: 3_000,
  heapMB10k: 150,
  paneDomNodes: 2_000,
});

const UNITS: Record<FigureName, string> = {
  openRoom10kMs: 'ms',
  filter5kMs: 'ms',
  scrollBack2kMs: 'ms',
  heapMB10k: 'MB',
  paneDomNodes: 'nodes',
};

const FIGURE_NAMES = Object.keys(UI_AIMS) as FigureName[];

export function aimMet(name: FigureName, value: number): boolean {
  return Number.isFinite(value) && value <= UI_AIMS[name];
}

/**
 * Every aim met. `validSwitch` is false when the switch back did not find the big space's history in the window's
 * store (it was read through main again), so `openRoom10kMs` did not measure what the issue asks for.
 */
export function allAimsMet(figures: UiFigures, validSwitch: boolean): boolean {
  return validSwitch && FIGURE_NAMES.every((name) => aimMet(name, figures[name]));
}

/** One line per figure: name, value, unit, aim, met or not; plus the individual runs where there are some. */
export function figureTable(figures: UiFigures, runs: Partial<Record<FigureName, readonly number[]>> = {}): string[] {
  const width = Math.max(...FIGURE_NAMES.map((n) => n.length));
  return FIGURE_NAMES.map((name) => {
    const value = figures[name];
    const mark = aimMet(name, value) ? 'met' : 'NOT met';
    const all = runs[name];
    const detail = all && all.length > 1 ? `  runs: ${all.map((v) => round(v)).join(', ')}` : '';
    return `${name.padEnd(width)}  ${String(value).padStart(9)} ${UNITS[name].padEnd(5)}  aim ≤ ${UI_AIMS[name].toLocaleString('en-US')} (${mark})${detail}`;
  });
}
