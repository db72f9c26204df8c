import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../src/shared/contract/channels';
import { FINISHED_OPS_KEPT, applyEvent } from '../../src/renderer/src/store/apply';
import { listOf } from '../../src/renderer/src/store/collection';
import { initialState, isDeleted, type OpsStore } from '../../src/renderer/src/store/store';
import { message, room } from './fake-bridge';

function reduce(state: OpsStore, ...events: CoreEvent[]): OpsStore {
  return events.reduce((s, e) => ({ ...s, ...applyEvent(s, e) }), state);
}

describe('store reducers', () => {
  it('normalises rooms by id in main order and upserts idempotently', () => {
    const s0 = reduce(initialState(), {
      type: 'rooms.reset',
      state: {
        rooms: [
          room('old', { lastActivity: '2026-01-01T00:00:00.000Z' }),
          room('new', { lastActivity: '2026-01-03T00:00:00.000Z' }),
        ],
      },
    });
    expect(s0.rooms.ids).toEqual(['new', 'old']);
    const upsert: CoreEvent = {
      type: 'rooms.upsert',
      rooms: [room('old', { lastActivity: '2026-01-04T00:00:00.000Z', unread: 2 })],
    };
    const s1 = reduce(s0, upsert);
    const s2 = reduce(s1, upsert);
    expect(s1.rooms.ids).toEqual(['old', 'new']);
    expect(s2.rooms.ids).toEqual(s1.rooms.ids);
    expect(s2.rooms.byId.get('old')?.unread).toBe(2);
    expect(s2.rooms.byId.size).toBe(2);
  });

  it('keeps ids such as __proto__ as data, never touching Object.prototype', () => {
    const s = reduce(initialState(), { type: 'rooms.upsert', rooms: [room('__proto__'), room('constructor')] });
    expect(s.rooms.byId.get('__proto__')?.title).toBe('__proto__');
    expect(
      listOf(s.rooms)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).title).toBeUndefined();
    const ops = reduce(initialState(), { type: 'op.progress', opId: '__proto__', op: 'session.oauth', message: 'm' });
    expect(ops.ops.get('__proto__')?.message).toBe('m');
    expect(({} as Record<string, unknown>).opId).toBeUndefined();
  });

  it('removes by id and ignores messages of another space', () => {
    let s = reduce(initialState(), {
      type: 'messages.reset',
      state: {
        roomId: 'r1',
        messages: [message('b', { created: '2026-01-05T10:01:00.000Z' }), message('a')],
        loading: false,
      },
    });
    expect(s.messages.ids).toEqual(['a', 'b']);
    s = reduce(s, { type: 'messages.upsert', roomId: 'other', messages: [message('x', { roomId: 'other' })] });
    expect(s.messages.byId.has('x')).toBe(false);
    s = reduce(s, { type: 'messages.remove', roomId: 'r1', ids: ['a', 'unknown'] });
    expect(s.messages.ids).toEqual(['b']);
  });

  it('a message deleted at Webex keeps its place as a mark without content; one that slid out goes', () => {
    let s = reduce(initialState(), {
      type: 'messages.reset',
      state: {
        roomId: 'r1',
        loading: false,
        messages: [message('a', { text: 'secret plan', files: [{ ref: 'f1', name: 'plan.pdf' }] }), message('b')],
      },
    });
    s = reduce(s, { type: 'messages.remove', roomId: 'r1', ids: ['a', 'unknown'], reason: 'deleted' });
    expect(s.messages.ids).toEqual(['a', 'b']);
    const mark = s.messages.byId.get('a');
    expect(mark && isDeleted(mark)).toBe(true);
    expect(JSON.stringify(mark)).not.toContain('secret plan');
    expect(JSON.stringify(mark)).not.toContain('plan.pdf');
    s = reduce(s, { type: 'messages.remove', roomId: 'r1', ids: ['b'] });
    expect(s.messages.ids).toEqual(['a']);
  });

  it('prunes finished ops beyond the newest ones and keeps running ones', () => {
    let s = reduce(initialState(), { type: 'op.progress', opId: 'running', op: 'session.oauth', message: 'waiting' });
    for (let i = 0; i < FINISHED_OPS_KEPT + 5; i++) {
      s = reduce(s, {
        type: 'op.done',
        opId: `done-${i}`,
        op: 'session.oauth',
        result: { ok: false, error: { kind: 'cancelled', message: 'c' } },
      });
    }
    expect(s.ops.has('running')).toBe(true);
    expect([...s.ops.values()].filter((o) => o.done).length).toBe(FINISHED_OPS_KEPT);
    expect(s.ops.has('done-0')).toBe(false);
    expect(s.ops.has(`done-${FINISHED_OPS_KEPT + 4}`)).toBe(true);
  });

  it('a rooms.reset (another identity) drops what was found, fetched and previewed for the previous one', () => {
    const before: OpsStore = {
      ...initialState(),
      roomSearches: new Map([['sidebar', { key: 'all|', rooms: [room('x')], total: 1, complete: true }]]),
      files: new Map([['f', { ref: 'f', name: 'a.log', contentType: 'text/plain' }]]),
      previews: new Map([['f', { ref: 'f', reason: 'notImage' as const }]]),
    };
    const after = reduce(before, { type: 'rooms.reset', state: { rooms: [] } });
    expect(after.roomSearches.size).toBe(0);
    expect(after.files.size).toBe(0);
    expect(after.previews.size).toBe(0);
  });

  it('numbers focus requests from the state, not from module state', () => {
    const focus: CoreEvent = { type: 'ui.focusRoom', roomId: 'r1' };
    const a = reduce(initialState(), focus, focus);
    const b = reduce(initialState(), focus, focus);
    expect(a.focusRequest).toEqual({ roomId: 'r1', nonce: 2 });
    // A second store (a second window, a test) starts from the same number: the reducer is pure.
    expect(b.focusRequest).toEqual(a.focusRequest);
  });
});
