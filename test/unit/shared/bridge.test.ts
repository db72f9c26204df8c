import { describe, expect, it, vi } from 'vitest';
import { createOpsBridge, type BridgeTransport } from '../../../src/shared/bridge';
import { INVOKE_CHANNELS, type EventBatch } from '../../../src/shared/contract/channels';

function transport(): BridgeTransport & { calls: [string, unknown][]; push(batch: EventBatch): void } {
  const listeners = new Set<(b: EventBatch) => void>();
  const calls: [string, unknown][] = [];
  return {
    calls,
    invoke: vi.fn(async (channel: string, payload: unknown) => {
      calls.push([channel, payload]);
      if (channel === 'app.info') throw new Error('pipe broken');
      if (channel === 'rooms.markAllRead') return 'not a result';
      return { ok: true, value: { echo: payload ?? null } };
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(batch) {
      for (const l of listeners) l(batch);
    },
  };
}

describe('createOpsBridge', () => {
  it('has one function per invoke channel, grouped by namespace, plus onEvents — and nothing else', () => {
    const ops = createOpsBridge(transport()) as unknown as Record<string, Record<string, unknown>>;
    for (const channel of INVOKE_CHANNELS) {
      const [ns, method] = channel.split('.') as [string, string];
      expect(typeof ops[ns]?.[method], channel).toBe('function');
    }
    const namespaces = new Set(INVOKE_CHANNELS.map((c) => c.split('.')[0]));
    expect(Object.keys(ops).sort()).toEqual([...namespaces, 'onEvents'].sort());
    const methodCount = Object.keys(ops)
      .filter((k) => k !== 'onEvents')
      .reduce((n, ns) => n + Object.keys(ops[ns] ?? {}).length, 0);
    expect(methodCount).toBe(INVOKE_CHANNELS.length);
  });

  it('is deeply frozen', () => {
    const ops = createOpsBridge(transport()) as unknown as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(ops)).toBe(true);
    expect(Object.isFrozen(ops.session)).toBe(true);
    expect(() => {
      (ops as Record<string, unknown>).session = {};
    }).toThrow();
  });

  it('passes channel and payload to the transport and returns its Result', async () => {
    const t = transport();
    const ops = createOpsBridge(t);
    const result = await ops.rooms.markRead({ roomId: 'r1' });
    expect(t.calls).toEqual([['rooms.markRead', { roomId: 'r1' }]]);
    expect(result).toEqual({ ok: true, value: { echo: { roomId: 'r1' } } });
  });

  it('turns transport failures and malformed answers into internal errors, never rejections', async () => {
    const ops = createOpsBridge(transport());
    await expect(ops.app.info()).resolves.toMatchObject({ ok: false, error: { kind: 'internal' } });
    await expect(ops.rooms.markAllRead()).resolves.toMatchObject({ ok: false, error: { kind: 'internal' } });
  });

  it('delivers event batches to listeners without the IPC event, and unsubscribes', () => {
    const t = transport();
    const ops = createOpsBridge(t);
    const seen: unknown[][] = [];
    const off = ops.onEvents((...args: unknown[]) => seen.push(args));
    t.push({ seq: 1, events: [] });
    off();
    off();
    t.push({ seq: 2, events: [] });
    expect(seen).toEqual([[{ seq: 1, events: [] }]]);
  });
});
