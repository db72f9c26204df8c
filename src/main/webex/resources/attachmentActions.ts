import { seg } from '../query';
import { attachmentActionSchema } from '../schemas';
import type { AttachmentAction, CallOptions, SubmitAttachmentActionBody } from '../types';
import { callJson, requireId, type ResourceContext } from './common';

/** Card submits (docs/webex-api.md §2.7). The create answers 200 (SDKs) or 202 (SPEC); both are success. */
export interface AttachmentActionsApi {
  /** `POST /attachment/actions` (never retried once it may have reached the server, like every POST). */
  create(body: SubmitAttachmentActionBody, options?: CallOptions): Promise<AttachmentAction>;
  get(actionId: string, options?: CallOptions): Promise<AttachmentAction>;
}

export function createAttachmentActionsApi(ctx: ResourceContext): AttachmentActionsApi {
  const route = '/attachment/actions/{id}';
  return {
    create: (body, options) =>
      callJson(
        ctx,
        {
          method: 'POST',
          path: '/attachment/actions',
          route: '/attachment/actions',
          body: { type: 'json', value: { type: body.type, messageId: body.messageId, inputs: body.inputs } },
        },
        attachmentActionSchema,
        'attachment action',
        options,
      ),
    get: async (id, options) => {
      requireId('GET', route, 'id', id);
      return callJson(
        ctx,
        { method: 'GET', path: `/attachment/actions/${seg(id)}`, route },
        attachmentActionSchema,
        'attachment action',
        options,
      );
    },
  };
}
