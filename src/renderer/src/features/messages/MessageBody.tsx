import { useLayoutEffect, useRef, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { MessageView } from '../../../../shared/contract/channels';
import { plainTextOf } from './body';

/** Webex mention syntax → a plain bold name, so no raw markup reaches the markdown renderer. */
export function mentionsToText(markdown: string): string {
  return markdown
    .replace(/<@(?:personId|personEmail):[^|>]+\|([^>]+)>/g, (_m, name: string) => `**@${name}**`)
    .replace(/<@(?:personId|personEmail):([^>]+)>/g, (_m, who: string) => `**@${who}**`)
    .replace(/<@all>/g, '**@all**');
}

/**
 * Message content: markdown through react-markdown (raw HTML is never rendered, unsafe URLs are dropped by its
 * default urlTransform), plain text otherwise. Links are intercepted globally and opened by main. Nothing posted is
 * invisible: when the markdown renders to nothing (it was all raw HTML), the plain text is shown instead, marked.
 */
export function MessageBody({ message }: { message: MessageView }) {
  const ref = useRef<HTMLDivElement>(null);
  const [renderedEmpty, setRenderedEmpty] = useState(false);
  const markdown = message.markdown;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const empty = (el.textContent ?? '').trim() === '' && el.querySelector('img, hr, input') === null;
    setRenderedEmpty(empty);
  }, [markdown]);

  if (markdown && !renderedEmpty) {
    return (
      <div className="message-body markdown" ref={ref}>
        <Markdown remarkPlugins={[remarkGfm]} skipHtml>
          {mentionsToText(markdown)}
        </Markdown>
      </div>
    );
  }
  if (markdown && renderedEmpty) {
    return (
      <div className="message-body text" data-fallback="plain">
        <span className="fallback-note muted small">Shown as plain text: its formatting displays nothing.</span>
        <span className="fallback-text">{plainTextOf(message)}</span>
      </div>
    );
  }
  return <div className="message-body text">{message.text ?? ''}</div>;
}
