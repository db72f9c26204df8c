import { fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import payloads from '../fixtures/xss/dompurify-payloads.json';
import { AdaptiveCardView, sanitizeCard } from '../../src/renderer/src/features/messages/AdaptiveCardView';
import { fakeBridge, renderWithBridge, seedStore } from './fake-bridge';

const alertCard = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [
    { type: 'TextBlock', text: 'CRITICAL: db-7 primary down', weight: 'Bolder' },
    { type: 'FactSet', facts: [{ title: 'Host', value: 'db-7' }] },
    { type: 'Image', url: 'https://tracker.example.com/pixel.png', altText: 'graph' },
    { type: 'Input.Text', id: 'note', placeholder: 'note' },
  ],
  actions: [{ type: 'Action.Submit', title: 'Acknowledge', data: { ack: true } }],
};

describe('Adaptive Cards (read-only)', () => {
  beforeEach(() => seedStore([]));

  it('shows the text and facts, no remote image, no inputs or actions', () => {
    const { container } = renderWithBridge(<AdaptiveCardView card={{ content: alertCard }} />, fakeBridge().bridge);
    expect(screen.getByText('CRITICAL: db-7 primary down')).toBeInTheDocument();
    expect(screen.getByText('db-7')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('input, textarea, button')).toBeNull();
    expect(screen.queryByText('Acknowledge')).toBeNull();
  });

  it('card text from the XSS corpus stays literal text', () => {
    for (const { payload } of (payloads as { payload: string }[]).slice(0, 80)) {
      const content = { type: 'AdaptiveCard', version: '1.3', body: [{ type: 'TextBlock', text: payload }] };
      const { container, unmount } = renderWithBridge(<AdaptiveCardView card={{ content }} />, fakeBridge().bridge);
      for (const el of container.querySelectorAll('*')) {
        expect(['script', 'iframe', 'img', 'object', 'embed', 'svg', 'a']).not.toContain(el.tagName.toLowerCase());
        for (const attr of el.attributes) expect(attr.name).not.toMatch(/^on/i);
      }
      unmount();
    }
  });

  it('sanitises what a renderer could produce: handlers, scripts, javascript: links, images', () => {
    const root = document.createElement('div');
    root.innerHTML =
      '<a href="javascript:alert(1)" onclick="x()">a</a><a href="https://ok.example">b</a><script>x()</script><img src="https://t.example/p.png" alt="chart">';
    sanitizeCard(root);
    expect(root.innerHTML).toBe('<a>a</a><a href="https://ok.example">b</a>[image: chart]');
  });

  it("a card's select action does nothing: cards are read-only", () => {
    const main = fakeBridge({ 'app.openExternal': () => ({ opened: true }) });
    const content = {
      type: 'AdaptiveCard',
      version: '1.3',
      body: [{ type: 'TextBlock', text: 'runbook' }],
      selectAction: { type: 'Action.OpenUrl', url: 'https://runbooks.example.com' },
    };
    renderWithBridge(<AdaptiveCardView card={{ content }} />, main.bridge);
    fireEvent.click(screen.getByText('runbook'));
    // Read-only: a card's actions do nothing, not even opening its URL behind the operator's back.
    expect(main.callsTo('app.openExternal')).toEqual([]);
  });
});
