import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppFailure } from '../../errors';
import type { Logger } from '../../log/types';
import type { LoopbackRedirect } from './redirect';

/** What the browser brought back to the loopback redirect. */
export interface CallbackOutcome {
  code: string;
}

export interface CallbackServer {
  /** The port actually bound (equals the redirect URI's). */
  readonly port: number;
  /**
   * Settles once, with the first request to the redirect path: the code when `state` matches, an `auth` failure
   * for a state mismatch, a missing code or an `error` answer from Webex.
   */
  readonly outcome: Promise<CallbackOutcome>;
  close(): Promise<void>;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The URL carries the authorization code: never send it on as a referrer, never cache, never sniff.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  connection: 'close',
} as const;

/** A small static page. Nothing from the request is reflected into it. */
export function callbackPage(title: string, text: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32rem;padding:0 1rem;color:#1d2530}
@media (prefers-color-scheme: dark){body{background:#14181d;color:#e6e9ee}}h1{font-size:1.3rem}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>
`;
}

export const PAGE_DONE = callbackPage(
  'You can close this window',
  'Webex Ops Console received your sign-in. You can close this window and return to the app.',
);
const PAGE_FAILED = callbackPage(
  'Sign-in not completed',
  'Webex Ops Console could not complete the sign-in. Close this window and try again from the app.',
);

function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(body);
}

/**
 * Binds exactly the redirect URI's port on 127.0.0.1 (never another address, never a fallback port) and waits for
 * the browser to come back. A port in use is a `configInvalid` failure naming the port.
 */
export async function startCallbackServer(
  redirect: LoopbackRedirect,
  expectedState: string,
  logger: Logger,
): Promise<CallbackServer> {
  let settle: { resolve(o: CallbackOutcome): void; reject(e: AppFailure): void } | undefined;
  const outcome = new Promise<CallbackOutcome>((resolve, reject) => {
    settle = { resolve, reject };
  });
  outcome.catch(() => undefined); // observed by the flow; never an unhandled rejection
  let settled = false;
  const finish = (result: CallbackOutcome | AppFailure): void => {
    if (settled) return;
    settled = true;
    if (result instanceof AppFailure) settle?.reject(result);
    else settle?.resolve(result);
  };

  const allowedHosts = new Set([`127.0.0.1:${redirect.port}`, `localhost:${redirect.port}`]);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${redirect.port}`);
    } catch {
      send(res, 400, PAGE_FAILED);
      return;
    }
    if (req.method !== 'GET' || url.pathname !== redirect.path || !allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Not found');
      return;
    }
    if (settled) {
      send(res, 410, PAGE_FAILED);
      return;
    }
    const params = url.searchParams;
    const state = params.get('state') ?? '';
    const error = params.get('error');
    const code = params.get('code');
    if (!sameState(state, expectedState)) {
      logger.warn('oauth callback with a wrong state');
      send(res, 400, PAGE_FAILED);
      finish(
        new AppFailure(
          'auth',
          'The answer from the browser did not belong to this sign-in (state mismatch), so it was refused. Start the sign-in again.',
        ),
      );
      return;
    }
    if (error !== null) {
      const reason = error.replace(/[^a-z_]/gi, '').slice(0, 40) || 'error';
      logger.warn('oauth callback with an error', { error: reason });
      send(res, 200, PAGE_FAILED);
      finish(new AppFailure('auth', `Webex did not grant access (${reason}).`));
      return;
    }
    if (!code) {
      send(res, 400, PAGE_FAILED);
      finish(new AppFailure('auth', 'The browser came back without an authorization code. Start the sign-in again.'));
      return;
    }
    send(res, 200, PAGE_DONE);
    finish({ code });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const port = redirect.port;
      if (e.code === 'EADDRINUSE') {
        reject(
          new AppFailure(
            'configInvalid',
            `Port ${port} on 127.0.0.1 is already in use, so the sign-in cannot receive the browser's answer. Close the program that uses port ${port}, or set another redirect URI (and register it with the integration).`,
            { issues: [{ path: 'redirectUri', message: `port ${port} is in use` }], cause: e },
          ),
        );
      } else {
        reject(
          new AppFailure(
            'configInvalid',
            `Cannot listen on 127.0.0.1:${port} for the sign-in redirect (${e.code ?? e.message}).`,
            {
              issues: [{ path: 'redirectUri', message: `cannot listen on port ${port}` }],
              cause: e,
            },
          ),
        );
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port: redirect.port, host: '127.0.0.1', exclusive: true });
  });
  server.on('error', (e) => logger.warn('oauth callback server error', { error: e }));

  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    outcome,
    close() {
      closing ??= new Promise<void>((resolve) => {
        finish(new AppFailure('cancelled', 'The sign-in was stopped.'));
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
