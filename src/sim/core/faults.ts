/**
 * Fault injection, deterministic from the seed: per-route rules (see FaultRule / FaultConfig in ../types) with
 * ratios rolled on a dedicated random stream and `count` (next-N) semantics for scripted sequences.
 */
import type { FaultConfig, FaultRule } from '../types';
import { createRng, type Rng } from './rng';

export interface FaultDecision {
  latencyMs: number;
  /** Happens instead of processing. */
  pre?: 'resetBefore' | 'hang' | 'rateLimit' | 'error';
  errorStatus: number;
  retryAfter: string;
  /** Happens after processing. */
  post?: 'resetAfter' | 'truncate' | 'nonJson';
}

const RATIO_KEYS = ['error', 'resetBefore', 'resetAfter', 'hang', 'truncate', 'nonJson', 'rateLimit'] as const;
const ALL_KEYS = new Set<string>([...RATIO_KEYS, 'latencyMs', 'errorStatus', 'retryAfter', 'count']);

/** Throws TypeError when the config is not a valid FaultConfig (used to answer 400 on the HTTP control API). */
export function validateFaultConfig(value: unknown): FaultConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('faults must be an object keyed by route');
  const out: FaultConfig = {};
  for (const [key, raw] of Object.entries(value)) {
    const rules = Array.isArray(raw) ? raw : [raw];
    const parsed = rules.map((r: unknown) => validateRule(key, r));
    out[normalizeKey(key)] = Array.isArray(raw) ? parsed : (parsed[0] as FaultRule);
  }
  return out;
}

function validateRule(key: string, raw: unknown): FaultRule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TypeError(`fault rule for ${key} must be an object`);
  const rule: FaultRule = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!ALL_KEYS.has(k)) throw new TypeError(`unknown fault field ${k} (${key})`);
    if (k === 'retryAfter') {
      if (typeof v !== 'string' && typeof v !== 'number')
        throw new TypeError(`retryAfter must be a string or number (${key})`);
      rule.retryAfter = v;
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new TypeError(`${k} must be a non-negative number (${key})`);
    if ((RATIO_KEYS as readonly string[]).includes(k) && v > 1)
      throw new TypeError(`${k} is a ratio in [0, 1] (${key})`);
    if (k === 'errorStatus' && (v < 400 || v > 599)) throw new TypeError(`errorStatus must be 4xx/5xx (${key})`);
    (rule as Record<string, number>)[k] = k === 'count' || k === 'errorStatus' ? Math.floor(v) : v;
  }
  return rule;
}

/** 'get  /v1/rooms/' → 'GET /rooms'. */
export function normalizeKey(key: string): string {
  const trimmed = key.trim();
  if (trimmed === '*') return '*';
  const m = /^([A-Za-z]+)\s+(.+)$/.exec(trimmed);
  if (!m) return trimmed;
  let path = (m[2] as string).trim();
  if (path.startsWith('/v1/')) path = path.slice(3);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return `${(m[1] as string).toUpperCase()} ${path}`;
}

export class FaultEngine {
  private config: FaultConfig = {};
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed, 'faults');
  }

  set(config: FaultConfig): void {
    this.config = structuredClone(validateFaultConfig(config));
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  clear(): void {
    this.config = {};
  }

  get active(): boolean {
    for (const _ in this.config) return true;
    return false;
  }

  private roll(ratio: number | undefined): boolean {
    if (ratio === undefined || ratio <= 0) return false;
    if (ratio >= 1) return true;
    return this.rng.next() < ratio;
  }

  /** Picks the rule for this request (most specific key; first not-used-up rule of a script) and rolls it. */
  decide(method: string, route: string): FaultDecision | undefined {
    if (!this.active) return undefined;
    const keys = [`${method} ${route}`, `${method} *`, '*'];
    let rule: FaultRule | undefined;
    for (const key of keys) {
      const entry = this.config[key];
      if (entry === undefined) continue;
      const list = Array.isArray(entry) ? entry : [entry];
      rule = list.find((r) => r.count === undefined || r.count > 0);
      if (rule) break;
    }
    if (!rule) return undefined;
    if (rule.count !== undefined) rule.count--;
    const decision: FaultDecision = {
      latencyMs: rule.latencyMs ?? 0,
      errorStatus: rule.errorStatus ?? 500,
      retryAfter: rule.retryAfter === undefined ? '30' : String(rule.retryAfter),
    };
    if (this.roll(rule.resetBefore)) decision.pre = 'resetBefore';
    else if (this.roll(rule.hang)) decision.pre = 'hang';
    else if (this.roll(rule.rateLimit)) decision.pre = 'rateLimit';
    else if (this.roll(rule.error)) decision.pre = 'error';
    if (!decision.pre) {
      if (this.roll(rule.resetAfter)) decision.post = 'resetAfter';
      else if (this.roll(rule.truncate)) decision.post = 'truncate';
      else if (this.roll(rule.nonJson)) decision.post = 'nonJson';
    }
    return decision;
  }
}
