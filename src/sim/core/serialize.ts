/**
 * Records → wire objects (docs/webex-api.md Appendix A). Absent fields are omitted (never null); timestamps `.mmmZ`.
 * Field order follows the SPEC schemas.
 */
import type {
  WebexMembership,
  WebexMessage,
  WebexPerson,
  WebexRoom,
  WebexTeam,
  WebexTeamMembership,
  WebexWebhook,
} from '../types';
import type {
  ContentRec,
  MembershipRec,
  MessageRec,
  PersonRec,
  RoomRec,
  TeamMembershipRec,
  TeamRec,
  WebhookRec,
} from './model';
import { guardedStringify } from './guard';
import { iso } from './time';

export interface PersonView {
  /** Omit presence (`status`, `lastActivity`), as for `GET /people?id=` (§2.1). */
  noPresence?: boolean;
}

export function personJson(p: PersonRec, orgId: string, view: PersonView = {}): WebexPerson {
  const ordered = { id: p.id, emails: [p.email], displayName: p.displayName } as WebexPerson;
  if (p.nickName !== undefined) ordered.nickName = p.nickName;
  if (p.firstName !== undefined) ordered.firstName = p.firstName;
  if (p.lastName !== undefined) ordered.lastName = p.lastName;
  if (p.avatar !== undefined) ordered.avatar = p.avatar;
  ordered.orgId = p.orgId ?? orgId;
  ordered.created = iso(p.created);
  ordered.lastModified = iso(p.created);
  if (!view.noPresence) {
    if (p.lastActivity !== undefined) ordered.lastActivity = iso(p.lastActivity);
    if (p.status !== undefined) ordered.status = p.status;
  }
  ordered.type = p.type;
  return ordered;
}

/** Direct rooms are titled with the other person's display name (§2.2). */
export function roomTitleFor(room: RoomRec, viewer: PersonRec | undefined): string {
  if (room.type === 'direct' && room.pair) {
    const [a, b] = room.pair;
    if (viewer) return viewer === a ? b.displayName : a.displayName;
    return a.displayName;
  }
  return room.title;
}

export function roomJson(room: RoomRec, viewer: PersonRec | undefined, orgId: string): WebexRoom {
  // SPEC order: teamId right after isLocked
  const out = { id: room.id, title: roomTitleFor(room, viewer), type: room.type, isLocked: room.isLocked } as WebexRoom;
  if (room.team) out.teamId = room.team.id;
  out.lastActivity = iso(room.lastActivity);
  out.creatorId = room.creator.id;
  out.created = iso(room.created);
  out.ownerId = orgId;
  if (room.type === 'group') {
    if (room.isAnnouncementOnly) out.isAnnouncementOnly = true;
    out.isReadOnly = false;
    out.isPublic = room.isPublic;
    if (room.description !== undefined) out.description = room.description;
  }
  return out;
}

/** A room as list-item JSON bytes. Viewer-dependent only for direct rooms; group rooms' bytes are cached on the record. */
export function roomJsonBytes(room: RoomRec, viewer: PersonRec, orgId: string): Buffer {
  if (room.type === 'direct') return Buffer.from(guardedStringify(roomJson(room, viewer, orgId)), 'utf8');
  room.json ??= Buffer.from(guardedStringify(roomJson(room, viewer, orgId)), 'utf8');
  return room.json;
}

export function contentUrl(apiBase: string, content: ContentRec): string {
  return `${apiBase}/contents/${content.id}`;
}

export interface MessageExtras {
  toPersonId?: string;
  toPersonEmail?: string;
}

export function messageJson(m: MessageRec, apiBase: string, extras: MessageExtras = {}): WebexMessage {
  const out = { id: m.id } as WebexMessage;
  if (m.parent) out.parentId = m.parent.id;
  out.roomId = m.room.id;
  out.roomType = m.room.type;
  if (extras.toPersonId !== undefined) out.toPersonId = extras.toPersonId;
  if (extras.toPersonEmail !== undefined) out.toPersonEmail = extras.toPersonEmail;
  if (m.text !== undefined) out.text = m.text;
  if (m.markdown !== undefined) out.markdown = m.markdown;
  if (m.html !== undefined) out.html = m.html;
  if (m.files) out.files = m.files.map((f) => contentUrl(apiBase, f));
  if (m.attachments) out.attachments = m.attachments;
  out.personId = m.person.id;
  out.personEmail = m.person.email;
  if (m.mentionedPeople && m.mentionedPeople.length > 0) out.mentionedPeople = m.mentionedPeople;
  if (m.mentionedGroups && m.mentionedGroups.length > 0) out.mentionedGroups = m.mentionedGroups;
  out.created = iso(m.created);
  if (m.updated !== undefined) out.updated = iso(m.updated);
  return out;
}

/** A message as list-item JSON bytes (as every member sees it), cached on the record. */
export function messageJsonBytes(m: MessageRec, apiBase: string): Buffer {
  m.json ??= Buffer.from(guardedStringify(messageJson(m, apiBase)), 'utf8');
  return m.json;
}

/** GET /messages/direct items (SPEC DirectMessage: no mention lists, no html). */
export function directMessageJson(m: MessageRec, apiBase: string): WebexMessage {
  const full = messageJson(m, apiBase);
  delete full.html;
  delete full.mentionedGroups;
  delete full.mentionedPeople;
  return full;
}

export function membershipJson(m: MembershipRec, orgId: string): WebexMembership {
  return {
    id: m.id,
    roomId: m.room.id,
    personId: m.person.id,
    personEmail: m.person.email,
    personDisplayName: m.person.displayName,
    personOrgId: m.person.orgId ?? orgId,
    isModerator: m.isModerator,
    isRoomHidden: m.isRoomHidden,
    roomType: m.room.type,
    isMonitor: false,
    created: iso(m.created),
  };
}

export function teamJson(t: TeamRec): WebexTeam {
  const out = { id: t.id, name: t.name } as WebexTeam;
  if (t.description !== undefined) out.description = t.description;
  out.creatorId = t.creator.id;
  out.created = iso(t.created);
  return out;
}

export function teamMembershipJson(tm: TeamMembershipRec, orgId: string): WebexTeamMembership {
  return {
    id: tm.id,
    teamId: tm.team.id,
    personId: tm.person.id,
    personEmail: tm.person.email,
    personDisplayName: tm.person.displayName,
    personOrgId: tm.person.orgId ?? orgId,
    isModerator: tm.isModerator,
    created: iso(tm.created),
  };
}

export function webhookJson(w: WebhookRec, orgId: string): WebexWebhook {
  const ordered = {
    id: w.id,
    name: w.name,
    targetUrl: w.targetUrl,
    resource: w.resource,
    event: w.event,
  } as WebexWebhook;
  if (w.filter !== undefined) ordered.filter = w.filter;
  if (w.secret !== undefined) ordered.secret = w.secret;
  ordered.status = w.status;
  ordered.created = iso(w.created);
  ordered.ownedBy = w.ownedBy;
  ordered.orgId = orgId;
  ordered.createdBy = w.owner.id;
  return ordered;
}
