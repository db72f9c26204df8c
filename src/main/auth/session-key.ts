import type { ActiveSession } from './types';

/**
 * Which identity is at work in which folder. A re-sign-in as the same identity keeps the key (same client, same
 * folder), so whatever is kept per key — the watcher, its open space — carries on; another identity changes it.
 */
export function sessionKey(session: Pick<ActiveSession, 'identity' | 'dir'>): string {
  return `${session.identity.id}|${session.dir}`;
}
