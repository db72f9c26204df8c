import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';
import { beforeEach, describe, expect, it } from 'vitest';
import { OwnMessageActions } from '../../src/renderer/src/features/composer/OwnMessageActions';
import { MessagePane } from '../../src/renderer/src/features/messages/MessagePane';
import { failure, fakeBridge, message, renderWithBridge, room, seedStore } from './fake-bridge';

const mine = message('m1', { isMine: true, markdown: 'Failover **started**' });

/** A message's row in the pane: Virtuoso places its rows a few frames after the first render. */
function messageRow(id: string): Promise<HTMLElement> {
  return waitFor(() => {
    const row = document.querySelector(`[data-message-id="${id}"]`);
    if (!row) throw new Error(`message ${id} is not shown yet`);
    return row as HTMLElement;
  });
}

describe('own messages: edit and delete', () => {
  beforeEach(() =>
    seedStore([room('r1', { title: 'NOC' })], [mine, message('m2', { text: 'theirs' })], { openRoomId: 'r1' }),
  );

  it('the pane offers Edit and Delete on own messages only', async () => {
    // Virtuoso measures nothing in happy-dom: the mock context gives it a viewport and a row height.
    renderWithBridge(
      <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 30 }}>
        <MessagePane />
      </VirtuosoMockContext.Provider>,
      fakeBridge().bridge,
    );
    const own = await messageRow('m1');
    const theirs = await messageRow('m2');
    expect(own.querySelector('.own-message-actions')).not.toBeNull();
    expect(theirs.querySelector('.own-message-actions')).toBeNull();
  });

  it('Edit opens the markdown; Enter saves through messages.edit; Shift+Enter is a new line', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({ 'messages.edit': () => ({ messageId: 'm1', roomId: 'r1', markdown: 'x' }) });
    renderWithBridge(<OwnMessageActions message={mine} />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const box = screen.getByRole('textbox', { name: 'Edit the message' });
    expect(box).toHaveValue('Failover **started**');
    await user.type(box, '{Shift>}{Enter}{/Shift}at 05:00');
    expect(fake.callsTo('messages.edit')).toEqual([]);
    await user.type(box, '{Enter}');
    await waitFor(() => expect(screen.queryByRole('textbox')).toBeNull());
    expect(fake.callsTo('messages.edit')).toEqual([{ messageId: 'm1', markdown: 'Failover **started**\nat 05:00' }]);
  });

  it('an empty edit is refused before main; a failed edit keeps the box open with the reason', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({ 'messages.edit': () => failure({ kind: 'forbidden', message: 'Not yours.' }) });
    renderWithBridge(<OwnMessageActions message={mine} />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const box = screen.getByRole('textbox', { name: 'Edit the message' });
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByRole('alert')).toHaveTextContent('cannot be empty');
    expect(fake.callsTo('messages.edit')).toEqual([]);

    fireEvent.change(box, { target: { value: 'fixed' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(fake.callsTo('messages.edit')).toHaveLength(1));
    expect(await screen.findByRole('alert')).not.toHaveTextContent('cannot be empty');
    expect(box).toHaveValue('fixed');
  });

  it('Delete asks first; Keep it does nothing, Delete calls messages.delete', async () => {
    const user = userEvent.setup();
    const fake = fakeBridge({ 'messages.delete': () => ({ deleted: true }) });
    renderWithBridge(<OwnMessageActions message={mine} />, fake.bridge);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('group', { name: 'Delete the message' })).toHaveTextContent('for everyone');
    await user.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(fake.callsTo('messages.delete')).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(fake.callsTo('messages.delete')).toEqual([{ messageId: 'm1' }]));
  });
});
