/**
 * # Webex simulator (src/sim)
 *
 * A faithful local Webex REST API (see docs/webex-api.md — cited by section in the code) on
 * `http://127.0.0.1:PORT/v1`: the demo workspace, the target of integration/e2e tests, and the load for benchmarks.
 *
 * ```ts
 * const sim = await startSimulator({ scenario: 'empty', clock, seed: 7 });
 * // sim.baseUrl = 'http://127.0.0.1:PORT/v1'; sim.tokens.operator / sim.tokens.bot are Bearer tokens
 * await sim.close();
 * ```
 *
 * ## Options (SimulatorOptions)
 * - `port` (0 = random; host always 127.0.0.1), `scenario` ('empty' | 'demo' | 'large'; default 'demo'),
 *   `large` sizing ({ rooms 5000, messages 200000, watchedHint 50 }), `seed` (default 1 — ids, tokens, history,
 *   driver timing and fault rolls are all deterministic from it).
 * - `clock` (default real) and `skewMs`: server time = clock.now() + skewMs; the simulator never reads Date.now().
 *   Rate-limit buckets, latency faults, code/token expiry and the live driver all run on this clock.
 * - `faults` (FaultConfig, per route: latency, 5xx, reset before/after processing, hang, truncated body, non-JSON
 *   body, 429, with next-N `count`s), `rateLimits` (token buckets per token and per room for message reads;
 *   default: generous for 'demo', off otherwise), `live` (the alert driver; default on only via startDemo),
 *   `controlSecret` (enables the HTTP control API), `dropMentionedPeopleInNextLinks` (emulate the real defect),
 *   `logger`.
 *
 * ## Identities
 * `sim.tokens` / `sim.people` are keyed by identity: every scenario has `operator` (Dana Ops) and `bot` (AlertBot);
 * 'demo' adds deploybot, sam, priya, marco, lee, jordan, alex, fiona and the aliases `dana` (= operator) and
 * `alertbot` (= bot). Seeded tokens never expire; use `control.issueToken(key, { expiresInMs })` for one that does.
 *
 * ## Control API
 * In-process: `sim.control` (SimControl) — post/edit/delete as anyone (same code path as REST), create rooms, add
 * or remove members, set/get/clear faults, set rate limits, expire/revoke/issue tokens, register OAuth clients,
 * step/start/stop the driver, read `posted()` (every message stored via REST or control, for loss/duplicate
 * accounting), `stats()`/`resetStats()`, `requests()` (the last 10,000 requests), `rooms(as)`, `findRoom(title)`,
 * `messages(roomId)`, `person(identity)`, `setSkew(ms)`, `serverNow()`. Failures throw `SimApiError`.
 * Over HTTP: only when `controlSecret` is set — every `/_sim/...` request must carry `X-Sim-Control: <secret>`
 * (404 without a configured secret, 401 on a wrong one); the routes are listed in control/http.ts.
 *
 * ## OAuth
 * `control.registerOAuthClient({ redirectUri })`, then `GET /v1/authorize?client_id&response_type=code&redirect_uri
 * &state&code_challenge&code_challenge_method=S256&login_hint=<identity key or email>` auto-approves and redirects
 * (302) to the exact registered redirect URI with `code` and `state`; `POST /v1/access_token` (form) exchanges the
 * code (PKCE checked, single use, 5 minutes) or a refresh token (rotated: the old one is refused with 400).
 * `scope` is required at authorize; the tokens carry the granted scopes and every route checks its own (403 when
 * missing, core/scopes.ts; `spark:all` grants all). Seeded and control-issued tokens are unscoped unless
 * `control.issueToken(key, { scopes })` asks for some.
 *
 * ## Cards
 * `POST /v1/attachment/actions` (200) and `GET /v1/attachment/actions/{id}` (core/actions.ts). In 'demo' the alert
 * bot's alerts carry an Adaptive Card with "Acknowledge" / "Silence 1 h" buttons and the bot answers a submit in the
 * alert's thread (scenarios/alertCards.ts).
 *
 * CLI: `npm run sim -- --scenario demo --port 0 [--seed N] [--rooms N --messages N] [--control] [--json]`.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createRealClock } from '../main/clock';
import { nullLogger } from '../main/log/types';
import { createControl, makePostAs } from './control/control';
import { createControlHttp } from './control/http';
import { AuthStore } from './core/auth';
import { FaultEngine } from './core/faults';
import type { MessageRec } from './core/model';
import { DEMO_RATE_LIMITS, RateLimiter } from './core/rateLimits';
import { createRng } from './core/rng';
import { RequestLog } from './core/stats';
import { iso } from './core/time';
import { World } from './core/world';
import { LiveDriver } from './driver';
import { createSimServer } from './http/server';
import type { SimContext } from './http/types';
import { apiRoutes } from './routes';
import { scenarios } from './scenarios';
import type { PostedRecord, ScenarioName, SimControl, Simulator, SimulatorOptions, WatchPreset } from './types';

export type * from './types';
export { ApiError as SimApiError } from './core/errors';

const SCENARIOS: readonly ScenarioName[] = ['empty', 'demo', 'large'];

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer`);
  return value;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const scenario = options.scenario ?? 'demo';
  if (!SCENARIOS.includes(scenario)) throw new TypeError(`unknown scenario '${String(scenario)}'`);
  const port = positiveInt(options.port, 0, 'port');
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) throw new TypeError('seed must be a number');
  const clock = options.clock ?? createRealClock();
  const logger = (options.logger ?? nullLogger).child({ component: 'sim' });

  const world = new World(seed, clock, options.skewMs ?? 0);
  const built = scenarios[scenario](world, {
    large: {
      rooms: positiveInt(options.large?.rooms, 5000, 'large.rooms'),
      messages: positiveInt(options.large?.messages, 200_000, 'large.messages'),
      watchedHint: positiveInt(options.large?.watchedHint, 50, 'large.watchedHint'),
    },
  });

  const auth = new AuthStore(world);
  // Keyed by identity name: null prototype, so a name like `constructor` is an unknown identity, not a built-in.
  const tokens = Object.create(null) as Record<string, string>;
  const people = Object.create(null) as Simulator['people'];
  for (const key of built.identities) {
    const person = world.identities.get(key);
    if (!person) throw new Error(`scenario ${scenario} declares unknown identity ${key}`);
    tokens[key] = auth.issue(person);
    people[key] = { id: person.id, email: person.email, displayName: person.displayName, type: person.type };
  }
  for (const [alias, target] of Object.entries(built.aliases)) {
    const person = world.identities.get(target);
    if (!person || tokens[target] === undefined) continue;
    world.identities.set(alias, person);
    tokens[alias] = tokens[target];
    people[alias] = { id: person.id, email: person.email, displayName: person.displayName, type: person.type };
  }

  const faults = new FaultEngine(seed);
  if (options.faults) faults.set(options.faults);
  const rateLimiter = new RateLimiter();
  rateLimiter.configure(options.rateLimits ?? (scenario === 'demo' ? DEMO_RATE_LIMITS : false));
  const log = new RequestLog();
  const posted: PostedRecord[] = [];
  let origin = '';

  const recordPosted = (msg: MessageRec, via: PostedRecord['via']): void => {
    posted.push({
      id: msg.id,
      roomId: msg.room.id,
      personId: msg.person.id,
      created: iso(msg.created),
      at: clock.now(),
      via,
    });
  };
  const ctx: SimContext = {
    world,
    auth,
    rateLimiter,
    logger,
    origin: () => origin,
    apiBase: () => `${origin}/v1`,
    dropMentionedPeopleInNextLinks: options.dropMentionedPeopleInNextLinks ?? false,
    recordPosted,
  };
  const postAs = makePostAs({ world, apiBase: ctx.apiBase, recordPosted });
  const driver = new LiveDriver(clock, createRng(seed, 'driver'), built.script, postAs, logger);
  const control = createControl({
    world,
    auth,
    faults,
    rateLimiter,
    log,
    posted,
    apiBase: ctx.apiBase,
    recordPosted,
    driver: () => driver,
  });
  const closeController = new AbortController();
  const server = createSimServer({
    ctx,
    routes: apiRoutes,
    faults,
    log,
    trackingRng: createRng(seed, 'tracking'),
    closeSignal: closeController.signal,
    controlSecret: options.controlSecret,
    control: createControlHttp(control, world, () => ({ tokens: { ...tokens }, people: structuredClone(people) })),
  });

  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.info('sim listening', { origin, scenario, seed });
  if (options.live) driver.start();

  let closing: Promise<void> | undefined;
  const sim: Simulator = {
    baseUrl: `${origin}/v1`,
    origin,
    tokens,
    people,
    control,
    close() {
      closing ??= new Promise<void>((resolve) => {
        driver.stop();
        closeController.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  if (options.controlSecret !== undefined) sim.controlSecret = options.controlSecret;
  if (scenario === 'demo') sim.preset = demoPreset(control);
  return sim;
}

/** The demo's ops spaces, where the live driver posts alerts, and a rule for its critical ones. */
const DEMO_WATCHED = ['Incident Bridge', 'NOC', 'Database On-Call', 'Security Alerts'];

function demoPreset(control: SimControl): WatchPreset {
  return {
    watchRoomIds: DEMO_WATCHED.flatMap((title) => {
      const room = control.findRoom(title);
      return room ? [room.id] : [];
    }),
    rules: [{ name: 'Critical alerts', mode: 'keywords', pattern: 'CRITICAL', caseSensitive: true, critical: true }],
  };
}

/** The demo scenario with the live driver on (unless `live: false`). */
export function startDemo(options: Omit<SimulatorOptions, 'scenario'> = {}): Promise<Simulator> {
  return startSimulator({ ...options, scenario: 'demo', live: options.live ?? true });
}
