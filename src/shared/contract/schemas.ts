/**
 * Zod schemas for every channel's payload and result and for every event, tied to the types of channels.ts with
 * `satisfies` so the two cannot drift. Used by the main process (payload validation at the IPC border) and by tests
 * (results and events are checked in the e2e harness). Never imported by the preload or the renderer.
 */
import { z } from 'zod';
import { ERROR_KINDS } from '../errors';
import {
  hasLoneSurrogate,
  isIdentityId,
  isLocalId,
  isPrintableAscii,
  isUuid,
  isWebexId,
  LOCAL_ID_MAX,
  WEBEX_ID_MAX,
} from '../ids';
import type {
  AddMemberOutcome,
  AddMembersResult,
  CardSubmitResult,
  CreateSpaceInput,
  CreateSpaceResult,
  DraftsState,
  DraftView,
  EditedMessageView,
  MembersView,
  MemberView,
  PickedFileView,
  TeamSpacesView,
  TeamView,
  AuditQuery,
  AuditRowView,
  IncidentsState,
  OutboxItemView,
  OutboxState,
  RunbookPreview,
  RunbookRunInput,
  RunbookRunResult,
  RunbooksState,
  RunbookTargetView,
  AlertRule,
  AlertRuleInput,
  AppInfo,
  AppReady,
  AppState,
  AppWarning,
  ContractError,
  CoreEvent,
  EventBatch,
  IdentityView,
  InvokeChannel,
  InvokeMap,
  MessagesState,
  MessageView,
  OAuthClientInput,
  OAuthClientView,
  PollState,
  FileInfoView,
  FilePreview,
  FileSaveResult,
  MessagePage,
  RoomSearchInput,
  RoomSearchResult,
  ThreadView,
  RoomsState,
  RoomView,
  RulesState,
  RuleTestResult,
  RuleValidation,
  SecretBackendView,
  SessionState,
  SignInWithTokenInput,
  StartOAuthInput,
} from './channels';

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(512);
const none = z.undefined();

// --- input shapes (src/shared/ids.ts): what the renderer may send. Outputs keep the looser `id` above.
/** Text from the renderer: no lone surrogates (they break UTF-8, URIs and headers downstream). */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasLoneSurrogate(s), 'Contains an unpaired surrogate.');
const webexId = z.string().max(WEBEX_ID_MAX).refine(isWebexId, 'Not a Webex id.');
const localId = z.string().max(LOCAL_ID_MAX).refine(isLocalId, 'Not a valid id.');
const identityId = z.string().max(64).refine(isIdentityId, 'Not an identity id.');
const opId = z.string().max(36).refine(isUuid, 'Not an operation id.');
/** Tokens, client ids and secrets: printable ASCII without spaces (they go into headers and form bodies). */
const credential = (max: number, empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(max)
    .refine(isPrintableAscii, 'Only printable ASCII characters without spaces are allowed.');

export const contractErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  status: z.number().int().optional(),
  trackingId: z.string().optional(),
  retryAt: isoTime.optional(),
  delivery: z.enum(['notSent', 'unknown']).optional(),
  correlationId: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  missingScopes: z.array(z.string()).optional(),
  requiresModerator: z.boolean().optional(),
}) satisfies z.ZodType<ContractError>;

function resultSchema<T extends z.ZodType>(value: T) {
  return z.union([
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: contractErrorSchema }),
  ]);
}

function snapshotSchema<T extends z.ZodType>(data: T) {
  return z.object({ seq: z.number().int().nonnegative(), data });
}

// --- app
export const appInfoSchema = z.object({
  name: z.string(),
  productName: z.string(),
  version: z.string(),
  platform: z.string(),
  instanceId: z.string(),
}) satisfies z.ZodType<AppInfo>;

export const appWarningSchema = z.object({
  id,
  source: z.enum(['storage', 'keychain', 'config', 'network']),
  message: z.string(),
  at: isoTime,
}) satisfies z.ZodType<AppWarning>;

export const appStateSchema = z.object({ warnings: z.array(appWarningSchema) }) satisfies z.ZodType<AppState>;
export const appReadySchema = z.object({ seq: z.number().int().nonnegative() }) satisfies z.ZodType<AppReady>;

// --- session
export const identityViewSchema = z.object({
  id,
  personId: id,
  displayName: z.string(),
  email: z.string(),
  kind: z.enum(['person', 'bot']),
  orgId: z.string().optional(),
  apiBaseUrl: z.string(),
  method: z.enum(['token', 'oauth', 'env', 'demo']),
  demo: z.boolean(),
  signedIn: z.boolean(),
  persisted: z.boolean(),
  tokenExpiresAt: isoTime.optional(),
  tokenExpiryEstimated: z.boolean().optional(),
}) satisfies z.ZodType<IdentityView>;

export const secretBackendViewSchema = z.object({
  kind: z.enum(['keytar', 'memory', 'none']),
  keychainAvailable: z.boolean(),
  detail: z.string().optional(),
}) satisfies z.ZodType<SecretBackendView>;

export const oauthClientViewSchema = z.object({
  clientId: z.string(),
  redirectUri: z.string(),
  defaultRedirectUri: z.string(),
  apiBaseUrl: z.string(),
  hasSecret: z.boolean(),
}) satisfies z.ZodType<OAuthClientView>;

export const sessionStateSchema = z.object({
  status: z.enum(['signedOut', 'signedIn', 'reauthRequired']),
  active: identityViewSchema.optional(),
  identities: z.array(identityViewSchema),
  secretBackend: secretBackendViewSchema,
  oauthClient: oauthClientViewSchema.optional(),
  envTokenAvailable: z.boolean(),
  notice: z
    .object({
      kind: z.enum(['expiresSoon', 'expired', 'botVisibility', 'demo']),
      message: z.string(),
      at: isoTime.optional(),
    })
    .optional(),
}) satisfies z.ZodType<SessionState>;

const apiBaseUrlInput = text(2048).pipe(z.string().trim().min(1));

/** A pasted token: printable ASCII, optionally after a `Bearer ` prefix (the sign-in strips it). */
const pastedToken = z
  .string()
  .trim()
  .min(1, 'Paste an access token.')
  .max(4096)
  .refine(
    (s) => isPrintableAscii(s.replace(/^bearer\s+/i, '')),
    'The token contains spaces, line breaks or other characters no token has: copy it again, in one piece.',
  );

export const signInWithTokenInputSchema = z.strictObject({
  token: pastedToken,
  apiBaseUrl: apiBaseUrlInput.optional(),
}) satisfies z.ZodType<SignInWithTokenInput>;

export const oauthClientInputSchema = z.strictObject({
  clientId: credential(512, 'Enter the integration’s client id.'),
  clientSecret: credential(1024, 'Enter the client secret.').optional(),
  redirectUri: text(2048).pipe(z.string().trim().min(1)).optional(),
  apiBaseUrl: apiBaseUrlInput.optional(),
}) satisfies z.ZodType<OAuthClientInput>;

export const startOAuthInputSchema = z.strictObject({
  loginHint: text(320).pipe(z.string().trim().min(1)).optional(),
}) satisfies z.ZodType<StartOAuthInput>;

// --- rooms and polling
const notifyLevel = z.enum(['all', 'mentionsAndRules', 'off']);

export const roomViewSchema = z.object({
  id,
  title: z.string(),
  type: z.enum(['direct', 'group']),
  lastActivity: isoTime,
  teamId: z.string().optional(),
  isLocked: z.boolean(),
  watched: z.boolean(),
  level: notifyLevel,
  unread: z.number().int().nonnegative().optional(),
  mentions: z.number().int().nonnegative().optional(),
  activity: z.boolean(),
  alert: z.boolean(),
  external: z.boolean().optional(),
  activity24h: z
    .object({
      counts: z.array(z.number().int().nonnegative()).length(24),
      alertHours: z.array(z.number().int().min(0).max(23)).max(24),
    })
    .optional(),
}) satisfies z.ZodType<RoomView>;

export const roomsStateSchema = z.object({
  rooms: z.array(roomViewSchema),
  openRoomId: z.string().optional(),
}) satisfies z.ZodType<RoomsState>;

export const pollStateSchema = z.object({
  running: z.boolean(),
  lastGoodSyncAt: isoTime.optional(),
  nextSyncAt: isoTime.optional(),
  rateLimitedUntil: isoTime.optional(),
  offline: z.boolean(),
  suspended: z.boolean(),
  stale: z.boolean(),
  lastError: contractErrorSchema.optional(),
  degraded: z.object({ since: isoTime }).optional(),
  lastHour: z
    .object({ rateLimitPauses: z.number().int().nonnegative(), failures: z.number().int().nonnegative() })
    .optional(),
}) satisfies z.ZodType<PollState>;

// --- messages
export const messageViewSchema = z.object({
  id,
  roomId: id,
  parentId: z.string().optional(),
  personId: z.string(),
  personEmail: z.string(),
  personDisplayName: z.string().optional(),
  text: z.string().optional(),
  markdown: z.string().optional(),
  html: z.string().optional(),
  files: z.array(z.object({ ref: z.string(), name: z.string().optional() })).optional(),
  cards: z
    .array(z.object({ content: z.record(z.string(), z.unknown()) }))
    .max(10)
    .optional(),
  created: isoTime,
  updated: isoTime.optional(),
  mentionsMe: z.boolean(),
  mentionsAll: z.boolean(),
  isMine: z.boolean(),
  ruleMatches: z.array(z.string()),
}) satisfies z.ZodType<MessageView>;

export const messagesStateSchema = z.object({
  roomId: z.string().optional(),
  messages: z.array(messageViewSchema),
  loading: z.boolean(),
  readMarker: isoTime.optional(),
  error: contractErrorSchema.optional(),
}) satisfies z.ZodType<MessagesState>;

// --- rules
export const alertRuleSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  mode: z.enum(['keywords', 'regex']),
  pattern: z.string().min(1).max(1000),
  caseSensitive: z.boolean(),
  senderEmail: z.string().max(320).optional(),
  roomIds: z.array(id).max(1000).optional(),
  critical: z.boolean(),
  enabled: z.boolean(),
}) satisfies z.ZodType<AlertRule>;

export const alertRuleInputSchema = z.strictObject({
  id: localId.optional(),
  name: text(200).pipe(z.string().trim().min(1, 'Give the rule a name.')),
  mode: z.enum(['keywords', 'regex']),
  pattern: text(1000).pipe(z.string().min(1, 'Enter keywords or a regular expression.')),
  caseSensitive: z.boolean(),
  senderEmail: text(320).pipe(z.string().trim()).optional(),
  roomIds: z.array(webexId).max(1000).optional(),
  critical: z.boolean(),
  enabled: z.boolean(),
}) satisfies z.ZodType<AlertRuleInput>;

export const rulesStateSchema = z.object({
  rules: z.array(alertRuleSchema),
  dnd: z.object({
    until: isoTime.optional(),
    heldBack: z.number().int().nonnegative(),
    criticalBreaksThrough: z.boolean().optional(),
  }),
}) satisfies z.ZodType<RulesState>;

export const ruleValidationSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), message: z.string(), position: z.number().int().nonnegative().optional() }),
]) satisfies z.ZodType<RuleValidation>;

export const ruleTestResultSchema = z.object({
  checked: z.number().int().nonnegative(),
  matches: z.array(
    z.object({
      roomId: id,
      roomTitle: z.string().optional(),
      messageId: id,
      sender: z.string(),
      text: z.string(),
      created: isoTime,
    }),
  ),
  timedOut: z.boolean(),
}) satisfies z.ZodType<RuleTestResult>;

// --- channels
const opStarted = z.object({ opId: id });

// --- acting in spaces (members, war rooms, teams, card submits, drafts, edits, files)
/** Emails as typed: trimmed, bounded; the address shape is checked per email by main (each gets its own result). */
const emailInput = text(320);
/** Markdown of a draft or an edit; the 7,439-byte send limit is checked by the composer and Webex, not here. */
const markdownInput = text(64 * 1024);
/** Card input ids are the card author's: any text except names every object answers to. */
const cardInputKey = text(200).refine(
  (k) => k !== '__proto__' && k !== 'constructor' && k !== 'prototype',
  'Not a usable input id.',
);

export const memberViewSchema = z.object({
  membershipId: id,
  personId: id,
  displayName: z.string(),
  email: z.string(),
  initials: z.string(),
  isModerator: z.boolean(),
  external: z.boolean(),
  bot: z.boolean().optional(),
}) satisfies z.ZodType<MemberView>;

export const membersViewSchema = z.object({
  roomId: id,
  members: z.array(memberViewSchema),
  external: z.boolean(),
  isLocked: z.boolean(),
  canModerate: z.boolean(),
}) satisfies z.ZodType<MembersView>;

export const addMemberOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ email: z.string(), status: z.literal('added'), member: memberViewSchema }),
  z.object({ email: z.string(), status: z.literal('alreadyMember') }),
  z.object({ email: z.string(), status: z.literal('failed'), error: contractErrorSchema }),
]) satisfies z.ZodType<AddMemberOutcome>;

export const createSpaceResultSchema = z.object({
  roomId: id,
  title: z.string(),
  teamId: id.optional(),
  members: z.array(addMemberOutcomeSchema),
  room: roomViewSchema.optional(),
  watchError: contractErrorSchema.optional(),
}) satisfies z.ZodType<CreateSpaceResult>;

export const pickedFileViewSchema = z.object({
  fileId: id,
  name: z.string(),
  size: z.number().int().nonnegative(),
  contentType: z.string(),
}) satisfies z.ZodType<PickedFileView>;

export const draftViewSchema = z.object({
  roomId: id,
  markdown: z.string(),
  parentId: id.optional(),
  updatedAt: isoTime,
  file: pickedFileViewSchema.optional(),
}) satisfies z.ZodType<DraftView>;

export const draftsStateSchema = z.object({ drafts: z.array(draftViewSchema) }) satisfies z.ZodType<DraftsState>;

const actingChannelSchemas = {
  'members.list': { payload: z.strictObject({ roomId: webexId }), result: membersViewSchema },
  'members.add': {
    payload: z.strictObject({ roomId: webexId, emails: z.array(emailInput).min(1).max(50) }),
    result: z.object({ roomId: id, results: z.array(addMemberOutcomeSchema) }) satisfies z.ZodType<AddMembersResult>,
  },
  'members.remove': { payload: z.strictObject({ membershipId: webexId }), result: z.object({ removed: z.boolean() }) },
  'members.setModerator': {
    payload: z.strictObject({ membershipId: webexId, isModerator: z.boolean() }),
    result: memberViewSchema,
  },
  'spaces.create': {
    payload: z.strictObject({
      title: text(256).trim().min(1, 'Give the space a title.'),
      teamId: webexId.optional(),
      emails: z.array(emailInput).max(50).optional(),
    }) satisfies z.ZodType<CreateSpaceInput>,
    result: createSpaceResultSchema,
  },
  'teams.list': {
    payload: none,
    result: z.object({ teams: z.array(z.object({ id, name: z.string() }) satisfies z.ZodType<TeamView>) }),
  },
  'teams.spaces': {
    payload: z.strictObject({ teamId: webexId }),
    result: z.object({
      teamId: id,
      spaces: z.array(z.object({ roomId: id, title: z.string() })),
    }) satisfies z.ZodType<TeamSpacesView>,
  },
  'cards.submit': {
    payload: z.strictObject({
      messageId: webexId,
      // zod drops a `__proto__` key silently: refuse it before the record is built.
      inputs: z
        .unknown()
        .refine((v) => typeof v !== 'object' || v === null || !Object.hasOwn(v, '__proto__'), 'Not a usable input id.')
        .pipe(
          z
            .record(cardInputKey, z.union([text(10_000), z.number().finite(), z.boolean()]))
            .refine((r) => Object.keys(r).length <= 100, 'Too many inputs.'),
        ),
    }),
    result: z.object({ actionId: id, messageId: id, created: isoTime }) satisfies z.ZodType<CardSubmitResult>,
  },
  'drafts.snapshot': { payload: none, result: draftsStateSchema },
  'drafts.get': {
    payload: z.strictObject({ roomId: webexId }),
    result: z.union([draftViewSchema, z.object({ roomId: id, markdown: z.literal('') })]),
  },
  'drafts.set': {
    payload: z.strictObject({
      roomId: webexId,
      markdown: markdownInput,
      parentId: webexId.optional(),
      fileId: localId.optional(),
    }),
    result: draftsStateSchema,
  },
  'messages.edit': {
    payload: z.strictObject({ messageId: webexId, markdown: markdownInput }),
    result: z.object({
      messageId: id,
      roomId: id,
      markdown: z.string().optional(),
      updated: isoTime.optional(),
    }) satisfies z.ZodType<EditedMessageView>,
  },
  'messages.delete': { payload: z.strictObject({ messageId: webexId }), result: z.object({ deleted: z.boolean() }) },
  'composer.checkMentions': {
    payload: z.strictObject({ roomId: webexId, markdown: markdownInput }),
    result: z.object({ mentions: z.number().int().nonnegative() }),
  },
  'composer.checkFile': {
    payload: z.strictObject({ roomId: webexId, fileId: localId }),
    result: pickedFileViewSchema,
  },
  'composer.pickFile': {
    payload: none,
    result: z.discriminatedUnion('picked', [
      z.object({ picked: z.literal(false) }),
      z.object({ picked: z.literal(true), file: pickedFileViewSchema }),
    ]),
  },
} as const;

type ChannelSchemas = {
  [C in InvokeChannel]: { payload: z.ZodType<InvokeMap[C]['payload']>; result: z.ZodType<InvokeMap[C]['result']> };
};

export const messagePageSchema = z.object({
  roomId: webexId,
  messages: z.array(messageViewSchema),
  hasMore: z.boolean(),
}) satisfies z.ZodType<MessagePage>;
export const threadViewSchema = z.object({
  roomId: webexId,
  parentId: webexId,
  parent: messageViewSchema.optional(),
  replies: z.array(messageViewSchema),
}) satisfies z.ZodType<ThreadView>;

export const fileInfoViewSchema = z.object({
  ref: webexId,
  name: z.string().max(1000),
  contentType: z.string().max(255),
  size: z.number().int().nonnegative().optional(),
}) satisfies z.ZodType<FileInfoView>;
export const filePreviewSchema = z.object({
  ref: webexId,
  // Images only, base64, at most 1 MB of bytes (about 1.4 MB of text).
  dataUrl: z
    .string()
    .max(1_500_000)
    .regex(/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]*={0,2}$/)
    .optional(),
  reason: z.enum(['notImage', 'tooLarge']).optional(),
}) satisfies z.ZodType<FilePreview>;

const roomSearchFilter = z.enum(['all', 'watched', 'unread', 'mentions', 'direct', 'spaces']);
export const roomSearchInputSchema = z.strictObject({
  query: text(200).optional(),
  filter: roomSearchFilter.optional(),
  limit: z.number().int().min(1).max(500).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,7}$/, 'Not a cursor from rooms.search.')
    .optional(),
  groupBy: z.literal('team').optional(),
}) satisfies z.ZodType<RoomSearchInput>;
export const roomSearchResultSchema = z.object({
  rooms: z.array(roomViewSchema),
  total: z.number().int().nonnegative(),
  nextCursor: z.string().optional(),
  complete: z.boolean(),
  groups: z
    .array(z.object({ teamId: z.string().optional(), name: z.string(), count: z.number().int().nonnegative() }))
    .optional(),
}) satisfies z.ZodType<RoomSearchResult>;

// --- runbooks, outbox, audit, incidents (docs/outbox.md)
const runbookId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Not a runbook id.');
const errorKind = z.enum(ERROR_KINDS);
export const runbooksStateSchema = z.object({
  runbooks: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['message', 'incident-open', 'incident-update', 'incident-close']),
      label: z.string(),
      category: z.string(),
      description: z.string(),
      variables: z.array(
        z.object({
          name: z.string(),
          label: z.string(),
          required: z.boolean(),
          default: z.string().optional(),
          pattern: z.string().optional(),
          choices: z.array(z.string()).optional(),
          kind: z.enum(['text', 'markdown', 'mention', 'link']),
          help: z.string().optional(),
          multiline: z.boolean(),
        }),
      ),
      targets: z.union([
        z.object({ type: z.literal('open') }),
        z.object({ type: z.literal('incident') }),
        z.object({ type: z.literal('list'), name: z.string(), label: z.string().optional() }),
      ]),
      confirm: z.enum(['always', 'never', 'broadcast', 'membersOver']),
      confirmMembersOver: z.number().int().optional(),
      thread: z.boolean(),
      postAs: z.string().optional(),
      postAsProblem: z.string().optional(),
      ttlMinutes: z.number().int(),
      file: z.string(),
    }),
  ),
  files: z.array(
    z.object({
      file: z.string(),
      runbookIds: z.array(z.string()),
      problems: z.array(
        z.object({
          file: z.string(),
          line: z.number().int(),
          column: z.number().int(),
          path: z.string(),
          message: z.string(),
        }),
      ),
      usingLastGood: z.boolean(),
    }),
  ),
}) satisfies z.ZodType<RunbooksState>;

export const runbookRunInputSchema = z.strictObject({
  runbookId,
  roomId: webexId.optional(),
  incidentId: localId.optional(),
  variables: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), text(8000))
    .refine((v) => Object.keys(v).length <= 50, 'Too many variables.'),
  parentId: webexId.optional(),
  confirmed: z.boolean().optional(),
  typedCount: z.number().int().min(0).max(100_000).optional(),
  acceptTargets: z.array(webexId).max(1000).optional(),
}) satisfies z.ZodType<RunbookRunInput>;

const runbookTargetSchema = z.object({
  roomId: id,
  title: z.string(),
  memberCount: z.number().int().nonnegative().optional(),
  external: z.boolean(),
}) satisfies z.ZodType<RunbookTargetView>;

export const runbookPreviewSchema = z.object({
  runbookId: z.string(),
  markdown: z.string(),
  bytes: z.number().int().nonnegative(),
  maxBytes: z.number().int().positive(),
  targets: z.array(runbookTargetSchema),
  confirmRequired: z.boolean(),
  typeToConfirm: z.number().int().optional(),
  targetChange: z.object({ added: z.array(runbookTargetSchema), removed: z.array(runbookTargetSchema) }).optional(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  postsAs: z.object({ displayName: z.string(), email: z.string(), kind: z.enum(['person', 'bot']) }).optional(),
}) satisfies z.ZodType<RunbookPreview>;

export const runbookRunResultSchema = z.object({
  batchId: z.string(),
  itemIds: z.array(z.string()),
  incidentId: z.string().optional(),
}) satisfies z.ZodType<RunbookRunResult>;

export const outboxItemViewSchema = z.object({
  id: z.string(),
  roomId: id,
  roomTitle: z.string(),
  markdown: z.string(),
  queuedAt: isoTime,
  expiresAt: isoTime,
  runbookId: z.string().optional(),
  runbookLabel: z.string().optional(),
  batchId: z.string().optional(),
  incidentId: z.string().optional(),
  state: z.discriminatedUnion('type', [
    z.object({ type: z.literal('queued') }),
    z.object({ type: z.literal('sending'), startedAt: isoTime }),
    z.object({
      type: z.literal('sent'),
      at: isoTime,
      messageId: z.string().optional(),
      via: z.enum(['post', 'reconciled', 'operator']),
    }),
    z.object({ type: z.literal('unknown'), since: isoTime }),
    z.object({
      type: z.literal('needsOperator'),
      since: isoTime,
      reason: z.enum(['cannotReadBack', 'expired', 'unreadable']),
    }),
    z.object({
      type: z.literal('failed'),
      at: isoTime,
      kind: errorKind,
      trackingId: z.string().optional(),
      message: z.string(),
    }),
    z.object({ type: z.literal('discarded'), at: isoTime }),
  ]),
  attempts: z.number().int().nonnegative(),
  undoUntil: isoTime.optional(),
  source: z.enum(['runbook', 'composer']).optional(),
  parentId: id.optional(),
  hasFile: z.boolean().optional(),
  upload: z
    .object({
      name: z.string(),
      sentBytes: z.number().int().nonnegative(),
      totalBytes: z.number().int().nonnegative(),
    })
    .optional(),
}) satisfies z.ZodType<OutboxItemView>;

export const outboxStateSchema = z.object({
  items: z.array(outboxItemViewSchema),
  pending: z.number().int().nonnegative(),
}) satisfies z.ZodType<OutboxState>;

const auditOutcome = z.enum([
  'sent',
  'unknown',
  'needsOperator',
  'failed',
  'discarded',
  'requeued',
  'markedSent',
  'undone',
  'undoFailed',
]);
export const auditQuerySchema = z.strictObject({
  runbookId: runbookId.optional(),
  roomId: webexId.optional(),
  outcome: auditOutcome.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
}) satisfies z.ZodType<AuditQuery>;

export const auditRowViewSchema = z.object({
  at: z.string(),
  identityEmail: z.string(),
  postedAsEmail: z.string().optional(),
  itemId: z.string(),
  runbookId: z.string().optional(),
  runbookSha256: z.string().optional(),
  variables: z.record(z.string(), z.string()).optional(),
  roomId: z.string(),
  roomTitle: z.string(),
  textSha256: z.string(),
  confirmed: z.boolean(),
  outcome: auditOutcome,
  messageId: z.string().optional(),
  errorKind: z.string().optional(),
  trackingId: z.string().optional(),
  detail: z.string().optional(),
  /** Who queued the message: a runbook (absent in older rows) or the composer. */
  source: z.enum(['runbook', 'composer']).optional(),
}) satisfies z.ZodType<AuditRowView>;

/**
 * One incident. The window gets `isoTime` times; the stored `incidents.json` (src/main/runbooks/incidents.ts) takes
 * any string, so a document written before still parses.
 */
export const incidentSchemaWith = (time: z.ZodType<string>) =>
  z.object({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    service: z.string(),
    roomId: z.string(),
    roomTitle: z.string(),
    openedBy: z.string(),
    openedAt: time,
    closedAt: time.optional(),
    updateEveryMinutes: z.number().int().positive(),
    nextUpdateDue: time.optional(),
    timeline: z.array(
      z.object({
        at: time,
        runbookId: z.string(),
        roomTitle: z.string(),
        markdown: z.string(),
        messageId: z.string().optional(),
      }),
    ),
    timelineMarkdown: z.string().optional(),
  });

export const incidentsStateSchema = z.object({
  incidents: z.array(incidentSchemaWith(isoTime)),
}) satisfies z.ZodType<IncidentsState>;

export const invokeSchemas = {
  'app.info': { payload: none, result: appInfoSchema },
  'app.ready': { payload: none, result: appReadySchema },
  'app.snapshot': { payload: none, result: snapshotSchema(appStateSchema) },
  'app.dismissWarning': { payload: z.strictObject({ id: localId }), result: appStateSchema },
  'app.exportDiagnostics': {
    payload: none,
    result: z.object({ saved: z.boolean() }),
  },
  'app.openExternal': {
    payload: z.strictObject({ url: text(8192) }),
    result: z.object({ opened: z.boolean() }),
  },

  'session.snapshot': { payload: none, result: snapshotSchema(sessionStateSchema) },
  'session.signInWithToken': { payload: signInWithTokenInputSchema, result: identityViewSchema },
  'session.setOAuthClient': { payload: oauthClientInputSchema, result: oauthClientViewSchema },
  'session.startOAuth': { payload: startOAuthInputSchema, result: opStarted },
  'session.useEnvToken': { payload: none, result: identityViewSchema },
  'session.startDemo': { payload: none, result: identityViewSchema },
  'session.switchIdentity': { payload: z.strictObject({ identityId }), result: identityViewSchema },
  'session.signOut': {
    payload: z.strictObject({ identityId: identityId.optional(), forget: z.boolean().optional() }),
    result: sessionStateSchema,
  },
  'session.setApiBaseUrl': {
    payload: z.strictObject({ identityId, apiBaseUrl: apiBaseUrlInput }),
    result: sessionStateSchema,
  },
  'session.useSessionOnlySecrets': { payload: none, result: secretBackendViewSchema },

  'op.cancel': { payload: z.strictObject({ opId }), result: z.object({ cancelled: z.boolean() }) },

  'rooms.snapshot': { payload: none, result: snapshotSchema(roomsStateSchema) },
  'rooms.open': { payload: z.strictObject({ roomId: webexId.optional() }), result: roomsStateSchema },
  'rooms.setWatched': { payload: z.strictObject({ roomId: webexId, watched: z.boolean() }), result: roomViewSchema },
  'rooms.setLevel': { payload: z.strictObject({ roomId: webexId, level: notifyLevel }), result: roomViewSchema },
  'rooms.markRead': { payload: z.strictObject({ roomId: webexId }), result: roomViewSchema },
  'rooms.markAllRead': { payload: none, result: z.object({ marked: z.number().int().nonnegative() }) },
  'rooms.search': { payload: roomSearchInputSchema, result: roomSearchResultSchema },

  'messages.snapshot': { payload: none, result: snapshotSchema(messagesStateSchema) },
  'messages.loadOlder': {
    payload: z.strictObject({ roomId: webexId, before: webexId, limit: z.number().int().min(1).max(100).optional() }),
    result: messagePageSchema,
  },
  'messages.thread': {
    payload: z.strictObject({ roomId: webexId, parentId: webexId }),
    result: threadViewSchema,
  },
  'files.info': { payload: z.strictObject({ ref: webexId }), result: fileInfoViewSchema },
  'files.saveAs': {
    payload: z.strictObject({ ref: webexId }),
    result: z.object({
      saved: z.boolean(),
      name: z.string().max(1000).optional(),
      bytes: z.number().int().nonnegative().optional(),
    }) satisfies z.ZodType<FileSaveResult>,
  },
  'files.preview': { payload: z.strictObject({ ref: webexId }), result: filePreviewSchema },

  'poll.snapshot': { payload: none, result: snapshotSchema(pollStateSchema) },
  'poll.syncNow': { payload: none, result: pollStateSchema },

  'rules.snapshot': { payload: none, result: snapshotSchema(rulesStateSchema) },
  'rules.save': { payload: alertRuleInputSchema, result: alertRuleSchema },
  'rules.remove': { payload: z.strictObject({ id: localId }), result: rulesStateSchema },
  'rules.setDnd': {
    payload: z.strictObject({
      minutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .optional(),
    }),
    result: rulesStateSchema,
  },
  'rules.setDndOptions': {
    payload: z.strictObject({ criticalBreaksThrough: z.boolean() }),
    result: rulesStateSchema,
  },
  'rules.validate': {
    payload: z.strictObject({ pattern: text(1000), regex: z.boolean(), caseSensitive: z.boolean() }),
    result: ruleValidationSchema,
  },
  'rules.test': { payload: z.strictObject({ rule: alertRuleInputSchema }), result: ruleTestResultSchema },

  'runbooks.snapshot': { payload: none, result: snapshotSchema(runbooksStateSchema) },
  'runbooks.preview': { payload: runbookRunInputSchema, result: runbookPreviewSchema },
  'runbooks.run': { payload: runbookRunInputSchema, result: runbookRunResultSchema },
  'runbooks.revealFolder': { payload: none, result: z.object({ revealed: z.boolean() }) },
  'outbox.snapshot': { payload: none, result: snapshotSchema(outboxStateSchema) },
  'outbox.resolve': {
    payload: z.strictObject({ itemId: localId, action: z.enum(['resend', 'markSent', 'discard']) }),
    result: outboxItemViewSchema,
  },
  'composer.send': {
    payload: z.strictObject({
      roomId: webexId,
      markdown: markdownInput,
      parentId: webexId.optional(),
      fileId: localId.optional(),
    }),
    result: outboxItemViewSchema,
  },
  'audit.query': {
    payload: auditQuerySchema,
    result: z.object({ rows: z.array(auditRowViewSchema), truncated: z.boolean() }),
  },
  'audit.exportCsv': {
    payload: auditQuerySchema,
    result: z.object({ saved: z.boolean(), rows: z.number().int().nonnegative() }),
  },
  'audit.undo': { payload: z.strictObject({ itemId: localId }), result: outboxItemViewSchema },
  'incidents.snapshot': { payload: none, result: snapshotSchema(incidentsStateSchema) },
  ...actingChannelSchemas,
} satisfies ChannelSchemas;

// --- events
const opKind = z.literal('session.oauth');

export const coreEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('app.changed'), state: appStateSchema }),
  z.object({ type: z.literal('session.changed'), state: sessionStateSchema }),
  z.object({ type: z.literal('rooms.reset'), state: roomsStateSchema }),
  z.object({ type: z.literal('rooms.upsert'), rooms: z.array(roomViewSchema) }),
  z.object({ type: z.literal('rooms.remove'), ids: z.array(id) }),
  z.object({ type: z.literal('rooms.opened'), roomId: id.optional() }),
  z.object({ type: z.literal('messages.reset'), state: messagesStateSchema }),
  z.object({ type: z.literal('messages.upsert'), roomId: id, messages: z.array(messageViewSchema) }),
  z.object({
    type: z.literal('messages.remove'),
    roomId: id,
    ids: z.array(id),
    reason: z.literal('deleted').optional(),
  }),
  z.object({ type: z.literal('poll.changed'), state: pollStateSchema }),
  z.object({ type: z.literal('rules.changed'), state: rulesStateSchema }),
  z.object({ type: z.literal('runbooks.changed'), state: runbooksStateSchema }),
  z.object({ type: z.literal('outbox.reset'), state: outboxStateSchema }),
  z.object({
    type: z.literal('outbox.upsert'),
    items: z.array(outboxItemViewSchema),
    pending: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('outbox.remove'), ids: z.array(z.string()), pending: z.number().int().nonnegative() }),
  z.object({ type: z.literal('incidents.changed'), state: incidentsStateSchema }),
  z.object({
    type: z.literal('op.progress'),
    opId: id,
    op: opKind,
    message: z.string(),
    fraction: z.number().min(0).max(1).optional(),
  }),
  z.object({ type: z.literal('op.done'), opId: id, op: opKind, result: resultSchema(identityViewSchema) }),
  z.object({ type: z.literal('ui.focusRoom'), roomId: id }),
]) satisfies z.ZodType<CoreEvent>;

export const eventBatchSchema = z.object({
  seq: z.number().int().positive(),
  events: z.array(coreEventSchema),
}) satisfies z.ZodType<EventBatch>;
