/**
 * Webex client listing throughput vs. a bare undici loop, against the simulator in the same process.
 * Wall time (real clock, loopback HTTP).
 *
 *   npx tsx bench/run.ts client [--rooms 5000] [--messages 20000] [--max 1000] [--runs 40]
 *
 * Workload: the 'large' scenario with 5,000 rooms, plus one room holding 20,000 messages (posted through the
 * simulator's control API). The client lists all rooms and all messages of that room with max=1000; the bare loop
 * requests the same URLs (following the Link headers, reading and JSON-parsing each body) with its own undici Agent.
 * Figures: requests made (from the client's `request` events and the simulator's counters; must equal
 * ceil(N / max)), items per second (median of the runs) for the client iterating item by item (`for await`) and
 * page by page (`.pages()`), the client's overhead over the bare loop (median of per-run ratios, wall and process
 * CPU; the simulator runs in the same process and shares the CPU), peak RSS (simulator included).
 * Where the time goes: the recorded pages are replayed through the client's own paging code without a socket, and the
 * CPU time of each layer is reported per listing (JSON.parse, which the bare loop pays too; schema validation;
 * paging; per-item iteration), with the client-only part as a percentage of the bare loop's wall time — the rest of
 * a measured wall gap is the transport (gate, token, headers, events) and the machine's noise.
 * Noisy on a shared machine: compare runs, not single figures.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { createWebexClient, findNextLink, type WebexClientEvent } from '../src/main/webex';
import { createPaged } from '../src/main/webex/paged';
import { messageSchema, roomSchema, type ResponseSchema } from '../src/main/webex/schemas';
import type { Transport, TransportResponse } from '../src/main/webex/transport';
import { startSimulator } from '../src/sim';

interface Args {
  rooms: number;
  messages: number;
  max: number;
  runs: number;
}

function parseArgs(args: string[]): Args {
  const out: Args = { rooms: 5000, messages: 20_000, max: 1000, runs: 40 };
  for (let i = 0; i < args.length; i++) {
    const key = args[i]?.replace(/^--/, '');
    const value = Number(args[i + 1]);
    if (
      (key === 'rooms' || key === 'messages' || key === 'max' || key === 'runs') &&
      Number.isFinite(value) &&
      value > 0
    ) {
      out[key] = Math.floor(value);
      i++;
    }
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}

/** The bare loop: GET, read + JSON.parse the body, follow rel="next" verbatim. Returns items and requests. */
async function rawList(
  firstUrl: string,
  token: string,
  dispatcher: Agent,
): Promise<{ items: number; requests: number }> {
  let url: string | undefined = firstUrl;
  let items = 0;
  let requests = 0;
  while (url) {
    const res = await request(url, {
      dispatcher,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    requests++;
    const body = JSON.parse(await res.body.text()) as { items: unknown[] };
    if (res.statusCode !== 200) throw new Error(`raw loop got ${res.statusCode}`);
    items += body.items.length;
    url = findNextLink(res.headers.link);
    sampleRss();
  }
  return { items, requests };
}

/** The pages of one listing as the simulator sent them: URL, body text and next link. */
interface RecordedPage {
  url: string;
  text: string;
  link: string | undefined;
}

async function recordPages(firstUrl: string, token: string, dispatcher: Agent): Promise<RecordedPage[]> {
  const pages: RecordedPage[] = [];
  let url: string | undefined = firstUrl;
  while (url) {
    const res = await request(url, { dispatcher, headers: { authorization: `Bearer ${token}` } });
    const text = await res.body.text();
    const link = typeof res.headers.link === 'string' ? res.headers.link : undefined;
    pages.push({ url, text, link });
    url = findNextLink(res.headers.link);
  }
  return pages;
}

/** A transport that answers from recorded pages: the client's own work, with no socket and no simulator. */
function replayTransport(pages: RecordedPage[], baseUrl: string): Transport {
  /** URL with its query in a fixed order: the client may rebuild a next link with its parameters reordered. */
  const key = (href: string): string => {
    const url = new URL(href);
    url.searchParams.sort();
    return url.href;
  };
  const byUrl = new Map(pages.map((p) => [key(p.url), p]));
  const fake = {
    baseUrl: new URL(baseUrl),
    async execute<T>(spec: { url: URL }, read: (response: TransportResponse) => Promise<T>): Promise<T> {
      const page = byUrl.get(key(spec.url.href));
      if (!page) throw new Error(`no recorded page for ${spec.url.href}`);
      const response = {
        status: 200,
        headers: page.link === undefined ? {} : { link: page.link },
        body: { text: async () => page.text },
        url: spec.url,
      };
      return read(response as unknown as TransportResponse);
    },
  };
  return fake as unknown as Transport;
}

/**
 * Where the client's time goes, without the network: CPU time (ms per full listing, median of `runs`) of each layer
 * over the recorded pages. `parse` (JSON.parse, the bare loop does this too), `validate` (the response schema per
 * item), `paging` (createPaged over a replaying transport, page at a time, minus parse and validate: link and URL
 * handling), `items` (item-by-item iteration minus page-at-a-time: one resolved promise per item). What remains of
 * the wall-time gap is the transport (gate, token, headers, events, undici request options) and noise.
 */
async function breakdown<T>(
  pages: RecordedPage[],
  baseUrl: string,
  schema: ResponseSchema<T>,
  runs: number,
): Promise<{ parse: number; validate: number; paging: number; items: number }> {
  const transport = replayTransport(pages, baseUrl);
  const first = new URL(pages[0]?.url ?? baseUrl);
  const paged = () => createPaged({ transport, url: first, route: 'bench', schema, what: 'item' });
  const time = async (fn: () => unknown): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage();
      await fn();
      const d = process.cpuUsage(c);
      samples.push((d.user + d.system) / 1000);
    }
    return median(samples);
  };
  const parseOnly = (): number => {
    let n = 0;
    for (const p of pages) n += (JSON.parse(p.text) as { items: unknown[] }).items.length;
    return n;
  };
  const parseValidate = (): number => {
    let n = 0;
    for (const p of pages) {
      for (const item of (JSON.parse(p.text) as { items: unknown[] }).items) if (schema.safeParse(item).success) n++;
    }
    return n;
  };
  const byPage = async (): Promise<number> => {
    let n = 0;
    for await (const page of paged().pages()) n += page.items.length;
    return n;
  };
  const byItem = async (): Promise<number> => {
    let n = 0;
    for await (const item of paged()) if (item) n++;
    return n;
  };
  const expected = parseOnly();
  for (const [name, fn] of [
    ['validate', parseValidate],
    ['pages', byPage],
    ['items', byItem],
  ] as const) {
    if ((await fn()) !== expected) throw new Error(`breakdown: ${name} counted a different number of items`);
  }
  const parse = await time(parseOnly);
  const validated = await time(parseValidate);
  const pagesMs = await time(byPage);
  const itemsMs = await time(byItem);
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return {
    parse: round(parse),
    validate: round(validated - parse),
    paging: round(pagesMs - validated),
    items: round(itemsMs - pagesMs),
  };
}

export default async function bench(argv: string[]): Promise<Record<string, number>> {
  const args = parseArgs(argv);
  const setupStart = performance.now();
  const sim = await startSimulator({ scenario: 'large', large: { rooms: args.rooms, messages: 0 }, rateLimits: false });
  const operatorToken = sim.tokens.operator as string;
  try {
    const roomId = sim.control.rooms('operator')[0]?.id;
    if (!roomId) throw new Error('no room');
    for (let i = 0; i < args.messages; i++) {
      sim.control.post('operator', { roomId, text: `bench message ${i}` });
    }
    const roomTotal = sim.control.rooms('operator').length;
    const messageTotal = sim.control.messages(roomId).length;
    const setupMs = performance.now() - setupStart;

    let clientRequests = 0;
    const onEvent = (e: WebexClientEvent): void => {
      if (e.type === 'request') clientRequests++;
    };
    const webex = createWebexClient({ baseUrl: sim.baseUrl, token: operatorToken, onEvent });
    const rawAgent = new Agent({ connect: { timeout: 10_000 }, headersTimeout: 30_000, bodyTimeout: 60_000 });

    const roomsUrl = `${sim.baseUrl}/rooms?max=${args.max}`;
    const messagesUrl = `${sim.baseUrl}/messages?roomId=${encodeURIComponent(roomId)}&max=${args.max}`;

    const clientRooms = async (): Promise<number> => {
      let n = 0;
      for await (const room of webex.rooms.list({ max: args.max })) {
        if (room.id) n++;
        if (n % args.max === 0) sampleRss();
      }
      return n;
    };
    /** Page at a time (`.pages()`): the same requests and validation, without one await per item. */
    const clientRoomPages = async (): Promise<number> => {
      let n = 0;
      for await (const page of webex.rooms.list({ max: args.max }).pages()) n += page.items.length;
      return n;
    };
    const clientMessagePages = async (): Promise<number> => {
      let n = 0;
      for await (const page of webex.messages.list({ roomId, max: args.max }).pages()) n += page.items.length;
      return n;
    };
    const clientMessages = async (): Promise<number> => {
      let n = 0;
      for await (const msg of webex.messages.list({ roomId, max: args.max })) {
        if (msg.id) n++;
        if (n % args.max === 0) sampleRss();
      }
      return n;
    };

    // Warm-up (JIT, sockets), not measured.
    await clientRooms();
    await rawList(roomsUrl, operatorToken, rawAgent);

    const times = {
      clientRooms: [] as number[],
      rawRooms: [] as number[],
      clientMessages: [] as number[],
      rawMessages: [] as number[],
      pagesRooms: [] as number[],
      pagesMessages: [] as number[],
    };
    const cpu = {
      clientRooms: [] as number[],
      rawRooms: [] as number[],
      clientMessages: [] as number[],
      rawMessages: [] as number[],
    };
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const d = process.cpuUsage(since);
      return (d.user + d.system) / 1000;
    };
    const requestsPerRun = {
      clientRooms: 0,
      clientMessages: 0,
      rawRooms: 0,
      rawMessages: 0,
      simRooms: 0,
      simMessages: 0,
    };
    for (let run = 0; run < args.runs; run++) {
      // Alternate the order so neither side always runs on a warmer heap.
      const order = run % 2 === 0 ? ['client', 'pages', 'raw'] : ['raw', 'pages', 'client'];
      for (const side of order) {
        if (side === 'client') {
          sim.control.resetStats();
          let before = clientRequests;
          let c = process.cpuUsage();
          let t = performance.now();
          const rooms = await clientRooms();
          times.clientRooms.push(performance.now() - t);
          cpu.clientRooms.push(cpuMs(c));
          if (rooms !== roomTotal) throw new Error(`client listed ${rooms} rooms, expected ${roomTotal}`);
          requestsPerRun.clientRooms = clientRequests - before;
          requestsPerRun.simRooms = sim.control.stats().byRoute['GET /rooms'] ?? 0;

          before = clientRequests;
          c = process.cpuUsage();
          t = performance.now();
          const messages = await clientMessages();
          times.clientMessages.push(performance.now() - t);
          cpu.clientMessages.push(cpuMs(c));
          if (messages !== messageTotal)
            throw new Error(`client listed ${messages} messages, expected ${messageTotal}`);
          requestsPerRun.clientMessages = clientRequests - before;
          requestsPerRun.simMessages = sim.control.stats().byRoute['GET /messages'] ?? 0;
        } else if (side === 'pages') {
          let t = performance.now();
          if ((await clientRoomPages()) !== roomTotal) throw new Error('pages() room count mismatch');
          times.pagesRooms.push(performance.now() - t);
          t = performance.now();
          if ((await clientMessagePages()) !== messageTotal) throw new Error('pages() message count mismatch');
          times.pagesMessages.push(performance.now() - t);
        } else {
          let c = process.cpuUsage();
          let t = performance.now();
          const r = await rawList(roomsUrl, operatorToken, rawAgent);
          times.rawRooms.push(performance.now() - t);
          cpu.rawRooms.push(cpuMs(c));
          requestsPerRun.rawRooms = r.requests;
          if (r.items !== roomTotal) throw new Error('raw loop room count mismatch');
          c = process.cpuUsage();
          t = performance.now();
          const m = await rawList(messagesUrl, operatorToken, rawAgent);
          times.rawMessages.push(performance.now() - t);
          cpu.rawMessages.push(cpuMs(c));
          requestsPerRun.rawMessages = m.requests;
          if (m.items !== messageTotal) throw new Error('raw loop message count mismatch');
        }
      }
    }
    const recordedRooms = await recordPages(roomsUrl, operatorToken, rawAgent);
    const recordedMessages = await recordPages(messagesUrl, operatorToken, rawAgent);
    const costRooms = await breakdown(recordedRooms, sim.baseUrl, roomSchema, args.runs);
    const costMessages = await breakdown(recordedMessages, sim.baseUrl, messageSchema, args.runs);
    await webex.close();
    await rawAgent.close();

    const expectedRooms = Math.ceil(roomTotal / args.max);
    const expectedMessages = Math.ceil(messageTotal / args.max);
    const perSec = (n: number, ms: number): number => Math.round((n / ms) * 1000);
    const med = {
      clientRooms: median(times.clientRooms),
      rawRooms: median(times.rawRooms),
      clientMessages: median(times.clientMessages),
      rawMessages: median(times.rawMessages),
    };
    /** Median over runs of the client/bare ratio of the same run (adjacent measurements), as a percentage. */
    const pairedOverhead = (client: number[], raw: number[]): number =>
      Math.round((median(client.map((c, i) => c / (raw[i] as number))) - 1) * 1000) / 10;
    /** The client's own CPU work (validate + paging + per-item) as a percentage of the bare loop's wall time. */
    const ownPct = (cost: { validate: number; paging: number; items: number }, rawMs: number): number =>
      Math.round(((cost.validate + cost.paging + cost.items) / rawMs) * 1000) / 10;
    const figures: Record<string, number> = {
      rooms: roomTotal,
      messages: messageTotal,
      max: args.max,
      runs: args.runs,
      roomRequests: requestsPerRun.clientRooms,
      roomRequestsSim: requestsPerRun.simRooms,
      roomRequestsExpected: expectedRooms,
      messageRequests: requestsPerRun.clientMessages,
      messageRequestsSim: requestsPerRun.simMessages,
      messageRequestsExpected: expectedMessages,
      roomsPerSecClient: perSec(roomTotal, med.clientRooms),
      roomsPerSecRaw: perSec(roomTotal, med.rawRooms),
      roomsOverheadPct: pairedOverhead(times.clientRooms, times.rawRooms),
      roomsCpuOverheadPct: pairedOverhead(cpu.clientRooms, cpu.rawRooms),
      roomsPagesPerSecClientPages: perSec(roomTotal, median(times.pagesRooms)),
      roomsPagesOverheadPct: pairedOverhead(times.pagesRooms, times.rawRooms),
      messagesPerSecClient: perSec(messageTotal, med.clientMessages),
      messagesPerSecRaw: perSec(messageTotal, med.rawMessages),
      messagesOverheadPct: pairedOverhead(times.clientMessages, times.rawMessages),
      messagesCpuOverheadPct: pairedOverhead(cpu.clientMessages, cpu.rawMessages),
      messagesPerSecClientPages: perSec(messageTotal, median(times.pagesMessages)),
      messagesPagesOverheadPct: pairedOverhead(times.pagesMessages, times.rawMessages),
      roomPagesPerSecRaw: Math.round((expectedRooms / med.rawRooms) * 10000) / 10,
      messagePagesPerSecRaw: Math.round((expectedMessages / med.rawMessages) * 10000) / 10,
      roomsCpuParseMs: costRooms.parse,
      roomsCpuValidateMs: costRooms.validate,
      roomsCpuPagingMs: costRooms.paging,
      roomsCpuItemsMs: costRooms.items,
      messagesCpuParseMs: costMessages.parse,
      messagesCpuValidateMs: costMessages.validate,
      messagesCpuPagingMs: costMessages.paging,
      messagesCpuItemsMs: costMessages.items,
      roomsClientOwnPct: ownPct(costRooms, med.rawRooms),
      messagesClientOwnPct: ownPct(costMessages, med.rawMessages),
      rawRoomsMs: Math.round(med.rawRooms * 100) / 100,
      rawMessagesMs: Math.round(med.rawMessages * 100) / 100,
      peakRssMb: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024),
      setupMs: Math.round(setupMs),
    };

    const rows: [string, string, string, string, string, string][] = [
      [
        'list',
        'items',
        'requests (client/sim/expected)',
        'bare undici items/s',
        'client items/s (overhead wall / cpu)',
        'client .pages() items/s (overhead wall)',
      ],
      [
        `rooms max=${args.max}`,
        String(roomTotal),
        `${figures.roomRequests}/${figures.roomRequestsSim}/${expectedRooms}`,
        String(figures.roomsPerSecRaw),
        `${figures.roomsPerSecClient} (${figures.roomsOverheadPct}% / ${figures.roomsCpuOverheadPct}%)`,
        `${figures.roomsPagesPerSecClientPages} (${figures.roomsPagesOverheadPct}%)`,
      ],
      [
        `messages max=${args.max}`,
        String(messageTotal),
        `${figures.messageRequests}/${figures.messageRequestsSim}/${expectedMessages}`,
        String(figures.messagesPerSecRaw),
        `${figures.messagesPerSecClient} (${figures.messagesOverheadPct}% / ${figures.messagesCpuOverheadPct}%)`,
        `${figures.messagesPerSecClientPages} (${figures.messagesPagesOverheadPct}%)`,
      ],
    ];
    const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => r[c]?.length ?? 0))) ?? [];
    console.log(
      `client bench (wall time, loopback, simulator in-process; items/s = median of ${args.runs} runs; overhead = median of per-run client/bare ratios; setup ${figures.setupMs} ms)`,
    );
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    console.log(
      `raw simulator page rate: rooms ${figures.roomPagesPerSecRaw} pages/s, messages ${figures.messagePagesPerSecRaw} pages/s; peak RSS ${figures.peakRssMb} MB (simulator included)`,
    );
    const gap = (client: number, raw: number): string => `${(client - raw).toFixed(2)} ms`;
    console.log('');
    console.log(
      'where the client time goes (CPU ms per full listing, median, replayed pages: no socket, no simulator)',
    );
    const costRows: string[][] = [
      [
        'list',
        'bare loop wall',
        'client wall gap',
        'JSON.parse (both)',
        'validate',
        'paging',
        'per-item iteration',
        'client-only work (% of bare wall)',
      ],
      [
        'rooms',
        `${figures.rawRoomsMs} ms`,
        gap(med.clientRooms, med.rawRooms),
        `${costRooms.parse} ms`,
        `${costRooms.validate} ms`,
        `${costRooms.paging} ms`,
        `${costRooms.items} ms`,
        `${figures.roomsClientOwnPct}%`,
      ],
      [
        'messages',
        `${figures.rawMessagesMs} ms`,
        gap(med.clientMessages, med.rawMessages),
        `${costMessages.parse} ms`,
        `${costMessages.validate} ms`,
        `${costMessages.paging} ms`,
        `${costMessages.items} ms`,
        `${figures.messagesClientOwnPct}%`,
      ],
    ];
    const costWidths = costRows[0]?.map((_, c) => Math.max(...costRows.map((r) => r[c]?.length ?? 0))) ?? [];
    for (const r of costRows) console.log(r.map((cell, c) => cell.padEnd(costWidths[c] ?? 0)).join('  '));
    console.log(
      'the rest of the wall gap (client wall gap − validate − paging − per-item) is the transport (gate, token, headers, events) and noise',
    );
    if (figures.roomRequests !== expectedRooms || figures.messageRequests !== expectedMessages) {
      throw new Error('request count differs from ceil(N / max)');
    }
    return figures;
  } finally {
    await sim.close();
  }
}
