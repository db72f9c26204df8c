import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFixture, ROOT } from './lint-helpers';

const FIXTURES = path.join(ROOT, 'test/fixtures/lint/id-maps');

/**
 * `ids/no-plain-record` (scripts/eslint/id-maps.mjs): a string-keyed record filled or read with dynamic keys is a
 * Map or a null-prototype object (docs/security.md). Each fixture names the path it pretends to live at
 * (`// lint-as: src/...`) and is linted with the project's own eslint.config.mjs as if it were there (type-aware
 * rules off: the virtual file is in no tsconfig).
 */
const lintAs = async (file: string) => (await lintFixture(file)).messages;

const isFixture = (f: string): boolean => /\.tsx?$/.test(f);
const bad = readdirSync(FIXTURES).filter(isFixture);
const good = readdirSync(path.join(FIXTURES, 'allowed')).filter(isFixture);

describe('lint: id-keyed collections are Maps or null-prototype objects', () => {
  it('has fixtures for every form and every source tree', () => {
    const all = bad.map((f) => readFileSync(path.join(FIXTURES, f), 'utf8')).join('\n');
    for (const form of ['Record<string,', '[key: string]', 'as Record<string,', 'Readonly<Record', 'private ']) {
      expect(all, form).toContain(form);
    }
    for (const tree of ['src/main/', 'src/sim/', 'src/shared/', 'src/renderer/']) expect(all, tree).toContain(tree);
  });

  it.each(bad)('%s fails lint with ids/no-plain-record', async (file) => {
    const messages = await lintAs(path.join(FIXTURES, file));
    const found = messages.filter((m) => m.ruleId === 'ids/no-plain-record');
    expect(found.length, JSON.stringify(messages)).toBeGreaterThan(0);
  });

  it('the class-field fixture is flagged for each field', async () => {
    const messages = await lintAs(path.join(FIXTURES, 'main-class-field.ts'));
    expect(messages.filter((m) => m.ruleId === 'ids/no-plain-record').map((m) => m.line)).toEqual([4, 5]);
  });

  it('a write through a cast is seen too', async () => {
    const messages = await lintAs(path.join(FIXTURES, 'shared-cast-read.ts'));
    expect(messages.filter((m) => m.ruleId === 'ids/no-plain-record')).toHaveLength(2);
  });

  it.each(good)('allowed/%s passes', async (file) => {
    const messages = await lintAs(path.join(FIXTURES, 'allowed', file));
    expect(messages.filter((m) => m.ruleId === 'ids/no-plain-record')).toEqual([]);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
  });
});
