import { afterEach, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../../src/shared/contract/channels';
import { invokeSchemas } from '../../../src/shared/contract/schemas';
import { hasLoneSurrogate, isIdentityId, isLocalId, isPrintableAscii, isWebexId } from '../../../src/shared/ids';
import { dispatchInvoke } from '../../../src/main/ipc/dispatch';
import { encodeId } from '../../../src/sim/core/ids';
import { handlersWith } from '../app/handlers-fixture';

const ROOM = encodeId('ROOM', 'bbceb1ad-43f1-3b58-9147-f14bb0c4d154');
const ROOM_URLSAFE = Buffer.from('ciscospark://us/ROOM/a?b>c~d').toString('base64url');
const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

describe('id and token shapes', () => {
  it('accepts Webex ids (padded, unpadded, URL-safe) and refuses everything else', () => {
    expect(isWebexId(ROOM)).toBe(true);
    expect(isWebexId(`${Buffer.from('ciscospark://us/PEOPLE/x').toString('base64')}`)).toBe(true);
    expect(isWebexId(ROOM_URLSAFE)).toBe(true);
    for (const bad of [...HOSTILE_KEYS, '', 'r1', '\uD800', 'a'.repeat(600), `${ROOM}!`, 'bm90IGh5ZHJh']) {
      expect(isWebexId(bad), bad.slice(0, 20)).toBe(false);
    }
  });

  it('local ids are bounded printable ASCII; identity ids are sha256 hex', () => {
    expect(isLocalId('storage-3')).toBe(true);
    expect(isLocalId('0b6f1c7e-55a4-4c0e-9a6e-3f1e1a2b3c4d')).toBe(true);
    for (const bad of ['', '__proto__', '\uD800', 'a b', 'a'.repeat(201), '-x', 'x\u0000']) {
      expect(isLocalId(bad), bad.slice(0, 20)).toBe(false);
    }
    expect(isIdentityId('a'.repeat(64))).toBe(true);
    expect(isIdentityId('A'.repeat(64))).toBe(false);
    expect(isIdentityId('constructor')).toBe(false);
  });

  it('tokens are printable ASCII; lone surrogates are detected', () => {
    expect(isPrintableAscii('NjE2ZGM4_abc-def.ghi')).toBe(true);
    expect(isPrintableAscii('a b')).toBe(false);
    expect(isPrintableAscii('\uD800')).toBe(false);
    expect(isPrintableAscii('tökén')).toBe(false);
    expect(hasLoneSurrogate('\uD800')).toBe(true);
    expect(hasLoneSurrogate('x\uDC00')).toBe(true);
    expect(hasLoneSurrogate('😀 ok')).toBe(false);
  });
});

describe('invoke payload schemas', () => {
  const bad = (channel: keyof typeof invokeSchemas, payload: unknown): boolean =>
    !invokeSchemas[channel].payload.safeParse(payload).success;

  it('refuses hostile and malformed room ids on every room channel', () => {
    for (const roomId of [...HOSTILE_KEYS, '\uD800', 'r1', 'x'.repeat(5000)]) {
      expect(bad('rooms.markRead', { roomId }), roomId.slice(0, 20)).toBe(true);
      expect(bad('rooms.setWatched', { roomId, watched: true })).toBe(true);
      expect(bad('rooms.setLevel', { roomId, level: 'off' })).toBe(true);
      expect(bad('rooms.open', { roomId })).toBe(true);
      expect(bad('rules.save', { ...rule(), roomIds: [roomId] })).toBe(true);
    }
    expect(bad('rooms.markRead', { roomId: ROOM })).toBe(false);
    expect(bad('rooms.open', {})).toBe(false);
  });

  it('refuses tokens and client credentials that are not printable ASCII', () => {
    for (const token of ['\uD800', 'tok en', 'tök', 'a\nb', 'x'.repeat(5000)]) {
      expect(bad('session.signInWithToken', { token }), JSON.stringify(token).slice(0, 20)).toBe(true);
    }
    expect(bad('session.signInWithToken', { token: '  NjE2ZGM4.abc_def-1  ' })).toBe(false);
    expect(bad('session.signInWithToken', { token: '  Bearer NjE2ZGM4.abc_def-1  ' })).toBe(false);
    expect(bad('session.signInWithToken', { token: 'Bearer \uD800' })).toBe(true);
    expect(bad('session.setOAuthClient', { clientId: 'C\uD800' })).toBe(true);
    expect(bad('session.setOAuthClient', { clientId: 'Cabc', clientSecret: 'sec ret' })).toBe(true);
    expect(bad('session.setOAuthClient', { clientId: 'Cabc', clientSecret: 'secret' })).toBe(false);
  });

  it('refuses hostile local ids and lone surrogates in free text', () => {
    for (const id of [...HOSTILE_KEYS, '\uD800', '']) {
      expect(bad('rules.remove', { id }), id).toBe(true);
      expect(bad('app.dismissWarning', { id })).toBe(true);
      expect(bad('op.cancel', { opId: id })).toBe(true);
      expect(bad('session.switchIdentity', { identityId: id })).toBe(true);
    }
    expect(bad('op.cancel', { opId: '0b6f1c7e-55a4-4c0e-9a6e-3f1e1a2b3c4d' })).toBe(false);
    expect(bad('session.switchIdentity', { identityId: 'f'.repeat(64) })).toBe(false);
    expect(bad('rules.save', { ...rule(), name: 'x\uD800' })).toBe(true);
    expect(bad('rules.save', { ...rule(), pattern: '\uDC00' })).toBe(true);
    expect(bad('session.startOAuth', { loginHint: '\uD800@x' })).toBe(true);
    expect(bad('app.openExternal', { url: 'https://x/\uD800' })).toBe(true);
    expect(bad('session.signInWithToken', { token: 'abc', apiBaseUrl: 'http://\uD800' })).toBe(true);
    expect(bad('rules.save', rule())).toBe(false);
  });
});

function rule() {
  return { name: 'R', mode: 'keywords', pattern: 'down', caseSensitive: false, critical: false, enabled: true };
}

describe('dispatchInvoke reads only the payload’s own fields', () => {
  const polluted: string[] = [];
  afterEach(() => {
    for (const key of polluted.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
  });

  it('an inherited `level` on Object.prototype does not complete a payload without one', async () => {
    const handlers = handlersWith({ 'rooms.setLevel': async () => ({}) as never });
    polluted.push('level');
    (Object.prototype as Record<string, unknown>).level = 'off';
    const result = await dispatchInvoke(handlers, 'rooms.setLevel', { roomId: ROOM }, { senderId: 't' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('an inherited optional field does not reach the handler', async () => {
    let seen: unknown;
    const handlers = handlersWith({
      'session.signOut': async (payload) => {
        seen = payload;
        return {} as never;
      },
    });
    polluted.push('forget');
    (Object.prototype as Record<string, unknown>).forget = true;
    const result = await dispatchInvoke(handlers, 'session.signOut', {}, { senderId: 't' });
    expect(result.ok).toBe(true);
    expect(Object.keys(seen as object)).toEqual([]);
    expect(Object.hasOwn(seen as object, 'forget')).toBe(false);
  });

  it('on every channel, fields inherited from a polluted Object.prototype change nothing', async () => {
    const seen: unknown[] = [];
    const handlers = handlersWith(
      Object.fromEntries(
        INVOKE_CHANNELS.map((c) => [
          c,
          async (payload: unknown) => {
            seen.push(payload);
            return {} as never;
          },
        ]),
      ),
    );
    const call = async (payload: unknown) => {
      const out: string[] = [];
      for (const channel of INVOKE_CHANNELS) {
        const r = await dispatchInvoke(handlers, channel, payload, { senderId: 't' });
        out.push(`${channel}:${r.ok ? 'ok' : r.error.kind}`);
      }
      return out;
    };
    const clean = await call({});
    const inherited: Record<string, unknown> = {
      roomId: ROOM,
      level: 'off',
      watched: true,
      token: 'abc',
      id: 'rule-1',
      identityId: 'f'.repeat(64),
      opId: '0b6f1c7e-55a4-4c0e-9a6e-3f1e1a2b3c4d',
      forget: true,
      minutes: 5,
      url: 'https://example.com',
      clientId: 'C1',
      apiBaseUrl: 'https://webexapis.com/v1',
      ...rule(),
    };
    polluted.push(...Object.keys(inherited));
    Object.assign(Object.prototype, inherited);
    seen.length = 0;
    const dirty = await call({});
    for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
    polluted.length = 0;
    expect(dirty).toEqual(clean);
    for (const payload of seen) if (payload !== undefined) expect(Object.keys(payload as object)).toEqual([]);
  });

  it('an own `__proto__` key (as JSON.parse and structuredClone make) is refused, not followed', async () => {
    const handlers = handlersWith({ 'rooms.markRead': async () => ({}) as never });
    const payload: unknown = JSON.parse(`{"roomId":"${ROOM}","__proto__":{"level":"off"}}`);
    const result = await dispatchInvoke(handlers, 'rooms.markRead', payload, { senderId: 't' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(({} as Record<string, unknown>).level).toBeUndefined();
  });
});
