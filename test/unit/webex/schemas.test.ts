import { describe, expect, it } from 'vitest';
import { messageSchema, personSchema, roomSchema, webhookSchema } from '../../../src/main/webex';
import {
  messageFastCheck,
  messageObjectSchema,
  roomFastCheck,
  roomObjectSchema,
} from '../../../src/main/webex/schemas';

const room = {
  id: 'Y2lzY29zcGFyazovL3VzL1JPT00vYWJj',
  title: 'Ops',
  type: 'group',
  isLocked: false,
  lastActivity: '2026-01-05T09:00:00.123Z',
  creatorId: 'P1',
  created: '2026-01-01T00:00:00.000Z',
};

describe('response schemas (lenient)', () => {
  it('keeps unknown extra fields', () => {
    const parsed: Record<string, unknown> = { ...roomSchema.parse({ ...room, brandNew: { nested: true } }) };
    expect(parsed.brandNew).toEqual({ nested: true });
    expect(parsed.title).toBe('Ops');
  });

  it('rejects a missing or wrongly typed required field', () => {
    const { id: _id, ...noId } = room;
    expect(roomSchema.safeParse(noId).success).toBe(false);
    expect(roomSchema.safeParse({ ...room, isLocked: 'no' }).success).toBe(false);
    expect(roomSchema.safeParse({ ...room, type: 'channel' }).success).toBe(false);
    expect(roomSchema.safeParse('not an object').success).toBe(false);
  });

  it('drops a known optional field with the wrong shape instead of failing', () => {
    const parsed = roomSchema.parse({ ...room, teamId: 42, description: 'd' });
    expect('teamId' in parsed).toBe(false);
    expect(parsed.description).toBe('d');
  });

  it('normalises timestamps (no millis, offsets) and rejects an unparseable required one', () => {
    const parsed = roomSchema.parse({
      ...room,
      lastActivity: '2026-01-05T10:00:00+01:00',
      created: '2026-01-01T00:00:00Z',
    });
    expect(parsed.lastActivity).toBe('2026-01-05T09:00:00.000Z');
    expect(parsed.created).toBe('2026-01-01T00:00:00.000Z');
    expect(roomSchema.safeParse({ ...room, created: 'last tuesday' }).success).toBe(false);
  });

  it('validates messages, people and webhooks by their required fields', () => {
    const message = {
      id: 'M',
      roomId: 'R',
      roomType: 'group',
      personId: 'P',
      personEmail: 'p@example.com',
      created: '2026-01-05T09:00:00.000Z',
      mentionedPeople: ['A'],
      updated: 'garbage',
    };
    const parsed = messageSchema.parse(message);
    expect(parsed.mentionedPeople).toEqual(['A']);
    expect('updated' in parsed).toBe(false);
    expect(messageSchema.safeParse({ ...message, roomId: undefined }).success).toBe(false);
    expect(
      personSchema.safeParse({
        id: 'P',
        emails: ['a@b'],
        displayName: 'A',
        orgId: 'O',
        type: 'bot',
        status: 'somethingNew',
      }).success,
    ).toBe(true);
    expect(personSchema.safeParse({ id: 'P', emails: 'a@b', displayName: 'A', orgId: 'O', type: 'bot' }).success).toBe(
      false,
    );
    expect(
      webhookSchema.safeParse({
        id: 'W',
        name: 'n',
        targetUrl: 'https://t',
        resource: 'messages',
        event: 'created',
        status: 'paused',
        created: room.created,
      }).success,
    ).toBe(false);
  });
});

describe('hand-written fast checks agree with zod', () => {
  const palette: unknown[] = [
    undefined,
    null,
    '',
    'x',
    'group',
    'direct',
    0,
    1.5,
    Number.NaN,
    true,
    false,
    [],
    ['a'],
    [1],
    {},
    { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
  ];
  const cases = [
    { name: 'room', fast: roomFastCheck, zod: roomObjectSchema, sample: room },
    {
      name: 'message',
      fast: messageFastCheck,
      zod: messageObjectSchema,
      sample: {
        id: 'M',
        roomId: 'R',
        roomType: 'group',
        personId: 'P',
        personEmail: 'p@x',
        created: room.created,
        text: 't',
      },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: accepts the normal shape; never accepts what zod rejects (every field × every value)`, () => {
      expect(c.fast(c.sample)).toBe(true);
      expect(c.fast(null)).toBe(false);
      expect(c.fast([c.sample])).toBe(false);
      let compared = 0;
      for (const key of Object.keys(c.zod.shape)) {
        for (const value of palette) {
          const candidate: Record<string, unknown> = { ...c.sample, [key]: value };
          if (value === undefined) delete candidate[key];
          const zodOk = c.zod.safeParse(candidate).success;
          if (c.fast(candidate)) expect(zodOk, `${c.name}.${key} = ${JSON.stringify(value)}`).toBe(true);
          compared++;
        }
      }
      expect(compared).toBe(Object.keys(c.zod.shape).length * palette.length);
    });
  }
});
