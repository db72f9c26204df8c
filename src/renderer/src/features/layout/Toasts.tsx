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
    <li className="toast" role="alert" data-command={toast.commandKey}>
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
