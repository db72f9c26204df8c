import type { Net, PowerMonitor } from 'electron';
import type { SystemEvent, SystemEvents } from '../platform';

/**
 * Suspend/resume and screen lock from powerMonitor; online/offline by watching `net.isOnline()` (main has no
 * online event). Polling continues while locked and pauses while suspended or offline (DESIGN.md §6).
 */
export function createSystemEvents(
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>,
  net: Pick<Net, 'isOnline'>,
  options: { onlineCheckMs?: number } = {},
): SystemEvents & { dispose(): void } {
  const listeners = new Set<(event: SystemEvent) => void>();
  const emit = (event: SystemEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const handlers: [SystemEvent, () => void][] = (['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const).map(
    (name) => [name, () => emit(name)],
  );
  for (const [name, handler] of handlers) powerMonitor.on(name as 'suspend', handler);
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now !== online) {
      online = now;
      emit(now ? 'online' : 'offline');
    }
  }, options.onlineCheckMs ?? 3000);
  timer.unref?.();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    isOnline: () => online,
    dispose() {
      clearInterval(timer);
      for (const [name, handler] of handlers) powerMonitor.removeListener(name as 'suspend', handler);
      listeners.clear();
    },
  };
}
