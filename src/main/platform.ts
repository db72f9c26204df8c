/**
 * What the core needs from the operating system, as plain interfaces. The Electron shell implements them with
 * Notification, powerMonitor, dialog and shell.openExternal; the e2e harness and tests pass capturing fakes.
 */

export interface NotificationRequest {
  /** Stable id: a later notification with the same id replaces the earlier one (coalescing). */
  id: string;
  title: string;
  body: string;
  roomId: string;
  critical: boolean;
}

export interface Notifier {
  /** Shows (or replaces) a desktop notification; `onClick` runs when the operator clicks it. */
  show(notification: NotificationRequest, onClick: () => void): void;
}

export type SystemEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen' | 'online' | 'offline';

export interface SystemEvents {
  subscribe(listener: (event: SystemEvent) => void): () => void;
  isOnline(): boolean;
}

export interface ConfirmRequest {
  title: string;
  message: string;
  detail?: string;
  confirmLabel: string;
  cancelLabel?: string;
}

/** A native dialog opened by main (never by the renderer); resolves true when the operator confirms. */
export type Confirm = (request: ConfirmRequest) => Promise<boolean>;

/** Opens an already-checked https:/mailto: URL in the system browser or mail client. */
export type OpenExternal = (url: string) => Promise<void>;

/** A system-events source that never fires: for tools and tests that do not care. */
export const steadySystemEvents: SystemEvents = {
  subscribe: () => () => undefined,
  isOnline: () => true,
};

/** A notifier that shows nothing. */
export const silentNotifier: Notifier = { show: () => undefined };
