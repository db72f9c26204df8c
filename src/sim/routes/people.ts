/** People (docs/webex-api.md §2.1): me, by id, and the list (email exact, displayName prefix, id list ≤ 85). */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import type { PersonRec } from '../core/model';
import { personJson } from '../core/serialize';
import { listLink, pageByKey } from '../http/paging';
import { maxParam, queryString } from '../http/params';
import type { ApiResponse, Route } from '../http/types';

const MAX_IDS = 85;

export const peopleRoutes: Route[] = [
  {
    method: 'GET',
    template: '/people/me',
    auth: true,
    body: 'none',
    handler: (req, ctx) => ({ status: 200, json: personJson(req.caller, ctx.world.orgId) }),
  },
  {
    method: 'GET',
    template: '/people/{personId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const parsed = parseId(req.params.personId ?? '');
      if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
      const person =
        parsed.kind === 'ok' && parsed.id.type === 'PEOPLE' ? ctx.world.people.get(parsed.id.local) : undefined;
      if (!person) throw new ApiError(404, MSG.personNotFound);
      return { status: 200, json: personJson(person, ctx.world.orgId) };
    },
  },
  {
    method: 'GET',
    template: '/people',
    auth: true,
    body: 'none',
    handler: (req, ctx): ApiResponse => {
      const q = req.query;
      const email = queryString(q, 'email');
      const displayName = queryString(q, 'displayName');
      const idList = queryString(q, 'id');
      // For non-admins (everyone here) one of email / displayName / id is required (§2.1).
      if (email === undefined && displayName === undefined && idList === undefined) {
        throw new ApiError(400, 'Either email, displayName or id is required for non-admin requests.');
      }
      const max = maxParam(q, { default: 100, limit: 1000, overflow: 'clamp' });
      let candidates: PersonRec[];
      const notFoundIds: string[] = [];
      if (idList !== undefined) {
        const ids = idList
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (ids.length > MAX_IDS) throw new ApiError(400, `At most ${MAX_IDS} IDs may be given.`);
        candidates = [];
        for (const id of ids) {
          // Unknown and malformed ids alike are reported in `notFoundIds` (SPEC PersonCollectionResponse).
          const parsed = parseId(id);
          const p =
            parsed.kind === 'ok' && parsed.id.type === 'PEOPLE' ? ctx.world.people.get(parsed.id.local) : undefined;
          if (p) candidates.push(p);
          else notFoundIds.push(id);
        }
      } else if (email !== undefined) {
        const p = ctx.world.peopleByEmail.get(email.toLowerCase());
        candidates = p ? [p] : [];
      } else {
        candidates = [...ctx.world.people.values()];
      }
      const prefix = displayName?.toLowerCase();
      const emailLower = email?.toLowerCase();
      const matched = [...new Set(candidates)]
        .filter(
          (p) =>
            (prefix === undefined || p.displayName.toLowerCase().startsWith(prefix)) &&
            (emailLower === undefined || p.email.toLowerCase() === emailLower),
        )
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const page = pageByKey(matched, (p) => p.id, queryString(q, 'cursor'), max);
      const body: { items: unknown[]; notFoundIds?: string[] } = {
        items: page.items.map((p) => personJson(p, ctx.world.orgId, { noPresence: idList !== undefined })),
      };
      if (notFoundIds.length > 0) body.notFoundIds = notFoundIds;
      const headers: Record<string, string> = {};
      if (page.next) headers.Link = listLink(ctx.origin(), req.path, q, max, page.next);
      return { status: 200, json: body, headers };
    },
  },
];
