import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';

/** The production renderer's origin: app://ops (docs/security.md). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ops';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before `app.ready`: a standard, secure scheme so the renderer gets a real origin and fetch. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface AppProtocolOptions {
  /** Absolute path of out/renderer. */
  root: string;
  /** The production CSP (buildCsp({ dev: false })). */
  csp: string;
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * Serves files under `root` for app://ops/… requests. Only GET/HEAD on host `ops`; the decoded path must stay
 * inside `root` (no `..`, no encoded separators, no absolute paths, no symlinks out); `/` serves index.html.
 * Every response carries the CSP and nosniff. Pure: takes a Fetch `Request`, returns a `Response`.
 */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const root = path.resolve(options.root);
  let realRoot: Promise<string> | undefined;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');

    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return plain(400, 'Bad request');
    }
    if (decoded.includes('\0') || decoded.includes('\\') || /(^|\/)\.\.(\/|$)/.test(decoded)) {
      return plain(403, 'Forbidden');
    }
    const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    const target = path.resolve(root, relative);
    const inside = path.relative(root, target);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return plain(403, 'Forbidden');

    try {
      // Cached once it resolves; a rejection (the folder missing for a moment) is not cached forever.
      const rootPromise = (realRoot ??= realpath(root));
      rootPromise.catch(() => {
        if (realRoot === rootPromise) realRoot = undefined;
      });
      const [resolvedRoot, resolvedTarget] = await Promise.all([rootPromise, realpath(target)]);
      const realInside = path.relative(resolvedRoot, resolvedTarget);
      if (realInside.startsWith('..') || path.isAbsolute(realInside)) return plain(403, 'Forbidden');
      const body = await readFile(resolvedTarget);
      const type = CONTENT_TYPES[path.extname(resolvedTarget).toLowerCase()] ?? 'application/octet-stream';
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'Content-Type': type,
          'Content-Length': String(body.byteLength),
          'Content-Security-Policy': options.csp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return plain(404, 'Not found');
      return plain(500, 'Internal error');
    }
  };
}

/** Installs the handler; call once after `app.ready` (per session when a custom session is used). */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}
