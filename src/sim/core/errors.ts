/**
 * Errors the simulator answers with. Every one becomes the standard body (docs/webex-api.md §5)
 * `{ message, errors: [{ description }], trackingId }` with the status and optional extra headers.
 *
 * Texts marked "real" are quoted in docs/webex-api.md; the others are simulator wording where no source gives the
 * real text (kept short and in the same style).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const MSG = {
  /** real, §5 */
  unauthorized: 'The request requires a valid access token set in the Authorization request header.',
  /** real, §2.3 / §5 */
  botListForbidden: 'Failed to get activity.',
  /** real, §2.3 / §5 */
  messageNotFound: 'Unable to get message.',
  /** real (EMU), §2.3 */
  roomIdRequired: "Required String parameter 'roomId' is not present",
  /** real (EMU), §2.3 */
  exactlyOneDestination: 'Exactly one of the destination fields must not be empty (roomId, toPersonEmail, toPersonId)',
  /** real, §2.3 */
  tooLong:
    'Unable to post message to room: Message length limited to 7439 characters before encryption and 10000 characters after encryption.',
  /** real (EMU), §2.3 */
  emptyMessage: 'Both text and file cannot be empty.',
  /** real (EMU), §5 */
  roomNotFound: 'Could not find a room with provided ID.',
  /** real (EMU), §5 */
  badId: 'Expect base64 ID or UUID.',
  /** real (EMU), §5 */
  alreadyMember: 'Person is already in the room.',
  /** real (EMU), §5 */
  titleEmpty: 'Title cannot be empty.',
  /** real (EMU), §5 */
  roomIdNull: 'roomId cannot be null',
  /** real (EMU), §5 */
  personRequired: 'Must specify either personId or personEmail.',
  /** real (EMU), §5 */
  notParticipant: 'User is not a participant of the room.',
  /** real (EMU), §5 */
  membershipNotFound: 'Failed to get membership',
  /** real, §4 */
  rateLimited:
    'The user has sent too many requests in a given amount of time. Please refer to the Retry-After response header to wait before making a new request.',
  /** §2.3 "edit limit has been reached" (wording around it: simulator) */
  editLimit: 'Unable to edit message: edit limit has been reached.',
  /** §2.3 "feature is currently unsupported" (wording around it: simulator) */
  editUnsupported: 'Unable to edit message: feature is currently unsupported for messages with files or attachments.',
  // simulator wording below
  notFound: 'The requested resource could not be found.',
  methodNotAllowed: 'Request method is not supported for this resource.',
  malformedJson: 'Could not read JSON: the request body is not valid JSON.',
  bodyNotObject: 'The request body must be a JSON object.',
  personNotFound: 'Unable to find the person.',
  teamNotFound: 'Could not find a team with provided ID.',
  webhookNotFound: 'Could not find a webhook with provided ID.',
  contentNotFound: 'Unable to get content.',
  parentNotFound: 'Unable to post message to room: the parent message does not exist in this room.',
  oneFileOnly: 'Only one file is allowed per message.',
  oneCardOnly: 'Only one card attachment is allowed per message.',
  editOwnOnly: 'Unable to edit message: you can only edit your own messages.',
  deleteOwnOnly: 'Unable to delete message: you can only delete your own messages.',
  editNoContent: 'Unable to edit message: text or markdown is required.',
  mentionedPeopleMeOnly: "mentionedPeople may only be 'me' or the caller's own person ID.",
  internal: 'Internal server error.',
} as const;

export function contentTypeNotSupported(type: string): string {
  // real (EMU): a missing type is reported as 'text/plain' (§5)
  return `Content type '${type}' not supported`;
}
