import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useCommands } from '../../bridge-context';
import { useOps } from '../../store/store';
import { hasUnread, stepRoom, switcherResults } from '../rooms/filter';
import { roomSearchKey } from '../../commands';
import { mergeSearch, useAllRooms, useRoomSearch, useVisibleRooms } from '../rooms/useRooms';
import { SHORTCUTS, shortcutOf } from './shortcuts';

const setOverlay = (overlay: 'switcher' | 'shortcuts' | undefined): void =>
  useOps.setState((s) => {
    const ui = { ...s.ui };
    if (overlay === undefined) delete ui.overlay;
    else ui.overlay = overlay;
    return { ui };
  });

/** Puts keyboard focus on the open space's row in the sidebar (or the first row). */
export function focusRoomList(doc: Document = document): void {
  const list = doc.querySelector('[data-room-list]');
  const target =
    list?.querySelector<HTMLElement>('button.room[aria-current="true"]') ??
    list?.querySelector<HTMLElement>('button.room');
  target?.focus();
}

/** The window-wide shortcuts (features/keyboard/shortcuts.ts) and the overlays they open. */
export function Keyboard({ signedIn }: { signedIn: boolean }) {
  const commands = useCommands();
  const visible = useVisibleRooms();
  const openRoomId = useOps((s) => s.rooms.openRoomId);
  const overlay = useOps((s) => s.ui.overlay);
  const openThreadId = useOps((s) => s.ui.openThreadId);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const action = shortcutOf(event);
      if (!action || !signedIn) return;
      switch (action.kind) {
        case 'switcher':
          event.preventDefault();
          setOverlay(overlay === 'switcher' ? undefined : 'switcher');
          return;
        case 'help':
          event.preventDefault();
          setOverlay(overlay === 'shortcuts' ? undefined : 'shortcuts');
          return;
        case 'step': {
          if (overlay) return;
          const list = action.unreadOnly ? visible.filter((r) => hasUnread(r) || r.id === openRoomId) : visible;
          const next = stepRoom(list, openRoomId, action.step);
          if (!next) return;
          event.preventDefault();
          void commands.openRoom(next.id);
          return;
        }
        case 'escape':
          if (overlay) return; // the overlay's own handler closes it
          if (openThreadId !== undefined) commands.closeThread();
          focusRoomList();
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [signedIn, overlay, visible, openRoomId, openThreadId, commands]);

  if (!signedIn) return null;
  if (overlay === 'switcher') return <QuickSwitcher onClose={() => setOverlay(undefined)} />;
  if (overlay === 'shortcuts') return <ShortcutHelp onClose={() => setOverlay(undefined)} />;
  return null;
}

/** A modal dialog: focus moves in on open, Esc closes it and focus returns to where it was. */
function useDialog(onClose: () => void) {
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    returnTo.current = document.activeElement;
    return () => {
      if (returnTo.current instanceof HTMLElement && returnTo.current.isConnected) returnTo.current.focus();
      else focusRoomList();
    };
  }, []);
  return (event: ReactKeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };
}

export function QuickSwitcher({ onClose }: { onClose: () => void }) {
  const commands = useCommands();
  const live = useOps((s) => s.rooms);
  const rooms = useAllRooms();
  const found = useRoomSearch('switcher');
  const recent = useOps((s) => s.ui.recentRoomIds);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  // Fuzzy over every space, not only main's live window: the whole list comes from main's search, page by page.
  useEffect(() => {
    let stop = false;
    void (async () => {
      let page = await commands.searchRooms('switcher', 'all', '');
      while (!stop && page?.ok && page.value.nextCursor !== undefined) {
        page = await commands.searchRooms('switcher', 'all', '', true);
      }
    })();
    return () => {
      stop = true;
    };
  }, [commands]);
  const results = useMemo(
    () => switcherResults(mergeSearch(live, rooms, found, roomSearchKey('all', '')), query, recent),
    [live, rooms, found, query, recent],
  );
  const onKeyDown = useDialog(onClose);
  const listId = useId();
  const titleId = useId();
  const activeRoom = results[Math.min(active, results.length - 1)];

  const choose = (roomId: string): void => {
    onClose();
    void commands.openRoom(roomId);
  };

  const onInputKey = (event: ReactKeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) =>
        results.length === 0 ? 0 : (Math.min(i, results.length - 1) + step + results.length) % results.length,
      );
    } else if (event.key === 'Enter' && activeRoom) {
      event.preventDefault();
      choose(activeRoom.id);
    }
  };

  return (
    <div className="overlay" onKeyDown={onKeyDown} onClick={onClose}>
      <div
        className="dialog switcher"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id={titleId} className="panel-title">
          Go to a space
        </h2>
        <input
          autoFocus
          type="text"
          role="combobox"
          aria-label="Space name"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={activeRoom ? `${listId}-${activeRoom.id}` : undefined}
          aria-autocomplete="list"
          placeholder="Type part of a space name"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onInputKey}
        />
        <ul id={listId} role="listbox" aria-label="Matching spaces" className="switcher-results">
          {results.length === 0 ? (
            <li className="empty small" role="presentation">
              No space matches.
            </li>
          ) : (
            results.map((room) => (
              <li
                key={room.id}
                id={`${listId}-${room.id}`}
                role="option"
                aria-selected={room.id === activeRoom?.id}
                className="switcher-option"
                data-room-id={room.id}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(room.id)}
              >
                <span className="room-title">{room.type === 'direct' ? room.title : `# ${room.title}`}</span>
                {hasUnread(room) ? <span className="muted small">unread</span> : null}
              </li>
            ))
          )}
        </ul>
      </div>
    </div>
  );
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const onKeyDown = useDialog(onClose);
  const titleId = useId();
  return (
    <div className="overlay" onKeyDown={onKeyDown} onClick={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id={titleId} className="panel-title">
          Keyboard shortcuts
        </h2>
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.keys} className="shortcut">
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{s.what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
