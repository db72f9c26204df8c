import { describe, expect, it } from 'vitest';
import { proxySettingsFromEnv, shouldBypassProxy } from '../../../src/main/net';

describe('shouldBypassProxy', () => {
  it('always bypasses loopback, even with an empty NO_PROXY', () => {
    expect(shouldBypassProxy('http://127.0.0.1:3000/v1', undefined)).toBe(true);
    expect(shouldBypassProxy('http://localhost:3000/v1', '')).toBe(true);
    expect(shouldBypassProxy('http://[::1]:3000/v1', 'example.com')).toBe(true);
    expect(shouldBypassProxy('https://webexapis.com/v1', undefined)).toBe(false);
  });

  it('matches hosts, subdomains, leading dots, wildcards, ports and IPv4 CIDRs', () => {
    const list = 'corp.example, .internal.net ,*.wild.org host.with.port:8443 10.0.0.0/8 [fd00::1]';
    expect(shouldBypassProxy('https://corp.example/x', list)).toBe(true);
    expect(shouldBypassProxy('https://a.corp.example/x', list)).toBe(true);
    expect(shouldBypassProxy('https://notcorp.example/x', list)).toBe(false);
    expect(shouldBypassProxy('https://svc.internal.net/x', list)).toBe(true);
    expect(shouldBypassProxy('https://internal.net/x', list)).toBe(true);
    expect(shouldBypassProxy('https://a.wild.org/x', list)).toBe(true);
    expect(shouldBypassProxy('https://host.with.port:8443/x', list)).toBe(true);
    expect(shouldBypassProxy('https://host.with.port/x', list)).toBe(false);
    expect(shouldBypassProxy('https://10.20.30.40/x', list)).toBe(true);
    expect(shouldBypassProxy('https://11.0.0.1/x', list)).toBe(false);
    expect(shouldBypassProxy('https://[fd00::1]/x', list)).toBe(true);
    expect(shouldBypassProxy('https://webexapis.com/v1', list)).toBe(false);
    expect(shouldBypassProxy('https://webexapis.com/v1', '*')).toBe(true);
  });
});

describe('proxySettingsFromEnv', () => {
  it('prefers HTTPS_PROXY, falls back to HTTP_PROXY, reads NO_PROXY in either case', () => {
    expect(
      proxySettingsFromEnv({ HTTPS_PROXY: 'http://p:3128', HTTP_PROXY: 'http://other:1', no_proxy: 'a.b' }),
    ).toEqual({
      proxyUrl: 'http://p:3128',
      noProxy: 'a.b',
    });
    expect(proxySettingsFromEnv({ http_proxy: 'http://q:8080' })).toEqual({ proxyUrl: 'http://q:8080' });
    expect(proxySettingsFromEnv({ HTTPS_PROXY: '  ' })).toEqual({});
  });
});
