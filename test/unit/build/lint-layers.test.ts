import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFixture, ROOT } from './lint-helpers';

const FIXTURES = path.join(ROOT, 'test/fixtures/lint/layers');

/**
 * The core's layers (`ops/layers`, scripts/eslint/layers.mjs): each fixture names the path it pretends to live at
 * (`// lint-as: src/main/...`) and what it breaks (`// expect: <from> -> <to>` or `// expect: <member> (unplaced)`);
 * it is linted with the project's own eslint.config.mjs as if it were there (type-aware rules off: the virtual file
 * is in no tsconfig).
 */
const lintAs = lintFixture;

const LAYERS = ['foundation', 'services', 'auth', 'features', 'core'];
const bad = readdirSync(FIXTURES).filter((f) => f.endsWith('.ts'));
const good = readdirSync(path.join(FIXTURES, 'allowed')).filter((f) => f.endsWith('.ts'));

describe('lint: layers inside the core', () => {
  it('has a fixture breaking every layer from below, in every form a module can be named', () => {
    const all = bad.map((f) => readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
    for (const form of [
      'import {',
      'import type',
      'require(',
      'import(',
      'export {',
      'import core = require',
      'typeof import(',
    ]) {
      expect(all, form).toContain(form);
    }
    // Every layer below `core` has a fixture importing upwards from it, and every layer above `foundation` is a target.
    const edges = [...all.matchAll(/^\/\/ expect: (\S+) -> (\S+)$/gm)].map((m) => [m[1], m[2]]);
    const from = new Set(edges.map(([f]) => f));
    const to = new Set(edges.map(([, t]) => t));
    for (const member of [
      'clock',
      'log',
      'net',
      'errors',
      'store',
      'webex',
      'events',
      'auth',
      'watch',
      'runbooks',
      'reading',
      'diagnostics',
    ])
      expect(from, member).toContain(member);
    for (const member of ['store', 'webex', 'auth', 'watch', 'runbooks', 'core']) expect(to, member).toContain(member);
    expect(all).toContain('(unplaced)');
  });

  it.each(bad)('%s fails lint with a layer error naming both sides', async (file) => {
    const { code, messages } = await lintAs(path.join(FIXTURES, file));
    const layer = messages.filter((m) => m.ruleId === 'ops/layers');
    expect(layer, JSON.stringify(messages)).toHaveLength(1);
    const message = layer[0]?.message ?? '';
    const edge = /^\/\/ expect: (\S+) -> (\S+)$/m.exec(code);
    const unplaced = /^\/\/ expect: (?:\S+ -> )?(\S+) \(unplaced\)$/m.exec(code);
    if (unplaced) {
      expect(message).toContain(`src/main/${unplaced[1]} is in no layer`);
    } else {
      expect(edge, 'fixture has an "// expect: from -> to" line').not.toBeNull();
      const [, self, member] = edge ?? [];
      expect(message).toMatch(
        new RegExp(
          `^src/main/${self} \\(layer '(${LAYERS.join('|')})'\\) may not import src/main/${member} \\(layer '(${LAYERS.join('|')})', above it\\)`,
        ),
      );
    }
  });

  it.each(good)('allowed/%s passes the layer rule', async (file) => {
    const { messages } = await lintAs(path.join(FIXTURES, 'allowed', file));
    expect(messages.filter((m) => m.ruleId === 'ops/layers')).toEqual([]);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
  });
});
