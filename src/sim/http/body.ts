/**
 * Request bodies (docs/webex-api.md §1, §8): JSON everywhere; POST /messages also multipart/form-data (one file part
 * named `files`) and application/x-www-form-urlencoded; POST /access_token form-urlencoded (JSON tolerated).
 * A body with another (or no) content type → 415 "Content type '<type>' not supported"; bad JSON → 400.
 */
import { ApiError, contentTypeNotSupported, MSG } from '../core/errors';
import type { Body, BodyMode, UploadedFile } from './types';

function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(';')[0]?.trim().toLowerCase();
}

function parseJson(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, MSG.malformedJson);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, MSG.bodyNotObject);
  return value as Record<string, unknown>;
}

function parseUrlEncoded(raw: Buffer): Body {
  const fields = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
    const list = fields.get(k);
    if (list) list.push(v);
    else fields.set(k, [v]);
  }
  return { kind: 'form', fields, files: [] };
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<Body> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new ApiError(400, 'Could not parse the multipart/form-data body.');
  }
  const fields = new Map<string, string[]>();
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      const list = fields.get(name);
      if (list) list.push(value);
      else fields.set(name, [value]);
    } else if (name === 'files') {
      files.push({
        name: value.name || 'file',
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { kind: 'form', fields, files };
}

export async function parseBody(
  mode: BodyMode,
  method: string,
  contentType: string | undefined,
  raw: Buffer,
): Promise<Body> {
  if (mode === 'none' || method === 'GET' || method === 'HEAD' || method === 'DELETE') return { kind: 'none' };
  const type = mediaType(contentType);
  if (type === undefined || type === '') throw new ApiError(415, contentTypeNotSupported('text/plain'));
  if (type === 'application/json') {
    if (mode === 'token') {
      const obj = parseJson(raw);
      const fields = new Map<string, string[]>();
      for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') fields.set(k, [v]);
      return { kind: 'form', fields, files: [] };
    }
    return { kind: 'json', value: parseJson(raw) };
  }
  if (type === 'application/x-www-form-urlencoded' && (mode === 'message' || mode === 'token'))
    return parseUrlEncoded(raw);
  if (type === 'multipart/form-data' && mode === 'message') return parseMultipart(raw, contentType as string);
  throw new ApiError(415, contentTypeNotSupported(contentType as string));
}
