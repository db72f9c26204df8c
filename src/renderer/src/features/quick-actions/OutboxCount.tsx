import { useOutboxPending } from '../../useOutbox';

/** "Outbox: N not sent" in the status bar while anything is queued, unconfirmed or failed. */
export function OutboxCount() {
  const pending = useOutboxPending();
  if (pending === 0) return null;
  return (
    <span className="status-part tone-warn" data-part="outbox">
      Outbox: {pending} not sent
    </span>
  );
}
