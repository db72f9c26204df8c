/**
 * `npm run bench -- broadcast [--spaces N] [--capacity N] [--refill N]`
 *
 * REAL time. One runbook message to each of 200 spaces through the outbox (docs/outbox.md), against the simulator
 * with its per-token rate limit on (a bucket of `capacity` requests refilled at `refill` a second), 2 % of POSTs
 * answered 5xx without being processed and 1 % processed and then reset (the answer is lost). The outbox runs at its
 * app defaults (3 requests in flight, reading back after 1.5 s).
 *
 * Figures: spaces, delivered (spaces holding exactly one copy), duplicates (extra copies), lost (spaces with none),
 * unknownResolved (items whose outcome was unknown and that ended sent), seconds (first enqueue → every item settled),
 * minimumSeconds (what the rate limit allows at best for one POST per space: (spaces − capacity) / refill).
 * Aims: duplicates = lost = 0, delivered = spaces, seconds ≤ 1.2 × minimumSeconds.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRealClock } from '../src/main/clock';
import { nullLogger } from '../src/main/log/types';
import { Outbox, type OutboxSender } from '../src/main/runbooks/outbox';
import { outboxRecordSchema, type OutboxItemInit } from '../src/main/runbooks/outbox-records';
import { createStore } from '../src/main/store';
import { createWebexClient } from '../src/main/webex';
import { startSimulator } from '../src/sim';

function numFlag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const n = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export default async function broadcastBench(args: string[]): Promise<Record<string, number>> {
  const spaces = numFlag(args, '--spaces', 200);
  const capacity = numFlag(args, '--capacity', 20);
  const refill = numFlag(args, '--refill', 10);
  const clock = createRealClock();
  const sim = await startSimulator({ port: 0, scenario: 'empty', seed: 5, clock, rateLimits: false });
  const operator = sim.people.operator;
  const token = sim.tokens.operator;
  if (!operator || !token) throw new Error('the simulator has no operator');
  const rooms = Array.from({ length: spaces }, (_, i) => sim.control.createRoom('operator', { title: `Site ${i}` }).id);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-broadcast-'));
  const store = createStore({ dataDir, clock });
  const client = createWebexClient({ baseUrl: sim.baseUrl, token, clock });
  const sender: OutboxSender = {
    me: { id: operator.id, type: operator.type },
    create: (body, signal) => client.messages.create(body, { signal }),
    list: (query) => client.messages.list(query),
  };
  const unknownIds = new Set<string>();
  const outbox = new Outbox({
    journal: store.journal('bench/outbox.jsonl', outboxRecordSchema),
    clock,
    logger: nullLogger,
    sender: () => sender,
    onOutcome: (item, o) => {
      if (o.type === 'unknown') unknownIds.add(item.id);
    },
  });
  await outbox.start();

  sim.control.setRateLimits({ perToken: { capacity, refillPerSec: refill }, perRoomMessageReads: false });
  sim.control.setFaults({ 'POST /messages': { error: 0.02, errorStatus: 503, resetAfter: 0.01 } });
  const now = clock.now();
  const batch = randomUUID();
  const inits: OutboxItemInit[] = rooms.map((roomId, i) => ({
    id: randomUUID(),
    roomId,
    roomTitle: `Site ${i}`,
    markdown: `**Maintenance** tonight at site ${i} (batch ${batch.slice(0, 8)})`,
    queuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 30 * 60_000).toISOString(),
    origin: { runbookId: 'bench', confirmed: true },
  }));
  const started = performance.now();
  await outbox.enqueue(inits);
  const progress = setInterval(() => {
    const sent = outbox.list().filter((x) => x.state.type === 'sent').length;
    console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: ${sent}/${spaces} sent`);
  }, 2000);
  await outbox.idle();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(progress);

  let delivered = 0;
  let duplicates = 0;
  let lost = 0;
  for (const [i, roomId] of rooms.entries()) {
    const copies = sim.control.messages(roomId).filter((m) => m.markdown === inits[i]?.markdown).length;
    if (copies === 0) lost += 1;
    else delivered += 1;
    duplicates += Math.max(0, copies - 1);
  }
  const unknownResolved = [...unknownIds].filter((id) => outbox.get(id)?.state.type === 'sent').length;
  const posts = sim.control.requests().filter((r) => r.route === 'POST /messages');
  const figures = {
    spaces,
    delivered,
    duplicates,
    lost,
    unknownResolved,
    seconds: Math.round(seconds * 100) / 100,
    minimumSeconds: Math.max(0, (spaces - capacity) / refill),
    posts: posts.length,
    rateLimited: posts.filter((r) => r.status === 429).length,
    injected5xx: posts.filter((r) => r.fault === 'error').length,
    injectedResets: posts.filter((r) => r.fault === 'resetAfter').length,
  };
  console.table(figures);
  await outbox.dispose();
  await client.close();
  await sim.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
  return figures;
}
