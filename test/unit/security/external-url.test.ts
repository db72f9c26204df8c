import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from '../../../src/main/security/external-url';

describe('checkExternalUrl', () => {
  it('passes https and mailto, re-serialized', () => {
    expect(checkExternalUrl('https://developer.webex.com/docs')).toBe('https://developer.webex.com/docs');
    expect(checkExternalUrl('HTTPS://Example.COM/a b')).toBe('https://example.com/a%20b');
    expect(checkExternalUrl('mailto:noc@example.com')).toBe('mailto:noc@example.com');
  });

  it.each([
    'http://example.com/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'app://ops/index.html',
    'smb://server/share',
    'not a url',
    'https://user:pw@example.com/',
  ])('refuses %s with invalidInput', (url) => {
    expect(() => checkExternalUrl(url)).toThrow(expect.objectContaining({ kind: 'invalidInput' }));
  });
});
