/**
 * The session slice (docs/events.md): what the window knows about sign-in, computed from the records, the active
 * runtime and the secret backend — and the one step that publishes it. Every public operation of the session service
 * ends in `publish()`: recompute, compare with what was last sent, emit `session.changed` only on a difference. No
 * operation emits by hand, so none can forget to.
 */
import type { OAuthClientView, SecretBackendView, SessionState } from '../../shared/contract/channels';
import type { EventHub } from '../events/hub';
import { viewOf, type IdentityRecord } from './identities';
import { standingNotice, type Notice } from './notices';

export interface SessionViewInput {
  active?: { record: IdentityRecord; alert?: Notice; needsReauth: boolean };
  identities: IdentityRecord[];
  secretBackend: SecretBackendView;
  oauthClient: OAuthClientView;
  envTokenAvailable: boolean;
}

/** The session slice for these facts. Pure. */
export function sessionState(input: SessionViewInput): SessionState {
  const { active } = input;
  const s: SessionState = {
    status: !active ? 'signedOut' : active.needsReauth ? 'reauthRequired' : 'signedIn',
    identities: input.identities.map(viewOf),
    secretBackend: input.secretBackend,
    oauthClient: input.oauthClient,
    envTokenAvailable: input.envTokenAvailable,
  };
  if (active) {
    s.active = viewOf(active.record);
    const notice = active.alert ?? standingNotice(active.record);
    if (notice) s.notice = { ...notice };
  }
  return s;
}

export interface SessionPublisher {
  /** Recomputes the slice and emits `session.changed` when it differs from the last one sent. */
  publish(): void;
  /** Publishes nothing from now on. */
  close(): void;
}

export function createSessionPublisher(hub: Pick<EventHub, 'emit'>, read: () => SessionState): SessionPublisher {
  let last: string | undefined;
  let closed = false;
  return {
    publish() {
      if (closed) return;
      const state = read();
      const text = JSON.stringify(state);
      if (text === last) return;
      last = text;
      hub.emit({ type: 'session.changed', state });
    },
    close() {
      closed = true;
    },
  };
}
