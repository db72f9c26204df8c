import { describe, expect, it } from 'vitest';
import { findNextLink, parseLinkHeader, restoreDroppedParams } from '../../../src/main/webex';

describe('parseLinkHeader / findNextLink', () => {
  it('reads the Webex form', () => {
    const h = '<https://webexapis.com/v1/messages?roomId=R&max=50&beforeMessage=M>; rel="next"';
    expect(findNextLink(h)).toBe('https://webexapis.com/v1/messages?roomId=R&max=50&beforeMessage=M');
  });

  it('handles several comma-separated values, commas inside <> and quoted params, any param order, unquoted rel', () => {
    const h =
      '<https://x.test/v1/a?ids=1,2,3>; title="a, b; c"; rel="prev", ' +
      '<https://x.test/v1/a?ids=4,5&after=Z>;rel=next;title="x"';
    const links = parseLinkHeader(h);
    expect(links).toHaveLength(2);
    expect(links[0]?.rels).toEqual(['prev']);
    expect(links[0]?.params.title).toBe('a, b; c');
    expect(findNextLink(h)).toBe('https://x.test/v1/a?ids=4,5&after=Z');
  });

  it('handles multiple header lines, multi-valued rel, letter case and odd spacing', () => {
    expect(findNextLink(['<https://x.test/1>; rel="first"', '  < https://x.test/2 >  ;  REL = "Last Next" '])).toBe(
      'https://x.test/2',
    );
    expect(findNextLink('<https://x.test/3>; Rel=NEXT')).toBe('https://x.test/3');
  });

  it('returns undefined without a next link and skips garbage', () => {
    expect(findNextLink(undefined)).toBeUndefined();
    expect(findNextLink('')).toBeUndefined();
    expect(findNextLink('<https://x.test/1>; rel="prev"')).toBeUndefined();
    expect(findNextLink('garbage; rel=next, <https://x.test/ok>; rel=next')).toBe('https://x.test/ok');
    expect(findNextLink('<https://x.test/nrel>')).toBeUndefined();
  });
});

describe('restoreDroppedParams', () => {
  const original = new URLSearchParams('roomId=R&mentionedPeople=me&max=100&parentId=P');

  it('re-adds parameters the server dropped (mentionedPeople, max, roomId, parentId)', () => {
    const next = restoreDroppedParams(new URL('https://x.test/v1/messages?beforeMessage=C'), original);
    expect(next.searchParams.get('beforeMessage')).toBe('C');
    expect(next.searchParams.get('mentionedPeople')).toBe('me');
    expect(next.searchParams.get('max')).toBe('100');
    expect(next.searchParams.get('roomId')).toBe('R');
    expect(next.searchParams.get('parentId')).toBe('P');
  });

  it('never overwrites what the server put there (its cursor, a clamped max) and replaces max=null', () => {
    const orig = new URLSearchParams('roomId=R&beforeMessage=OLD&max=1000');
    const next = restoreDroppedParams(new URL('https://x.test/v1/messages?roomId=R&beforeMessage=NEW&max=500'), orig);
    expect(next.searchParams.get('beforeMessage')).toBe('NEW');
    expect(next.searchParams.get('max')).toBe('500');
    const nulled = restoreDroppedParams(
      new URL('https://x.test/v1/rooms?max=null&cursor=abc'),
      new URLSearchParams('max=1000'),
    );
    expect(nulled.searchParams.get('max')).toBe('1000');
    expect(nulled.searchParams.get('cursor')).toBe('abc');
  });

  it('keeps the URL untouched (opaque) when nothing is missing', () => {
    const raw = 'https://x.test/v1/rooms?max=10&before&after=Y2lz%3D';
    const next = restoreDroppedParams(new URL(raw), new URLSearchParams('max=10'));
    expect(next.href).toBe(raw);
  });
});
