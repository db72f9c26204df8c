import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import payloads from '../fixtures/xss/dompurify-payloads.json';
import { AdaptiveCardView, cardInputsOf } from '../../src/renderer/src/features/messages/AdaptiveCardView';
import { Toasts } from '../../src/renderer/src/features/layout/Toasts';
import { failure, fakeBridge, renderWithBridge, seedStore } from './fake-bridge';

/** The demo alert bot's card: a note input and two submit buttons. */
const alertCard = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [
    { type: 'TextBlock', text: 'CRITICAL: payments-db', weight: 'Bolder' },
    { type: 'Input.Text', id: 'note', placeholder: 'Note (optional)' },
  ],
  actions: [
    { type: 'Action.Submit', title: 'Acknowledge', data: { action: 'ack', service: 'payments-db', nested: { x: 1 } } },
    { type: 'Action.Submit', title: 'Silence 1 h', data: { action: 'silence1h', service: 'payments-db' } },
    { type: 'Action.OpenUrl', title: 'Dashboard', url: 'https://grafana.example.com/d/1' },
    { type: 'Action.OpenUrl', title: 'Sneaky', url: 'javascript:alert(1)' },
    {
      type: 'Action.ShowCard',
      title: 'Details',
      card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'replica lag 40 s' }] },
    },
  ],
};

describe('Adaptive Card actions', () => {
  beforeEach(() => seedStore([]));

  it('Action.Submit posts the inputs merged with its data through main, and says it was sent', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'cards.submit': () => ({ actionId: 'a1', messageId: 'm1', created: '2026-01-05T10:00:00.000Z' }),
    });
    renderWithBridge(<AdaptiveCardView card={{ content: alertCard }} messageId="m1" />, main.bridge);
    await user.type(screen.getByRole('textbox', { name: 'Note (optional)' }), 'on it');
    await user.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await expect
      .poll(() => main.callsTo('cards.submit'))
      .toEqual([{ messageId: 'm1', inputs: { action: 'ack', service: 'payments-db', note: 'on it' } }]);
    expect(await screen.findByRole('status')).toHaveTextContent('Acknowledge: sent.');
  });

  it('a refused submit ends as a toast in words and a failed mark on the card', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({
      'cards.submit': () => failure({ kind: 'notFound', message: 'gone', trackingId: 'T-4' }),
    });
    renderWithBridge(
      <>
        <AdaptiveCardView card={{ content: alertCard }} messageId="m1" />
        <Toasts />
      </>,
      main.bridge,
    );
    await user.click(screen.getByRole('button', { name: 'Silence 1 h' }));
    expect(await screen.findByText('Silence 1 h: failed.')).toBeInTheDocument();
    expect(await screen.findByText(/Tracking id: T-4/)).toBeInTheDocument();
    expect(main.callsTo('cards.submit')).toEqual([
      // An empty input is left out by the library.
      { messageId: 'm1', inputs: { action: 'silence1h', service: 'payments-db' } },
    ]);
  });

  it('Action.OpenUrl goes through openExternal for https only; Action.ShowCard expands in place', async () => {
    const user = userEvent.setup();
    const main = fakeBridge({ 'app.openExternal': () => ({ opened: true }) });
    renderWithBridge(<AdaptiveCardView card={{ content: alertCard }} messageId="m1" />, main.bridge);
    await user.click(screen.getByRole('link', { name: 'Dashboard' }));
    await user.click(screen.getByRole('link', { name: 'Sneaky' }));
    expect(main.callsTo('app.openExternal')).toEqual([{ url: 'https://grafana.example.com/d/1' }]);
    expect(screen.queryByText('replica lag 40 s')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.getByText('replica lag 40 s')).toBeVisible();
    expect(main.callsTo('cards.submit')).toEqual([]);
  });

  it('a card shown by Action.ShowCard is sanitised too (it is rendered only when expanded)', async () => {
    const user = userEvent.setup();
    const content = {
      type: 'AdaptiveCard',
      version: '1.3',
      body: [{ type: 'TextBlock', text: 'alert' }],
      actions: [
        {
          type: 'Action.ShowCard',
          title: 'Graph',
          card: {
            type: 'AdaptiveCard',
            body: [{ type: 'Image', url: 'https://tracker.example.com/pixel.png', altText: 'latency graph' }],
          },
        },
      ],
    };
    const { container } = renderWithBridge(<AdaptiveCardView card={{ content }} messageId="m1" />, fakeBridge().bridge);
    await user.click(screen.getByRole('button', { name: 'Graph' }));
    expect(container.querySelector('img')).toBeNull();
    expect(container).toHaveTextContent('[image: latency graph]');
  });

  it('keeps only plain values of a submit and never a __proto__ key', () => {
    const data = JSON.parse('{"a":"x","b":2,"c":true,"d":{"e":1},"f":null,"__proto__":{"polluted":1}}') as unknown;
    expect(cardInputsOf(data)).toEqual({ a: 'x', b: 2, c: true });
    expect(cardInputsOf(undefined)).toEqual({});
  });

  it('an interactive card is sanitised like a read-only one (XSS corpus in text, input placeholders and titles)', () => {
    for (const { payload } of (payloads as { payload: string }[]).slice(0, 60)) {
      const content = {
        type: 'AdaptiveCard',
        version: '1.3',
        body: [
          { type: 'TextBlock', text: payload },
          { type: 'Input.Text', id: 'n', placeholder: payload },
        ],
        actions: [{ type: 'Action.Submit', title: payload }],
      };
      const { container, unmount } = renderWithBridge(
        <AdaptiveCardView card={{ content }} messageId="m1" />,
        fakeBridge().bridge,
      );
      for (const el of container.querySelectorAll('*')) {
        expect(['script', 'iframe', 'img', 'object', 'embed', 'svg', 'a', 'form']).not.toContain(
          el.tagName.toLowerCase(),
        );
        for (const attr of el.attributes) expect(attr.name).not.toMatch(/^on/i);
      }
      unmount();
    }
  });
});
