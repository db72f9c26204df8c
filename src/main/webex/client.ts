import type { Dispatcher } from 'undici';
import { createRealClock, type Clock } from '../clock';
import { nullLogger, type Logger } from '../log/types';
import { DEFAULT_API_BASE_URL, checkBaseUrl } from '../net/baseUrl';
import { createDefaultDispatcher } from '../net/dispatcher';
import { resolveTimeouts, type Timeouts } from '../net/timeouts';
import type { WebexClientEvent } from './events';
import { createAccessTokensApi, type AccessTokensApi } from './resources/accessTokens';
import { createAttachmentActionsApi, type AttachmentActionsApi } from './resources/attachmentActions';
import { createContentsApi, type ContentsApi } from './resources/contents';
import { createMembershipsApi, type MembershipsApi } from './resources/memberships';
import { createMessagesApi, type MessagesApi } from './resources/messages';
import { createPeopleApi, type PeopleApi } from './resources/people';
import { createRoomsApi, type RoomsApi } from './resources/rooms';
import { createTeamMembershipsApi, type TeamMembershipsApi } from './resources/teamMemberships';
import { createTeamsApi, type TeamsApi } from './resources/teams';
import { createWebhooksApi, type WebhooksApi } from './resources/webhooks';
import { formatWebexTimestamp } from './time';
import { Transport, type RetryPolicy, type TokenSource } from './transport';

export interface WebexAuth {
  /** The current access token (called before every request). */
  getToken(): Promise<string>;
  /**
   * Called once per call when Webex answers 401 to `rejected`. Return true after refreshing: the request is then
   * repeated once with `getToken()`. False (or a throw) fails the call with kind `auth`.
   */
  onUnauthorized?(rejected: string): Promise<boolean>;
}

export interface WebexRetryOptions {
  /** Attempts for transient failures (network errors, timeouts, 502/503/504), the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff ceiling; doubles per retry (full jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 10 s. */
  maxDelayMs?: number;
  /** Bound on the total time one call waits for 429 pauses (and 423 locks). Default 5 minutes. 0 = fail at once. */
  maxRateLimitWaitMs?: number;
  /** Random source in [0, 1) for jitter. Default Math.random. */
  random?: () => number;
}

export interface WebexClientOptions {
  /** Default https://webexapis.com/v1; must pass `checkBaseUrl` (https, or http on loopback). */
  baseUrl?: string;
  /** A fixed token (bots, tests). Ignored when `auth` is given. */
  token?: string;
  auth?: WebexAuth;
  /** Default: a client-owned `createDefaultDispatcher({ timeouts })`, closed by `close()`. */
  dispatcher?: Dispatcher;
  clock?: Clock;
  /** User-Agent header. Default `webex-ops-console/<version> (node <version>; <platform>)`. */
  userAgent?: string;
  /** Connect (only for the client-owned dispatcher), headers and body timeouts. */
  timeouts?: Partial<Timeouts>;
  retry?: WebexRetryOptions;
  onEvent?: (event: WebexClientEvent) => void;
  logger?: Logger;
}

export interface WebexClient {
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly people: PeopleApi;
  readonly rooms: RoomsApi;
  readonly messages: MessagesApi;
  readonly memberships: MembershipsApi;
  readonly teams: TeamsApi;
  readonly teamMemberships: TeamMembershipsApi;
  readonly webhooks: WebhooksApi;
  readonly accessTokens: AccessTokensApi;
  readonly contents: ContentsApi;
  readonly attachmentActions: AttachmentActionsApi;
  /** While a 429 pause is running: when it ends (ISO). */
  rateLimitedUntil(): string | undefined;
  /** Closes the dispatcher if the client created it (a passed-in dispatcher is left alone). */
  close(): Promise<void>;
}

export const CLIENT_VERSION = '0.1.0';

export const DEFAULT_RETRY: Readonly<Omit<RetryPolicy, 'random'>> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRateLimitWaitMs: 5 * 60_000,
});

function positive(value: number | undefined, fallback: number, min = 0): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

export function createWebexClient(options: WebexClientOptions = {}): WebexClient {
  const base = checkBaseUrl(options.baseUrl ?? DEFAULT_API_BASE_URL);
  const timeouts = resolveTimeouts(options.timeouts);
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? createDefaultDispatcher({ timeouts });
  const logger = (options.logger ?? nullLogger).child({ component: 'webex' });
  const onEvent = options.onEvent;

  let tokens: TokenSource | undefined;
  if (options.auth) {
    tokens = options.auth;
  } else if (options.token !== undefined) {
    const token = options.token;
    tokens = { getToken: async () => token };
  }

  const retry: RetryPolicy = {
    maxAttempts: Math.floor(positive(options.retry?.maxAttempts, DEFAULT_RETRY.maxAttempts, 1)),
    baseDelayMs: positive(options.retry?.baseDelayMs, DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: positive(options.retry?.maxDelayMs, DEFAULT_RETRY.maxDelayMs),
    maxRateLimitWaitMs: positive(options.retry?.maxRateLimitWaitMs, DEFAULT_RETRY.maxRateLimitWaitMs),
    random: options.retry?.random ?? Math.random,
  };

  const transport = new Transport({
    baseUrl: base,
    dispatcher,
    clock: options.clock ?? createRealClock(),
    logger,
    emit: onEvent ?? (() => undefined),
    ...(tokens ? { tokens } : {}),
    userAgent:
      options.userAgent ?? `webex-ops-console/${CLIENT_VERSION} (node ${process.versions.node}; ${process.platform})`,
    timeouts,
    retry,
  });
  const ctx = { transport };

  return {
    baseUrl: base.href.replace(/\/+$/, ''),
    people: createPeopleApi(ctx),
    rooms: createRoomsApi(ctx),
    messages: createMessagesApi(ctx),
    memberships: createMembershipsApi(ctx),
    teams: createTeamsApi(ctx),
    teamMemberships: createTeamMembershipsApi(ctx),
    webhooks: createWebhooksApi(ctx),
    accessTokens: createAccessTokensApi(ctx),
    contents: createContentsApi(ctx),
    attachmentActions: createAttachmentActionsApi(ctx),
    rateLimitedUntil: () => {
      const until = transport.gate.pausedUntil();
      return until === undefined ? undefined : formatWebexTimestamp(until);
    },
    close: async () => {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
