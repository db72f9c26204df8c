import { useEffect, useState } from 'react';
import { useBridge } from '../../bridge-context';
import { RUNBOOK_REFRESH_MS } from './useRunbookData';

/** "Outbox: N not sent" in the status bar while anything is queued, unconfirmed or failed. */
export function OutboxCount() {
  const ops = useBridge();
  const [pending, setPending] = useState(0);
  useEffect(() => {
    const read = (): void => {
      void ops.outbox.snapshot().then((r) => {
        if (r.ok) setPending(r.value.data.pending);
      });
    };
    const first = setTimeout(read, 0);
    const timer = setInterval(read, RUNBOOK_REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ops]);
  if (pending === 0) return null;
  return (
    <span className="status-part tone-warn" data-part="outbox">
      Outbox: {pending} not sent
    </span>
  );
}
