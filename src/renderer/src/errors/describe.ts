import type { AppError, ErrorKind } from '../../../shared/errors';
import { assertNever } from '../../../shared/errors';

export interface ErrorWords {
  title: string;
  /** What the operator can do about it. */
  hint: string;
}

/** The renderer's one table from error kind to words (docs/architecture.md §4). */
export function wordsFor(kind: ErrorKind): ErrorWords {
  switch (kind) {
    case 'auth':
      return { title: 'Webex did not accept the sign-in', hint: 'Check the token, or sign in again.' };
    case 'forbidden':
      return { title: 'Webex refused the request', hint: 'This identity may not do that here.' };
    case 'notFound':
      return { title: 'Not found', hint: 'It may have been deleted, or this identity cannot see it.' };
    case 'conflict':
      return { title: 'Already done', hint: 'Webex reports a conflict with the current state.' };
    case 'gone':
      return { title: 'No longer available', hint: 'Webex removed it (for example an infected file).' };
    case 'locked':
      return { title: 'Temporarily locked', hint: 'Webex is scanning the file. It will retry shortly.' };
    case 'unscannable':
      return { title: 'File could not be scanned', hint: 'Webex could not check this file for malware.' };
    case 'rateLimited':
      return { title: 'Rate limited by Webex', hint: 'Requests resume automatically when the limit lifts.' };
    case 'server':
      return { title: 'Webex had a server error', hint: 'Try again in a moment.' };
    case 'network':
      return { title: 'Cannot reach Webex', hint: 'Check the network connection or proxy settings.' };
    case 'timeout':
      return { title: 'Webex took too long to answer', hint: 'Try again in a moment.' };
    case 'malformed':
      return { title: 'Unexpected answer from Webex', hint: 'The response could not be understood.' };
    case 'cancelled':
      return { title: 'Cancelled', hint: '' };
    case 'invalidInput':
      return { title: 'Please check the input', hint: '' };
    case 'notSignedIn':
      return { title: 'Not signed in', hint: 'Sign in to continue.' };
    case 'keychainUnavailable':
      return {
        title: 'The system keychain is not available',
        hint: 'Secrets can be kept for this session only.',
      };
    case 'storage':
      return { title: 'Could not save data', hint: 'Check free disk space and folder permissions.' };
    case 'configInvalid':
      return { title: 'Invalid setting', hint: 'Correct the setting and try again.' };
    case 'internal':
      return { title: 'Something went wrong in the app', hint: 'The log has details under the reference shown.' };
    default:
      return assertNever(kind, 'error kind');
  }
}

/** One line for a banner or toast, with the details an operator may need to quote (tracking id, reference). */
export function describeError(error: AppError): { title: string; detail: string } {
  const words = wordsFor(error.kind);
  const parts: string[] = [];
  if (error.kind === 'invalidInput' && error.issues?.length) parts.push(error.issues.map((i) => i.message).join(' '));
  else if (error.missingScopes?.length) parts.push(`Sign in again to allow ${error.missingScopes.join(', ')}.`);
  else if (error.requiresModerator) parts.push('Only a moderator of this space may do that.');
  else if (words.hint) parts.push(words.hint);
  if (error.retryAt) parts.push(`Retry at ${new Date(error.retryAt).toLocaleTimeString()}.`);
  if (error.delivery === 'unknown') parts.push('It may or may not have been delivered.');
  if (error.trackingId) parts.push(`Tracking id: ${error.trackingId}`);
  if (error.correlationId) parts.push(`Reference: ${error.correlationId}`);
  return { title: words.title, detail: parts.join(' ') };
}
