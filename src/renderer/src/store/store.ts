import { create } from 'zustand';
import type {
  AppInfo,
  AppState,
  ContractError,
  ContractResult,
  CoreEvent,
  FileInfoView,
  FilePreview,
  IncidentView,
  MembersView,
  MessageView,
  OpKind,
  OutboxItemView,
  PollState,
  RoomSearchGroup,
  RoomView,
  RulesState,
  RunbookFileView,
  RunbookView,
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

/**
 * A server collection, normalised: items by id plus main's order of ids. Id-keyed collections are `Map`s, never
 * plain objects keyed by ids (an id like `__proto__` must stay data).
 */
export interface Normalized<T> {
  byId: ReadonlyMap<string, T>;
  ids: readonly string[];
}

export interface RoomsSlice extends Normalized<RoomView> {
  openRoomId?: string;
}

/**
 * A message main said was deleted at Webex (`messages.remove` with `reason: 'deleted'`): kept in its place with its
 * author and time but none of its content, so the pane can say "This message was deleted" instead of silently
 * closing the gap. Window-only; gone when the space is opened again.
 */
export interface DeletedMessageView extends MessageView {
  deleted: true;
}

export function isDeleted(message: MessageView): message is DeletedMessageView {
  return (message as Partial<DeletedMessageView>).deleted === true;
}

/** The deletion mark of a message: who and when stay, the content goes. */
export function deletedMarkOf(message: MessageView): DeletedMessageView {
  const mark: DeletedMessageView = {
    id: message.id,
    roomId: message.roomId,
    personId: message.personId,
    personEmail: message.personEmail,
    created: message.created,
    mentionsMe: false,
    mentionsAll: false,
    isMine: message.isMine,
    ruleMatches: [],
    deleted: true,
  };
  if (message.parentId !== undefined) mark.parentId = message.parentId;
  if (message.personDisplayName !== undefined) mark.personDisplayName = message.personDisplayName;
  return mark;
}

export interface MessagesSlice extends Normalized<MessageView> {
  roomId?: string;
  loading: boolean;
  /** Created time of the read marker when the space was opened: the "new messages" divider. */
  readMarker?: string;
  error?: ContractError;
  /**
   * Shown from what the window kept when the space was left (keptHistories), before main's answer to `rooms.open`:
   * main's "loading" reset for the space leaves it shown, main's loaded window replaces it.
   */
  fromKept?: boolean;
}

/** The runbooks main loaded, in main's order, and the state of each runbook file. */
export interface RunbooksSlice extends Normalized<RunbookView> {
  files: readonly RunbookFileView[];
  /** False until the first snapshot arrived ("Loading runbooks…"). */
  loaded: boolean;
}

/** The outbox's items (open ones, and recent sent ones), kept current by `outbox.*` events. */
export interface OutboxSlice extends Normalized<OutboxItemView> {
  /** Items not yet sent or discarded (the status bar count). */
  pending: number;
  loaded: boolean;
}

export interface IncidentsSlice extends Normalized<IncidentView> {
  loaded: boolean;
}

export interface SliceStates {
  app: AppState;
  session: SessionState | undefined;
  rooms: RoomsSlice;
  messages: MessagesSlice;
  poll: PollState | undefined;
  rules: RulesState;
  runbooks: RunbooksSlice;
  outbox: OutboxSlice;
  incidents: IncidentsSlice;
}

export type RoomFilter = 'all' | 'watched' | 'unread' | 'mentions' | 'direct' | 'spaces';

/** Client-only state: never sent by main, never overwritten by a snapshot. */
export interface UiState {
  filter: RoomFilter;
  search: string;
  /** The sidebar groups its spaces by team ("Group by team"). */
  groupByTeam: boolean;
  /** The parent message whose thread panel is open. */
  openThreadId?: string;
  /** Unsent text per space id. */
  drafts: ReadonlyMap<string, string>;
  /** Form state by form key (runbook parameters, rule editor…). */
  forms: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Which overlay is open. */
  overlay?: 'switcher' | 'shortcuts';
  /** Spaces opened from this window, most recent first (the quick switcher's "recent first"). */
  recentRoomIds: readonly string[];
  /**
   * A message's "Run runbook…" action: the runbook palette opens with that message as the run's source (thread
   * runbooks reply to it, incident-open takes its text). The nonce tells a new request from the same message again.
   */
  runbookFrom?: { message: MessageView; nonce: number };
}

/** One command's last run (src/renderer/src/commands.ts): pending, or its result kept until it is run again. */
export interface CommandState {
  key: string;
  /** What the operator asked for, in words ("Watch NOC"). */
  label: string;
  status: 'pending' | 'ok' | 'error';
  value?: unknown;
  error?: ContractError;
}

/** Older history of the open space, loaded page by page through `messages.loadOlder`; bounded (HISTORY_KEPT). */
export interface HistorySlice {
  roomId?: string;
  older: Normalized<MessageView>;
  /** False once the first message of the space was reached (or the window holds as much as it keeps). */
  hasMore: boolean;
  /**
   * Set on a history kept from an earlier visit (keptHistories): the first message of the live window when the
   * space was left. The history still joins the live window when that message is in it again; otherwise it goes.
   */
  liveFirstId?: string;
  /** Set on a kept history: the live window as it was when the space was left, shown at once on switching back. */
  live?: MessagesSlice;
}

/** The open thread panel's content, read through `messages.thread`; live replies join from the messages slice. */
export interface ThreadSlice {
  roomId: string;
  parentId: string;
  parent?: MessageView;
  replies: Normalized<MessageView>;
  loading: boolean;
  error?: ContractError;
}

/** Who asked main to search every space: the sidebar list or the quick switcher. */
export type RoomSearchPurpose = 'sidebar' | 'switcher';

/** Spaces found by `rooms.search` (every space of the identity, not only main's live window). */
export interface RoomSearchView {
  /** The filter and query it answers (`filter|query`); an answer for an older key is dropped. */
  key: string;
  rooms: readonly RoomView[];
  total: number;
  complete: boolean;
  nextCursor?: string;
  /** Grouped searches: main's groups (team id, name, count), in order. */
  groups?: readonly RoomSearchGroup[];
}

/** A failure shown to the operator until dismissed. */
export interface Toast {
  id: number;
  commandKey: string;
  label: string;
  error: ContractError;
}

export interface OpsStore extends SliceStates {
  info?: AppInfo;
  /** False until every slice's snapshot has been applied; false again while a failed one is being retried. */
  synced: boolean;
  /** Set when syncing with the main process failed; shown as a banner. */
  syncError?: ContractError;
  ops: ReadonlyMap<string, OpView>;
  /** The last `ui.focusRoom` request (a notification was clicked). */
  focusRequest?: { roomId: string; nonce: number };
  ui: UiState;
  /** Command states by command key (pending, last result or error). */
  commands: ReadonlyMap<string, CommandState>;
  toasts: readonly Toast[];
  /** The id of the last toast shown (ids are never reused). */
  toastSeq: number;
  roomSearches: ReadonlyMap<RoomSearchPurpose, RoomSearchView>;
  history: HistorySlice;
  /**
   * The older history of spaces open before (bounded: HISTORIES_KEPT spaces, the most recent last): switching back
   * to one shows its history at once instead of reading it through main again. Dropped with the identity.
   */
  keptHistories: ReadonlyMap<string, HistorySlice>;
  thread?: ThreadSlice;
  /** Attached files by reference: name, type, size (HEAD through main). */
  files: ReadonlyMap<string, FileInfoView>;
  /** Image previews by reference (bounded: PREVIEWS_KEPT). */
  previews: ReadonlyMap<string, FilePreview>;
  /**
   * Members of spaces as last read through `commands.readMembers` (bounded: MEMBERS_KEPT): the composer's header
   * shows the count, the members panel re-reads after each add or remove so both agree.
   */
  members: ReadonlyMap<string, MembersView>;
}

export const emptyCollection = <T>(): Normalized<T> => ({ byId: new Map(), ids: [] });

export const initialSlices = (): SliceStates => ({
  app: { warnings: [] },
  session: undefined,
  rooms: { ...emptyCollection<RoomView>() },
  messages: { ...emptyCollection<MessageView>(), loading: false },
  poll: undefined,
  rules: { rules: [], dnd: { heldBack: 0 } },
  runbooks: { ...emptyCollection<RunbookView>(), files: [], loaded: false },
  outbox: { ...emptyCollection<OutboxItemView>(), pending: 0, loaded: false },
  incidents: { ...emptyCollection<IncidentView>(), loaded: false },
});

export const initialUi = (): UiState => ({
  filter: 'all',
  search: '',
  groupByTeam: false,
  drafts: new Map(),
  forms: new Map(),
  recentRoomIds: [],
});

export const initialState = (): OpsStore => ({
  ...initialSlices(),
  synced: false,
  ops: new Map(),
  ui: initialUi(),
  commands: new Map(),
  toasts: [],
  toastSeq: 0,
  roomSearches: new Map(),
  history: { older: emptyCollection(), hasMore: true },
  keptHistories: new Map(),
  files: new Map(),
  previews: new Map(),
  members: new Map(),
});

export const useOps = create<OpsStore>(() => initialState());

/** The store as the sync loop, commands and tests see it (zustand's vanilla API). */
export interface StoreApi {
  getState(): OpsStore;
  setState(partial: Partial<OpsStore> | ((state: OpsStore) => Partial<OpsStore>)): void;
}

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
    case 'runbooks':
    case 'outbox':
    case 'incidents':
      return prefix;
    default:
      return undefined;
  }
}
