import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/main/errors';
import { DEFAULT_API_BASE_URL, checkBaseUrl, isLoopbackHost } from '../../../src/main/net';

function rejects(url: string): AppFailure {
  try {
    checkBaseUrl(url);
  } catch (e) {
    expect(e).toBeInstanceOf(AppFailure);
    return e as AppFailure;
  }
  throw new Error(`expected ${url} to be rejected`);
}

describe('checkBaseUrl', () => {
  it('accepts https anywhere and normalises away the trailing slash, keeping /v1', () => {
    expect(checkBaseUrl('https://webexapis.com/v1/').href).toBe('https://webexapis.com/v1');
    expect(checkBaseUrl('https://webexapis.com/v1').href).toBe('https://webexapis.com/v1');
    expect(checkBaseUrl('  https://api-usgov.webex.com/v1//  ').href).toBe('https://api-usgov.webex.com/v1');
    expect(checkBaseUrl('https://example.com:8443/api/v1').href).toBe('https://example.com:8443/api/v1');
    expect(checkBaseUrl(DEFAULT_API_BASE_URL).href).toBe('https://webexapis.com/v1');
  });

  it('accepts http only on loopback', () => {
    expect(checkBaseUrl('http://127.0.0.1:3210/v1/').href).toBe('http://127.0.0.1:3210/v1');
    expect(checkBaseUrl('http://127.8.9.10/v1').hostname).toBe('127.8.9.10');
    expect(checkBaseUrl('http://localhost:8080/v1').hostname).toBe('localhost');
    expect(checkBaseUrl('http://[::1]:8080/v1').hostname).toBe('[::1]');
  });

  it('rejects http on other hosts, other schemes, credentials, queries and garbage with configInvalid', () => {
    for (const bad of [
      'http://webexapis.com/v1',
      'http://10.0.0.1/v1',
      'http://128.0.0.1/v1',
      'http://localhost.evil.com/v1',
      'ftp://webexapis.com/v1',
      'file:///etc/passwd',
      'https://user:secret@webexapis.com/v1',
      'https://webexapis.com/v1?x=1',
      'https://webexapis.com/v1#frag',
      'not a url',
      '',
    ]) {
      const e = rejects(bad);
      expect(e.kind).toBe('configInvalid');
      expect(e.message).not.toContain('secret');
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8, ::1 and localhost', () => {
    for (const h of [
      '127.0.0.1',
      '127.255.255.254',
      'localhost',
      'LOCALHOST',
      'app.localhost',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      '[::ffff:7f00:1]',
    ]) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['128.0.0.1', '10.0.0.1', '::2', 'example.com', 'localhost.example.com', '0.0.0.0', '']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});
