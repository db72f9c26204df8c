/**
 * Webex REST API shapes (docs/webex-api.md Appendix A). All fields the API may omit are optional; unknown extra fields
 * are tolerated and kept (responses are validated leniently, see schemas.ts). Timestamps are ISO strings as sent by
 * the server, normalised to `YYYY-MM-DDTHH:MM:SS.mmmZ` when parseable (see time.ts).
 */

export type RoomType = 'direct' | 'group';

export interface WebexList<T> {
  items: T[];
}

export interface WebexErrorBody {
  message?: string;
  errors?: { description: string }[];
  trackingId?: string;
}

export type PersonStatus =
  'active' | 'call' | 'DoNotDisturb' | 'inactive' | 'meeting' | 'OutOfOffice' | 'pending' | 'presenting' | 'unknown';

export interface PersonAddress {
  type: string;
  value: string;
  primary?: boolean;
}

export interface Person {
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
  timezone?: string;
  /** One of `PersonStatus`, or a value newer than this client. */
  status?: PersonStatus | (string & {});
  type: 'person' | 'bot' | 'appuser';
  phoneNumbers?: PersonAddress[];
  sipAddresses?: PersonAddress[];
  roles?: string[];
  licenses?: string[];
  /** Strings, admin only. */
  invitePending?: 'true' | 'false';
  loginEnabled?: 'true' | 'false';
}

export interface Room {
  id: string;
  title: string;
  type: RoomType;
  isLocked: boolean;
  teamId?: string;
  lastActivity: string;
  creatorId: string;
  created: string;
  ownerId?: string;
  classificationId?: string;
  isAnnouncementOnly?: boolean;
  isReadOnly?: boolean;
  isPublic?: boolean;
  madePublic?: string;
  description?: string;
}

export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: Record<string, unknown>;
}

export interface Message {
  id: string;
  roomId: string;
  roomType: RoomType;
  parentId?: string;
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
  isVoiceClip?: boolean;
}

export interface Membership {
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

export interface Team {
  id: string;
  name: string;
  description?: string;
  created: string;
  creatorId?: string;
}

export interface TeamMembership {
  id: string;
  teamId: string;
  personId: string;
  personEmail: string;
  personDisplayName?: string;
  personOrgId?: string;
  isModerator: boolean;
  created: string;
}

export interface Webhook {
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
  appId?: string;
}

export interface WebhookEvent<D = Record<string, unknown>> extends Omit<Webhook, 'secret'> {
  actorId: string;
  data: D;
}

/** OAuth token response. Holds secrets: never log it, never put it in an event or an error. */
export interface AccessToken {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  token_type?: string;
  scope?: string;
}

// ---- queries and bodies -------------------------------------------------------------------------------------

export interface ListPeopleQuery {
  email?: string;
  /** Prefix match. */
  displayName?: string;
  /** Up to 85 ids (joined with commas). */
  id?: string | string[];
  orgId?: string;
  roles?: string;
  callingData?: boolean;
  locationId?: string;
  max?: number;
  excludeStatus?: boolean;
}

export interface ListRoomsQuery {
  teamId?: string;
  type?: RoomType;
  sortBy?: 'id' | 'lastactivity' | 'created';
  /** 1..1000, default 100. */
  max?: number;
  orgPublicSpaces?: boolean;
  from?: string;
  to?: string;
}

export interface CreateRoomBody {
  title: string;
  teamId?: string;
  classificationId?: string;
  isLocked?: boolean;
  isPublic?: boolean;
  description?: string;
  isAnnouncementOnly?: boolean;
}

export interface UpdateRoomBody {
  title: string;
  classificationId?: string;
  teamId?: string;
  isLocked?: boolean;
  isPublic?: boolean;
  description?: string;
  isAnnouncementOnly?: boolean;
  isReadOnly?: boolean;
}

export interface ListMessagesQuery {
  roomId: string;
  parentId?: string;
  /** `'me'` or the caller's own person id. Required for bots in group rooms. */
  mentionedPeople?: 'me' | (string & {});
  /** ISO timestamp. */
  before?: string;
  beforeMessage?: string;
  /** Default 50; ≤ 100 with `mentionedPeople`. */
  max?: number;
}

export type ListDirectMessagesQuery =
  | { personId: string; personEmail?: undefined; parentId?: string }
  | { personEmail: string; personId?: undefined; parentId?: string };

/** A local file sent as multipart/form-data, streamed from disk. The path is chosen by main (dialog), never IPC. */
export interface LocalFile {
  path: string;
  /** Defaults to the path's base name. */
  filename?: string;
  /** Defaults to a guess from the extension, else application/octet-stream. */
  contentType?: string;
  /**
   * Called as the request reads the file: bytes of the file read so far (from 0 again for each attempt) and its
   * size. Every chunk is reported; callers throttle.
   */
  onRead?: (sentBytes: number, totalBytes: number) => void;
}

export interface CreateMessageBody {
  roomId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  parentId?: string;
  text?: string;
  markdown?: string;
  /** One public URL for Webex to fetch (JSON request). */
  files?: [string];
  /** One local file to upload (multipart request). Exclusive with `files` and `attachments`. */
  file?: LocalFile;
  attachments?: CardAttachment[];
}

export interface EditMessageBody {
  roomId: string;
  text?: string;
  markdown?: string;
}

export interface ListMembershipsQuery {
  roomId?: string;
  personId?: string;
  personEmail?: string;
  max?: number;
}

export interface CreateMembershipBody {
  roomId: string;
  personId?: string;
  personEmail?: string;
  isModerator?: boolean;
}

export interface UpdateMembershipBody {
  isModerator?: boolean;
  isRoomHidden?: boolean;
}

export interface ListTeamsQuery {
  max?: number;
}

export interface CreateTeamBody {
  name: string;
  description?: string;
}

export interface UpdateTeamBody {
  name: string;
  description?: string;
}

export interface ListTeamMembershipsQuery {
  teamId: string;
  max?: number;
}

export interface CreateTeamMembershipBody {
  teamId: string;
  personId?: string;
  personEmail?: string;
  isModerator?: boolean;
}

export interface UpdateTeamMembershipBody {
  isModerator: boolean;
}

export interface ListWebhooksQuery {
  max?: number;
  ownedBy?: 'org' | (string & {});
}

export interface CreateWebhookBody {
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  ownedBy?: 'org' | 'creator' | (string & {});
}

export interface UpdateWebhookBody {
  name: string;
  targetUrl: string;
  secret?: string;
  status?: 'active' | 'inactive';
}

export interface AuthorizationCodeExchange {
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
  /** PKCE verifier, when the authorize URL carried a code_challenge. */
  codeVerifier?: string;
}

export interface RefreshTokenExchange {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** What a HEAD on a contents URL tells. */
export interface ContentInfo {
  /** From Content-Disposition; '' when absent. */
  name: string;
  /** From Content-Type; 'application/octet-stream' when absent. */
  contentType: string;
  /** From Content-Length; undefined when absent. */
  size?: number;
}

/**
 * A caller's tighter retry budget for one call (never looser than the client's policy): e.g. a poller that backs
 * off itself passes `{ maxAttempts: 1, maxRateLimitWaitMs: 0 }` so a failure reaches it at once.
 */
export interface CallRetry {
  /** Attempts for transient failures, the first included (min with the client's `maxAttempts`). */
  maxAttempts?: number;
  /** Bound on waiting for 429 pauses in this call (min with the client's). 0 = fail at once with `retryAt`. */
  maxRateLimitWaitMs?: number;
}

/** Per-call options every method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  retry?: CallRetry;
}

/** Options for `list` methods (not sent to the server). */
export interface ListOptions extends CallOptions {
  /** Stop after this many items (no request beyond what is needed). */
  limit?: number;
}

/** A card submit (docs/webex-api.md §2.7). */
export interface AttachmentAction {
  id: string;
  type: 'submit';
  messageId: string;
  inputs?: Record<string, unknown>;
  personId?: string;
  roomId?: string;
  created: string;
}

/** `POST /attachment/actions` body: `inputs` are the card's input values merged with the Action.Submit data. */
export interface SubmitAttachmentActionBody {
  type: 'submit';
  messageId: string;
  inputs: Record<string, unknown>;
}
