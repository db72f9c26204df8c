import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAbortError } from '../../errors';
import { classifyTransportError } from '../classify';
import { fileNameFromContentDisposition } from '../contentDisposition';
import { WebexApiError, sanitisedCause } from '../errors';
import { seg } from '../query';
import type { RequestSpec, TransportResponse } from '../transport';
import type { CallOptions, ContentInfo } from '../types';
import { invalidInput, type ResourceContext } from './common';

export interface ContentOptions extends CallOptions {
  /** Download a file Webex could not scan for malware (`?allow=unscannable`, after a 428). */
  allowUnscannable?: boolean;
}

export interface ContentDownload {
  info: ContentInfo;
  /** The bytes; stream errors are `WebexApiError`s. The caller must consume or destroy it. */
  body: Readable;
}

export interface DownloadResult extends ContentInfo {
  /** Bytes written to the destination. */
  bytes: number;
}

export interface ContentsApi {
  /** `HEAD` a contents URL (or id): name, type and size without the bytes. */
  head(urlOrId: string, options?: ContentOptions): Promise<ContentInfo>;
  /** `GET` a contents URL (or id) as a stream. 423 (scanning) is waited out within the wait budget. */
  download(urlOrId: string, options?: ContentOptions): Promise<Readable>;
  /** Like `download`, with the header info. */
  open(urlOrId: string, options?: ContentOptions): Promise<ContentDownload>;
  /**
   * Streams the file to `destinationPath` (chosen by main, never by IPC): written to a temporary sibling and
   * renamed when complete, so a failed or cancelled download leaves nothing behind.
   */
  downloadTo(urlOrId: string, destinationPath: string, options?: ContentOptions): Promise<DownloadResult>;
}

function infoFrom(res: TransportResponse): ContentInfo {
  const h = res.headers;
  const disposition = Array.isArray(h['content-disposition']) ? h['content-disposition'][0] : h['content-disposition'];
  const type = h['content-type'];
  const length = h['content-length'];
  const info: ContentInfo = {
    name: fileNameFromContentDisposition(disposition),
    contentType: typeof type === 'string' && type !== '' ? type : 'application/octet-stream',
  };
  const size = typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : undefined;
  if (size !== undefined) info.size = size;
  return info;
}

export function createContentsApi(ctx: ResourceContext): ContentsApi {
  const route = '/contents/{contentId}';
  const base = ctx.transport.baseUrl;
  const prefix = `${base.pathname.replace(/\/+$/, '')}/contents/`;

  /** Only the signed-in origin's `/v1/contents/…` is ever fetched with the token (docs/security.md). */
  function resolve(method: 'GET' | 'HEAD', urlOrId: string, options?: ContentOptions): RequestSpec {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(urlOrId)) {
      try {
        url = new URL(urlOrId);
      } catch {
        throw invalidInput(method, route, 'not a valid contents URL', [{ path: 'url', message: 'invalid URL' }]);
      }
      if (url.origin !== base.origin || !url.pathname.startsWith(prefix) || url.pathname.length <= prefix.length) {
        throw invalidInput(method, route, 'not a contents URL of the signed-in Webex API', [
          { path: 'url', message: 'foreign URL' },
        ]);
      }
      url.hash = '';
    } else {
      if (urlOrId.trim() === '')
        throw invalidInput(method, route, 'contentId is required', [{ path: 'url', message: 'required' }]);
      url = new URL(`${base.href.replace(/\/+$/, '')}/contents/${seg(urlOrId)}`);
    }
    if (options?.allowUnscannable) url.searchParams.set('allow', 'unscannable');
    const spec: RequestSpec = { method, url, route, waitOnLocked: true, followRedirects: true, accept: '*/*' };
    if (options?.signal) spec.signal = options.signal;
    return spec;
  }

  function mapStreamError(e: unknown, spec: RequestSpec, url: URL): WebexApiError {
    if (e instanceof WebexApiError) return e;
    if (spec.signal?.aborted || isAbortError(e)) {
      return ctx.transport.error(spec, url, 'cancelled', `GET ${route} was cancelled.`, { delivery: 'notSent' });
    }
    const c = classifyTransportError(e);
    return ctx.transport.error(
      spec,
      url,
      c.kind === 'timeout' ? 'timeout' : 'malformed',
      `GET ${route}: the download was cut short: ${c.description}.`,
      {
        delivery: 'notSent',
        cause: sanitisedCause(e, (s) => ctx.transport.redact(s)),
      },
    );
  }

  async function open(urlOrId: string, options?: ContentOptions): Promise<ContentDownload> {
    const spec = resolve('GET', urlOrId, options);
    return ctx.transport.execute(spec, async (res) => {
      const out = new PassThrough();
      const source = res.body;
      source.on('error', (e: unknown) => out.destroy(mapStreamError(e, spec, res.url)));
      out.on('close', () => {
        if (!source.destroyed && !source.readableEnded) source.destroy();
      });
      source.pipe(out);
      return { info: infoFrom(res), body: out };
    });
  }

  return {
    head: async (urlOrId, options) =>
      ctx.transport.execute(resolve('HEAD', urlOrId, options), async (res) => {
        await res.body.dump().catch(() => undefined);
        return infoFrom(res);
      }),
    download: async (urlOrId, options) => (await open(urlOrId, options)).body,
    open,
    downloadTo: async (urlOrId, destinationPath, options) => {
      const { info, body } = await open(urlOrId, options);
      const temp = `${destinationPath}.${randomBytes(6).toString('hex')}.part`;
      let bytes = 0;
      body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      const spec = resolve('GET', urlOrId, options);
      try {
        await pipeline(
          body,
          createWriteStream(temp, { flags: 'wx' }),
          options?.signal ? { signal: options.signal } : {},
        );
        await rename(temp, destinationPath);
      } catch (e) {
        body.destroy();
        await unlink(temp).catch(() => undefined);
        if (e instanceof WebexApiError) throw e;
        if (options?.signal?.aborted || isAbortError(e)) throw mapStreamError(e, spec, spec.url);
        const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
        throw ctx.transport.error(
          spec,
          spec.url,
          'storage',
          `GET ${route}: writing the file failed${typeof code === 'string' ? ` (${code})` : ''}.`,
          {
            delivery: 'notSent',
          },
        );
      }
      return { ...info, bytes };
    },
  };
}
