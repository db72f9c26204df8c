/** Adaptive Card `Action.Submit` → `POST /attachment/actions` (docs/webex-api.md §2.7), through main. */
import type { CardInputs, CardSubmitResult } from '../../shared/contract/channels';
import { withScope } from '../auth/scopes';
import type { ActiveSession } from '../auth/types';
import { orGone } from './failures';

export async function submitCard(
  session: ActiveSession,
  messageId: string,
  inputs: CardInputs,
): Promise<CardSubmitResult> {
  // A null-prototype copy: input ids are the card author's text (docs/security.md).
  const values = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(inputs)) values[k] = v;
  const action = await orGone('The card’s message', () =>
    withScope(session, 'spark:messages_write', 'answering cards', () =>
      session.client.attachmentActions.create({ type: 'submit', messageId, inputs: values }),
    ),
  );
  return { actionId: action.id, messageId: action.messageId, created: action.created };
}
