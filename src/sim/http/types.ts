import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../../main/log/types';
import type { AuthStore } from '../core/auth';
import type { MessageRec, PersonRec } from '../core/model';
import type { RateLimiter } from '../core/rateLimits';
import type { World } from '../core/world';
import type { PostedRecord } from '../types';

export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** A parsed request body. Forms (multipart or urlencoded) keep every value of a field in order. */
export type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'form'; fields: Map<string, string[]>; files: UploadedFile[] };

export interface ApiRequest {
  method: string;
  /** Path below /v1, without a trailing slash: '/messages/Y2lz…'. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  body: Body;
  /** Set for authenticated routes. */
  caller: PersonRec;
  token: string;
}

export interface ApiResponse {
  status: number;
  /** Serialized with the null guard; omitted for 204. */
  json?: unknown;
  /** Pre-serialized JSON (re-checked by the null guard). */
  jsonText?: string;
  /** A list page `{"items":[…]}` from item bytes that already went through the null guard (fast path). */
  jsonItems?: Buffer[];
  /** A raw body (contents) with its own content type. */
  raw?: { data: Buffer; contentType: string };
  headers?: Record<string, string>;
}

/** Which request bodies a route accepts. */
export type BodyMode = 'none' | 'json' | 'message' | 'token';

export interface SimContext {
  world: World;
  auth: AuthStore;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** 'http://127.0.0.1:PORT' */
  origin(): string;
  /** 'http://127.0.0.1:PORT/v1' */
  apiBase(): string;
  dropMentionedPeopleInNextLinks: boolean;
  /** Records a stored message in posted(). */
  recordPosted(msg: MessageRec, via: PostedRecord['via']): void;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** e.g. '/messages/{messageId}' */
  template: string;
  auth: boolean;
  body: BodyMode;
  handler(req: ApiRequest, ctx: SimContext): ApiResponse | Promise<ApiResponse>;
}
