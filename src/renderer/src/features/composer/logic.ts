/**
 * The composer's rules, free of React (issue 12): the 7,439-byte limit Webex enforces, which key sends, when a
 * just-changed space asks before sending, and which outbox items the composer shows.
 */
import type { ContractError, OutboxItemView } from '../../../../shared/contract/channels';
import { describeError } from '../../errors/describe';

/** Webex refuses a message over 7,439 bytes of UTF-8 (docs/webex-api.md); main checks it again before queueing. */
export const MAX_MESSAGE_BYTES = 7439;
/** Enter within this long after the open space changed asks before sending (the operator may not have noticed). */
export const SPACE_CHANGE_GUARD_MS = 1000;
/** How long typing waits before the draft is saved in main. */
export const DRAFT_SAVE_DELAY_MS = 600;

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export type ComposerRefusal = 'empty' | 'tooLong';

/** Why the text cannot be sent as it is, if it cannot. */
export function refusalOf(text: string): ComposerRefusal | undefined {
  if (text.trim() === '') return 'empty';
  if (byteLength(text) > MAX_MESSAGE_BYTES) return 'tooLong';
  return undefined;
}

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  /** An input method is composing a character: its Enter confirms the character, it does not send. */
  isComposing?: boolean;
}

/** Enter sends; Shift+Enter (or an input method's Enter) is a new line. */
export function keyAction(e: KeyLike): 'send' | 'newline' | 'none' {
  if (e.key !== 'Enter') return 'none';
  if (e.shiftKey || e.isComposing) return 'newline';
  if (e.altKey || e.ctrlKey || e.metaKey) return 'none';
  return 'send';
}

/** True when the open space changed so recently that Enter may have been meant for the one before. */
export function spaceJustChanged(changedAt: number | undefined, now: number): boolean {
  return changedAt !== undefined && now - changedAt < SPACE_CHANGE_GUARD_MS;
}

/** States the composer keeps in view until the operator acknowledges them. */
export function needsAcknowledging(item: OutboxItemView): boolean {
  return item.state.type === 'failed' || item.state.type === 'unknown' || item.state.type === 'needsOperator';
}

/**
 * The composer's items for one place (the space, or one thread): every open one (failed and unknown stay until
 * acknowledged), plus sent ones this window sent and the operator has not dismissed.
 */
export function composerItemsFor(
  items: readonly OutboxItemView[],
  roomId: string,
  parentId: string | undefined,
  shown: ReadonlySet<string>,
): OutboxItemView[] {
  return items
    .filter((i) => i.source === 'composer' && i.roomId === roomId && (i.parentId ?? undefined) === parentId)
    .filter((i) => i.state.type !== 'discarded')
    .filter((i) => i.state.type !== 'sent' || shown.has(i.id))
    .sort((a, b) => (a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0));
}

export function stateLabel(item: OutboxItemView): string {
  const s = item.state;
  switch (s.type) {
    case 'queued':
    case 'sending':
      return 'sending…';
    case 'sent':
      return 'sent';
    case 'unknown':
      return 'unknown — checking whether it arrived…';
    case 'needsOperator':
      return s.reason === 'expired' ? 'not sent in time' : 'unknown — check the space: it could not be read back';
    case 'failed':
      return `failed — ${s.message}${s.trackingId ? ` (tracking id ${s.trackingId})` : ''}`;
    case 'discarded':
      return 'discarded';
  }
}

/** Members offered at once by the mention list. */
export const MENTION_CHOICES = 6;

/** The `@word` being typed just before the caret (at the start or after a space), if any. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@<>]{0,40})$/u.exec(before);
  if (!m) return undefined;
  const query = m[2] ?? '';
  return { start: caret - query.length - 1, query };
}

export interface MentionCandidate {
  displayName: string;
  email: string;
}

/** Members whose name (any word) or email starts with the query, case-insensitive; at most MENTION_CHOICES. */
export function matchMembers<T extends MentionCandidate>(members: readonly T[], query: string): T[] {
  const q = query.toLocaleLowerCase();
  return members
    .filter((m) => {
      if (q === '') return true;
      const name = m.displayName.toLocaleLowerCase();
      return (
        name.startsWith(q) ||
        name.split(/\s+/).some((w) => w.startsWith(q)) ||
        m.email.toLocaleLowerCase().startsWith(q)
      );
    })
    .slice(0, MENTION_CHOICES);
}

/** Webex mention markup for a person (`<@personEmail:…|name>`); `<`, `>` and `|` are dropped from the name. */
export function mentionMarkup(member: MentionCandidate): string {
  const name = member.displayName.replace(/[<>|]/g, '').trim() || member.email;
  return `<@personEmail:${member.email}|${name}>`;
}

/** Replaces the `@word` from `start` to `caret` with the member's mention and a space; returns the caret after it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: MentionCandidate,
): { text: string; caret: number } {
  const insert = `${mentionMarkup(member)} `;
  return { text: text.slice(0, start) + insert + text.slice(caret), caret: start + insert.length };
}

const MENTION_RE = /<@(personEmail|personId):([^|>\s]+)(?:\|[^>]*)?>/g;

/** Whether the text mentions anyone by Webex markup (then main checks they are members before it is queued). */
export function hasMentions(markdown: string): boolean {
  return /<@person(?:Email|Id):/.test(markdown);
}

/** The addresses the text mentions (`<@personEmail:…>`), once each (case-insensitively), in order. */
export function mentionedEmails(markdown: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of markdown.matchAll(MENTION_RE)) {
    const email = m[2] ?? '';
    if (m[1] !== 'personEmail' || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push(email);
  }
  return out;
}

/**
 * The text as the operator reads it in a one-line summary: mention markup becomes `@name` (the address when the
 * markup carries no name, a person id as `@someone`), everything else unchanged.
 */
export function readableMentions(markdown: string): string {
  return markdown.replace(MENTION_RE, (whole: string, kind: string, who: string) => {
    const bar = whole.indexOf('|');
    const name = bar >= 0 ? whole.slice(bar + 1, -1).trim() : '';
    if (name) return `@${name}`;
    return kind === 'personEmail' ? `@${who}` : '@someone';
  });
}

/** The space went away while the operator was writing (notFound from main): which space, and that nothing went. */
export function spaceGoneLine(title: string, error: ContractError): string {
  const tracking = error.trackingId ? ` (tracking id ${error.trackingId})` : '';
  return `${title} no longer exists, or this identity cannot see it: nothing was sent${tracking}.`;
}

/** The one line under a composer or an edit box: a refusal's own words, else what the error means. */
export function errorLine(error: ContractError | string | undefined): string | undefined {
  if (error === undefined || typeof error === 'string') return error;
  if (error.kind === 'invalidInput') return error.message;
  const { title, detail } = describeError(error);
  return `${title}. ${detail}`;
}
