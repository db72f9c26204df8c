/**
 * `npm run bench -- sim [--inproc] [--duration MS] [--concurrency N] [--rooms N] [--messages N]`
 *
 * Wall-clock benchmark of the Webex simulator with the 'large' scenario (default 5,000 rooms, 200,000 messages):
 * page requests per second over loopback (undici Pool) for GET /rooms and GET /messages with max=100 and max=1000,
 * following real next links (cursors), and the simulator's peak RSS with the scenario loaded.
 *
 * By default the simulator runs in its own process (`node --import tsx src/sim/cli.ts --json`), so the load
 * generator does not share its event loop, and the peak RSS figure is the simulator's alone: the process reports its
 * own `process.resourceUsage().maxRSS` when it exits (bench/_peak-rss.ts; every platform), and /proc adds its current
 * RSS where it exists. `--inproc` runs it in this process instead: the simulator's own peak cannot be separated
 * from the load generator's, so `peakRssMb` is null and `processPeakRssMb` gives the combined figure.
 * Aims: ≥ 2,000 pages/s for pages of 100; peak RSS < 600 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Pool, type Dispatcher } from 'undici';
import { startSimulator } from '../src/sim';

interface Target {
  baseUrl: string;
  token: string;
  /** The simulator's own process, or undefined when it runs in this one. */
  pid: number | undefined;
  generationMs: number;
  /** Stops the simulator; resolves with its own peak RSS in MB, or null when that cannot be measured. */
  close(): Promise<number | null>;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function numFlag(args: string[], name: string, fallback: number): number {
  const v = flag(args, name);
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Current RSS (MB) of a process from /proc (Linux), or undefined where there is no /proc. */
function procRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function startChild(rooms: number, messages: number): Promise<Target> {
  const root = path.resolve(__dirname, '..');
  const t0 = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      pathToFileURL(path.join(root, 'bench/_peak-rss.ts')).href,
      path.join(root, 'src/sim/cli.ts'),
      '--scenario',
      'large',
      '--rooms',
      String(rooms),
      '--messages',
      String(messages),
      '--no-live',
      '--json',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'pipe'] },
  );
  // The simulator's own peak RSS, written by bench/_peak-rss.ts to fd 3 as it exits.
  let report = '';
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
    report += chunk.toString('utf8');
  });
  const reported = new Promise<void>((resolve) => (child.stdio[3] as NodeJS.ReadableStream).once('end', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited early (${String(code)})`)));
  });
  const generationMs = performance.now() - t0;
  const info = JSON.parse(line) as { baseUrl: string; tokens: Record<string, string> };
  return {
    baseUrl: info.baseUrl,
    token: info.tokens.operator as string,
    pid: child.pid,
    generationMs,
    close: async () => {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await reported;
      const kb = Number((JSON.parse(report.trim() || '{}') as { peakRssKb?: number }).peakRssKb);
      return Number.isFinite(kb) && kb > 0 ? kb / 1024 : null;
    },
  };
}

async function startInProc(rooms: number, messages: number): Promise<Target> {
  const t0 = performance.now();
  const sim = await startSimulator({ scenario: 'large', large: { rooms, messages } });
  return {
    baseUrl: sim.baseUrl,
    token: sim.tokens.operator as string,
    pid: undefined,
    generationMs: performance.now() - t0,
    close: async () => {
      await sim.close();
      return null; // shares this process with the load generator: not the simulator's own figure
    },
  };
}

/** Walks next links from `firstPath` and returns up to `limit` page paths (path + query). */
async function collectPages(pool: Pool, token: string, firstPath: string, limit: number): Promise<string[]> {
  const pages: string[] = [];
  let next: string | undefined = firstPath;
  while (next && pages.length < limit) {
    pages.push(next);
    const res: Dispatcher.ResponseData = await pool.request({
      path: next,
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    await res.body.dump();
    const link: string | string[] | undefined = res.headers.link;
    const m: RegExpExecArray | null = typeof link === 'string' ? /<([^>]+)>;\s*rel="next"/.exec(link) : null;
    next = m ? new URL(m[1] as string).pathname + new URL(m[1] as string).search : undefined;
  }
  return pages;
}

interface Run {
  rps: number;
  requests: number;
  errors: number;
  bytesPerPage: number;
}

async function hammer(
  pool: Pool,
  token: string,
  pages: string[],
  durationMs: number,
  concurrency: number,
): Promise<Run> {
  const headers = { authorization: `Bearer ${token}` };
  let requests = 0;
  let errors = 0;
  let bytes = 0;
  let cursor = 0;
  const deadline = performance.now() + durationMs;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const p = pages[cursor++ % pages.length] as string;
      try {
        const res = await pool.request({ path: p, method: 'GET', headers });
        const buf = await res.body.arrayBuffer();
        bytes += buf.byteLength;
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      requests++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return { rps: requests / elapsed, requests, errors, bytesPerPage: requests > 0 ? bytes / requests : 0 };
}

export default async function bench(args: string[]): Promise<Record<string, number | null>> {
  const inproc = args.includes('--inproc');
  const durationMs = numFlag(args, '--duration', 4000);
  const concurrency = numFlag(args, '--concurrency', 16);
  const rooms = numFlag(args, '--rooms', 5000);
  const messages = numFlag(args, '--messages', 200_000);

  console.log(
    `sim bench: large scenario ${rooms} rooms / ${messages} messages, ${inproc ? 'in-process' : 'separate process'}, ${concurrency} connections, ${durationMs} ms per run (wall clock)`,
  );
  const target = inproc ? await startInProc(rooms, messages) : await startChild(rooms, messages);
  const origin = new URL(target.baseUrl).origin;
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const figures: Record<string, number | null> = {};
  let currentRss: number | undefined;
  try {
    console.log(`scenario ready in ${target.generationMs.toFixed(0)} ms (including process start)`);
    const roomPages100 = await collectPages(pool, target.token, '/v1/rooms?sortBy=lastactivity&max=100', 1000);
    const roomPages1000 = await collectPages(pool, target.token, '/v1/rooms?sortBy=lastactivity&max=1000', 1000);
    // Hot rooms first (they carry the deep histories); walk each one's pages.
    const firstRooms = await pool.request({
      path: '/v1/rooms?sortBy=lastactivity&max=20',
      method: 'GET',
      headers: { authorization: `Bearer ${target.token}` },
    });
    const roomIds = ((await firstRooms.body.json()) as { items: { id: string }[] }).items.map((r) => r.id);
    const msgPages100: string[] = [];
    const msgPages1000: string[] = [];
    for (const id of roomIds) {
      msgPages100.push(...(await collectPages(pool, target.token, `/v1/messages?roomId=${id}&max=100`, 20)));
      msgPages1000.push(...(await collectPages(pool, target.token, `/v1/messages?roomId=${id}&max=1000`, 5)));
    }

    const runs: Array<[string, string[]]> = [
      ['roomsPage100', roomPages100],
      ['roomsPage1000', roomPages1000],
      ['messagesPage100', msgPages100],
      ['messagesPage1000', msgPages1000],
    ];
    // Warm up on every page set (JIT, caches, and the collector catching up after the scenario generation).
    await hammer(
      pool,
      target.token,
      [...roomPages100, ...roomPages1000, ...msgPages100, ...msgPages1000],
      Math.min(2000, durationMs / 2),
      concurrency,
    );
    console.log('');
    console.log('run               pages/s   requests  errors  KB/page  distinct pages');
    for (const [name, pages] of runs) {
      await hammer(pool, target.token, pages, Math.min(500, durationMs / 4), concurrency); // warm-up
      const r = await hammer(pool, target.token, pages, durationMs, concurrency);
      console.log(
        `${name.padEnd(16)} ${r.rps.toFixed(0).padStart(8)} ${String(r.requests).padStart(10)} ${String(r.errors).padStart(7)} ${(r.bytesPerPage / 1024).toFixed(1).padStart(8)} ${String(pages.length).padStart(15)}`,
      );
      figures[`${name}Rps`] = Math.round(r.rps);
      figures[`${name}Errors`] = r.errors;
    }
    currentRss = target.pid !== undefined ? procRss(target.pid) : undefined;
    figures.rooms = rooms;
    figures.messages = messages;
    figures.scenarioReadyMs = Math.round(target.generationMs);
    figures.concurrency = concurrency;
    figures.inProcess = inproc ? 1 : 0;
  } finally {
    await pool.close();
    const peak = await target.close();
    console.log('');
    if (peak === null) {
      const own = process.resourceUsage().maxRSS / 1024;
      console.log(
        `simulator peak RSS: not measurable in-process (null); this process (simulator + load generator) ${own.toFixed(0)} MB`,
      );
      figures.processPeakRssMb = Math.round(own);
    } else {
      console.log(
        `simulator peak RSS ${peak.toFixed(0)} MB (its own process)${currentRss !== undefined ? `, current ${currentRss.toFixed(0)} MB` : ''}`,
      );
    }
    figures.peakRssMb = peak === null ? null : Math.round(peak);
  }
  return figures;
}
