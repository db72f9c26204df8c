/** Webhooks (docs/webex-api.md §2.6): CRUD only — the simulator does not deliver events. */
import { ApiError, MSG } from '../core/errors';
import { parseId } from '../core/ids';
import { encodeId } from '../core/ids';
import type { PersonRec, WebhookRec } from '../core/model';
import { webhookJson } from '../core/serialize';
import type { World } from '../core/world';
import { listLink, pageByKey } from '../http/paging';
import { jsonBody, maxParam, queryString, requiredStr, str } from '../http/params';
import type { Route } from '../http/types';

/** SPEC enums, plus the historic firehose 'all' still used by PM and EMU (§2.6). */
const RESOURCES: ReadonlySet<string> = new Set([
  'attachmentActions',
  'dataSources',
  'memberships',
  'messages',
  'rooms',
  'meetings',
  'recordings',
  'convergedRecordings',
  'meetingParticipants',
  'meetingTranscripts',
  'telephony_calls',
  'telephony_conference',
  'telephony_mwi',
  'uc_counters',
  'serviceApp',
  'adminBatchJobs',
  'all',
]);
const EVENTS: ReadonlySet<string> = new Set([
  'created',
  'updated',
  'deleted',
  'started',
  'ended',
  'joined',
  'left',
  'migrated',
  'authorized',
  'deauthorized',
  'statusChanged',
  'all',
]);

function webhookFor(world: World, caller: PersonRec, id: string): WebhookRec {
  const parsed = parseId(id);
  if (parsed.kind === 'garbage') throw new ApiError(400, MSG.badId);
  const hook = parsed.kind === 'ok' && parsed.id.type === 'WEBHOOK' ? world.webhooks.get(parsed.id.local) : undefined;
  if (!hook || hook.owner !== caller) throw new ApiError(404, MSG.webhookNotFound);
  return hook;
}

function checkUrl(url: string): string {
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new ApiError(400, `Invalid targetUrl: ${url}`);
  return url;
}

export const webhookRoutes: Route[] = [
  {
    method: 'GET',
    template: '/webhooks',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const max = maxParam(req.query, { default: 100, limit: 1000, overflow: 'clamp' });
      const list = [...ctx.world.webhooks.values()]
        .filter((w) => w.owner === req.caller)
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const page = pageByKey(list, (w) => w.id, queryString(req.query, 'cursor'), max);
      const headers: Record<string, string> = {};
      if (page.next) headers.Link = listLink(ctx.origin(), req.path, req.query, max, page.next);
      return { status: 200, json: { items: page.items.map((w) => webhookJson(w, ctx.world.orgId)) }, headers };
    },
  },
  {
    method: 'POST',
    template: '/webhooks',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const b = jsonBody(req.body);
      const name = requiredStr(b, 'name', 'name cannot be empty.');
      const targetUrl = checkUrl(requiredStr(b, 'targetUrl', 'targetUrl cannot be empty.'));
      const resource = requiredStr(b, 'resource', 'resource cannot be empty.');
      const event = requiredStr(b, 'event', 'event cannot be empty.');
      if (!RESOURCES.has(resource)) throw new ApiError(400, `Invalid resource '${resource}'.`);
      if (!EVENTS.has(event)) throw new ApiError(400, `Invalid event '${event}'.`);
      const ownedBy = str(b, 'ownedBy') ?? 'creator';
      if (ownedBy !== 'creator' && ownedBy !== 'org') throw new ApiError(400, `Invalid ownedBy '${ownedBy}'.`);
      const uuid = ctx.world.randomUuid();
      const hook: WebhookRec = {
        uuid,
        id: encodeId('WEBHOOK', uuid),
        owner: req.caller,
        name,
        targetUrl,
        resource,
        event,
        filter: str(b, 'filter') || undefined,
        secret: str(b, 'secret') || undefined,
        status: 'active',
        ownedBy,
        created: ctx.world.now(),
      };
      ctx.world.webhooks.set(uuid, hook);
      return { status: 200, json: webhookJson(hook, ctx.world.orgId) };
    },
  },
  {
    method: 'GET',
    template: '/webhooks/{webhookId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => ({
      status: 200,
      json: webhookJson(webhookFor(ctx.world, req.caller, req.params.webhookId ?? ''), ctx.world.orgId),
    }),
  },
  {
    method: 'PUT',
    template: '/webhooks/{webhookId}',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const hook = webhookFor(ctx.world, req.caller, req.params.webhookId ?? '');
      const b = jsonBody(req.body);
      // §2.6: only name, targetUrl, secret and status are honoured; SPEC requires name and targetUrl.
      const name = requiredStr(b, 'name', 'name cannot be empty.');
      const targetUrl = checkUrl(requiredStr(b, 'targetUrl', 'targetUrl cannot be empty.'));
      const secret = str(b, 'secret');
      const status = str(b, 'status');
      if (status !== undefined && status !== 'active') throw new ApiError(400, "status can only be set to 'active'.");
      hook.name = name;
      hook.targetUrl = targetUrl;
      if (secret !== undefined) hook.secret = secret === '' ? undefined : secret;
      if (status === 'active') hook.status = 'active';
      return { status: 200, json: webhookJson(hook, ctx.world.orgId) };
    },
  },
  {
    method: 'DELETE',
    template: '/webhooks/{webhookId}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => {
      const hook = webhookFor(ctx.world, req.caller, req.params.webhookId ?? '');
      ctx.world.webhooks.delete(hook.uuid);
      return { status: 204 };
    },
  },
];
