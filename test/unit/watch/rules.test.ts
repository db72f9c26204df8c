import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../../src/shared/contract/channels';
import { AppFailure } from '../../../src/main/errors';
import {
  compileRule,
  findNestedRepetition,
  matchRules,
  normaliseRuleInput,
  splitKeywords,
} from '../../../src/main/watch';
import { RegexTimeout, testRule } from '../../../src/main/watch/rules';

function rule(over: Partial<AlertRule>): AlertRule {
  return {
    id: 'r1',
    name: 'r',
    mode: 'keywords',
    pattern: 'CRITICAL',
    caseSensitive: false,
    critical: false,
    enabled: true,
    ...over,
  };
}

function failure(fn: () => unknown): AppFailure {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure);
    return e as AppFailure;
  }
  throw new Error('expected a failure');
}

const subject = (text: string, extra: Partial<{ roomId: string; personEmail: string }> = {}) => ({
  roomId: 'room-a',
  personEmail: 'alertbot@example.com',
  text,
  ...extra,
});

describe('keywords', () => {
  it('splits on commas and spaces', () => {
    expect(splitKeywords(' CRITICAL, sev1  db-7,,')).toEqual(['CRITICAL', 'sev1', 'db-7']);
  });

  it('match whole words, case-insensitively unless asked, any keyword', async () => {
    const compiled = compileRule(rule({ pattern: 'critical, db-7' }));
    const texts = ['**CRITICAL** disk', 'db-7 down', 'subcritical load', 'db-70 fine', 'all clear'];
    expect(await testRule(compiled, texts, 100)).toEqual([true, true, false, false, false]);
    const exact = compileRule(rule({ pattern: 'CRITICAL', caseSensitive: true }));
    expect(await testRule(exact, ['critical', 'CRITICAL'], 100)).toEqual([false, true]);
  });

  it('treat regex characters in keywords literally', async () => {
    const compiled = compileRule(rule({ pattern: 'a.b (x)' }));
    expect(await testRule(compiled, ['a.b here', 'axb here', '(x) here'], 100)).toEqual([true, false, true]);
  });

  it('refuse an empty keyword list on the pattern field', () => {
    const e = failure(() => compileRule(rule({ pattern: ' ,, ' })));
    expect(e.kind).toBe('invalidInput');
    expect(e.issues?.[0]?.path).toBe('pattern');
  });
});

describe('regular expressions', () => {
  it('an invalid regex is invalidInput naming the problem on pattern', () => {
    const e = failure(() => compileRule(rule({ mode: 'regex', pattern: 'db-(\\d+' })));
    expect(e.kind).toBe('invalidInput');
    expect(e.issues).toEqual([{ path: 'pattern', message: e.message }]);
    expect(e.message).toMatch(/^Invalid regular expression: .*(Unterminated group|missing \))/i);
  });

  it('refuses nested repetition and patterns matching empty text', () => {
    for (const p of ['^(a+)+$', '(\\w*)*x', '(x+y?){2,}', '((ab)+c)*']) {
      expect(findNestedRepetition(p)).toBeDefined();
      expect(failure(() => compileRule(rule({ mode: 'regex', pattern: p }))).message).toMatch(/exponential/);
    }
    for (const p of ['WARN(ING)?: db-\\d+', '[a+]+', 'a{2,3}(b)+', '\\(a+\\)+'])
      expect(findNestedRepetition(p)).toBeUndefined();
    expect(failure(() => compileRule(rule({ mode: 'regex', pattern: 'x*' }))).message).toMatch(/empty text/);
  });

  it('refuses patterns longer than 500 characters', () => {
    expect(failure(() => compileRule(rule({ mode: 'regex', pattern: 'a'.repeat(501) }))).message).toMatch(
      /longer than 500/,
    );
  });

  it('a pathological pattern that slips through times out instead of freezing the process', async () => {
    const compiled = compileRule(rule({ mode: 'regex', pattern: '^(a|aa)+$' }));
    // The pattern itself works on short text; it is the time limit that stops the pathological batch.
    expect(await testRule(compiled, ['aaaa', 'ab'], 50)).toEqual([true, false]);
    const result = await matchRules([compiled], [subject(`${'a'.repeat(40)}!`), subject('aaaa')], 50);
    expect(result.timedOut).toEqual(['r1']);
    expect(result.matches).toEqual([[], []]);
    await expect(testRule(compiled, [`${'a'.repeat(40)}!`], 50)).rejects.toThrow(RegexTimeout);
  });
});

describe('matching', () => {
  it('limits by sender and space, skips disabled rules, puts critical rules first', async () => {
    const rules = [
      compileRule(rule({ id: 'plain', pattern: 'down' })),
      compileRule(rule({ id: 'crit', pattern: 'down', critical: true })),
      compileRule(rule({ id: 'bot-only', pattern: 'down', senderEmail: 'alertbot@example.com' })),
      compileRule(rule({ id: 'room-b', pattern: 'down', roomIds: ['room-b'] })),
      compileRule(rule({ id: 'off', pattern: 'down', enabled: false })),
    ];
    const { matches } = await matchRules(
      rules,
      [subject('db down'), subject('db down', { personEmail: 'dana@example.com', roomId: 'room-b' })],
      100,
    );
    expect(matches[0]).toEqual(['crit', 'plain', 'bot-only']);
    expect(matches[1]).toEqual(['crit', 'plain', 'room-b']);
  });

  it('normalises input: lower-case sender, deduplicated rooms, keywords re-joined; a bad sender is invalid', () => {
    const normal = normaliseRuleInput(
      {
        name: ' Crit ',
        mode: 'keywords',
        pattern: 'a  b,c',
        caseSensitive: false,
        critical: true,
        enabled: true,
        senderEmail: ' Bot@Example.com ',
        roomIds: ['x', 'x'],
      },
      'id1',
    );
    expect(normal).toEqual({
      id: 'id1',
      name: 'Crit',
      mode: 'keywords',
      pattern: 'a, b, c',
      caseSensitive: false,
      critical: true,
      enabled: true,
      senderEmail: 'bot@example.com',
      roomIds: ['x'],
    });
    const e = failure(() =>
      normaliseRuleInput(
        {
          name: 'x',
          mode: 'keywords',
          pattern: 'a',
          caseSensitive: false,
          critical: false,
          enabled: true,
          senderEmail: 'not an email',
        },
        'id2',
      ),
    );
    expect(e.issues?.[0]?.path).toBe('senderEmail');
  });
});
