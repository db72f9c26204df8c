import type { KeyboardInputEvent, MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Sends a key press to the window's renderer, which owns the shortcut (src/renderer/src/features/keyboard). */
  sendKey(input: Pick<KeyboardInputEvent, 'keyCode' | 'modifiers'>): void;
  /** "Export Diagnostics…" is listed only when given. */
  exportDiagnostics?: () => void;
  showWindow(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  packaged: boolean;
  productName: string;
  actions: MenuActions;
}

/**
 * The application menu. It lists the window's own shortcuts (the renderer handles the keys; on Windows and Linux
 * the accelerators are only displayed so the key press reaches the page, and a menu click sends the same key), the
 * edit roles copy/paste need on macOS, zoom, and "Export diagnostics…". Reload and DevTools only in development:
 * a packaged build has neither (Electron's default menu would ship both).
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const mod = mac ? 'meta' : 'control';
  const { actions } = options;
  // On macOS a menu accelerator consumes the key, so the click forwards it; elsewhere the key goes to the page.
  const shortcut = (
    label: string,
    accelerator: string,
    keyCode: string,
    modifiers: KeyboardInputEvent['modifiers'],
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: mac,
    click: () => actions.sendKey({ keyCode, ...(modifiers ? { modifiers } : {}) }),
  });

  const go: MenuItemConstructorOptions = {
    label: 'Go',
    submenu: [
      shortcut('Quick Switcher…', 'CmdOrCtrl+K', 'K', [mod]),
      { type: 'separator' },
      shortcut('Previous Space', 'Alt+Up', 'Up', ['alt']),
      shortcut('Next Space', 'Alt+Down', 'Down', ['alt']),
      shortcut('Previous Unread Space', 'Alt+Shift+Up', 'Up', ['alt', 'shift']),
      shortcut('Next Unread Space', 'Alt+Shift+Down', 'Down', ['alt', 'shift']),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.packaged
        ? []
        : ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[])),
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      ...(actions.exportDiagnostics
        ? ([
            { label: 'Export Diagnostics…', click: actions.exportDiagnostics },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [shortcut('Keyboard Shortcuts', 'CmdOrCtrl+/', '/', [mod])],
  };
  const window: MenuItemConstructorOptions = mac
    ? {
        role: 'windowMenu',
        submenu: [
          { role: 'minimize' },
          { role: 'zoom' },
          { type: 'separator' },
          { label: options.productName, click: () => actions.showWindow() },
        ],
      }
    : { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: options.productName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, go, window, help];
}
