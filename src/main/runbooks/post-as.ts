/**
 * Posting as another saved identity (a runbook's `postAs`, e.g. the team's bot; docs/outbox.md): who posts is
 * decided when the run is planned and recorded on the outbox item (`origin.postAs`, `postedAs*`), so sending,
 * retrying, reconciling after a restart and undo all use that identity's client — which the session service holds
 * in main (docs/security.md). A `postAs` that names no saved identity is a problem of the run, never a throw.
 */
import type { SessionState } from '../../shared/contract/channels';
import type { ActiveSession, PostingIdentity } from '../auth/types';
import { AppFailure } from '../errors';
import type { Message, WebexClient } from '../webex';
import type { OutboxItem, OutboxSender } from './outbox';
import type { OutboxOrigin } from './outbox-records';

/** What the runbooks need of the session to post as another identity. */
export interface PostAsSession {
  postingIdentity?(ref: string): Promise<PostingIdentity>;
}

export type PostAsOrigin = Pick<OutboxOrigin, 'postAs' | 'postedAsEmail' | 'postedAsPersonId' | 'postedAsKind'>;

/** Who posts, planned: the origin fields for the items (empty for the operator themself), or why it cannot be. */
export type PostAsPlan = { ok: true; origin: PostAsOrigin; displayName: string } | { ok: false; problem: string };

const PLAN_KINDS = new Set(['notFound', 'invalidInput', 'notSignedIn', 'auth', 'keychainUnavailable', 'storage']);

export async function planPostAs(
  session: PostAsSession,
  active: ActiveSession,
  ref: string | undefined,
): Promise<PostAsPlan> {
  if (ref === undefined) return { ok: true, origin: {}, displayName: active.me.displayName };
  if (!session.postingIdentity) {
    return { ok: false, problem: `posting as "${ref}" is not available here` };
  }
  let posting: PostingIdentity;
  try {
    posting = await session.postingIdentity(ref);
  } catch (e) {
    if (e instanceof AppFailure && PLAN_KINDS.has(e.kind)) return { ok: false, problem: e.message };
    throw e;
  }
  if (posting.identity.id === active.identity.id) {
    return { ok: true, origin: {}, displayName: active.me.displayName };
  }
  return {
    ok: true,
    displayName: posting.identity.displayName,
    origin: {
      postAs: posting.identity.id,
      postedAsEmail: posting.identity.email,
      postedAsPersonId: posting.me.id,
      postedAsKind: posting.identity.kind,
    },
  };
}

/**
 * Why a runbook's `postAs` cannot be used right now, from the session slice alone (no keychain, no network; the
 * quick-actions list shows it and disables the runbook): the same findings as `postingIdentity` — no saved identity
 * of that id or email, one saved for another API address, one signed out. Undefined when it can be used (or when
 * nobody is signed in: then no runbook runs anyway). Running still asks `postingIdentity`, which has the last word.
 */
export function postAsProblem(
  ref: string,
  session: Pick<SessionState, 'active' | 'identities'> | undefined,
): string | undefined {
  const active = session?.active;
  if (!session || !active) return undefined;
  const lower = ref.trim().toLowerCase();
  const originOf = (url: string): string => {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  };
  const activeOrigin = originOf(active.apiBaseUrl);
  const matches = session.identities.filter((s) => s.persisted && (s.id === ref || s.email.toLowerCase() === lower));
  const s = matches.find((m) => originOf(m.apiBaseUrl) === activeOrigin) ?? matches[0];
  if (!s)
    return `No saved identity "${ref}" to post as: sign in as it once (it is then saved), or change the runbook's postAs.`;
  if (s.id === active.id) return undefined;
  if (originOf(s.apiBaseUrl) !== activeOrigin) {
    return `${s.displayName} is saved for another API address (${originOf(s.apiBaseUrl)}): it cannot post in these spaces.`;
  }
  if (!s.signedIn) return `${s.displayName} is signed out: sign in as it again to post as it.`;
  return undefined;
}

/** The identity that posted an item: its id and email (the operator's own when it has no `postAs`). */
export function postedAs(item: OutboxItem, active: ActiveSession): { postedAsId: string; postedAsEmail: string } {
  if (item.origin.postAs === undefined) return { postedAsId: active.identity.id, postedAsEmail: active.identity.email };
  return { postedAsId: item.origin.postAs, postedAsEmail: item.origin.postedAsEmail ?? '' };
}

/**
 * The client of the identity an item is posted as. Failing to get one (forgotten, signed out, keychain gone) is a
 * typed failure that certainly sent nothing: `delivery: 'notSent'`, so the outbox fails the item with those words
 * rather than reading the space back.
 */
export async function postingClient(session: PostAsSession, ref: string): Promise<WebexClient> {
  try {
    if (!session.postingIdentity) throw new AppFailure('notSignedIn', 'Posting as another identity is not available.');
    return (await session.postingIdentity(ref)).client;
  } catch (e) {
    if (e instanceof AppFailure && e.delivery === undefined) {
      throw new AppFailure(e.kind, e.message, { delivery: 'notSent', ...(e.issues ? { issues: e.issues } : {}) });
    }
    throw e;
  }
}

/**
 * The sender of an item posted as another identity: `me` as recorded when it was queued (so reading back matches
 * that identity's messages, and a bot's unknown goes to the operator), every request through its own client.
 */
export function postAsSender(session: PostAsSession, item: OutboxItem): OutboxSender {
  const ref = item.origin.postAs ?? '';
  return {
    me: { id: item.origin.postedAsPersonId ?? '', type: item.origin.postedAsKind ?? 'person' },
    create: async (body, signal) => (await postingClient(session, ref)).messages.create(body, { signal }),
    list: (query) => ({
      async *[Symbol.asyncIterator](): AsyncIterator<Message> {
        yield* (await postingClient(session, ref)).messages.list(query);
      },
    }),
  };
}
