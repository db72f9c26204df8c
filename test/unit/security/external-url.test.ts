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

  it('allows http only to loopback, and only when main asks for it (its own OAuth URL)', () => {
    expect(() => checkExternalUrl('http://127.0.0.1:8080/v1/authorize')).toThrow(/Only https/);
    expect(checkExternalUrl('http://127.0.0.1:8080/v1/authorize?x=1', { allowLoopbackHttp: true })).toBe(
      'http://127.0.0.1:8080/v1/authorize?x=1',
    );
    expect(checkExternalUrl('http://localhost:9/a', { allowLoopbackHttp: true })).toBe('http://localhost:9/a');
    expect(() => checkExternalUrl('http://example.com/', { allowLoopbackHttp: true })).toThrow(/Only https/);
    expect(() => checkExternalUrl('http://10.0.0.1/', { allowLoopbackHttp: true })).toThrow(/Only https/);
  });
});
