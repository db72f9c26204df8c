import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFixture, ROOT } from './lint-helpers';

const FIXTURES = path.join(ROOT, 'test/fixtures/lint');

/**
 * Each fixture names the path it pretends to live at (`// lint-as: src/...`); it is linted with the project's own
 * eslint.config.mjs as if it were there. Type-aware rules are switched off: the virtual file is in no tsconfig.
 */
const lintAs = async (file: string) => (await lintFixture(file)).messages;

const bad = readdirSync(FIXTURES).filter((f) => f.endsWith('.ts'));
const good = readdirSync(path.join(FIXTURES, 'allowed')).filter((f) => f.endsWith('.ts'));

describe('lint: architecture borders', () => {
  it('has fixtures for every form a module can be named in', () => {
    const all = bad.map((f) => readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
    for (const form of ['import {', 'import type', 'require(', 'import(', "from '../../main", "'fs'", "'node:fs'"]) {
      expect(all, form).toContain(form);
    }
  });

  it.each(bad)('%s fails lint with a border error', async (file) => {
    const messages = await lintAs(path.join(FIXTURES, file));
    const border = messages.filter((m) => m.ruleId === 'ops/borders');
    expect(border.length, JSON.stringify(messages)).toBeGreaterThan(0);
  });

  it.each(good)('allowed/%s passes the border rule', async (file) => {
    const messages = await lintAs(path.join(FIXTURES, 'allowed', file));
    expect(messages.filter((m) => m.ruleId === 'ops/borders')).toEqual([]);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
  });
});
