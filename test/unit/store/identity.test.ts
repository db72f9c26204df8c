import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStore, identityDir } from '../../../src/main/store';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const PERSON = 'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM0';

describe('identityDir', () => {
  it('is identities/<sha256(apiOrigin + personId) hex>', () => {
    expect(identityDir('https://webexapis.com', PERSON)).toBe(`identities/${sha256(`https://webexapis.com${PERSON}`)}`);
    expect(identityDir('https://webexapis.com', PERSON)).toMatch(/^identities\/[0-9a-f]{64}$/);
  });

  it('is exposed on the store and independent of the data folder', () => {
    const a = createStore({ dataDir: '/tmp/a' }).identityDir('https://webexapis.com', PERSON);
    const b = createStore({ dataDir: '/tmp/b' }).identityDir('https://webexapis.com', PERSON);
    expect(a).toBe(b);
    expect(a).toBe(identityDir('https://webexapis.com', PERSON));
  });

  it('differs by origin and by person', () => {
    const base = identityDir('https://webexapis.com', PERSON);
    expect(identityDir('http://127.0.0.1:7777', PERSON)).not.toBe(base);
    expect(identityDir('https://webexapis.com', `${PERSON}x`)).not.toBe(base);
  });

  it('normalizes the origin so a trailing slash or a path does not split one identity in two', () => {
    const base = identityDir('https://webexapis.com', PERSON);
    expect(identityDir('https://webexapis.com/', PERSON)).toBe(base);
    expect(identityDir('https://WEBEXAPIS.com/v1', PERSON)).toBe(base);
    expect(identityDir('https://webexapis.com:443', PERSON)).toBe(base);
  });

  it('rejects what is not an origin, and an empty person id', () => {
    expect(() => identityDir('webexapis.com', PERSON)).toThrow(expect.objectContaining({ kind: 'invalidInput' }));
    expect(() => identityDir('https://webexapis.com', '')).toThrow(expect.objectContaining({ kind: 'invalidInput' }));
  });
});
