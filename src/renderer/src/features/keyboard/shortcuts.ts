/** Every keyboard shortcut, as the help overlay (Ctrl/Cmd+/) lists them. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'Ctrl/⌘ K', what: 'Quick switcher: jump to any space' },
  { keys: 'Alt ↑ / Alt ↓', what: 'Previous / next space in the list' },
  { keys: 'Alt Shift ↑ / Alt Shift ↓', what: 'Previous / next space with unread messages' },
  { keys: 'Esc', what: 'Close the open dialog or thread, then return to the space list' },
  { keys: 'Ctrl/⌘ /', what: 'This list of shortcuts' },
];

export type ShortcutAction =
  { kind: 'switcher' } | { kind: 'help' } | { kind: 'step'; step: 1 | -1; unreadOnly: boolean } | { kind: 'escape' };

/** The action a key press asks for, or undefined when it is not a shortcut. */
export function shortcutOf(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
): ShortcutAction | undefined {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && (event.key === 'k' || event.key === 'K')) return { kind: 'switcher' };
  if (mod && !event.altKey && event.key === '/') return { kind: 'help' };
  if (event.altKey && !mod && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
    return { kind: 'step', step: event.key === 'ArrowDown' ? 1 : -1, unreadOnly: event.shiftKey };
  }
  if (event.key === 'Escape' && !mod && !event.altKey) return { kind: 'escape' };
  return undefined;
}
