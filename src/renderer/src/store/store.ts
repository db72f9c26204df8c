import { create } from 'zustand';
import type {
  AppInfo,
  AppState,
  ContractError,
  ContractResult,
  CoreEvent,
  MessagesState,
  OpKind,
  PollState,
  RoomsState,
  RulesState,
  SessionState,
  Slice,
} from '../../../shared/contract/channels';

export interface OpView {
  opId: string;
  op: OpKind;
  message?: string;
  fraction?: number;
  done?: ContractResult<unknown>;
}

export interface SliceStates {
  app: AppState;
  session: SessionState | undefined;
  rooms: RoomsState;
  messages: MessagesState;
  poll: PollState | undefined;
  rules: RulesState;
}

export interface OpsStore extends SliceStates {
  info?: AppInfo;
  /** False until the first full snapshot has been applied. */
  synced: boolean;
  /** Set when syncing with the main process failed; shown as a banner. */
  syncError?: ContractError;
  ops: Record<string, OpView>;
  /** The last `ui.focusRoom` request (a notification was clicked). */
  focusRequest?: { roomId: string; nonce: number };
}

export const initialSlices = (): SliceStates => ({
  app: { warnings: [] },
  session: undefined,
  rooms: { rooms: [] },
  messages: { messages: [], loading: false },
  poll: undefined,
  rules: { rules: [], dnd: { heldBack: 0 } },
});

export const useOps = create<OpsStore>(() => ({ ...initialSlices(), synced: false, ops: {} }));

/** The slice an event belongs to, or undefined for stateless events (ops, ui). */
export function sliceOf(event: CoreEvent): Slice | undefined {
  const prefix = event.type.slice(0, event.type.indexOf('.'));
  switch (prefix) {
    case 'app':
    case 'session':
    case 'rooms':
    case 'messages':
    case 'poll':
    case 'rules':
      return prefix;
    default:
      return undefined;
  }
}
