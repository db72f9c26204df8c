/**
 * The pure parts of acting in spaces: member views (initials, external people), the scope checks of main and of
 * the simulator, and the border schemas of the new channels (hostile card input ids, email counts, titles).
 */
import { describe, expect, it } from 'vitest';
import { invokeSchemas } from '../../../src/shared/contract/schemas';
import { describeError } from '../../../src/renderer/src/errors/describe';
import { recordFromStored, type StoredIdentity } from '../../../src/main/auth/identities';
import { LEGACY_OAUTH_SCOPES, OAUTH_SCOPES } from '../../../src/main/auth/oauth/redirect';
import { hasScope, missingScopeFailure } from '../../../src/main/auth/scopes';
import { initialsOf, memberView } from '../../../src/main/spaces/members';
import { mentionsIn } from '../../../src/main/spaces/mentions';
import { missingScope, parseScopes } from '../../../src/sim/core/scopes';

const ROOM = 'Y2lzY29zcGFyazovL3VzL1JPT00vYWJjZGVmMDEtMjM0NS00Njc4LTlhYmMtZGVmMDEyMzQ1Njc4';
const MESSAGE = 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvYWJjZGVmMDEtMjM0NS00Njc4LTlhYmMtZGVmMDEyMzQ1Njc4';

describe('member views', () => {
  it('initials: first and last word, one word, emoji and empty names fall back sensibly', () => {
    expect(initialsOf('Dana Ops', 'd@x')).toBe('DO');
    expect(initialsOf('Priya van der Berg', 'p@x')).toBe('PB');
    expect(initialsOf('cher', 'c@x')).toBe('C');
    expect(initialsOf('   ', 'zoe@x.example')).toBe('Z');
    expect(initialsOf('Émile Zola', 'e@x')).toBe('ÉZ');
    expect(initialsOf('🚀 Ops Bot', 'b@x')).toBe('OB');
    // The window's avatar rule, case for case (test/renderer/body.test.ts).
    expect(initialsOf('Jean-Luc van der Berg', 'j@x')).toBe('JB');
    expect(initialsOf('', 'ops-bot@example.com')).toBe('OB');
    expect(initialsOf('élodie', 'e@x')).toBe('É');
    expect(initialsOf('***', 'x@y')).toBe('?');
  });

  it('external: only when both organisations are known and differ', () => {
    const m = {
      id: 'm',
      roomId: 'r',
      personId: 'p',
      personEmail: 'p@other.example',
      personDisplayName: 'Pat Other',
      personOrgId: 'ORG-B',
      isModerator: false,
      created: '2026-01-01T00:00:00.000Z',
    };
    expect(memberView(m, 'ORG-A').external).toBe(true);
    expect(memberView(m, 'ORG-B').external).toBe(false);
    expect(memberView(m, undefined).external).toBe(false);
    const { personOrgId: _omit, ...noOrg } = m;
    expect(memberView(noOrg, 'ORG-A').external).toBe(false);
    expect(memberView({ ...m, personDisplayName: undefined }, 'ORG-A').displayName).toBe('p@other.example');
  });
});

describe('mentions', () => {
  it('finds person mentions by email or id, once each (emails case-insensitively), with the shown name', () => {
    const md =
      'hey <@personEmail:Sam@X.example|Sam> and <@personId:Y2lzY29|Lee>, again <@personEmail:sam@x.example> <@all> <@personEmail:bad email>';
    expect(mentionsIn(md)).toEqual([
      { by: 'personEmail', value: 'Sam@X.example', name: 'Sam' },
      { by: 'personId', value: 'Y2lzY29', name: 'Lee' },
    ]);
    expect(mentionsIn('no mentions here')).toEqual([]);
  });
});

describe('scopes', () => {
  it('main: unscoped sessions may do anything; spark:all grants everything; a missing scope says sign in again', () => {
    expect(hasScope({}, 'spark:rooms_write')).toBe(true);
    expect(hasScope({ grantedScopes: ['spark:all'] }, 'spark:teams_read')).toBe(true);
    expect(hasScope({ grantedScopes: ['spark:rooms_read'] }, 'spark:rooms_write')).toBe(false);
    const f = missingScopeFailure('spark:teams_read', 'using teams').toAppError();
    expect(f).toEqual({
      kind: 'forbidden',
      message: 'This sign-in does not allow using teams: sign in again to allow using teams (spark:teams_read).',
      missingScopes: ['spark:teams_read'],
    });
  });

  it('saved identities keep the scopes they were granted; older ones have none (the legacy set is assumed)', () => {
    const stored: StoredIdentity = {
      id: 'a'.repeat(64),
      personId: 'p',
      displayName: 'Dana Ops',
      email: 'd@x.example',
      kind: 'person',
      personType: 'person',
      apiBaseUrl: 'https://webexapis.com/v1',
      method: 'oauth',
      signedIn: true,
      addedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(recordFromStored(stored).scopes).toBeUndefined();
    expect(recordFromStored({ ...stored, scopes: [...OAUTH_SCOPES] }).scopes).toEqual([...OAUTH_SCOPES]);
    expect(LEGACY_OAUTH_SCOPES).not.toContain('spark:rooms_write');
    expect(OAUTH_SCOPES).toEqual(expect.arrayContaining([...LEGACY_OAUTH_SCOPES]));
  });

  it('the window words: sign in again for a missing scope, moderators only for a locked space', () => {
    expect(
      describeError({ kind: 'forbidden', message: 'x', missingScopes: ['spark:rooms_write'], trackingId: 'T' }),
    ).toEqual({
      title: 'Webex refused the request',
      detail: 'Sign in again to allow spark:rooms_write. Tracking id: T',
    });
    expect(describeError({ kind: 'forbidden', message: 'x', requiresModerator: true }).detail).toBe(
      'Only a moderator of this space may do that.',
    );
    expect(describeError({ kind: 'forbidden', message: 'x' }).detail).toBe('This identity may not do that here.');
  });

  it('simulator: per-route scope of a scoped token; unscoped tokens and routes without a scope pass', () => {
    const granted = parseScopes(' spark:rooms_read  spark:messages_write ');
    expect([...granted]).toEqual(['spark:rooms_read', 'spark:messages_write']);
    expect(missingScope(granted, 'GET /rooms')).toBeUndefined();
    expect(missingScope(granted, 'POST /rooms')).toBe('spark:rooms_write');
    expect(missingScope(granted, 'POST /attachment/actions')).toBeUndefined();
    expect(missingScope(granted, 'GET /attachment/actions/{id}')).toBe('spark:messages_read');
    expect(missingScope(granted, 'GET /team/memberships')).toBe('spark:team_memberships_read');
    expect(missingScope(undefined, 'POST /teams')).toBeUndefined();
    expect(missingScope(new Set(['spark:all']), 'POST /teams')).toBeUndefined();
    expect(missingScope(granted, 'GET /authorize')).toBeUndefined();
  });
});

describe('border schemas of the new channels', () => {
  it('cards.submit: plain values only; reserved names and too many inputs are refused', () => {
    const s = invokeSchemas['cards.submit'].payload;
    expect(s.safeParse({ messageId: MESSAGE, inputs: { action: 'ack', n: 2, ok: true } }).success).toBe(true);
    expect(s.safeParse({ messageId: MESSAGE, inputs: { constructor: 'x' } }).success).toBe(false);
    expect(s.safeParse({ messageId: MESSAGE, inputs: JSON.parse('{"__proto__":"x"}') as unknown }).success).toBe(false);
    expect(s.safeParse({ messageId: MESSAGE, inputs: { nested: { a: 1 } } }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    expect(s.safeParse({ messageId: MESSAGE, inputs: many }).success).toBe(false);
    expect(s.safeParse({ messageId: 'garbage', inputs: {} }).success).toBe(false);
  });

  it('members.add: 1..50 emails, a Webex room id; spaces.create: a non-blank title', () => {
    const add = invokeSchemas['members.add'].payload;
    expect(add.safeParse({ roomId: ROOM, emails: ['a@b.example'] }).success).toBe(true);
    expect(add.safeParse({ roomId: ROOM, emails: [] }).success).toBe(false);
    expect(add.safeParse({ roomId: ROOM, emails: Array.from({ length: 51 }, () => 'a@b.example') }).success).toBe(
      false,
    );
    expect(add.safeParse({ roomId: '__proto__', emails: ['a@b.example'] }).success).toBe(false);
    const create = invokeSchemas['spaces.create'].payload;
    expect(create.safeParse({ title: '  ' }).success).toBe(false);
    expect(create.safeParse({ title: 'INC-1', emails: ['x@y.example'] }).success).toBe(true);
    expect(create.safeParse({ title: 'INC-1', extra: 1 }).success).toBe(false);
  });

  it('drafts.set: bounded markdown, no lone surrogates', () => {
    const set = invokeSchemas['drafts.set'].payload;
    expect(set.safeParse({ roomId: ROOM, markdown: 'hi' }).success).toBe(true);
    expect(set.safeParse({ roomId: ROOM, markdown: 'x'.repeat(64 * 1024 + 1) }).success).toBe(false);
    expect(set.safeParse({ roomId: ROOM, markdown: '\uD800' }).success).toBe(false);
  });
});
