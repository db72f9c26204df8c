import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { FINISHED_COMMANDS_KEPT, TOASTS_KEPT, createCommands } from '../../src/renderer/src/commands';
import { messagesSliceOf, roomsSliceOf } from '../../src/renderer/src/store/apply';
import { initialState, type OpsStore } from '../../src/renderer/src/store/store';
import { failure, fakeBridge, message, room } from './fake-bridge';

function setup(handlers: Parameters<typeof fakeBridge>[0]) {
  const main = fakeBridge(handlers);
  const store = createStore<OpsStore>(() => ({
    ...initialState(),
    rooms: roomsSliceOf({ rooms: [room('r1', { title: 'NOC' })] }),
  }));
  return { main, store, commands: createCommands(main.bridge, store) };
}

describe('command layer', () => {
  it('shows a command as pending, then keeps its result and returns it', async () => {
    const { main, store, commands } = setup({ 'rooms.setWatched': () => room('r1', { watched: true }) });
    main.holdCalls();
    const done = commands.setWatched('r1', true);
    await Promise.resolve();
    expect(store.getState().commands.get('rooms.setWatched:r1')).toMatchObject({
      status: 'pending',
      label: 'Watch NOC',
    });
    main.release();
    const result = await done;
    expect(result).toEqual({ ok: true, value: room('r1', { watched: true }) });
    expect(store.getState().commands.get('rooms.setWatched:r1')).toMatchObject({
      status: 'ok',
      value: { watched: true },
    });
    expect(main.callsTo('rooms.setWatched')).toEqual([{ roomId: 'r1', watched: true }]);
    expect(store.getState().toasts).toEqual([]);
  });

  it('turns a failure into a toast carrying the Webex tracking id', async () => {
    const { store, commands } = setup({
      'rooms.markRead': () => failure({ kind: 'server', message: '502', status: 502, trackingId: 'ROUTER_1234' }),
    });
    const result = await commands.markRead('r1');
    expect(result.ok).toBe(false);
    expect(store.getState().commands.get('rooms.markRead:r1')).toMatchObject({
      status: 'error',
      error: { kind: 'server' },
    });
    const [toast] = store.getState().toasts;
    expect(toast).toMatchObject({ label: 'Mark NOC read', commandKey: 'rooms.markRead:r1' });
    expect(toast?.error.trackingId).toBe('ROUTER_1234');
    commands.dismissToast(toast?.id ?? -1);
    expect(store.getState().toasts).toEqual([]);
  });

  it('does not toast a cancellation, nor when the caller shows the error itself', async () => {
    const { store, commands } = setup({
      'op.cancel': () => failure({ kind: 'cancelled', message: 'c' }),
      'poll.syncNow': () => failure({ kind: 'network', message: 'down' }),
    });
    await commands.cancelOp('op-1');
    await commands.run('poll.syncNow', 'Sync now', () => commands.syncNow(), { toast: false });
    // syncNow inside run toasts once (its own run); the outer run with toast:false adds none.
    expect(store.getState().toasts.map((t) => t.commandKey)).toEqual(['poll.syncNow']);
  });

  it('keeps a bounded number of toasts and finished commands, never a pending one', async () => {
    const { main, store, commands } = setup({ 'rooms.markRead': () => failure({ kind: 'server', message: 'x' }) });
    for (let i = 0; i < FINISHED_COMMANDS_KEPT + 3; i++)
      await commands.run(`k${i}`, 'x', () => main.bridge.rooms.markRead({ roomId: 'r1' }));
    expect(store.getState().toasts).toHaveLength(TOASTS_KEPT);
    expect(store.getState().toasts.at(-1)?.commandKey).toBe(`k${FINISHED_COMMANDS_KEPT + 2}`);
    main.holdCalls();
    const pending = commands.markRead('r1');
    await Promise.resolve();
    expect(store.getState().commands.size).toBe(FINISHED_COMMANDS_KEPT + 1);
    expect(store.getState().commands.get('rooms.markRead:r1')?.status).toBe('pending');
    main.release();
    await pending;
    expect(store.getState().commands.size).toBe(FINISHED_COMMANDS_KEPT);
  });

  it('remembers opened spaces, most recent first, for the quick switcher', async () => {
    const { store, commands } = setup({ 'rooms.open': () => ({ rooms: [] }) });
    await commands.openRoom('a');
    await commands.openRoom('b');
    await commands.openRoom('a');
    expect(store.getState().ui.recentRoomIds).toEqual(['a', 'b']);
  });

  it('shows a space kept from before at once while main opens it, and goes back when main fails to', async () => {
    const { main, store, commands } = setup({
      'rooms.open': () => failure({ kind: 'network', message: 'down' }),
    });
    const kept = messagesSliceOf({ roomId: 'r1', messages: [message('k1')], loading: false });
    const older = { byId: new Map([['o1', message('o1')]]), ids: ['o1'] };
    store.setState((s) => ({
      rooms: { ...s.rooms, openRoomId: 'quiet' },
      keptHistories: new Map([['r1', { roomId: 'r1', older, hasMore: false, liveFirstId: 'k1', live: kept }]]),
    }));
    const before = store.getState();
    main.holdCalls();
    const opening = commands.openRoom('r1');
    expect(store.getState().rooms.openRoomId).toBe('r1');
    expect(store.getState().messages.ids).toEqual(['k1']);
    expect(store.getState().history.older.ids).toEqual(['o1']);
    expect(main.callsTo('rooms.open')).toEqual([{ roomId: 'r1' }]);
    main.release();
    const result = await opening;
    expect(result.ok).toBe(false);
    expect(store.getState().rooms.openRoomId).toBe('quiet');
    expect(store.getState().messages).toBe(before.messages);
    expect(store.getState().keptHistories).toBe(before.keptHistories);
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('a throwing call still ends as a visible failure', async () => {
    const { store, commands } = setup({});
    const result = await commands.run('x', 'Do it', () => Promise.reject(new Error('boom')));
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal', message: 'boom' } });
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('an older page is in the history the moment its command stops being pending (no second read of it)', async () => {
    const page = [message('o1', { created: '2026-01-03T09:00:00.000Z' })];
    const { main, store, commands } = setup({
      'messages.loadOlder': () => ({ roomId: 'r1', messages: page, hasMore: true }),
    });
    store.setState({ messages: messagesSliceOf({ roomId: 'r1', messages: [message('m1')], loading: false }) });
    // What a component sees at each change: a finished command with its page not yet in the history would let it
    // ask for the same page again.
    const seen: string[] = [];
    store.subscribe((s) => {
      const status = s.commands.get('messages.loadOlder:r1')?.status;
      if (status && status !== 'pending') seen.push(`${status}:${s.history.older.ids.join(',')}`);
    });
    await commands.loadOlder('r1');
    expect(seen[0]).toBe('ok:o1');
    expect(main.callsTo('messages.loadOlder')).toEqual([{ roomId: 'r1', before: 'm1', limit: 100 }]);
  });
});
