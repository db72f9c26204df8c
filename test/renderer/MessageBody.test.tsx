import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import payloads from '../fixtures/xss/dompurify-payloads.json';
import { MessageBody } from '../../src/renderer/src/features/messages/MessageBody';
import { message } from './fake-bridge';

describe('MessageBody', () => {
  it('renders markdown without raw HTML', () => {
    const { container } = render(
      <MessageBody message={message('m', { markdown: '**bold** <b>raw</b>', text: 'bold raw' })} />,
    );
    expect(container.querySelector('strong')).toHaveTextContent('bold');
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('[data-fallback]')).toBeNull();
  });

  it('shows the plain text, marked, when the markdown renders to nothing', () => {
    const { container } = render(
      <MessageBody message={message('m', { markdown: '<img src=x onerror=alert(1)>', text: '' })} />,
    );
    const fallback = container.querySelector('[data-fallback="plain"]');
    expect(fallback).not.toBeNull();
    expect(screen.getByText(/Shown as plain text/)).toBeInTheDocument();
    expect(fallback).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
  });

  it('no XSS corpus payload is hidden or becomes live markup', () => {
    let hidden = 0;
    for (const { payload } of payloads as { payload: string }[]) {
      const { container, unmount } = render(<MessageBody message={message('m', { markdown: payload, text: '' })} />);
      if ((container.textContent ?? '').trim() === '' && !container.querySelector('img')) hidden += 1;
      for (const el of container.querySelectorAll('*')) {
        expect(['script', 'iframe', 'object', 'embed', 'style', 'form']).not.toContain(el.tagName.toLowerCase());
        for (const attr of el.attributes) expect(attr.name).not.toMatch(/^on/i);
      }
      unmount();
    }
    expect(hidden).toBe(0);
  });
});
