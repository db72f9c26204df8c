import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, renderWithBridge, seedStore } from './fake-bridge';

describe('Toasts', () => {
  beforeEach(() => {
    seedStore([]);
    useOps.setState({
      toastSeq: 2,
      toasts: [
        {
          id: 1,
          commandKey: 'rooms.markRead:r1',
          label: 'Mark NOC read',
          error: { kind: 'server', message: '502', trackingId: 'ROUTER_ABC' },
        },
        { id: 2, commandKey: 'poll.syncNow', label: 'Sync now', error: { kind: 'network', message: 'down' } },
      ],
    });
  });

  it('copies the Webex tracking id and dismisses one failure at a time', async () => {
    const user = userEvent.setup();
    renderWithBridge(<Toasts />, fakeBridge().bridge);
    const [first, second] = screen.getAllByRole('alert');
    if (!first || !second) throw new Error('two toasts expected');
    expect(first).toHaveTextContent('Mark NOC read failed: Webex had a server error.');
    // Only a failure with a tracking id offers to copy it.
    expect(within(second).queryByRole('button', { name: 'Copy tracking id' })).toBeNull();
    await user.click(within(first).getByRole('button', { name: 'Copy tracking id' }));
    expect(await navigator.clipboard.readText()).toBe('ROUTER_ABC');
    expect(within(first).getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await user.click(within(second).getByRole('button', { name: 'Dismiss: Sync now failed' }));
    expect(useOps.getState().toasts.map((t) => t.id)).toEqual([1]);
  });
});
