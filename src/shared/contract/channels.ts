/**
 * The contract between the renderer and the main process: every invoke channel (payload → result) and every event.
 *
 * Rules (docs/architecture.md §1):
 * - This file imports nothing. Types here are plain JSON data: objects, arrays, strings, finite numbers, booleans.
 *   Timestamps are ISO strings. No Date, Map, Set, class instances, functions, `undefined` values or `null` tricks.
 * - Every invoke returns `Result<T>`; nothing is thrown across the bridge.
 * - Events arrive in `EventBatch { seq, events }`; each stateful slice has a `<slice>.snapshot` invoke returning
 *   `{ seq, data }`.
 * - Adding a channel means adding it to `InvokeMap` (and `INVOKE_CHANNELS`), its schemas in schemas.ts and its
 *   handler in the core — nothing else. The bridge and the IPC binding are generic.
 * - No channel takes a filesystem path or an arbitrary URL to fetch, and no result or event carries a secret
 *   (tokens, refresh tokens, client secrets travel renderer → main only, through write-only calls).
 */

// ---------------------------------------------------------------------------------------------------------------
// Shared shapes

/** What a `<slice>.snapshot` invoke returns: the slice's state as of event batch `seq`. */
export interface Snapshot<T> {
  seq: number;
  data: T;
}

/** The error shape crossing the bridge (mirrors src/shared/errors.ts, kept here so this file imports nothing). */
export interface ContractError {
  kind:
    | 'auth'
    | 'forbidden'
    | 'notFound'
    | 'conflict'
    | 'gone'
    | 'locked'
    | 'unscannable'
    | 'rateLimited'
    | 'server'
    | 'network'
    | 'timeout'
    | 'malformed'
    | 'cancelled'
    | 'invalidInput'
    | 'notSignedIn'
    | 'keychainUnavailable'
    | 'storage'
    | 'configInvalid'
    | 'internal';
  message: string;
  status?: number;
  trackingId?: string;
  retryAt?: string;
  delivery?: 'notSent' | 'unknown';
  correlationId?: string;
  issues?: { path: string; message: string }[];
}

export type ContractResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Long operations answer `{ opId }` at once, then emit `op.progress` and one `op.done`. */
export interface OpStarted {
  opId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// App

export interface AppInfo {
  name: string;
  productName: string;
  version: string;
  platform: string;
  /** Identifies this running core (given to it at creation). */
  instanceId: string;
}

export interface AppWarning {
  id: string;
  source: 'storage' | 'keychain' | 'config' | 'network';
  message: string;
  at: string;
}

export interface AppState {
  warnings: AppWarning[];
}

export interface AppReady {
  /** The seq of the last batch emitted before this window subscribed. */
  seq: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Session and identities

export type IdentityKind = 'person' | 'bot';
export type SignInMethod = 'token' | 'oauth' | 'env' | 'demo';

export interface IdentityView {
  /** Local id: sha256(apiOrigin + personId), hex. */
  id: string;
  personId: string;
  displayName: string;
  email: string;
  kind: IdentityKind;
  orgId?: string;
  apiBaseUrl: string;
  method: SignInMethod;
  demo: boolean;
  /** Whether usable secrets are held for it right now. */
  signedIn: boolean;
  /** Whether it is saved (environment-variable identities are used, never persisted). */
  persisted: boolean;
  /** Access-token expiry: exact for OAuth, estimated (about 12 h after pasting) for personal tokens. */
  tokenExpiresAt?: string;
  tokenExpiryEstimated?: boolean;
}

export type SecretBackendKind = 'keytar' | 'memory' | 'none';

export interface SecretBackendView {
  kind: SecretBackendKind;
  /** False when no OS keychain could be reached; the UI then offers session-only (memory) secrets. */
  keychainAvailable: boolean;
  detail?: string;
}

export interface OAuthClientView {
  clientId: string;
  redirectUri: string;
  defaultRedirectUri: string;
  apiBaseUrl: string;
  hasSecret: boolean;
}

export type SessionStatus = 'signedOut' | 'signedIn' | 'reauthRequired';

export interface SessionState {
  status: SessionStatus;
  /** Who is reading, and who would post. */
  active?: IdentityView;
  identities: IdentityView[];
  secretBackend: SecretBackendView;
  oauthClient?: OAuthClientView;
  envTokenAvailable: boolean;
  /** Set when the active identity's token expires soon or has expired; one clear prompt. */
  notice?: { kind: 'expiresSoon' | 'expired' | 'botVisibility' | 'demo'; message: string; at?: string };
}

export interface SignInWithTokenInput {
  token: string;
  apiBaseUrl?: string;
}

export interface OAuthClientInput {
  clientId: string;
  /** Write-only: goes to the keychain, never comes back. */
  clientSecret?: string;
  redirectUri?: string;
  apiBaseUrl?: string;
}

export interface StartOAuthInput {
  loginHint?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Rooms, read state, polling

export type RoomType = 'direct' | 'group';
export type NotifyLevel = 'all' | 'mentionsAndRules' | 'off';

export interface RoomView {
  id: string;
  title: string;
  type: RoomType;
  lastActivity: string;
  teamId?: string;
  isLocked: boolean;
  watched: boolean;
  level: NotifyLevel;
  /** Exact counts: present for watched and open spaces only. */
  unread?: number;
  mentions?: number;
  /** Activity dot for spaces without exact counts: lastActivity moved past the read marker. */
  activity: boolean;
  /** An alert rule matched an unread message here. */
  alert: boolean;
}

export interface RoomsState {
  rooms: RoomView[];
  openRoomId?: string;
}

export interface PollState {
  running: boolean;
  lastGoodSyncAt?: string;
  nextSyncAt?: string;
  rateLimitedUntil?: string;
  offline: boolean;
  suspended: boolean;
  /** No good sync for 15 s or more. */
  stale: boolean;
  lastError?: ContractError;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages of the open space

export interface MessageFileView {
  /** Opaque reference for a later download request; never a URL the renderer fetches. */
  ref: string;
  name?: string;
}

export interface MessageView {
  id: string;
  roomId: string;
  parentId?: string;
  personId: string;
  personEmail: string;
  personDisplayName?: string;
  text?: string;
  markdown?: string;
  html?: string;
  files?: MessageFileView[];
  created: string;
  updated?: string;
  mentionsMe: boolean;
  mentionsAll: boolean;
  isMine: boolean;
  /** Ids of alert rules this message matched. */
  ruleMatches: string[];
}

export interface MessagesState {
  roomId?: string;
  messages: MessageView[];
  loading: boolean;
  /** Created time of the read marker when the space was opened: the "new messages" divider. */
  readMarker?: string;
  error?: ContractError;
}

// ---------------------------------------------------------------------------------------------------------------
// Alert rules and do-not-disturb

export interface AlertRule {
  id: string;
  name: string;
  mode: 'keywords' | 'regex';
  /** Keywords: comma- or space-separated words (any matches). Regex: a JavaScript regular expression source. */
  pattern: string;
  caseSensitive: boolean;
  senderEmail?: string;
  roomIds?: string[];
  /** Critical rules break through do-not-disturb. */
  critical: boolean;
  enabled: boolean;
}

export type AlertRuleInput = Omit<AlertRule, 'id'> & { id?: string };

export interface RulesState {
  rules: AlertRule[];
  dnd: { until?: string; heldBack: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Invoke channels: payload → result. `undefined` payload means the call takes no argument.

export interface InvokeMap {
  'app.info': { payload: undefined; result: AppInfo };
  'app.ready': { payload: undefined; result: AppReady };
  'app.snapshot': { payload: undefined; result: Snapshot<AppState> };
  'app.dismissWarning': { payload: { id: string }; result: AppState };
  /** Opens an https: or mailto: link in the system browser (the renderer intercepts every link click). */
  'app.openExternal': { payload: { url: string }; result: { opened: boolean } };

  'session.snapshot': { payload: undefined; result: Snapshot<SessionState> };
  'session.signInWithToken': { payload: SignInWithTokenInput; result: IdentityView };
  'session.setOAuthClient': { payload: OAuthClientInput; result: OAuthClientView };
  'session.startOAuth': { payload: StartOAuthInput; result: OpStarted };
  'session.useEnvToken': { payload: undefined; result: IdentityView };
  'session.startDemo': { payload: undefined; result: IdentityView };
  'session.switchIdentity': { payload: { identityId: string }; result: IdentityView };
  'session.signOut': { payload: { identityId?: string; forget?: boolean }; result: SessionState };
  'session.setApiBaseUrl': { payload: { identityId: string; apiBaseUrl: string }; result: SessionState };
  'session.useSessionOnlySecrets': { payload: undefined; result: SecretBackendView };

  'op.cancel': { payload: OpStarted; result: { cancelled: boolean } };

  'rooms.snapshot': { payload: undefined; result: Snapshot<RoomsState> };
  'rooms.open': { payload: { roomId?: string }; result: RoomsState };
  'rooms.setWatched': { payload: { roomId: string; watched: boolean }; result: RoomView };
  'rooms.setLevel': { payload: { roomId: string; level: NotifyLevel }; result: RoomView };
  'rooms.markRead': { payload: { roomId: string }; result: RoomView };
  'rooms.markAllRead': { payload: undefined; result: { marked: number } };

  'messages.snapshot': { payload: undefined; result: Snapshot<MessagesState> };

  'poll.snapshot': { payload: undefined; result: Snapshot<PollState> };
  'poll.syncNow': { payload: undefined; result: PollState };

  'rules.snapshot': { payload: undefined; result: Snapshot<RulesState> };
  'rules.save': { payload: AlertRuleInput; result: AlertRule };
  'rules.remove': { payload: { id: string }; result: RulesState };
  'rules.setDnd': { payload: { minutes?: number }; result: RulesState };
}

export type InvokeChannel = keyof InvokeMap;
export type PayloadOf<C extends InvokeChannel> = InvokeMap[C]['payload'];
export type ResultOf<C extends InvokeChannel> = InvokeMap[C]['result'];

/** Every invoke channel, at run time (the bridge builds one function per entry). Checked against InvokeMap below. */
export const INVOKE_CHANNELS = [
  'app.info',
  'app.ready',
  'app.snapshot',
  'app.dismissWarning',
  'app.openExternal',
  'session.snapshot',
  'session.signInWithToken',
  'session.setOAuthClient',
  'session.startOAuth',
  'session.useEnvToken',
  'session.startDemo',
  'session.switchIdentity',
  'session.signOut',
  'session.setApiBaseUrl',
  'session.useSessionOnlySecrets',
  'op.cancel',
  'rooms.snapshot',
  'rooms.open',
  'rooms.setWatched',
  'rooms.setLevel',
  'rooms.markRead',
  'rooms.markAllRead',
  'messages.snapshot',
  'poll.snapshot',
  'poll.syncNow',
  'rules.snapshot',
  'rules.save',
  'rules.remove',
  'rules.setDnd',
] as const satisfies readonly InvokeChannel[];

// Compile-time proof that INVOKE_CHANNELS lists every channel of InvokeMap.
type MissingChannels = Exclude<InvokeChannel, (typeof INVOKE_CHANNELS)[number]>;
export const CHANNELS_COMPLETE: MissingChannels extends never ? true : MissingChannels = true;

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

/** IPC channel names on the wire: one invoke channel carrying (channel, payload), one event channel. */
export const IPC_INVOKE_CHANNEL = 'ops:invoke';
export const IPC_EVENTS_CHANNEL = 'ops:events';

// ---------------------------------------------------------------------------------------------------------------
// Long operations

/** What each kind of long operation finishes with. */
export interface OpResultMap {
  'session.oauth': IdentityView;
}
export type OpKind = keyof OpResultMap;

export type OpDoneEvent = {
  [K in OpKind]: { type: 'op.done'; opId: string; op: K; result: ContractResult<OpResultMap[K]> };
}[OpKind];

// ---------------------------------------------------------------------------------------------------------------
// Events. Upserts and removals are keyed by id, so applying one twice is harmless.

export type CoreEvent =
  | { type: 'app.changed'; state: AppState }
  | { type: 'session.changed'; state: SessionState }
  | { type: 'rooms.reset'; state: RoomsState }
  | { type: 'rooms.upsert'; rooms: RoomView[] }
  | { type: 'rooms.remove'; ids: string[] }
  | { type: 'rooms.opened'; roomId?: string }
  | { type: 'messages.reset'; state: MessagesState }
  | { type: 'messages.upsert'; roomId: string; messages: MessageView[] }
  | { type: 'messages.remove'; roomId: string; ids: string[] }
  | { type: 'poll.changed'; state: PollState }
  | { type: 'rules.changed'; state: RulesState }
  | { type: 'op.progress'; opId: string; op: OpKind; message: string; fraction?: number }
  | OpDoneEvent
  /** Bring a space to the front (a notification was clicked). */
  | { type: 'ui.focusRoom'; roomId: string };

export type CoreEventType = CoreEvent['type'];

export interface EventBatch {
  seq: number;
  events: CoreEvent[];
}

/** The stateful slices: each has a `<slice>.snapshot` channel and owns the events whose type starts with `<slice>.`. */
export const SLICES = ['app', 'session', 'rooms', 'messages', 'poll', 'rules'] as const;
export type Slice = (typeof SLICES)[number];
