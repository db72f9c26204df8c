/** OAuth 2 for integrations (docs/webex-api.md §2.8, Appendix C): /authorize (auto-approve) and /access_token. */
import { ApiError } from '../core/errors';
import type { Route } from '../http/types';

export const oauthRoutes: Route[] = [
  {
    method: 'GET',
    template: '/authorize',
    auth: false,
    body: 'none',
    handler: (req, ctx) => ({ status: 302, headers: { Location: ctx.auth.authorize(req.query) } }),
  },
  {
    method: 'POST',
    template: '/access_token',
    auth: false,
    body: 'token',
    handler: (req, ctx) => {
      if (req.body.kind !== 'form') throw new ApiError(400, 'A form-urlencoded body is required.');
      const fields = new Map<string, string>();
      for (const [k, v] of req.body.fields) if (v[0] !== undefined) fields.set(k, v[0]);
      return { status: 200, json: ctx.auth.exchange(fields) };
    },
  },
];
