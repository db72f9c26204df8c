/** Fast, validation-free building blocks for scenario history (the REST rules are enforced on live posts). */
import { encodeId } from '../core/ids';
import type { ContentRec, MessageRec, PersonRec, RoomRec } from '../core/model';
import { renderContent } from '../core/ops';
import type { World } from '../core/world';

export interface SeedContent {
  text: string | undefined;
  markdown: string | undefined;
  html: string | undefined;
  mentionedPeople: string[] | undefined;
  mentionedGroups: string[] | undefined;
}

export function contentFor(world: World, text: string | undefined, markdown: string | undefined): SeedContent {
  return renderContent(world, text, markdown);
}

export interface SeedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** Appends a historic message (in creation order per room) and moves lastActivity. */
export function seedMessage(
  world: World,
  room: RoomRec,
  person: PersonRec,
  created: number,
  content: SeedContent,
  parent?: MessageRec,
  file?: SeedFile,
): MessageRec {
  const uuid = world.timeUuid(created);
  const msg: MessageRec = {
    uuid,
    id: encodeId('MESSAGE', uuid),
    room,
    person,
    created,
    updated: undefined,
    text: content.text,
    markdown: content.markdown,
    html: content.html,
    files: undefined,
    attachments: undefined,
    parent,
    mentionedPeople: content.mentionedPeople,
    mentionedGroups: content.mentionedGroups,
    edits: 0,
    deleted: false,
    index: -1,
    json: undefined,
  };
  if (file) {
    const local = `${uuid}/0`;
    const c: ContentRec = {
      local,
      id: encodeId('CONTENT', local),
      data: file.data,
      contentType: file.contentType,
      filename: file.name,
      room,
    };
    msg.files = [c];
  }
  world.appendMessage(msg);
  if (created > room.lastActivity) {
    room.lastActivity = created;
    room.json = undefined;
  }
  if (person.lastActivity === undefined || created > person.lastActivity) person.lastActivity = created;
  return msg;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
