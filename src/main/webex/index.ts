/**
 * # Webex REST client (main process)
 *
 * `createWebexClient({ baseUrl?, token? | auth?, dispatcher?, clock?, userAgent?, timeouts?, retry?, onEvent?,
 * logger? })` → `{ people, rooms, messages, memberships, teams, teamMemberships, webhooks, accessTokens, contents,
 * rateLimitedUntil(), close() }`.
 *
 * - Lists return `Paged<T>`: lazy async iteration over items following `Link: rel="next"` (same origin only; dropped
 *   query parameters such as `mentionedPeople`/`max` re-added, the server's cursor never overwritten), `.pages()`,
 *   `.toArray()`, and a `limit` option.
 * - Retries (docs/outbox.md): anything certainly not processed (429/423 after the wait, connection refused, DNS
 *   failure, connect timeout, 401 after a refresh) is repeated for every method; GET/HEAD/DELETE/PUT (not a message
 *   PUT) also on resets, 502/503/504 and response timeouts, with full-jitter backoff. A POST or message PUT whose
 *   outcome is unknown is never repeated: its error says `delivery: 'unknown'`.
 * - 429: one shared pause per client (new calls wait too; one probe goes first when it ends), `rateLimited` /
 *   `rateLimitCleared` events, bounded by `retry.maxRateLimitWaitMs` per call (then kind `rateLimited` + `retryAt`).
 * - Every failure is a `WebexApiError` (an `AppFailure`) with a shared `ErrorKind`, status, tracking id, method,
 *   path (no query), `errors[]`, `retryAt`, `delivery`. No token in any error, event or log line.
 */
export {
  createWebexClient,
  CLIENT_VERSION,
  DEFAULT_RETRY,
  type WebexAuth,
  type WebexClient,
  type WebexClientOptions,
  type WebexRetryOptions,
} from './client';
export { WebexApiError, kindForStatus, type WebexApiErrorInit } from './errors';
export type { WebexClientEvent, WebexClientEventListener, RetryReason } from './events';
export type { Page, Paged } from './paged';
export { parseLinkHeader, findNextLink, restoreDroppedParams, type LinkValue } from './link';
export { parseRetryAfterMs, DEFAULT_RETRY_AFTER_MS } from './retryAfter';
export { parseWebexTimestamp, formatWebexTimestamp, normaliseWebexTimestamp } from './time';
export { buildAuthorizeUrl, createPkcePair, pkceChallenge, type AuthorizeUrlParams } from './authorize';
export { fileNameFromContentDisposition } from './contentDisposition';
export { guessContentType, MAX_UPLOAD_BYTES } from './multipart';
export {
  personSchema,
  roomSchema,
  messageSchema,
  membershipSchema,
  teamSchema,
  teamMembershipSchema,
  webhookSchema,
  accessTokenSchema,
  type ResponseSchema,
  type ValidationIssue,
  type ValidationResult,
} from './schemas';
export type { PeopleApi } from './resources/people';
export { ROOMS_DEFAULT_MAX, type RoomsApi } from './resources/rooms';
export {
  MESSAGES_DEFAULT_MAX,
  MESSAGES_MENTIONED_MAX,
  MAX_MESSAGE_BYTES,
  type MessagesApi,
} from './resources/messages';
export type { MembershipsApi } from './resources/memberships';
export { TEAMS_DEFAULT_MAX, type TeamsApi } from './resources/teams';
export { TEAM_MEMBERSHIPS_DEFAULT_MAX, type TeamMembershipsApi } from './resources/teamMemberships';
export { WEBHOOKS_DEFAULT_MAX, type WebhooksApi } from './resources/webhooks';
export type { AccessTokensApi } from './resources/accessTokens';
export type { ContentsApi, ContentDownload, ContentOptions, DownloadResult } from './resources/contents';
export type * from './types';
