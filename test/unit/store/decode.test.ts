import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeDocument, encodeDocument } from '../../../src/main/store/decode';
import type { DocumentSpec } from '../../../src/main/store';

const v3 = z.object({ theme: z.enum(['light', 'dark']), pollSeconds: z.number().int(), spaces: z.array(z.string()) });
type V3 = z.infer<typeof v3>;

const spec: DocumentSpec<V3> = {
  file: 'settings.json',
  schemaVersion: 3,
  schema: v3,
  defaults: () => ({ theme: 'light', pollSeconds: 5, spaces: [] }),
  migrations: {
    // v1 { darkMode: boolean } → v2 { theme }
    1: (data) => {
      const d = data as { darkMode?: boolean };
      return { theme: d.darkMode ? 'dark' : 'light' };
    },
    // v2 { theme } → v3 { theme, pollSeconds, spaces }
    2: (data) => ({ ...(data as object), pollSeconds: 5, spaces: [] }),
  },
};

describe('decodeDocument', () => {
  it('reads a current-version document', () => {
    const result = decodeDocument(spec, encodeDocument(3, { theme: 'dark', pollSeconds: 7, spaces: ['a'] }));
    expect(result).toEqual({ ok: true, value: { theme: 'dark', pollSeconds: 7, spaces: ['a'] }, fromVersion: 3 });
  });

  it('migrates forward across two versions in order', () => {
    const result = decodeDocument(spec, JSON.stringify({ schemaVersion: 1, data: { darkMode: true } }));
    expect(result).toEqual({ ok: true, value: { theme: 'dark', pollSeconds: 5, spaces: [] }, fromVersion: 1 });
  });

  it('reports bad JSON as corrupt', () => {
    const result = decodeDocument(spec, '{"schemaVersion": 3, "data": {');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.kind).toBe('corrupt');
  });

  it('reports an empty file as corrupt', () => {
    const result = decodeDocument(spec, '');
    expect(!result.ok && result.kind).toBe('corrupt');
  });

  it.each([
    ['an array', '[1,2]'],
    ['no data', '{"schemaVersion":3}'],
    ['no version', '{"data":{}}'],
    ['a fractional version', '{"schemaVersion":2.5,"data":{}}'],
    ['a negative version', '{"schemaVersion":-1,"data":{}}'],
    ['a string version', '{"schemaVersion":"3","data":{}}'],
  ])('reports JSON that is not an envelope (%s) as invalid', (_label, text) => {
    const result = decodeDocument(spec, text);
    expect(!result.ok && result.kind).toBe('invalid');
  });

  it('reports data that fails the schema as invalid, naming the field', () => {
    const result = decodeDocument(spec, encodeDocument(3, { theme: 'blue', pollSeconds: 5, spaces: [] }));
    expect(!result.ok && result.kind).toBe('invalid');
    expect(!result.ok && result.message).toContain('theme');
  });

  it('reports a newer schema version as futureVersion', () => {
    const result = decodeDocument(spec, encodeDocument(4, { theme: 'dark' }));
    expect(!result.ok && result.kind).toBe('futureVersion');
    expect(!result.ok && result.message).toContain('4');
  });

  it('treats a throwing migration as invalid', () => {
    const throwing: DocumentSpec<V3> = {
      ...spec,
      migrations: {
        1: () => {
          throw new Error('cannot convert');
        },
        2: (d) => d,
      },
    };
    const result = decodeDocument(throwing, encodeDocument(1, {}));
    expect(!result.ok && result.kind).toBe('invalid');
    expect(!result.ok && result.message).toContain('cannot convert');
  });

  it('treats a missing migration step as invalid', () => {
    const gap: DocumentSpec<V3> = { ...spec, migrations: { 2: (d) => d } };
    const result = decodeDocument(gap, encodeDocument(1, {}));
    expect(!result.ok && result.kind).toBe('invalid');
    expect(!result.ok && result.message).toContain('No migration from schema version 1');
  });

  it('validates the migrated data against the current schema', () => {
    const sloppy: DocumentSpec<V3> = { ...spec, migrations: { 1: () => ({ theme: 'dark' }), 2: (d) => d } };
    const result = decodeDocument(sloppy, encodeDocument(1, {}));
    expect(!result.ok && result.kind).toBe('invalid');
  });

  it('writes the { schemaVersion, data } envelope', () => {
    expect(JSON.parse(encodeDocument(2, { a: 1 }))).toEqual({ schemaVersion: 2, data: { a: 1 } });
  });
});
