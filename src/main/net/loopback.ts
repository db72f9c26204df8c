import { isIP } from 'node:net';

/** Strips the brackets URL.hostname keeps around IPv6 literals. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Whether `host` (a URL hostname, bracketed IPv6 allowed) is the local machine: `localhost` (and `*.localhost`),
 * 127.0.0.0/8, `::1`, or an IPv4-mapped loopback (`::ffff:127.x.y.z`).
 */
export function isLoopbackHost(host: string): boolean {
  const h = unbracket(host.trim().toLowerCase()).replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const family = isIP(h);
  if (family === 4) return h.split('.')[0] === '127';
  if (family === 6) {
    if (h === '::1' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(h) || h === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (mapped?.[1]) return mapped[1].split('.')[0] === '127';
    // WHATWG URL parsing turns ::ffff:127.0.0.1 into ::ffff:7f00:1
    const mappedHex = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(h);
    if (mappedHex?.[1]) return parseInt(mappedHex[1], 16) >> 8 === 127;
  }
  return false;
}
