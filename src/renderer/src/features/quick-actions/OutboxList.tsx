import { useState } from 'react';
import type { ContractError, OutboxItemView } from '../../../../shared/contract/channels';
import { useBridge } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useNow } from '../../useNow';

const REASONS: Record<string, string> = {
  cannotReadBack: 'Sent? Check the space — this identity cannot read it back.',
  expired: 'Not sent in time; send it now?',
  unreadable: 'Sent? Reading the space back kept failing — check the space.',
};

function stateText(item: OutboxItemView): string {
  const s = item.state;
  switch (s.type) {
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending…';
    case 'unknown':
      return 'checking whether it arrived…';
    case 'needsOperator':
      return REASONS[s.reason] ?? 'needs you';
    case 'failed':
      return `failed — ${s.kind}${s.trackingId ? ` (tracking id ${s.trackingId})` : ''}`;
    case 'sent':
      return 'sent';
    case 'discarded':
      return 'discarded';
  }
}

/**
 * Items that are not sent yet (failed and unknown stay until the operator acts), and recent sends with Undo while
 * their 5 minutes last (a local clock: the slice changes only when an item does). Every action's effect arrives
 * as an outbox event.
 */
export function OutboxList({ items }: { items: readonly OutboxItemView[] }) {
  const ops = useBridge();
  const now = useNow(5000);
  const [error, setError] = useState<ContractError>();
  const [confirmUndo, setConfirmUndo] = useState<string>();
  const open = items.filter((i) => i.state.type !== 'sent' && i.state.type !== 'discarded');
  const undoable = items.filter((i) => i.undoUntil !== undefined && Date.parse(i.undoUntil) > now);
  if (open.length === 0 && undoable.length === 0) return null;

  const act = async (call: () => Promise<{ ok: boolean; error?: ContractError }>): Promise<void> => {
    const r = await call();
    setError(r.ok ? undefined : r.error);
  };

  return (
    <section className="outbox" aria-label="Outbox">
      <h3 className="panel-subtitle">Outbox</h3>
      {error && (
        <div className="field-error" role="alert">
          {describeError(error).title}
        </div>
      )}
      <ul>
        {open.map((i) => (
          <li key={i.id} data-state={i.state.type}>
            <div>
              <strong>{i.runbookLabel ?? 'Message'}</strong> → {i.roomTitle}
            </div>
            <div className="small">{stateText(i)}</div>
            {(i.state.type === 'needsOperator' || i.state.type === 'failed') && (
              <div className="runbook-actions">
                <button
                  type="button"
                  onClick={() => void act(() => ops.outbox.resolve({ itemId: i.id, action: 'resend' }))}
                >
                  Resend
                </button>
                <button
                  type="button"
                  onClick={() => void act(() => ops.outbox.resolve({ itemId: i.id, action: 'markSent' }))}
                >
                  Mark as sent
                </button>
                <button
                  type="button"
                  onClick={() => void act(() => ops.outbox.resolve({ itemId: i.id, action: 'discard' }))}
                >
                  Discard
                </button>
              </div>
            )}
          </li>
        ))}
        {undoable.map((i) => (
          <li key={i.id} data-state="sent">
            <div>
              <strong>{i.runbookLabel ?? 'Message'}</strong> → {i.roomTitle}: sent
            </div>
            {confirmUndo === i.id ? (
              <div role="group" aria-label="Undo">
                <p className="small">
                  Undo deletes the message from the space. A notification already delivered to phones cannot be recalled
                  — you may rather post a correction in the thread.
                </p>
                <div className="runbook-actions">
                  <button type="button" autoFocus onClick={() => setConfirmUndo(undefined)}>
                    Keep it
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirmUndo(undefined);
                      void act(() => ops.audit.undo({ itemId: i.id }));
                    }}
                  >
                    Delete the message
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="link" onClick={() => setConfirmUndo(i.id)}>
                Undo
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
