import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ThreadPanel } from '../../src/renderer/src/features/threads/ThreadPanel';
import { useOps } from '../../src/renderer/src/store/store';
import { fakeBridge, message, renderWithBridge, room, seedStore } from './fake-bridge';

/** The alert bot's card: a note and an Acknowledge button. */
const alertCard = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [
    { type: 'TextBlock', text: 'CRITICAL: payments-db', weight: 'Bolder' },
    { type: 'Input.Text', id: 'note', placeholder: 'Note (optional)' },
  ],
  actions: [{ type: 'Action.Submit', title: 'Acknowledge', data: { action: 'ack' } }],
};

const parent = message('p1', { text: 'CRITICAL: payments-db', personDisplayName: 'AlertBot' });
const reply = message('r1', {
  created: '2026-01-05T10:01:00.000Z',
  text: 'follow-up card',
  parentId: 'p1',
  personDisplayName: 'AlertBot',
  cards: [{ content: { ...alertCard, body: [{ type: 'TextBlock', text: 'still failing' }] } }],
});

describe('ThreadPanel', () => {
  beforeEach(() => {
    seedStore([room('r1', { title: 'NOC' })], [], { openRoomId: 'r1' });
    useOps.setState({
      thread: {
        roomId: 'r1',
        parentId: 'p1',
        parent: { ...parent, cards: [{ content: alertCard }] },
        replies: { byId: new Map([[reply.id, reply]]), ids: [reply.id] },
        loading: false,
      },
    });
  });

  it("acts on the cards of the thread's messages: Action.Submit posts through main for that message", async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'cards.submit': (payload) => ({
        actionId: 'a1',
        messageId: (payload as { messageId: string }).messageId,
        created: '2026-01-05T10:02:00.000Z',
      }),
    });
    renderWithBridge(<ThreadPanel />, main.bridge);
    const panel = screen.getByRole('complementary', { name: 'Thread' });
    const [parentCard, replyCard] = panel.querySelectorAll<HTMLElement>('[data-card]');
    if (!parentCard || !replyCard) throw new Error('the thread shows no cards');
    expect(parentCard).toHaveTextContent('CRITICAL: payments-db');
    expect(replyCard).toHaveTextContent('still failing');

    await user.type(within(parentCard).getByRole('textbox', { name: 'Note (optional)' }), 'on it');
    await user.click(within(parentCard).getByRole('button', { name: 'Acknowledge' }));
    await expect
      .poll(() => main.callsTo('cards.submit'))
      .toEqual([{ messageId: 'p1', inputs: { action: 'ack', note: 'on it' } }]);
    expect(await within(parentCard).findByRole('status')).toHaveTextContent('Acknowledge: sent.');

    await user.click(within(replyCard).getByRole('button', { name: 'Acknowledge' }));
    await expect.poll(() => main.callsTo('cards.submit')).toHaveLength(2);
    expect(main.callsTo('cards.submit')[1]).toEqual({ messageId: 'r1', inputs: { action: 'ack' } });
  });
});
