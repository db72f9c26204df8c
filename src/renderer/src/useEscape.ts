import { useEffect, useRef } from 'react';

/**
 * Esc closes a dialog wherever the focus is (also on the page body, after the focused button was removed); it is
 * taken before the window-wide shortcuts see it, so Esc does not also close the thread or leave the space.
 */
export function useEscape(onEscape: () => void): void {
  const latest = useRef(onEscape);
  useEffect(() => {
    latest.current = onEscape;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.stopPropagation();
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
