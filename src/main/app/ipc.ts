import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { IPC_INVOKE_CHANNEL } from '../../shared/contract/channels';
import { findPlainDataViolations } from '../../shared/plain';
import { fail, type Result } from '../../shared/result';
import type { InternalErrorReporter } from '../errors';
import { dispatchInvoke, type Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/types';

/** The parts of a frame the sender check reads (a real WebFrameMain satisfies it). */
export interface FrameLike {
  readonly processId: number;
  readonly routingId: number;
  readonly origin: string;
  /** Null for a top-level frame. */
  readonly parent: object | null;
}

// Compile-time proof that Electron's frames fit.
export type _FrameFits = WebFrameMain extends FrameLike ? true : never;

/** The parts of `webContents.ipc` the binding uses (a real IpcMain satisfies it; tests pass a typed fake). */
export interface IpcLike {
  handle(
    channel: string,
    listener: (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcBindingOptions {
  handlers: Handlers;
  /** The window's current main frame (read at each call: it changes on navigation). */
  mainFrame: () => FrameLike;
  /** `app://ops`, plus the dev server origin when not packaged. */
  allowedOrigins: readonly string[];
  senderId: string;
  report: InternalErrorReporter;
  logger: Logger;
  /** Called after a successful `app.ready`: the shell then subscribes this window to event batches. */
  onReady?: () => void;
}

/**
 * Accepts a call only from the window's own main frame (not a sub-frame, not a stale frame) whose origin is allowed.
 * Checks the payload is plain data, then the core's dispatcher validates it with zod. Results are checked too:
 * a handler returning non-plain data is a bug, reported as `internal` rather than shipped.
 */
export function isTrustedSender(
  frame: FrameLike | null | undefined,
  mainFrame: FrameLike,
  allowedOrigins: readonly string[],
): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) return false;
  return allowedOrigins.includes(frame.origin);
}

export function bindWindowIpc(ipc: IpcLike, options: IpcBindingOptions): () => void {
  const { logger } = options;
  ipc.handle(IPC_INVOKE_CHANNEL, async (event, channel, payload, ...rest): Promise<Result<unknown>> => {
    if (!isTrustedSender(event.senderFrame, options.mainFrame(), options.allowedOrigins)) {
      logger.warn('ipc call from an untrusted sender refused', {
        channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel,
        origin: event.senderFrame?.origin ?? null,
      });
      return fail({ kind: 'forbidden', message: 'This caller may not use the app bridge.' });
    }
    if (rest.length > 0) return fail({ kind: 'invalidInput', message: 'Too many arguments.' });
    const violations = findPlainDataViolations(payload);
    if (payload !== undefined && violations.length > 0) {
      return fail({
        kind: 'invalidInput',
        message: 'The payload is not plain data.',
        issues: violations.map((v) => ({ path: v.path, message: v.problem })),
      });
    }
    const result = await dispatchInvoke(
      options.handlers,
      channel,
      payload,
      { senderId: options.senderId },
      {
        report: options.report,
      },
    );
    const resultViolations = findPlainDataViolations(result);
    if (resultViolations.length > 0) {
      const correlationId = options.report(
        new Error(`non-plain result: ${JSON.stringify(resultViolations)}`),
        String(channel),
      );
      return fail({ kind: 'internal', message: 'The result could not be sent to the window.', correlationId });
    }
    if (result.ok && channel === 'app.ready') options.onReady?.();
    return result;
  });
  return () => ipc.removeHandler(IPC_INVOKE_CHANNEL);
}
