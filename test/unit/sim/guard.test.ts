import { describe, expect, it } from 'vitest';
import { guardedStringify, guardText } from '../../../src/sim/core/guard';

describe('null guard (absent fields are omitted, never null)', () => {
  it('drops null properties and null array items at any depth', () => {
    expect(guardedStringify({ a: 1, b: null, c: { d: null, e: [1, null, { f: null }] } })).toBe(
      '{"a":1,"c":{"e":[1,{}]}}',
    );
    expect(guardedStringify({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('leaves strings that merely contain "null" untouched', () => {
    const value = { text: 'x:null, [null] {"a":null}' };
    expect(guardedStringify(value)).toBe(JSON.stringify(value));
    expect(guardText(JSON.stringify(value))).toBe(JSON.stringify(value));
  });

  it('re-serializes pre-serialized text only when it really has a null', () => {
    expect(guardText('{"items":[{"a":null,"b":2}]}')).toBe('{"items":[{"b":2}]}');
    const clean = '{"items":[{"b":2}]}';
    expect(guardText(clean)).toBe(clean);
  });
});

describe('list page assembly', () => {
  it('joins item bytes into {"items":[…]}', async () => {
    const { joinItems } = await import('../../../src/sim/http/respond');
    expect(joinItems([]).toString()).toBe('{"items":[]}');
    expect(JSON.parse(joinItems([Buffer.from('{"a":1}'), Buffer.from('{"b":"é"}')]).toString('utf8'))).toEqual({
      items: [{ a: 1 }, { b: 'é' }],
    });
  });
});
