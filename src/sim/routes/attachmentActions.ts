/**
 * Attachment actions (docs/webex-api.md §2.7): card submits. The create answers 200 like the SDKs expect (SPEC
 * lists 202; §1, §13). A submit on one of the alert bot's cards is answered by the bot in the card's thread.
 */
import { actionFor, actionJson, submitAction } from '../core/actions';
import { postMessage } from '../core/ops';
import { jsonBody } from '../http/params';
import type { Route } from '../http/types';
import { answerCardAction } from '../scenarios/alertCards';

export const attachmentActionRoutes: Route[] = [
  {
    method: 'POST',
    template: '/attachment/actions',
    auth: true,
    body: 'json',
    handler: (req, ctx) => {
      const b = jsonBody(req.body);
      const rec = submitAction(ctx.world, req.caller, { type: b.type, messageId: b.messageId, inputs: b.inputs });
      const answer = answerCardAction(rec);
      if (answer) {
        try {
          postMessage(ctx.world, answer.as, answer.input, { onStored: (msg) => ctx.recordPosted(msg, 'control') });
        } catch (e) {
          // The bot left the room meanwhile: the submit itself stands.
          ctx.logger.warn('sim card answer failed', { error: e instanceof Error ? e.message : String(e) });
        }
      }
      return { status: 200, json: actionJson(rec) };
    },
  },
  {
    method: 'GET',
    template: '/attachment/actions/{id}',
    auth: true,
    body: 'none',
    handler: (req, ctx) => ({ status: 200, json: actionJson(actionFor(ctx.world, req.caller, req.params.id ?? '')) }),
  },
];
