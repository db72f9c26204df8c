/** Plain view data for the renderer (docs/architecture.md §1): rooms and messages as the contract declares them. */
import type { MessageFileView, MessageView, RoomView } from '../../shared/contract/channels';
import type { Message } from '../webex';
import { activityView } from './activity';
import type { RoomRecord } from './persistence';
import { canonical, isAfter } from './time';

export function mentionsMe(message: Pick<Message, 'mentionedPeople'>, meId: string): boolean {
  return message.mentionedPeople?.includes(meId) === true;
}

export function mentionsAll(message: Pick<Message, 'mentionedGroups'>): boolean {
  return message.mentionedGroups?.includes('all') === true;
}

/** The text rules are matched against: plain text when Webex gives it, else the markdown source. */
export function messageText(message: Pick<Message, 'text' | 'markdown'>): string {
  return message.text ?? message.markdown ?? '';
}

function fileView(url: string): MessageFileView {
  // The content id (last path segment) is the opaque reference; the renderer never gets the URL.
  const ref = url.split('?')[0]?.split('/').filter(Boolean).pop() ?? url;
  return { ref };
}

export interface MessageViewContext {
  meId: string;
  displayName(personId: string): string | undefined;
  ruleMatches: string[];
}

export function messageView(m: Message, ctx: MessageViewContext): MessageView {
  const view: MessageView = {
    id: m.id,
    roomId: m.roomId,
    personId: m.personId,
    personEmail: m.personEmail,
    created: canonical(m.created) ?? m.created,
    mentionsMe: mentionsMe(m, ctx.meId),
    mentionsAll: mentionsAll(m),
    isMine: m.personId === ctx.meId,
    ruleMatches: [...ctx.ruleMatches],
  };
  if (m.parentId !== undefined) view.parentId = m.parentId;
  const name = ctx.displayName(m.personId);
  if (name !== undefined) view.personDisplayName = name;
  if (m.text !== undefined) view.text = m.text;
  if (m.markdown !== undefined) view.markdown = m.markdown;
  if (m.html !== undefined) view.html = m.html;
  if (m.files && m.files.length > 0) view.files = m.files.map(fileView);
  const cards = (m.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (cards.length > 0) view.cards = cards.map((a) => ({ content: a.content }));
  if (m.updated !== undefined) view.updated = canonical(m.updated) ?? m.updated;
  return view;
}

/**
 * A room as the list shows it. Watched and open rooms carry exact counts; others only the activity dot
 * (lastActivity past the read marker); watched rooms their 24-hour activity when `now` is given. Undefined when too
 * little is known to show it.
 */
export function roomView(id: string, rec: RoomRecord, open: boolean, now?: number): RoomView | undefined {
  if (rec.lastActivity === undefined || rec.title === undefined || rec.type === undefined) return undefined;
  const counted = rec.watched || open;
  const view: RoomView = {
    id,
    title: rec.title,
    type: rec.type,
    lastActivity: canonical(rec.lastActivity) ?? rec.lastActivity,
    isLocked: rec.isLocked ?? false,
    watched: rec.watched,
    level: rec.level,
    activity: counted ? rec.unread > 0 : isAfter(rec.lastActivity, rec.marker),
    alert: counted && rec.alertRules.length > 0,
  };
  if (rec.teamId !== undefined) view.teamId = rec.teamId;
  if (counted) {
    view.unread = rec.unread;
    view.mentions = rec.mentions;
  }
  // Watched spaces: the last 24 hours at the clock's `now` (activity.ts).
  if (rec.watched && now !== undefined) view.activity24h = activityView(rec.activity, now);
  return view;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
