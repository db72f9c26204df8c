import { describe, expect, it } from 'vitest';
import { buildUrl, decodeCursor, encodeCursor, nextLink, parseLinkHeader } from '../../../src/sim/core/link';

describe('Link header (docs/webex-api.md §3)', () => {
  it('builds one absolute next link with the parameters in order, encoded', () => {
    const link = nextLink('http://127.0.0.1:4000', '/v1/messages', [
      ['roomId', 'Y2lz+/='],
      ['max', '50'],
      ['beforeMessage', 'abc'],
    ]);
    expect(link).toBe('<http://127.0.0.1:4000/v1/messages?roomId=Y2lz%2B%2F%3D&max=50&beforeMessage=abc>; rel="next"');
  });

  it('parses what it builds (and commas inside <> do not split)', () => {
    const url = buildUrl('http://h:1', '/v1/people', [['id', 'a,b']]);
    expect(parseLinkHeader(`<${url}>; rel="next"`)).toEqual({ next: 'http://h:1/v1/people?id=a%2Cb' });
    expect(parseLinkHeader('<http://x/a?b=1,2>; rel="prev", <http://x/c>; rel="next"')).toEqual({
      prev: 'http://x/a?b=1,2',
      next: 'http://x/c',
    });
  });

  it('round-trips opaque cursors and rejects junk', () => {
    const c = encodeCursor([1700000000000, 'Y2lz']);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c)).toEqual(['1700000000000', 'Y2lz']);
    expect(decodeCursor('not a cursor!')).toBeUndefined();
  });
});
