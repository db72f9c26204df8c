/**
 * Files to attach (docs/webex-api.md §8): the operator chooses one in a native dialog in main; the window gets an
 * opaque handle with the name and size, never the path (docs/security.md). The size limit (100 MB) is checked when
 * the file is chosen and again right before the streamed upload, which also notices a file that disappeared or was
 * swapped for another (src/main/spaces/picked-check.ts). A handle kept with a space's draft is adopted again after
 * a restart (src/main/spaces/drafts.ts).
 */
import { randomUUID } from 'node:crypto';
import type { PickedFileView } from '../../shared/contract/channels';
import { withScope } from '../auth/scopes';
import type { ActiveSession } from '../auth/types';
import { AppFailure } from '../errors';
import type { CallOptions, Message } from '../webex';
import { orGone } from './failures';
import { inspectChosen, pickedView, recheck, type PickedRecord } from './picked-check';
import type { ChosenFile } from './types';

/** Handles kept at once; the oldest is forgotten beyond this (the composer attaches one file at a time). */
export const MAX_PICKED = 20;

export interface UploadMessage {
  roomId: string;
  markdown?: string;
  parentId?: string;
}

/** How far an upload has got: bytes of the file read into the request so far, of its size. */
export interface UploadProgressReport {
  name: string;
  sentBytes: number;
  totalBytes: number;
}

export interface UploadOptions extends CallOptions {
  /**
   * Progress of the streamed upload, throttled: at most once per `max(64 KiB, 1 %)` of the file, always at the end.
   * Starts again from 0 if the client sends the request again.
   */
  onProgress?: (progress: UploadProgressReport) => void;
}

/** `file`: a handle chosen in this run of the app, or the record kept with an outbox item (after a restart). */
export type UploadPicked = (
  session: ActiveSession,
  file: string | PickedRecord,
  message: UploadMessage,
  options?: UploadOptions,
) => Promise<Message>;

/** Reports at most once per this many bytes (or 1 % of the file, when more), and always the last byte. */
export const UPLOAD_PROGRESS_STEP_BYTES = 64 * 1024;

/** Throttles `onRead(sent, total)` of one upload into `report` calls: each step, the end, and a restart from 0. */
export function throttledProgress(
  name: string,
  report: (progress: UploadProgressReport) => void,
): (sentBytes: number, totalBytes: number) => void {
  let last = -1;
  return (sentBytes, totalBytes) => {
    const step = Math.max(UPLOAD_PROGRESS_STEP_BYTES, Math.ceil(totalBytes / 100));
    if (sentBytes < last) last = -1; // the request was sent again: its body is read from the start
    if (sentBytes !== totalBytes && last >= 0 && sentBytes - last < step) return;
    if (sentBytes === last) return;
    last = sentBytes;
    report({ name, sentBytes, totalBytes });
  };
}

function unknownFile(): AppFailure {
  return new AppFailure('notFound', 'The chosen file is no longer known: choose it again.', {
    issues: [{ path: 'fileId', message: 'Choose the file again.' }],
  });
}

export interface PickedFiles {
  pick(
    chooser: (() => Promise<ChosenFile | undefined>) | undefined,
  ): Promise<{ picked: false } | { picked: true; file: PickedFileView }>;
  upload: UploadPicked;
  /** The file behind a handle, still the one chosen (composer.checkFile); notFound / invalidInput otherwise. */
  check(fileId: string): Promise<PickedFileView>;
  /** What main keeps of a handle (to store it with a draft), if it is known. */
  entry(fileId: string): PickedRecord | undefined;
  /** Knows a handle again (one kept with a draft, after a restart or an identity switch). */
  adopt(record: PickedRecord): void;
  clear(): void;
}

export function createPickedFiles(): PickedFiles {
  const picked = new Map<string, PickedRecord>();
  const keep = (record: PickedRecord): void => {
    picked.delete(record.fileId);
    picked.set(record.fileId, { ...record });
    while (picked.size > MAX_PICKED) picked.delete(picked.keys().next().value as string);
  };
  return {
    async pick(chooser) {
      const chosen = chooser ? await chooser() : undefined;
      if (!chosen) return { picked: false };
      const record = await inspectChosen(chosen.path, randomUUID());
      keep(record);
      return { picked: true, file: pickedView(record) };
    },
    async check(fileId) {
      const entry = picked.get(fileId);
      if (!entry) throw unknownFile();
      await recheck(entry);
      return pickedView(entry);
    },
    entry(fileId) {
      const entry = picked.get(fileId);
      return entry ? { ...entry } : undefined;
    },
    adopt(record) {
      if (!picked.has(record.fileId)) keep(record);
    },
    async upload(session, file, message, options) {
      const entry = typeof file === 'string' ? picked.get(file) : file;
      if (!entry) throw unknownFile();
      const { name, contentType } = entry;
      await recheck(entry);
      const { onProgress, ...callOptions } = options ?? {};
      const onRead = onProgress ? throttledProgress(name, onProgress) : undefined;
      const body = {
        roomId: message.roomId,
        file: { path: entry.path, filename: name, contentType, ...(onRead ? { onRead } : {}) },
        ...(message.markdown !== undefined && message.markdown !== '' ? { markdown: message.markdown } : {}),
        ...(message.parentId !== undefined ? { parentId: message.parentId } : {}),
      };
      return orGone('The space', () =>
        withScope(session, 'spark:messages_write', 'sending messages', () =>
          session.client.messages.create(body, callOptions),
        ),
      );
    },
    clear() {
      picked.clear();
    },
  };
}
