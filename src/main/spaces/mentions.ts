/**
 * Mentions in a message about to be sent (docs/webex-api.md §6: `<@personEmail:e|Name>`, `<@personId:ID|Name>`):
 * each must name a member of the space, otherwise the message would mention nobody. Checked against the space's
 * members before the composer queues a message; the draft stays as typed.
 */
import { AppFailure } from '../errors';
import type { ActiveSession } from '../auth/types';
import { withScope } from '../auth/scopes';
import { orGone } from './failures';

const MENTION_RE = /<@(personId|personEmail):([^|>\s]+)(?:\|([^>]*))?>/g;

export interface Mention {
  by: 'personId' | 'personEmail';
  value: string;
  /** The name shown in the markup, if any. */
  name?: string;
}

/** Every person mention in `markdown`, in order, each once. */
export function mentionsIn(markdown: string): Mention[] {
  const seen = new Set<string>();
  const out: Mention[] = [];
  for (const m of markdown.matchAll(MENTION_RE)) {
    const by = m[1] as Mention['by'];
    const value = m[2] as string;
    const key = `${by}:${by === 'personEmail' ? value.toLowerCase() : value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mention: Mention = { by, value };
    if (m[3] !== undefined && m[3] !== '') mention.name = m[3];
    out.push(mention);
  }
  return out;
}

/** Resolves when every mention names a member; else `invalidInput` with one issue per mention that does not. */
export async function checkMentions(
  session: ActiveSession,
  roomId: string,
  markdown: string,
): Promise<{ mentions: number }> {
  const mentions = mentionsIn(markdown);
  if (mentions.length === 0) return { mentions: 0 };
  const members = await orGone('The space', () =>
    withScope(session, 'spark:memberships_read', 'reading members', () =>
      session.client.memberships.list({ roomId }, { limit: 5000 }).toArray(),
    ),
  );
  const emails = new Set(members.map((m) => m.personEmail.toLowerCase()));
  const ids = new Set(members.map((m) => m.personId));
  const strangers = mentions.filter((m) =>
    m.by === 'personEmail' ? !emails.has(m.value.toLowerCase()) : !ids.has(m.value),
  );
  if (strangers.length > 0) {
    // An address is what the operator can add; a person id is shown by the name the markup gives it.
    const names = strangers.map((m) => (m.by === 'personEmail' ? m.value : (m.name ?? m.value)));
    throw new AppFailure(
      'invalidInput',
      `${names.join(', ')} ${strangers.length === 1 ? 'is not a member' : 'are not members'} of this space — add them, or send anyway.`,
      { issues: names.map((name) => ({ path: 'markdown', message: `${name} is not a member of this space.` })) },
    );
  }
  return { mentions: mentions.length };
}
