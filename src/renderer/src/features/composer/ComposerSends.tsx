import type { OutboxItemView } from '../../../../shared/contract/channels';
import { useBridge, useCommands } from '../../bridge-context';
import { readableMentions, stateLabel } from './logic';
import { PaperclipIcon } from './PaperclipIcon';

/** One line of a sent message: mentions by name, at most 80 characters. */
function summaryOf(markdown: string): string {
  const text = readableMentions(markdown);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** "Uploading name — 42 %" while the attached file streams up (transient progress in the outbox slice). */
export function UploadProgress({ upload }: { upload: NonNullable<OutboxItemView['upload']> }) {
  const percent = upload.totalBytes > 0 ? Math.floor((upload.sentBytes / upload.totalBytes) * 100) : 100;
  return (
    <span className="composer-send-upload small" data-percent={percent}>
      Uploading {upload.name} — {percent} %{' '}
      <progress value={upload.sentBytes} max={Math.max(1, upload.totalBytes)} aria-label={`Uploading ${upload.name}`}>
        {percent} %
      </progress>
    </span>
  );
}

/**
 * What the composer sent here, with its state from the outbox: sending / sent / failed / unknown. Failed and
 * unknown items stay until the operator acts (Retry, Discard, or Mark as sent when it cannot be read back); a sent
 * one until dismissed.
 */
export function ComposerSends({
  items,
  onChanged,
  onDismiss,
}: {
  items: readonly OutboxItemView[];
  onChanged(item?: OutboxItemView): void;
  onDismiss(itemId: string): void;
}) {
  const ops = useBridge();
  const commands = useCommands();
  if (items.length === 0) return null;
  const resolve = async (item: OutboxItemView, action: 'resend' | 'markSent' | 'discard', label: string) => {
    const r = await commands.run(`outbox.resolve:${item.id}`, label, () =>
      ops.outbox.resolve({ itemId: item.id, action }),
    );
    onChanged(r.ok ? r.value : undefined);
  };
  return (
    <ul className="composer-sends" aria-label="Sent from the composer">
      {items.map((item) => {
        const s = item.state.type;
        const canResolve = s === 'failed' || s === 'needsOperator';
        return (
          <li key={item.id} className={`composer-send composer-send-${s}`} data-state={s} data-item-id={item.id}>
            <span className="composer-send-text" title={readableMentions(item.markdown)}>
              {item.hasFile ? (
                <>
                  <PaperclipIcon />
                  <span className="visually-hidden">With a file: </span>{' '}
                </>
              ) : null}
              {summaryOf(item.markdown)}
            </span>
            {s === 'sending' && item.upload ? (
              <UploadProgress upload={item.upload} />
            ) : (
              <span className="composer-send-state small" role={canResolve ? 'alert' : undefined}>
                {stateLabel(item)}
              </span>
            )}
            {canResolve ? (
              <span className="composer-send-actions">
                <button type="button" onClick={() => void resolve(item, 'resend', 'Retry the message')}>
                  Retry
                </button>
                {s === 'needsOperator' ? (
                  <button type="button" onClick={() => void resolve(item, 'markSent', 'Mark the message as sent')}>
                    Mark as sent
                  </button>
                ) : null}
                <button type="button" onClick={() => void resolve(item, 'discard', 'Discard the message')}>
                  Discard
                </button>
              </span>
            ) : null}
            {s === 'sent' ? (
              <button
                type="button"
                className="link small"
                aria-label="Dismiss"
                title="Dismiss"
                onClick={() => onDismiss(item.id)}
              >
                ×
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
