/**
 * Uses loopback sockets on purpose: a tiny CONNECT proxy and an origin server, to prove the default dispatcher
 * tunnels through the proxy for proxied hosts and goes direct for loopback / NO_PROXY hosts.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src/main/errors';
import {
  DEFAULT_TIMEOUTS,
  createDefaultDispatcher,
  createEnvDispatcherFactory,
  resolveTimeouts,
} from '../../../src/main/net';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

async function startOrigin(): Promise<number> {
  return listen(http.createServer((req, res) => res.end(`origin:${req.url}`)));
}

/** A CONNECT proxy that sends every tunnel to `targetPort` on loopback and records the requested authorities. */
async function startProxy(targetPort: number): Promise<{ port: number; connects: string[] }> {
  const connects: string[] = [];
  const server = http.createServer((_req, res) => {
    res.statusCode = 405;
    res.end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return { port, connects };
}

describe('timeouts', () => {
  it('defaults to connect 10 s, headers 30 s, body 60 s and fills gaps', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({ connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000 });
    expect(resolveTimeouts({ headersMs: 5 })).toEqual({ connectMs: 10_000, headersMs: 5, bodyMs: 60_000 });
    expect(resolveTimeouts({ bodyMs: -1 })).toEqual(DEFAULT_TIMEOUTS);
  });
});

describe('createDefaultDispatcher', () => {
  it('without a proxy talks to the origin directly', async () => {
    const originPort = await startOrigin();
    const dispatcher = createDefaultDispatcher();
    closers.push(() => dispatcher.close());
    const res = await request(`http://127.0.0.1:${originPort}/direct`, { dispatcher });
    expect(await res.body.text()).toBe('origin:/direct');
  });

  it('tunnels non-NO_PROXY hosts through the proxy and sends loopback straight to the origin', async () => {
    const originPort = await startOrigin();
    const proxy = await startProxy(originPort);
    const dispatcher = createDefaultDispatcher({ proxyUrl: `http://127.0.0.1:${proxy.port}`, noProxy: 'bypass.test' });
    closers.push(() => dispatcher.close());

    const viaProxy = await request(`http://proxied.test:${originPort}/a`, { dispatcher });
    expect(await viaProxy.body.text()).toBe('origin:/a');
    expect(proxy.connects).toEqual([`proxied.test:${originPort}`]);

    const direct = await request(`http://127.0.0.1:${originPort}/b`, { dispatcher });
    expect(await direct.body.text()).toBe('origin:/b');
    expect(proxy.connects).toHaveLength(1);
  });

  it('rejects a proxy URL with an unsupported scheme as configInvalid', () => {
    for (const proxyUrl of ['socks5://127.0.0.1:1080', 'nonsense']) {
      let thrown: unknown;
      try {
        createDefaultDispatcher({ proxyUrl });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(AppFailure);
      expect((thrown as AppFailure).kind).toBe('configInvalid');
    }
  });
});

describe('createEnvDispatcherFactory', () => {
  it('builds one shared dispatcher from HTTPS_PROXY / NO_PROXY', async () => {
    const originPort = await startOrigin();
    const proxy = await startProxy(originPort);
    const factory = createEnvDispatcherFactory({
      https_proxy: `http://127.0.0.1:${proxy.port}`,
      NO_PROXY: 'skip.test',
    });
    const dispatcher = factory('https://webexapis.com');
    closers.push(() => dispatcher.close());
    expect(factory('http://other.test')).toBe(dispatcher);
    const res = await request(`http://via.test:${originPort}/env`, { dispatcher });
    expect(await res.body.text()).toBe('origin:/env');
    expect(proxy.connects).toEqual([`via.test:${originPort}`]);
  });
});
