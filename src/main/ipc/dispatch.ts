import type { z } from 'zod';
import { isInvokeChannel, type InvokeChannel, type InvokeMap } from '../../shared/contract/channels';
import { invokeSchemas } from '../../shared/contract/schemas';
import type { AppErrorIssue } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { toAppError, type InternalErrorReporter } from '../errors';

/** What a core handler gets besides its payload. */
export interface InvokeContext {
  /** Which window (or harness page) called; used to route per-window state such as subscriptions. */
  senderId: string;
}

export type Handler<C extends InvokeChannel> = (
  payload: InvokeMap[C]['payload'],
  context: InvokeContext,
) => Promise<InvokeMap[C]['result']>;

export type Handlers = { [C in InvokeChannel]: Handler<C> };

export function zodIssues(error: z.ZodError): AppErrorIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Deeper payloads are refused outright (no channel nests more than three levels). */
export const MAX_PAYLOAD_DEPTH = 32;
/** Longer arrays are refused outright (no channel takes more than 1,000 items). */
export const MAX_PAYLOAD_ARRAY = 10_000;
const TOO_BIG: unique symbol = Symbol('too big');

/**
 * A copy of `value` made of its own enumerable data only: objects become null-prototype objects, arrays fresh dense
 * arrays (bounded in depth and length). zod then cannot read a field inherited from a polluted `Object.prototype` (docs/security.md), and an own
 * `__proto__` key stays an ordinary key that a strict schema refuses. Iterative, so depth cannot blow the stack.
 */
export function ownData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const root: { value: unknown } = { value: undefined };
  const stack: { from: object; put: (v: unknown) => void; depth: number }[] = [
    { from: value, put: (v) => (root.value = v), depth: 1 },
  ];
  while (stack.length > 0) {
    const { from, put, depth } = stack.pop() as (typeof stack)[number];
    if (depth > MAX_PAYLOAD_DEPTH) return TOO_BIG;
    if (Array.isArray(from)) {
      if (from.length > MAX_PAYLOAD_ARRAY) return TOO_BIG;
      const out: unknown[] = Array.from({ length: from.length });
      put(out);
      for (let i = 0; i < from.length; i++) {
        const item: unknown = Object.hasOwn(from, i) ? (from as unknown[])[i] : undefined;
        if (typeof item === 'object' && item !== null) {
          stack.push({ from: item, put: (v) => (out[i] = v), depth: depth + 1 });
        } else out[i] = item;
      }
    } else {
      const out = Object.create(null) as Record<string, unknown>;
      put(out);
      for (const key of Object.keys(from)) {
        const item = (from as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) {
          stack.push({ from: item, put: (v) => (out[key] = v), depth: depth + 1 });
        } else out[key] = item;
      }
    }
  }
  return root.value;
}

export interface DispatchOptions {
  report?: InternalErrorReporter;
  /** Validate results against their schemas too (tests and the e2e harness); a mismatch becomes `internal`. */
  validateResults?: boolean;
}

/**
 * The one way into the core from outside: unknown channel → `invalidInput`; payload validated with the channel's
 * zod schema → `invalidInput` with field issues; handler exceptions → their `AppError` (unknown ones `internal`
 * with a log correlation id). Always resolves to a `Result`; never throws.
 */
export async function dispatchInvoke(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  context: InvokeContext,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return fail({ kind: 'invalidInput', message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}.` });
  }
  const schemas = invokeSchemas[channel];
  const own = ownData(payload);
  if (own === TOO_BIG) {
    return fail({ kind: 'invalidInput', message: `Invalid payload for ${channel}: too deeply nested or too long.` });
  }
  const parsed = (schemas.payload as z.ZodType).safeParse(own);
  if (!parsed.success) {
    return fail({ kind: 'invalidInput', message: `Invalid payload for ${channel}.`, issues: zodIssues(parsed.error) });
  }
  try {
    const handler = handlers[channel] as (p: unknown, c: InvokeContext) => Promise<unknown>;
    const value = await handler(parsed.data, context);
    if (options.validateResults) {
      const checked = (schemas.result as z.ZodType).safeParse(value);
      if (!checked.success) {
        throw new Error(`Result of ${channel} breaks its schema: ${JSON.stringify(zodIssues(checked.error))}`);
      }
    }
    return ok(value);
  } catch (e) {
    return fail(toAppError(e, options.report, channel));
  }
}
