/**
 * Files attached to messages (docs/webex-api.md §8, docs/security.md): the renderer holds only an opaque reference
 * (the content id). Main HEADs a file for its name, type and size (cached per identity), downloads it to a path the
 * operator picks in a native dialog (the path never crosses the bridge), and fetches image previews up to 1 MB as
 * data: URLs (the CSP allows data: for images only).
 */
import type { Readable } from 'node:stream';
import type { FileInfoView, FilePreview, FileSaveResult } from '../../shared/contract/channels';
import type { ActiveSession } from '../auth/types';
import { AppFailure } from '../errors';

/** Largest image previewed, in bytes. */
export const PREVIEW_MAX_BYTES = 1024 * 1024;
/** File infos kept per session (oldest dropped first). */
export const INFO_CACHE_MAX = 1_000;

const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Asks the operator where to save `suggestedName`; undefined when they cancel. Electron: dialog.showSaveDialog. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | undefined>;

export interface FilesDeps {
  session: { current(): ActiveSession | undefined };
  chooseSavePath?: ChooseSavePath;
}

function needSession(deps: FilesDeps): ActiveSession {
  const active = deps.session.current();
  if (!active) throw new AppFailure('notSignedIn', 'Sign in to read files.');
  return active;
}

/** A name safe to suggest in a save dialog: no folders, no control characters. */
export function suggestedName(name: string, ref: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? `attachment-${ref.slice(-8)}` : clean.slice(0, 200);
}

async function readAtMost(stream: Readable, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buf.length;
    if (total > max) {
      stream.destroy();
      return undefined;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function createFiles(deps: FilesDeps) {
  const cache = new Map<string, FileInfoView>();

  const info = async (ref: string): Promise<FileInfoView> => {
    const active = needSession(deps);
    const key = `${active.identity.id}|${ref}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const head = await active.client.contents.head(ref);
    const view: FileInfoView = { ref, name: head.name, contentType: head.contentType };
    if (head.size !== undefined) view.size = head.size;
    cache.set(key, view);
    if (cache.size > INFO_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    return view;
  };

  return {
    info,
    async saveAs(ref: string): Promise<FileSaveResult> {
      const active = needSession(deps);
      if (!deps.chooseSavePath) throw new AppFailure('configInvalid', 'Saving files is not available here.');
      const known = await info(ref);
      const target = await deps.chooseSavePath(suggestedName(known.name, ref));
      if (target === undefined) return { saved: false };
      const result = await active.client.contents.downloadTo(ref, target);
      return { saved: true, name: suggestedName(result.name || known.name, ref), bytes: result.bytes };
    },
    async preview(ref: string): Promise<FilePreview> {
      const active = needSession(deps);
      const known = await info(ref);
      const type = known.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!PREVIEW_TYPES.has(type)) return { ref, reason: 'notImage' };
      if (known.size !== undefined && known.size > PREVIEW_MAX_BYTES) return { ref, reason: 'tooLarge' };
      const bytes = await readAtMost(await active.client.contents.download(ref), PREVIEW_MAX_BYTES);
      if (!bytes) return { ref, reason: 'tooLarge' };
      return { ref, dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
    },
  };
}
