import { describe, expect, it } from 'vitest';
import { findDeepLink, parseDeepLink } from '../../../src/main/app/deep-link';

describe('webex-ops:// links (untrusted input from other programs)', () => {
  it('accepts webex-ops://room/<id> with a URL-safe id', () => {
    const id = 'Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0';
    expect(parseDeepLink(`webex-ops://room/${id}`)).toBe(id);
    expect(parseDeepLink(`webex-ops://room/${id}/`)).toBe(id);
    expect(parseDeepLink('WEBEX-OPS://ROOM/abc_-1')).toBe('abc_-1');
  });

  it.each([
    'webex-ops://room/',
    'webex-ops://room',
    'webex-ops://room/a/b',
    'webex-ops://room/../../etc/passwd',
    'webex-ops://room/%2e%2e',
    'webex-ops://room/../abc',
    'webex-ops://room/./abc',
    'webex-ops://room/abc%20',
    ' webex-ops://room/abc',
    'webex-ops://room/abc\n',
    'webex-ops://room/abc?x=1',
    'webex-ops://room/abc#frag',
    'webex-ops://user:pw@room/abc',
    'webex-ops://room:8080/abc',
    'webex-ops://space/abc',
    'webex-ops://room/a b',
    'webex-ops://room/<script>',
    'https://room/abc',
    'webex-opsx://room/abc',
    'javascript:alert(1)',
    '',
    `webex-ops://room/${'a'.repeat(600)}`,
  ])('refuses %s', (link) => {
    expect(parseDeepLink(link)).toBeUndefined();
  });

  it('finds the first valid link on a command line (Windows and Linux pass it as an argument)', () => {
    expect(
      findDeepLink(['/opt/app', '--demo', 'webex-ops://room/../x', 'webex-ops://room/r1', 'webex-ops://room/r2']),
    ).toBe('r1');
    expect(findDeepLink(['/opt/app', '--flag=webex-ops://room/r1'])).toBeUndefined();
    expect(findDeepLink([])).toBeUndefined();
  });
});
