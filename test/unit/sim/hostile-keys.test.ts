/**
 * Names chosen by a client or a server — form fields, Link relations and parameters, route names, identity names —
 * that happen to be `Object.prototype` members stay ordinary keys in the simulator and the client (docs/security.md).
 */
import { describe, expect, it } from 'vitest';
import { parseLinkHeader as parseClientLinks } from '../../../src/main/webex/link';
import { redact } from '../../../src/main/log/redact';
import { parseLinkHeader } from '../../../src/sim/core/link';
import { RequestLog } from '../../../src/sim/core/stats';
import { jsonBody } from '../../../src/sim/http/params';
import type { RequestRecord } from '../../../src/sim/types';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('hostile keys stay own data', () => {
  it('form fields named like prototype members are own fields', () => {
    const out = jsonBody({ kind: 'form', fields: new Map(HOSTILE.map((k) => [k, [`v-${k}`]])), files: [] });
    for (const k of HOSTILE) expect(Object.getOwnPropertyDescriptor(out, k)?.value, k).toBe(`v-${k}`);
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('Link relations named like prototype members are own entries (simulator and client parsers)', () => {
    const header = HOSTILE.map((k) => `<https://x/${k}>; rel="${k}"`).join(', ');
    const sim = parseLinkHeader(header);
    for (const k of HOSTILE) expect(Object.getOwnPropertyDescriptor(sim, k)?.value, k).toBe(`https://x/${k}`);
    const client = parseClientLinks(`<https://x/a>; rel="next"; __proto__="p"; constructor="c"`);
    expect(Object.getOwnPropertyDescriptor(client[0]?.params, '__proto__')?.value).toBe('p');
    expect(Object.getOwnPropertyDescriptor(client[0]?.params, 'constructor')?.value).toBe('c');
  });

  it('request counters keyed by a prototype member name count, and do not inherit', () => {
    const log = new RequestLog(10);
    const rec = (route: string): RequestRecord =>
      ({ method: 'GET', path: '/', query: {}, status: 200, at: 0, route, trackingId: 't' }) as RequestRecord;
    log.record(rec('constructor'));
    log.record(rec('constructor'));
    log.record(rec('__proto__'));
    const stats = log.stats();
    expect(Object.getOwnPropertyDescriptor(stats.byRoute, 'constructor')?.value).toBe(2);
    expect(Object.getOwnPropertyDescriptor(stats.byRoute, '__proto__')?.value).toBe(1);
    expect(stats.byRoute.toString).toBe(Object.prototype.toString);
  });

  it('log fields named __proto__ are written as fields, not followed', () => {
    const fields: unknown = JSON.parse('{"__proto__": {"polluted": true}, "roomId": "r"}');
    const out = redact(fields) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(out.polluted).toBeUndefined();
    expect(JSON.stringify(out)).toContain('"__proto__"');
  });
});
