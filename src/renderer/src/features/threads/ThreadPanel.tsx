import { useMemo } from 'react';
import type { MessageView } from '../../../../shared/contract/channels';
import { useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps } from '../../store/store';
import { compareMessages } from '../../store/order';
import { formatTime } from '../../time';
import { utcTooltip } from '../messages/body';
import { Composer } from '../composer/Composer';
import { AdaptiveCardView } from '../messages/AdaptiveCardView';
import { MessageBody } from '../messages/MessageBody';

function ThreadMessage({ message }: { message: MessageView }) {
  return (
    <li className="message" data-message-id={message.id}>
      <div className="message-main">
        <div className="message-meta">
          <span className="message-author">{message.personDisplayName ?? message.personEmail}</span>
          <time dateTime={message.created} title={utcTooltip(message.created)}>
            {formatTime(message.created)}
          </time>
          {message.updated ? <span className="muted small">(edited)</span> : null}
        </div>
        <MessageBody message={message} />
        {/* With the message's id a card is interactive here as in the list: Action.Submit goes through main. */}
        {message.cards?.map((card, i) => (
          <AdaptiveCardView key={i} card={card} messageId={message.id} />
        ))}
      </div>
    </li>
  );
}

/**
 * The open thread: its parent and replies as read through main (`messages.thread`), joined live by replies that
 * arrive in the open space while the panel is open.
 */
export function ThreadPanel() {
  const commands = useCommands();
  const thread = useOps((s) => s.thread);
  const live = useOps((s) => s.messages);
  const replies = useMemo(() => {
    if (!thread) return [];
    const byId = new Map(thread.replies.byId);
    if (live.roomId === thread.roomId) {
      for (const id of live.ids) {
        const m = live.byId.get(id);
        if (m?.parentId === thread.parentId) byId.set(m.id, m);
      }
    }
    return [...byId.values()].sort(compareMessages);
  }, [thread, live]);
  if (!thread) return null;
  const parent = thread.parent ?? live.byId.get(thread.parentId);
  return (
    <aside className="thread-panel" aria-label="Thread">
      <header className="thread-header">
        <h2 className="panel-title">Thread</h2>
        <button type="button" className="link" onClick={() => commands.closeThread()}>
          Close thread
        </button>
      </header>
      {thread.error ? (
        <div className="banner banner-error" role="alert">
          <strong>{describeError(thread.error).title}.</strong> {describeError(thread.error).detail}
        </div>
      ) : null}
      <ol className="messages thread-messages" aria-label="Thread messages" aria-busy={thread.loading}>
        {parent ? <ThreadMessage message={parent} /> : null}
        <li className="divider">
          {thread.loading ? 'Loading replies…' : replies.length === 1 ? '1 reply' : `${replies.length} replies`}
        </li>
        {replies.map((m) => (
          <ThreadMessage key={m.id} message={m} />
        ))}
      </ol>
      <Composer roomId={thread.roomId} parentId={thread.parentId} />
    </aside>
  );
}
