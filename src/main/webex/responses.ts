import type { AppErrorIssue } from '../../shared/errors';
import type { ValidationIssue, ValidationResult } from './schemas';

/** Thrown by response readers; the transport turns it into a `malformed` `WebexApiError` with full context. */
export class MalformedResponse extends Error {
  constructor(
    message: string,
    readonly issues: AppErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'MalformedResponse';
  }
}

/** Minimal shape of undici's response body that the readers need. */
export interface TextBody {
  text(): Promise<string>;
}

/** Reads and parses a JSON body. Empty or non-JSON → `MalformedResponse`; transport errors propagate. */
export async function readJsonBody(body: TextBody): Promise<unknown> {
  const text = await body.text();
  if (text.trim() === '') throw new MalformedResponse('the response body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedResponse('the response body is not valid JSON');
  }
}

export function issuesOf(error: { issues: readonly ValidationIssue[] }, prefix = ''): AppErrorIssue[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Validates `value` with `schema`; failure → `MalformedResponse` listing (at most 10) issues. */
export function validate<T>(
  schema: { safeParse(value: unknown): ValidationResult<T> },
  value: unknown,
  what: string,
  prefix: string | (() => string) = '',
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new MalformedResponse(
      `the response is not a valid ${what}`,
      issuesOf(result.error, typeof prefix === 'string' ? prefix : prefix()),
    );
  }
  return result.data;
}
