import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { Confirm } from '../platform';

export interface DialogLike {
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
}

/** Confirmation in a native dialog opened by main (e.g. a non-default API host). Cancel is the default button. */
export function createConfirm(dialog: DialogLike): Confirm {
  return async (request) => {
    const { response } = await dialog.showMessageBox({
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
