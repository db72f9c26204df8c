import { isIP } from 'node:net';
import { isLoopbackHost, unbracket } from './loopback';

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

interface NoProxyEntry {
  kind: 'all' | 'host' | 'suffix' | 'cidr4';
  value: string;
  port?: number;
  bits?: number;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/**
 * Parses a NO_PROXY list: comma/space separated; `*` (everything), `host`, `.host` / `*.host` (the host and its
 * subdomains — a bare `host` matches subdomains too, like curl), `host:port`, IPv4/IPv6 literals (`[::1]` or
 * `::1`), IPv4 CIDR (`10.0.0.0/8`).
 */
export function parseNoProxy(value: string | undefined): NoProxyEntry[] {
  if (!value) return [];
  const entries: NoProxyEntry[] = [];
  for (const raw of value.split(/[\s,]+/)) {
    let token = raw.trim().toLowerCase();
    if (!token) continue;
    if (token === '*') {
      entries.push({ kind: 'all', value: '*' });
      continue;
    }
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(token);
    if (cidr?.[1] && cidr[2] && isIP(cidr[1]) === 4) {
      entries.push({ kind: 'cidr4', value: cidr[1], bits: Math.min(32, Number(cidr[2])) });
      continue;
    }
    let port: number | undefined;
    if (isIP(token) !== 6) {
      const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(token);
      if (m?.[1] && m[2]) {
        token = m[1];
        port = Number(m[2]);
      }
    }
    token = unbracket(token);
    if (token.startsWith('*.')) token = token.slice(1);
    const entry: NoProxyEntry = token.startsWith('.')
      ? { kind: 'suffix', value: token.slice(1) }
      : { kind: 'host', value: token };
    if (port !== undefined) entry.port = port;
    entries.push(entry);
  }
  return entries;
}

/** Whether a request to `target` must bypass the proxy: loopback always does; then the NO_PROXY list decides. */
export function shouldBypassProxy(target: URL | string, noProxy: string | undefined): boolean {
  const url = typeof target === 'string' ? new URL(target) : target;
  const host = unbracket(url.hostname.toLowerCase()).replace(/\.$/, '');
  if (isLoopbackHost(host)) return true;
  const port = url.port ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0);
  for (const entry of parseNoProxy(noProxy)) {
    if (entry.kind === 'all') return true;
    if (entry.port !== undefined && entry.port !== port) continue;
    if (entry.kind === 'cidr4') {
      if (isIP(host) !== 4 || entry.bits === undefined) continue;
      const mask = entry.bits === 0 ? 0 : (~0 << (32 - entry.bits)) >>> 0;
      if ((ipv4ToInt(host) & mask) === (ipv4ToInt(entry.value) & mask)) return true;
      continue;
    }
    if (host === entry.value || host.endsWith(`.${entry.value}`)) return true;
  }
  return false;
}

export interface ProxyEnvSettings {
  proxyUrl?: string;
  noProxy?: string;
}

/** Reads HTTPS_PROXY / https_proxy (then HTTP_PROXY / http_proxy) and NO_PROXY / no_proxy from an environment. */
export function proxySettingsFromEnv(env: Record<string, string | undefined>): ProxyEnvSettings {
  const pick = (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = env[n]?.trim();
      if (v) return v;
    }
    return undefined;
  };
  const settings: ProxyEnvSettings = {};
  const proxyUrl = pick('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy');
  const noProxy = pick('NO_PROXY', 'no_proxy');
  if (proxyUrl) settings.proxyUrl = proxyUrl;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}
