import type { SecretStore } from '../types';

/**
 * Session-only secrets: a Map in the main process, gone when the app quits. Used when the operator chooses
 * "keep secrets for this session only", for the demo workspace, and in tests. Never written anywhere.
 */
export function createMemorySecretStore(): SecretStore {
  const entries = new Map<string, string>();
  return {
    kind: 'memory',
    async get(account) {
      return entries.get(account);
    },
    async set(account, secret) {
      entries.set(account, secret);
    },
    async delete(account) {
      return entries.delete(account);
    },
  };
}
