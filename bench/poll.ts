/**
 * `npm run bench -- poll [--rooms N] [--watched N] [--busy N] [--busy-minutes N] [--quiet-minutes N] [--history N]`
 *
 * VIRTUAL time (one ManualClock for the simulator, the client, the hub and the watcher; loopback HTTP is real but
 * takes no virtual time). The simulator's 'large' scenario with 2,000 rooms; the operator watches 200 of them; 5
 * busy watched rooms post one message a second each for 10 simulated minutes, then 30 quiet minutes, then one alert.
 * The watcher runs at its default settings (DEFAULT_WATCH_CONFIG).
 *
 * In the same run a naive poller — exactly one `GET /messages?roomId=…&max=50` per watched room per cycle, at the
 * watcher's cadence — runs for a few cycles to count its requests.
 *
 * Figures: requestsPerCycle (busy phase; every request the simulator answered: lists, reads, pages, sweeps, retries),
 * naiveRequestsPerCycle, p50/p95 latency (post in the simulator → the rooms.upsert event out of the hub whose unread
 * count includes it), idleFirstMessageLatencyMs (the alert after the quiet period), idleWorstPhaseLatencyMs (a second
 * alert after 3 more quiet minutes, posted just after a cycle: the worst case), idleRequestsPerMinute (the quiet
 * period), missed / duplicated (processed ids against the simulator's posted() record).
 * Aims: 0 missed, 0 duplicated, ≥ 20× fewer requests than naive, p95 ≤ 5,000 ms, idle first message ≤ 5,000 ms,
 * ≤ 15 requests a minute when idle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActiveSession } from '../src/main/auth/types';
import { ManualClock } from '../src/main/clock';
import { createEventHub } from '../src/main/events/hub';
import { nullLogger } from '../src/main/log/types';
import { createStore } from '../src/main/store';
import { createWatchService, DEFAULT_WATCH_CONFIG } from '../src/main/watch';
import { createWebexClient } from '../src/main/webex';
import { startSimulator } from '../src/sim';

function numFlag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const n = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const STEP_MS = 100;

export default async function pollBench(args: string[]): Promise<Record<string, number>> {
  const roomCount = numFlag(args, '--rooms', 2_000);
  const watchedCount = numFlag(args, '--watched', 200);
  const busyCount = numFlag(args, '--busy', 5);
  const busyMinutes = numFlag(args, '--busy-minutes', 10);
  const quietMinutes = numFlag(args, '--quiet-minutes', 30);
  const history = numFlag(args, '--history', 20_000);
  const wallStart = performance.now();

  const clock = new ManualClock();
  const sim = await startSimulator({
    port: 0,
    scenario: 'large',
    large: { rooms: roomCount, messages: history, watchedHint: 50 },
    seed: 11,
    clock,
    rateLimits: false,
  });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ops-bench-poll-'));
  const hub = createEventHub({ clock });
  const store = createStore({ dataDir, clock });
  const client = createWebexClient({
    baseUrl: sim.baseUrl,
    token: sim.tokens.operator,
    clock,
    retry: { random: () => 0.5 },
  });
  const me = await client.people.me();
  const apiOrigin = new URL(sim.baseUrl).origin;
  const dir = store.identityDir(apiOrigin, me.id);
  const active: ActiveSession = {
    identity: {
      id: dir.split('/')[1] as string,
      personId: me.id,
      displayName: me.displayName ?? 'Operator',
      email: me.emails?.[0] ?? 'operator@example.com',
      kind: 'person',
      apiBaseUrl: sim.baseUrl,
      method: 'token',
      demo: false,
      signedIn: true,
      persisted: true,
    },
    client,
    me: { id: me.id, emails: me.emails ?? [], displayName: me.displayName ?? 'Operator', type: 'person' },
    apiOrigin,
    dir,
  };

  // --- which rooms: busy and alert rooms among the bot's rooms (so the bot can post), the rest spread over activity.
  const byActivity = sim.control.rooms('operator').map((r) => r.id);
  const botRooms = new Set(sim.control.rooms('bot').map((r) => r.id));
  const lowerHalf = byActivity.slice(Math.floor(byActivity.length / 2)).filter((id) => botRooms.has(id));
  const busy = lowerHalf.slice(0, busyCount);
  const alertRoom = lowerHalf[busyCount] as string;
  const watched = new Set<string>([...busy, alertRoom]);
  const stride = Math.max(1, Math.floor(byActivity.length / watchedCount));
  for (let i = 0; watched.size < watchedCount && i < byActivity.length; i += stride)
    watched.add(byActivity[i] as string);
  for (let i = 0; watched.size < watchedCount && i < byActivity.length; i++) watched.add(byActivity[i] as string);

  // --- observation: processed ids (observer) and unread increments out of the hub (latency).
  const processed = new Map<string, string[]>();
  const pending = new Map<string, { id: string; at: number }[]>();
  const unreadSeen = new Map<string, number>();
  const latencies: number[] = [];
  let alertLatency = Number.NaN;
  let alertId = '';
  hub.subscribe((batch) => {
    const now = clock.now();
    for (const event of batch.events) {
      if (event.type !== 'rooms.upsert') continue;
      for (const room of event.rooms) {
        if (room.unread === undefined) continue;
        const before = unreadSeen.get(room.id) ?? 0;
        unreadSeen.set(room.id, room.unread);
        const queue = pending.get(room.id);
        for (let k = 0; k < room.unread - before && queue && queue.length > 0; k++) {
          const posted = queue.shift() as { id: string; at: number };
          if (posted.id === alertId) alertLatency = now - posted.at;
          else latencies.push(now - posted.at);
        }
      }
    }
  });

  const service = createWatchService(
    {
      hub,
      store,
      clock,
      logger: nullLogger,
      session: { current: () => active, onChange: () => () => undefined },
      notifier: { show: () => undefined },
      systemEvents: { subscribe: () => () => undefined, isOnline: () => true },
      focusRoom: () => undefined,
    },
    {
      random: () => 0.5,
      observer: {
        onMessages(roomId, messages) {
          const list = processed.get(roomId) ?? [];
          list.push(...messages.map((m) => m.id));
          processed.set(roomId, list);
        },
      },
    },
  );
  const invoke = async <T>(fn: () => Promise<T>): Promise<T> => fn();
  const run = async (ms: number, each?: (now: number) => void): Promise<void> => {
    const end = clock.now() + ms;
    await service.idle();
    while (clock.now() < end) {
      await clock.advance(STEP_MS);
      each?.(clock.now());
      await service.idle();
    }
  };

  await service.idle();
  await run(1_000);
  for (const roomId of watched)
    await invoke(() => service.handlers['rooms.setWatched']({ roomId, watched: true }, { senderId: 'bench' }));
  await invoke(() =>
    service.handlers['rules.save'](
      { name: 'Critical', mode: 'keywords', pattern: 'CRITICAL', caseSensitive: false, critical: true, enabled: true },
      { senderId: 'bench' },
    ),
  );
  await run(30_000);
  for (const [roomId, count] of unreadSeen) unreadSeen.set(roomId, count);
  const measureFrom = clock.now();
  const watcher = service.watcher();
  if (!watcher) throw new Error('the watcher did not start');

  // --- busy phase
  sim.control.resetStats();
  const busyCycles0 = watcher.cycles;
  const posted: string[] = [];
  const post = (roomId: string, text: string): string => {
    const m = sim.control.post('bot', { roomId, text });
    const queue = pending.get(roomId) ?? [];
    queue.push({ id: m.id, at: clock.now() });
    pending.set(roomId, queue);
    posted.push(m.id);
    return m.id;
  };
  const busyStart = clock.now();
  let tick = 0;
  await run(busyMinutes * 60_000, (now) => {
    tick += 1;
    const slot = (now - busyStart) % 1_000;
    busy.forEach((roomId, i) => {
      if (slot === (i * 200) % 1_000) post(roomId, `busy ${i} #${tick}`);
    });
  });
  const busyRequests = sim.control.stats().requests;
  const busyCycles = watcher.cycles - busyCycles0;

  // --- quiet phase
  sim.control.resetStats();
  const quietCycles0 = watcher.cycles;
  await run(quietMinutes * 60_000);
  const quietRequests = sim.control.stats().requests;
  const quietCycles = watcher.cycles - quietCycles0;

  // --- the alert after the quiet period (at an arbitrary phase of the cycle)
  await run(1_700);
  alertId = post(alertRoom, 'CRITICAL payments-db primary unreachable');
  await run(10_000);
  const firstAlertLatency = alertLatency;

  // --- the same after another quiet stretch, posted at the worst phase: just after a cycle ended
  await run(3 * 60_000);
  const cyclesBefore = watcher.cycles;
  while (watcher.cycles === cyclesBefore) await run(STEP_MS);
  alertLatency = Number.NaN;
  alertId = post(alertRoom, 'CRITICAL payments-db replica lagging');
  await run(10_000);
  const worstPhaseLatency = alertLatency;
  await store.flush();

  // --- the naive poller: one GET /messages?roomId=…&max=50 per watched room per cycle, same cadence
  const stats = { requests: 0 };
  await service.dispose();
  sim.control.resetStats();
  const naiveCycles = 3;
  const cadence = DEFAULT_WATCH_CONFIG.idleIntervalMs;
  for (let c = 0; c < naiveCycles; c++) {
    for (const roomId of watched) await client.messages.list({ roomId, max: 50 }, { limit: 50 }).toArray();
    await clock.advance(cadence);
  }
  stats.requests = sim.control.stats().requests;

  // --- accounting against the simulator's record
  const postedSet = new Set(posted);
  const all = [...processed.values()].flat().filter((id) => postedSet.has(id));
  const unique = new Set(all);
  const missed = posted.filter((id) => !unique.has(id)).length;
  const duplicated = all.length - unique.size;
  const sorted = [...latencies].sort((a, b) => a - b);
  const simPosted = sim.control.posted().filter((p) => p.at >= measureFrom).length;

  const figures = {
    requestsPerCycle: Math.round((busyRequests / Math.max(1, busyCycles)) * 100) / 100,
    naiveRequestsPerCycle: stats.requests / naiveCycles,
    p50LatencyMs: percentile(sorted, 50),
    p95LatencyMs: percentile(sorted, 95),
    idleFirstMessageLatencyMs: firstAlertLatency,
    idleWorstPhaseLatencyMs: worstPhaseLatency,
    idleRequestsPerMinute: Math.round((quietRequests / quietMinutes) * 100) / 100,
    missed,
    duplicated,
    postedMessages: simPosted,
    busyCycles,
    quietCycles,
    quietRequestsPerCycle: Math.round((quietRequests / Math.max(1, quietCycles)) * 100) / 100,
    wallMs: Math.round(performance.now() - wallStart),
  };

  const rows: [string, string, string][] = [
    [
      'requests per cycle (busy)',
      String(figures.requestsPerCycle),
      `naive ${figures.naiveRequestsPerCycle} (${(figures.naiveRequestsPerCycle / figures.requestsPerCycle).toFixed(1)}× more; aim ≥ 20×)`,
    ],
    ['latency p50 / p95 (ms)', `${figures.p50LatencyMs} / ${figures.p95LatencyMs}`, 'aim p95 ≤ 5000'],
    ['idle first message (ms)', String(figures.idleFirstMessageLatencyMs), 'aim ≤ 5000'],
    ['idle, posted just after a cycle (ms)', String(figures.idleWorstPhaseLatencyMs), 'worst phase'],
    ['idle requests per minute', String(figures.idleRequestsPerMinute), 'aim ≤ 15'],
    [
      'missed / duplicated',
      `${figures.missed} / ${figures.duplicated}`,
      `of ${posted.length} posted (sim record: ${simPosted}); aim 0 / 0`,
    ],
    ['cycles busy / quiet', `${busyCycles} / ${quietCycles}`, `${busyMinutes} + ${quietMinutes} simulated minutes`],
    ['wall time (ms)', String(figures.wallMs), 'virtual time'],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`poll bench: ${roomCount} rooms, ${watched.size} watched, ${busy.length} busy, virtual time`);
  for (const [label, value, note] of rows) console.log(`${label.padEnd(width)}  ${value.padStart(12)}  ${note}`);

  hub.dispose();
  await store.close();
  await client.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
  return figures;
}
