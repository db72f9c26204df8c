import type { AppErrorIssue } from '../../../shared/errors';
import { MultipartFileError, createMultipartBody } from '../multipart';
import { failedPaged, type Paged } from '../paged';
import { definedOnly, seg } from '../query';
import { messageSchema } from '../schemas';
import type { RequestBody } from '../transport';
import type {
  CallOptions,
  CreateMessageBody,
  EditMessageBody,
  ListDirectMessagesQuery,
  ListMessagesQuery,
  ListOptions,
  Message,
} from '../types';
import { callJson, callNoContent, invalidInput, list, requireId, type ResourceContext } from './common';

export interface MessagesApi {
  /** `GET /messages?roomId=` newest first — default `max` 50; capped at 100 with `mentionedPeople`. */
  list(query: ListMessagesQuery, options?: ListOptions): Paged<Message>;
  /** `GET /messages/direct?personId=|personEmail=` (one page in practice: Webex sends no Link). */
  listDirect(query: ListDirectMessagesQuery, options?: ListOptions): Paged<Message>;
  /**
   * `POST /messages`. JSON, or multipart/form-data streamed from disk when `file` is given. Never retried once it
   * may have reached Webex: such a failure has `delivery: 'unknown'`.
   */
  create(body: CreateMessageBody, options?: CallOptions): Promise<Message>;
  get(messageId: string, options?: CallOptions): Promise<Message>;
  /** `PUT /messages/{id}` (edit; at most 10 per message, so never retried once it may have been applied). */
  update(messageId: string, body: EditMessageBody, options?: CallOptions): Promise<Message>;
  delete(messageId: string, options?: CallOptions): Promise<void>;
}

export const MESSAGES_DEFAULT_MAX = 50;
export const MESSAGES_MENTIONED_MAX = 100;
/** Webex limit for `text` and `markdown`, in UTF-8 bytes. */
export const MAX_MESSAGE_BYTES = 7439;

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value !== '';
}

function checkLength(issues: AppErrorIssue[], field: 'text' | 'markdown', value: string | undefined): void {
  if (value !== undefined && Buffer.byteLength(value, 'utf8') > MAX_MESSAGE_BYTES) {
    issues.push({ path: field, message: `longer than ${MAX_MESSAGE_BYTES} bytes` });
  }
}

function createIssues(body: CreateMessageBody): AppErrorIssue[] {
  const issues: AppErrorIssue[] = [];
  const destinations = [body.roomId, body.toPersonId, body.toPersonEmail].filter(nonEmpty);
  if (destinations.length !== 1) {
    issues.push({ path: 'roomId', message: 'exactly one of roomId, toPersonId, toPersonEmail is required' });
  }
  const hasContent =
    nonEmpty(body.text) ||
    nonEmpty(body.markdown) ||
    body.file !== undefined ||
    (body.files !== undefined && body.files.length > 0) ||
    (body.attachments !== undefined && body.attachments.length > 0);
  if (!hasContent) issues.push({ path: 'text', message: 'text, markdown, a file or an attachment is required' });
  checkLength(issues, 'text', body.text);
  checkLength(issues, 'markdown', body.markdown);
  if (body.files !== undefined) {
    if (body.files.length !== 1) issues.push({ path: 'files', message: 'exactly one file URL' });
    else if (!/^https?:\/\/[^/]+/i.test(body.files[0])) issues.push({ path: 'files.0', message: 'not an http(s) URL' });
    if (body.file !== undefined)
      issues.push({ path: 'file', message: 'give either files (URL) or file (local), not both' });
  }
  if (body.file !== undefined) {
    if (!nonEmpty(body.file.path)) issues.push({ path: 'file.path', message: 'required' });
    if (body.attachments !== undefined && body.attachments.length > 0) {
      issues.push({ path: 'attachments', message: 'a card cannot be sent with a local file' });
    }
  }
  if (body.attachments !== undefined && body.attachments.length > 1) {
    issues.push({ path: 'attachments', message: 'only one card per message' });
  }
  return issues;
}

export function createMessagesApi(ctx: ResourceContext): MessagesApi {
  const route = '/messages/{messageId}';
  const one = (id: string): string => `/messages/${seg(id)}`;

  async function createBody(body: CreateMessageBody): Promise<RequestBody> {
    if (body.file === undefined) {
      const { file: _file, ...json } = body;
      return { type: 'json', value: definedOnly(json) };
    }
    const fields: [string, string][] = [];
    for (const key of ['roomId', 'toPersonId', 'toPersonEmail', 'parentId', 'text', 'markdown'] as const) {
      const value = body[key];
      if (value !== undefined) fields.push([key, value]);
    }
    try {
      const multipart = await createMultipartBody(fields, body.file, 'files');
      return { type: 'stream', contentType: multipart.contentType, length: multipart.length, open: multipart.open };
    } catch (e) {
      if (e instanceof MultipartFileError) {
        throw invalidInput('POST', '/messages', e.message, [{ path: 'file.path', message: e.reason }]);
      }
      throw e;
    }
  }

  return {
    list: (query, options) => {
      const max =
        query.mentionedPeople !== undefined && query.max !== undefined
          ? Math.min(query.max, MESSAGES_MENTIONED_MAX)
          : (query.max ?? MESSAGES_DEFAULT_MAX);
      try {
        requireId('GET', '/messages', 'roomId', query.roomId);
      } catch (e) {
        return failedPaged(e);
      }
      return list(ctx, '/messages', '/messages', definedOnly({ ...query, max }), messageSchema, 'message', options);
    },
    listDirect: (query, options) => {
      if (!nonEmpty(query.personId) && !nonEmpty(query.personEmail)) {
        return failedPaged(
          invalidInput('GET', '/messages/direct', 'personId or personEmail is required', [
            { path: 'personId', message: 'required' },
          ]),
        );
      }
      return list(ctx, '/messages/direct', '/messages/direct', definedOnly(query), messageSchema, 'message', options);
    },
    create: async (body, options) => {
      const issues = createIssues(body);
      if (issues.length > 0) throw invalidInput('POST', '/messages', 'invalid message', issues);
      return callJson(
        ctx,
        { method: 'POST', path: '/messages', route: '/messages', body: await createBody(body), idempotent: false },
        messageSchema,
        'message',
        options,
      );
    },
    get: async (id, options) => {
      requireId('GET', route, 'messageId', id);
      return callJson(ctx, { method: 'GET', path: one(id), route }, messageSchema, 'message', options);
    },
    update: async (id, body, options) => {
      requireId('PUT', route, 'messageId', id);
      const issues: AppErrorIssue[] = [];
      if (!nonEmpty(body.roomId)) issues.push({ path: 'roomId', message: 'required' });
      if (!nonEmpty(body.text) && !nonEmpty(body.markdown))
        issues.push({ path: 'text', message: 'text or markdown is required' });
      checkLength(issues, 'text', body.text);
      checkLength(issues, 'markdown', body.markdown);
      if (issues.length > 0) throw invalidInput('PUT', route, 'invalid edit', issues);
      return callJson(
        ctx,
        { method: 'PUT', path: one(id), route, body: { type: 'json', value: definedOnly(body) }, idempotent: false },
        messageSchema,
        'message',
        options,
      );
    },
    delete: async (id, options) => {
      requireId('DELETE', route, 'messageId', id);
      return callNoContent(ctx, { method: 'DELETE', path: one(id), route }, options);
    },
  };
}
