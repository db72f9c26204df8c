import { describe, expect, it } from 'vitest';
import { RequestLog } from '../../../src/sim/core/stats';
import type { RequestRecord } from '../../../src/sim/types';

const rec = (i: number, extra: Partial<RequestRecord> = {}): RequestRecord => ({
  method: 'GET',
  path: `/v1/rooms/${i}`,
  query: {},
  status: 200,
  at: i,
  route: 'GET /rooms/{roomId}',
  trackingId: `T${i}`,
  ...extra,
});

describe('request log', () => {
  it('keeps the last N requests oldest first, and counts all of them', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.record(rec(i));
    expect(log.list().map((r) => r.at)).toEqual([2, 3, 4]);
    expect(log.stats()).toEqual({ requests: 5, byRoute: { 'GET /rooms/{roomId}': 5 }, byStatus: { '200': 5 } });
  });

  it('counts socket-level faults under their name, others under the status', () => {
    const log = new RequestLog();
    log.record(rec(1, { status: 0, fault: 'resetBefore' }));
    log.record(rec(2, { status: 200, fault: 'truncate' }));
    log.record(rec(3, { status: 429, fault: 'rateLimit' }));
    expect(log.stats().byStatus).toEqual({ resetBefore: 1, truncate: 1, '429': 1 });
    log.reset();
    expect(log.list()).toEqual([]);
    expect(log.stats().requests).toBe(0);
  });

  it('returns copies', () => {
    const log = new RequestLog();
    log.record(rec(1, { query: { max: '1' } }));
    const first = log.list()[0] as RequestRecord;
    first.query.max = 'changed';
    expect(log.list()[0]?.query.max).toBe('1');
  });
});
