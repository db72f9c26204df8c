/**
 * Members of a space (docs/webex-api.md §2.4): the list with initials, moderators and people from other
 * organisations marked; adding several people by email (each gets its own outcome), removing, making moderator.
 * Membership changes in a locked space by a non-moderator end in `forbidden` with `requiresModerator`.
 */
import type { AddMemberOutcome, AddMembersResult, MembersView, MemberView } from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import { AppFailure, toAppError, type InternalErrorReporter } from '../errors';
import { withScope } from '../auth/scopes';
import type { Membership } from '../webex';
import { moderatedCall, orGone } from './failures';

/** How many emails one `members.add` takes (the schema refuses more). */
export const MAX_EMAILS = 50;

/** A plain address check: something@domain.tld, no spaces. Webex decides the rest. */
const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/**
 * One or two letters for the avatar: first and last word of the name (an address without a name: its local part),
 * the same rule as the window's message avatars (src/renderer/src/features/messages/body.ts) so a person looks the
 * same in the members panel and in the message pane.
 */
export function initialsOf(displayName: string, email: string): string {
  const name = displayName.trim() === '' ? email : displayName;
  const base = name.includes('@') && !name.includes(' ') ? (name.split('@')[0] ?? name) : name;
  const words = base
    .split(/[\s._-]+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  const letters = words.length >= 2 ? [words[0], words[words.length - 1]] : [words[0] ?? ''];
  return (
    letters
      .map((w) => [...(w ?? '')][0] ?? '')
      .join('')
      .toLocaleUpperCase() || '?'
  );
}

/** Webex bots' addresses end in `@webex.bot` (docs/webex-api.md §2.4); a membership does not carry the type. */
export function isBotEmail(email: string): boolean {
  return /@webex\.bot$/i.test(email.trim());
}

export function memberView(m: Membership, myOrgId: string | undefined): MemberView {
  const displayName = m.personDisplayName ?? m.personEmail;
  const view: MemberView = {
    membershipId: m.id,
    personId: m.personId,
    displayName,
    email: m.personEmail,
    initials: initialsOf(displayName, m.personEmail),
    isModerator: m.isModerator,
    external: myOrgId !== undefined && m.personOrgId !== undefined && m.personOrgId !== myOrgId,
  };
  if (isBotEmail(m.personEmail)) view.bot = true;
  return view;
}

/** Whether the space is locked (asked only after a 403, to tell a moderator refusal from any other). */
async function roomLocked(session: ActiveSession, roomId: string): Promise<boolean> {
  return (await session.client.rooms.get(roomId)).isLocked;
}

async function membershipRoomLocked(session: ActiveSession, membershipId: string): Promise<boolean> {
  return roomLocked(session, (await session.client.memberships.get(membershipId)).roomId);
}

export async function listMembers(session: ActiveSession, roomId: string): Promise<MembersView> {
  const { client, me } = session;
  const room = await orGone('The space', () => client.rooms.get(roomId));
  const memberships = await orGone('The space', () =>
    withScope(session, 'spark:memberships_read', 'reading members', () =>
      client.memberships.list({ roomId }, { limit: 5000 }).toArray(),
    ),
  );
  const members = memberships
    .map((m) => memberView(m, me.orgId))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.email.localeCompare(b.email));
  const mine = memberships.find((m) => m.personId === me.id);
  return {
    roomId,
    members,
    external: members.some((m) => m.external),
    isLocked: room.isLocked,
    canModerate: !room.isLocked || mine?.isModerator === true,
  };
}

/** Adds each email in turn; a space that turns out to be gone fails the remaining ones without asking again. */
export async function addMembers(
  session: ActiveSession,
  roomId: string,
  emails: readonly string[],
  report: InternalErrorReporter,
): Promise<AddMembersResult> {
  const results: AddMemberOutcome[] = [];
  const seen = new Set<string>();
  let spaceGone: AppFailure | undefined;
  for (const raw of emails.slice(0, MAX_EMAILS)) {
    const email = raw.trim();
    const key = email.toLowerCase();
    if (email === '' || seen.has(key)) continue;
    seen.add(key);
    if (!EMAIL_RE.test(email)) {
      results.push({
        email,
        status: 'failed',
        error: {
          kind: 'invalidInput',
          message: 'Not an email address.',
          issues: [{ path: 'emails', message: `${email} is not an email address.` }],
        },
      });
      continue;
    }
    if (spaceGone) {
      results.push({ email, status: 'failed', error: spaceGone.toAppError() });
      continue;
    }
    try {
      const m = await orGone('The space', () =>
        moderatedCall(
          session,
          'spark:memberships_write',
          'adding people',
          () => session.client.memberships.create({ roomId, personEmail: email }),
          () => roomLocked(session, roomId),
        ),
      );
      results.push({ email, status: 'added', member: memberView(m, session.me.orgId) });
    } catch (e) {
      if (e instanceof AppFailure && e.kind === 'conflict') {
        results.push({ email, status: 'alreadyMember' });
        continue;
      }
      if (e instanceof AppFailure && e.kind === 'notFound') spaceGone = e;
      results.push({ email, status: 'failed', error: toAppError(e, report, 'adding a member') });
    }
  }
  return { roomId, results };
}

export async function removeMember(session: ActiveSession, membershipId: string): Promise<{ removed: boolean }> {
  try {
    await moderatedCall(
      session,
      'spark:memberships_write',
      'removing people',
      () => session.client.memberships.delete(membershipId),
      () => membershipRoomLocked(session, membershipId),
    );
    return { removed: true };
  } catch (e) {
    // Already gone: nothing to remove (the space or the membership was deleted meanwhile).
    if (e instanceof AppFailure && e.kind === 'notFound') return { removed: false };
    throw e;
  }
}

export async function setModerator(
  session: ActiveSession,
  membershipId: string,
  isModerator: boolean,
): Promise<MemberView> {
  const m = await orGone('The membership', () =>
    moderatedCall(
      session,
      'spark:memberships_write',
      'changing moderators',
      () => session.client.memberships.update(membershipId, { isModerator }),
      () => membershipRoomLocked(session, membershipId),
    ),
  );
  return memberView(m, session.me.orgId);
}
