import { z } from 'zod';
import { normaliseWebexTimestamp } from './time';
import type {
  AccessToken,
  AttachmentAction,
  Membership,
  Message,
  Person,
  Room,
  Team,
  TeamMembership,
  Webhook,
} from './types';

/*
 * Lenient response validation. Each resource has a zod object schema (no transforms; the validated input object is
 * returned as is, so unknown fields are kept) in which the fields its
 * type declares required are required and the optional known ones are typed `.optional()`. `safeParse` runs that
 * strict check first (the fast path: what Webex normally sends); only when it fails because of optional fields
 * are those fields dropped and the check repeated — a wrong or missing required field makes the response
 * `malformed`. Timestamps are then normalised to `.mmmZ` (an unparseable optional one is dropped).
 */

export interface ValidationIssue {
  path: readonly PropertyKey[];
  message: string;
}

export type ValidationResult<T> =
  { success: true; data: T } | { success: false; error: { issues: readonly ValidationIssue[] } };

/** What the client validates responses with. */
export interface ResponseSchema<T> {
  safeParse(value: unknown): ValidationResult<T>;
  /** Throws a plain Error listing the issues (for tests and one-off use). */
  parse(value: unknown): T;
}

type ObjectSchema<T> = z.ZodType<T> & { shape: Record<string, z.ZodType> };

type Check = (value: unknown) => boolean;

interface DefLike {
  type?: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
  checks?: { _zod?: { def?: { check?: string; minimum?: unknown } } }[];
}

const enum Op {
  String,
  Boolean,
  Number,
  OneOf,
  StringArray,
  Zod,
}

interface FieldCheck {
  key: string;
  op: Op;
  optional: boolean;
  min: number;
  allowed: ReadonlySet<unknown> | undefined;
  schema: z.ZodType;
}

/** Reduces one field's zod schema to a simple operation when it is one (else: ask zod for that field). */
function fieldCheck(key: string, schema: z.ZodType): FieldCheck {
  let def = (schema as unknown as { def: DefLike }).def;
  let optional = false;
  if (def.type === 'optional' && def.innerType) {
    optional = true;
    def = (def.innerType as unknown as { def: DefLike }).def;
  }
  const field: FieldCheck = { key, op: Op.Zod, optional, min: 0, allowed: undefined, schema };
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'string': {
      for (const c of checks) {
        const d = c._zod?.def;
        if (d?.check !== 'min_length' || typeof d.minimum !== 'number') return field;
        field.min = Math.max(field.min, d.minimum);
      }
      field.op = Op.String;
      return field;
    }
    case 'boolean':
      field.op = Op.Boolean;
      return field;
    case 'number':
      if (checks.length === 0) field.op = Op.Number;
      return field;
    case 'enum':
      field.op = Op.OneOf;
      field.allowed = new Set(Object.values(def.entries ?? {}));
      return field;
    case 'literal':
      field.op = Op.OneOf;
      field.allowed = new Set(def.values ?? []);
      return field;
    case 'array': {
      const element = def.element ? (def.element as unknown as { def: DefLike }).def : undefined;
      if (checks.length === 0 && element?.type === 'string' && (element.checks ?? []).length === 0)
        field.op = Op.StringArray;
      return field;
    }
    default:
      return field;
  }
}

/**
 * A fast predicate derived from a zod object schema that accepts a subset of what the schema accepts (plain
 * strings with min-length, booleans, numbers, enums/literals, string arrays, optionals; anything else asks zod for
 * that field). A data-driven loop, not closures, keeps it monomorphic: big list pages skip zod's per-item copy.
 * When it says no, zod decides (and explains).
 */
function compileObjectCheck(shape: Record<string, z.ZodType>): Check {
  const fields = Object.keys(shape).map((key) => fieldCheck(key, shape[key] as z.ZodType));
  const n = fields.length;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const f = fields[i] as FieldCheck;
      const v = record[f.key];
      if (v === undefined) {
        if (f.optional) continue;
        return false;
      }
      switch (f.op) {
        case Op.String:
          if (typeof v !== 'string' || v.length < f.min) return false;
          break;
        case Op.Boolean:
          if (typeof v !== 'boolean') return false;
          break;
        case Op.Number:
          if (typeof v !== 'number' || !Number.isFinite(v)) return false;
          break;
        case Op.OneOf:
          if (!(f.allowed as ReadonlySet<unknown>).has(v)) return false;
          break;
        case Op.StringArray:
          if (!Array.isArray(v)) return false;
          for (const e of v) if (typeof e !== 'string') return false;
          break;
        case Op.Zod:
          if (!f.schema.safeParse(v).success) return false;
          break;
      }
    }
    return true;
  };
}

function resource<T>(
  schema: ObjectSchema<T>,
  timestamps: readonly string[] = [],
  handWritten?: Check,
): ResponseSchema<T> {
  const optional = new Set(Object.keys(schema.shape).filter((k) => schema.shape[k]?.safeParse(undefined).success));
  const fast = handWritten ?? compileObjectCheck(schema.shape);
  const fail = (issues: readonly ValidationIssue[]): ValidationResult<T> => ({ success: false, error: { issues } });

  const safeParse = (value: unknown): ValidationResult<T> => {
    // The schemas have no transforms, so a value that passes is returned as is (our own freshly parsed JSON),
    // unknown fields included; zod's copy is not needed.
    let data = value as Record<string, unknown>;
    if (!fast(value)) {
      let checked = schema.safeParse(value);
      if (!checked.success) {
        const issues = checked.error.issues;
        const droppable = issues.every((i) => i.path.length > 0 && optional.has(String(i.path[0])));
        if (!droppable || typeof value !== 'object' || value === null) return fail(issues);
        data = { ...(value as Record<string, unknown>) };
        for (const i of issues) delete data[String(i.path[0])];
        checked = schema.safeParse(data);
        if (!checked.success) return fail(checked.error.issues);
      }
    }
    for (const key of timestamps) {
      const raw = data[key];
      if (typeof raw !== 'string') continue;
      const normalised = normaliseWebexTimestamp(raw);
      if (normalised === raw) continue;
      if (normalised !== undefined) data[key] = normalised;
      else if (optional.has(key)) delete data[key];
      else return fail([{ path: [key], message: 'not an ISO-8601 timestamp' }]);
    }
    return { success: true, data: data as T };
  };

  return {
    safeParse,
    parse(value) {
      const r = safeParse(value);
      if (r.success) return r.data;
      throw new Error(r.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
    },
  };
}

const roomType = z.enum(['direct', 'group']);
const stringArray = z.array(z.string());

const address = z.looseObject({ type: z.string(), value: z.string(), primary: z.boolean().optional() });

export const personSchema: ResponseSchema<Person> = resource<Person>(
  z.object({
    id: z.string().min(1),
    emails: stringArray,
    displayName: z.string(),
    nickName: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    avatar: z.string().optional(),
    orgId: z.string(),
    created: z.string().optional(),
    lastModified: z.string().optional(),
    lastActivity: z.string().optional(),
    timezone: z.string().optional(),
    status: z.string().optional(),
    type: z.enum(['person', 'bot', 'appuser']),
    phoneNumbers: z.array(address).optional(),
    sipAddresses: z.array(address).optional(),
    roles: stringArray.optional(),
    licenses: stringArray.optional(),
    invitePending: z.enum(['true', 'false']).optional(),
    loginEnabled: z.enum(['true', 'false']).optional(),
  }),
  ['created', 'lastModified', 'lastActivity'],
);

/*
 * Hand-written fast checks for the two big list types (rooms, messages): straight-line property reads are ~30x
 * faster than any generic loop over the shape, which matters for 1000-item pages. Each must accept only what its
 * zod schema accepts — test/unit/webex/schemas.test.ts checks that field by field, value by value.
 */
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const optBoolean = (v: unknown): boolean => v === undefined || typeof v === 'boolean';
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((e) => typeof e === 'string');
const optStringArray = (v: unknown): boolean => v === undefined || isStringArray(v);
const isRoomType = (v: unknown): boolean => v === 'group' || v === 'direct';

/** Exported for the agreement test. */
export function roomFastCheck(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    r.id.length >= 1 &&
    typeof r.title === 'string' &&
    isRoomType(r.type) &&
    typeof r.isLocked === 'boolean' &&
    optString(r.teamId) &&
    typeof r.lastActivity === 'string' &&
    typeof r.creatorId === 'string' &&
    typeof r.created === 'string' &&
    optString(r.ownerId) &&
    optString(r.classificationId) &&
    optBoolean(r.isAnnouncementOnly) &&
    optBoolean(r.isReadOnly) &&
    optBoolean(r.isPublic) &&
    optString(r.madePublic) &&
    optString(r.description)
  );
}

/** Exported for the agreement test. Messages with card attachments take the zod path. */
export function messageFastCheck(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.id === 'string' &&
    m.id.length >= 1 &&
    typeof m.roomId === 'string' &&
    m.roomId.length >= 1 &&
    isRoomType(m.roomType) &&
    optString(m.parentId) &&
    optString(m.toPersonId) &&
    optString(m.toPersonEmail) &&
    optString(m.text) &&
    optString(m.markdown) &&
    optString(m.html) &&
    optStringArray(m.files) &&
    m.attachments === undefined &&
    typeof m.personId === 'string' &&
    typeof m.personEmail === 'string' &&
    optStringArray(m.mentionedPeople) &&
    optStringArray(m.mentionedGroups) &&
    typeof m.created === 'string' &&
    optString(m.updated) &&
    optBoolean(m.isVoiceClip)
  );
}

/** The zod object behind `roomSchema` (exported for tests and introspection). */
export const roomObjectSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  type: roomType,
  isLocked: z.boolean(),
  teamId: z.string().optional(),
  lastActivity: z.string(),
  creatorId: z.string(),
  created: z.string(),
  ownerId: z.string().optional(),
  classificationId: z.string().optional(),
  isAnnouncementOnly: z.boolean().optional(),
  isReadOnly: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  madePublic: z.string().optional(),
  description: z.string().optional(),
});

export const roomSchema: ResponseSchema<Room> = resource<Room>(
  roomObjectSchema,
  ['lastActivity', 'created', 'madePublic'],
  roomFastCheck,
);

const cardAttachment = z.looseObject({
  contentType: z.literal('application/vnd.microsoft.card.adaptive'),
  content: z.record(z.string(), z.unknown()),
});

/** The zod object behind `messageSchema`. */
export const messageObjectSchema = z.object({
  id: z.string().min(1),
  roomId: z.string().min(1),
  roomType: roomType,
  parentId: z.string().optional(),
  toPersonId: z.string().optional(),
  toPersonEmail: z.string().optional(),
  text: z.string().optional(),
  markdown: z.string().optional(),
  html: z.string().optional(),
  files: stringArray.optional(),
  attachments: z.array(cardAttachment).optional(),
  personId: z.string(),
  personEmail: z.string(),
  mentionedPeople: stringArray.optional(),
  mentionedGroups: stringArray.optional(),
  created: z.string(),
  updated: z.string().optional(),
  isVoiceClip: z.boolean().optional(),
});

export const messageSchema: ResponseSchema<Message> = resource<Message>(
  messageObjectSchema,
  ['created', 'updated'],
  messageFastCheck,
);

export const membershipSchema: ResponseSchema<Membership> = resource<Membership>(
  z.object({
    id: z.string().min(1),
    roomId: z.string(),
    personId: z.string(),
    personEmail: z.string(),
    personDisplayName: z.string().optional(),
    personOrgId: z.string().optional(),
    isModerator: z.boolean(),
    isRoomHidden: z.boolean().optional(),
    roomType: roomType.optional(),
    isMonitor: z.boolean().optional(),
    created: z.string(),
  }),
  ['created'],
);

export const teamSchema: ResponseSchema<Team> = resource<Team>(
  z.object({
    id: z.string().min(1),
    name: z.string(),
    description: z.string().optional(),
    created: z.string(),
    creatorId: z.string().optional(),
  }),
  ['created'],
);

export const teamMembershipSchema: ResponseSchema<TeamMembership> = resource<TeamMembership>(
  z.object({
    id: z.string().min(1),
    teamId: z.string(),
    personId: z.string(),
    personEmail: z.string(),
    personDisplayName: z.string().optional(),
    personOrgId: z.string().optional(),
    isModerator: z.boolean(),
    created: z.string(),
  }),
  ['created'],
);

export const webhookSchema: ResponseSchema<Webhook> = resource<Webhook>(
  z.object({
    id: z.string().min(1),
    name: z.string(),
    targetUrl: z.string(),
    resource: z.string(),
    event: z.string(),
    filter: z.string().optional(),
    secret: z.string().optional(),
    status: z.enum(['active', 'inactive']),
    created: z.string(),
    ownedBy: z.string().optional(),
    orgId: z.string().optional(),
    createdBy: z.string().optional(),
    appId: z.string().optional(),
  }),
  ['created'],
);

export const accessTokenSchema: ResponseSchema<AccessToken> = resource<AccessToken>(
  z.object({
    access_token: z.string().min(1),
    expires_in: z.number(),
    refresh_token: z.string().optional(),
    refresh_token_expires_in: z.number().optional(),
    token_type: z.string().optional(),
    scope: z.string().optional(),
  }),
);

/** A list body: `{ items: [...] }` (the items are validated one by one by the caller's schema). */
export const listBodySchema = z.looseObject({ items: z.array(z.unknown()) });

/** `POST /attachment/actions` and `GET /attachment/actions/{id}` (docs/webex-api.md §2.7). */
export const attachmentActionSchema: ResponseSchema<AttachmentAction> = resource<AttachmentAction>(
  z.object({
    id: z.string().min(1),
    type: z.literal('submit'),
    messageId: z.string(),
    inputs: z.record(z.string(), z.unknown()).optional(),
    personId: z.string().optional(),
    roomId: z.string().optional(),
    created: z.string(),
  }),
  ['created'],
);
