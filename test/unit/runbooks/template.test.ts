import { describe, expect, it } from 'vitest';
import { escapeMarkdownText, parseTemplate, renderTemplate, renderValue } from '../../../src/main/runbooks/template';

const known = (names: string[]) => (n: string) => names.includes(n);

describe('parseTemplate', () => {
  it('splits text and placeholders, tolerating spaces inside the braces', () => {
    const { template, problems } = parseTemplate('A {{ x }} and {{me.email}}.', known(['x', 'me.email']));
    expect(problems).toEqual([]);
    expect(template.names).toEqual(['x', 'me.email']);
    expect(renderTemplate(template, { values: { x: '1', 'me.email': 'e' } })).toBe('A 1 and e.');
  });

  it('an unknown name is a problem with its offset, never an empty string', () => {
    const { problems } = parseTemplate('Hi {{nope}}', known([]));
    expect(problems).toEqual([{ offset: 3, message: 'unknown placeholder "{{nope}}"' }]);
  });

  it('malformed and unclosed placeholders are problems', () => {
    expect(parseTemplate('{{a b}}', known(['a'])).problems[0]?.message).toContain('not a valid placeholder');
    expect(parseTemplate('text {{ open', known([])).problems[0]?.message).toBe('unclosed "{{"');
  });
});

describe('escaping values (kind text)', () => {
  const controls = [
    '\\',
    '`',
    '*',
    '_',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '#',
    '+',
    '-',
    '.',
    '!',
    '|',
    '>',
    '<',
    '~',
    '=',
  ];
  it.each(controls)('escapes the markdown control character %s', (c) => {
    expect(escapeMarkdownText(`a${c}b`)).toBe(`a\\${c}b`);
  });

  it('a mention in a value cannot notify anyone', () => {
    const out = escapeMarkdownText('<@all> and <@personEmail:a@b.c>');
    expect(out).not.toMatch(/(^|[^\\])<@/);
    expect(out).toBe('\\<\\@all\\> and \\<\\@personEmail\\:a\\@b\\.c\\>');
  });

  it('links and autolinks are defused', () => {
    expect(escapeMarkdownText('[x](https://evil.example)')).toBe('\\[x\\]\\(https\\:\\/\\/evil\\.example\\)');
    expect(escapeMarkdownText('<https://evil.example>')).toContain('\\<https\\:\\/\\/');
    expect(escapeMarkdownText('see https://x.example')).not.toContain('https://');
  });

  it('"{{" inside a value stays literal: values are not scanned again', () => {
    const { template } = parseTemplate('[{{v}}] {{w}}', known(['v', 'w']));
    const v = renderValue('text', '{{w}}');
    expect(v.ok).toBe(true);
    const out = renderTemplate(template, { values: { v: v.ok ? v.rendered : '', w: 'W' } });
    expect(out).toBe('[\\{\\{w\\}\\}] W');
  });

  it('keeps line breaks and drops indentation that would start a code block', () => {
    expect(escapeMarkdownText('one\r\n    two')).toBe('one  \ntwo');
  });
});

describe('kinds', () => {
  it('markdown keeps formatting but not mentions', () => {
    expect(renderValue('markdown', '**bold** <@all> [l](https://a.example)')).toEqual({
      ok: true,
      rendered: '**bold** \\<@all> [l](https://a.example)',
    });
  });

  it('mention takes an email or a person id, nothing else', () => {
    expect(renderValue('mention', 'lee@example.com')).toEqual({ ok: true, rendered: '<@personEmail:lee@example.com>' });
    expect(renderValue('mention', 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x')).toEqual({
      ok: true,
      rendered: '<@personId:Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x>',
    });
    expect(renderValue('mention', 'all>').ok).toBe(false);
    expect(renderValue('mention', 'a@b.c|Name> <@all').ok).toBe(false);
  });

  it('link takes http(s) URLs only and cannot break out of the autolink', () => {
    expect(renderValue('link', 'https://status.example/x?a=1')).toEqual({
      ok: true,
      rendered: '<https://status.example/x?a=1>',
    });
    expect(renderValue('link', 'javascript:alert(1)').ok).toBe(false);
    expect(renderValue('link', 'not a url').ok).toBe(false);
    const r = renderValue('link', 'https://a.example/<@all>');
    expect(r.ok && r.rendered).toBe('<https://a.example/%3C@all%3E>');
  });
});
