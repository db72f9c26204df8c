import type { Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { webhookSchema } from '../schemas';
import type {
  CallOptions,
  CreateWebhookBody,
  ListOptions,
  ListWebhooksQuery,
  UpdateWebhookBody,
  Webhook,
} from '../types';
import { callJson, callNoContent, list, requireId, type ResourceContext } from './common';

export interface WebhooksApi {
  /** `GET /webhooks` — default `max` 100. */
  list(query?: ListWebhooksQuery, options?: ListOptions): Paged<Webhook>;
  create(body: CreateWebhookBody, options?: CallOptions): Promise<Webhook>;
  get(webhookId: string, options?: CallOptions): Promise<Webhook>;
  update(webhookId: string, body: UpdateWebhookBody, options?: CallOptions): Promise<Webhook>;
  delete(webhookId: string, options?: CallOptions): Promise<void>;
}

export const WEBHOOKS_DEFAULT_MAX = 100;

export function createWebhooksApi(ctx: ResourceContext): WebhooksApi {
  const route = '/webhooks/{webhookId}';
  const one = (id: string): string => `/webhooks/${seg(id)}`;
  return {
    list: (query = {}, options) =>
      list(
        ctx,
        '/webhooks',
        '/webhooks',
        definedOnly({ ...query, max: query.max ?? WEBHOOKS_DEFAULT_MAX }),
        webhookSchema,
        'webhook',
        options,
      ),
    create: (body, options) =>
      callJson(
        ctx,
        { method: 'POST', path: '/webhooks', route: '/webhooks', body: { type: 'json', value: definedOnly(body) } },
        webhookSchema,
        'webhook',
        options,
      ),
    get: async (id, options) => {
      requireId('GET', route, 'webhookId', id);
      return callJson(ctx, { method: 'GET', path: one(id), route }, webhookSchema, 'webhook', options);
    },
    update: async (id, body, options) => {
      requireId('PUT', route, 'webhookId', id);
      return callJson(
        ctx,
        { method: 'PUT', path: one(id), route, body: { type: 'json', value: definedOnly(body) } },
        webhookSchema,
        'webhook',
        options,
      );
    },
    delete: async (id, options) => {
      requireId('DELETE', route, 'webhookId', id);
      return callNoContent(ctx, { method: 'DELETE', path: one(id), route }, options);
    },
  };
}
