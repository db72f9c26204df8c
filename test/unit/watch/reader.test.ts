import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/main/errors';
import { isAtOrBelow, readRoom, type PageSource } from '../../../src/main/watch';
import type { Message } from '../../../src/main/webex';

/** A room of messages m0…m(n-1), m(n-1) newest, one second apart; pages newest first like Webex. */
function room(n: number, start = Date.UTC(2026, 0, 5, 9)) {
  const messages: Message[] = Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    roomId: 'r',
    roomType: 'group',
    personId: 'p',
    personEmail: 'p@example.com',
    text: `t${i}`,
    created: new Date(start + i * 1000).toISOString(),
  }));
  const requests: { beforeMessage?: string; before?: string }[] = [];
  const deleted = new Set<string>();
  const source = (pageSize: number): PageSource =>
    async function* pages(query) {
      requests.push({ ...query });
      let index = messages.length - 1;
      if (query.beforeMessage !== undefined) {
        if (deleted.has(query.beforeMessage)) throw new AppFailure('notFound', 'gone');
        index = messages.findIndex((m) => m.id === query.beforeMessage) - 1;
      }
      if (query.before !== undefined) {
        const t = Date.parse(query.before);
        while (index >= 0 && Date.parse((messages[index] as Message).created) >= t) index -= 1;
      }
      for (;;) {
        const items: Message[] = [];
        while (index >= 0 && items.length < pageSize) {
          const m = messages[index] as Message;
          if (!deleted.has(m.id)) items.push(m);
          index -= 1;
        }
        const hasNext = index >= 0;
        yield { items, hasNext };
        if (!hasNext) return;
        requests.push({ beforeMessage: items[items.length - 1]?.id });
      }
    };
  return { messages, requests, deleted, source };
}

const never = (): boolean => false;
const notFound = (e: unknown): boolean => e instanceof AppFailure && e.kind === 'notFound';
const ids = (list: Message[]): string[] => list.map((m) => m.id);

describe('isAtOrBelow', () => {
  it('stops at the id, or at anything older; without an id at created ≤ the floor', () => {
    const stop = { id: 'b', created: '2026-01-05T09:00:01.000Z' };
    expect(isAtOrBelow({ id: 'b', created: '2026-01-05T09:00:01.000Z' }, stop)).toBe(true);
    expect(isAtOrBelow({ id: 'x', created: '2026-01-05T09:00:01.000Z' }, stop)).toBe(false);
    expect(isAtOrBelow({ id: 'x', created: '2026-01-05T09:00:00.999Z' }, stop)).toBe(true);
    expect(isAtOrBelow({ id: 'x', created: '2026-01-05T09:00:01.000Z' }, { created: stop.created })).toBe(true);
    expect(isAtOrBelow({ id: 'x', created: '2026-01-05T10:00:01.000+01:00' }, { created: stop.created })).toBe(true);
  });
});

describe('readRoom', () => {
  it('reads newest first to the last seen id, one page when it is on it', async () => {
    const r = room(30);
    const out = await readRoom(
      r.source(10),
      { head: { id: 'm25', created: (r.messages[25] as Message).created }, floor: '', gaps: [], maxPages: 3 },
      never,
      notFound,
    );
    expect(ids(out.fresh)).toEqual(['m26', 'm27', 'm28', 'm29']);
    expect(out.head?.id).toBe('m29');
    expect(out.gaps).toEqual([]);
    expect(r.requests).toHaveLength(1);
  });

  it('follows next only while the whole page is new; beyond the budget a gap is kept and filled later', async () => {
    const r = room(100);
    const head = { id: 'm9', created: (r.messages[9] as Message).created };
    const first = await readRoom(r.source(20), { head, floor: '', gaps: [], maxPages: 2 }, never, notFound);
    expect(ids(first.fresh)).toEqual(Array.from({ length: 40 }, (_, i) => `m${60 + i}`));
    expect(first.gaps).toEqual([{ beforeId: 'm60', beforeCreated: (r.messages[60] as Message).created, stop: head }]);
    expect(r.requests).toHaveLength(2);
    // Three more messages arrive; the next read takes them, then continues the gap with the remaining page.
    r.messages.push(
      ...[100, 101, 102].map((i) => ({
        ...(r.messages[0] as Message),
        id: `m${i}`,
        created: new Date(Date.UTC(2026, 0, 5, 9) + i * 1000).toISOString(),
      })),
    );
    const second = await readRoom(
      r.source(20),
      { head: first.head as { id: string; created: string }, floor: '', gaps: first.gaps, maxPages: 2 },
      never,
      notFound,
    );
    expect(ids(second.fresh)).toEqual([...Array.from({ length: 20 }, (_, i) => `m${40 + i}`), 'm100', 'm101', 'm102']);
    expect(second.gaps).toHaveLength(1);
    const third = await readRoom(
      r.source(20),
      { head: second.head as { id: string; created: string }, floor: '', gaps: second.gaps, maxPages: 3 },
      never,
      notFound,
    );
    expect(ids(third.fresh)).toEqual(Array.from({ length: 30 }, (_, i) => `m${10 + i}`));
    expect(third.gaps).toEqual([]);
    const all = [...first.fresh, ...second.fresh, ...third.fresh].map((m) => m.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(93);
  });

  it('without a last seen id, stops at created ≤ floor and learns the newest id', async () => {
    const r = room(10);
    const floor = (r.messages[6] as Message).created;
    const out = await readRoom(r.source(50), { floor, gaps: [], maxPages: 1 }, never, notFound);
    expect(ids(out.fresh)).toEqual(['m7', 'm8', 'm9']);
    expect(out.head).toEqual({ id: 'm9', created: (r.messages[9] as Message).created });
  });

  it('a deleted last-seen message falls back to its created time', async () => {
    const r = room(10);
    r.deleted.add('m5');
    const out = await readRoom(
      r.source(50),
      { head: { id: 'm5', created: (r.messages[5] as Message).created }, floor: '', gaps: [], maxPages: 1 },
      never,
      notFound,
    );
    expect(ids(out.fresh)).toEqual(['m6', 'm7', 'm8', 'm9']);
  });

  it('a gap whose cursor message was deleted continues by time, without skipping or repeating', async () => {
    const r = room(50);
    const head = { id: 'm9', created: (r.messages[9] as Message).created };
    const first = await readRoom(r.source(10), { head, floor: '', gaps: [], maxPages: 1 }, never, notFound);
    expect(first.gaps[0]?.beforeId).toBe('m40');
    r.deleted.add('m40');
    const seen = new Set(ids(first.fresh));
    const rest = await readRoom(
      r.source(10),
      { head: first.head as { id: string; created: string }, floor: '', gaps: first.gaps, maxPages: 10 },
      (id) => seen.has(id),
      notFound,
    );
    expect(ids(rest.fresh)).toEqual(Array.from({ length: 30 }, (_, i) => `m${10 + i}`));
    expect(r.requests.some((q) => q.before !== undefined)).toBe(true);
    expect(rest.gaps).toEqual([]);
  });

  it('drops messages already known (duplicate guard)', async () => {
    const r = room(5);
    const out = await readRoom(
      r.source(50),
      { floor: (r.messages[0] as Message).created, gaps: [], maxPages: 1 },
      (id) => id === 'm3',
      notFound,
    );
    expect(ids(out.fresh)).toEqual(['m1', 'm2', 'm4']);
  });

  it('a failure rejects without a partial result (the caller re-reads)', async () => {
    const failing: PageSource = async function* () {
      yield* [];
      throw new AppFailure('server', 'boom');
    };
    await expect(
      readRoom(failing, { floor: '2026-01-01T00:00:00.000Z', gaps: [], maxPages: 2 }, never, notFound),
    ).rejects.toMatchObject({ kind: 'server' });
  });
});
