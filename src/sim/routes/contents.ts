/** File contents (docs/webex-api.md §8): GET and HEAD /contents/{id}, members of the message's room only. */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import type { ApiRequest, ApiResponse, Route, SimContext } from '../http/types';

/** `attachment; filename="…"` — ASCII-safe, with an RFC 5987 `filename*` when the name is not plain ASCII. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const plain = ascii === filename;
  return plain
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function serveContent(req: ApiRequest, ctx: SimContext): ApiResponse {
  const parsed = parseId(req.params.contentId ?? '');
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  const content =
    parsed.kind === 'ok' && parsed.id.type === 'CONTENT' ? ctx.world.contents.get(parsed.id.local) : undefined;
  if (!content || !content.room.members.has(req.caller.uuid)) throw new ApiError(404, MSG.contentNotFound);
  return {
    status: 200,
    raw: { data: content.data, contentType: content.contentType },
    headers: { 'Content-Disposition': contentDisposition(content.filename) },
  };
}

export const contentRoutes: Route[] = [
  { method: 'GET', template: '/contents/{contentId}', auth: true, body: 'none', handler: serveContent },
  { method: 'HEAD', template: '/contents/{contentId}', auth: true, body: 'none', handler: serveContent },
];
