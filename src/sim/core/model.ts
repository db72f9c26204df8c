/**
 * In-memory records of the simulated Webex org. Records reference each other directly; public ids are computed
 * once and kept on the record. Times are epoch milliseconds of the server clock (clock.now() + skew).
 */
import type { CardAttachment } from '../types';

export interface PersonRec {
  uuid: string;
  id: string;
  email: string;
  displayName: string;
  firstName: string | undefined;
  lastName: string | undefined;
  nickName: string | undefined;
  type: 'person' | 'bot';
  created: number;
  avatar: string | undefined;
  status: 'active' | 'inactive' | 'meeting' | 'DoNotDisturb' | undefined;
  lastActivity: number | undefined;
  /** Identity key when seeded as a sign-in identity ('operator', 'bot', …). */
  key: string | undefined;
  /** A guest from another organisation (its org id); undefined: the simulated org. */
  orgId?: string;
  rooms: Set<RoomRec>;
  teams: Set<TeamRec>;
}

export interface RoomRec {
  uuid: string;
  id: string;
  title: string;
  type: 'direct' | 'group';
  isLocked: boolean;
  team: TeamRec | undefined;
  created: number;
  lastActivity: number;
  creator: PersonRec;
  description: string | undefined;
  isPublic: boolean;
  isAnnouncementOnly: boolean;
  /** person uuid → membership */
  members: Map<string, MembershipRec>;
  /** In insertion (= creation) order, oldest first. Deleted messages stay as tombstones so indexes never move. */
  messages: MessageRec[];
  /** For direct rooms, the two people. */
  pair: [PersonRec, PersonRec] | undefined;
  /** Serialized (guarded, UTF-8) JSON cache for group rooms (viewer-independent); cleared on every change. */
  json: Buffer | undefined;
}

export interface MembershipRec {
  id: string;
  room: RoomRec;
  person: PersonRec;
  isModerator: boolean;
  isRoomHidden: boolean;
  created: number;
}

export interface ContentRec {
  /** `messageUuid/0` */
  local: string;
  id: string;
  data: Buffer;
  contentType: string;
  filename: string;
  room: RoomRec;
}

export interface MessageRec {
  uuid: string;
  id: string;
  room: RoomRec;
  person: PersonRec;
  created: number;
  updated: number | undefined;
  text: string | undefined;
  markdown: string | undefined;
  html: string | undefined;
  files: ContentRec[] | undefined;
  attachments: CardAttachment[] | undefined;
  parent: MessageRec | undefined;
  /** Base64 person ids. */
  mentionedPeople: string[] | undefined;
  mentionedGroups: string[] | undefined;
  edits: number;
  deleted: boolean;
  /** Position in room.messages. */
  index: number;
  /** Serialized (guarded, UTF-8) JSON cache (viewer-independent); cleared on edit. */
  json: Buffer | undefined;
}

export interface TeamRec {
  uuid: string;
  id: string;
  name: string;
  description: string | undefined;
  created: number;
  creator: PersonRec;
  /** person uuid → team membership */
  members: Map<string, TeamMembershipRec>;
  general: RoomRec | undefined;
}

export interface TeamMembershipRec {
  id: string;
  team: TeamRec;
  person: PersonRec;
  isModerator: boolean;
  created: number;
}

export interface WebhookRec {
  uuid: string;
  id: string;
  owner: PersonRec;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter: string | undefined;
  secret: string | undefined;
  status: 'active' | 'inactive';
  ownedBy: string;
  created: number;
}
