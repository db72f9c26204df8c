import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { OpsBridge } from '../../shared/bridge';
import { createCommands, type Commands } from './commands';
import { useOps, type CommandState, type StoreApi } from './store/store';

interface BridgeContextValue {
  ops: OpsBridge;
  commands: Commands;
}

const BridgeContext = createContext<BridgeContextValue | undefined>(undefined);

/**
 * Provides the bridge and the command layer to every component: `main.tsx` passes `window.ops`, component tests a
 * fake bridge. Components never touch `window.ops`.
 */
export function BridgeProvider({
  ops,
  store = useOps,
  children,
}: {
  ops: OpsBridge;
  store?: StoreApi;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ ops, commands: createCommands(ops, store) }), [ops, store]);
  return <BridgeContext.Provider value={value}>{children}</BridgeContext.Provider>;
}

function useBridgeContext(): BridgeContextValue {
  const value = useContext(BridgeContext);
  if (!value) throw new Error('BridgeProvider is missing above this component');
  return value;
}

/** The raw bridge, for forms that keep their own busy/error state (sign-in). Prefer `useCommands`. */
export function useBridge(): OpsBridge {
  return useBridgeContext().ops;
}

export function useCommands(): Commands {
  return useBridgeContext().commands;
}

/** A command's pending state and last result or error (undefined when it has not run). */
export function useCommand(key: string): CommandState | undefined {
  return useOps((s) => s.commands.get(key));
}
