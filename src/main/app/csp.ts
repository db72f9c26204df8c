/**
 * The Content-Security-Policy of the renderer (docs/security.md). One function: the app:// protocol handler sends it as
 * a header, and the renderer build injects it as a <meta> tag, so the Chromium e2e harness enforces the same policy.
 * Imports nothing (electron.vite.config.ts loads it at build time).
 */
export interface CspOptions {
  dev: boolean;
  /** The Vite dev server origin, e.g. http://localhost:5173 (dev only). */
  devServerOrigin?: string;
}

export function buildCsp(options: CspOptions): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'none'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['style-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  if (options.dev) {
    const origin = options.devServerOrigin ?? 'http://localhost:5173';
    const ws = origin.replace(/^http/, 'ws');
    const add = (name: string, ...values: string[]): void => {
      const entry = directives.find(([n]) => n === name);
      if (!entry) return;
      // Vite's dev server needs its origin and HMR socket; the React refresh preamble is an inline script;
      // Vite injects <style> tags for CSS.
      entry[1] = entry[1].filter((v) => v !== "'none'").concat(values);
    };
    add('script-src', origin, "'unsafe-inline'");
    add('connect-src', origin, ws);
    add('style-src', origin, "'unsafe-inline'");
    add('img-src', origin);
  }
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
