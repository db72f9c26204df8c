import type { RequestRecord, SimStats } from '../types';

const SOCKET_FAULTS: ReadonlySet<string> = new Set(['resetBefore', 'resetAfter', 'hang', 'truncate']);

/** Request counters and a bounded ring buffer of the last requests (for tests to assert what a client did). */
export class RequestLog {
  private total = 0;
  private readonly byRoute = new Map<string, number>();
  private readonly byStatus = new Map<string, number>();
  private readonly ring: (RequestRecord | undefined)[];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array<RequestRecord | undefined>(capacity);
  }

  record(rec: RequestRecord): void {
    this.total++;
    this.byRoute.set(rec.route, (this.byRoute.get(rec.route) ?? 0) + 1);
    const socketFault = rec.fault !== undefined && SOCKET_FAULTS.has(rec.fault);
    const statusKey = socketFault ? (rec.fault as string) : String(rec.status);
    this.byStatus.set(statusKey, (this.byStatus.get(statusKey) ?? 0) + 1);
    this.ring[this.next] = rec;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  stats(): SimStats {
    return {
      requests: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
    };
  }

  reset(): void {
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }

  /** Oldest first. */
  list(): RequestRecord[] {
    const out: RequestRecord[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const rec = this.ring[(start + i) % this.capacity];
      if (rec) out.push({ ...rec, query: { ...rec.query } });
    }
    return out;
  }
}
