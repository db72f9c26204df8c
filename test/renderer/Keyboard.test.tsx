import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import { Keyboard } from '../../src/renderer/src/features/keyboard/Keyboard';
import { shortcutOf, SHORTCUTS } from '../../src/renderer/src/features/keyboard/shortcuts';
import { RoomList } from '../../src/renderer/src/features/rooms/RoomList';
import { roomsSliceOf } from '../../src/renderer/src/store/apply';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, room, seedStore } from './fake-bridge';

const rooms = [
  room('noc', { title: 'NOC', unread: 2 }),
  room('dana', { title: 'Dana Ops', type: 'direct' }),
  room('deploys', { title: 'Deploys', activity: true }),
  room('db', { title: 'Database On-Call' }),
];

/** The fake main opens a space the way main does: the rooms slice's openRoomId changes. */
function mainThatOpens() {
  return fakeBridge({
    'rooms.open': (payload) => {
      const roomId = (payload as { roomId?: string }).roomId;
      act(() => {
        useOps.setState((s) => ({ rooms: { ...s.rooms, ...(roomId ? { openRoomId: roomId } : {}) } }));
      });
      return { rooms: [] };
    },
  });
}

function renderWindow(main: ReturnType<typeof fakeBridge>) {
  return renderWithBridge(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 30 }}>
      <RoomList signedIn />
      <Keyboard signedIn />
    </VirtuosoMockContext.Provider>,
    main.bridge,
  );
}

describe('keyboard', () => {
  beforeEach(() => seedStore(rooms));

  it('maps keys to shortcuts and lists every one of them', () => {
    const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) =>
      shortcutOf({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
    expect(key('k', { ctrlKey: true })).toEqual({ kind: 'switcher' });
    expect(key('k', { metaKey: true })).toEqual({ kind: 'switcher' });
    expect(key('/', { ctrlKey: true })).toEqual({ kind: 'help' });
    expect(key('ArrowDown', { altKey: true })).toEqual({ kind: 'step', step: 1, unreadOnly: false });
    expect(key('ArrowUp', { altKey: true, shiftKey: true })).toEqual({ kind: 'step', step: -1, unreadOnly: true });
    expect(key('Escape')).toEqual({ kind: 'escape' });
    expect(key('k')).toBeUndefined();
    expect(key('ArrowDown')).toBeUndefined();
    expect(SHORTCUTS.map((s) => s.keys)).toHaveLength(5);
  });

  it('Ctrl+K opens the quick switcher; typing and Enter open the best match, recent first next time', async () => {
    const user = userEvent.setup();
    const main = mainThatOpens();
    renderWindow(main);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = screen.getByRole('dialog', { name: 'Go to a space' });
    const input = within(dialog).getByRole('combobox', { name: 'Space name' });
    expect(input).toHaveFocus();
    await user.type(input, 'doc');
    const options = within(dialog).getAllByRole('option');
    expect(options[0]).toHaveTextContent('Database On-Call');
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(main.callsTo('rooms.open')).toEqual([{ roomId: 'db' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    // Recent first: the next switcher lists the space just opened at the top.
    await user.keyboard('{Control>}k{/Control}');
    expect(within(screen.getByRole('dialog')).getAllByRole('option')[0]).toHaveTextContent('Database On-Call');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('arrow keys move the switcher selection, wrapping', async () => {
    const user = userEvent.setup();
    renderWindow(mainThatOpens());
    await user.keyboard('{Control>}k{/Control}');
    const options = () => within(screen.getByRole('dialog')).getAllByRole('option');
    await user.keyboard('{ArrowDown}');
    expect(options()[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(options()[options().length - 1]).toHaveAttribute('aria-selected', 'true');
  });

  it('Alt+↓/↑ step through spaces; Alt+Shift+↓ through unread ones', async () => {
    const user = userEvent.setup();
    const main = mainThatOpens();
    useOps.setState((s) => ({ rooms: { ...roomsSliceOf({ rooms, openRoomId: 'noc' }) }, ui: s.ui }));
    renderWindow(main);
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(main.callsTo('rooms.open').at(-1)).toEqual({ roomId: 'dana' });
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(main.callsTo('rooms.open').at(-1)).toEqual({ roomId: 'noc' });
    await user.keyboard('{Alt>}{Shift>}{ArrowDown}{/Shift}{/Alt}');
    expect(main.callsTo('rooms.open').at(-1)).toEqual({ roomId: 'deploys' });
  });

  it('Ctrl+/ lists every shortcut; Esc closes the thread, then focuses the space list', async () => {
    const user = userEvent.setup();
    useOps.setState((s) => ({
      rooms: roomsSliceOf({ rooms, openRoomId: 'deploys' }),
      ui: { ...s.ui, openThreadId: 'm1' },
    }));
    renderWindow(mainThatOpens());
    await user.keyboard('{Control>}/{/Control}');
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const s of SHORTCUTS) expect(help).toHaveTextContent(s.what);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useOps.getState().ui.openThreadId).toBe('m1');
    await user.keyboard('{Escape}');
    expect(useOps.getState().ui.openThreadId).toBeUndefined();
    expect(screen.getByRole('button', { name: /Deploys/ })).toHaveFocus();
  });
});
