import type { MenuItemConstructorOptions } from 'electron';
import type { RoomsState, RulesState } from '../../shared/contract/channels';

export interface TrayStatus {
  unread: number;
  mentions: number;
  alerts: number;
  /** Notifications are paused (do-not-disturb) until this ISO time. */
  pausedUntil?: string;
}

/** Totals over the watched spaces (only those have exact counts), and whether notifications are paused. */
export function trayStatus(rooms: RoomsState, rules: RulesState, now: number): TrayStatus {
  let unread = 0;
  let mentions = 0;
  let alerts = 0;
  for (const room of rooms.rooms) {
    if (!room.watched) continue;
    unread += room.unread ?? 0;
    mentions += room.mentions ?? 0;
    if (room.alert) alerts += 1;
  }
  const until = rules.dnd.until;
  const paused = until !== undefined && Date.parse(until) > now;
  return { unread, mentions, alerts, ...(paused ? { pausedUntil: until } : {}) };
}

/** "Webex Ops Console — 2 alerts, 1 mention, 14 unread · notifications paused" */
export function trayTooltip(productName: string, status: TrayStatus): string {
  const parts: string[] = [];
  const count = (n: number, one: string, many: string): void => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  count(status.alerts, 'alert', 'alerts');
  count(status.mentions, 'mention', 'mentions');
  count(status.unread, 'unread', 'unread');
  const counts = parts.length > 0 ? parts.join(', ') : 'nothing unread';
  return `${productName} — ${counts}${status.pausedUntil ? ' · notifications paused' : ''}`;
}

/** The short text next to the macOS menu-bar icon: mentions first, then unread; empty when quiet. */
export function trayTitle(status: TrayStatus): string {
  if (status.mentions > 0) return `@${status.mentions}`;
  return status.unread > 0 ? String(status.unread) : '';
}

export interface TrayMenuOptions {
  productName: string;
  status: TrayStatus;
  signedIn: boolean;
  closeToTray: boolean;
  /** undefined where the OS has no login items Electron can set (Linux). */
  openAtLogin: boolean | undefined;
  actions: {
    showWindow(): void;
    pauseNotifications(minutes: number | undefined): void;
    setCloseToTray(on: boolean): void;
    setOpenAtLogin(on: boolean): void;
    quit(): void;
  };
}

export function trayMenuTemplate(options: TrayMenuOptions): MenuItemConstructorOptions[] {
  const { actions, status } = options;
  const paused = status.pausedUntil !== undefined;
  return [
    { label: `Show ${options.productName}`, click: () => actions.showWindow() },
    { type: 'separator' },
    paused
      ? { label: 'Resume Notifications', enabled: options.signedIn, click: () => actions.pauseNotifications(undefined) }
      : {
          label: 'Pause Notifications for 1 Hour',
          enabled: options.signedIn,
          click: () => actions.pauseNotifications(60),
        },
    {
      label: 'Keep Running in the Tray When the Window Is Closed',
      type: 'checkbox',
      checked: options.closeToTray,
      click: (item) => actions.setCloseToTray(item.checked),
    },
    ...(options.openAtLogin === undefined
      ? []
      : ([
          {
            label: 'Start at Login',
            type: 'checkbox',
            checked: options.openAtLogin,
            click: (item) => actions.setOpenAtLogin(item.checked),
          },
        ] as MenuItemConstructorOptions[])),
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
