/**
 * Thread replies of a `thread: true` runbook (docs/outbox.md “Threads”): the run replies to the message it was
 * started from — any message, an alert or not. Webex threads are one level deep, so a run started from a reply
 * replies in the thread that reply belongs to; the item records that root, which is also what the posted message's
 * `parentId` says — so reading the space back after an unknown outcome matches it (one message, never two).
 */
import { AppFailure } from '../errors';
import type { WebexClient } from '../webex';

/** Where the replies go: the thread root, in its space. */
export interface ThreadParent {
  roomId: string;
  parentId: string;
}

export type ThreadPlan = { ok: true; parent: ThreadParent } | { ok: false; problem: string };

/** Looks the message up (as the operator) and finds its thread; it must be in one of the target spaces. */
export async function threadParent(
  client: Pick<WebexClient, 'messages'>,
  messageId: string,
  targetRoomIds: readonly string[],
): Promise<ThreadPlan> {
  let message;
  try {
    message = await client.messages.get(messageId);
  } catch (e) {
    if (e instanceof AppFailure && (e.kind === 'notFound' || e.kind === 'forbidden' || e.kind === 'invalidInput')) {
      return { ok: false, problem: 'the message to reply to is no longer there' };
    }
    throw e;
  }
  if (!targetRoomIds.includes(message.roomId)) {
    return {
      ok: false,
      problem:
        targetRoomIds.length === 1
          ? 'the message to reply to is not in this space'
          : 'the message to reply to is not in any of the target spaces',
    };
  }
  return { ok: true, parent: { roomId: message.roomId, parentId: message.parentId ?? message.id } };
}
