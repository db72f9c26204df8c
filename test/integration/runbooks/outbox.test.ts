/** The outbox against the simulator's faults: nothing lost, nothing doubled (docs/outbox.md). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxRecordSchema } from '../../../src/main/runbooks/outbox-records';
import { Outbox, type OutboxSender } from '../../../src/main/runbooks/outbox';
import { nullLogger } from '../../../src/main/log/types';
import { item, settle, startOutboxHarness, stateOf, type OutboxHarness } from './helpers';

let h: OutboxHarness;
let roomId: string;

beforeEach(async () => {
  h = await startOutboxHarness();
  roomId = h.sim.control.findRoom('NOC')?.id ?? '';
  expect(roomId).not.toBe('');
});
afterEach(async () => {
  await h.close();
});

const postsTo = (): number => h.sim.control.requests().filter((r) => r.route === 'POST /messages').length;
const inRoom = (room: string, markdown: string) => h.sim.control.messages(room).filter((m) => m.markdown === markdown);

/** A sender that posts, then never answers (the app dies before the answer is journaled); `posted()` says it did. */
function postsThenDies(real: OutboxSender = h.sender()): { sender: OutboxSender; posted: () => boolean } {
  let posted = false;
  return {
    sender: {
      ...real,
      create: async (...args: Parameters<typeof real.create>) => {
        await real.create(...args);
        posted = true;
        return new Promise<never>(() => undefined);
      },
    },
    posted: () => posted,
  };
}

describe('outbox — plain sending', () => {
  it('sends queued items to one space in queue order, each once', async () => {
    const { outbox, outcomes } = h.outbox();
    await outbox.start();
    const items = await outbox.enqueue(['first', 'second', 'third'].map((t) => item(h.clock, roomId, `**${t}**`)));
    await settle(h.clock, outbox);
    const mine = h.sim.control
      .messages(roomId)
      .filter((m) => ['**first**', '**second**', '**third**'].includes(m.markdown ?? ''))
      .reverse();
    expect(mine.map((m) => m.markdown)).toEqual(['**first**', '**second**', '**third**']);
    for (const it of items) expect(stateOf(outbox, it.id)).toBe('sent');
    expect(outcomes.map((o) => o.outcome.type)).toEqual(['sent', 'sent', 'sent']);
    expect(outbox.pendingCount()).toBe(0);
  });

  it('journals queued and sending (fsynced) before the POST', async () => {
    const { outbox } = h.outbox();
    await outbox.start();
    const [it1] = await outbox.enqueue([item(h.clock, roomId, 'journal check')]);
    await settle(h.clock, outbox);
    const { records } = await h.store.journal('identities/test/outbox.jsonl', outboxRecordSchema).read();
    const mine = records.filter((r) => (r.t === 'queued' ? r.item.id : r.id) === it1?.id).map((r) => r.t);
    expect(mine).toEqual(['queued', 'sending', 'sent']);
  });
});

describe('outbox — faults', () => {
  it('reset after the server accepted: unknown, read back, exactly one message', async () => {
    h.sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 1 } });
    const { outbox, outcomes } = h.outbox();
    await outbox.start();
    const before = postsTo();
    const [it1] = await outbox.enqueue([item(h.clock, roomId, 'reset after accept')]);
    await settle(h.clock, outbox);
    expect(inRoom(roomId, 'reset after accept')).toHaveLength(1);
    expect(postsTo() - before).toBe(1);
    expect(outbox.get(it1?.id ?? '')?.state).toMatchObject({ type: 'sent', via: 'reconciled' });
    expect(outcomes.map((o) => o.outcome.type)).toEqual(['unknown', 'sent']);
  });

  it('500/502/503 (not processed): unknown, read back finds nothing, sent again — exactly one message', async () => {
    for (const status of [500, 502, 503]) {
      h.sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: status, count: 1 } });
      const { outbox } = h.outbox();
      await outbox.start();
      const text = `after ${status}`;
      const before = postsTo();
      const [it1] = await outbox.enqueue([item(h.clock, roomId, text)]);
      await settle(h.clock, outbox);
      expect(inRoom(roomId, text)).toHaveLength(1);
      expect(postsTo() - before).toBe(2);
      expect(outbox.get(it1?.id ?? '')?.state).toMatchObject({ type: 'sent', via: 'post' });
      await outbox.dispose();
    }
  });

  it('a 429 storm is waited out through the client pause: each message once', async () => {
    h.sim.control.setFaults({ 'POST /messages': { rateLimit: 1, retryAfter: 2, count: 5 } });
    const { outbox } = h.outbox();
    await outbox.start();
    const before = postsTo();
    const items = await outbox.enqueue([item(h.clock, roomId, 'storm 1'), item(h.clock, roomId, 'storm 2')]);
    await settle(h.clock, outbox);
    expect(inRoom(roomId, 'storm 1')).toHaveLength(1);
    expect(inRoom(roomId, 'storm 2')).toHaveLength(1);
    expect(postsTo() - before).toBe(7);
    for (const it of items) expect(stateOf(outbox, it.id)).toBe('sent');
  });

  it('a POST hanging past the response timeout: unknown, reconciled, exactly one message', async () => {
    h.sim.control.setFaults({ 'POST /messages': { hang: 1, count: 1 } });
    const { outbox } = h.outbox({ sender: h.sender('operator', { timeouts: { headersMs: 500 } }) });
    await outbox.start();
    const [it1] = await outbox.enqueue([item(h.clock, roomId, 'hung post')]);
    await settle(h.clock, outbox);
    expect(inRoom(roomId, 'hung post')).toHaveLength(1);
    expect(outbox.get(it1?.id ?? '')?.attempts).toHaveLength(2);
    expect(stateOf(outbox, it1?.id ?? '')).toBe('sent');
  });

  it('a 400 fails at once with its kind and tracking id; the space goes on', async () => {
    const { outbox, outcomes } = h.outbox();
    await outbox.start();
    const [bad, good] = await outbox.enqueue([
      item(h.clock, roomId, 'x'.repeat(8000)),
      item(h.clock, roomId, 'after the bad one'),
    ]);
    await settle(h.clock, outbox);
    expect(outbox.get(bad?.id ?? '')?.state).toMatchObject({ type: 'failed', kind: 'invalidInput' });
    expect(stateOf(outbox, good?.id ?? '')).toBe('sent');
    expect(outcomes[0]?.outcome.type).toBe('failed');
    expect(outbox.pendingCount()).toBe(1);
  });

  it('one space failing does not hold up another', async () => {
    const other = h.sim.control.findRoom('Deploys')?.id ?? '';
    h.sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: 403, count: 1 } });
    const { outbox } = h.outbox();
    await outbox.start();
    const [a, b] = await outbox.enqueue([item(h.clock, roomId, 'refused'), item(h.clock, other, 'other space')]);
    await settle(h.clock, outbox);
    expect(outbox.get(a?.id ?? '')?.state).toMatchObject({ type: 'failed', kind: 'forbidden' });
    expect(inRoom(other, 'other space')).toHaveLength(1);
    expect(stateOf(outbox, b?.id ?? '')).toBe('sent');
  });
});

describe('outbox — restart while sending', () => {
  it('the POST reached Webex, then the app died: on restart it is reconciled, never sent twice', async () => {
    // The first outbox's sender posts, then never returns (the app dies before the answer is journaled).
    const dying = postsThenDies();
    const first = h.outbox({ sender: dying.sender });
    await first.outbox.start();
    const [it1] = await first.outbox.enqueue([item(h.clock, roomId, 'crash mid send')]);
    await settle(h.clock, first.outbox, { done: dying.posted });
    expect(stateOf(first.outbox, it1?.id ?? '')).toBe('sending');

    const second = h.outbox({ store: h.freshStore() });
    const before = postsTo();
    await second.outbox.start();
    expect(second.outbox.get(it1?.id ?? '')?.state).toMatchObject({ type: 'sent', via: 'reconciled' });
    await settle(h.clock, second.outbox);
    expect(postsTo() - before).toBe(0);
    expect(inRoom(roomId, 'crash mid send')).toHaveLength(1);
    expect(second.outcomes.map((o) => o.outcome.type)).toEqual(['unknown', 'sent']);
  });

  it('the app died before the POST left: on restart it is found missing and sent once', async () => {
    const real = h.sender();
    let called = false;
    const dying = {
      ...real,
      create: async () => {
        called = true;
        return new Promise<never>(() => undefined);
      },
    };
    const first = h.outbox({ sender: dying });
    await first.outbox.start();
    const [it1] = await first.outbox.enqueue([item(h.clock, roomId, 'died before post')]);
    await settle(h.clock, first.outbox, { done: () => called });

    const second = h.outbox({ store: h.freshStore() });
    await second.outbox.start();
    await settle(h.clock, second.outbox);
    expect(inRoom(roomId, 'died before post')).toHaveLength(1);
    expect(second.outbox.get(it1?.id ?? '')?.state).toMatchObject({ type: 'sent', via: 'post' });
  });

  it('restart reconciles before anything new is sent', async () => {
    const real = h.sender();
    const dying = postsThenDies(real);
    const first = h.outbox({ sender: dying.sender });
    await first.outbox.start();
    await first.outbox.enqueue([item(h.clock, roomId, 'before restart')]);
    await settle(h.clock, first.outbox, { done: dying.posted });
    // Queued but not sent yet when the app died (behind the first one in the same space).
    await first.outbox.enqueue([item(h.clock, roomId, 'queued behind')]);

    const order: string[] = [];
    const spy = {
      ...real,
      create: (...args: Parameters<typeof real.create>) => {
        order.push(`post:${args[0].markdown}`);
        return real.create(...args);
      },
      list: (q: Parameters<typeof real.list>[0]) => {
        order.push('read');
        return real.list(q);
      },
    };
    const second = h.outbox({ store: h.freshStore(), sender: spy });
    await second.outbox.start();
    await settle(h.clock, second.outbox);
    expect(order).toEqual(['read', 'post:queued behind']);
    expect(inRoom(roomId, 'before restart')).toHaveLength(1);
    expect(inRoom(roomId, 'queued behind')).toHaveLength(1);
  });
});

describe('outbox — bot identity', () => {
  it('an unknown outcome for a bot goes to the operator; Mark as sent / Resend / Discard are recorded', async () => {
    h.sim.control.setFaults({ 'POST /messages': { resetAfter: 1, count: 2 } });
    const bot = h.sender('bot');
    const { outbox, outcomes } = h.outbox({ sender: bot });
    await outbox.start();
    const [a, b, c] = await outbox.enqueue([
      item(h.clock, roomId, 'bot says hi'),
      item(h.clock, h.sim.control.findRoom('Deploys')?.id ?? '', 'bot in deploys'),
      item(h.clock, h.sim.control.findRoom('Security Alerts')?.id ?? '', 'bot third'),
    ]);
    await settle(h.clock, outbox);
    expect(outbox.get(a?.id ?? '')?.state).toMatchObject({ type: 'needsOperator', reason: 'cannotReadBack' });
    expect(outbox.get(b?.id ?? '')?.state).toMatchObject({ type: 'needsOperator', reason: 'cannotReadBack' });
    expect(stateOf(outbox, c?.id ?? '')).toBe('sent');
    // Nothing was read back as the bot.
    expect(h.sim.control.requests().filter((r) => r.route === 'GET /messages')).toHaveLength(0);

    await outbox.resolve(a?.id ?? '', 'markSent');
    expect(outbox.get(a?.id ?? '')?.state).toMatchObject({ type: 'sent', via: 'operator' });
    await outbox.resolve(b?.id ?? '', 'discard');
    expect(stateOf(outbox, b?.id ?? '')).toBe('discarded');
    await expect(outbox.resolve(b?.id ?? '', 'resend')).rejects.toMatchObject({ kind: 'conflict' });
    await expect(outbox.resolve('nope', 'resend')).rejects.toMatchObject({ kind: 'notFound' });
    const of = (id: string | undefined) => outcomes.filter((o) => o.id === id).map((o) => o.outcome.type);
    expect(of(a?.id)).toEqual(['unknown', 'needsOperator', 'sent']);
    expect(of(b?.id)).toEqual(['unknown', 'needsOperator', 'discarded']);
    expect(of(c?.id)).toEqual(['sent']);
  });

  it('Resend after the operator checked: posts again', async () => {
    h.sim.control.setFaults({ 'POST /messages': { error: 1, errorStatus: 502, count: 1 } });
    const { outbox } = h.outbox({ sender: h.sender('bot') });
    await outbox.start();
    const [a] = await outbox.enqueue([item(h.clock, roomId, 'bot resend')]);
    await settle(h.clock, outbox);
    expect(stateOf(outbox, a?.id ?? '')).toBe('needsOperator');
    expect(inRoom(roomId, 'bot resend')).toHaveLength(0);
    await outbox.resolve(a?.id ?? '', 'resend');
    await settle(h.clock, outbox);
    expect(inRoom(roomId, 'bot resend')).toHaveLength(1);
    expect(stateOf(outbox, a?.id ?? '')).toBe('sent');
  });
});

describe('outbox — time to live', () => {
  it('an item still waiting (429 pause) when its time runs out is not sent; the operator is asked', async () => {
    h.sim.control.setFaults({ 'POST /messages': { rateLimit: 1, retryAfter: 900, count: 1 } });
    const { outbox, outcomes } = h.outbox();
    await outbox.start();
    const [a] = await outbox.enqueue([item(h.clock, roomId, 'too late')]);
    await settle(h.clock, outbox, {
      done: () => h.clock.nextWakeAt() !== undefined && h.sim.control.requests().some((r) => r.fault === 'rateLimit'),
    });
    await h.clock.advance(5 * 60_000);
    await settle(h.clock, outbox);
    expect(outbox.get(a?.id ?? '')?.state).toMatchObject({ type: 'needsOperator', reason: 'expired' });
    expect(inRoom(roomId, 'too late')).toHaveLength(0);
    expect(outcomes.map((o) => o.outcome)).toEqual([{ type: 'needsOperator', reason: 'expired' }]);
    // Asking again: resend with a fresh time to live (the 429 pause is over by now).
    await h.clock.advance(15 * 60_000);
    await outbox.resolve(a?.id ?? '', 'resend');
    await settle(h.clock, outbox);
    expect(inRoom(roomId, 'too late')).toHaveLength(1);
  });

  it('an item queued behind a blocked head that expires meanwhile is not sent', async () => {
    const { outbox } = h.outbox();
    await outbox.start();
    const old = item(h.clock, roomId, 'stale', { expiresAt: new Date(h.clock.now() - 1).toISOString() });
    const [a] = await outbox.enqueue([old]);
    await settle(h.clock, outbox);
    expect(outbox.get(a?.id ?? '')?.state).toMatchObject({ type: 'needsOperator', reason: 'expired' });
    expect(inRoom(roomId, 'stale')).toHaveLength(0);
  });
});

describe('outbox — journal', () => {
  it('state survives a restart: sent items stay sent, failed stay visible', async () => {
    const { outbox } = h.outbox();
    await outbox.start();
    const [ok, bad] = await outbox.enqueue([item(h.clock, roomId, 'kept'), item(h.clock, roomId, 'y'.repeat(8000))]);
    await settle(h.clock, outbox);
    const again = new Outbox({
      journal: h.freshStore().journal('identities/test/outbox.jsonl', outboxRecordSchema),
      clock: h.clock,
      logger: nullLogger,
      sender: () => undefined,
    });
    await again.start();
    expect(stateOf(again, ok?.id ?? '')).toBe('sent');
    expect(stateOf(again, bad?.id ?? '')).toBe('failed');
    expect(again.pendingCount()).toBe(1);
    await again.dispose();
  });
});

describe('outbox — broadcast', () => {
  it('50 spaces under rate limiting with 5xx and resets: every message exactly once, per-space order kept', async () => {
    const rooms = Array.from(
      { length: 50 },
      (_, i) => h.sim.control.createRoom('operator', { title: `Bcast ${i}` }).id,
    );
    h.sim.control.setRateLimits({ perToken: { capacity: 10, refillPerSec: 5 } });
    h.sim.control.setFaults({ 'POST /messages': { error: 0.05, errorStatus: 503, resetAfter: 0.03 } });
    const { outbox } = h.outbox({ maxInFlight: 3 });
    await outbox.start();
    const items = await outbox.enqueue(
      rooms.flatMap((r, i) => [item(h.clock, r, `notice ${i} part A`), item(h.clock, r, `notice ${i} part B`)]),
    );
    let peak = 0;
    const track = setInterval(() => {
      peak = Math.max(peak, outbox.list().filter((x) => x.state.type === 'sending').length);
    }, 1);
    await settle(h.clock, outbox, { realTimeoutMs: 25_000 });
    clearInterval(track);
    for (const [i, r] of rooms.entries()) {
      const msgs = h.sim.control.messages(r).reverse();
      expect(msgs.map((m) => m.markdown)).toEqual([`notice ${i} part A`, `notice ${i} part B`]);
    }
    expect(items.every((x) => outbox.get(x.id)?.state.type === 'sent')).toBe(true);
    const posts = h.sim.control.requests().filter((r) => r.route === 'POST /messages');
    expect(posts.some((r) => r.status === 429)).toBe(true);
    expect(posts.some((r) => r.fault === 'error')).toBe(true);
    expect(posts.some((r) => r.fault === 'resetAfter')).toBe(true);
    expect(peak).toBeLessThanOrEqual(3);
  });
});

describe('outbox — unexpected errors', () => {
  it('a task that throws unexpectedly is retried later, never in a tight loop', async () => {
    let calls = 0;
    const outbox = new Outbox({
      journal: h.store.journal('identities/test/outbox.jsonl', outboxRecordSchema),
      clock: h.clock,
      logger: nullLogger,
      sender: () => {
        calls += 1;
        throw new TypeError('a bug');
      },
      retryBaseMs: 1000,
    });
    await outbox.start();
    const [a] = await outbox.enqueue([item(h.clock, roomId, 'never')]);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(1);
    expect(stateOf(outbox, a?.id ?? '')).toBe('queued');
    // Looked at again after the retry delay (1 s), not before.
    await h.clock.advance(999);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
    await h.clock.advance(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(2);
    await outbox.dispose();
  });
});
