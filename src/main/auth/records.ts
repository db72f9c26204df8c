/**
 * Identity records: the saved identities (identities.json through the store; never a secret), the ones used but not
 * saved (environment token, demo workspace; memory only) and the integration's OAuth settings.
 */
import type { OAuthClientView } from '../../shared/contract/channels';
import { AppFailure } from '../errors';
import { DEFAULT_API_BASE_URL } from '../net';
import type { Doc, Store } from '../store';
import {
  byRecency,
  identitiesDocSpec,
  oauthClientView,
  recordFromStored,
  type IdentitiesDoc,
  type IdentityRecord,
  type OAuthClientSettings,
  type StoredIdentity,
} from './identities';
import type { TokenSet } from './refresh';
import { originOf } from './secret-store/accounts';
import type { Me } from './token-auth';
import type { DemoWorkspace } from './types';

/** An identity used but never saved: the environment token and the demo workspace. Memory only. */
export interface Ephemeral {
  record: IdentityRecord;
  tokens: TokenSet;
  me: Me;
  demo?: DemoWorkspace;
}

export interface IdentityRecords {
  /** Loads identities.json once (a failed load is retried on the next call). */
  open(): Promise<Doc<IdentitiesDoc>>;
  /** The saved document (defaults before it is loaded). */
  data(): IdentitiesDoc;
  /** Changes the saved document; it must be loaded. */
  update(fn: (current: IdentitiesDoc) => IdentitiesDoc): void;
  stored(id: string): StoredIdentity | undefined;
  /** Replaces (or, when `fn` returns undefined, removes) one saved identity. */
  updateStored(id: string, fn: (s: StoredIdentity) => StoredIdentity | undefined): void;
  /** Saves `next` (added or replacing the one with its id) as the active identity. */
  saveActive(next: StoredIdentity): void;
  /** Forgets which identity was active, if it was `id`. */
  clearActive(id: string): void;
  readonly ephemeral: Map<string, Ephemeral>;
  /** Every known identity, the live record of `active` on top of its saved one; most recently active first. */
  list(active?: IdentityRecord): IdentityRecord[];
  oauthClient(): OAuthClientSettings | undefined;
  oauthView(): OAuthClientView;
  /** Whether an identity or the OAuth client already uses `origin` (the operator agreed to it before). */
  usesOrigin(origin: string): boolean;
}

export function createIdentityRecords(store: Pick<Store, 'open'>): IdentityRecords {
  let doc: Doc<IdentitiesDoc> | undefined;
  let loading: Promise<Doc<IdentitiesDoc>> | undefined;
  const ephemeral = new Map<string, Ephemeral>();

  const data = (): IdentitiesDoc => doc?.get() ?? identitiesDocSpec.defaults();
  const update = (fn: (current: IdentitiesDoc) => IdentitiesDoc): void => {
    if (!doc) throw new AppFailure('internal', 'The identities document is not loaded.');
    doc.update(fn);
  };

  return {
    open() {
      loading ??= store.open(identitiesDocSpec).then(
        (d) => {
          doc = d;
          return d;
        },
        (e: unknown) => {
          loading = undefined;
          throw e;
        },
      );
      return loading;
    },
    data,
    update,
    stored: (id) => data().identities.find((i) => i.id === id),
    updateStored(id, fn) {
      update((d) => ({
        ...d,
        identities: d.identities.flatMap((s) => {
          if (s.id !== id) return [s];
          const next = fn(s);
          return next ? [next] : [];
        }),
      }));
    },
    saveActive(next) {
      update((d) => ({
        ...d,
        identities: d.identities.some((s) => s.id === next.id)
          ? d.identities.map((s) => (s.id === next.id ? next : s))
          : [...d.identities, next],
        activeId: next.id,
      }));
    },
    clearActive(id) {
      if (data().activeId === id) update((d) => ({ ...d, activeId: undefined }));
    },
    ephemeral,
    list(active) {
      const out = new Map<string, IdentityRecord>();
      for (const s of data().identities) out.set(s.id, recordFromStored(s));
      for (const [id, e] of ephemeral) out.set(id, e.record);
      if (active) out.set(active.id, active);
      return [...out.values()].sort(byRecency);
    },
    oauthClient: () => data().oauthClient,
    oauthView() {
      const settings = data().oauthClient;
      return oauthClientView(
        settings
          ? { clientId: settings.clientId, redirectUri: settings.redirectUri, apiBaseUrl: settings.apiBaseUrl }
          : undefined,
        settings?.secretSaved ?? false,
        DEFAULT_API_BASE_URL,
      );
    },
    usesOrigin(origin) {
      const d = data();
      return (
        d.identities.some((s) => originOf(s.apiBaseUrl) === origin) ||
        (d.oauthClient !== undefined && originOf(d.oauthClient.apiBaseUrl) === origin)
      );
    },
  };
}
