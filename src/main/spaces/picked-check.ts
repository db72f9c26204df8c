/**
 * What main remembers of a file the operator chose for the composer, and the checks it passes again before it is
 * sent (docs/security.md): the chosen path is resolved once (a symlink chosen in the dialog is followed then, never
 * later), and the file sent must still be that same file — there, a regular file and not a symlink, the same
 * inode on the same device, the same size, at most 100 MB. A file moved away, swapped for another (or for a symlink
 * to another) or changed since it was chosen is refused with words that say so; nothing is uploaded.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { PickedFileView } from '../../shared/contract/channels';
import { AppFailure } from '../errors';
import { guessContentType, MAX_UPLOAD_BYTES } from '../webex';

/** A chosen file as main keeps it (in memory, and with the space's draft on disk). The path never leaves main. */
export interface PickedRecord {
  fileId: string;
  /** The resolved (real) path. */
  path: string;
  name: string;
  size: number;
  contentType: string;
  /** Identity of the file when chosen: a file swapped in under the same name has another inode. */
  dev: number;
  ino: number;
}

/** The record as it is stored on disk by main (a draft, an outbox item in the journal); never sent to the window. */
export const pickedRecordSchema = z.strictObject({
  fileId: z.string().min(1).max(200),
  path: z.string().min(1).max(4096),
  name: z.string().max(1024),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(256),
  dev: z.number(),
  ino: z.number(),
}) satisfies z.ZodType<PickedRecord>;

export function pickedView(record: PickedRecord): PickedFileView {
  return { fileId: record.fileId, name: record.name, size: record.size, contentType: record.contentType };
}

export function tooLarge(name: string, size: number): AppFailure {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return new AppFailure('invalidInput', `${name} is ${mb} MB; files up to 100 MB can be attached.`, {
    issues: [{ path: 'file', message: `${name} is larger than 100 MB.` }],
  });
}

function gone(name: string): AppFailure {
  return new AppFailure('notFound', `${name} is no longer there: choose the file again.`, {
    issues: [{ path: 'file', message: `${name} was moved or deleted.` }],
  });
}

function notAFile(name: string): AppFailure {
  return new AppFailure('invalidInput', `${name} is not a file.`, {
    issues: [{ path: 'file', message: `${name} is not a file.` }],
  });
}

function replaced(name: string, how: string): AppFailure {
  return new AppFailure('invalidInput', `${name} ${how} since it was chosen: choose the file again.`, {
    issues: [{ path: 'file', message: `${name} ${how} since it was chosen.` }],
  });
}

/** The file the dialog answered, resolved and checked (a regular file, at most 100 MB). */
export async function inspectChosen(chosenPath: string, fileId: string): Promise<PickedRecord> {
  const name = path.basename(chosenPath);
  let real: string;
  let info;
  try {
    real = await realpath(chosenPath);
    info = await stat(real);
  } catch {
    throw gone(name);
  }
  if (!info.isFile()) throw notAFile(name);
  if (info.size > MAX_UPLOAD_BYTES) throw tooLarge(name, info.size);
  return {
    fileId,
    path: real,
    name,
    size: info.size,
    contentType: guessContentType(name),
    dev: info.dev,
    ino: info.ino,
  };
}

/** Right before sending: still the file that was chosen (see the module comment); its size. */
export async function recheck(record: PickedRecord): Promise<number> {
  let info;
  try {
    info = await lstat(record.path);
  } catch {
    throw gone(record.name);
  }
  if (info.isSymbolicLink()) throw replaced(record.name, 'was replaced by a link');
  if (!info.isFile()) throw notAFile(record.name);
  if (info.dev !== record.dev || info.ino !== record.ino) throw replaced(record.name, 'was replaced by another file');
  if (info.size !== record.size) throw replaced(record.name, 'changed');
  if (info.size > MAX_UPLOAD_BYTES) throw tooLarge(record.name, info.size);
  return info.size;
}
