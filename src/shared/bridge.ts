/**
 * `window.ops`: one function per invoke channel, grouped by namespace (`ops.session.signInWithToken(…)`), plus
 * `onEvents(cb) → unsubscribe`. Built by `createOpsBridge(transport)` — the preload passes an ipcRenderer
 * transport, the e2e harness a Playwright-binding transport; the renderer cannot tell them apart.
 *
 * Dependency-free (only the contract's run-time channel list). It never exposes the transport, the IPC event
 * object or anything callable besides the listed functions, and every call resolves to a `Result` — a transport
 * failure becomes `{ ok: false, error: { kind: 'internal' } }` rather than a rejection.
 */
import {
  INVOKE_CHANNELS,
  type ContractResult,
  type EventBatch,
  type InvokeChannel,
  type InvokeMap,
} from './contract/channels';

export interface BridgeTransport {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  /** Registers the one listener for event batches; returns a function that removes it. */
  subscribe(listener: (batch: EventBatch) => void): () => void;
}

type NamespaceOf<C> = C extends `${infer NS}.${string}` ? NS : never;
type MethodOf<C> = C extends `${string}.${infer M}` ? M : never;
type Namespace = NamespaceOf<InvokeChannel>;

export type Invoker<C extends InvokeChannel> = InvokeMap[C]['payload'] extends undefined
  ? () => Promise<ContractResult<InvokeMap[C]['result']>>
  : (payload: InvokeMap[C]['payload']) => Promise<ContractResult<InvokeMap[C]['result']>>;

export type OpsBridge = {
  readonly [NS in Namespace]: {
    readonly [C in InvokeChannel as NamespaceOf<C> extends NS ? MethodOf<C> : never]: Invoker<C>;
  };
} & {
  /** Receives every event batch from now on; returns a function that stops it. */
  readonly onEvents: (listener: (batch: EventBatch) => void) => () => void;
};

function isResult(value: unknown): value is ContractResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  return v.ok === true ? 'value' in v : v.ok === false && typeof v.error === 'object' && v.error !== null;
}

function transportFailure(channel: string, e: unknown): ContractResult<never> {
  const detail = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { kind: 'internal', message: `The call ${channel} did not complete: ${detail}` } };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

export function createOpsBridge(transport: BridgeTransport): OpsBridge {
  const api = Object.create(null) as Record<
    string,
    Record<string, (payload?: unknown) => Promise<ContractResult<unknown>>>
  >;
  for (const channel of INVOKE_CHANNELS) {
    const dot = channel.indexOf('.');
    const ns = channel.slice(0, dot);
    const method = channel.slice(dot + 1);
    const group = (api[ns] ??= {});
    group[method] = async (payload?: unknown) => {
      try {
        const result = await transport.invoke(channel, payload);
        return isResult(result) ? result : transportFailure(channel, new Error('malformed result'));
      } catch (e) {
        return transportFailure(channel, e);
      }
    };
  }
  const onEvents = (listener: (batch: EventBatch) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvents needs a function');
    const unsubscribe = transport.subscribe((batch) => listener(batch));
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribe();
    };
  };
  return deepFreeze({ ...api, onEvents }) as unknown as OpsBridge;
}
