/**
 * Messages typed in the composer (issue 12, docs/outbox.md): checked against the 7,439-byte limit before anything
 * is queued, then queued into the signed-in identity's outbox like a runbook's message — journaled before any
 * request, reconciled when the outcome is unknown, audited with `source: 'composer'`. The space's draft is cleared
 * once the item is on disk. A chosen file is journaled with the item (its record from
 * src/main/spaces/picked-check.ts), so a message not yet sent keeps its file across a restart.
 */
import { randomUUID } from 'node:crypto';
import type { ComposerSendInput } from '../../shared/contract/channels';
import { AppFailure } from '../errors';
import type { PickedRecord } from '../spaces/picked-check';
import type { Outbox, OutboxItem } from './outbox';
import type { OutboxItemInit } from './outbox-records';
import { byteLength, MAX_MESSAGE_BYTES } from './template';

/** How long a typed message may wait to go out before the operator is asked (docs/outbox.md: expiry). */
export const COMPOSER_TTL_MS = 10 * 60_000;

export interface ComposerSendDeps {
  outbox: Outbox;
  now: () => number;
  /** The space's title as Webex has it (also proves the space is still there: notFound otherwise). */
  roomTitle: (roomId: string) => Promise<string>;
  /** Clears the space's draft if it is the one just sent (same thread). */
  clearDraft: (roomId: string, parentId: string | undefined) => Promise<void>;
  /**
   * What main knows of the chosen file (path, device, inode, size), journaled with the item so it is sent with its
   * file after a restart (docs/outbox.md); undefined → the handle is unknown: refused before anything is queued.
   * Absent → only the handle is queued (it must be known when the item is sent).
   */
  pickedRecord?: (roomId: string, fileId: string) => Promise<PickedRecord | undefined>;
  onDraftError: (e: unknown) => void;
}

/** Refuses what Webex would refuse, before anything is queued; the issue names the field. */
export function checkComposerInput(input: ComposerSendInput): void {
  if (input.markdown.trim() === '' && input.fileId === undefined) {
    throw new AppFailure('invalidInput', 'Type a message first.', {
      issues: [{ path: 'markdown', message: 'empty' }],
    });
  }
  const bytes = byteLength(input.markdown);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new AppFailure(
      'invalidInput',
      `The message is ${bytes} bytes; Webex accepts at most ${MAX_MESSAGE_BYTES}. Shorten it or split it in two.`,
      { issues: [{ path: 'markdown', message: `${bytes} of at most ${MAX_MESSAGE_BYTES} bytes` }] },
    );
  }
}

export async function composerSend(deps: ComposerSendDeps, input: ComposerSendInput): Promise<OutboxItem> {
  checkComposerInput(input);
  const roomTitle = await deps.roomTitle(input.roomId);
  const now = deps.now();
  const init: OutboxItemInit = {
    id: randomUUID(),
    roomId: input.roomId,
    roomTitle,
    // Text beside a file may be empty: nothing but whitespace is sent as no text.
    markdown: input.markdown.trim() === '' ? '' : input.markdown,
    queuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + COMPOSER_TTL_MS).toISOString(),
    // The operator pressed Enter (and answered the space-changed question when it was asked).
    origin: { confirmed: true, source: 'composer' },
  };
  if (input.parentId !== undefined) init.parentId = input.parentId;
  if (input.fileId !== undefined) {
    init.fileId = input.fileId;
    if (deps.pickedRecord) {
      const file = await deps.pickedRecord(input.roomId, input.fileId);
      // Nothing is queued, so nothing is lost: the draft keeps the text.
      if (!file)
        throw new AppFailure('notFound', 'The chosen file is no longer known: choose it again.', {
          issues: [{ path: 'fileId', message: 'Choose the file again.' }],
        });
      init.file = file;
    }
  }
  const [item] = await deps.outbox.enqueue([init]);
  if (!item) throw new AppFailure('internal', 'The message was not queued.');
  // The message is on disk: losing the draft now loses nothing; failing to clear it must not fail the send.
  await deps.clearDraft(input.roomId, input.parentId).catch(deps.onDraftError);
  return item;
}
