/**
 * Zod schemas for every channel's payload and result and for every event, tied to the types of channels.ts with
 * `satisfies` so the two cannot drift. Used by the main process (payload validation at the IPC border) and by tests
 * (results and events are checked in the e2e harness). Never imported by the preload or the renderer.
 */
import { z } from 'zod';
import { ERROR_KINDS } from '../errors';
import type {
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
  RoomsState,
  RoomView,
  RulesState,
  SecretBackendView,
  SessionState,
  SignInWithTokenInput,
  StartOAuthInput,
} from './channels';

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(512);
const none = z.undefined();

export const contractErrorSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  status: z.number().int().optional(),
  trackingId: z.string().optional(),
  retryAt: isoTime.optional(),
  delivery: z.enum(['notSent', 'unknown']).optional(),
  correlationId: z.string().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
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

const apiBaseUrlInput = z.string().trim().min(1).max(2048);

export const signInWithTokenInputSchema = z.strictObject({
  token: z.string().trim().min(1, 'Paste an access token.').max(4096),
  apiBaseUrl: apiBaseUrlInput.optional(),
}) satisfies z.ZodType<SignInWithTokenInput>;

export const oauthClientInputSchema = z.strictObject({
  clientId: z.string().trim().min(1, 'Enter the integration’s client id.').max(512),
  clientSecret: z.string().trim().min(1).max(1024).optional(),
  redirectUri: z.string().trim().min(1).max(2048).optional(),
  apiBaseUrl: apiBaseUrlInput.optional(),
}) satisfies z.ZodType<OAuthClientInput>;

export const startOAuthInputSchema = z.strictObject({
  loginHint: z.string().trim().min(1).max(320).optional(),
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
  id: id.optional(),
  name: z.string().trim().min(1, 'Give the rule a name.').max(200),
  mode: z.enum(['keywords', 'regex']),
  pattern: z.string().min(1, 'Enter keywords or a regular expression.').max(1000),
  caseSensitive: z.boolean(),
  senderEmail: z.string().trim().max(320).optional(),
  roomIds: z.array(id).max(1000).optional(),
  critical: z.boolean(),
  enabled: z.boolean(),
}) satisfies z.ZodType<AlertRuleInput>;

export const rulesStateSchema = z.object({
  rules: z.array(alertRuleSchema),
  dnd: z.object({ until: isoTime.optional(), heldBack: z.number().int().nonnegative() }),
}) satisfies z.ZodType<RulesState>;

// --- channels
const opStarted = z.object({ opId: id });

type ChannelSchemas = {
  [C in InvokeChannel]: { payload: z.ZodType<InvokeMap[C]['payload']>; result: z.ZodType<InvokeMap[C]['result']> };
};

export const invokeSchemas = {
  'app.info': { payload: none, result: appInfoSchema },
  'app.ready': { payload: none, result: appReadySchema },
  'app.snapshot': { payload: none, result: snapshotSchema(appStateSchema) },
  'app.dismissWarning': { payload: z.strictObject({ id }), result: appStateSchema },
  'app.openExternal': {
    payload: z.strictObject({ url: z.string().max(8192) }),
    result: z.object({ opened: z.boolean() }),
  },

  'session.snapshot': { payload: none, result: snapshotSchema(sessionStateSchema) },
  'session.signInWithToken': { payload: signInWithTokenInputSchema, result: identityViewSchema },
  'session.setOAuthClient': { payload: oauthClientInputSchema, result: oauthClientViewSchema },
  'session.startOAuth': { payload: startOAuthInputSchema, result: opStarted },
  'session.useEnvToken': { payload: none, result: identityViewSchema },
  'session.startDemo': { payload: none, result: identityViewSchema },
  'session.switchIdentity': { payload: z.strictObject({ identityId: id }), result: identityViewSchema },
  'session.signOut': {
    payload: z.strictObject({ identityId: id.optional(), forget: z.boolean().optional() }),
    result: sessionStateSchema,
  },
  'session.setApiBaseUrl': {
    payload: z.strictObject({ identityId: id, apiBaseUrl: apiBaseUrlInput }),
    result: sessionStateSchema,
  },
  'session.useSessionOnlySecrets': { payload: none, result: secretBackendViewSchema },

  'op.cancel': { payload: z.strictObject({ opId: id }), result: z.object({ cancelled: z.boolean() }) },

  'rooms.snapshot': { payload: none, result: snapshotSchema(roomsStateSchema) },
  'rooms.open': { payload: z.strictObject({ roomId: id.optional() }), result: roomsStateSchema },
  'rooms.setWatched': { payload: z.strictObject({ roomId: id, watched: z.boolean() }), result: roomViewSchema },
  'rooms.setLevel': { payload: z.strictObject({ roomId: id, level: notifyLevel }), result: roomViewSchema },
  'rooms.markRead': { payload: z.strictObject({ roomId: id }), result: roomViewSchema },
  'rooms.markAllRead': { payload: none, result: z.object({ marked: z.number().int().nonnegative() }) },

  'messages.snapshot': { payload: none, result: snapshotSchema(messagesStateSchema) },

  'poll.snapshot': { payload: none, result: snapshotSchema(pollStateSchema) },
  'poll.syncNow': { payload: none, result: pollStateSchema },

  'rules.snapshot': { payload: none, result: snapshotSchema(rulesStateSchema) },
  'rules.save': { payload: alertRuleInputSchema, result: alertRuleSchema },
  'rules.remove': { payload: z.strictObject({ id }), result: rulesStateSchema },
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
  z.object({ type: z.literal('messages.remove'), roomId: id, ids: z.array(id) }),
  z.object({ type: z.literal('poll.changed'), state: pollStateSchema }),
  z.object({ type: z.literal('rules.changed'), state: rulesStateSchema }),
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
