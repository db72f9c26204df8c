import { useState } from 'react';
import { useCommands } from '../../bridge-context';
import { describeError } from '../../errors/describe';
import { useOps, type Toast } from '../../store/store';

function ToastItem({ toast }: { toast: Toast }) {
  const commands = useCommands();
  const [copied, setCopied] = useState(false);
  const { title, detail } = describeError(toast.error);
  const trackingId = toast.error.trackingId;
  const copy = async (): Promise<void> => {
    if (!trackingId) return;
    try {
      await navigator.clipboard.writeText(trackingId);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    // The alert is inside the list item: an `li` with another role is no list item (axe: list, serious).
    <li className="toast" data-command={toast.commandKey}>
      <div role="alert">
        <div className="toast-text">
          <strong>{toast.label} failed:</strong> {title}. <span className="muted">{detail}</span>
        </div>
        <div className="toast-actions">
          {trackingId ? (
            <button type="button" className="link" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy tracking id'}
            </button>
          ) : null}
          <button
            type="button"
            className="link"
            aria-label={`Dismiss: ${toast.label} failed`}
            onClick={() => commands.dismissToast(toast.id)}
          >
            Dismiss
          </button>
        </div>
      </div>
    </li>
  );
}

/** Failed commands, newest last, until dismissed (src/renderer/src/commands.ts). */
export function Toasts() {
  const toasts = useOps((s) => s.toasts);
  if (toasts.length === 0) return null;
  return (
    <ol className="toasts" aria-label="Failures">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </ol>
  );
}
