/** What the session state tells the operator about the active identity. Pure. */
import type { SessionState } from '../../shared/contract/channels';
import type { IdentityRecord } from './identities';
import type { ReauthReason } from './refresh';

export type Notice = NonNullable<SessionState['notice']>;

/**
 * What a re-sign-in as the same identity keeps (same client, same folder). Only what exists: drafts are kept per
 * identity (src/main/spaces/drafts.ts); add the outbox here when it is kept across a re-sign-in (docs/outbox.md).
 */
export const KEPT_ON_RESIGN_IN = 'Your watched spaces, alert rules and drafts are kept.';

export function reauthMessage(
  record: Pick<IdentityRecord, 'displayName' | 'method' | 'kind'>,
  reason: ReauthReason,
): string {
  const who = record.displayName;
  const keep = KEPT_ON_RESIGN_IN;
  switch (reason) {
    case 'rejected':
      return record.method === 'token' && record.kind === 'person'
        ? `Webex no longer accepts the token of ${who}: personal tokens expire after about 12 hours. Paste a new token to continue. ${keep}`
        : `Webex no longer accepts the token of ${who}. Sign in again to continue. ${keep}`;
    case 'rejectedAfterRefresh':
    case 'refreshRefused':
      return `Webex refused to renew the sign-in of ${who}. Sign in with Webex again to continue. ${keep}`;
    case 'refreshExpired':
      return `The sign-in of ${who} has run out (the refresh token expired). Sign in with Webex again to continue. ${keep}`;
    case 'noRefreshToken':
      return `The sign-in of ${who} cannot be renewed. Sign in again to continue. ${keep}`;
  }
}

/** The notice an identity always carries (demo, bot visibility), shown when there is no alert. */
export function standingNotice(record: Pick<IdentityRecord, 'demo' | 'kind' | 'displayName'>): Notice | undefined {
  if (record.demo) {
    return {
      kind: 'demo',
      message: 'Demo workspace: simulated spaces and people served by the built-in simulator. Nothing reaches Webex.',
    };
  }
  if (record.kind === 'bot') {
    return {
      kind: 'botVisibility',
      message: `${record.displayName} is a bot: it sees group-room messages only when they mention it, so group spaces are polled with mentionedPeople=me.`,
    };
  }
  return undefined;
}

/** The warning before (or just after) a pasted personal token's estimated expiry. */
export function expiresSoonNotice(displayName: string, expiresAt: number, now: number): Notice {
  const passed = now >= expiresAt;
  return {
    kind: 'expiresSoon',
    message: passed
      ? `The pasted token of ${displayName} has probably expired (personal tokens last about 12 hours). Paste a new token when Webex refuses it.`
      : `The pasted token of ${displayName} expires in about ${Math.max(1, Math.round((expiresAt - now) / 60_000))} minutes (estimated: personal tokens last 12 hours). Paste a new token to keep working.`,
    at: new Date(expiresAt).toISOString(),
  };
}
