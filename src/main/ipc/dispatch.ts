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
  const parsed = (schemas.payload as z.ZodType).safeParse(payload);
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
