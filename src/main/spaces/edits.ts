/**
 * Editing and deleting the operator's own messages (docs/webex-api.md §2.3: PUT needs the roomId; only one's own
 * messages; DELETE 204). The message is read first, so someone else's message is refused here with clear words.
 */
import type { EditedMessageView } from '../../shared/contract/channels';
import { withScope } from '../auth/scopes';
import type { ActiveSession } from '../auth/types';
import { AppFailure } from '../errors';
import type { Message } from '../webex';
import { orGone } from './failures';

async function ownMessage(session: ActiveSession, messageId: string, what: string) {
  const msg = await orGone('The message', () => session.client.messages.get(messageId));
  if (msg.personId !== session.me.id)
    throw new AppFailure('forbidden', `Only your own messages can be ${what}.`, {
      issues: [{ path: 'messageId', message: `Only your own messages can be ${what}.` }],
    });
  return msg;
}

export type OwnChange = (roomId: string, change: { edited: Message } | { deletedId: string }) => void;

export async function editMessage(
  session: ActiveSession,
  messageId: string,
  markdown: string,
  ownChange?: OwnChange,
): Promise<EditedMessageView> {
  if (markdown.trim() === '')
    throw new AppFailure('invalidInput', 'An edited message cannot be empty: delete it instead.', {
      issues: [{ path: 'markdown', message: 'An edited message cannot be empty.' }],
    });
  const msg = await ownMessage(session, messageId, 'edited');
  const edited = await orGone('The message', () =>
    withScope(session, 'spark:messages_write', 'editing messages', () =>
      session.client.messages.update(messageId, { roomId: msg.roomId, markdown }),
    ),
  );
  ownChange?.(edited.roomId, { edited });
  const view: EditedMessageView = { messageId: edited.id, roomId: edited.roomId };
  if (edited.markdown !== undefined) view.markdown = edited.markdown;
  if (edited.updated !== undefined) view.updated = edited.updated;
  return view;
}

/** `deleted: false` when the message was already gone. */
export async function deleteMessage(
  session: ActiveSession,
  messageId: string,
  ownChange?: OwnChange,
): Promise<{ deleted: boolean }> {
  try {
    const msg = await ownMessage(session, messageId, 'deleted');
    await withScope(session, 'spark:messages_write', 'deleting messages', () =>
      session.client.messages.delete(messageId),
    );
    ownChange?.(msg.roomId, { deletedId: messageId });
    return { deleted: true };
  } catch (e) {
    if (e instanceof AppFailure && e.kind === 'notFound') return { deleted: false };
    throw e;
  }
}
