import { describe, expect, it } from 'vitest';
import { parseRunbookText, MAX_FILE_BYTES } from '../../../src/main/runbooks/parse';
import { EXAMPLE_FILES } from '../../../src/main/runbooks/examples';

const FILE = 'runbooks/test.yaml';
const problems = (text: string) => {
  const r = parseRunbookText(FILE, text);
  return r.ok ? [] : r.problems;
};

describe('runbook files', () => {
  it.each(Object.entries(EXAMPLE_FILES))('the shipped example %s parses without a problem', (name, text) => {
    const r = parseRunbookText(`runbooks/${name}`, text);
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.ok && r.value.runbooks.length).toBeGreaterThan(0);
  });

  it('a schema error names line:column and the schema path', () => {
    const text = [
      'version: 1',
      'runbooks:',
      '  - id: sev',
      '    label: Sev',
      '    category: X',
      '    template: "{{severity}}"',
      '    variables:',
      '      severity:',
      '        label: Severity',
      '        choices: SEV1',
    ].join('\n');
    expect(problems(text)).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 10,
        column: 18,
        path: 'runbooks.0.variables.severity.choices',
        message: expect.stringMatching(/array/i),
      }),
    ]);
  });

  it('a YAML syntax error has its line and column', () => {
    const p = problems('version: 1\nrunbooks:\n  - id: [x\n');
    expect(p[0]).toMatchObject({ file: FILE, path: '' });
    expect(p[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('an unknown placeholder is a file error at the template', () => {
    const text = 'version: 1\nrunbooks:\n  - id: a\n    label: A\n    category: X\n    template: "Hi {{who}}"\n';
    expect(problems(text)).toEqual([
      expect.objectContaining({
        line: 6,
        column: 15,
        path: 'runbooks.0.template',
        message: 'unknown placeholder "{{who}}"',
      }),
    ]);
  });

  it('incident placeholders only in incident runbooks', () => {
    const text =
      'version: 1\nrunbooks:\n  - id: a\n    label: A\n    category: X\n    template: "{{incident.title}}"\n';
    expect(problems(text)[0]?.message).toBe('unknown placeholder "{{incident.title}}"');
  });

  it('refuses a file over the size limit before parsing it', () => {
    const big = `# ${'x'.repeat(10 * 1024 * 1024)}\nversion: 1\nrunbooks: []\n`;
    expect(problems(big)[0]?.message).toMatch(/at most 1 MB/);
    expect(MAX_FILE_BYTES).toBe(1024 * 1024);
  });

  it('refuses a YAML bomb with a clear error', () => {
    let s = 'a: &a [x,x,x,x,x,x,x,x,x]\n';
    let prev = 'a';
    for (let i = 0; i < 9; i++) {
      s += `b${i}: &b${i} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = `b${i}`;
    }
    expect(problems(s)[0]?.message).toMatch(/too many YAML aliases/);
  });

  it('refuses 10,000 runbooks with a clear error', () => {
    const one = '  - { id: r, label: R, category: C, template: t }\n';
    const text = `version: 1\nrunbooks:\n${one.repeat(10_000)}`;
    expect(problems(text)[0]?.message).toMatch(/refused: 10000 runbooks; a file may hold at most 500/);
  });

  it('checks patterns, defaults against choices, target lists and built-in names', () => {
    const text = [
      'version: 1',
      'runbooks:',
      '  - id: a',
      '    label: A',
      '    category: X',
      '    template: "{{v}} {{w}}"',
      '    targets: { list: missing }',
      '    variables:',
      '      v: { label: V, pattern: "(" }',
      '      w: { label: W, choices: [a, b], default: c }',
      '      now: { label: Now }',
    ].join('\n');
    const msgs = problems(text).map((p) => `${p.path}: ${p.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^runbooks\.0\.variables\.v\.pattern: not a valid regular expression/),
        'runbooks.0.variables.w.default: the default must be one of the choices',
        'runbooks.0.variables.now: "now" is a built-in name; choose another variable name',
        'runbooks.0.targets.list: no target list "missing" in this file\'s "targets"',
      ]),
    );
  });

  it('the definition hash changes with the definition only', () => {
    const a = parseRunbookText(FILE, 'version: 1\nrunbooks:\n  - { id: a, label: A, category: C, template: t }\n');
    const b = parseRunbookText(FILE, 'version: 1\nrunbooks:\n  - { label: A, id: a, category: C, template: t }\n');
    const c = parseRunbookText(FILE, 'version: 1\nrunbooks:\n  - { id: a, label: A, category: C, template: u }\n');
    const sha = (r: typeof a) => (r.ok ? r.value.runbooks[0]?.sha256 : undefined);
    expect(sha(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(sha(c));
  });
});

describe('README', () => {
  it('the runbook example in the README parses without a problem', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Runbooks'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const r = parseRunbookText('runbooks/readme.yaml', yaml);
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.ok && r.value.runbooks[0]?.spec.id).toBe('change-start');
  });
});
