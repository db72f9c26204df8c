import type { Notification, NotificationConstructorOptions } from 'electron';
import type { Notifier } from '../platform';

export type NotificationClass = {
  new (options: NotificationConstructorOptions): Notification;
  isSupported(): boolean;
};

/**
 * Desktop notifications through Electron's Notification. A notification with the same id replaces the shown one
 * (the core coalesces per space and rule); a click runs the core's handler (focus the space).
 */
export function createElectronNotifier(NotificationCtor: NotificationClass): Notifier {
  const shown = new Map<string, Notification>();
  return {
    show(request, onClick) {
      if (!NotificationCtor.isSupported()) return;
      shown.get(request.id)?.close();
      const notification = new NotificationCtor({
        title: request.title,
        body: request.body,
        silent: false,
        urgency: request.critical ? 'critical' : 'normal',
        timeoutType: request.critical ? 'never' : 'default',
      });
      notification.on('click', () => onClick());
      notification.on('close', () => {
        if (shown.get(request.id) === notification) shown.delete(request.id);
      });
      shown.set(request.id, notification);
      notification.show();
    },
  };
}
