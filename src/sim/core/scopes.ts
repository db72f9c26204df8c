/**
 * OAuth scopes per route (docs/webex-api.md Appendix C). An integration's access token carries the scopes granted
 * at authorize time; a route whose scope the token lacks answers 403 like the real service. Personal and bot
 * tokens are not scoped. `spark:all` grants every scope below.
 */
export const ALL_SCOPES = 'spark:all';

/** 'METHOD /template' (as the routes declare them) → the scope the call needs. */
export const ROUTE_SCOPES: Readonly<Record<string, string>> = {
  'GET /people/me': 'spark:people_read',
  'GET /people': 'spark:people_read',
  'GET /people/{personId}': 'spark:people_read',
  'GET /rooms': 'spark:rooms_read',
  'GET /rooms/{roomId}': 'spark:rooms_read',
  'POST /rooms': 'spark:rooms_write',
  'PUT /rooms/{roomId}': 'spark:rooms_write',
  'DELETE /rooms/{roomId}': 'spark:rooms_write',
  'GET /messages': 'spark:messages_read',
  'GET /messages/direct': 'spark:messages_read',
  'GET /messages/{messageId}': 'spark:messages_read',
  'POST /messages': 'spark:messages_write',
  'PUT /messages/{messageId}': 'spark:messages_write',
  'DELETE /messages/{messageId}': 'spark:messages_write',
  'GET /contents/{contentId}': 'spark:messages_read',
  'HEAD /contents/{contentId}': 'spark:messages_read',
  'GET /memberships': 'spark:memberships_read',
  'GET /memberships/{membershipId}': 'spark:memberships_read',
  'POST /memberships': 'spark:memberships_write',
  'PUT /memberships/{membershipId}': 'spark:memberships_write',
  'DELETE /memberships/{membershipId}': 'spark:memberships_write',
  'GET /teams': 'spark:teams_read',
  'GET /teams/{teamId}': 'spark:teams_read',
  'POST /teams': 'spark:teams_write',
  'PUT /teams/{teamId}': 'spark:teams_write',
  'DELETE /teams/{teamId}': 'spark:teams_write',
  'GET /team/memberships': 'spark:team_memberships_read',
  'GET /team/memberships/{membershipId}': 'spark:team_memberships_read',
  'POST /team/memberships': 'spark:team_memberships_write',
  'PUT /team/memberships/{membershipId}': 'spark:team_memberships_write',
  'DELETE /team/memberships/{membershipId}': 'spark:team_memberships_write',
  'POST /attachment/actions': 'spark:messages_write',
  'GET /attachment/actions/{id}': 'spark:messages_read',
};

/** Simulator wording; the real 403 names no scope, the simulator does to help tests and people reading logs. */
export function missingScopeMessage(scope: string): string {
  return `The access token does not have the scope '${scope}' required for this request.`;
}

/** Parses a space-separated `scope` parameter (empty entries dropped). */
export function parseScopes(raw: string | null | undefined): Set<string> {
  return new Set((raw ?? '').split(/\s+/).filter((s) => s !== ''));
}

/** The scope `granted` lacks for `routeKey`, or undefined (allowed). `granted` undefined = not a scoped token. */
export function missingScope(granted: ReadonlySet<string> | undefined, routeKey: string): string | undefined {
  if (granted === undefined || granted.has(ALL_SCOPES)) return undefined;
  const needed = ROUTE_SCOPES[routeKey];
  return needed === undefined || granted.has(needed) ? undefined : needed;
}
