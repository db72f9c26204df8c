/**
 * Messages (docs/webex-api.md §2.3, §6, §8): create (validation, direct rooms, files, html/mentions), edit, delete.
 * Shared by the REST routes, the control API and the driver, so every post follows the same rules.
 */
import type { CardAttachment } from '../types';
import { ApiError, MSG } from './errors';
import { encodeId, parseId } from './ids';
import { renderMarkdown } from './markdown';
import type { ContentRec, MessageRec, PersonRec, RoomRec } from './model';
import { mentionResolver } from './people';
import { getOrCreateDirectRoom, roomForMember, touchRoom } from './rooms';
import type { World } from './world';

/** §2.3 / §6: `text` and `markdown` are each limited to 7439 bytes (UTF-8). */
export const MAX_MESSAGE_BYTES = 7439;
/** §2.3: at most 10 edits per message. */
export const MAX_EDITS = 10;

export type FileInput =
  { kind: 'url'; url: string } | { kind: 'upload'; name: string; contentType: string; data: Buffer };

export interface PostInput {
  roomId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  parentId?: string;
  files?: FileInput[];
  attachments?: CardAttachment[];
}

export interface PostResult {
  message: MessageRec;
  toPersonId?: string;
  toPersonEmail?: string;
}

function nonEmpty(v: string | undefined): v is string {
  return v !== undefined && v !== '';
}

function byteLength(v: string | undefined): number {
  return v === undefined ? 0 : Buffer.byteLength(v, 'utf8');
}

/** Resolves a message id visible to `person` (member of its room); anything else is 404 "Unable to get message." */
export function messageForMember(world: World, person: PersonRec, messageId: string): MessageRec {
  const parsed = parseId(messageId);
  // §7: raw uuids are rejected since 2022-04; garbage gets the same answer (§5 "Unable to get message.").
  if (parsed.kind !== 'ok' || parsed.id.type !== 'MESSAGE') throw new ApiError(404, MSG.messageNotFound);
  const msg = world.messages.get(parsed.id.local);
  if (!msg || msg.deleted || !msg.room.members.has(person.uuid)) throw new ApiError(404, MSG.messageNotFound);
  return msg;
}

function resolvePersonRef(world: World, toPersonId: string | undefined, toPersonEmail: string | undefined): PersonRec {
  if (nonEmpty(toPersonId)) {
    const parsed = parseId(toPersonId);
    if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
    const local = parsed.kind === 'uuid' ? parsed.uuid : parsed.id.type === 'PEOPLE' ? parsed.id.local : undefined;
    const person = local === undefined ? undefined : world.people.get(local);
    if (!person) throw new ApiError(404, MSG.personNotFound);
    return person;
  }
  const person = world.peopleByEmail.get((toPersonEmail ?? '').toLowerCase());
  if (!person) throw new ApiError(404, MSG.personNotFound);
  return person;
}

const EXT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
};

// A 1×1 transparent PNG.
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export function contentTypeForName(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return EXT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * The real service fetches a `files` URL itself (§8). The simulator has no internet: it stores a deterministic
 * placeholder named after the URL's last path segment (a 1×1 PNG for images, a short text otherwise).
 */
function placeholderForUrl(url: string): { name: string; contentType: string; data: Buffer } {
  let name = 'file';
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    if (last) name = decodeURIComponent(last);
  } catch {
    throw new ApiError(400, `Invalid file URL: ${url}`);
  }
  const contentType = contentTypeForName(name);
  const data = contentType.startsWith('image/') ? PIXEL_PNG : Buffer.from(`Simulated copy of ${url}\n`, 'utf8');
  return { name, contentType, data };
}

function validateContent(input: { text?: string; markdown?: string }): void {
  if (byteLength(input.text) > MAX_MESSAGE_BYTES || byteLength(input.markdown) > MAX_MESSAGE_BYTES) {
    throw new ApiError(400, MSG.tooLong);
  }
}

interface Rendered {
  text: string | undefined;
  markdown: string | undefined;
  html: string | undefined;
  mentionedPeople: string[] | undefined;
  mentionedGroups: string[] | undefined;
}

/** §6: html/mentions only from markdown; text derived from markdown unless given; text-only has no markdown/html. */
export function renderContent(world: World, text: string | undefined, markdown: string | undefined): Rendered {
  if (!nonEmpty(markdown)) {
    return {
      text: nonEmpty(text) ? text : undefined,
      markdown: undefined,
      html: undefined,
      mentionedPeople: undefined,
      mentionedGroups: undefined,
    };
  }
  const r = renderMarkdown(markdown, mentionResolver(world));
  return {
    text: nonEmpty(text) ? text : r.text,
    markdown,
    html: r.html,
    mentionedPeople: r.mentionedPeople.length > 0 ? r.mentionedPeople : undefined,
    mentionedGroups: r.mentionedGroups.length > 0 ? r.mentionedGroups : undefined,
  };
}

export interface PostHooks {
  /** Called once the message is stored (before any response is written). */
  onStored?(msg: MessageRec): void;
  /** Pre-rendered content (scenario generators reuse a pool). */
  rendered?: Rendered;
  /** Override the creation time (scenario history). Defaults to the server's now. */
  created?: number;
}

/** POST /messages (§2.3). */
export function postMessage(world: World, poster: PersonRec, input: PostInput, hooks: PostHooks = {}): PostResult {
  const destinations = [input.roomId, input.toPersonId, input.toPersonEmail].filter(nonEmpty).length;
  if (destinations !== 1) throw new ApiError(400, MSG.exactlyOneDestination);
  const files = input.files ?? [];
  const attachments = input.attachments ?? [];
  if (!nonEmpty(input.text) && !nonEmpty(input.markdown) && files.length === 0 && attachments.length === 0) {
    throw new ApiError(400, MSG.emptyMessage);
  }
  validateContent(input);
  if (files.length > 1) throw new ApiError(400, MSG.oneFileOnly);
  if (attachments.length > 1) throw new ApiError(400, MSG.oneCardOnly);

  const created = hooks.created ?? world.now();
  let room: RoomRec;
  const result: Omit<PostResult, 'message'> = {};
  if (nonEmpty(input.roomId)) {
    room = roomForMember(world, poster, input.roomId);
  } else {
    const other = resolvePersonRef(world, input.toPersonId, input.toPersonEmail);
    if (other === poster)
      throw new ApiError(400, 'Unable to post message to room: cannot send a direct message to yourself.');
    room = getOrCreateDirectRoom(world, poster, other, created);
    if (nonEmpty(input.toPersonId)) result.toPersonId = input.toPersonId;
    else result.toPersonEmail = input.toPersonEmail;
  }

  let parent: MessageRec | undefined;
  if (nonEmpty(input.parentId)) {
    const parsed = parseId(input.parentId);
    const candidate =
      parsed.kind === 'ok' && parsed.id.type === 'MESSAGE' ? world.messages.get(parsed.id.local) : undefined;
    if (!candidate || candidate.deleted || candidate.room !== room) throw new ApiError(400, MSG.parentNotFound);
    // Threads are one level deep: a reply to a reply joins the thread of its parent.
    parent = candidate.parent ?? candidate;
  }

  const rendered = hooks.rendered ?? renderContent(world, input.text, input.markdown);
  const uuid = world.timeUuid(created);
  const msg: MessageRec = {
    uuid,
    id: encodeId('MESSAGE', uuid),
    room,
    person: poster,
    created,
    updated: undefined,
    text: rendered.text,
    markdown: rendered.markdown,
    html: rendered.html,
    files: undefined,
    attachments: attachments.length > 0 ? attachments : undefined,
    parent,
    mentionedPeople: rendered.mentionedPeople,
    mentionedGroups: rendered.mentionedGroups,
    edits: 0,
    deleted: false,
    index: -1,
    json: undefined,
  };
  const file = files[0];
  if (file) {
    const stored =
      file.kind === 'url'
        ? placeholderForUrl(file.url)
        : { name: file.name, contentType: file.contentType, data: file.data };
    const local = `${uuid}/0`;
    const content: ContentRec = {
      local,
      id: encodeId('CONTENT', local),
      data: stored.data,
      contentType: stored.contentType,
      filename: stored.name,
      room,
    };
    msg.files = [content];
  }
  world.appendMessage(msg);
  touchRoom(world, room, created);
  if (poster.lastActivity === undefined || created > poster.lastActivity) poster.lastActivity = created;
  hooks.onStored?.(msg);
  return { message: msg, ...result };
}

export interface EditInput {
  roomId?: string;
  text?: string;
  markdown?: string;
}

/** PUT /messages/{id} (§2.3): roomId required, own messages only, ≤10 edits, not with files/attachments. */
export function editMessage(world: World, actor: PersonRec, msg: MessageRec, input: EditInput): MessageRec {
  if (!nonEmpty(input.roomId)) throw new ApiError(400, MSG.roomIdNull);
  const parsed = parseId(input.roomId);
  if (parsed.kind !== 'ok' || parsed.id.type !== 'ROOM' || parsed.id.local !== msg.room.uuid) {
    throw new ApiError(400, 'Unable to edit message: roomId does not match the message.');
  }
  if (msg.person !== actor) throw new ApiError(403, MSG.editOwnOnly);
  if (msg.files || msg.attachments) throw new ApiError(400, MSG.editUnsupported);
  if (!nonEmpty(input.text) && !nonEmpty(input.markdown)) throw new ApiError(400, MSG.editNoContent);
  validateContent(input);
  if (msg.edits >= MAX_EDITS) throw new ApiError(400, MSG.editLimit);
  const r = renderContent(world, input.text, input.markdown);
  msg.text = r.text;
  msg.markdown = r.markdown;
  msg.html = r.html;
  msg.mentionedPeople = r.mentionedPeople;
  msg.mentionedGroups = r.mentionedGroups;
  msg.edits++;
  msg.updated = world.now();
  msg.json = undefined;
  return msg;
}

/** DELETE /messages/{id}: own messages; moderators of a locked (moderated) room may delete others' (§2.3). */
export function deleteMessage(world: World, actor: PersonRec, msg: MessageRec): void {
  if (msg.person !== actor) {
    const m = msg.room.members.get(actor.uuid);
    if (!msg.room.isLocked || !m?.isModerator) throw new ApiError(403, MSG.deleteOwnOnly);
  }
  msg.deleted = true;
  world.messages.delete(msg.uuid);
  for (const f of msg.files ?? []) world.contents.delete(f.local);
}

/** Does the message mention this person (explicitly)? */
export function mentions(msg: MessageRec, person: PersonRec): boolean {
  return msg.mentionedPeople !== undefined && msg.mentionedPeople.includes(person.id);
}
