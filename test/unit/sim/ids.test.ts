import { describe, expect, it } from 'vitest';
import { encodeId, parseId, trackingId, uuidV1, uuidV4, uuidV5 } from '../../../src/sim/core/ids';
import { createRng } from '../../../src/sim/core/rng';
import { iso, parseIso } from '../../../src/sim/core/time';

describe('Hydra ids (docs/webex-api.md §7)', () => {
  it('encodes base64 of ciscospark://us/TYPE/uuid without padding', () => {
    const id = encodeId('ROOM', 'bbceb1ad-43f1-3b58-9147-f14bb0c4d154');
    expect(id).toBe('Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0');
    expect(id).not.toContain('=');
  });

  it('parses ids with or without padding and with the URL-safe alphabet', () => {
    const id = encodeId('MESSAGE', '92db3be0-43bd-11e6-8ae9-dd5b3dfc565d');
    const padded = id + '='.repeat((4 - (id.length % 4)) % 4);
    for (const v of [id, padded, id.replace(/\+/g, '-').replace(/\//g, '_')]) {
      expect(parseId(v)).toEqual({
        kind: 'ok',
        id: { cluster: 'us', type: 'MESSAGE', local: '92db3be0-43bd-11e6-8ae9-dd5b3dfc565d' },
      });
    }
  });

  it('keeps compound locals (membership person:room, content msg/0)', () => {
    const m = parseId(encodeId('MEMBERSHIP', 'a:b'));
    expect(m.kind === 'ok' && m.id.local).toBe('a:b');
    const c = parseId(encodeId('CONTENT', 'f42aea60-85a6-11ea-8165-edf4b5be163e/0'));
    expect(c.kind === 'ok' && c.id.local).toBe('f42aea60-85a6-11ea-8165-edf4b5be163e/0');
  });

  it('tells garbage and raw uuids apart', () => {
    expect(parseId('not an id!').kind).toBe('garbage');
    expect(parseId(Buffer.from('https://example.com/x').toString('base64')).kind).toBe('garbage');
    expect(parseId(Buffer.from('ciscospark://us/NOPE/x').toString('base64')).kind).toBe('garbage');
    expect(parseId('92DB3BE0-43BD-11E6-8AE9-DD5B3DFC565D')).toEqual({
      kind: 'uuid',
      uuid: '92db3be0-43bd-11e6-8ae9-dd5b3dfc565d',
    });
  });

  it('makes well-formed v1/v4/v5 uuids, v5 deterministic and v1 carrying the time', () => {
    const rng = createRng(1, 't');
    expect(uuidV4(rng)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const v1 = uuidV1(Date.UTC(2016, 6, 1), 0, 0, '0123456789ab');
    expect(v1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-0123456789ab$/);
    expect(uuidV1(1000, 1, 0, 'x')).not.toBe(uuidV1(1000, 2, 0, 'x'));
    expect(uuidV5('pair')).toBe(uuidV5('pair'));
    expect(uuidV5('pair')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
  });

  it('derives tracking ids like ROUTER_<UUID>', () => {
    expect(trackingId(createRng(3, 'x'))).toMatch(
      /^ROUTER_[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
    );
  });

  it('is deterministic per seed and label', () => {
    expect(createRng(5, 'a').hex(16)).toBe(createRng(5, 'a').hex(16));
    expect(createRng(5, 'a').hex(16)).not.toBe(createRng(6, 'a').hex(16));
    expect(createRng(5, 'a').hex(16)).not.toBe(createRng(5, 'b').hex(16));
  });

  it('formats timestamps as .mmmZ and parses ISO leniently', () => {
    expect(iso(Date.UTC(2015, 9, 18, 14, 26, 16, 203))).toBe('2015-10-18T14:26:16.203Z');
    expect(iso(Date.UTC(2015, 9, 18))).toBe('2015-10-18T00:00:00.000Z');
    expect(parseIso('2016-04-21T19:01:55.966Z')).toBe(Date.UTC(2016, 3, 21, 19, 1, 55, 966));
    expect(parseIso('2016-04-21T19:01:55+00:00')).toBe(Date.UTC(2016, 3, 21, 19, 1, 55));
    expect(parseIso('yesterday')).toBeUndefined();
  });
});
