import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { MessageView } from '../../../../shared/contract/channels';

/** Webex mention syntax → a plain bold name, so no raw markup reaches the markdown renderer. */
function mentionsToText(markdown: string): string {
  return markdown
    .replace(/<@(?:personId|personEmail):[^|>]+\|([^>]+)>/g, (_m, name: string) => `**@${name}**`)
    .replace(/<@(?:personId|personEmail):([^>]+)>/g, (_m, who: string) => `**@${who}**`)
    .replace(/<@all>/g, '**@all**');
}

/**
 * Message content: markdown through react-markdown (raw HTML is never rendered, unsafe URLs are dropped by its
 * default urlTransform), plain text otherwise. Links are intercepted globally and opened by main.
 */
export function MessageBody({ message }: { message: MessageView }) {
  if (message.markdown) {
    return (
      <div className="message-body markdown">
        <Markdown remarkPlugins={[remarkGfm]} skipHtml>
          {mentionsToText(message.markdown)}
        </Markdown>
      </div>
    );
  }
  return <div className="message-body text">{message.text ?? ''}</div>;
}
