import { z } from 'zod';
import { normaliseWebexTimestamp } from './time';
import type {
  AccessToken,
  Membership,
  Message,
  Person,
  Room,
  Team,
  TeamMembership,
  Webhook,
} from './types';

/*
 * Lenient response validation: the fields a type declares required are checked (a wrong or missing one makes the
 * response `malformed`); optional known fields with a wrong shape are dropped; unknown fields are kept. Parseable
 * timestamps are normalised to `.mmmZ`.
 */

const timestamp = z.string().transform((text, ctx) => {
  const normalised = normaliseWebexTimestamp(text);
  if (normalised === undefined) {
    ctx.addIssue({ code: 'custom', message: 'not an ISO-8601 timestamp' });
    return z.NEVER;
  }
  return normalised;
});

/** An optional field: absent, or dropped when it has the wrong shape. */
function opt<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

const roomType = z.enum(['direct', 'group']);
const stringArray = z.array(z.string());

const address = z.looseObject({ type: z.string(), value: z.string(), primary: opt(z.boolean()) });

export const personSchema: z.ZodType<Person> = z
  .looseObject({
    id: z.string().min(1),
    emails: stringArray,
    displayName: z.string(),
    nickName: opt(z.string()),
    firstName: opt(z.string()),
    lastName: opt(z.string()),
    avatar: opt(z.string()),
    orgId: z.string(),
    created: opt(timestamp),
    lastModified: opt(timestamp),
    lastActivity: opt(timestamp),
    timezone: opt(z.string()),
    status: opt(z.string()),
    type: z.enum(['person', 'bot', 'appuser']),
    phoneNumbers: opt(z.array(address)),
    sipAddresses: opt(z.array(address)),
    roles: opt(stringArray),
    licenses: opt(stringArray),
    invitePending: opt(z.enum(['true', 'false'])),
    loginEnabled: opt(z.enum(['true', 'false'])),
  })
  .transform(stripUndefined);

export const roomSchema: z.ZodType<Room> = z
  .looseObject({
    id: z.string().min(1),
    title: z.string(),
    type: roomType,
    isLocked: z.boolean(),
    teamId: opt(z.string()),
    lastActivity: timestamp,
    creatorId: z.string(),
    created: timestamp,
    ownerId: opt(z.string()),
    classificationId: opt(z.string()),
    isAnnouncementOnly: opt(z.boolean()),
    isReadOnly: opt(z.boolean()),
    isPublic: opt(z.boolean()),
    madePublic: opt(timestamp),
    description: opt(z.string()),
  })
  .transform(stripUndefined);

const cardAttachment = z.looseObject({
  contentType: z.literal('application/vnd.microsoft.card.adaptive'),
  content: z.record(z.string(), z.unknown()),
});

export const messageSchema: z.ZodType<Message> = z
  .looseObject({
    id: z.string().min(1),
    roomId: z.string().min(1),
    roomType: roomType,
    parentId: opt(z.string()),
    toPersonId: opt(z.string()),
    toPersonEmail: opt(z.string()),
    text: opt(z.string()),
    markdown: opt(z.string()),
    html: opt(z.string()),
    files: opt(stringArray),
    attachments: opt(z.array(cardAttachment)),
    personId: z.string(),
    personEmail: z.string(),
    mentionedPeople: opt(stringArray),
    mentionedGroups: opt(stringArray),
    created: timestamp,
    updated: opt(timestamp),
    isVoiceClip: opt(z.boolean()),
  })
  .transform(stripUndefined);

export const membershipSchema: z.ZodType<Membership> = z
  .looseObject({
    id: z.string().min(1),
    roomId: z.string(),
    personId: z.string(),
    personEmail: z.string(),
    personDisplayName: opt(z.string()),
    personOrgId: opt(z.string()),
    isModerator: z.boolean(),
    isRoomHidden: opt(z.boolean()),
    roomType: opt(roomType),
    isMonitor: opt(z.boolean()),
    created: timestamp,
  })
  .transform(stripUndefined);

export const teamSchema: z.ZodType<Team> = z
  .looseObject({
    id: z.string().min(1),
    name: z.string(),
    description: opt(z.string()),
    created: timestamp,
    creatorId: opt(z.string()),
  })
  .transform(stripUndefined);

export const teamMembershipSchema: z.ZodType<TeamMembership> = z
  .looseObject({
    id: z.string().min(1),
    teamId: z.string(),
    personId: z.string(),
    personEmail: z.string(),
    personDisplayName: opt(z.string()),
    personOrgId: opt(z.string()),
    isModerator: z.boolean(),
    created: timestamp,
  })
  .transform(stripUndefined);

export const webhookSchema: z.ZodType<Webhook> = z
  .looseObject({
    id: z.string().min(1),
    name: z.string(),
    targetUrl: z.string(),
    resource: z.string(),
    event: z.string(),
    filter: opt(z.string()),
    secret: opt(z.string()),
    status: z.enum(['active', 'inactive']),
    created: timestamp,
    ownedBy: opt(z.string()),
    orgId: opt(z.string()),
    createdBy: opt(z.string()),
    appId: opt(z.string()),
  })
  .transform(stripUndefined);

export const accessTokenSchema: z.ZodType<AccessToken> = z
  .looseObject({
    access_token: z.string().min(1),
    expires_in: z.number(),
    refresh_token: opt(z.string()),
    refresh_token_expires_in: opt(z.number()),
    token_type: opt(z.string()),
    scope: opt(z.string()),
  })
  .transform(stripUndefined);

/** A list body: `{ items: [...] }` (the items are validated one by one by the caller's schema). */
export const listBodySchema = z.looseObject({ items: z.array(z.unknown()) });
