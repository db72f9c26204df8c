import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { Confirm } from '../platform';

/**
 * What a native dialog can be attached to (Electron: a BaseWindow). The main window is one; only a visible one is
 * used, since a sheet on a hidden window (macOS, window closed to the tray) would never be seen.
 */
export interface DialogParent {
  isDestroyed(): boolean;
  isVisible(): boolean;
}

/** The main window, when there is one to attach a dialog to. */
export type ParentSource = () => DialogParent | undefined;

export interface DialogLike {
  showMessageBox(window: DialogParent, options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

/** The parent for a dialog opened now: the main window when it exists and is shown, else none (a free dialog). */
export function usableParent(parent: ParentSource | undefined): DialogParent | undefined {
  const window = parent?.();
  return window && !window.isDestroyed() && window.isVisible() ? window : undefined;
}

/** A message box attached to the main window when there is one. */
export function showMessageBox(
  dialog: DialogLike,
  parent: ParentSource | undefined,
  options: MessageBoxOptions,
): Promise<MessageBoxReturnValue> {
  const window = usableParent(parent);
  return window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
}

/** Confirmation in a native dialog opened by main (e.g. a non-default API host). Cancel is the default button. */
export function createConfirm(dialog: DialogLike, parent?: ParentSource): Confirm {
  return async (request) => {
    const { response } = await showMessageBox(dialog, parent, {
      type: 'warning',
      title: request.title,
      message: request.message,
      detail: request.detail ?? '',
      buttons: [request.cancelLabel ?? 'Cancel', request.confirmLabel],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return response === 1;
  };
}

/** The warning before quitting with outbox items not yet sent (docs/outbox.md). Resolves true for Quit. */
export async function askQuitWithUnsent(
  dialog: DialogLike,
  parent: ParentSource | undefined,
  request: { productName: string; pending: number },
): Promise<boolean> {
  const { pending } = request;
  const { response } = await showMessageBox(dialog, parent, {
    type: 'warning',
    title: request.productName,
    message:
      pending === 1
        ? '1 message has not been sent yet. Quit anyway?'
        : `${pending} messages have not been sent yet. Quit anyway?`,
    detail:
      'Unsent messages stay in the outbox. One that expires before the app runs again is not sent without asking you.',
    buttons: ['Quit', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}
