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
