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
  /** `forbidden` because the OAuth sign-in did not grant these scopes: sign in again to allow them. */
  missingScopes?: string[];
  /** `forbidden` because only a moderator of the (locked) space may do this. */
  requiresModerator?: boolean;
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
  /**
   * People from other organisations are members (the EXT mark). Known from membership reads main makes anyway and a
   * slow background read for watched spaces; absent while unknown.
   */
  external?: boolean;
  /** Watched spaces: activity over the last 24 hours, from messages main already read (the sidebar sparkline). */
  activity24h?: RoomActivity;
}

/** Messages per hour over the last 24 hours of one space; drawn as a sparkline, alert-rule hits marked. */
export interface RoomActivity {
  /** Exactly 24 counts, oldest hour first; the last entry is the current (partial) hour. */
  counts: number[];
  /** Indexes into `counts` of hours in which an alert rule matched a message; ascending, no duplicates. */
  alertHours: number[];
}

export interface RoomsState {
  rooms: RoomView[];
  openRoomId?: string;
}

/** Which spaces a search lists (the sidebar's filters). */
export type RoomSearchFilter = 'all' | 'watched' | 'unread' | 'mentions' | 'direct' | 'spaces';

/** `rooms.search`: every space of the identity (not only the live window), by title substring and filter. */
export interface RoomSearchInput {
  /** Title substring, case- and accent-insensitive; empty or absent lists all. */
  query?: string;
  filter?: RoomSearchFilter;
  /** Page size, 1..500 (default 100). */
  limit?: number;
  /** From a previous result's `nextCursor`. */
  cursor?: string;
  /**
   * 'team': ordered by team name (teams read through main), then the usual order; spaces in no team (or in a team
   * whose name cannot be read) last. The result then names its groups.
   */
  groupBy?: 'team';
}

/** One group of a grouped `rooms.search`, in order; `teamId` absent for "Other spaces" (no team). */
export interface RoomSearchGroup {
  teamId?: string;
  name: string;
  /** Matching spaces in this group, over all pages. */
  count: number;
}

export interface RoomSearchResult {
  rooms: RoomView[];
  /** How many spaces match in all. */
  total: number;
  nextCursor?: string;
  /** False when the identity has more spaces than main lists (the search covers the most recent ones). */
  complete: boolean;
  /** With `groupBy: 'team'`: every group of the matching spaces, in the order the spaces come. */
  groups?: RoomSearchGroup[];
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
  /**
   * Requests keep failing (server errors, resets, broken answers) in several recent cycles: polling has eased off
   * below its usual rate until they pass again. `since`: the first of those failed cycles.
   */
  degraded?: { since: string };
  /** What the last hour looked like (the status bar's poll-health strip): 429 pauses and failed requests. */
  lastHour?: { rateLimitPauses: number; failures: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages of the open space

export interface MessageFileView {
  /** Opaque reference for a later download request; never a URL the renderer fetches. */
  ref: string;
  name?: string;
}

/** An Adaptive Card a message carries (attachments of type application/vnd.microsoft.card.adaptive): its JSON. */
export interface CardView {
  content: { [key: string]: unknown };
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
  /** Adaptive Cards, rendered read-only by the window. */
  cards?: CardView[];
  created: string;
  updated?: string;
  mentionsMe: boolean;
  mentionsAll: boolean;
  isMine: boolean;
  /** Ids of alert rules this message matched. */
  ruleMatches: string[];
}

/** `messages.loadOlder`: the page of messages just older than `before` (a message id: the cursor). */
export interface LoadOlderInput {
  roomId: string;
  before: string;
  /** 1..100 (default 100). */
  limit?: number;
}

export interface MessagePage {
  roomId: string;
  /** Oldest first. */
  messages: MessageView[];
  /** Whether older messages remain. */
  hasMore: boolean;
}

/** A file attached to a message, as a HEAD through main tells it (cached there). */
export interface FileInfoView {
  ref: string;
  name: string;
  contentType: string;
  size?: number;
}

export interface FileSaveResult {
  /** False when the operator cancelled the save dialog. */
  saved: boolean;
  name?: string;
  bytes?: number;
}

/** An image preview fetched by main: a data: URL (images up to 1 MB), or why there is none. */
export interface FilePreview {
  ref: string;
  dataUrl?: string;
  reason?: 'notImage' | 'tooLarge';
}

/** `messages.thread`: a parent message and its replies, read through main. */
export interface ThreadInput {
  roomId: string;
  parentId: string;
}

export interface ThreadView {
  roomId: string;
  parentId: string;
  parent?: MessageView;
  /** Oldest first. */
  replies: MessageView[];
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
  /**
   * Do not disturb. `criticalBreaksThrough`: critical alert rules still notify while it is on (the operator's switch;
   * main always sends it, absent means true).
   */
  dnd: { until?: string; heldBack: number; criticalBreaksThrough?: boolean };
}

/** A pattern checked as typed (rules.validate). `position`: index in the pattern of a regex syntax error, if known. */
export type RuleValidation = { ok: true } | { ok: false; message: string; position?: number };

export interface RuleTestMatch {
  roomId: string;
  roomTitle?: string;
  messageId: string;
  sender: string;
  /** The start of the message text. */
  text: string;
  created: string;
}

/** Which of the last messages of watched spaces (held by main) a rule would have matched (rules.test). */
export interface RuleTestResult {
  /** How many messages were checked (at most 200). */
  checked: number;
  matches: RuleTestMatch[];
  /** The pattern ran out of time: no matches are known. */
  timedOut: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Runbooks, outbox, audit, incidents (docs/outbox.md)

export interface RunbookVariableView {
  name: string;
  label: string;
  required: boolean;
  default?: string;
  pattern?: string;
  choices?: string[];
  kind: 'text' | 'markdown' | 'mention' | 'link';
  help?: string;
  multiline: boolean;
}

export type RunbookKindView = 'message' | 'incident-open' | 'incident-update' | 'incident-close';

export interface RunbookView {
  id: string;
  kind: RunbookKindView;
  label: string;
  category: string;
  description: string;
  variables: RunbookVariableView[];
  /** 'open' (the open space), 'incident' (the incident's space) or a named list. */
  targets: { type: 'open' } | { type: 'incident' } | { type: 'list'; name: string; label?: string };
  confirm: 'always' | 'never' | 'broadcast' | 'membersOver';
  confirmMembersOver?: number;
  thread: boolean;
  postAs?: string;
  /**
   * Set when `postAs` cannot be used now (no such saved identity, saved for another API address, signed out): the
   * quick-actions list shows the runbook disabled with this reason. Computed by main from the saved identities.
   */
  postAsProblem?: string;
  ttlMinutes: number;
  /** 'runbooks/incident.yaml' */
  file: string;
}

export interface RunbookFileProblemView {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface RunbookFileView {
  file: string;
  runbookIds: string[];
  problems: RunbookFileProblemView[];
  usingLastGood: boolean;
}

export interface RunbooksState {
  runbooks: RunbookView[];
  files: RunbookFileView[];
}

export interface RunbookRunInput {
  runbookId: string;
  /** The open space (targets: open) or the alert's space (incident-open). */
  roomId?: string;
  incidentId?: string;
  variables: Record<string, string>;
  /** The message that triggered the run (thread replies; incident-open prefill). */
  parentId?: string;
  /** The operator went through the confirm step. */
  confirmed?: boolean;
  /** For a broadcast to more than 10 spaces: the number of spaces the operator typed. */
  typedCount?: number;
  /** The target set the operator accepted after a title-pattern list changed (room ids). */
  acceptTargets?: string[];
}

export interface RunbookTargetView {
  roomId: string;
  title: string;
  memberCount?: number;
  /** People from other organisations are in the space. */
  external: boolean;
}

export interface RunbookPreview {
  runbookId: string;
  markdown: string;
  bytes: number;
  maxBytes: number;
  targets: RunbookTargetView[];
  confirmRequired: boolean;
  /** Set for broadcasts to more than 10 spaces: the operator types this number to confirm. */
  typeToConfirm?: number;
  /** A title-pattern list matches a different set than last accepted: shown, and asked about. */
  targetChange?: { added: RunbookTargetView[]; removed: RunbookTargetView[] };
  /** Variable problems (inline validation); the run is refused while there are any. */
  problems: { path: string; message: string }[];
  /** Set when the runbook posts as another saved identity (`postAs`, e.g. the team's bot): who the spaces will see. */
  postsAs?: { displayName: string; email: string; kind: 'person' | 'bot' };
}

export interface RunbookRunResult {
  batchId: string;
  itemIds: string[];
  incidentId?: string;
}

export type OutboxItemStateView =
  | { type: 'queued' }
  | { type: 'sending'; startedAt: string }
  | { type: 'sent'; at: string; messageId?: string; via: 'post' | 'reconciled' | 'operator' }
  | { type: 'unknown'; since: string }
  | { type: 'needsOperator'; since: string; reason: 'cannotReadBack' | 'expired' | 'unreadable' }
  | { type: 'failed'; at: string; kind: ContractError['kind']; trackingId?: string; message: string }
  | { type: 'discarded'; at: string };

export interface OutboxItemView {
  id: string;
  roomId: string;
  roomTitle: string;
  markdown: string;
  queuedAt: string;
  expiresAt: string;
  runbookId?: string;
  runbookLabel?: string;
  batchId?: string;
  incidentId?: string;
  state: OutboxItemStateView;
  attempts: number;
  /** Sent by a runbook less than 5 minutes ago and not undone: undo is offered. */
  undoUntil?: string;
  /** Who queued it: a runbook (absent in older journals) or the composer. */
  source?: 'runbook' | 'composer';
  /** The thread it replies in. */
  parentId?: string;
  /** A file chosen in the composer goes with it. */
  hasFile?: boolean;
  /**
   * Transient, never journaled: how far the upload of the attached file has got while the item is `sending` (read
   * from disk as the request streams it; published at most a few times a second).
   */
  upload?: UploadProgressView;
}

export interface UploadProgressView {
  name: string;
  sentBytes: number;
  totalBytes: number;
}

export interface OutboxState {
  items: OutboxItemView[];
  /** Items not yet sent or discarded (the status bar count). */
  pending: number;
}

export interface AuditQuery {
  runbookId?: string;
  roomId?: string;
  outcome?: AuditRowView['outcome'];
  from?: string;
  to?: string;
}

export interface AuditRowView {
  at: string;
  identityEmail: string;
  postedAsEmail?: string;
  itemId: string;
  runbookId?: string;
  runbookSha256?: string;
  variables?: Record<string, string>;
  roomId: string;
  roomTitle: string;
  textSha256: string;
  confirmed: boolean;
  outcome:
    'sent' | 'unknown' | 'needsOperator' | 'failed' | 'discarded' | 'requeued' | 'markedSent' | 'undone' | 'undoFailed';
  messageId?: string;
  errorKind?: string;
  trackingId?: string;
  detail?: string;
  source?: 'runbook' | 'composer';
}

export interface IncidentView {
  id: string;
  title: string;
  severity: string;
  service: string;
  roomId: string;
  roomTitle: string;
  openedBy: string;
  openedAt: string;
  closedAt?: string;
  updateEveryMinutes: number;
  nextUpdateDue?: string;
  timeline: { at: string; runbookId: string; roomTitle: string; markdown: string; messageId?: string }[];
  /** Written when the incident is closed: the timeline as markdown for the postmortem. */
  timelineMarkdown?: string;
}

export interface IncidentsState {
  incidents: IncidentView[];
}

// ---------------------------------------------------------------------------------------------------------------
// Acting in spaces: members, war rooms, teams, card submits, drafts, own-message edits, files to attach

/** A member of a space, as the members panel shows them. */
export interface MemberView {
  membershipId: string;
  personId: string;
  displayName: string;
  email: string;
  /** One or two letters for the avatar. */
  initials: string;
  isModerator: boolean;
  /** The person's organisation differs from the operator's. */
  external: boolean;
  /** A bot (its address ends in `@webex.bot`, docs/webex-api.md §2.4): never suggested as a person to bring in. */
  bot?: boolean;
}

export interface MembersView {
  roomId: string;
  members: MemberView[];
  /** Anyone from another organisation is in the space (the EXT mark). */
  external: boolean;
  isLocked: boolean;
  /** The operator may add, remove and make moderators (the space is not locked, or they moderate it). */
  canModerate: boolean;
}

/** One email's outcome when adding people (each is shown). */
export type AddMemberOutcome =
  | { email: string; status: 'added'; member: MemberView }
  | { email: string; status: 'alreadyMember' }
  | { email: string; status: 'failed'; error: ContractError };

export interface AddMembersResult {
  roomId: string;
  results: AddMemberOutcome[];
}

export interface CreateSpaceInput {
  title: string;
  teamId?: string;
  emails?: string[];
}

export interface CreateSpaceResult {
  roomId: string;
  title: string;
  teamId?: string;
  members: AddMemberOutcome[];
  /** The space as the watcher lists it once watched; absent when watching failed (`watchError`). */
  room?: RoomView;
  watchError?: ContractError;
}

export interface TeamView {
  id: string;
  name: string;
}

export interface TeamSpacesView {
  teamId: string;
  spaces: { roomId: string; title: string }[];
}

/** A card's input values merged with the Action.Submit data (plain values only). */
export type CardInputs = Record<string, string | number | boolean>;

export interface CardSubmitResult {
  actionId: string;
  messageId: string;
  created: string;
}

export interface DraftView {
  roomId: string;
  markdown: string;
  /** Replying in this thread. */
  parentId?: string;
  updatedAt: string;
  /** The file chosen for this draft (main keeps where it is; it is checked again before sending). */
  file?: PickedFileView;
}

export interface DraftsState {
  drafts: DraftView[];
}

export interface EditedMessageView {
  messageId: string;
  roomId: string;
  markdown?: string;
  updated?: string;
}

/** A file chosen in main's native dialog: an opaque handle (never a path) with what the composer shows. */
export interface PickedFileView {
  fileId: string;
  name: string;
  size: number;
  contentType: string;
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
  /** "Export diagnostics…": main asks where (a save dialog) and writes a folder; `saved: false` when cancelled. */
  'app.exportDiagnostics': { payload: undefined; result: { saved: boolean } };

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
  /** Searches every space of the identity, served from main's cached list (refreshed at most once a minute). */
  'rooms.search': { payload: RoomSearchInput; result: RoomSearchResult };

  'messages.snapshot': { payload: undefined; result: Snapshot<MessagesState> };
  /** Older history of a space, a page at a time, read through main (counted like any read). */
  'messages.loadOlder': { payload: LoadOlderInput; result: MessagePage };
  /** A thread: its parent and replies, read through main. */
  'messages.thread': { payload: ThreadInput; result: ThreadView };

  /** Name, type and size of an attached file (HEAD through main, cached). */
  'files.info': { payload: { ref: string }; result: FileInfoView };
  /** Downloads a file through main to a path the operator picks in a native dialog (the renderer never sees it). */
  'files.saveAs': { payload: { ref: string }; result: FileSaveResult };
  /** A preview of an image file up to 1 MB, fetched by main. */
  'files.preview': { payload: { ref: string }; result: FilePreview };

  'poll.snapshot': { payload: undefined; result: Snapshot<PollState> };
  'poll.syncNow': { payload: undefined; result: PollState };

  'rules.snapshot': { payload: undefined; result: Snapshot<RulesState> };
  'rules.save': { payload: AlertRuleInput; result: AlertRule };
  'rules.remove': { payload: { id: string }; result: RulesState };
  'rules.setDnd': { payload: { minutes?: number }; result: RulesState };
  /** Whether critical alert rules break through do not disturb (kept across restarts; default true). */
  'rules.setDndOptions': { payload: { criticalBreaksThrough: boolean }; result: RulesState };
  /** Checks a pattern as typed; a regex syntax error comes with its position where it can be found. */
  'rules.validate': { payload: { pattern: string; regex: boolean; caseSensitive: boolean }; result: RuleValidation };
  /** Runs a rule (saved or not) against the last 200 messages of watched spaces that main holds. */
  'rules.test': { payload: { rule: AlertRuleInput }; result: RuleTestResult };

  'runbooks.snapshot': { payload: undefined; result: Snapshot<RunbooksState> };
  /** Renders exactly the text that would be sent and resolves the targets; queues nothing. */
  'runbooks.preview': { payload: RunbookRunInput; result: RunbookPreview };
  /** Queues the messages in the outbox (checked like a preview first). */
  'runbooks.run': { payload: RunbookRunInput; result: RunbookRunResult };
  /** Opens the runbook folder in the file manager (main knows the path; the window never sees it). */
  'runbooks.revealFolder': { payload: undefined; result: { revealed: boolean } };
  'outbox.snapshot': { payload: undefined; result: Snapshot<OutboxState> };
  /** The operator's decision on a failed, expired or unconfirmable item. */
  'outbox.resolve': { payload: { itemId: string; action: 'resend' | 'markSent' | 'discard' }; result: OutboxItemView };
  'audit.query': { payload: AuditQuery; result: { rows: AuditRowView[]; truncated: boolean } };
  /** Saves the filtered rows as CSV through a save dialog in main; `saved: false` when cancelled. */
  'audit.exportCsv': { payload: AuditQuery; result: { saved: boolean; rows: number } };
  /** Deletes a message a runbook posted less than 5 minutes ago (audited). */
  'audit.undo': { payload: { itemId: string }; result: OutboxItemView };
  'incidents.snapshot': { payload: undefined; result: Snapshot<IncidentsState> };

  /** The open space's members, read through main. */
  'members.list': { payload: { roomId: string }; result: MembersView };
  /** Adds several people by email; each result is reported (added / already a member / failed). */
  'members.add': { payload: { roomId: string; emails: string[] }; result: AddMembersResult };
  'members.remove': { payload: { membershipId: string }; result: { removed: boolean } };
  'members.setModerator': { payload: { membershipId: string; isModerator: boolean }; result: MemberView };
  /** Creates a space (optionally in a team), adds people, watches it. */
  'spaces.create': { payload: CreateSpaceInput; result: CreateSpaceResult };
  'teams.list': { payload: undefined; result: { teams: TeamView[] } };
  'teams.spaces': { payload: { teamId: string }; result: TeamSpacesView };
  /** `Action.Submit` on a card: POST /attachment/actions through main. */
  'cards.submit': { payload: { messageId: string; inputs: CardInputs }; result: CardSubmitResult };
  'drafts.snapshot': { payload: undefined; result: DraftsState };
  'drafts.get': { payload: { roomId: string }; result: DraftView | { roomId: string; markdown: '' } };
  /** Saves the draft of a space with its chosen file, if any (empty markdown and no file removes it). */
  'drafts.set': {
    payload: { roomId: string; markdown: string; parentId?: string; fileId?: string };
    result: DraftsState;
  };
  /** Edits one of the operator's own messages (PUT /messages). */
  'messages.edit': { payload: { messageId: string; markdown: string }; result: EditedMessageView };
  'messages.delete': { payload: { messageId: string }; result: { deleted: boolean } };
  /** A native open dialog in main; `picked: false` when cancelled. */
  'composer.pickFile': { payload: undefined; result: { picked: false } | { picked: true; file: PickedFileView } };
  /** Every `<@personEmail:…>` / `<@personId:…>` names a member of the space (else invalidInput, one issue each). */
  'composer.checkMentions': { payload: { roomId: string; markdown: string }; result: { mentions: number } };
  /**
   * The chosen file is still the one chosen (there, same file, same size, ≤ 100 MB) — asked right before sending;
   * notFound / invalidInput in words otherwise. `roomId`: the space whose draft may keep the handle.
   */
  'composer.checkFile': { payload: { roomId: string; fileId: string }; result: PickedFileView };
  /**
   * Queues one message typed in the composer into the outbox (docs/outbox.md); over 7,439 bytes is refused before
   * queueing. Clears the space's draft once queued.
   */
  'composer.send': { payload: ComposerSendInput; result: OutboxItemView };
}

export interface ComposerSendInput {
  roomId: string;
  /** May be empty when a file goes with it. */
  markdown: string;
  parentId?: string;
  /** A file chosen with `composer.pickFile`. */
  fileId?: string;
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
  'app.exportDiagnostics',
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
  'rooms.search',
  'messages.snapshot',
  'messages.loadOlder',
  'messages.thread',
  'files.info',
  'files.saveAs',
  'files.preview',
  'poll.snapshot',
  'poll.syncNow',
  'rules.snapshot',
  'rules.save',
  'rules.remove',
  'rules.setDnd',
  'rules.setDndOptions',
  'rules.validate',
  'rules.test',
  'runbooks.snapshot',
  'runbooks.preview',
  'runbooks.run',
  'runbooks.revealFolder',
  'outbox.snapshot',
  'outbox.resolve',
  'audit.query',
  'audit.exportCsv',
  'audit.undo',
  'incidents.snapshot',
  'members.list',
  'members.add',
  'members.remove',
  'members.setModerator',
  'spaces.create',
  'teams.list',
  'teams.spaces',
  'cards.submit',
  'drafts.snapshot',
  'drafts.get',
  'drafts.set',
  'messages.edit',
  'messages.delete',
  'composer.pickFile',
  'composer.checkMentions',
  'composer.checkFile',
  'composer.send',
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
  /**
   * Messages that left the open space's window. `reason: 'deleted'`: deleted at Webex (the window keeps a "deleted"
   * mark in their place); absent: they only slid out of main's bounded window.
   */
  | { type: 'messages.remove'; roomId: string; ids: string[]; reason?: 'deleted' }
  | { type: 'poll.changed'; state: PollState }
  | { type: 'rules.changed'; state: RulesState }
  | { type: 'runbooks.changed'; state: RunbooksState }
  /** A new identity's outbox (or none): replaces the slice. */
  | { type: 'outbox.reset'; state: OutboxState }
  /** Items that are new or changed (state, attempts, upload progress), with the new pending count. */
  | { type: 'outbox.upsert'; items: OutboxItemView[]; pending: number }
  /** Items no longer listed (closed items beyond those kept), with the new pending count. */
  | { type: 'outbox.remove'; ids: string[]; pending: number }
  | { type: 'incidents.changed'; state: IncidentsState }
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
export const SLICES = [
  'app',
  'session',
  'rooms',
  'messages',
  'poll',
  'rules',
  'runbooks',
  'outbox',
  'incidents',
] as const;
export type Slice = (typeof SLICES)[number];
