import type { IdentityView, InvokeChannel } from '../../shared/contract/channels';
import type { Clock } from '../clock';
import type { InternalErrorReporter } from '../errors';
import type { EventHub } from '../events/hub';
import type { Handlers } from '../ipc/dispatch';
import type { SecretRegistry } from '../log';
import type { Logger } from '../log/types';
import type { DispatcherFactory } from '../net';
import type { OpRegistry } from '../ops/registry';
import type { Confirm, OpenExternal } from '../platform';
import type { Store } from '../store';
import type { WebexClient } from '../webex';

/** What a fresh identity should watch, and its first alert rules (the demo workspace suggests its ops spaces). */
export interface WatchPreset {
  watchRoomIds: string[];
  rules: { name: string; mode: 'keywords' | 'regex'; pattern: string; caseSensitive: boolean; critical: boolean }[];
}

/** The demo workspace: the built-in simulator (src/sim `startDemo`), or any object shaped like it. */
export interface DemoWorkspace {
  baseUrl: string;
  tokens: Record<string, string>;
  /** Applied once, to an identity with no saved watch state. */
  preset?: WatchPreset;
  close(): Promise<void>;
}
export type StartDemo = () => Promise<DemoWorkspace>;

/** The signed-in identity the rest of the core works as. */
export interface ActiveSession {
  identity: IdentityView;
  /** An authenticated client for this identity (tokens refreshed behind it). */
  client: WebexClient;
  /** The person or bot behind the token, from GET /people/me. */
  me: { id: string; emails: string[]; displayName: string; type: 'person' | 'bot' | 'appuser'; orgId?: string };
  apiOrigin: string;
  /** This identity's folder in the store (relative to dataDir): identities/<sha256(apiOrigin + personId)>. */
  dir: string;
  /** Suggested watch settings for a first start (the demo workspace). */
  preset?: WatchPreset;
  /** OAuth identities: the scopes granted at sign-in (auth/scopes.ts); undefined for unscoped tokens. */
  grantedScopes?: readonly string[];
}

/**
 * Another saved identity to post as (a runbook's `postAs`), or the active one: its view, who it is, and a client
 * authenticated with its tokens (read from the keychain by main, refreshed behind the client). Main only.
 */
export interface PostingIdentity {
  identity: IdentityView;
  me: ActiveSession['me'];
  client: WebexClient;
}

export type SessionChannel = Extract<InvokeChannel, `session.${string}`>;

export interface SessionService {
  handlers: Pick<Handlers, SessionChannel>;
  current(): ActiveSession | undefined;
  /** Called whenever the active identity changes (sign-in, switch, sign-out, re-auth). */
  onChange(listener: (active: ActiveSession | undefined) => void): () => void;
  /**
   * The saved identity `ref` (id or email) with a client to post as it (posting.ts): `notFound` when no saved
   * identity is named so, `invalidInput` for one saved for another API address, `notSignedIn` when it is signed out.
   */
  postingIdentity(ref: string): Promise<PostingIdentity>;
  /** Loads saved identities and restores the last active one. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export interface SessionServiceDeps {
  hub: EventHub;
  ops: OpRegistry;
  store: Store;
  clock: Clock;
  logger: Logger;
  secrets: SecretRegistry;
  report: InternalErrorReporter;
  /** The OS keychain; absent or failing → the operator is told and offered session-only secrets. */
  secretStore?: SecretStore;
  dispatcherFactory?: DispatcherFactory;
  openExternal: OpenExternal;
  confirm: Confirm;
  startDemo?: StartDemo;
  env: Record<string, string | undefined>;
  /** Raises a warning banner in the window. */
  warn(source: 'keychain' | 'config' | 'network', message: string): void;
}

/** Where secrets live. Implementations: keytar (OS keychain), memory (session only); room for safeStorage later. */
export interface SecretStore {
  readonly kind: 'keytar' | 'memory';
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}
