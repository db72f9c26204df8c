import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { LocalFile } from './types';

/** Webex limit for one attachment (docs/webex-api.md §6). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
};

export function guessContentType(fileName: string): string {
  return TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Quoted-string content for a Content-Disposition parameter (WHATWG form-data escaping). */
function escapeParam(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

export interface MultipartBody {
  contentType: string;
  length: number;
  /** A fresh stream of the whole body (fields, then the file streamed from disk). */
  open(): Readable;
}

export class MultipartFileError extends Error {
  constructor(
    message: string,
    readonly reason: 'missing' | 'notAFile' | 'tooLarge',
  ) {
    super(message);
    this.name = 'MultipartFileError';
  }
}

/**
 * Builds a multipart/form-data body of text `fields` and one file part named `fileField`, streamed from disk.
 * The length comes from `stat`, so the request carries Content-Length; the file is read as exactly that many bytes.
 */
export async function createMultipartBody(
  fields: [string, string][],
  file: LocalFile,
  fileField = 'files',
): Promise<MultipartBody> {
  let size: number;
  try {
    const info = await stat(file.path);
    if (!info.isFile()) throw new MultipartFileError('the attachment is not a regular file', 'notAFile');
    size = info.size;
  } catch (e) {
    if (e instanceof MultipartFileError) throw e;
    throw new MultipartFileError('the attachment file cannot be read', 'missing');
  }
  if (size > MAX_UPLOAD_BYTES) throw new MultipartFileError('the attachment is larger than 100 MB', 'tooLarge');

  const boundary = `----WebexOpsConsole${randomBytes(16).toString('hex')}`;
  const fileName = file.filename ?? path.basename(file.path);
  const contentType = file.contentType ?? guessContentType(fileName);
  const head = Buffer.from(
    fields
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeParam(name)}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeParam(fileField)}"; filename="${escapeParam(fileName)}"\r\n` +
      `Content-Type: ${contentType.replace(/[\r\n]/g, '')}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const filePath = file.path;
  const onRead = file.onRead;

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + size + tail.length,
    open: () =>
      Readable.from(
        (async function* () {
          yield head;
          if (size > 0) {
            let read = 0;
            for await (const chunk of createReadStream(filePath, { start: 0, end: size - 1 })) {
              // Counted as the request pulls the body, so it follows the upload (docs/outbox.md: upload progress).
              read += (chunk as Buffer).length;
              onRead?.(read, size);
              yield chunk as Buffer;
            }
          }
          yield tail;
        })(),
        { objectMode: false },
      ),
  };
}
