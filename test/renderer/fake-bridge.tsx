import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createOpsBridge, type OpsBridge } from '../../src/shared/bridge';
import type {
  ContractError,
  EventBatch,
  InvokeChannel,
  MessageView,
  RoomView,
  SessionState,
} from '../../src/shared/contract/channels';
import { BridgeProvider } from '../../src/renderer/src/bridge-context';
import { roomsSliceOf, messagesSliceOf } from '../../src/renderer/src/store/apply';
import { initialState, useOps, type OpsStore } from '../../src/renderer/src/store/store';

export type Handler = (payload: unknown) => unknown;

/**
 * A fake main process behind the real bridge (createOpsBridge): each channel answers from `handlers` (a value, or
 * `{ ok: false, error }`); unknown channels fail as `notFound`. Every call is recorded.
 */
export function fakeBridge(handlers: Partial<Record<InvokeChannel, Handler>> = {}) {
  const calls: { channel: InvokeChannel; payload: unknown }[] = [];
  const listeners = new Set<(b: EventBatch) => void>();
  const pending: (() => void)[] = [];
  let hold = false;
  const bridge: OpsBridge = createOpsBridge({
    async invoke(channel, payload) {
      calls.push({ channel, payload });
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
      const handler = handlers[channel];
      if (!handler) return { ok: false, error: { kind: 'notFound', message: `no fake for ${channel}` } };
      const out = handler(payload);
      if (typeof out === 'object' && out !== null && 'error' in out) return { ok: false, ...out };
      return { ok: true, value: out };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    bridge,
    calls,
    /** Calls made to one channel. */
    callsTo: (channel: InvokeChannel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    /** From now on every call waits until `release()`: lets a test see the pending state. */
    holdCalls() {
      hold = true;
    },
    release() {
      hold = false;
      for (const resolve of pending.splice(0)) resolve();
    },
  };
}

export const failure = (error: ContractError) => ({ error });

export function room(id: string, over: Partial<RoomView> = {}): RoomView {
  return {
    id,
    title: id,
    type: 'group',
    lastActivity: '2026-01-05T10:00:00.000Z',
    isLocked: false,
    watched: false,
    level: 'all',
    activity: false,
    alert: false,
    ...over,
  };
}

export function message(id: string, over: Partial<MessageView> = {}): MessageView {
  return {
    id,
    roomId: 'r1',
    personId: 'p1',
    personEmail: 'dana@example.com',
    personDisplayName: 'Dana Ops',
    text: `text of ${id}`,
    created: '2026-01-05T10:00:00.000Z',
    mentionsMe: false,
    mentionsAll: false,
    isMine: false,
    ruleMatches: [],
    ...over,
  };
}

/** Resets the app store to a synced window with these spaces (and the open space's messages). */
export function seedStore(
  rooms: RoomView[],
  messages: MessageView[] = [],
  options: { openRoomId?: string; readMarker?: string; extra?: Partial<OpsStore> } = {},
): void {
  const { openRoomId, readMarker } = options;
  useOps.setState(
    {
      ...initialState(),
      synced: true,
      rooms: roomsSliceOf(openRoomId ? { rooms, openRoomId } : { rooms }),
      messages: messagesSliceOf({
        messages,
        loading: false,
        ...(openRoomId ? { roomId: openRoomId } : {}),
        ...(readMarker ? { readMarker } : {}),
      }),
      ...options.extra,
    },
    true,
  );
}

/** A signed-in session for identity `id` (what the sidebar needs to search main). */
export function sessionAs(id: string): SessionState {
  return {
    status: 'signedIn',
    active: {
      id,
      personId: `person-${id}`,
      displayName: 'Dana Ops',
      email: 'dana@example.com',
      kind: 'person',
      apiBaseUrl: 'https://webexapis.com/v1',
      method: 'token',
      demo: false,
      signedIn: true,
      persisted: true,
    },
    identities: [],
    secretBackend: { kind: 'memory', keychainAvailable: false },
    envTokenAvailable: false,
  };
}

export function renderWithBridge(ui: ReactNode, bridge: OpsBridge): RenderResult {
  return render(<BridgeProvider ops={bridge}>{ui}</BridgeProvider>);
}
