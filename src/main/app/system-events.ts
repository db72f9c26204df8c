import type { Net } from 'electron';
import type { PowerMonitorLike } from './electron-types';
import type { SystemEvent, SystemEvents } from '../platform';

/**
 * Suspend/resume and screen lock from powerMonitor; online/offline by watching `net.isOnline()` (main has no
 * online event). Polling continues while locked and pauses while suspended or offline (docs/architecture.md §6.3).
 */
export function createSystemEvents(
  powerMonitor: PowerMonitorLike,
  net: Pick<Net, 'isOnline'>,
  options: { onlineCheckMs?: number } = {},
): SystemEvents & { dispose(): void } {
  const listeners = new Set<(event: SystemEvent) => void>();
  const emit = (event: SystemEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const powerEvents = ['suspend', 'resume', 'lock-screen', 'unlock-screen'] as const;
  const handlers = powerEvents.map((name) => [name, () => emit(name)] as const);
  for (const [name, handler] of handlers) powerMonitor.on(name, handler);
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
      for (const [name, handler] of handlers) powerMonitor.removeListener(name, handler);
      listeners.clear();
    },
  };
}
