import type { OpsBridge } from '../../shared/bridge';
import type {
  CardInputs,
  ContractError,
  ContractResult,
  MessageView,
  NotifyLevel,
  RoomSearchFilter,
  RoomSearchResult,
} from '../../shared/contract/channels';
import { openFromKept } from './store/apply';
import { upsertInto } from './store/collection';
import { compareMessages } from './store/order';
import type { CommandState, Normalized, OpsStore, RoomSearchPurpose, StoreApi, Toast } from './store/store';

/** Finished commands whose result is kept (the most recent ones); pending ones are always kept. */
export const FINISHED_COMMANDS_KEPT = 50;
/** Toasts shown at once; the oldest goes first. */
export const TOASTS_KEPT = 5;
/** Spaces remembered for the quick switcher's "recent first". */
export const RECENT_ROOMS_KEPT = 20;

/** File infos and image previews the window keeps (the oldest go first). */
export const FILES_KEPT = 2_000;
export const PREVIEWS_KEPT = 50;
/** Spaces whose members the window keeps (the oldest read go first). */
export const MEMBERS_KEPT = 50;

function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V, max: number): Map<string, V> {
  const next = new Map(map);
  next.delete(key);
  next.set(key, value);
  while (next.size > max) next.delete(next.keys().next().value as string);
  return next;
}

/** Messages asked for per `messages.loadOlder` page. */
export const OLDER_PAGE = 100;
/** Older messages the window keeps for one space; scrolling back stops there. */
export const HISTORY_KEPT = 10_000;

/** Spaces asked for per `rooms.search` page. */
export const ROOM_SEARCH_PAGE = 500;
/**
 * The sidebar's first page of a search: far more than the rows in view, and small, so the answer to a keystroke
 * (main's count and the rows) crosses the bridge fast; scrolling on reads ROOM_SEARCH_PAGE at a time.
 */
export const SIDEBAR_FIRST_PAGE = 100;

/** The search a result answers: filter, query and (the sidebar's "Group by team") grouping. */
export const roomSearchKey = (filter: RoomSearchFilter, query: string, grouped = false): string =>
  `${grouped ? 'team:' : ''}${filter}|${query.trim()}`;

export interface RunOptions<T = unknown> {
  /** Show a failure as a toast (default). Forms that show the error inline pass false. */
  toast?: boolean;
  /**
   * Store changes from the result, applied in the same update that ends the command: nobody sees it finished
   * without what it brought (a component would ask again).
   */
  onOk?: (state: OpsStore, value: T) => Partial<OpsStore>;
}

function withCommand(commands: ReadonlyMap<string, CommandState>, state: CommandState): Map<string, CommandState> {
  const next = new Map(commands);
  next.delete(state.key);
  next.set(state.key, state);
  const finished = [...next.values()].filter((c) => c.status !== 'pending');
  for (const old of finished.slice(0, Math.max(0, finished.length - FINISHED_COMMANDS_KEPT))) next.delete(old.key);
  return next;
}

function isPending(state: OpsStore, key: string): boolean {
  return state.commands.get(key)?.status === 'pending';
}

function withToast(state: OpsStore, key: string, label: string, error: ContractError): Partial<OpsStore> {
  const toast: Toast = { id: state.toastSeq + 1, commandKey: key, label, error };
  return { toastSeq: toast.id, toasts: [...state.toasts, toast].slice(-TOASTS_KEPT) };
}

/**
 * The renderer's one command layer: every bridge call a component makes goes through here. Each command has a
 * key (one per target: `rooms.setWatched:<roomId>`), its pending state and last result or error live in the store,
 * a failure becomes a toast with the Webex tracking id, and the result is returned to the caller — never dropped.
 *
 * To add a command: a method below calling `run(key, label, () => ops.<ns>.<method>(…))`, or call `run` directly
 * from a feature with its own key prefix.
 */
export function createCommands(ops: OpsBridge, store: StoreApi) {
  const run = async <T>(
    key: string,
    label: string,
    call: () => Promise<ContractResult<T>>,
    options: RunOptions<T> = {},
  ): Promise<ContractResult<T>> => {
    store.setState((s) => ({ commands: withCommand(s.commands, { key, label, status: 'pending' }) }));
    let result: ContractResult<T>;
    try {
      result = await call();
    } catch (e) {
      // The bridge never rejects; a throwing fake or future transport still ends as a visible failure.
      result = { ok: false, error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } };
    }
    store.setState((s) => {
      const state: CommandState = result.ok
        ? { key, label, status: 'ok', value: result.value }
        : { key, label, status: 'error', error: result.error };
      const changes: Partial<OpsStore> = {
        ...(result.ok && options.onOk ? options.onOk(s, result.value) : {}),
        commands: withCommand(s.commands, state),
      };
      if (!result.ok && options.toast !== false && result.error.kind !== 'cancelled') {
        Object.assign(changes, withToast(s, key, label, result.error));
      }
      return changes;
    });
    return result;
  };

  /** The search each purpose wants now: an older answer arriving late is dropped. */
  const wantedSearch = new Map<RoomSearchPurpose, string>();

  const roomTitle = (roomId: string): string => store.getState().rooms.byId.get(roomId)?.title ?? 'the space';

  return {
    run,
    openRoom: async (roomId: string | undefined) => {
      // A space left recently is shown at once from what the window kept; main still opens it (and its answer wins).
      const before = store.getState();
      const shown = roomId === undefined ? undefined : openFromKept(before, roomId);
      if (shown) store.setState(shown);
      const result = await run('rooms.open', roomId ? `Open ${roomTitle(roomId)}` : 'Close the space', () =>
        ops.rooms.open(roomId === undefined ? {} : { roomId }),
      );
      if (!result.ok && shown) {
        // Main did not open it: back to the space main has open, unless something moved on meanwhile.
        store.setState((s) => {
          if (s.messages !== shown.messages) return {};
          const rooms = { ...s.rooms };
          if (before.rooms.openRoomId === undefined) delete rooms.openRoomId;
          else rooms.openRoomId = before.rooms.openRoomId;
          return { rooms, messages: before.messages, history: before.history, keptHistories: before.keptHistories };
        });
      }
      if (result.ok && roomId !== undefined) {
        store.setState((s) => ({
          ui: {
            ...s.ui,
            recentRoomIds: [roomId, ...s.ui.recentRoomIds.filter((id) => id !== roomId)].slice(0, RECENT_ROOMS_KEPT),
          },
        }));
      }
      return result;
    },
    setWatched: (roomId: string, watched: boolean) =>
      run(`rooms.setWatched:${roomId}`, `${watched ? 'Watch' : 'Stop watching'} ${roomTitle(roomId)}`, () =>
        ops.rooms.setWatched({ roomId, watched }),
      ),
    setLevel: (roomId: string, level: NotifyLevel) =>
      run(`rooms.setLevel:${roomId}`, `Change notifications of ${roomTitle(roomId)}`, () =>
        ops.rooms.setLevel({ roomId, level }),
      ),
    markRead: (roomId: string) =>
      run(`rooms.markRead:${roomId}`, `Mark ${roomTitle(roomId)} read`, () => ops.rooms.markRead({ roomId })),
    markAllRead: () => run('rooms.markAllRead', 'Mark all spaces read', () => ops.rooms.markAllRead()),
    syncNow: () => run('poll.syncNow', 'Sync now', () => ops.poll.syncNow()),
    setDnd: (minutes: number | undefined) =>
      run('rules.setDnd', minutes === undefined ? 'End do not disturb' : 'Do not disturb', () =>
        ops.rules.setDnd(minutes === undefined ? {} : { minutes }),
      ),
    dismissWarning: (id: string) =>
      run(`app.dismissWarning:${id}`, 'Dismiss the warning', () => ops.app.dismissWarning({ id })),
    openExternal: (url: string) => run('app.openExternal', 'Open the link', () => ops.app.openExternal({ url })),
    /** `Action.Submit` on a message's card: its inputs go to Webex through main (POST /attachment/actions). */
    submitCard: (messageId: string, title: string, inputs: CardInputs) =>
      run(`cards.submit:${messageId}`, title, () => ops.cards.submit({ messageId, inputs })),
    cancelOp: (opId: string) => run(`op.cancel:${opId}`, 'Cancel', () => ops.op.cancel({ opId })),
    /**
     * Searches every space (main's cached list) for the sidebar or the switcher; `more` fetches the next page of the
     * same search; `grouped` asks main to order by team and name the groups. An answer that arrives after the filter,
     * query or grouping changed again is dropped.
     */
    searchRooms: async (
      purpose: RoomSearchPurpose,
      filter: RoomSearchFilter,
      query: string,
      more = false,
      grouped = false,
    ): Promise<ContractResult<RoomSearchResult> | undefined> => {
      const key = roomSearchKey(filter, query, grouped);
      const previous = store.getState().roomSearches.get(purpose);
      const cursor = more && previous?.key === key ? previous.nextCursor : undefined;
      if (more && cursor === undefined) return undefined;
      // One page at a time: a second "more" while one is on its way would fetch the same page twice.
      if (more && isPending(store.getState(), `rooms.search:${purpose}`)) return undefined;
      if (!more) wantedSearch.set(purpose, key);
      const limit = purpose === 'sidebar' && !more ? SIDEBAR_FIRST_PAGE : ROOM_SEARCH_PAGE;
      const payload = {
        filter,
        limit,
        ...(query.trim() ? { query: query.trim().slice(0, 200) } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(grouped ? { groupBy: 'team' as const } : {}),
      };
      // The answer lands in the same store update that ends the command: one render per answer.
      return run(`rooms.search:${purpose}`, 'Search all spaces', () => ops.rooms.search(payload), {
        toast: false,
        onOk: (s, value) => {
          if (wantedSearch.get(purpose) !== key) return {};
          const latest = s.roomSearches.get(purpose);
          if (more && latest?.key !== key) return {};
          const searches = new Map(s.roomSearches);
          const seen = new Set(more && latest ? latest.rooms.map((r) => r.id) : []);
          const fresh = value.rooms.filter((r) => !seen.has(r.id));
          const rooms = more && latest ? [...latest.rooms, ...fresh] : value.rooms;
          const view = {
            key,
            rooms,
            total: value.total,
            complete: value.complete,
            ...(value.groups ? { groups: value.groups } : {}),
          };
          searches.set(purpose, value.nextCursor !== undefined ? { ...view, nextCursor: value.nextCursor } : view);
          return { roomSearches: searches };
        },
      });
    },
    /**
     * Loads the page of messages older than the oldest one shown (history and live window together). Runs once at a
     * time; an answer for a space no longer open is dropped.
     */
    loadOlder: async (roomId: string) => {
      const key = `messages.loadOlder:${roomId}`;
      const state = store.getState();
      if (state.commands.get(key)?.status === 'pending') return undefined;
      const history = state.history.roomId === roomId ? state.history : undefined;
      if (history && !history.hasMore) return undefined;
      const before = history?.older.ids[0] ?? (state.messages.roomId === roomId ? state.messages.ids[0] : undefined);
      if (before === undefined) return undefined;
      return run(key, 'Load older messages', () => ops.messages.loadOlder({ roomId, before, limit: OLDER_PAGE }), {
        onOk: (s, value) => {
          // The space must still be open; its history starts here when the window synced from a snapshot.
          if (s.messages.roomId !== roomId) return {};
          const base: Normalized<MessageView> =
            s.history.roomId === roomId ? s.history.older : { byId: new Map(), ids: [] };
          const older = upsertInto(base, value.messages, compareMessages);
          return {
            history: {
              roomId,
              older,
              hasMore: value.hasMore && value.messages.length > 0 && older.ids.length < HISTORY_KEPT,
            },
          };
        },
      });
    },
    /** Opens the thread panel for a parent message and reads the thread through main. */
    openThread: async (roomId: string, parentId: string) => {
      store.setState((s) => ({
        ui: { ...s.ui, openThreadId: parentId },
        thread: { roomId, parentId, replies: { byId: new Map(), ids: [] }, loading: true },
      }));
      const result = await run(`messages.thread:${parentId}`, 'Open the thread', () =>
        ops.messages.thread({ roomId, parentId }),
      );
      store.setState((s) => {
        if (s.thread?.parentId !== parentId) return {};
        if (!result.ok) return { thread: { ...s.thread, loading: false, error: result.error } };
        const thread = {
          ...s.thread,
          loading: false,
          replies: upsertInto(s.thread.replies, result.value.replies, compareMessages),
        };
        return { thread: result.value.parent ? { ...thread, parent: result.value.parent } : thread };
      });
      return result;
    },
    closeThread: () =>
      store.setState((s) => {
        const ui = { ...s.ui };
        delete ui.openThreadId;
        return { ui, thread: undefined };
      }),
    /** Name, type and size of a file (once per reference; main caches the HEAD too). */
    fileInfo: async (ref: string) => {
      const state = store.getState();
      if (state.files.has(ref) || state.commands.get(`files.info:${ref}`)?.status === 'pending') return undefined;
      const result = await run(`files.info:${ref}`, 'Read the file details', () => ops.files.info({ ref }), {
        toast: false,
      });
      if (result.ok) store.setState((s) => ({ files: withEntry(s.files, ref, result.value, FILES_KEPT) }));
      return result;
    },
    /** Saves a file through main to where the operator picks in a native dialog. */
    saveFile: (ref: string, name: string) =>
      run(`files.saveAs:${ref}`, `Save ${name}`, () => ops.files.saveAs({ ref })),
    /** An image preview (up to 1 MB) fetched by main. */
    filePreview: async (ref: string) => {
      const state = store.getState();
      if (state.previews.has(ref) || state.commands.get(`files.preview:${ref}`)?.status === 'pending') return undefined;
      const result = await run(`files.preview:${ref}`, 'Preview the image', () => ops.files.preview({ ref }), {
        toast: false,
      });
      if (result.ok) store.setState((s) => ({ previews: withEntry(s.previews, ref, result.value, PREVIEWS_KEPT) }));
      return result;
    },
    /**
     * Reads a space's members through main into the store (`members`): the composer's header counts them, the
     * members panel lists them. Called again after an add or a remove, so every view shows the new count.
     */
    readMembers: async (roomId: string) => {
      const result = await run(
        `members.list:${roomId}`,
        `Read the members of ${roomTitle(roomId)}`,
        () => ops.members.list({ roomId }),
        { toast: false },
      );
      if (result.ok) store.setState((s) => ({ members: withEntry(s.members, roomId, result.value, MEMBERS_KEPT) }));
      return result;
    },
    dismissToast: (id: number) => store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  };
}

export type Commands = ReturnType<typeof createCommands>;
