/**
 * Attachment actions — card submits (docs/webex-api.md §2.7): `POST /attachment/actions { type: "submit",
 * messageId, inputs }` stores an action on a message that carries a card; `GET /attachment/actions/{id}` reads it
 * back for the person who submitted it or the author of the card. Kept beside the world (one store per World).
 */
import { ApiError, MSG } from './errors';
import { encodeId, parseId } from './ids';
import type { MessageRec, PersonRec } from './model';
import { messageForMember } from './messages';
import { iso } from './time';
import type { World } from './world';

export interface AttachmentActionRec {
  uuid: string;
  id: string;
  person: PersonRec;
  message: MessageRec;
  /** Copied at submit time (the message may be deleted later). */
  roomId: string;
  inputs: Record<string, unknown>;
  created: number;
}

export interface AttachmentActionJson {
  id: string;
  type: 'submit';
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
}

const stores = new WeakMap<World, Map<string, AttachmentActionRec>>();

function store(world: World): Map<string, AttachmentActionRec> {
  let s = stores.get(world);
  if (!s) {
    s = new Map();
    stores.set(world, s);
  }
  return s;
}

/** Simulator wording (no source gives the real texts). */
export const ACTION_MSG = {
  typeRequired: "type must be 'submit'.",
  messageIdRequired: 'messageId is required.',
  inputsObject: 'inputs must be an object.',
  noCard: 'The message has no card attachment.',
  actionNotFound: 'Unable to get attachment action.',
} as const;

export interface SubmitInput {
  type: unknown;
  messageId: unknown;
  inputs: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates and stores a submit by `person` (a member of the message's room). */
export function submitAction(world: World, person: PersonRec, input: SubmitInput): AttachmentActionRec {
  if (input.type !== 'submit') throw new ApiError(400, ACTION_MSG.typeRequired);
  if (typeof input.messageId !== 'string' || input.messageId.trim() === '')
    throw new ApiError(400, ACTION_MSG.messageIdRequired);
  if (input.inputs !== undefined && !isPlainObject(input.inputs)) throw new ApiError(400, ACTION_MSG.inputsObject);
  const message = messageForMember(world, person, input.messageId);
  if (!message.attachments || message.attachments.length === 0) throw new ApiError(400, ACTION_MSG.noCard);
  const created = world.now();
  const uuid = world.timeUuid(created);
  const rec: AttachmentActionRec = {
    uuid,
    id: encodeId('ATTACHMENT_ACTION', uuid),
    person,
    message,
    roomId: message.room.id,
    // JSON round trip without nulls: the service's bodies never carry null (docs/webex-api.md §5).
    inputs: JSON.parse(JSON.stringify(input.inputs ?? {}, (_k, v: unknown) => (v === null ? undefined : v))) as Record<
      string,
      unknown
    >,
    created,
  };
  store(world).set(uuid, rec);
  return rec;
}

/** The action, for the person who submitted it or the author of the card; anything else is 404. */
export function actionFor(world: World, person: PersonRec, actionId: string): AttachmentActionRec {
  const parsed = parseId(actionId);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  if (parsed.kind !== 'ok' || parsed.id.type !== 'ATTACHMENT_ACTION')
    throw new ApiError(404, ACTION_MSG.actionNotFound);
  const rec = store(world).get(parsed.id.local);
  if (!rec || (rec.person !== person && rec.message.person !== person))
    throw new ApiError(404, ACTION_MSG.actionNotFound);
  return rec;
}

export function actionJson(rec: AttachmentActionRec): AttachmentActionJson {
  return {
    id: rec.id,
    type: 'submit',
    messageId: rec.message.id,
    inputs: rec.inputs,
    personId: rec.person.id,
    roomId: rec.roomId,
    created: iso(rec.created),
  };
}
