import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, IPC_EVENTS_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/contract/channels';
import { createFakeContextBridge } from '../app/fake-electron';

const ROOT = path.resolve(__dirname, '../../..');
const PRELOAD = path.join(ROOT, 'out/preload/index.js');

/**
 * Loads the BUILT preload as Electron's sandboxed preload would: one CommonJS script whose `require` knows only
 * 'electron'. A fake contextBridge records what is exposed, copying it the way Electron does.
 */
function loadPreload() {
  if (!existsSync(PRELOAD)) throw new Error(`${PRELOAD} is missing: run \`npm run build\` first (npm test does).`);
  const code = readFileSync(PRELOAD, 'utf8');
  const exposed = new Map<string, unknown>();
  const invokes: unknown[][] = [];
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const requested: string[] = [];
  const bridge = createFakeContextBridge();
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        bridge.exposeInMainWorld(key, api);
        exposed.set(key, bridge.world[key]);
      },
    },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invokes.push(structuredClone(args));
        return { ok: true, value: { seq: 0 } };
      },
      on(channel: string, listener: (...args: unknown[]) => void) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
      removeListener(channel: string, listener: (...args: unknown[]) => void) {
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
      },
    },
  };
  const sandboxRequire = (id: string): unknown => {
    requested.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id} (a sandboxed preload can only require 'electron')`);
  };
  const module = { exports: {} };
  vm.runInNewContext(
    code,
    { require: sandboxRequire, module, exports: module.exports, console },
    { filename: PRELOAD },
  );
  return { exposed, invokes, listeners, requested, code };
}

describe('built preload (out/preload/index.js)', () => {
  it('requires only electron', () => {
    const { requested, code } = loadPreload();
    expect(requested).toEqual(['electron']);
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bzod\b/);
  });

  it('exposes window.ops with every invoke channel and onEvents, and nothing of ipcRenderer', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['ops']);
    const ops = exposed.get('ops') as Record<string, Record<string, unknown>>;
    for (const channel of INVOKE_CHANNELS) {
      const [ns, method] = channel.split('.') as [string, string];
      expect(typeof ops[ns]?.[method], channel).toBe('function');
    }
    expect(typeof ops.onEvents).toBe('function');
    const text = JSON.stringify(Object.keys(ops));
    expect(text).not.toMatch(/ipcRenderer|send|invoke/);
  });

  it('invokes go out on the one invoke channel as (channel, payload); events come in on the events channel', async () => {
    const { exposed, invokes, listeners } = loadPreload();
    const ops = exposed.get('ops') as {
      rooms: { markRead(p: unknown): Promise<unknown> };
      onEvents(cb: (...args: unknown[]) => void): () => void;
    };
    await expect(ops.rooms.markRead({ roomId: 'r1' })).resolves.toEqual({ ok: true, value: { seq: 0 } });
    expect(invokes).toEqual([[IPC_INVOKE_CHANNEL, 'rooms.markRead', { roomId: 'r1' }]]);
    const got: unknown[][] = [];
    const off = ops.onEvents((...args) => got.push(args));
    const ipcEvent = { sender: 'IPC EVENT OBJECT' };
    for (const l of listeners.get(IPC_EVENTS_CHANNEL) ?? []) l(ipcEvent, { seq: 1, events: [] });
    expect(got).toEqual([[{ seq: 1, events: [] }]]);
    off();
    expect(listeners.get(IPC_EVENTS_CHANNEL)).toEqual([]);
  });

  it('survives the context bridge copy: window.ops is a frozen copy the page cannot rewire', () => {
    const { exposed } = loadPreload();
    const ops = exposed.get('ops') as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(ops)).toBe(true);
    expect(Object.isFrozen(ops.rooms)).toBe(true);
    expect(() => {
      (ops as Record<string, unknown>).rooms = {};
    }).toThrow(TypeError);
    expect(() => {
      (ops.rooms as Record<string, unknown>).markRead = () => undefined;
    }).toThrow(TypeError);
  });
});
