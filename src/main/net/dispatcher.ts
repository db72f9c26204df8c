import { rootCertificates } from 'node:tls';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import { AppFailure } from '../errors';
import { proxySettingsFromEnv, shouldBypassProxy } from './noProxy';
import { resolveTimeouts, type Timeouts } from './timeouts';

/** Builds the dispatcher for requests to one origin (the shell's, from system proxy settings and an extra CA). */
export type DispatcherFactory = (origin: string) => Dispatcher;

export interface DefaultDispatcherOptions {
  timeouts?: Partial<Timeouts>;
  /** `http://[user:pass@]proxy:port` or `https://…`. Requests to loopback and NO_PROXY hosts go direct. */
  proxyUrl?: string;
  /** NO_PROXY syntax (see `parseNoProxy`). */
  noProxy?: string;
  /** Extra trusted CA certificate(s), PEM. Added to Node's bundled roots, not replacing them. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Keep-alive time for idle sockets (ms). Default 4 s (undici's). */
  keepAliveTimeoutMs?: number;
}

function checkProxyUrl(proxyUrl: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new AppFailure('configInvalid', 'The proxy URL is not a valid URL.', {
      issues: [{ path: 'proxyUrl', message: 'not a valid URL' }],
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppFailure('configInvalid', 'The proxy URL must use http: or https:.', {
      issues: [{ path: 'proxyUrl', message: 'unsupported scheme' }],
    });
  }
  return url;
}

/**
 * Sends each request either straight to its origin or through the proxy, by NO_PROXY (loopback always direct).
 * Both underlying agents share the explicit timeouts and the CA set.
 */
class ProxyRoutingDispatcher extends Dispatcher {
  constructor(
    private readonly direct: Agent,
    private readonly proxied: ProxyAgent,
    private readonly noProxy: string | undefined,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = options.origin === undefined ? undefined : String(options.origin);
    const target = origin !== undefined && shouldBypassProxy(origin, this.noProxy) ? this.direct : this.proxied;
    return target.dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = Promise.all([this.direct.close(), this.proxied.close()]).then(() => undefined);
    if (callback) {
      void done.then(callback, callback);
      return;
    }
    return done;
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    const done = Promise.all([this.direct.destroy(err), this.proxied.destroy(err)]).then(() => undefined);
    if (callback) {
      void done.then(callback, callback);
      return;
    }
    return done;
  }
}

/**
 * The default dispatcher: an undici `Agent` with explicit connect/headers/body timeouts (10 s / 30 s / 60 s unless
 * told otherwise) — or, with `proxyUrl`, a router between that agent (loopback and NO_PROXY hosts) and a
 * `ProxyAgent` (CONNECT tunnel) with the same timeouts. `ca` is added to Node's bundled root certificates.
 */
export function createDefaultDispatcher(options: DefaultDispatcherOptions = {}): Dispatcher {
  const timeouts = resolveTimeouts(options.timeouts);
  const extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  const ca = extraCa.length > 0 ? [...rootCertificates, ...extraCa] : undefined;
  const tls = ca ? { ca } : {};
  const agentOptions: Agent.Options = {
    connect: { timeout: timeouts.connectMs, ...tls },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
  };
  const direct = new Agent(agentOptions);
  if (!options.proxyUrl) return direct;
  const proxyUrl = checkProxyUrl(options.proxyUrl);
  const proxied = new ProxyAgent({
    ...agentOptions,
    uri: proxyUrl.href,
    requestTls: { timeout: timeouts.connectMs, ...tls },
    proxyTls: { timeout: timeouts.connectMs, ...tls },
  });
  return new ProxyRoutingDispatcher(direct, proxied, options.noProxy);
}

export interface EnvDispatcherOptions {
  timeouts?: Partial<Timeouts>;
  /** Extra CA certificate(s), PEM (e.g. read by the shell from a configured file). */
  ca?: string | Buffer | (string | Buffer)[];
}

/**
 * A `DispatcherFactory` from environment-style proxy settings (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case).
 * One dispatcher is built lazily and shared by every origin (it routes per request: loopback and NO_PROXY hosts
 * direct, others through the proxy). The shell may merge system proxy settings into `env` before calling this.
 */
export function createEnvDispatcherFactory(
  env: Record<string, string | undefined>,
  options: EnvDispatcherOptions = {},
): DispatcherFactory {
  let shared: Dispatcher | undefined;
  return () => {
    if (!shared) {
      const settings = proxySettingsFromEnv(env);
      const init: DefaultDispatcherOptions = {};
      if (options.timeouts) init.timeouts = options.timeouts;
      if (options.ca !== undefined) init.ca = options.ca;
      if (settings.proxyUrl) init.proxyUrl = settings.proxyUrl;
      if (settings.noProxy) init.noProxy = settings.noProxy;
      shared = createDefaultDispatcher(init);
    }
    return shared;
  };
}
