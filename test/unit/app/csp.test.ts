import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../src/main/app/csp';

/**
 * The policy as rules (docs/security.md): every directive the renderer gets, every source it may use, and why.
 * The expectation is built from this table, not copied from the implementation: a directive added, dropped or
 * widened (another source, a wildcard, 'unsafe-inline') fails.
 */
const PRODUCTION: Record<string, { sources: string[]; why: string }> = {
  'default-src': { sources: ["'self'"], why: 'fallback for every fetch directive not listed: own origin only' },
  'script-src': { sources: ["'self'"], why: 'only the bundled scripts: no inline script, no eval, no CDN' },
  'connect-src': { sources: ["'none'"], why: 'the renderer makes no network calls; main does all REST over IPC' },
  'img-src': {
    sources: ["'self'", 'data:', 'blob:'],
    why: 'bundled images, inline data: icons and blob: URLs of files main fetched; never remote hosts',
  },
  'style-src': { sources: ["'self'"], why: 'the bundled stylesheet; components style through CSSOM, not <style>' },
  'object-src': { sources: ["'none'"], why: 'no plugins through <object> or <embed>' },
  'base-uri': { sources: ["'none'"], why: 'no <base> can redirect relative URLs' },
  'form-action': { sources: ["'none'"], why: 'no form posts anywhere' },
};

/** In development only: what Vite's dev server needs on top, and nothing else. */
function devAdditions(origin: string): Record<string, { add: string[]; dropNone?: boolean; why: string }> {
  const ws = origin.replace(/^http/, 'ws');
  return {
    'script-src': { add: [origin, "'unsafe-inline'"], why: 'modules from the dev server; the React refresh preamble' },
    'connect-src': { add: [origin, ws], dropNone: true, why: 'the dev server and its HMR socket' },
    'style-src': { add: [origin, "'unsafe-inline'"], why: 'Vite injects CSS as <style> tags' },
    'img-src': { add: [origin], why: 'assets served by the dev server' },
  };
}

function parse(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) throw new Error(`empty directive in "${csp}"`);
    if (map.has(name)) throw new Error(`directive ${name} appears twice`);
    map.set(name, sources);
  }
  return map;
}

function expectMatches(csp: string, rules: Record<string, string[]>): void {
  const actual = parse(csp);
  expect([...actual.keys()].sort()).toEqual(Object.keys(rules).sort());
  for (const [name, sources] of Object.entries(rules)) {
    const got = actual.get(name) ?? [];
    expect(new Set(got).size, `${name} lists a source twice`).toBe(got.length);
    expect([...got].sort(), name).toEqual([...sources].sort());
  }
}

describe('buildCsp', () => {
  it('production: exactly the directives and sources of the rules, each justified', () => {
    for (const [name, rule] of Object.entries(PRODUCTION)) expect(rule.why.length, name).toBeGreaterThan(10);
    expectMatches(
      buildCsp({ dev: false }),
      Object.fromEntries(Object.entries(PRODUCTION).map(([name, rule]) => [name, rule.sources])),
    );
  });

  it('production allows no inline code, no eval, no wildcard and no remote host', () => {
    const csp = buildCsp({ dev: false });
    expect(csp).not.toMatch(/'unsafe-|'strict-dynamic'|'wasm-unsafe-eval'/);
    for (const sources of parse(csp).values()) {
      for (const source of sources) expect(source).not.toMatch(/\*|^https?:|^wss?:|^\w[\w.-]*\.\w+/);
    }
  });

  it('dev adds only what the Vite dev server needs, for its own origin', () => {
    const origin = 'http://localhost:5174';
    const additions = devAdditions(origin);
    const rules = Object.fromEntries(
      Object.entries(PRODUCTION).map(([name, rule]) => {
        const extra = additions[name];
        const base = extra?.dropNone ? rule.sources.filter((s) => s !== "'none'") : rule.sources;
        return [name, [...base, ...(extra?.add ?? [])]];
      }),
    );
    expectMatches(buildCsp({ dev: true, devServerOrigin: origin }), rules);
    expect(buildCsp({ dev: true, devServerOrigin: origin })).not.toContain("'unsafe-eval'");
  });
});
