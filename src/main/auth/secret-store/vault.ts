import type { SecretBackendView } from '../../../shared/contract/channels';
import { AppFailure } from '../../errors';
import type { Logger } from '../../log/types';
import type { SecretStore } from '../types';
import { PROBE_ACCOUNT } from './accounts';
import { createMemorySecretStore } from './memory';

export interface SecretVaultDeps {
  /** The configured store (keytar in the app). Absent: secrets are kept for this session only. */
  keychain: SecretStore | undefined;
  logger: Logger;
  /** Raises the keychain warning banner. */
  warn(message: string): void;
  /** The backend view changed (availability, session-only choice). */
  onChange(): void;
}

export interface SetOptions {
  /** Keep this secret in memory only, whatever the backend (demo workspace). */
  sessionOnly?: boolean;
}

function isKeychainFailure(e: unknown): e is AppFailure {
  return e instanceof AppFailure && e.kind === 'keychainUnavailable';
}

/**
 * Where the session service keeps secrets: the OS keychain, or — when it cannot be reached and the operator chose
 * so, or when none is configured — memory for this run only. Tracks whether the keychain is reachable (any call
 * failing with `keychainUnavailable` marks it down and raises one warning; any success marks it up again).
 * Secrets are never written to disk in plain text: there is no file backend.
 */
export class SecretVault {
  private readonly memory = createMemorySecretStore();
  private sessionOnly: boolean;
  private reachable: boolean | undefined;
  private detail: string | undefined;
  private warned = false;

  constructor(private readonly deps: SecretVaultDeps) {
    this.sessionOnly = deps.keychain === undefined;
  }

  /** What the session state shows about the backend. */
  view(): SecretBackendView {
    const keychain = this.deps.keychain;
    if (!keychain) {
      return {
        kind: 'memory',
        keychainAvailable: false,
        detail: 'No system keychain is configured: secrets are kept in memory for this session only.',
      };
    }
    if (keychain.kind === 'memory') {
      return { kind: 'memory', keychainAvailable: false, detail: 'Secrets are kept in memory for this session only.' };
    }
    if (this.sessionOnly) {
      const view: SecretBackendView = { kind: 'memory', keychainAvailable: this.reachable !== false };
      view.detail =
        this.reachable === false && this.detail
          ? `${this.detail} Secrets are kept in memory for this session only.`
          : 'Secrets are kept in memory for this session only.';
      return view;
    }
    if (this.reachable === false) {
      return { kind: 'none', keychainAvailable: false, detail: this.detail ?? 'The system keychain is not available.' };
    }
    return { kind: keychain.kind, keychainAvailable: true };
  }

  /** Whether a secret can be saved right now without the operator choosing session-only secrets. */
  get canStore(): boolean {
    return this.sessionOnly || this.deps.keychain?.kind === 'memory' || this.reachable !== false;
  }

  /** Checks that the keychain can store and remove an entry (a locked or missing collection can still be read). */
  async probe(): Promise<void> {
    const keychain = this.deps.keychain;
    if (!keychain || keychain.kind !== 'keytar') return;
    try {
      await keychain.set(PROBE_ACCOUNT, 'probe');
      await keychain.delete(PROBE_ACCOUNT);
      this.markReachable();
    } catch (e) {
      this.markUnreachable(e);
    }
  }

  /** The operator chose to keep secrets for this session only (or no keychain works). */
  useSessionOnly(): SecretBackendView {
    if (!this.sessionOnly) {
      this.sessionOnly = true;
      this.deps.logger.info('secrets kept for this session only');
      this.deps.onChange();
    }
    return this.view();
  }

  async get(account: string): Promise<string | undefined> {
    const held = await this.memory.get(account);
    if (held !== undefined) return held;
    const keychain = this.deps.keychain;
    if (!keychain) return undefined;
    try {
      const value = await keychain.get(account);
      this.markReachable();
      return value;
    } catch (e) {
      this.markUnreachable(e);
      throw e;
    }
  }

  async set(account: string, secret: string, options: SetOptions = {}): Promise<void> {
    const keychain = this.deps.keychain;
    if (options.sessionOnly || this.sessionOnly || !keychain) {
      await this.memory.set(account, secret);
      return;
    }
    try {
      await keychain.set(account, secret);
      this.markReachable();
    } catch (e) {
      this.markUnreachable(e);
      if (isKeychainFailure(e)) {
        throw new AppFailure(
          'keychainUnavailable',
          `${e.message} Choose “Keep secrets for this session only” to sign in without the keychain.`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  /** Removes the secret from memory and from the keychain; a keychain failure is reported, not thrown. */
  async delete(account: string): Promise<{ removed: boolean; keychainFailed: boolean }> {
    let removed = await this.memory.delete(account);
    const keychain = this.deps.keychain;
    if (!keychain) return { removed, keychainFailed: false };
    try {
      removed = (await keychain.delete(account)) || removed;
      this.markReachable();
      return { removed, keychainFailed: false };
    } catch (e) {
      this.markUnreachable(e);
      return { removed, keychainFailed: true };
    }
  }

  private markReachable(): void {
    if (this.reachable === true) return;
    const wasDown = this.reachable === false;
    this.reachable = true;
    this.detail = undefined;
    this.warned = false;
    if (wasDown) {
      this.deps.logger.info('keychain reachable again');
      this.deps.onChange();
    }
  }

  private markUnreachable(e: unknown): void {
    if (!isKeychainFailure(e)) return;
    const changed = this.reachable !== false || this.detail !== e.message;
    this.reachable = false;
    this.detail = e.message;
    this.deps.logger.warn('keychain unavailable', { detail: e.message });
    if (!this.warned) {
      this.warned = true;
      this.deps.warn(
        `The system keychain is not available (${e.message.replace(/\.$/, '')}). Secrets can be kept for this session only: choose that on the sign-in screen.`,
      );
    }
    if (changed) this.deps.onChange();
  }
}
