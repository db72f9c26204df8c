import { describe, expect, it } from 'vitest';
import { hueOf, initialsOf, plainTextOf, replyCounts, utcTooltip } from '../../src/renderer/src/features/messages/body';
import { mentionsToText } from '../../src/renderer/src/features/messages/MessageBody';
import { describeError, wordsFor } from '../../src/renderer/src/errors/describe';

describe('message body helpers', () => {
  it('initials from names and e-mail addresses', () => {
    expect(initialsOf('Dana Ops')).toBe('DO');
    expect(initialsOf('Jean-Luc van der Berg')).toBe('JB');
    expect(initialsOf('ops-bot@example.com')).toBe('OB');
    expect(initialsOf('élodie')).toBe('É');
    expect(initialsOf('***')).toBe('?');
  });

  it('plain text for a message whose markdown shows nothing: Webex text first, else the source', () => {
    expect(plainTextOf({ markdown: '<img src=x onerror=alert(1)>', text: 'img' })).toBe('img');
    expect(plainTextOf({ markdown: '<b onmouseover=x>hi</b>', text: '  ' })).toBe('<b onmouseover=x>hi</b>');
  });

  it('UTC tooltips, stable hues and reply counts', () => {
    expect(utcTooltip('2026-01-05T14:03:07.123Z')).toBe('2026-01-05 14:03:07 UTC');
    expect(utcTooltip('not a date')).toBe('not a date');
    expect(hueOf('person-1')).toBe(hueOf('person-1'));
    expect(hueOf('x')).toBeGreaterThanOrEqual(0);
    expect(replyCounts([{ id: 'p' }, { id: 'a', parentId: 'p' }, { id: 'b', parentId: 'p' }])).toEqual(
      new Map([['p', 2]]),
    );
  });

  it('mentions become bold names, never raw markup', () => {
    expect(mentionsToText('hi <@personEmail:a@b.c|Dana> and <@all>')).toBe('hi **@Dana** and **@all**');
    expect(mentionsToText('<@personId:abc>')).toBe('**@abc**');
  });
});

describe('describeError', () => {
  it('names the error, adds the hint and the references to quote', () => {
    const words = describeError({ kind: 'rateLimited', message: 'x', trackingId: 'T1', correlationId: 'C1' });
    expect(words.title).toBe(wordsFor('rateLimited').title);
    expect(words.detail).toContain('Tracking id: T1');
    expect(words.detail).toContain('Reference: C1');
  });

  it('lists input issues instead of the generic hint, and says when delivery is unknown', () => {
    const invalid = describeError({
      kind: 'invalidInput',
      message: 'x',
      issues: [{ path: 'a', message: 'Too long.' }],
    });
    expect(invalid.detail).toBe('Too long.');
    expect(describeError({ kind: 'timeout', message: 'x', delivery: 'unknown' }).detail).toContain(
      'may or may not have been delivered',
    );
  });
});
