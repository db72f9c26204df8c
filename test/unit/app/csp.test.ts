import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../src/main/app/csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name ?? '', values];
    }),
  );
}

describe('buildCsp', () => {
  it('production: exactly the baseline of docs/security.md', () => {
    expect(buildCsp({ dev: false })).toBe(
      "default-src 'self'; script-src 'self'; connect-src 'none'; img-src 'self' data: blob:; style-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('production allows no inline script, no eval and no network', () => {
    const d = directives(buildCsp({ dev: false }));
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'none'"]);
    expect(buildCsp({ dev: false })).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('dev adds the Vite server origin, its HMR socket and the React preamble, and nothing else', () => {
    const d = directives(buildCsp({ dev: true, devServerOrigin: 'http://localhost:5174' }));
    expect(d.get('script-src')).toEqual(["'self'", 'http://localhost:5174', "'unsafe-inline'"]);
    expect(d.get('connect-src')).toEqual(['http://localhost:5174', 'ws://localhost:5174']);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('script-src')).not.toContain("'unsafe-eval'");
  });
});
