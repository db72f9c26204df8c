import type { Clock } from '../main/clock';
import type { Logger } from '../main/log/types';
import type { BucketConfig } from './core/tokenBucket';

export type { BucketConfig } from './core/tokenBucket';

export type ScenarioName = 'empty' | 'demo' | 'large';

// ---------------------------------------------------------------------------------------------------------------
// Wire shapes (docs/webex-api.md Appendix A). Absent fields are omitted, never null.

export type RoomType = 'direct' | 'group';

export interface WebexPerson {
  id: string;
  emails: string[];
  displayName: string;
  nickName?: string;
  firstName?: string;
  lastName?: string;
  avatar?: string;
  orgId: string;
  created?: string;
  lastModified?: string;
  lastActivity?: string;
  status?:
    'active' | 'call' | 'DoNotDisturb' | 'inactive' | 'meeting' | 'OutOfOffice' | 'pending' | 'presenting' | 'unknown';
  type: 'person' | 'bot';
}

export interface WebexRoom {
  id: string;
  title: string;
  type: RoomType;
  isLocked: boolean;
  teamId?: string;
  lastActivity: string;
  creatorId: string;
  created: string;
  ownerId?: string;
  isAnnouncementOnly?: boolean;
  isReadOnly?: boolean;
  isPublic?: boolean;
  description?: string;
}

export interface CardAttachment {
  contentType: string;
  content: Record<string, unknown>;
}

export interface WebexMessage {
  id: string;
  parentId?: string;
  roomId: string;
  roomType: RoomType;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  html?: string;
  files?: string[];
  attachments?: CardAttachment[];
  personId: string;
  personEmail: string;
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  created: string;
  updated?: string;
}

export interface WebexMembership {
  id: string;
  roomId: string;
  personId: string;
  personEmail: string;
  personDisplayName?: string;
  personOrgId?: string;
  isModerator: boolean;
  isRoomHidden?: boolean;
  roomType?: RoomType;
  isMonitor?: boolean;
  created: string;
}

export interface WebexTeam {
  id: string;
  name: string;
  description?: string;
  creatorId?: string;
  created: string;
}

export interface WebexTeamMembership {
  id: string;
  teamId: string;
  personId: string;
  personEmail: string;
  personDisplayName?: string;
  personOrgId?: string;
  isModerator: boolean;
  created: string;
}

export interface WebexWebhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: 'active' | 'inactive';
  created: string;
  ownedBy?: string;
  orgId?: string;
  createdBy?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Faults and rate limits

/**
 * What may go wrong on one route. Every ratio is a probability in [0, 1] rolled per request from the seeded fault
 * stream (1 = always). Order of evaluation: latency → resetBefore → hang → rateLimit → error → (processing) →
 * resetAfter → truncate → nonJson.
 */
export interface FaultRule {
  /** Added latency before processing, in clock milliseconds (ManualClock: the request waits for `advance`). */
  latencyMs?: number;
  /** Ratio of requests answered with `errorStatus` (default 500) without processing. */
  error?: number;
  errorStatus?: number;
  /** Ratio of requests whose socket is destroyed before processing (nothing happened server-side). */
  resetBefore?: number;
  /** Ratio of requests that are processed (a POST is stored and recorded in `posted()`), then the socket is destroyed. */
  resetAfter?: number;
  /** Ratio of requests that never get an answer (until the client gives up or the simulator closes). */
  hang?: number;
  /** Ratio of requests processed and answered with headers and half the body, then the socket is destroyed. */
  truncate?: number;
  /** Ratio of requests processed and answered with an HTML (non-JSON) body under the handler's status. */
  nonJson?: number;
  /** Ratio of requests answered 429 without processing. */
  rateLimit?: number;
  /** `Retry-After` for injected 429s (sent verbatim; default '30'). */
  retryAfter?: string | number;
  /** The rule affects the next `count` matching requests, then it is used up (one-shot: 1). Default: unlimited. */
  count?: number;
}

/**
 * Faults keyed by route: `'METHOD /path-template'` (e.g. `'GET /rooms'`, `'POST /messages'`,
 * `'GET /messages/{messageId}'`), `'METHOD *'`, or `'*'`. The most specific key wins. A list is a script: the first
 * rule that is not used up applies (e.g. `[{ error: 1, count: 2 }, { resetAfter: 1, count: 1 }]`).
 */
export type FaultConfig = Record<string, FaultRule | FaultRule[]>;

export interface RateLimitConfig {
  /** Bucket per access token, over every authenticated /v1 request. */
  perToken?: BucketConfig | false;
  /** Bucket per room for message reads (`GET /messages?roomId=`), shared by every token (§4 observation). */
  perRoomMessageReads?: BucketConfig | false;
  /**
   * Garbage `Retry-After` values seen in the wild (`'rand(30),add(30)'`, `''`, `'30.5'`): when set, 429s from the
   * buckets send these in rotation instead of the computed integer seconds.
   */
  retryAfterValues?: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Options and handles

export interface SimulatorOptions {
  /** Default 0 (random); the host is always 127.0.0.1. */
  port?: number;
  /** Default 'demo'. */
  scenario?: ScenarioName;
  /** Sizing for 'large' (defaults: 5000 rooms, 200000 messages, 50 hot rooms). */
  large?: { rooms?: number; messages?: number; watchedHint?: number };
  /** Default 1. Ids, tokens, content, driver timing and fault rolls are all deterministic from it. */
  seed?: number;
  /** Default: the real clock. */
  clock?: Clock;
  /** Server clock offset vs `clock` (server time = clock.now() + skewMs). */
  skewMs?: number;
  /** Initial faults. */
  faults?: FaultConfig;
  /** Default: off for 'empty'/'large', generous for 'demo'. `false` turns them off. */
  rateLimits?: RateLimitConfig | false;
  /** Live driver posting alerts/recoveries every few seconds (default true for startDemo, false otherwise). */
  live?: boolean;
  /** Enables the HTTP control API under /_sim (404 when absent). */
  controlSecret?: string;
  /** Reproduce the real service dropping `mentionedPeople` from next links (docs/webex-api.md §3 defect 2). */
  dropMentionedPeopleInNextLinks?: boolean;
  logger?: Logger;
}

/** A file for `control.post` (a multipart upload through the same path as the REST API). */
export interface SimFile {
  name: string;
  contentType?: string;
  data: Uint8Array | string;
}

export interface PostBody {
  roomId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  parentId?: string;
  /** One public URL, or one file to upload. */
  files?: Array<string | SimFile>;
  attachments?: CardAttachment[];
}

export interface PostedRecord {
  id: string;
  roomId: string;
  personId: string;
  created: string;
  /** clock.now() (not skewed) when stored. */
  at: number;
  /** 'rest' for POST /v1/messages, 'control' for control.post / the driver. */
  via: 'rest' | 'control';
}

export interface RequestRecord {
  method: string;
  /** The URL path as requested, without the query: '/v1/messages', '/v1/rooms/Y2lz…'. */
  path: string;
  /** Query parameters (one value per name: the last one when repeated). */
  query: Record<string, string>;
  /** HTTP status sent; 0 when the socket was reset or the request hung. */
  status: number;
  /** clock.now() when the request was answered (or faulted). */
  at: number;
  /** Route template, e.g. 'GET /messages/{messageId}'. */
  route: string;
  trackingId: string;
  /** The injected fault, if any. */
  fault?: FaultKind;
}

export type FaultKind =
  'latency' | 'error' | 'resetBefore' | 'resetAfter' | 'hang' | 'truncate' | 'nonJson' | 'rateLimit';

export interface SimStats {
  requests: number;
  /** Keyed by route template ('GET /rooms', …; unmatched paths as 'GET (unknown)'). */
  byRoute: Record<string, number>;
  /** Keyed by status code, or by fault kind for socket-level faults ('resetBefore', 'resetAfter', 'hang', 'truncate'). */
  byStatus: Record<string, number>;
}

export interface SimDriver {
  /** Posts the next scripted alert(s) now; returns them as the poster sees them. */
  step(): WebexMessage[];
  start(): void;
  stop(): void;
  readonly running: boolean;
}

export interface OAuthClientInput {
  clientId?: string;
  clientSecret?: string;
  redirectUri: string;
  /** Default 1209600 (14 days). */
  accessTokenTtlSec?: number;
  /** Default 7776000 (90 days). */
  refreshTokenTtlSec?: number;
}

export interface SimControl {
  /** Posts as an identity (key, base64 person id or email) through the same code path as POST /v1/messages. */
  post(as: string, body: PostBody): WebexMessage;
  editMessage(as: string, id: string, body: { text?: string; markdown?: string }): WebexMessage;
  deleteMessage(as: string, id: string): void;
  createRoom(as: string, body: { title: string; teamId?: string }): WebexRoom;
  addMember(roomId: string, identityOrEmail: string, options?: { isModerator?: boolean }): WebexMembership;
  removeMember(roomId: string, identityOrEmail: string): void;
  setFaults(faults: FaultConfig): void;
  getFaults(): FaultConfig;
  clearFaults(): void;
  setRateLimits(config: RateLimitConfig | false): void;
  expireToken(token: string): void;
  revokeToken(token: string): void;
  /** `scopes`: an integration-style token limited to these OAuth scopes (403 on other routes); default unscoped. */
  issueToken(identityKey: string, options?: { expiresInMs?: number; scopes?: readonly string[] }): string;
  registerOAuthClient(input: OAuthClientInput): { clientId: string; clientSecret: string };
  readonly driver: SimDriver;
  posted(): PostedRecord[];
  stats(): SimStats;
  resetStats(): void;
  /** The last 10,000 requests, oldest first. */
  requests(): RequestRecord[];
  /** Rooms the identity belongs to, most recent activity first (as that identity would see them). */
  rooms(as: string): WebexRoom[];
  /** The first room with this title (group rooms; direct rooms by the other person's name are not matched). */
  findRoom(title: string): WebexRoom | undefined;
  /** Every message of a room, newest first, as a member sees it (no bot filtering). */
  messages(roomId: string): WebexMessage[];
  person(identity: string): WebexPerson;
  setSkew(ms: number): void;
  /** Current server time (clock.now() + skew), as epoch ms. */
  serverNow(): number;
}

/**
 * What a fresh console should watch in this workspace (the demo's ops spaces and an alert rule), so a new user sees
 * live alerts at once. Shaped like the console's own watch settings; the simulator knows nothing of the console.
 */
export interface WatchPreset {
  watchRoomIds: string[];
  rules: { name: string; mode: 'keywords' | 'regex'; pattern: string; caseSensitive: boolean; critical: boolean }[];
}

export interface Simulator {
  /** 'http://127.0.0.1:PORT/v1' */
  baseUrl: string;
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  /** Every seeded identity that can sign in; at least { operator, bot }. */
  tokens: Record<string, string>;
  people: Record<string, { id: string; email: string; displayName: string; type: 'person' | 'bot' }>;
  control: SimControl;
  /** The control secret when the HTTP control API is on. */
  controlSecret?: string;
  /** The demo scenario's suggested watch list and alert rule (absent for other scenarios). */
  preset?: WatchPreset;
  /** Closes sockets (hanging ones too) and stops the driver; idempotent. */
  close(): Promise<void>;
}
