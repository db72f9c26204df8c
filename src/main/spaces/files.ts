/**
 * Files to attach (docs/webex-api.md §8): the operator chooses one in a native dialog in main; the window gets an
 * opaque handle with the name and size, never the path (docs/security.md). The size limit (100 MB) is checked when
 * the file is chosen and again right before the streamed upload, which also notices a file that disappeared.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PickedFileView } from '../../shared/contract/channels';
import { withScope } from '../auth/scopes';
import type { ActiveSession } from '../auth/types';
import { AppFailure } from '../errors';
import { guessContentType, MAX_UPLOAD_BYTES, type CallOptions, type Message } from '../webex';
import { orGone } from './failures';
import type { ChosenFile } from './types';

/** Handles kept at once; the oldest is forgotten beyond this (the composer attaches one file at a time). */
export const MAX_PICKED = 20;

interface Picked {
  path: string;
  view: PickedFileView;
}

export interface UploadMessage {
  roomId: string;
  markdown?: string;
  parentId?: string;
}

export type UploadPicked = (
  session: ActiveSession,
  fileId: string,
  message: UploadMessage,
  options?: CallOptions,
) => Promise<Message>;

function tooLarge(name: string, size: number): AppFailure {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return new AppFailure('invalidInput', `${name} is ${mb} MB; files up to 100 MB can be attached.`, {
    issues: [{ path: 'file', message: `${name} is larger than 100 MB.` }],
  });
}

async function sizeOf(file: string, name: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new AppFailure('notFound', `${name} is no longer there: choose the file again.`, {
      issues: [{ path: 'file', message: `${name} was moved or deleted.` }],
    });
  }
  if (!info.isFile())
    throw new AppFailure('invalidInput', `${name} is not a file.`, {
      issues: [{ path: 'file', message: `${name} is not a file.` }],
    });
  return info.size;
}

export interface PickedFiles {
  pick(
    chooser: (() => Promise<ChosenFile | undefined>) | undefined,
  ): Promise<{ picked: false } | { picked: true; file: PickedFileView }>;
  upload: UploadPicked;
  clear(): void;
}

export function createPickedFiles(): PickedFiles {
  const picked = new Map<string, Picked>();
  return {
    async pick(chooser) {
      const chosen = chooser ? await chooser() : undefined;
      if (!chosen) return { picked: false };
      const name = path.basename(chosen.path);
      const size = await sizeOf(chosen.path, name);
      if (size > MAX_UPLOAD_BYTES) throw tooLarge(name, size);
      const view: PickedFileView = { fileId: randomUUID(), name, size, contentType: guessContentType(name) };
      picked.set(view.fileId, { path: chosen.path, view });
      while (picked.size > MAX_PICKED) picked.delete(picked.keys().next().value as string);
      return { picked: true, file: { ...view } };
    },
    async upload(session, fileId, message, options) {
      const entry = picked.get(fileId);
      if (!entry)
        throw new AppFailure('notFound', 'The chosen file is no longer known: choose it again.', {
          issues: [{ path: 'fileId', message: 'Choose the file again.' }],
        });
      const { name, contentType } = entry.view;
      const size = await sizeOf(entry.path, name);
      if (size > MAX_UPLOAD_BYTES) throw tooLarge(name, size);
      const body = {
        roomId: message.roomId,
        file: { path: entry.path, filename: name, contentType },
        ...(message.markdown !== undefined && message.markdown !== '' ? { markdown: message.markdown } : {}),
        ...(message.parentId !== undefined ? { parentId: message.parentId } : {}),
      };
      return orGone('The space', () =>
        withScope(session, 'spark:messages_write', 'sending messages', () =>
          session.client.messages.create(body, options),
        ),
      );
    },
    clear() {
      picked.clear();
    },
  };
}
